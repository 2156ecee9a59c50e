"""Whether a published year is up to date: the fingerprint of everything its pages were made from.

A year's pages depend on its params file, the bytes of every register it names, the code that
made them, last year's metrics (its summary compares with them, its findings follow them up),
whether its pages were printed to PDF, and the report date ``SOURCE_DATE_EPOCH`` may set. The
fingerprint is the SHA-256 of all of these; the year's manifest.json records it when the year is
published (:func:`audit.pipeline.manifest.build_manifest`), and ``audit run`` re-runs a year only
when its fingerprint now differs or a page of it is missing (``--force`` re-runs it anyway).
The code is fingerprinted by the bytes of the installed package's files, not by its version
number or a git commit, so an edit that is not yet committed counts as new code too.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from audit.core.provenance import Source

PACKAGE = Path(__file__).resolve().parents[1]  # the installed audit package (src/audit in a checkout)
# what may change a page: code, notebooks, templates, stylesheets, fonts and data shipped in the package
_SKIPPED = {"__pycache__", ".ipynb_checkpoints"}


@cache
def code_digest(package: Path = PACKAGE) -> str:
    """SHA-256 over the relative path and bytes of every file of the package (compiled caches aside)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and not _SKIPPED & set(p.parts)):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        with open(path, "rb") as fh:
            digest.update(hashlib.sha256(fh.read()).digest())
    return digest.hexdigest()


def metrics_digest(metrics: Mapping[str, Any] | None) -> str | None:
    """SHA-256 of a year's metrics as metrics.json writes them (None where there are none)."""
    if metrics is None:
        return None
    from audit.core.metrics import dumps

    return hashlib.sha256(dumps(metrics).encode("utf-8")).hexdigest()


def fingerprint(sources: Iterable[Source], previous: Mapping[str, Any] | None, pdf: bool) -> str:
    """The fingerprint of a year made from `sources`, following `previous` (last year's metrics), with PDFs or not."""
    from audit import __version__

    basis = {
        "inputs": [[s.role, s.path, s.sha256] for s in sources],
        "code": {"package": __version__, "files": code_digest()},
        "previous_metrics": metrics_digest(previous),
        "pdf": pdf,
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
    }
    return hashlib.sha256(json.dumps(basis, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


def up_to_date(folder: Path, expected: str) -> bool:
    """True when the year published in `folder` was made with fingerprint `expected` and every page of it is there."""
    from audit.pipeline.manifest import MANIFEST, read_manifest

    if not (folder / MANIFEST).is_file():
        return False
    try:
        manifest = read_manifest(folder)
    except (OSError, ValueError):  # unreadable: made again
        return False
    if not isinstance(manifest, dict) or manifest.get("fingerprint") != expected:
        return False
    outputs = manifest.get("outputs")
    return isinstance(outputs, dict) and all((folder / name).is_file() for name in outputs)


def index_up_to_date(out: Path) -> bool:
    """True when ``out/index.html`` was made after the run log and every year's manifest last changed.

    A run that publishes no year writes neither; a sign-off appends to the log (and makes the
    index itself, unless that failed); a year published makes its own index. So an index older
    than any of them, or none, is made again.
    """
    from audit.pipeline.manifest import MANIFEST
    from audit.pipeline.runlog import LOG_NAME

    index = out / "index.html"
    if not index.is_file():
        return False
    sources = [out / LOG_NAME, *(p / MANIFEST for p in out.iterdir() if p.is_dir() and p.name.isdigit())]
    newest = max((p.stat().st_mtime_ns for p in sources if p.is_file()), default=0)
    return index.stat().st_mtime_ns >= newest
