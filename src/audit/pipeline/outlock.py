"""The output folder's lock: one command at a time writes into an output folder.

``audit run`` holds it for the whole run, ``audit sign`` while it signs and makes the index
again; so the pages of two runs never mix and the run log's entries follow one another. The
lock is ``<out>/audit-run.lock`` (a :class:`filelock.FileLock`: released by the system when its
process dies, however it dies); beside it, ``<out>/audit-run.holder.json`` says who holds it
(process id, host, user, command, start time), so that a second command can say who. A command
that finds the lock held waits a bounded time, then gives up with :class:`OutputLocked`. Both
files are removed when the lock is released.

Before anything is written, :func:`check_writable` and :func:`check_log` make sure the output
folder and its run log can be written (:class:`OutputUnwritable` otherwise): a year is never
published without its run-log entry.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from audit.core.errors import AuditError

LOCK_NAME = "audit-run.lock"
HOLDER_NAME = "audit-run.holder.json"
WAIT = 10.0  # seconds a second command waits for the lock before it says who holds it
PROBE_PREFIX = ".audit-write-probe-"  # the file check_writable makes and removes at once


class OutputLocked(AuditError):
    """Another command holds the output folder's lock; nothing was changed."""

    def __init__(self, folder: Path, holder: dict[str, Any] | None, waited: float):
        self.folder = folder
        self.holder = holder
        self.waited = waited
        super().__init__(self.message("en"))

    def message(self, language: str) -> str:
        """Who holds the folder and what to do, in `language`."""
        return locked_line(self.folder, self.holder, language) + (
            f"已等待 {self.waited:g} 秒；请待其结束后重新运行（或用 --wait 秒数 等待更久）。没有写入任何内容。"
            if language == "zh"
            else f" Waited {self.waited:g} s; run again once it is over (or wait longer with --wait SECONDS). "
            "Nothing was written."
        )


class OutputUnwritable(AuditError):
    """The output folder, or its run log, cannot be written; nothing was changed."""

    def __init__(self, path: Path, reason: OSError):
        self.path = path
        self.reason = reason
        super().__init__(self.message("en"))

    def message(self, language: str) -> str:
        """Which path cannot be written and why, in `language`."""
        reason = self.reason.strerror or str(self.reason)
        if language == "zh":
            return (
                f"无法写入 {self.path}（{reason}）：报告及其运行日志记录须能写入输出文件夹。"
                "请换一个可写的 --out 文件夹，或修正其权限后重新运行。没有发布任何报告。"
            )
        return (
            f"cannot write {self.path} ({reason}): the reports and their run-log entries must be written "
            "into the output folder. Choose a writable --out folder, or fix its permissions, and run again. "
            "No report was published."
        )


def locked_line(folder: Path, holder: dict[str, Any] | None, language: str) -> str:
    """One sentence: `folder` is in use, by the command `holder` describes (where it could be read)."""
    if holder:
        who = (
            f"pid {holder.get('pid')}, {holder.get('user')}@{holder.get('host')}, "
            f"{holder.get('command')}, {holder.get('started')}"
        )
        if language == "zh":
            return f"输出文件夹 {folder} 正被另一个命令使用（{who}）。"
        return f"The output folder {folder} is in use by another command ({who})."
    if language == "zh":
        return f"输出文件夹 {folder} 正被另一个命令使用。"
    return f"The output folder {folder} is in use by another command."


def holder(out: Path) -> dict[str, Any] | None:
    """Who holds the lock of `out`, as its holder wrote it (None where there is no such file or it is unreadable)."""
    try:
        found = json.loads((out / HOLDER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (containers)
        return "unknown"


def check_writable(folder: Path) -> None:
    """Make `folder` (and its parents) where missing and write a file in it; OutputUnwritable where either fails."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=PROBE_PREFIX, dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise OutputUnwritable(folder, exc) from exc


def check_log(out_root: Path) -> None:
    """OutputUnwritable where the run log of `out_root` or its lock file exists and cannot be opened to append.

    Neither is changed; where they do not exist yet, :func:`check_writable` of `out_root` says
    whether they can be made.
    """
    from audit.pipeline import runlog

    log = out_root / runlog.LOG_NAME
    for path in (log, log.with_name(f"{log.name}.lock")):
        if path.exists() or path.is_symlink():
            try:
                with open(path, "ab"):
                    pass
            except OSError as exc:
                raise OutputUnwritable(path, exc) from exc


def _lock(out: Path) -> FileLock:
    return FileLock(out / LOCK_NAME, thread_local=False)


def _acquired(lock: FileLock, timeout: float) -> bool:
    """Whether `lock` was acquired within `timeout` seconds; OutputUnwritable where its file cannot be opened."""
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        return False
    except OSError as exc:
        raise OutputUnwritable(Path(lock.lock_file), exc) from exc
    return True


@contextmanager
def hold(
    out: Path, command: str, wait: float = WAIT, waiting: Callable[[dict[str, Any] | None], None] | None = None
) -> Iterator[None]:
    """Hold the lock of the output folder `out` for as long as the block runs.

    `out` is made where missing and must be writable (OutputUnwritable). Where another command
    holds the lock, `waiting(holder)` is called once (the CLI says it waits) and the lock is
    waited for up to `wait` seconds, then OutputLocked names its holder.
    """
    check_writable(out)
    lock = _lock(out)
    if not _acquired(lock, 0):
        if waiting is not None:
            waiting(holder(out))
        if not _acquired(lock, max(wait, 0)):
            raise OutputLocked(out, holder(out), wait)
    try:
        who = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": _user(),
            "command": command,
            "started": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        }
        try:
            (out / HOLDER_NAME).write_text(json.dumps(who, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            raise OutputUnwritable(out / HOLDER_NAME, exc) from exc
        yield
    finally:
        with suppress(OSError):
            (out / HOLDER_NAME).unlink()
        # removed while still held: a command that opened the file before and locks it next finds it
        # removed and opens the path anew (filelock checks), so that two never hold the folder at once
        with suppress(OSError):
            (out / LOCK_NAME).unlink()
        lock.release()


@contextmanager
def attempt(out: Path, command: str) -> Iterator[bool]:
    """Hold the lock of `out` for the block where it is free now; yields whether it is held.

    For the commands that only read an output folder: they recover it (:mod:`.recover`) only
    where no run is writing into it. A folder that does not exist, or cannot be written, is
    not held (and not made). Where the folder above `out` is held (a city's, whose run writes
    into its jurisdictions' folders), `out` is not held either.
    """
    if not out.is_dir():
        yield False
        return
    with ExitStack() as stack:
        # a jurisdiction's folder of a city: a run of the city holds the city's folder
        for folder in (out, *([out.parent] if (out.parent / LOCK_NAME).exists() else [])):
            try:
                stack.enter_context(hold(folder, command, wait=0))
            except (OutputLocked, OutputUnwritable):
                yield False
                return
        yield True
