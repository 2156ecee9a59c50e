"""The run log against its output folder: a cut tail, an emptied or missing log, a year waiting in the pending file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from audit.cli import main
from audit.pipeline import logkey, runlog
from audit.pipeline import publish as publish_module

from .helpers import published_year


@pytest.fixture(autouse=True)
def no_key_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """These logs are unkeyed, whatever the machine's environment holds."""
    monkeypatch.delenv(logkey.KEY_FILE_VARIABLE, raising=False)
    monkeypatch.delenv(logkey.KEY_VARIABLE, raising=False)


def cut_last_line(out: Path) -> None:
    log = out / runlog.LOG_NAME
    lines = log.read_bytes().split(b"\n")[:-1]
    log.write_bytes(b"".join(line + b"\n" for line in lines[:-1]))


def test_a_log_that_records_every_published_year_passes(tmp_path):
    published_year(tmp_path, 2020)
    published_year(tmp_path, 2021)
    runlog.append(tmp_path / runlog.LOG_NAME, runlog.new_entry(status="failed", year=2022, error="x"))
    report = runlog.verify_folder(tmp_path)
    assert report.ok and report.status == 0 and report.verdict.entries == 3
    assert report.codes() == ["unkeyed"]  # and it says what an unkeyed chain cannot show
    assert "appended by hand" in report.findings[0].en and "手工追加" in report.findings[0].zh


def test_a_cut_tail_is_found_against_the_year_it_published(tmp_path):
    published_year(tmp_path, 2020)
    published_year(tmp_path, 2021)
    cut_last_line(tmp_path)
    assert runlog.verify(tmp_path / runlog.LOG_NAME).ok  # the chain alone cannot tell
    report = runlog.verify_folder(tmp_path)
    assert not report.ok and report.status == 1
    [truncated] = [f for f in report.findings if f.code == "truncated"]
    assert "2021" in truncated.en and "tail was cut" in truncated.en and "末尾被截去" in truncated.zh


def test_a_year_published_again_whose_entry_was_cut_is_found(tmp_path):
    published_year(tmp_path, 2020)
    published_year(tmp_path, 2020, text="again")  # its newest entry records the new outputs
    assert runlog.verify_folder(tmp_path).ok
    cut_last_line(tmp_path)  # the older entry is left, with the outputs of the first publishing
    report = runlog.verify_folder(tmp_path)
    [differ] = [f for f in report.findings if f.code == "outputs_differ"]
    assert differ.line == 1 and "entry 1" in differ.en and report.status == 1


def test_a_sign_off_or_an_index_entry_made_ahead_is_no_run_of_the_year(tmp_path):
    outputs = published_year(tmp_path, 2020, log=False)
    log = tmp_path / runlog.LOG_NAME
    runlog.append(log, {"status": "ok", "year": 2020, "ahead": True, "outputs": outputs})
    runlog.append(log, runlog.new_entry(kind="sign", year=2020, role="复核", status="ok", outputs=outputs))
    assert "truncated" in runlog.verify_folder(tmp_path).codes()


def test_an_empty_log_beside_published_years_is_an_error(tmp_path):
    published_year(tmp_path, 2020)
    published_year(tmp_path, 2021)
    (tmp_path / runlog.LOG_NAME).write_bytes(b"")
    report = runlog.verify_folder(tmp_path)
    assert report.verdict.ok and report.verdict.entries == 0  # an empty chain is unbroken
    assert report.codes() == ["empty_log"] and report.status == 1
    assert "2020, 2021" in report.findings[0].en and "清空" in report.findings[0].zh


def test_a_missing_log_beside_published_years_is_an_error(tmp_path):
    published_year(tmp_path, 2020)
    (tmp_path / runlog.LOG_NAME).unlink()
    report = runlog.verify_folder(tmp_path)
    assert report.codes() == ["missing_log"] and "2020 are published" in report.findings[0].en
    assert runlog.verify_folder(tmp_path / "nothing").codes() == ["missing_log"]


def test_an_empty_log_of_an_empty_folder_is_intact(tmp_path):
    (tmp_path / runlog.LOG_NAME).write_bytes(b"")
    report = runlog.verify_folder(tmp_path)
    assert report.ok and report.findings == ()


