"""Recovery of an output folder a run left mid-way: the swap of a year, staging folders, entries written ahead."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from audit.pipeline import publish, runlog
from audit.pipeline.plan import plan_year
from audit.pipeline.recover import Recovered, recover

from conftest import reconsideration_year


def _year_folder(folder: Path, text: str) -> Path:
    """A folder of year 2020 with a manifest and one page whose content is `text`."""
    folder.mkdir(parents=True)
    (folder / "summary.html").write_text(text, encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({"year": 2020, "made": text}), encoding="utf-8")
    return folder


def _pending(out: Path, year: int, manifest_of: Path, **fields: object) -> Path:
    """An entry written ahead for `year`, naming the manifest of `manifest_of` (as publish_year writes it)."""
    from audit.core.provenance import sha256_file

    path = publish.pending_path(out, year)
    entry = runlog.new_entry(status="ok", year=year, **fields)
    publish.write_pending(path, json.loads(json.dumps(entry)), sha256_file(manifest_of / "manifest.json"))
    return path


def test_a_kill_between_the_two_moves_puts_the_previous_report_back(tmp_path):
    aside = tmp_path / ".2020-old-k3j2"
    _year_folder(aside / "2020", "the good report")
    done = recover(tmp_path)
    assert (tmp_path / "2020" / "summary.html").read_text(encoding="utf-8") == "the good report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2020"]
    assert done == [Recovered("restored", f"{tmp_path.as_posix()}/2020")]


def test_a_kill_after_the_second_move_keeps_the_new_report_and_removes_the_old(tmp_path):
    _year_folder(tmp_path / ".2020-old-k3j2" / "2020", "the previous report")
    _year_folder(tmp_path / "2020", "the new report")
    done = recover(tmp_path)
    assert (tmp_path / "2020" / "summary.html").read_text(encoding="utf-8") == "the new report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2020"]
    assert [d.action for d in done] == ["removed_old"]


def test_the_working_folders_of_dead_runs_go_and_nothing_else(tmp_path):
    left = [".2020-staging-a1", ".2021-handoff-b2", ".index-staging-c3", ".rollup-staging-d4", "cs/.2020-staging-e5"]
    for name in left:
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "page.html").write_text("half", encoding="utf-8")
    (tmp_path / ".audit-write-probe-f6").write_bytes(b"")
    kept_folders = [".git", ".notes", "2020", "cs/2020"]  # a dot folder the pipeline does not make stays
    kept_files = ["cs/audit-log.jsonl", "failed/2020/summary.ipynb", "audit-log.jsonl"]
    for name in kept_folders:
        (tmp_path / name).mkdir(parents=True)
    for name in kept_files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    kept = [*kept_folders, *kept_files]
    done = recover(tmp_path)
    assert not any((tmp_path / name).exists() for name in [*left, ".audit-write-probe-f6"])
    assert all((tmp_path / name).exists() for name in kept)
    assert sorted(d.path for d in done) == sorted(
        f"{tmp_path.as_posix()}/{n}" for n in [*left, ".audit-write-probe-f6"]
    )
    assert {d.action for d in done} == {"removed_staging"}
    assert recover(tmp_path) == []  # nothing left to do


def test_an_entry_written_ahead_is_appended_once_its_year_is_published(tmp_path):
    log = tmp_path / runlog.LOG_NAME
    runlog.append(log, runlog.new_entry(status="ok", year=2019))
    folder = _year_folder(tmp_path / "2020", "published, then killed")
    pending = _pending(tmp_path, 2020, folder, outputs={"summary.html": "abc"})
    expected = publish.read_pending(pending)
    assert expected is not None
    done = recover(tmp_path)
    assert done == [Recovered("logged", f"{tmp_path.as_posix()}/{pending.name}")]
    assert not pending.exists()
    entries = runlog.read(log)
    assert len(entries) == 2 and runlog.verify(log).ok
    assert {k: v for k, v in entries[-1].items() if k not in ("prev", "entry_sha256")} == expected[0]
    assert recover(tmp_path) == [] and len(runlog.read(log)) == 2


def test_an_entry_already_in_the_log_is_not_appended_again(tmp_path):
    """Killed after the append, before the file was removed."""
    folder = _year_folder(tmp_path / "2020", "published and logged")
    pending = _pending(tmp_path, 2020, folder)
    entry = publish.read_pending(pending)
    assert entry is not None
    runlog.append(tmp_path / runlog.LOG_NAME, entry[0])
    assert [d.action for d in recover(tmp_path)] == ["dropped_pending"]
    assert len(runlog.read(tmp_path / runlog.LOG_NAME)) == 1 and not pending.exists()


def test_an_entry_of_a_year_not_published_by_it_is_dropped(tmp_path):
    """Killed before the second move: the previous report goes back, and its run's entry is not this one."""
    aside = tmp_path / ".2020-old-x1"
    _year_folder(aside / "2020", "the previous report")
    staging = _year_folder(tmp_path / ".2020-staging-y2", "the new report, never published")
    pending = _pending(tmp_path, 2020, staging)
    actions = [d.action for d in recover(tmp_path)]
    assert actions == ["restored", "removed_staging", "dropped_pending"]
    assert not (tmp_path / runlog.LOG_NAME).exists() and not pending.exists()
    assert (tmp_path / "2020" / "summary.html").read_text(encoding="utf-8") == "the previous report"


