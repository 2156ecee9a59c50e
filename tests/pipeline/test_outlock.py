"""The output folder's lock: one command at a time, the second says who holds it; folders that cannot be written."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit import cli
from audit.pipeline import outlock, runlog

from conftest import ROOT

HOLD = """
import sys, time
from pathlib import Path
from audit.pipeline import outlock
with outlock.hold(Path(sys.argv[1]), "audit run --all"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder_process(out: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the lock of `out` for `seconds`, once it has printed "held"."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(out), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    return process


def test_the_holder_says_who_it_is_and_leaves_nothing_behind(tmp_path):
    with outlock.hold(tmp_path, "audit run --all"):
        who = outlock.holder(tmp_path)
        assert who is not None and who["pid"] == os.getpid() and who["command"] == "audit run --all"
        assert {"host", "user", "started"} <= set(who)
        assert sorted(p.name for p in tmp_path.iterdir()) == [outlock.HOLDER_NAME, outlock.LOCK_NAME]
    assert list(tmp_path.iterdir()) == []
    assert outlock.holder(tmp_path) is None


def test_a_second_command_waits_then_names_the_holder(tmp_path):
    holder = _holder_process(tmp_path, 30)
    try:
        told: list[dict | None] = []
        started = time.monotonic()
        with pytest.raises(outlock.OutputLocked) as raised, outlock.hold(tmp_path, "audit sign", 0.5, told.append):
            pass
        assert time.monotonic() - started >= 0.5
        assert told and told[0] is not None and told[0]["pid"] == holder.pid
        for language in ("zh", "en"):
            text = raised.value.message(language)
            assert f"pid {holder.pid}" in text and "audit run --all" in text and str(tmp_path) in text
        assert "正被另一个命令使用" in raised.value.message("zh") and "in use" in raised.value.message("en")
    finally:
        holder.kill()
        holder.wait()


def test_a_second_command_gets_the_lock_once_the_first_is_over(tmp_path):
    holder = _holder_process(tmp_path, 1.0)
    try:
        with outlock.hold(tmp_path, "audit run", wait=60):
            assert outlock.holder(tmp_path)["pid"] == os.getpid()  # type: ignore[index]
        assert holder.wait(timeout=30) == 0
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL: POSIX")
def test_the_lock_of_a_killed_command_is_free_at_once(tmp_path):
    holder = _holder_process(tmp_path, 60)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert outlock.holder(tmp_path)["pid"] == holder.pid  # type: ignore[index]  # its note is left behind
    started = time.monotonic()
    with outlock.hold(tmp_path, "audit run", wait=0):
        assert outlock.holder(tmp_path)["pid"] == os.getpid()  # type: ignore[index]
    assert time.monotonic() - started < 5


@pytest.fixture
def read_only(tmp_path, monkeypatch) -> Iterator[Path]:
    """A folder that cannot be written: a read-only tmpfs where this process may mount one (root), a folder
    without write permission for another user; else (root, no mount) writes into it are refused by a patch
    of tempfile.mkstemp and os.mkdir, as the file system would refuse them."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if sys.platform != "win32" and os.geteuid() == 0:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro", "tmpfs", str(folder)], capture_output=True)
        if mounted.returncode == 0:
            yield folder
            subprocess.run(["umount", str(folder)], check=False)
            return
        real_mkstemp, real_mkdir = tempfile.mkstemp, os.mkdir

        def refused(path: object) -> bool:
            return str(path).startswith(str(folder))

        def mkstemp(*args: object, **kwargs: object):
            if refused(kwargs.get("dir", "")):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS))
            return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]

        def mkdir(path: object, *args: object, **kwargs: object) -> None:
            if refused(path):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
            real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
        monkeypatch.setattr(os, "mkdir", mkdir)
        yield folder
        return
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


@pytest.mark.parametrize("below", [False, True])
def test_an_output_folder_that_cannot_be_written_is_a_clear_error(read_only, below):
    out = read_only / "outputs" if below else read_only
    with pytest.raises(outlock.OutputUnwritable) as raised:
        outlock.check_writable(out)
    assert str(out) in raised.value.message("zh") and "无法写入" in raised.value.message("zh")
    assert str(out) in raised.value.message("en") and "cannot write" in raised.value.message("en")


SAMPLE_2020 = str(ROOT / "params" / "2020.yaml")


def test_run_into_a_read_only_folder_exits_2_before_anything(read_only, capsys):
    status = cli.main(["run", "--params", SAMPLE_2020, "--out", str(read_only / "outputs"), "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 2, err
    assert "cannot write" in err and str(read_only / "outputs") in err and "Traceback" not in err
    assert not (read_only / "outputs").exists()


@pytest.mark.parametrize("name", [runlog.LOG_NAME, f"{runlog.LOG_NAME}.lock"])
def test_run_with_a_run_log_that_cannot_be_appended_to_exits_2_and_publishes_nothing(tmp_path, capsys, name):
    """A log (or its lock) that cannot be opened to append, whoever runs: here a folder in its place."""
    out = tmp_path / "outputs"
    (out / name).mkdir(parents=True)
    status = cli.main(["run", "--params", SAMPLE_2020, "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2, err
    assert "无法写入" in err and str(out / name) in err and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == [name], "something was written"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="chmod does not stop root writing")
def test_run_with_a_read_only_run_log_exits_2(tmp_path, capsys):
    out = tmp_path / "outputs"
    out.mkdir()
    (out / runlog.LOG_NAME).write_text("", encoding="utf-8")
    (out / runlog.LOG_NAME).chmod(0o444)
    assert cli.main(["run", "--params", SAMPLE_2020, "--out", str(out), "--lang", "en"]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert not (out / "2020").exists()


def test_run_on_a_folder_another_command_holds_exits_2_naming_it(tmp_path, capsys):
    out = tmp_path / "outputs"
    holder = _holder_process(out, 30)
    try:
        status = cli.main(["run", "--params", SAMPLE_2020, "--out", str(out), "--wait", "0.2"])
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert status == 2, err
    assert f"pid {holder.pid}" in err and "等待其结束" in err and "Traceback" not in err


def _stranded(out: Path) -> None:
    """A year left between the two moves of publishing by a killed run."""
    kept = out / ".2020-old-abc" / "2020"
    kept.mkdir(parents=True)
    (kept / "manifest.json").write_text(json.dumps({"year": 2020}), encoding="utf-8")


def test_reading_commands_recover_only_a_folder_no_command_holds(tmp_path, capsys):
    out = tmp_path / "outputs"
    _stranded(out)
    runlog.append(out / runlog.LOG_NAME, runlog.new_entry(status="ok", year=2020))
    holder = _holder_process(out, 30)
    try:
        assert cli.main(["log", "show", "--out", str(out)]) == 0
    finally:
        holder.kill()
        holder.wait()
    assert not (out / "2020").exists(), "recovered while a run held the folder"
    capsys.readouterr()
    assert cli.main(["log", "show", "--out", str(out), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert (out / "2020" / "manifest.json").is_file() and "restored" in err and "2020" in err
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_jurisdictions_folder_is_not_recovered_while_its_city_is_held(tmp_path):
    city = tmp_path / "outputs"
    _stranded(city / "cs")
    with outlock.hold(city, "audit run --all"), outlock.attempt(city / "cs", "audit log show") as held:
        assert held is False
    with outlock.attempt(city / "cs", "audit log show") as held:
        assert held is True
    assert sorted(p.name for p in (city / "cs").iterdir()) == [".2020-old-abc"]  # attempt alone changes nothing
    shutil.rmtree(city)


def test_a_lock_file_that_cannot_be_opened_is_a_clear_error(tmp_path):
    (tmp_path / outlock.LOCK_NAME).mkdir()  # whoever runs, a folder cannot be opened as the lock
    with pytest.raises(outlock.OutputUnwritable) as raised, outlock.hold(tmp_path, "audit run", wait=0):
        pass
    assert outlock.LOCK_NAME in raised.value.message("en")


def test_sign_on_a_folder_a_run_holds_exits_2_naming_it(tmp_path, capsys):
    out = tmp_path / "outputs"
    holder = _holder_process(out, 30)
    try:
        status = cli.main(["sign", "--year", "2020", "--role", "编制", "--out", str(out), "--wait", "0.2"])
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert status == 2, err
    assert f"pid {holder.pid}" in err and "audit run --all" in err
    assert not (out / runlog.LOG_NAME).exists(), "signed while a run held the folder"
