"""End to end: two `audit run --all` on one output folder at once, and a run that starts on a killed run's leftovers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audit.pipeline import fresh, outlock, runlog

from conftest import PARAMS_FILES, ROOT, hashes, run_audit

pytestmark = pytest.mark.e2e

RUN = [sys.executable, "-m", "audit.cli", "run", "--all"]


def _started(command: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, object]:
    """A first run; once it holds the folder, a second that will not wait, and a third that waits for it."""
    out = tmp_path_factory.mktemp("concurrent") / "outputs"
    first = _started([*RUN, "--out", str(out)])
    deadline = time.monotonic() + 120
    while (outlock.holder(out) or {}).get("pid") != first.pid:
        assert first.poll() is None and time.monotonic() < deadline, "the first run never held the folder"
        time.sleep(0.05)
    refused = run_audit("run", "--all", "--out", str(out), "--wait", "0")
    third = _started([*RUN, "--out", str(out), "--wait", "900"])
    first_out, first_err = first.communicate(timeout=900)
    third_out, third_err = third.communicate(timeout=900)
    return {
        "out": out,
        "first": (first.pid, first.returncode, first_out, first_err),
        "refused": refused,
        "third": (third.returncode, third_out, third_err),
    }


def test_a_run_that_will_not_wait_names_the_run_holding_the_folder(runs):
    refused = runs["refused"]
    pid = runs["first"][0]
    assert refused.returncode == 2, refused.stderr
    assert f"pid {pid}" in refused.stderr and "audit run" in refused.stderr and "Traceback" not in refused.stderr


def test_a_run_that_waits_runs_once_the_first_is_over(runs):
    _, status, _, err = runs["first"]
    assert status == 0, err
    third_status, _, third_err = runs["third"]
    assert third_status == 0, third_err
    assert "等待其结束" in third_err and f"pid {runs['first'][0]}" in third_err  # it said it waits, and for whom


def test_every_year_and_the_index_are_one_runs_and_the_log_is_intact(runs):
    """The first run's entries, then (where the waiting run found the years changed: the code it runs is
    the working tree's) the waiting run's, never interleaved; every year as its last entry says, the
    index made after them all."""
    out: Path = runs["out"]  # type: ignore[assignment]
    entries = runlog.read(out / runlog.LOG_NAME)
    assert {e["status"] for e in entries} == {"ok"}
    waited = ["900" in e["command"] for e in entries]
    assert waited == sorted(waited), "the two runs' entries are interleaved"
    assert not any("0" == e["command"][-1] for e in entries), "the run that would not wait logged a year"
    assert sorted(e["year"] for e in entries if e["command"][-1] != "900") == [int(p.stem) for p in PARAMS_FILES]
    last = {e["year"]: e for e in entries}
    assert sorted(last) == [int(p.stem) for p in PARAMS_FILES]
    for year, entry in last.items():
        manifest = json.loads((out / str(year) / "manifest.json").read_text(encoding="utf-8"))
        assert entry["outputs"] == manifest["outputs"]
    assert fresh.index_up_to_date(out)
    verified = run_audit("log", "verify", "--out", str(out))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert not (out / outlock.LOCK_NAME).exists() and not (out / outlock.HOLDER_NAME).exists()


def _strand(out: Path) -> None:
    """What a run killed between the two moves of publishing 2020 leaves, with its working folders."""
    (out / ".2020-old-k1").mkdir()
    (out / "2020").rename(out / ".2020-old-k1" / "2020")
    for name in (".2021-staging-k2", ".2021-handoff-k3", ".index-staging-k4"):
        (out / name).mkdir()
        (out / name / "metrics.json").write_text("{}", encoding="utf-8")


def test_a_command_reading_the_folder_recovers_it_as_it_was(runs, tmp_path):
    out = tmp_path / "outputs"
    shutil.copytree(runs["out"], out)  # type: ignore[arg-type]
    before = hashes(out)
    _strand(out)
    shown = run_audit("log", "show", "--out", str(out), "--lang", "en")
    assert shown.returncode == 0, shown.stderr
    assert f"restored {out.as_posix()}/2020" in shown.stderr and shown.stderr.count("removed") == 3, shown.stderr
    assert hashes(out) == before
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def test_a_run_starts_by_recovering_what_a_killed_run_left(runs, tmp_path):
    out = tmp_path / "outputs"
    shutil.copytree(runs["out"], out)  # type: ignore[arg-type]
    _strand(out)
    result = run_audit("run", "--all", "--out", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert f"restored {out.as_posix()}/2020" in result.stderr
    assert result.stderr.count("removed") == 3, result.stderr
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    verified = run_audit("log", "verify", "--out", str(out))
    assert verified.returncode == 0, verified.stdout + verified.stderr
