"""The hash-chained run log: append, verify, and detect an edited or deleted entry."""

from __future__ import annotations

import json

import pytest

from audit.pipeline import runlog


def make_log(tmp_path, n=4):
    log = tmp_path / runlog.LOG_NAME
    for i in range(n):
        runlog.append(log, runlog.new_entry(year=2020 + i, status="ok", outputs={"a.html": f"{i:064x}"}))
    return log


def test_entries_chain_to_the_line_before(tmp_path):
    log = make_log(tmp_path)
    entries = runlog.read(log)
    assert [e["year"] for e in entries] == [2020, 2021, 2022, 2023]
    assert entries[0]["prev"] == runlog.GENESIS
    assert all(e["prev"] != runlog.GENESIS for e in entries[1:])
    assert {"time", "user", "command", "entry_sha256"} <= set(entries[0])
    assert runlog.verify(log).ok and runlog.verify(log).entries == 4


def test_an_edited_entry_is_named(tmp_path):
    log = make_log(tmp_path)
    lines = log.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[1])
    entry["status"] = "failed"
    lines[1] = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    verdict = runlog.verify(log)
    assert (verdict.ok, verdict.broken_line) == (False, 2) and "edited" in verdict.reason


def test_an_edit_that_recomputes_the_entry_hash_breaks_the_next_link(tmp_path):
    log = make_log(tmp_path)
    lines = log.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[1])
    entry.pop("entry_sha256")
    entry["status"] = "failed"
    import hashlib

    entry["entry_sha256"] = hashlib.sha256(
        json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    lines[1] = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert runlog.verify(log).broken_line == 3


def test_a_deleted_entry_breaks_the_chain_at_the_next_one(tmp_path):
    log = make_log(tmp_path)
    lines = log.read_text(encoding="utf-8").splitlines()
    del lines[1]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    verdict = runlog.verify(log)
    assert (verdict.ok, verdict.broken_line) == (False, 2) and "deleted" in verdict.reason


def test_garbage_line_and_missing_log(tmp_path):
    log = make_log(tmp_path, 2)
    log.write_text(log.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    assert runlog.verify(log).broken_line == 3
    assert not runlog.verify(tmp_path / "none.jsonl").ok


def test_appending_continues_an_intact_chain(tmp_path):
    log = make_log(tmp_path, 2)
    runlog.append(log, runlog.new_entry(year=2030))
    assert runlog.verify(log).ok and runlog.verify(log).entries == 3


def _append_many(log_path: str, worker: int, count: int) -> None:
    from pathlib import Path

    for i in range(count):
        runlog.append(Path(log_path), runlog.new_entry(year=2000 + worker, status="ok", n=i))


def test_runs_appending_at_once_keep_the_chain_whole(tmp_path):
    """Processes appending to one log together (filelock, on every OS): every entry kept, chain intact."""
    import multiprocessing

    log = tmp_path / runlog.LOG_NAME
    context = multiprocessing.get_context("spawn")  # as on Windows: no fork
    workers = [context.Process(target=_append_many, args=(str(log), w, 25)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    verdict = runlog.verify(log)
    assert verdict.ok and verdict.entries == 100
    assert sorted((e["year"], e["n"]) for e in runlog.read(log)) == [(2000 + w, i) for w in range(4) for i in range(25)]


def test_no_module_needs_what_windows_lacks(tmp_path):
    """fcntl, termios, resource and grp are POSIX-only: every module of the package imports without them."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "for name in ('fcntl', 'termios', 'resource', 'grp'): sys.modules[name] = None\n"
        "import importlib, pkgutil, audit\n"
        "for m in pkgutil.walk_packages(audit.__path__, 'audit.'): importlib.import_module(m.name)\n"
        "from audit.pipeline import runlog\n"
        "from pathlib import Path\n"
        "log = Path(sys.argv[1])\n"
        "runlog.append(log, runlog.new_entry(status='ok'))\n"
        "assert runlog.verify(log).ok\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code, str(tmp_path / runlog.LOG_NAME)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


# ---- what the chain itself catches, byte by byte ----------------------------------------------


def test_a_line_break_made_a_carriage_return_is_an_edit(tmp_path):
    """The log is split at LF only: CR between two entries makes one line that is not an entry."""
    log = make_log(tmp_path, 3)
    data = log.read_bytes()
    log.write_bytes(data.replace(b"\n", b"\r", 1))
    assert runlog.verify(log).broken_line == 1


def test_a_cut_last_line_break_is_named_and_the_next_entry_stays_whole(tmp_path):
    log = make_log(tmp_path, 2)
    log.write_bytes(log.read_bytes()[:-1])
    verdict = runlog.verify(log)
    assert (verdict.ok, verdict.broken_line) == (False, 2) and "cut" in verdict.reason
    assert "截断" in verdict.why("zh")
    runlog.append(log, runlog.new_entry(year=2030))  # the new entry on a line of its own, chained to the cut one
    assert runlog.verify(log).ok and [e.get("year") for e in runlog.read(log)] == [2020, 2021, 2030]


def test_a_line_that_parses_alike_but_is_written_otherwise_is_an_edit(tmp_path):
    """An escape written in capitals parses to the same entry: the line's bytes are checked too (the last line has no next link)."""
    log = tmp_path / runlog.LOG_NAME
    runlog.append(log, runlog.new_entry(year=2020, note="a\x1bb"))
    data = log.read_bytes()
    assert b"\\u001b" in data
    log.write_bytes(data.replace(b"\\u001b", b"\\u001B"))
    assert runlog.read(log)[0]["note"] == "a\x1bb"
    verdict = runlog.verify(log)
    assert verdict.broken_line == 1 and "by hand" in verdict.reason


@pytest.mark.parametrize("line", [b"5", b"[1, 2]", b"\xff\xfe{}", b""])
def test_a_line_that_is_no_entry_is_named_not_a_crash(tmp_path, line):
    log = make_log(tmp_path, 2)
    log.write_bytes(log.read_bytes() + line + b"\n")
    verdict = runlog.verify(log)
    assert verdict.broken_line == 3 and "JSON" in verdict.reason
    assert len(runlog.read(log)) == 2


def test_append_does_not_take_its_own_fields_from_the_caller(tmp_path):
    """prev, entry_sha256, hmac and key_id are the log's: an entry passed with them (a pending one) is sealed anew."""
    log = make_log(tmp_path, 1)
    stale = {"year": 2021, "status": "ok", "prev": "x" * 64, "entry_sha256": "y", "hmac": "z", "key_id": "k"}
    written = runlog.append(log, stale)
    assert "hmac" not in written and "key_id" not in written and written["prev"] != "x" * 64
    assert runlog.verify(log).ok
