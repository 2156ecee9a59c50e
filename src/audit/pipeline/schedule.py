"""Executing a year's notebooks in one process: papermill's parameters, nbclient's kernels, one exporter.

The hand-run way (the ``papermill`` CLI, then ``jupyter nbconvert`` for every notebook) pays a
process start, the imports of papermill or nbconvert and a kernel start twice per notebook. Here
one driver process does it all:

- parameters are injected with papermill's own functions (a cell tagged ``injected-parameters``
  after the ``parameters`` cell), so an executed notebook is the one the papermill CLI makes;
- every notebook runs in a kernel of its own, never shared with another notebook. On Linux the
  kernels are forked from :mod:`audit.pipeline.forkserver`, which has imported ipykernel and the report
  libraries once and never runs notebook code; elsewhere each kernel is a new process that
  imports them in a silent execution (no execution count, no output) while it waits. The next
  kernel starts while the current notebooks run; up to `kernels` notebooks run at once, taken
  in order from one queue of batches (a year's reports, the index), each published by its own
  callback as soon as its last page is written; a failed batch does not stop the others;
- kernels talk over IPC sockets in a private folder where the OS has them (no TCP port open to
  other users of the machine); on Windows, which has no ZeroMQ IPC transport, over TCP on the
  loopback address, encrypted with CurveZMQ keys made for each kernel (jupyter_client 8.10+);
- one :class:`audit.pipeline.render.Exporter` renders every page, its template loaded once, in a thread
  while the next notebook runs;
- Ctrl-C cancels the run (KeyboardInterrupt) and every wait that follows is bounded (STOP_TIMEOUT,
  PAGE_TIMEOUT): nothing a job was waiting for (a `before` waiting for a batch that will not end)
  can keep the run from ending, and the kernels die with their server (:meth:`Runner.close`). The
  socket folders of runs killed before they removed theirs are removed by the next run
  (:func:`sweep_socket_folders`).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from audit.core.errors import NotebookFailed
from audit.pipeline.render import Exporter, lean_nbformat

KERNEL = "python3"
START_TIMEOUT = 60
# After Ctrl-C every wait is bounded: the jobs' and kernels' own clean-up (stopping a kernel, its channels), then the
# page being written when Ctrl-C came (with its year's publication, if it was that year's last page); whatever has not
# finished by then is left, and the kernels are killed with their server (Runner.close).
STOP_TIMEOUT = 10
PAGE_TIMEOUT = 30
SERVER_TIMEOUT = 10  # the fork server's exit once its stdin is closed, before it is killed
SOCKETS_TIMEOUT = 2  # seconds to remove a run's socket folder once its kernels' server has exited
SOCKETS_PREFIX = "audit-kernels-"  # a run's private folder for its kernels' sockets, in the temp folder
OWNER = "owner.lock"  # in that folder: locked by the run while it lasts (see sweep_socket_folders)
SWEEP_MIN_AGE = 60  # seconds: a younger folder may be one that another run is making this moment
LEGACY_AGE = 24 * 3600  # a folder without an owner file (an older version's) is left alone until a day old
T = TypeVar("T")
PLATFORM = sys.platform  # what the defaults below are chosen for (a test simulates Windows by changing it)
LOOPBACK = "127.0.0.1"


def default_transport() -> str:
    """ZeroMQ's transport for the kernels: ``ipc`` (a socket file), or ``tcp`` on Windows, which has no ipc."""
    return "tcp" if PLATFORM.startswith("win") else "ipc"


def warm_up() -> str:
    """What a kernel started ahead imports while it waits: every page's imports.

    The page module of every audit in the registry, the summary and the index (pandas through
    the registers, pydantic through the params, matplotlib's Agg canvas, the packaged CJK font),
    and what they import on first use (pandas' reshaping, Pillow's image plugins, loaded when a
    chart is saved).
    """
    from audit.audits import page_modules

    modules = (
        "audit.report.base",
        "audit.report.charts",
        "matplotlib.figure",
        "matplotlib.backends.backend_agg",
        "noto_cjk_sans_otc",
        *page_modules(),
        "audit.report.summary",
        "audit.report.index",
        "pandas.core.reshape.reshape",
        "PIL.Image",
    )
    return f"import {', '.join(modules)}; PIL.Image.preinit()"


