"""The hand-off of a year to its kernels: registers arrive as they were read, without personal data."""

from __future__ import annotations

import pickle

import pytest

from audit.core import handoff
from audit.core.params import load_params
from audit.registers import load_registers

from conftest import SAMPLE_PARAMS


@pytest.fixture(scope="module")
def registers():
    return load_registers(load_params(SAMPLE_PARAMS))


def test_every_sample_register_arrives_as_read_less_its_personal_data(registers):
    for key, register in registers.items():
        handed = handoff._unpacked(pickle.loads(pickle.dumps(handoff._packed(register))))
        kept = register.data.drop(columns=list(register.schema.private_columns))
        assert handed.data.equals(kept), key
        assert list(handed.data.dtypes) == list(kept.dtypes) and list(handed.data.columns) == list(kept.columns), key
        assert (handed.file, handed.headers, handed.sha256, handed.schema) == (
            register.file,
            register.headers,
            register.sha256,
            register.schema,
        )
        assert handed.text.empty and list(handed.text.columns) == list(register.text.columns)


def test_no_name_of_a_person_is_handed_over(registers):
    """Applicants, reviewers and officers by name stay in the driver: no page could show them."""
    for key, register in registers.items():
        private = register.schema.private_columns
        names = {str(v) for column in private for v in register.data[column].dropna()}
        sent = pickle.dumps(handoff._packed(register))
        assert not private or names, key
        assert not [name for name in names if name.encode("utf-8") in sent], key


def test_repeated_text_is_sent_as_codes_with_blanks_kept(registers):
    register = registers["reconsideration"]
    _, _, columns = handoff._packed(register)
    assert columns["respondent"][0] == "codes" and columns["case_id"][0] == "values"
    assert (
        register.data["matter"].isna().any() == handoff._unpacked(handoff._packed(register)).data["matter"].isna().any()
    )


@pytest.fixture
def handed(tmp_path, registers, monkeypatch):
    """A year handed over in `tmp_path` as `audit run` does, with this process as its kernel."""
    params = load_params(SAMPLE_PARAMS)
    metrics = tmp_path / "metrics.json"
    metrics.write_text('{"year": 2020}\n', encoding="utf-8")
    handoff.write(tmp_path, params, registers, metrics, [])
    monkeypatch.setenv(handoff.ENV, str(tmp_path))
    return tmp_path


def test_a_page_other_than_the_summary_never_reads_last_years_metrics(handed):
    """The summary's file is written while the other pages run: they must not read it."""
    (handed / handoff._PREVIOUS).write_text("", encoding="utf-8")  # as if caught half written
    year = handoff.read(SAMPLE_PARAMS, ["reconsideration"])
    assert year is not None and year.previous is None and year.metrics == {"year": 2020}
    handoff.write_previous(handed, {"year": 2019})
    assert handoff.read(SAMPLE_PARAMS, (), previous=True).previous == {"year": 2019}
    handoff.write_previous(handed, None)
    assert handoff.read(SAMPLE_PARAMS, (), previous=True).previous is None
    assert sorted(p.name for p in handed.iterdir() if "partial" in p.name) == []


def test_last_years_metrics_are_never_seen_half_written(handed):
    """A reader beside the writer sees the old file or the new one, whole."""
    import json
    import threading

    last = {"figures": list(range(20000))}
    handoff.write_previous(handed, last)
    done = threading.Event()

    def keep_writing() -> None:
        while not done.is_set():
            handoff.write_previous(handed, last)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        for _ in range(300):
            assert len(json.loads((handed / handoff._PREVIOUS).read_text(encoding="utf-8"))["figures"]) == 20000
    finally:
        done.set()
        writer.join()
