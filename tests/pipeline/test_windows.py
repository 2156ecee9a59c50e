"""Windows, simulated: what a bureau PC does differently, run here.

Windows cannot run on this machine; its paths through the code can. The kernels start as new
processes talking TCP on the loopback address (no fork, no IPC sockets); the run log is locked
without fcntl (see test_runlog); the console is GBK; a year folder with a file open in Excel
cannot be renamed (PermissionError, as Windows raises it); params are written with backslashes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audit.cli import main
from audit.pipeline import publish, runlog, schedule

from conftest import ROOT, hashes

pytestmark = pytest.mark.e2e


def one_register_year(folder: Path, register: str = "reconsideration") -> Path:
    """A 2020 params file in `folder` naming one sample register, written as on Windows (backslashes)."""
    (folder / "data").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / f"data/sample/2020/{register}.csv", folder / "data" / f"{register}.csv")
    (folder / "params").mkdir(exist_ok=True)
    path = folder / "params/2020.yaml"
    path.write_text(f"year: 2020\nregisters:\n  {register}: ..\\data\\{register}.csv\n", encoding="utf-8")
    return path


@pytest.fixture
def windows(monkeypatch):
    """The defaults a Runner takes on Windows: no fork server, kernels over TCP."""
    monkeypatch.setattr(schedule, "PLATFORM", "win32")
    monkeypatch.setattr(publish, "RETRIES", (0.0, 0.0))


def test_on_windows_kernels_are_processes_of_their_own_over_tcp(windows):
    runner = schedule.Runner(kernels=1)
    try:
        assert (runner.fork, runner.transport, runner.server) == (False, "tcp", None)
    finally:
        runner.close()


def test_a_windows_run_publishes_logs_and_indexes_the_same_bytes(windows, tmp_path, capfd):
    """The whole of `audit run` the Windows way: the same pages as on Linux, a run-log entry and the index."""
    params = one_register_year(tmp_path)
    out = tmp_path / "out"
    assert main(["run", "--params", str(params), "--out", str(out), "--lang", "en"]) == 0
    captured = capfd.readouterr()  # the kernels' own stderr too
    assert "Traceback" not in captured.err and "[4/4] index.html" in captured.out
    assert "without encryption" not in captured.err  # each kernel's TCP channels are CurveZMQ-encrypted
    assert runlog.verify(out / runlog.LOG_NAME).ok and runlog.verify(out / runlog.LOG_NAME).entries == 1
    assert (out / "index.html").is_file() and (out / "2020/reconsideration.html").is_file()
    linux = tmp_path / "linux"
    with schedule.Runner(kernels=2, fork=True, transport="ipc") as runner:
        from audit.pipeline.run import build_index, run_year

        run_year(params, linux, runner=runner)
        shutil.copy(out / runlog.LOG_NAME, linux / runlog.LOG_NAME)  # the index shows the review state it logs
        build_index(linux, "zh", runner)
    assert hashes(out) == hashes(linux)


def _held(monkeypatch, name: str, year_folder: Path) -> None:
    """As Windows does while Excel has `name` open: the year folder cannot be renamed, the file not opened to write."""
    real_replace, real_open = os.replace, open

    def replace(source, destination):
        if Path(source) == year_folder:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real_replace(source, destination)

    def opened(path, mode="r", *args, **kwargs):
        if Path(path).name == name and "+" in mode:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(publish.os, "replace", replace)
    monkeypatch.setattr(publish, "open", opened, raising=False)


def test_a_file_held_open_fails_the_year_naming_it_and_keeps_the_report(windows, tmp_path, monkeypatch, capsys):
    params = one_register_year(tmp_path)
    out = tmp_path / "out"
    assert main(["run", "--params", str(params), "--out", str(out)]) == 0
    before = hashes(out / "2020")
    _held(monkeypatch, "reconsideration.html", out / "2020")
    capsys.readouterr()
    assert main(["run", "--params", str(params), "--out", str(out), "--force"]) == 1  # (up to date otherwise)
    err = capsys.readouterr().err
    assert "其中的文件正被其他程序打开（被占用：reconsideration.html）" in err and "原有报告保持不变" in err
    assert hashes(out / "2020") == before
    assert not [p.name for p in out.iterdir() if p.name.startswith(".2020")], "a staging or old folder was left"
    assert [e["status"] for e in runlog.read(out / runlog.LOG_NAME)] == ["ok", "failed"]
    assert main(["run", "--params", str(params), "--out", str(out), "--lang", "en", "--force"]) == 1
    assert "a file in it is open in another program (held: reconsideration.html)" in capsys.readouterr().err


def test_a_file_held_for_a_moment_is_waited_for(tmp_path, monkeypatch):
    """An antivirus scan or a browser lets go within seconds: publishing tries again."""
    monkeypatch.setattr(publish, "RETRIES", (0.0, 0.0, 0.0))
    target, staging = tmp_path / "2020", tmp_path / ".staging"
    target.mkdir()
    (target / "page.html").write_text("old", encoding="utf-8")
    staging.mkdir()
    (staging / "page.html").write_text("new", encoding="utf-8")
    refusals = []
    real_replace = os.replace

    def replace(source, destination):
        if Path(source) == target and len(refusals) < 2:
            refusals.append(source)
            raise PermissionError(13, "in use")
        return real_replace(source, destination)

    monkeypatch.setattr(publish.os, "replace", replace)
    publish.publish(staging, target)
    assert len(refusals) == 2 and (target / "page.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2020"]


def test_when_the_new_report_cannot_move_in_the_old_one_goes_back(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "RETRIES", (0.0,))
    target, staging = tmp_path / "2020", tmp_path / ".staging"
    target.mkdir()
    (target / "page.html").write_text("old", encoding="utf-8")
    staging.mkdir()
    real_replace = os.replace

    def replace(source, destination):
        if Path(source) == staging:
            raise PermissionError(13, "in use")
        return real_replace(source, destination)

    monkeypatch.setattr(publish.os, "replace", replace)
    with pytest.raises(publish.OutputHeld):
        publish.publish(staging, target)
    assert (target / "page.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".staging", "2020"]  # no folder moved aside is left


def test_a_gbk_console_gets_every_line(tmp_path):
    """Output redirected on Chinese Windows is GBK (cp936), which has no ✓: the run prints √ and goes on."""
    params = one_register_year(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    for args in (["check", "--params", str(params)], ["run", "--params", str(params), "--out", str(tmp_path / "o")]):
        done = subprocess.run(
            [sys.executable, "-m", "audit.cli", *args], cwd=tmp_path, capture_output=True, env=env, timeout=300
        )
        out, err = done.stdout.decode("gbk"), done.stderr.decode("gbk")
        assert done.returncode == 0, err
        assert "Traceback" not in err
    assert "√ [1/4] 2020 " in out and "完成" in out


def test_windows_paths_in_params_read_as_written(tmp_path):
    from audit.core.params import load_params

    params = load_params(one_register_year(tmp_path))
    assert params.register_path("reconsideration") == (tmp_path / "data/reconsideration.csv").resolve()