@dataclass(frozen=True)
class Job:
    """One notebook to run: its source, name, page title and language, its parameters and working folder.

    `env` is added to its kernel's environment (the hand-off of the year it displays); `pdf`: the
    page is also printed to ``<notebook>.pdf`` beside its HTML (:mod:`audit.documents.pdf`).
    """

    notebook: str
    title: str
    language: str
    parameters: dict[str, Any]
    cwd: Path
    source: Path
    env: Mapping[str, str] = field(default_factory=dict)
    pdf: bool = False


def _nothing(*_: object) -> None:
    return None


@dataclass
class Batch:
    """Jobs whose pages go into one staging folder (a year's reports, the index), and what to call as they go.

    `before(job)` is called just before a job executes and may wait (the summary waits there for
    last year's report) or raise (the batch fails). `done(job, stderr)` once a page is written;
    `finish()` once every page of the batch is written (it publishes; an exception fails the
    batch); `ended(error)` exactly once when the batch is over: error None when it succeeded.
    """

    jobs: list[Job]
    staging: Path
    done: Callable[[Job, list[str]], object] = _nothing
    before: Callable[[Job], None] = _nothing
    finish: Callable[[], None] = _nothing
    ended: Callable[[BaseException | None], None] = _nothing


def parameterize(source: Path, parameters: dict[str, Any]):
    """The notebook `source` as papermill prepares it: tags on every cell, the injected parameters cell."""
    lean_nbformat()
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(source))
    return parameterize_notebook(nb, parameters, kernel_name=KERNEL, language="python")


