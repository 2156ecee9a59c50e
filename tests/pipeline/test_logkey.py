"""The run log keyed with the office's key: every entry's HMAC, a forged line, a wrong or missing key."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.cli import main
from audit.pipeline import logkey, runlog, signoff
from audit.pipeline.logkey import LogKey, LogKeyError

from .helpers import published_year

SECRET = "correct horse battery staple"
KEY = LogKey(SECRET.encode(), "test")
# what a forger would add: a review of a year nobody reviewed (the folder cannot tell it from a true one)
SIGN_OFF = {"kind": "sign", "year": 2020, "role": "复核", "name": "nobody", "manifest": {"sha256": "0" * 64}}


def publish(out: Path, year: int, key: LogKey | None = KEY) -> dict[str, str]:
    """A published year folder and its ``ok`` run entry, keyed with `key` (None: the environment's)."""
    return published_year(out, year, key=key)


def forge(out: Path, entry: dict[str, object]) -> None:
    """Append `entry` as someone without the key would: chained and hashed right, its hmac made up."""
    log = out / runlog.LOG_NAME
    last = log.read_bytes().split(b"\n")[-2]
    looks_keyed = entry.pop("looks_keyed", False)
    line = runlog.seal(entry, hashlib.sha256(last).hexdigest(), None)
    line.pop("entry_sha256")
    line |= {"key_id": json.loads(last)["key_id"], "hmac": "0" * 64} if looks_keyed else {}
    line["entry_sha256"] = hashlib.sha256(runlog._canonical(line)).hexdigest()
    with open(log, "ab") as fh:
        fh.write(runlog._canonical(line) + b"\n")


@pytest.fixture(autouse=True)
def no_key_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gives the key it means to (the machine's own environment plays no part)."""
    monkeypatch.delenv(logkey.KEY_FILE_VARIABLE, raising=False)
    monkeypatch.delenv(logkey.KEY_VARIABLE, raising=False)


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "office" / "audit-log.key"
    path.parent.mkdir()
    path.write_text(SECRET + "\n", encoding="utf-8")  # a trailing line break is no part of the key
    return path


def test_entries_are_keyed_and_the_chain_holds(tmp_path):
    publish(tmp_path / "out", 2020)
    publish(tmp_path / "out", 2021)
    log = tmp_path / "out" / runlog.LOG_NAME
    entries = runlog.read(log)
    assert all(e["key_id"] == KEY.key_id and len(e["hmac"]) == 64 for e in entries)
    assert runlog.verify(log).ok  # the chain checks a keyed log as any other
    report = runlog.verify_folder(tmp_path / "out", KEY)
    assert report.ok and report.findings == ()
    assert SECRET not in log.read_text(encoding="utf-8")


def test_the_key_comes_from_the_environment_file_else_the_variable(tmp_path, key_file, monkeypatch):
    assert logkey.key_from_environment() is None
    monkeypatch.setenv(logkey.KEY_VARIABLE, SECRET)
    from_variable = logkey.key_from_environment()
    assert from_variable is not None and from_variable.key_id == KEY.key_id and from_variable.source == "AUDIT_LOG_KEY"
    monkeypatch.setenv(logkey.KEY_FILE_VARIABLE, str(key_file))
    monkeypatch.setenv(logkey.KEY_VARIABLE, "another key")  # the file comes first
    from_file = logkey.key_from_environment()
    assert from_file is not None and from_file.key_id == KEY.key_id and from_file.source == str(key_file)
    assert SECRET not in repr(from_file)
    runlog.append(tmp_path / runlog.LOG_NAME, runlog.new_entry(status="failed", error="x"))  # append keys by itself
    assert runlog.read(tmp_path / runlog.LOG_NAME)[0]["key_id"] == KEY.key_id


def test_a_key_that_cannot_be_had_writes_nothing(tmp_path, monkeypatch):
    log = tmp_path / runlog.LOG_NAME
    monkeypatch.setenv(logkey.KEY_FILE_VARIABLE, str(tmp_path / "no-such.key"))
    with pytest.raises(LogKeyError) as raised:
        runlog.append(log, runlog.new_entry(status="ok"))
    assert "does not exist" in raised.value.message("en") and "不存在" in raised.value.message("zh")
    assert not log.exists()
    (tmp_path / "empty.key").write_text("\n", encoding="utf-8")
    monkeypatch.setenv(logkey.KEY_FILE_VARIABLE, str(tmp_path / "empty.key"))
    with pytest.raises(LogKeyError, match="is empty"):
        runlog.append(log, runlog.new_entry(status="ok"))
    monkeypatch.setenv(logkey.KEY_FILE_VARIABLE, str(tmp_path))  # a folder: cannot be read as a file
    with pytest.raises(LogKeyError, match="cannot be read"):
        runlog.append(log, runlog.new_entry(status="ok"))
    monkeypatch.delenv(logkey.KEY_FILE_VARIABLE)
    monkeypatch.setenv(logkey.KEY_VARIABLE, "  ")
    with pytest.raises(LogKeyError, match="set but empty"):
        runlog.append(log, runlog.new_entry(status="ok"))
    assert not log.exists()


def test_a_forged_appended_line_shows_with_the_key_and_not_without(tmp_path):
    out = tmp_path / "out"
    publish(out, 2020)
    forge(out, {**SIGN_OFF, "looks_keyed": True})
    assert runlog.verify(out / runlog.LOG_NAME).ok  # chained right
    without = runlog.verify_folder(out)
    assert without.ok and without.codes() == ["keyed_unchecked"]  # not caught, and it says it cannot be
    assert "cannot be checked for forgery" in without.findings[0].en and "无法检查是否有伪造" in without.findings[0].zh
    keyed = runlog.verify_folder(out, KEY)
    assert keyed.codes() == ["forged"] and keyed.findings[0].line == 2 and keyed.status == 1


def test_an_unkeyed_line_after_keyed_ones_shows_even_without_the_key(tmp_path):
    out = tmp_path / "out"
    publish(out, 2020)
    forge(out, {"status": "failed", "year": 2021})
    for key in (None, KEY):
        report = runlog.verify_folder(out, key)
        assert "unkeyed_after_keyed" in report.codes() and report.status == 1


def test_an_entry_edited_and_rehashed_without_the_key_shows(tmp_path):
    """Whoever rewrites an entry and every hash after it, as the chain allows, cannot make its hmac."""
    out = tmp_path / "out"
    publish(out, 2020)
    log = out / runlog.LOG_NAME
    entry = json.loads(log.read_bytes())
    entry["user"] = "someone else"
    entry.pop("entry_sha256")
    entry["entry_sha256"] = hashlib.sha256(runlog._canonical(entry)).hexdigest()
    log.write_bytes(runlog._canonical(entry) + b"\n")
    assert runlog.verify(log).ok and runlog.verify_folder(out).ok
    assert runlog.verify_folder(out, KEY).codes() == ["forged"]


def test_an_unkeyed_log_with_a_key_given_is_an_error(tmp_path):
    """A log written anew without the key (or before it was configured): no entry to check, said so."""
    publish(tmp_path, 2020, key=None)
    report = runlog.verify_folder(tmp_path, KEY)
    assert report.codes() == ["no_keyed_entry"] and report.status == 1


def test_entries_before_the_key_was_configured_are_noted(tmp_path):
    publish(tmp_path, 2020, key=None)
    publish(tmp_path, 2021)
    assert runlog.verify_folder(tmp_path, KEY).codes() == ["before_key"]


def test_a_wrong_key_is_named(tmp_path):
    publish(tmp_path, 2020)
    report = runlog.verify_folder(tmp_path, LogKey(b"another", "test"))
    assert report.codes() == ["wrong_key"] and report.status == 2


def test_an_entry_keyed_with_another_key_among_ours_is_an_error(tmp_path):
    publish(tmp_path, 2020)
    publish(tmp_path, 2021, key=LogKey(b"another", "test"))
    report = runlog.verify_folder(tmp_path, KEY)
    assert report.codes() == ["other_key"] and report.findings[0].line == 2 and report.status == 1


def test_sign_offs_are_keyed_too(tmp_path, key_file, monkeypatch):
    monkeypatch.setenv(logkey.KEY_FILE_VARIABLE, str(key_file))
    publish(tmp_path, 2020, key=None)  # None: the environment's key
    entry = signoff.sign(tmp_path, 2020, "复核", "Zhang")
    assert entry["key_id"] == KEY.key_id and "hmac" in entry
    assert runlog.verify_folder(tmp_path, KEY).ok
    assert [e["key_id"] for e in runlog.read(tmp_path / runlog.LOG_NAME)] == [KEY.key_id] * 2


# ---- through the command -----------------------------------------------------------------------


def test_log_verify_with_a_key_file(tmp_path, key_file, capsys, monkeypatch):
    out = tmp_path / "out"
    publish(out, 2020)
    assert main(["log", "verify", "--out", str(out), "--key-file", str(key_file), "--lang", "en"]) == 0
    assert "run log intact: 1 entry" in capsys.readouterr().out
    assert main(["log", "verify", "--out", str(out), "--lang", "en"]) == 0
    assert "cannot be checked for forgery" in capsys.readouterr().out
    forge(out, {**SIGN_OFF, "looks_keyed": True})
    assert main(["log", "verify", "--out", str(out), "--lang", "en"]) == 0  # without the key: not caught
    assert "cannot be checked for forgery" in capsys.readouterr().out
    assert main(["log", "verify", "--out", str(out), "--key-file", str(key_file)]) == 1
    said = capsys.readouterr()
    assert "第 2 条记录的密钥签名（hmac）不符" in said.err
    assert SECRET not in said.out + said.err


def test_log_verify_takes_the_key_from_the_environment(tmp_path, key_file, capsys, monkeypatch):
    out = tmp_path / "out"
    publish(out, 2020)
    forge(out, {**SIGN_OFF, "looks_keyed": True})
    monkeypatch.setenv(logkey.KEY_VARIABLE, SECRET)
    assert main(["log", "verify", "--out", str(out), "--lang", "en"]) == 1
    monkeypatch.setenv(logkey.KEY_FILE_VARIABLE, str(key_file))
    assert main(["log", "verify", "--out", str(out), "--lang", "en"]) == 1
    said = capsys.readouterr()
    assert said.err.count("entry 2's hmac does not match") == 2 and SECRET not in said.out + said.err


def test_log_verify_with_a_bad_or_wrong_key_exits_2(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    publish(out, 2020)
    missing = tmp_path / "missing.key"
    assert main(["log", "verify", "--out", str(out), "--key-file", str(missing), "--lang", "en"]) == 2
    assert f"the run log's key file {missing} does not exist" in capsys.readouterr().err
    monkeypatch.setenv(logkey.KEY_FILE_VARIABLE, str(missing))
    assert main(["log", "verify", "--out", str(out)]) == 2
    assert "运行日志密钥文件" in capsys.readouterr().err
    monkeypatch.delenv(logkey.KEY_FILE_VARIABLE)
    wrong = tmp_path / "wrong.key"
    wrong.write_text("not the office's key", encoding="utf-8")
    assert main(["log", "verify", "--out", str(out), "--key-file", str(wrong), "--lang", "en"]) == 2
    said = capsys.readouterr()
    assert "is not this log's" in said.err and "not the office's key" not in said.out + said.err


# ---- any edit of a keyed log shows -------------------------------------------------------------


@pytest.fixture
def keyed_folder(tmp_path: Path) -> tuple[Path, bytes]:
    """Three published years, a sign-off between them, all keyed; the folder and its log's bytes."""
    out = tmp_path / "out"
    publish(out, 2020)
    runlog.append(out / runlog.LOG_NAME, runlog.new_entry(kind="sign", year=2020, role="复核", name="张三"), key=KEY)
    publish(out, 2021)
    publish(out, 2022)
    return out, (out / runlog.LOG_NAME).read_bytes()


def _broken(out: Path, data: bytes) -> bool:
    (out / runlog.LOG_NAME).write_bytes(data)
    return not runlog.verify_folder(out, KEY).ok


def test_the_keyed_folder_is_intact(keyed_folder):
    out, data = keyed_folder
    assert not _broken(out, data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_single_byte_edit_shows(keyed_folder, data):
    out, log = keyed_folder
    at = data.draw(st.integers(0, len(log) - 1))
    byte = data.draw(st.integers(0, 255).filter(lambda b: b != log[at]))
    assert _broken(out, log[:at] + bytes([byte]) + log[at + 1 :])


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_deleted_line_shows(keyed_folder, data):
    out, log = keyed_folder
    lines = log.split(b"\n")[:-1]
    gone = data.draw(st.integers(0, len(lines) - 1))
    assert _broken(out, b"".join(line + b"\n" for i, line in enumerate(lines) if i != gone))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_truncation_shows(keyed_folder, data):
    """Cut anywhere: a line cut short, a line break gone, or whole entries of published years gone with the tail."""
    out, log = keyed_folder
    assert _broken(out, log[: data.draw(st.integers(0, len(log) - 1))])


def test_a_keyed_block_keys_what_is_appended_in_it(tmp_path, monkeypatch):
    monkeypatch.setenv(logkey.KEY_FILE_VARIABLE, str(tmp_path / "no-such.key"))  # not read: the block's key comes first
    log = tmp_path / runlog.LOG_NAME
    with runlog.keyed(KEY):
        runlog.append(log, runlog.new_entry(status="ok"))
    assert runlog.read(log)[0]["key_id"] == KEY.key_id
    with runlog.keyed(None), pytest.raises(LogKeyError):  # None: the environment's, as outside a block
        runlog.append(log, runlog.new_entry(status="ok"))


def test_log_verify_keys_the_entry_it_recovers_with_the_key_given(tmp_path, key_file, capsys):
    """A year's entry written ahead and never appended: `log verify --key-file` recovers it keyed, then checks it."""
    from audit.pipeline import publish as publishing

    out = tmp_path / "out"
    publish(out, 2020)
    outputs = publish(out, 2021)
    log = out / runlog.LOG_NAME
    log.write_bytes(b"".join(line + b"\n" for line in log.read_bytes().split(b"\n")[:1]))  # 2021's entry not appended
    entry = runlog.new_entry(status="ok", year=2021, outputs=outputs)
    manifest_sha = hashlib.sha256((out / "2021" / "manifest.json").read_bytes()).hexdigest()
    publishing.write_pending(publishing.pending_path(out, 2021), entry, manifest_sha)
    assert runlog.verify_folder(out, KEY).codes() == ["pending"]
    assert main(["log", "verify", "--out", str(out), "--key-file", str(key_file), "--lang", "en"]) == 0
    assert "run log intact: 2 entries" in capsys.readouterr().out
    assert runlog.read(log)[-1]["year"] == 2021 and runlog.read(log)[-1]["key_id"] == KEY.key_id


@pytest.mark.parametrize("command", ["run", "sign"])
def test_a_bad_key_file_stops_run_and_sign_before_anything_is_written(tmp_path, capsys, monkeypatch, command):
    out = tmp_path / "out"
    publish(out, 2020, key=None)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    monkeypatch.setenv(logkey.KEY_FILE_VARIABLE, str(tmp_path / "no-such.key"))
    if command == "run":
        argv = ["run", "--params", str(Path(__file__).parents[2] / "params" / "2020.yaml"), "--out", str(out)]
    else:
        argv = ["sign", "--year", "2020", "--role", "复核", "--out", str(out)]
    assert main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "no-such.key" in err and "does not exist" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
