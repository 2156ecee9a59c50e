"""The run log: one JSON line per `audit run`, hash-chained so an edit or a deletion shows.

Each entry carries ``prev``, the SHA-256 of the previous line as written (64 zeros for the
first), and ``entry_sha256``, the SHA-256 of its own content without that field. An edited
entry fails its own hash; a deleted entry breaks the ``prev`` link of the one after it.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock

LOG_NAME = "audit-log.jsonl"
GENESIS = "0" * 64


def _canonical(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _line_hash(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


def new_entry(**fields: Any) -> dict[str, Any]:
    """An entry with the time (UTC), the user and the command line filled in."""
    return {
        "time": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "user": _user(),
        "command": sys.argv[:] if sys.argv and sys.argv[0] else ["audit"],
        **fields,
    }


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (containers)
        return "unknown"


LOCK_TIMEOUT = 60  # seconds to wait for another run appending to the same log


def lock_of(log: Path) -> FileLock:
    """The lock every writer of `log` holds while it appends (a file beside it; any OS, any process)."""
    return FileLock(log.with_name(f"{log.name}.lock"), timeout=LOCK_TIMEOUT)


def append(log: Path, entry: dict[str, Any]) -> dict[str, Any]:
    """Append `entry` to the log, chained to the last line; safe against concurrent runs."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with lock_of(log), open(log, "a+b") as fh:
        fh.seek(0)
        lines = fh.read().splitlines()
        chained = {**entry, "prev": _line_hash(lines[-1]) if lines else GENESIS}
        chained["entry_sha256"] = hashlib.sha256(_canonical(chained)).hexdigest()
        fh.seek(0, 2)
        fh.write(_canonical(chained) + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
    return chained


@dataclass(frozen=True)
class Verdict:
    """The result of checking a log: intact, or the first broken entry (1-based line) and why."""

    entries: int
    broken_line: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        """True when every entry and every link is intact."""
        return self.broken_line is None


def read(log: Path) -> list[dict[str, Any]]:
    """Every entry of the log, in order (unparseable lines are skipped: verify reports them)."""
    entries = []
    for raw in log.read_bytes().splitlines():
        try:
            entries.append(json.loads(raw))
        except json.JSONDecodeError:
            continue
    return entries


def verify(log: Path) -> Verdict:
    """Check every entry's own hash and its link to the line before it."""
    if not log.is_file():
        return Verdict(0, 0, f"no run log at {log}")
    lines = log.read_bytes().splitlines()
    previous = GENESIS
    for number, raw in enumerate(lines, start=1):
        try:
            entry = json.loads(raw)
        except json.JSONDecodeError:
            return Verdict(len(lines), number, "the line is not valid JSON (edited or truncated)")
        claimed = entry.pop("entry_sha256", None)
        if claimed != hashlib.sha256(_canonical(entry)).hexdigest():
            return Verdict(len(lines), number, "its content does not match its own hash (the entry was edited)")
        if entry.get("prev") != previous:
            return Verdict(
                len(lines),
                number,
                "its link to the line before does not match (an entry before it was deleted, reordered or edited)",
            )
        previous = _line_hash(raw)
    return Verdict(len(lines))
