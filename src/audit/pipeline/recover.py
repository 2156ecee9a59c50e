"""Recovery: put right what a run killed mid-way left in an output folder.

Called with the output folder's lock held (:mod:`audit.pipeline.outlock`), so no run is writing
into it and every folder a run works in belongs to no live run:

- a year's previous report moved aside (``.<year>-old-*``, :func:`audit.pipeline.publish.publish`)
  goes back to ``<year>`` where the new one never took its place, and is removed where it did;
- staging folders (``.<year>-staging-*``, ``.<year>-handoff-*``, ``.index-staging-*``,
  ``.rollup-staging-*``) and write probes (``.audit-write-probe-*``) are removed;
- a run-log entry written ahead (``audit-log.pending-<year>.json``) is appended where its year is
  published with the manifest it names and the log does not hold it yet, and removed in any case.

A city's output folder is recovered with every jurisdiction's folder in it. Nothing else is
touched: a year published with no entry and no entry written ahead is a log cut short, which
``audit log verify`` reports and no recovery may paper over.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from audit.pipeline import publish

OLD = re.compile(r"^\.(\d+)-old-")  # publish.publish's folder for the report it replaces
STAGING = re.compile(r"^\.(\d+-staging|\d+-handoff|index-staging|rollup-staging|audit-write-probe)-")
PENDING = re.compile(r"^audit-log\.pending-(\d+)\.json$")

Action = Literal["restored", "removed_old", "removed_staging", "logged", "dropped_pending"]


@dataclass(frozen=True)
class Recovered:
    """One thing recovery did: what, and to which path (the output folder as the command was given it, and below)."""

    action: Action
    path: str

    def message(self, language: str) -> str:
        """One console line saying what was done, in `language`."""
        from audit.console import say

        return say(language, f"recover.{self.action}", path=self.path)


def recover(out: Path) -> list[Recovered]:
    """Recover the output folder `out` and the jurisdictions' folders in it (see the module's doc); what was done.

    The caller holds the lock of `out`. A folder that does not exist has nothing to recover.
    """
    if not out.is_dir():
        return []
    done: list[Recovered] = []
    for root in [out, *_jurisdiction_folders(out)]:
        done.extend(_recover_root(root))
    return done


def _jurisdiction_folders(out: Path) -> list[Path]:
    """The folders of `out` that can be a jurisdiction's output folder (not a year, not a dot folder)."""
    return sorted(
        p
        for p in out.iterdir()
        if p.is_dir() and not p.is_symlink() and not p.name.startswith(".") and not p.name.isdigit()
    )


def _recover_root(root: Path) -> list[Recovered]:
    done: list[Recovered] = []
    shown = root.as_posix()  # as the command was given it (relative where --out was)
    entries = sorted(root.iterdir())
    for entry in entries:  # the years first: a pending entry is judged by the year as it ends up
        found = OLD.match(entry.name)
        if found is None or not entry.is_dir():
            continue
        year = found.group(1)
        kept, target = entry / year, root / year
        if kept.is_dir() and not target.exists():  # killed between the two moves: the good report goes back
            os.replace(kept, target)
            done.append(Recovered("restored", f"{shown}/{year}"))
        else:
            done.append(Recovered("removed_old", f"{shown}/{entry.name}"))
        shutil.rmtree(entry, ignore_errors=True)
    for entry in entries:
        if STAGING.match(entry.name) and entry.exists():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            done.append(Recovered("removed_staging", f"{shown}/{entry.name}"))
    for entry in entries:
        if PENDING.match(entry.name) and entry.is_file():
            appended = publish.commit_pending(entry, root)
            done.append(Recovered("logged" if appended else "dropped_pending", f"{shown}/{entry.name}"))
    return done