def clean_notebook(nb: dict) -> list[str]:
    """Make an executed notebook reproducible and report-safe, in place.

    Removes papermill's timings and paths, execution timestamps and random cell ids, and takes
    stderr streams out of the outputs (returned, so the runner can show them on the console
    rather than in a report).
    """
    stderr: list[str] = []
    nb.get("metadata", {}).pop("papermill", None)
    for i, cell in enumerate(nb.get("cells", [])):
        cell["id"] = f"cell-{i:02d}"
        meta = cell.get("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        if cell.get("cell_type") == "code":
            kept = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    stderr.append("".join(out.get("text", "")))
                    continue
                kept.append(out)
            cell["outputs"] = kept
    return stderr


_CLIENT: list[type] = []


def _client_class(base: type) -> type:
    """nbclient's NotebookClient, for a kernel the Runner has started and will stop.

    nbclient's own set-up would register an atexit clean-up and take over SIGINT and SIGTERM
    while a notebook runs (its handler only schedules that clean-up): Ctrl-C would not stop the
    run. Here the kernel is ready and the Runner stops it; Ctrl-C cancels the run.
    """
    if not _CLIENT:
        from contextlib import asynccontextmanager

        class RunnerClient(base):  # type: ignore[misc, valid-type]
            @asynccontextmanager
            async def async_setup_kernel(self, **kwargs: Any):
                yield

        _CLIENT.append(RunnerClient)
    return _CLIENT[0]


async def _stop_started(future: asyncio.Future) -> None:
    """Stop a kernel started ahead for a job that will not run (one that failed to start has nothing to stop)."""
    try:
        await (await future).stop()
    except Exception:
        pass


def _in_thread(fn: Callable[..., T], *args: Any, undo: Callable[[T], object] | None = None) -> asyncio.Future[T]:
    """`fn(*args)` in a daemon thread of its own, as a future of the running loop.

    Unlike ``run_in_executor`` nothing ever waits for the thread: a call that does not return (a job's
    `before` waiting for a batch that Ctrl-C stopped) holds up neither the end of the run nor the
    interpreter's exit. A result that arrives once the future is cancelled is handed to `undo` (a
    kernel forked for a run that has stopped is killed).
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(ok: bool, value: Any) -> None:
        if future.cancelled():
            if ok and undo is not None:
                undo(value)
        elif ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    def call() -> None:
        value: Any
        try:
            value, ok = fn(*args), True
        except BaseException as exc:  # noqa: BLE001 - handed to the task waiting for it
            value, ok = exc, False
        try:
            loop.call_soon_threadsafe(deliver, ok, value)
        except RuntimeError:  # the loop has closed: nobody waits for it any more
            if ok and undo is not None:
                undo(value)

    threading.Thread(target=call, name=f"audit-{getattr(fn, '__name__', 'call')}", daemon=True).start()
    return future


def _run_interruptibly(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(main)``, with Ctrl-C cancelling `main` and a clean-up that cannot hang.

    As asyncio.run, the first Ctrl-C cancels `main` (which stops what it started) and the run raises
    KeyboardInterrupt; a second one raises KeyboardInterrupt at once. Unlike asyncio.run (Python 3.11),
    what is left afterwards is given STOP_TIMEOUT seconds, not forever: tasks still running are
    cancelled and waited for that long, and the loop's default executor is not waited for.

    Ctrl-C is taken over where Python's own handler is installed, or one marked with an
    ``on_interrupt`` attribute (the console script's, which sets a deadline for the exit: that is
    called at every Ctrl-C, then this one acts).
    """
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    task = loop.create_task(main)
    interrupts = 0
    previous = signal.getsignal(signal.SIGINT)
    notice = getattr(previous, "on_interrupt", None)

    def on_sigint(signum: int, frame: Any) -> None:
        nonlocal interrupts
        interrupts += 1
        if callable(notice):
            notice()
        if interrupts == 1 and not task.done():
            task.cancel()
            loop.call_soon_threadsafe(lambda: None)  # wake the loop if it waits in select()
            return
        raise KeyboardInterrupt

    handled = threading.current_thread() is threading.main_thread() and (
        previous is signal.default_int_handler or callable(notice)
    )
    if handled:
        signal.signal(signal.SIGINT, on_sigint)
    try:
        try:
            return loop.run_until_complete(task)
        except asyncio.CancelledError:
            if interrupts:
                raise KeyboardInterrupt from None
            raise
        finally:
            if handled and signal.getsignal(signal.SIGINT) is on_sigint:
                signal.signal(signal.SIGINT, previous)
            _settle(loop)
    finally:
        asyncio.set_event_loop(None)
        loop.close()  # shuts the default executor down without waiting for it


def _settle(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel the tasks left on `loop` and give them STOP_TIMEOUT seconds to finish; close its async generators."""
    left = asyncio.all_tasks(loop)
    for task in left:
        task.cancel()
    if left:
        loop.run_until_complete(asyncio.wait(left, timeout=STOP_TIMEOUT))
    for task in left:
        if task.done() and not task.cancelled():
            task.exception()  # retrieved: no "exception was never retrieved" on the console
    loop.run_until_complete(asyncio.wait([loop.create_task(loop.shutdown_asyncgens())], timeout=STOP_TIMEOUT))


def _try_lock(fd: int) -> bool:
    """Take an exclusive lock on the open file `fd` without waiting; False where another process holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _socket_folder() -> tuple[Path, int | None]:
    """A new private folder for the kernels' sockets, and the open file by which this process owns it.

    The file (OWNER, the process id in it) stays locked while the folder is in use; the OS releases
    the lock when the process ends, however it ends (:func:`sweep_socket_folders`).
    """
    folder = Path(tempfile.mkdtemp(prefix=SOCKETS_PREFIX))
    fd: int | None = None
    try:
        fd = os.open(folder / OWNER, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        pass
    else:
        _try_lock(fd)  # a new file in a new folder: nobody else has it
        os.write(fd, f"{os.getpid()}\n".encode())
    _LEFT[folder] = fd
    return folder, fd


# The socket folders this process made and has not removed yet, with their owner files: one whose kernel was still
# writing its sockets when the run removed it (Ctrl-C) is removed again once the kernels are dead (Runner.close).
_LEFT: dict[Path, int | None] = {}


def _remove_socket_folder(folder: Path, fd: int | None) -> None:
    if fd is not None and _LEFT.get(folder) == fd:
        _LEFT[folder] = None
        os.close(fd)  # first: Windows removes no open file
    shutil.rmtree(folder, ignore_errors=True)
    if not folder.exists():
        _LEFT.pop(folder, None)


def remove_socket_folders(wait: float = SOCKETS_TIMEOUT) -> None:
    """Remove every socket folder this process made and has not removed yet, trying for up to `wait` seconds.

    Called once the kernels' server has exited: its kernels die with it (a moment later), and a
    kernel that was still binding its sockets when the run ended may add one until it is dead.
    """
    deadline = time.monotonic() + wait
    while True:
        for folder, fd in list(_LEFT.items()):
            _remove_socket_folder(folder, fd)
        if not _LEFT or time.monotonic() >= deadline:
            return
        time.sleep(0.05)


def sweep_socket_folders(root: Path | None = None) -> list[Path]:
    """Remove the kernel socket folders that belong to no live process (runs killed before removing theirs).

    A run holds a lock on the OWNER file of its folder while it lasts, and the OS releases the lock
    when the process ends: a folder whose lock can be taken is nobody's, whatever became of the
    process id written in it (reused or not), and one whose lock cannot is a live run's and is left
    alone. Only this user's folders are looked at; one younger than SWEEP_MIN_AGE may be one being
    made by another run and is left too, as is, until it is LEGACY_AGE old, one without an owner
    file (made by an earlier version). Returns the folders removed.
    """
    removed: list[Path] = []
    uid = os.getuid() if hasattr(os, "getuid") else None
    now = time.time()
    try:
        entries = [e for e in os.scandir(root or tempfile.gettempdir()) if e.name.startswith(SOCKETS_PREFIX)]
    except OSError:
        return removed
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or (uid is not None and info.st_uid != uid):
            continue
        if now - info.st_mtime < SWEEP_MIN_AGE:
            continue
        folder = Path(entry.path)
        try:
            fd: int | None = os.open(folder / OWNER, os.O_RDWR)
        except FileNotFoundError:
            if now - info.st_mtime < LEGACY_AGE:
                continue
            fd = None
        except OSError:
            continue
        if fd is not None and not _try_lock(fd):
            os.close(fd)  # its run is alive
            continue
        _remove_socket_folder(folder, fd)
        if not folder.exists():
            removed.append(folder)
    return removed


def _failure(notebook: str, nb, error: Exception) -> NotebookFailed:
    """The failure of `notebook` (executed as far as it went: `nb`), with the executed notebook on it."""
    failed: NotebookFailed | None = None
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error" and failed is None:
                failed = NotebookFailed(notebook, index, out.ename, out.evalue, out.get("traceback"))
    if failed is None:
        failed = NotebookFailed(notebook, None, type(error).__name__, str(error))
    failed.executed = nb
    return failed


RECONNECT_MS = 10


def _retry_soon(kc) -> None:
    """Have the client's sockets retry a refused connection after 10 ms rather than zmq's default 100 ms.

    The client connects while the new kernel is still starting, before it listens: with the default,
    a kernel would be ready up to 0.1 s after it could be. Sockets made by the client's context
    afterwards inherit this.
    """
    import zmq

    kc.context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)


@dataclass
class Kernel:
    """A started kernel: what nbclient needs (a manager that has a kernel, a ready client) and how to stop it."""

    km: Any
    kc: Any
    stop: Callable[[], Awaitable[None]]


class _ForkedKernelManager:
    """Stands in for a KernelManager in nbclient: the kernel is started (and stopped) by the Runner."""

    has_kernel = True


def _forked_client(pid: int):
    """A kernel client that knows its kernel is alive by its process, not by heartbeats.

    Heartbeats are late on a busy machine, and a client without a kernel manager takes a late
    heartbeat for a dead kernel.
    """
    from jupyter_client.asynchronous import AsyncKernelClient

    class ForkedKernelClient(AsyncKernelClient):
        async def _async_is_alive(self) -> bool:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return False
            return True

        is_alive = _async_is_alive  # the base class binds is_alive to its own check

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            """As jupyter_client's, without its last step: waiting for 0.2 s of silence on IOPub.

            That step drops the kernel's status messages about kernel_info. nbclient reads only
            the messages about the cell it runs, so they do no harm; the wait would delay every
            kernel, and the first notebook of a run waits for its kernel.
            """
            from queue import Empty

            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:
                self.kernel_info()
                try:
                    reply = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    reply = None
                if reply is not None and reply["msg_type"] == "kernel_info_reply":
                    try:  # IOPub is connected once a message (the kernel's status) arrives on it
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(reply)
                        return
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    return ForkedKernelClient()


class ForkServer:
    """The driver's end of :mod:`audit.pipeline.forkserver`: started at once, so its imports overlap the driver's work.

    Kernels are requested from threads (two may start at once); a lock keeps each request with
    its reply.
    """

    def __init__(self) -> None:
        import threading

        self.lock = threading.Lock()
        self.forked = False  # whether a kernel was asked for
        read, write = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "audit.pipeline.forkserver", str(write)],
            stdin=subprocess.PIPE,
            pass_fds=(write,),
            text=True,
        )
        os.close(write)
        self.replies = os.fdopen(read, encoding="utf-8")

    def fork(self, connection_file: Path, cwd: Path, env: Mapping[str, str] | None = None) -> int:
        """A new kernel's pid (blocks until the server has its imports done); `env` is added to its environment."""
        assert self.process.stdin is not None
        request = {"connection_file": str(connection_file), "cwd": str(cwd), "env": dict(env or {})}
        with self.lock:
            self.forked = True
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            line = self.replies.readline()
        if not line:
            raise RuntimeError(f"the kernel fork server exited (status {self.process.wait()})")
        return int(line)

    def close(self) -> None:
        """Stop the server; its kernels die with it (:func:`audit.pipeline.forkserver.serve`).

        A server never asked for a kernel (every year invalid, say) is killed: it may still be
        importing, and would read its closed stdin only when done. One that has not exited
        SERVER_TIMEOUT seconds after its stdin is closed is killed. Every wait here is bounded,
        even where a thread is still waiting for the server's reply (a run stopped by Ctrl-C).
        """
        if not self.forked:
            self.process.kill()
        if self.process.stdin is not None:
            try:
                self.process.stdin.close()
            except (OSError, ValueError):  # the server has gone already (killed, say): nothing to tell it
                pass
        try:
            self.process.wait(timeout=SERVER_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            try:
                self.process.wait(timeout=SERVER_TIMEOUT)
            except subprocess.TimeoutExpired:
                return  # not even killed (a stopped machine?): nothing more to wait for
        # The server has exited and closed its end of the pipe: a thread reading a reply gets end of file
        self.replies.close()

    def kill(self, pid: int) -> None:
        """Kill kernel `pid`, forked by this server (if it is still running)."""
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Runner:
    """Runs jobs, `kernels` at a time (default: one per core), each in a fresh kernel started ahead.

    On Linux kernels are forked from :mod:`audit.pipeline.forkserver`, which has imported the kernel and
    the report libraries once; elsewhere each kernel is a new process that imports them itself
    (a silent warm-up execution) while it waits. `transport`: :func:`default_transport`. Use as a
    context manager, or call close().
    """

    def __init__(self, kernels: int | None = None, fork: bool | None = None, transport: str | None = None) -> None:
        self.kernels = max(1, kernels or os.cpu_count() or 1)
        self.exporter = Exporter()
        self.fork = PLATFORM.startswith("linux") if fork is None else fork
        self.transport = transport or default_transport()
        self.server = ForkServer() if self.fork else None
        self.swept = False  # whether the socket folders of dead runs were removed (sweep_socket_folders)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the fork server, if this runner started one; then remove what its kernels left of their sockets."""
        if self.server is not None:
            self.server.close()
        self.server = None
        remove_socket_folders()

    def run(
        self,
        jobs: list[Job],
        staging: Path,
        done: Callable[[Job, list[str]], object] = _nothing,
        before: Callable[[Job], None] = _nothing,
    ) -> None:
        """Execute every job into `staging` (<notebook>.ipynb, cleaned, and <notebook>.html).

        `before(job)` is called just before a job executes; `done(job, stderr)` once its page
        is written. Raises NotebookFailed (or the error that stopped a job).
        """
        errors = self.run_batches([Batch(jobs, staging, done, before)])
        if errors[0] is not None:
            raise errors[0]

    def run_batches(self, batches: list[Batch]) -> list[BaseException | None]:
        """Execute the jobs of every batch, in order, `kernels` at a time; each batch's error (None: it succeeded).

        A failed job fails its batch: the batch's jobs not yet started are skipped, and the
        other batches go on. The kernel of the next job starts while the current ones run, so
        the first notebook of a batch does not wait for a kernel either.
        """
        if not any(batch.jobs for batch in batches):
            return [None] * len(batches)
        return _run_interruptibly(self._run(batches))

    async def _start(self, job: Job, sockets: Path, number: int) -> Kernel:
        if self.server is not None:
            return await self._start_forked(job, sockets, number)
        from jupyter_client.manager import AsyncKernelManager

        km = AsyncKernelManager(kernel_name=KERNEL, transport=self.transport, ip=self._address(sockets, number))
        if self.transport == "tcp" and km.has_trait("transport_encryption"):
            # jupyter_client 8.10+: CurveZMQ keys for this kernel alone, so nothing on the loopback
            # is readable by another user of the machine (and the kernel does not warn that it is)
            km.transport_encryption = "required"

        async def shutdown() -> None:
            try:
                await asyncio.wait_for(km.shutdown_kernel(now=True), STOP_TIMEOUT)
            except Exception:  # not stopped in time (or not quite started): killed
                process = getattr(getattr(km, "provisioner", None), "process", None)
                if process is not None:
                    process.kill()

        try:
            await km.start_kernel(
                cwd=str(job.cwd), env={**os.environ, **job.env}, extra_arguments=["--HistoryManager.hist_file=:memory:"]
            )
        except BaseException:  # cancelled while starting (Ctrl-C): what was started is stopped
            if km.has_kernel:
                await shutdown()
            raise
        kc = km.client()
        _retry_soon(kc)
        kc.start_channels()
        kc.execute(warm_up(), silent=True, store_history=False)  # queued; runs as soon as the kernel is up

        async def stop() -> None:
            kc.stop_channels()
            await shutdown()

        return await self._ready(Kernel(km, kc, stop))

    async def _start_forked(self, job: Job, sockets: Path, number: int) -> Kernel:
        from jupyter_client.connect import write_connection_file

        assert self.server is not None
        connection_file = sockets / f"kernel-{number}.json"
        write_connection_file(
            str(connection_file),
            ip=self._address(sockets, number),
            transport=self.transport,
            key=uuid.uuid4().hex.encode(),
        )
        server = self.server
        # in a thread of its own (the server may still be importing): a kernel forked once the run has stopped is killed
        pid = await _in_thread(server.fork, connection_file, job.cwd, job.env, undo=server.kill)
        kc = _forked_client(pid)
        kc.load_connection_file(str(connection_file))
        _retry_soon(kc)
        kc.start_channels(hb=False)

        async def stop() -> None:
            try:
                kc.stop_channels()
            finally:
                server.kill(pid)

        return await self._ready(Kernel(_ForkedKernelManager(), kc, stop))

    def _address(self, sockets: Path, number: int) -> str:
        """Where kernel `number` listens: a socket-file prefix in the private folder, or the loopback address."""
        return LOOPBACK if self.transport == "tcp" else str(sockets / f"kernel-{number}")

    @staticmethod
    async def _ready(kernel: Kernel) -> Kernel:
        try:
            await kernel.kc.wait_for_ready(timeout=START_TIMEOUT)
        except BaseException:
            await kernel.stop()
            raise
        return kernel

    async def _run(self, batches: list[Batch]) -> list[BaseException | None]:
        lean_nbformat()
        import nbformat

        work = [(b, job) for b, batch in enumerate(batches) for job in batch.jobs]
        errors: list[BaseException | None] = [None] * len(batches)
        # pages not yet written, per batch; -1 once the batch has ended. Changed in the pages thread only.
        waiting = [len(batch.jobs) for batch in batches]
        if not self.swept:  # once a runner: the folders of runs killed before they could remove theirs
            self.swept = True
            try:
                sweep_socket_folders()
            except Exception:  # noqa: S110 - tidying up after others must never stop a run
                pass
        sockets, owner = _socket_folder()
        loop = asyncio.get_running_loop()
        pages = ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit-html")
        prepared: list[object] = []
        kernels: dict[int, asyncio.Future] = {}  # started, not yet taken by their job
        started: set[int] = set()
        writes: list[asyncio.Future] = []
        slots = asyncio.Semaphore(self.kernels)  # waiters are served in order: jobs start in list order
        stopping: list[bool] = []  # non-empty once the run is over: pages queued by then are not written

        def end(b: int, error: BaseException | None) -> None:
            if waiting[b] >= 0:
                waiting[b] = -1
                errors[b] = error
                batches[b].ended(error)

        def write(b: int, nb, job: Job) -> None:
            batch = batches[b]
            if waiting[b] < 0 or stopping:
                return
            try:
                self._write(nb, job, batch.staging, batch.done, nbformat)
                waiting[b] -= 1
                if waiting[b] == 0:
                    batch.finish()
                    end(b, None)
            except Exception as exc:
                end(b, exc)

        def start(number: int) -> None:
            while number < len(work) and waiting[work[number][0]] < 0:
                number += 1  # a job of a batch that has failed: never started
            if number < len(work) and number not in started:
                started.add(number)
                kernels[number] = asyncio.ensure_future(self._start(work[number][1], sockets, number))

        async def run(number: int, b: int, job: Job) -> None:
            async with slots:
                if waiting[b] < 0:  # its batch has failed
                    if number in kernels:
                        await _stop_started(kernels.pop(number))
                    return
                start(number)
                try:
                    # before the kernel is ready: the first job's papermill and nbclient imports overlap its start
                    nb = parameterize(job.source, job.parameters)
                    kernel = await kernels.pop(number)
                    # the next jobs' kernels start while this one runs; not sooner, when they would slow its start
                    for ahead in range(1, self.kernels + 1):
                        start(number + ahead)
                    if not prepared:  # nbconvert's imports and template while the first notebook runs, not before:
                        # until then this thread starts the kernels, and they would wait for it
                        prepared.append(pages.submit(self.exporter.prepare, job.language))
                    try:
                        # in a thread nothing waits for: `before` may wait for a batch that Ctrl-C stops
                        await _in_thread(batches[b].before, job)
                        await self._execute(job, nb, kernel)
                    finally:
                        await kernel.stop()
                except Exception as exc:
                    if asyncio.current_task().cancelling():  # type: ignore[union-attr]
                        # the run is being cancelled (Ctrl-C); nbclient reports that as a dead kernel
                        raise asyncio.CancelledError from exc
                    await loop.run_in_executor(pages, end, b, exc)
                    return
            writes.append(loop.run_in_executor(pages, write, b, nb, job))

        for number in range(min(self.kernels, len(work))):
            start(number)
        tasks = [asyncio.ensure_future(run(number, b, job)) for number, (b, job) in enumerate(work)]
        try:
            await asyncio.gather(*tasks)
            await asyncio.gather(*writes)
        finally:
            # Every wait from here on is bounded: after Ctrl-C (or an error) nothing may hang the run's end
            stopping.append(True)
            try:
                for task in tasks:
                    task.cancel()
                for future in kernels.values():  # kernels started ahead for jobs that will not run: stopped as they
                    future.cancel()  # start, or killed if the server forks them after this (_in_thread's undo)
                await asyncio.wait([*tasks, *kernels.values()], timeout=STOP_TIMEOUT)
                for future in kernels.values():
                    if future.done() and not future.cancelled() and future.exception() is None:
                        await asyncio.wait([asyncio.ensure_future(future.result().stop())], timeout=STOP_TIMEOUT)
                # the page being written, if any (and its year's publication): pages queued after it are not written
                await asyncio.wait([loop.run_in_executor(pages, _nothing)], timeout=PAGE_TIMEOUT)
            finally:
                pages.shutdown(wait=False, cancel_futures=True)
                _remove_socket_folder(sockets, owner)
        return errors

    @staticmethod
    async def _execute(job: Job, nb, kernel: Kernel) -> None:
        """Execute `job`'s parameterized notebook `nb` in `kernel`, in place."""
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

        client = _client_class(NotebookClient)(nb, km=kernel.km, kernel_name=KERNEL)
        client.kc = kernel.kc
        try:
            await client.async_execute()
        except CellExecutionError as exc:
            raise _failure(job.notebook, nb, exc) from None

    def _write(self, nb, job: Job, staging: Path, done, nbformat) -> None:
        stderr = clean_notebook(nb)
        nbformat.write(nb, staging / f"{job.notebook}.ipynb")
        page = staging / f"{job.notebook}.html"
        page.write_text(self.exporter.html(nb, job.title, job.language), encoding="utf-8")
        if job.pdf:
            from audit.documents.pdf import write_pdf

            write_pdf(page, staging / f"{job.notebook}.pdf")
        done(job, stderr)
