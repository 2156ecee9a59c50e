"""manifest.json: what a year's reports were made from and the SHA-256 of every file made.

It holds no wall-clock time, so the same inputs and code give the same manifest; the time of a
run is recorded in the run log instead. Where ``SOURCE_DATE_EPOCH`` is set (reproducible-build
convention) its date is recorded as the report date.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.core.provenance import code_version, sha256_file

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.core.provenance import Source

MANIFEST = "manifest.json"


def build_manifest(
    params: Params, folder: Path, inputs: list[Source], fingerprint: str | None = None
) -> dict[str, Any]:
    """The manifest of a finished year folder (every file in it except the manifest itself).

    `inputs` are what the year was made from, with the SHA-256 of the bytes that were read;
    `fingerprint` is that of everything the pages depend on (:mod:`audit.pipeline.fresh`).
    """
    manifest: dict[str, Any] = {
        "year": params.year,
        "inputs": [{"role": s.role, "path": s.path, "sha256": s.sha256} for s in inputs],
        "code": code_version(params),
        "outputs": {p.name: sha256_file(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != MANIFEST},
    }
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        manifest["source_date"] = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    if fingerprint is not None:
        manifest["fingerprint"] = fingerprint
    return manifest


def write_manifest(params: Params, folder: Path, inputs: list[Source], fingerprint: str | None = None) -> None:
    """Write manifest.json into a year folder."""
    text = json.dumps(build_manifest(params, folder, inputs, fingerprint), ensure_ascii=False, indent=2) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, Any]:
    """Read a year folder's manifest.json."""
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
