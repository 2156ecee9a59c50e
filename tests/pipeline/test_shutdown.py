"""Ctrl-C ends a run in bounded time, whatever its jobs were waiting for; and the kernel socket folders of
runs that were killed are removed by later runs, never those of live ones (issue 25).

What may hang runs in a child process with a generous timeout, so that a regression fails rather than
stalls the suite.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from audit.pipeline import schedule
from audit.pipeline.schedule import OWNER, SOCKETS_PREFIX, sweep_socket_folders

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel fork server is Linux's")


def _child(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`code` in a new Python process of its own group, with Python's own Ctrl-C handling (whatever pytest's is)."""
    launcher = "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); exec(sys.argv[1])"
    return subprocess.Popen(
        [sys.executable, "-c", launcher, textwrap.dedent(code), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
    )


def _alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _gone(pids: list[int], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture
def short_tmp():
    """A temp folder with a short path (an IPC socket path has a length limit)."""
    folder = Path(tempfile.mkdtemp(prefix="audit-test-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


# A job of the second batch waits in `before` for the first batch to end (as a year's summary waits for last
# year's reports), while the first batch's notebook runs a minute; Ctrl-C comes while it waits.
WAITING_RUN = """
import os, signal, sys, threading, time
from pathlib import Path
import nbformat
from audit.pipeline import schedule
from audit.pipeline.schedule import Batch, Job, Runner

folder = Path(sys.argv[2])
forked = []
fork = schedule.ForkServer.fork
def recording_fork(self, *args):
    forked.append(fork(self, *args))
    return forked[-1]
schedule.ForkServer.fork = recording_fork

def notebook(name, code):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}), nbformat.v4.new_code_cell(code)]
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path

over, waiting = threading.Event(), threading.Event()
def before(job):
    waiting.set()
    over.wait()
(folder / "a").mkdir()
(folder / "b").mkdir()
batches = [
    Batch([Job("slow", "slow", "en", {}, folder, notebook("slow", "import time; time.sleep(60)"))], folder / "a",
          ended=lambda error: over.set()),
    Batch([Job("quick", "quick", "en", {}, folder, notebook("quick", "1"))], folder / "b", before=before),
]
def ctrl_c():
    waiting.wait()
    time.sleep(1)  # the slow notebook runs meanwhile
    os.kill(os.getpid(), signal.SIGINT)
threading.Thread(target=ctrl_c, daemon=True).start()
runner = Runner(kernels=2)
print("server", runner.server.process.pid, flush=True)
try:
    with runner:
        runner.run_batches(batches)
except KeyboardInterrupt:
    print("kernels", *forked, flush=True)
    print("interrupted", flush=True)
    os._exit(130)
print("not interrupted", flush=True)
"""


@pytest.mark.e2e
@linux
def test_ctrl_c_while_a_job_waits_for_a_batch_it_stops_ends_the_run(short_tmp):
    """asyncio.run would wait for that thread for ever (its default executor's shutdown has no timeout in
    Python 3.11): the driver in epoll, its kernel server alive. Here the run ends, its kernels and kernel
    server are gone, and so is its socket folder."""
    temp = short_tmp / "tmp"
    temp.mkdir()
    work = short_tmp / "work"
    work.mkdir()
    run = _child(WAITING_RUN, str(work), env={"TMPDIR": str(temp)})
    try:
        out, err = run.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.communicate()
        raise AssertionError("Ctrl-C did not end the run") from None
    assert run.returncode == 130, out + err
    lines = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    pids = [int(pid) for pid in lines["kernels"].split()] + [int(lines["server"])]
    assert len(pids) == 3  # both jobs' kernels, and their server
    assert _gone(pids), "a kernel or the kernel server outlived the run"
    assert not list(temp.glob(f"{SOCKETS_PREFIX}*"))


TASK_IGNORING_CANCEL = """
import asyncio, threading
from audit.pipeline import schedule
schedule.STOP_TIMEOUT = 0.5

async def stubborn():
    while True:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            pass

async def main():
    asyncio.ensure_future(stubborn())  # left running, and deaf to cancellation
    await schedule._in_thread(threading.Event().wait)  # a thread that never returns
"""


def test_ctrl_c_ends_a_loop_whose_leftovers_never_finish():
    """A task left on the loop that ignores cancellation, a thread that never returns: after Ctrl-C the
    loop's clean-up waits STOP_TIMEOUT for them, and the interpreter exits without joining the thread."""
    run = _child(
        TASK_IGNORING_CANCEL
        + """
import os, signal
threading.Timer(1, os.kill, (os.getpid(), signal.SIGINT)).start()
try:
    schedule._run_interruptibly(main())
except KeyboardInterrupt:
    print("interrupted")
"""
    )
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0 and out.strip() == "interrupted", err


def test_the_console_script_exits_130_even_if_a_clean_up_hangs():
    """The last resort: once Ctrl-C has come, the process exits 130 after `exit_deadline` seconds."""
    run = _child(
        """
import threading, time
from audit import cli

def main():
    try:
        print("running", flush=True)
        time.sleep(60)
    finally:
        threading.Event().wait()  # a clean-up that never ends
cli.main = main
cli.entry(exit_deadline=1)
"""
    )
    assert run.stdout is not None
    assert run.stdout.readline().strip() == "running"
    os.killpg(run.pid, signal.SIGINT)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 130
    assert "已中断" in err and "Traceback" not in err


def test_a_ctrl_c_in_the_loop_goes_through_the_console_scripts_handler():
    """While notebooks run the runner takes Ctrl-C over from the console script's handler (which is still told,
    and starts its deadline): the run is cancelled, ends with KeyboardInterrupt, and the exit status is 130."""
    run = _child(
        """
import asyncio, os, signal, threading
from audit import cli
from audit.pipeline import schedule

async def waiting():
    print("handler:", type(signal.getsignal(signal.SIGINT)).__name__, flush=True)
    try:
        await schedule._in_thread(threading.Event().wait)
    except asyncio.CancelledError:
        print("cancelled", flush=True)
        raise

def main():
    threading.Timer(1, os.kill, (os.getpid(), signal.SIGINT)).start()
    schedule._run_interruptibly(waiting())
    return 0

cli.main = main
cli.entry(exit_deadline=60)
"""
    )
    out, err = run.communicate(timeout=120)
    assert run.returncode == 130, err
    assert out.split() == ["handler:", "function", "cancelled"]  # the runner's, not the console script's CtrlC
    assert "已中断" in err and "Traceback" not in err


def _aged(folder: Path, seconds: float) -> Path:
    then = time.time() - seconds
    os.utime(folder, (then, then))
    return folder


def _folder(root: Path, name: str, owner: bool = True, age: float = 3600) -> Path:
    folder = root / f"{SOCKETS_PREFIX}{name}"
    folder.mkdir()
    (folder / "kernel-0.json").write_text("{}", encoding="utf-8")
    if owner:
        (folder / OWNER).write_text("4194304\n", encoding="ascii")  # a pid, whatever became of it
    return _aged(folder, age)


HOLDER = """
import sys, tempfile
from audit.pipeline import schedule
tempfile.tempdir = sys.argv[2]
folder, fd = schedule._socket_folder()
print(folder, flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the lock of a killed process: POSIX here")
def test_socket_folders_of_dead_runs_are_removed_and_live_ones_kept(tmp_path, monkeypatch):
    dead = _folder(tmp_path, "dead")  # its owner file unlocked: its run has ended
    young = _folder(tmp_path, "young", age=5)  # may be one being made by another run this moment
    legacy_old = _folder(tmp_path, "legacy-old", owner=False, age=2 * 24 * 3600)
    legacy = _folder(tmp_path, "legacy", owner=False)
    other = tmp_path / "audit-kernelsX"
    other.mkdir()
    _aged(other, 3600)
    (tmp_path / f"{SOCKETS_PREFIX}file").write_text("not a folder", encoding="utf-8")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    mine, fd = schedule._socket_folder()  # a live run in this process
    _aged(mine, 3600)
    holder = subprocess.Popen(  # a live run in another process, killed below
        [sys.executable, "-c", HOLDER, "x", str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    theirs = Path(holder.stdout.readline().strip())
    _aged(theirs, 3600)
    try:
        assert sorted(sweep_socket_folders(tmp_path)) == sorted([dead, legacy_old])
        assert all(p.exists() for p in (young, legacy, other, mine, theirs, tmp_path / f"{SOCKETS_PREFIX}file"))
        assert (theirs / OWNER).read_text(encoding="ascii").strip() == str(holder.pid)
        holder.kill()  # killed: its folder is left behind, its lock released
        holder.wait(timeout=60)
        _aged(theirs, 3600)
        assert sweep_socket_folders(tmp_path) == [theirs]
        assert mine.exists()
    finally:
        holder.kill()
        holder.wait(timeout=60)
        schedule._remove_socket_folder(mine, fd)
    assert not mine.exists()


@pytest.mark.e2e
@linux
def test_a_runner_removes_its_socket_folder_and_sweeps_dead_ones(tmp_path, monkeypatch, short_tmp):
    import nbformat

    from audit.pipeline.schedule import Job, Runner

    monkeypatch.setattr(tempfile, "tempdir", str(short_tmp))
    dead = _folder(short_tmp, "dead")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1")]
    nbformat.write(nb, tmp_path / "one.ipynb")
    seen: list[list[str]] = []

    def before(job: Job) -> None:  # while the notebook runs: its socket folder, owned
        seen.append([p.name for p in short_tmp.iterdir()])

    with Runner(kernels=1) as runner:
        runner.run([Job("one", "one", "en", {}, tmp_path, tmp_path / "one.ipynb")], tmp_path, before=before)
    assert not dead.exists()
    (folder,) = [name for name in seen[0] if name.startswith(SOCKETS_PREFIX)]
    assert folder != dead.name
    assert list(short_tmp.iterdir()) == []


@linux
def test_kernels_die_with_their_server():
    """A kernel never outlives the fork server, however the server ends (here: killed)."""
    from jupyter_client.connect import write_connection_file

    folder = Path(tempfile.mkdtemp(prefix="audit-test-"))
    server = schedule.ForkServer()
    try:
        connection = folder / "kernel-0.json"
        write_connection_file(str(connection), ip=str(folder / "k"), transport="ipc", key=b"x")
        pid = server.fork(connection, folder)
        assert _alive(pid)
        server.process.kill()
        assert _gone([pid]), "the kernel outlived its server"
    finally:
        server.close()
        shutil.rmtree(folder, ignore_errors=True)


def test_a_socket_folder_a_kernel_was_still_writing_in_is_removed_when_the_runner_closes(tmp_path, monkeypatch):
    """Ctrl-C: the run removes its socket folder while a kernel may still be making its sockets in it, and that
    removal fails (the folder is not empty any more); the runner removes it again once its kernels are dead."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folder, fd = schedule._socket_folder()
    real = shutil.rmtree

    def a_kernel_writes_meanwhile(path, ignore_errors=False):
        (Path(path) / "kernel-0-shell").write_text("", encoding="utf-8")  # no removal: as if it came too late

    monkeypatch.setattr(shutil, "rmtree", a_kernel_writes_meanwhile)
    schedule._remove_socket_folder(folder, fd)
    assert folder.is_dir()
    monkeypatch.setattr(shutil, "rmtree", real)
    runner = schedule.Runner(fork=False)
    runner.close()
    assert not folder.exists()
    assert folder not in schedule._LEFT
