"""Helpers the run-log tests share."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from audit.pipeline import runlog
from audit.pipeline.logkey import LogKey


def published_year(out: Path, year: int, text: str = "", log: bool = True, key: LogKey | None = None) -> dict[str, str]:
    """A year folder as a run leaves it (a page, a manifest of it) and, where `log`, its ``ok`` run entry.

    The entry is keyed as :func:`audit.pipeline.runlog.append` keys it: with `key`, else the environment's.
    """
    folder = out / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.html").write_text(f"<p>{year}{text}</p>", encoding="utf-8")
    outputs = {"summary.html": hashlib.sha256((folder / "summary.html").read_bytes()).hexdigest()}
    manifest = {"year": year, "inputs": [], "code": {"package": "0", "commit": None}, "outputs": outputs}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if log:
        runlog.append(out / runlog.LOG_NAME, runlog.new_entry(status="ok", year=year, outputs=outputs), key=key)
    return outputs