def test_an_unreadable_entry_written_ahead_is_dropped(tmp_path):
    _year_folder(tmp_path / "2020", "a report")
    (tmp_path / "audit-log.pending-2020.json").write_text('{"entry": {"yea', encoding="utf-8")  # killed mid-write
    assert [d.action for d in recover(tmp_path)] == ["dropped_pending"]
    assert not (tmp_path / runlog.LOG_NAME).exists()


def test_a_year_published_with_no_entry_and_nothing_written_ahead_is_left_for_log_verify(tmp_path):
    """A log cut short is reported by `audit log verify`; recovery invents no entry for it."""
    log = tmp_path / runlog.LOG_NAME
    runlog.append(log, runlog.new_entry(status="ok", year=2019))
    _year_folder(tmp_path / "2020", "published, its entry cut from the log")
    before = log.read_bytes()
    assert recover(tmp_path) == []
    assert log.read_bytes() == before


def test_each_recovery_is_said_in_both_languages():
    for action in ("restored", "removed_old", "removed_staging", "logged", "dropped_pending"):
        zh, en = (Recovered(action, "out/.2020-old-x").message(language) for language in ("zh", "en"))  # type: ignore[arg-type]
        assert "out/.2020-old-x" in zh and "out/.2020-old-x" in en and zh != en
        assert any("\u4e00" <= c <= "\u9fff" for c in zh) and not any("\u4e00" <= c <= "\u9fff" for c in en)


def _publish(params: Path, out: Path, page: str) -> None:
    """Plan the year (its pages not run: one page written by hand) and publish and log it as a run does."""
    plan = plan_year(params, out)
    try:
        (plan.staging / "summary.html").write_text(page, encoding="utf-8")
        publish.publish_year(plan, params)
        publish.log_year(out, params, "ok", year=plan.year)
    finally:
        plan.discard()


def test_a_published_year_has_its_entry_written_ahead_then_appended(tmp_path, monkeypatch):
    params = reconsideration_year(tmp_path / "params")
    out = tmp_path / "out"
    seen = {}
    real = publish.publish

    def publish_and_look(staging: Path, target: Path) -> None:
        seen["pending"] = publish.read_pending(publish.pending_path(out, 2020))
        real(staging, target)

    monkeypatch.setattr(publish, "publish", publish_and_look)
    _publish(params, out, "first")
    assert seen["pending"] is not None, "the entry was not written before the year was moved into place"
    entry, digest = seen["pending"]
    from audit.core.provenance import sha256_file

    assert digest == sha256_file(out / "2020" / "manifest.json")
    logged = runlog.read(out / runlog.LOG_NAME)
    assert len(logged) == 1 and {k: v for k, v in logged[0].items() if k not in ("prev", "entry_sha256")} == entry
    assert logged[0]["outputs"] == json.loads((out / "2020" / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert sorted(p.name for p in out.iterdir()) == ["2020", "audit-log.jsonl", "audit-log.jsonl.lock"]


def test_a_year_that_cannot_be_moved_into_place_leaves_no_entry_written_ahead(tmp_path, monkeypatch):
    params = reconsideration_year(tmp_path / "params")
    out = tmp_path / "out"

    def refuse(staging: Path, target: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(publish, "publish", refuse)
    plan = plan_year(params, out)
    try:
        with pytest.raises(OSError):
            publish.publish_year(plan, params)
    finally:
        plan.discard()
    assert not publish.pending_path(out, 2020).exists() and not (out / "2020").exists()


KILLED = """
import os, signal, sys
from pathlib import Path
from audit.pipeline import publish
from audit.pipeline.plan import plan_year

params, out, when = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
real = publish._move

def move(source, destination, folder):
    real(source, destination, folder)
    first = destination.parent.name.startswith(".2020-old-")  # the previous report moved aside
    if first == (when == "between"):
        os.kill(os.getpid(), signal.SIGKILL)

plan = plan_year(params, out)
(plan.staging / "summary.html").write_text("second", encoding="utf-8")
publish._move = move
publish.publish_year(plan, params)
publish.log_year(out, params, "ok", year=plan.year)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL: POSIX")
@pytest.mark.parametrize("when", ["between", "after"])
def test_a_process_killed_while_publishing_is_recovered(tmp_path, when):
    """A real SIGKILL between the two moves of publishing (or just after the second): recovery gives one
    published report, the one whose entry ends the log, and an intact chain."""
    params = reconsideration_year(tmp_path / "params")
    out = tmp_path / "out"
    _publish(params, out, "first")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED, str(params), str(out), when], capture_output=True, text=True, timeout=300
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = sorted(p.name for p in out.iterdir())
    assert any(name.startswith(".2020-old-") for name in left) and "audit-log.pending-2020.json" in left
    assert ("2020" in left) == (when == "after")
    done = [d.action for d in recover(out)]
    if when == "between":  # the staging folder and the kernels' hand-off of the killed run go too
        assert done == ["restored", "removed_staging", "removed_staging", "dropped_pending"]
    else:  # the staging folder is the report in place now
        assert done == ["removed_old", "removed_staging", "logged"]
    assert sorted(p.name for p in out.iterdir()) == ["2020", "audit-log.jsonl", "audit-log.jsonl.lock"]
    page = (out / "2020" / "summary.html").read_text(encoding="utf-8")
    assert page == ("first" if when == "between" else "second")
    log = out / runlog.LOG_NAME
    assert runlog.verify(log).ok
    entries = runlog.read(log)
    assert len(entries) == (1 if when == "between" else 2)
    manifest = json.loads((out / "2020" / "manifest.json").read_text(encoding="utf-8"))
    assert entries[-1]["outputs"] == manifest["outputs"]  # the last entry describes the report in place