def write_ahead(out: Path, year: int, outputs: dict[str, str], manifest_sha256: str | None = None) -> Path:
    """The entry of `year` written ahead of its publishing, as audit.pipeline.publish leaves it."""
    path = publish_module.pending_path(out, year)
    entry = runlog.new_entry(status="ok", year=year, outputs=outputs)
    digest = manifest_sha256 or hashlib.sha256((out / str(year) / "manifest.json").read_bytes()).hexdigest()
    publish_module.write_pending(path, entry, digest)
    return path


def test_a_year_whose_entry_waits_in_the_pending_file_is_noted_not_failed(tmp_path):
    published_year(tmp_path, 2020)
    outputs = published_year(tmp_path, 2021)
    cut_last_line(tmp_path)
    write_ahead(tmp_path, 2021, outputs)
    report = runlog.verify_folder(tmp_path)
    assert report.ok and "pending" in report.codes()
    [pending] = [f for f in report.findings if f.code == "pending"]
    assert pending.level == "warning" and "next audit run will recover it" in pending.en and "补入日志" in pending.zh
    assert "audit-log.pending-2021.json" in pending.en


def test_a_pending_entry_of_another_manifest_does_not_excuse_a_cut_tail(tmp_path):
    published_year(tmp_path, 2020)
    outputs = published_year(tmp_path, 2021)
    cut_last_line(tmp_path)
    path = write_ahead(tmp_path, 2021, outputs, manifest_sha256="0" * 64)  # the recovery would drop it
    codes = runlog.verify_folder(tmp_path).codes()
    assert "pending_other" in codes and "truncated" in codes
    path.write_text("{not json", encoding="utf-8")
    codes = runlog.verify_folder(tmp_path).codes()
    assert "pending_unreadable" in codes and "truncated" in codes


def test_an_unreadable_manifest_is_named(tmp_path):
    published_year(tmp_path, 2020)
    (tmp_path / "2020" / "manifest.json").write_text("{", encoding="utf-8")
    assert "manifest_unreadable" in runlog.verify_folder(tmp_path).codes()


# ---- through the command -----------------------------------------------------------------------


def test_log_verify_names_a_cut_tail_and_exits_1(tmp_path, capsys):
    published_year(tmp_path, 2020)
    published_year(tmp_path, 2021)
    assert main(["log", "verify", "--out", str(tmp_path)]) == 0
    said = capsys.readouterr()
    assert "哈希链未断" in said.out and "说明：" in said.out and "手工追加" in said.out
    cut_last_line(tmp_path)
    assert main(["log", "verify", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "哈希链未断（1 条记录），但发现以下问题" in err and "错误：2021 年度已发布" in err
    assert main(["log", "verify", "--out", str(tmp_path), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "chain unbroken (1 entry), but:" in err and "error: 2021 is published" in err


def test_log_verify_of_an_emptied_log_exits_1(tmp_path, capsys):
    published_year(tmp_path, 2020)
    (tmp_path / runlog.LOG_NAME).write_bytes(b"")
    assert main(["log", "verify", "--out", str(tmp_path), "--lang", "en"]) == 1
    assert "the run log is empty, yet 2020 are published here" in capsys.readouterr().err
    (tmp_path / runlog.LOG_NAME).unlink()
    assert main(["log", "verify", "--out", str(tmp_path), "--lang", "en"]) == 1
    assert "no run log audit-log.jsonl, yet 2020 are published" in capsys.readouterr().err


def test_log_verify_of_a_city_checks_every_jurisdiction(tmp_path, capsys):
    published_year(tmp_path / "A", 2020)
    published_year(tmp_path / "B", 2020)
    (tmp_path / "rollup").mkdir()
    assert runlog.log_folders(tmp_path) == [tmp_path / "A", tmp_path / "B"]
    assert main(["log", "verify", "--out", str(tmp_path), "--lang", "en"]) == 0
    (tmp_path / "B" / runlog.LOG_NAME).write_bytes(b"")
    assert main(["log", "verify", "--out", str(tmp_path), "--lang", "en"]) == 1
    said = capsys.readouterr()
    assert f"{tmp_path / 'A'}:" in said.out and f"{tmp_path / 'B'}:" in said.out
    assert said.err.count("the run log is empty") == 1
