"""Re-performance: is this report the one those registers give?

`reperform` re-runs a year into a temporary folder and compares every output's SHA-256 with the
year's manifest.json, after checking whether any input changed since the report was made. Where
the year was signed off as reviewed (:mod:`.signoff`), it also says whether the report is still
the one signed.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from audit.core.errors import InputError, Problem
from audit.core.params import load_params
from audit.core.provenance import code_version, sha256_file
from audit.pipeline.manifest import MANIFEST, read_manifest
from audit.pipeline.run import run_year
from audit.pipeline.signoff import YearReview, review_states

Outcome = Literal["identical", "differs", "inputs_changed"]


@dataclass
class Reperformance:
    """What a re-run found: changed inputs, differing outputs, and the verdict."""

    year: int
    changed_inputs: list[str] = field(default_factory=list)  # "role: path" of inputs that differ
    differing_outputs: list[str] = field(default_factory=list)  # re-run files that differ, are missing or new
    edited_outputs: list[str] = field(default_factory=list)  # files on disk that no longer match the manifest
    code_then: str | None = None
    code_now: str | None = None
    review: YearReview | None = None  # the year's review state in the run log (before the re-run)

    @property
    def outcome(self) -> Outcome:
        """inputs_changed, differs, or identical."""
        if self.changed_inputs:
            return "inputs_changed"
        return "differs" if self.differing_outputs or self.edited_outputs else "identical"


def changed_inputs(recorded: list[dict], current: list[dict]) -> list[str]:
    """Inputs whose path or SHA-256 differ from the manifest's, and inputs added or removed."""
    before = {i["role"]: (i["path"], i["sha256"]) for i in recorded}
    after = {i["role"]: (i["path"], i["sha256"]) for i in current}
    changed = []
    for role in sorted(set(before) | set(after), key=lambda r: (r != "params", r)):
        if before.get(role) != after.get(role):
            path = (after.get(role) or before[role])[0]
            changed.append(f"{role}: {path}")
    return changed


def reperform(params_path: Path, out_root: Path) -> Reperformance:
    """Re-run the year of `params_path` and compare it with ``out_root/<year>/manifest.json``."""
    params = load_params(params_path)
    folder = out_root / str(params.year)
    if not (folder / MANIFEST).is_file():
        raise InputError(
            [
                Problem(
                    str(folder / MANIFEST),
                    None,
                    None,
                    None,
                    "an existing report of the year (run `audit run` first)",
                    "该年度已有的报告（请先运行 `audit run`）",
                )
            ]
        )
    manifest = read_manifest(folder)
    review = review_states(out_root, [params.year])[params.year]
    on_disk = {p.name: sha256_file(p) for p in folder.iterdir() if p.is_file() and p.name != MANIFEST}
    scratch = Path(tempfile.mkdtemp(prefix="audit-verify-"))
    try:
        # a year published with its PDFs (`audit run --pdf`) is re-performed with them
        pdf = any(name.endswith(".pdf") for name in manifest["outputs"])
        plan = run_year(params_path, scratch, previous_root=out_root, pdf=pdf)
        fresh = read_manifest(scratch / str(params.year))["outputs"]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    current = [{"role": s.role, "path": s.path, "sha256": s.sha256} for s in plan.sources]
    result = Reperformance(
        params.year,
        changed_inputs(manifest["inputs"], current),
        code_then=manifest.get("code", {}).get("commit"),
        code_now=code_version(params)["commit"],
        review=review,
    )
    recorded = manifest["outputs"]
    result.edited_outputs = sorted(
        name for name in set(recorded) | set(on_disk) if recorded.get(name) != on_disk.get(name)
    )
    result.differing_outputs = sorted(
        name for name in set(recorded) | set(fresh) if recorded.get(name) != fresh.get(name)
    )
    return result
