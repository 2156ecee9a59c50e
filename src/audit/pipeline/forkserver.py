"""A kernel nursery: imports the kernel and the report libraries once, then forks one fresh kernel per notebook.

Started by :class:`audit.pipeline.schedule.Runner` as ``python -m audit.pipeline.forkserver <reply-fd>``. Each line
on stdin is a request ``{"connection_file": ..., "cwd": ..., "env": {...}}``; the server forks, the child
becomes an IPython kernel on that connection file (as ``python -m ipykernel_launcher -f`` would)
and the child's pid is written back on the reply pipe. The server itself never runs a line of a
notebook: every kernel starts from the same state, that of a new kernel whose imports are done.
A kernel exits when the server does (killed at once on Linux); the server exits when the driver closes its
stdin.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

# As ipykernel_launcher: the working folder is not an import path while loading (IPython adds
# the kernel's own folder back when it starts).
if __name__ == "__main__" and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
    del sys.path[0]


# What IPKernelApp.initialize and start import on their own (IPython's pdb, completer, inspector and
# logger, sqlite3 for the history, tornado's asyncio loop): paid once here rather than in every
# kernel. These imports start no thread, so forking afterwards is safe.
KERNEL_IMPORTS = (
    "import ipykernel.ipkernel, ipykernel.zmqshell, ipykernel.debugger, IPython.core.debugger, "
    "IPython.core.completerlib, IPython.core.oinspect, IPython.core.logger, IPython.utils.wildcard, "
    "IPython.extensions.storemagic, sqlite3, tornado.platform.asyncio, faulthandler, runpy, ctypes"
)


def _die_with(server: int) -> None:
    """In the child: be killed the moment the server exits, however it exits (Linux's parent-death signal).

    A kernel whose run was stopped (Ctrl-C), or whose driver was killed, then never outlives the server,
    not even for the second that ipykernel's parent poller takes to notice.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent poller alone
        return
    if os.getppid() != server:  # the server exited before the signal was asked for
        os._exit(1)


def _kernel(request: dict, server: int) -> None:
    """In the child: become a kernel. Never returns."""
    _die_with(server)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.environ.update(request.get("env", {}))
    os.chdir(request["cwd"])
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.stdin = open(os.devnull, encoding="utf-8")
    from ipykernel.kernelapp import IPKernelApp

    code = 0
    try:
        app = IPKernelApp.instance()
        app.initialize(
            [
                "-f",
                request["connection_file"],
                "--HistoryManager.hist_file=:memory:",
                f"--IPKernelApp.parent_handle={os.getppid()}",
            ]
        )
        app.start()
    except BaseException:  # noqa: BLE001 - a kernel that cannot start must not return into the server loop
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def serve(reply_fd: int) -> None:
    """Fork a kernel for every request on stdin; write each child's pid to `reply_fd`."""
    # Ctrl-C reaches the whole process group: the driver decides (it closes stdin); each kernel
    # handles SIGINT as any IPython kernel does (it interrupts the cell running).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # as IPKernelApp sets it
    # No debugger: a report's kernel has no front end that could attach one, and debugpy's import
    # would delay the first kernel. ipykernel runs without it when it cannot be imported, as where
    # it is not installed.
    sys.modules.setdefault("debugpy", None)  # type: ignore[arg-type]
    import ipykernel.kernelapp  # noqa: F401 - imported once here, inherited by every kernel

    from audit.pipeline.schedule import warm_up

    exec(warm_up(), {})  # imports only
    exec(KERNEL_IMPORTS, {})
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped as they exit
    reply = os.fdopen(reply_fd, "w", encoding="utf-8")
    server = os.getpid()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            reply.close()
            _kernel(request, server)
        reply.write(f"{pid}\n")
        reply.flush()


if __name__ == "__main__":
    serve(int(sys.argv[1]))
    sys.stdout.flush()
    os._exit(0)  # nothing left to clean up: skip tearing down the imported libraries
