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
