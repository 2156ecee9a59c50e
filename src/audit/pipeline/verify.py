"""Re-performance: is this report the one those registers give?

`reperform` re-runs a year into a temporary folder and compares every output's SHA-256 with the
year's manifest.json, after checking whether any input changed since the report was made. Where
the year was signed off as reviewed (:mod:`.signoff`), it also says whether the report is still
the one signed.

It also says whether the code is the one that made the report, comparing like with like: the
SHA-256 of the package's code files where both the manifest and this package have it (a checkout
and a wheel of the same code give the same), else the package version and a clean git commit.
Where neither side can name its code, it says it cannot tell. With the same code, differing
outputs are real differences; with other code, they may come from the code.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from audit.core.errors import InputError, Problem
from audit.core.params import load_params
from audit.core.provenance import code_files, code_version, describe_code, sha256_file
from audit.pipeline.manifest import EVERY_KEY, MANIFEST, read_manifest
from audit.pipeline.run import run_year
from audit.pipeline.signoff import YearReview, review_states

Outcome = Literal["identical", "differs", "inputs_changed"]
Code = Literal["same", "different", "unknown"]

MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "code.same": "代码：与生成报告时相同（{now}）。",
        "code.same_differs": "代码：与生成报告时相同（{now}），因此上述差异并非代码变更所致。",
        "code.different": "代码：与生成报告时不同——报告由 {then} 生成，当前为 {now}。",
        "code.different_differs": "代码：与生成报告时不同——报告由 {then} 生成，当前为 {now}；上述差异可能来自代码变更。",
        "code.unknown": "代码：无法判断是否与生成报告时相同（报告：{then}；当前：{now}）。",
        "code.same_files": "代码：代码文件与生成报告时相同（SHA-256 一致），但版本或提交不同（报告：{then}；当前：{now}）；页面脚注写有版本和提交，页面可能仅因此不同。",
        "code.no_commit": "当前代码既不在 git 检出中，也没有构建记录，无法得知其提交：请在 git 检出中或以 wheel 安装后核验。",
    },
    "en": {
        "code.same": "code: the same as when the report was made ({now}).",
        "code.same_differs": "code: the same as when the report was made ({now}), so the differences above do not come from a change of code.",
        "code.different": "code: DIFFERENT from when the report was made — it was made by {then}, this is {now}.",
        "code.different_differs": "code: DIFFERENT from when the report was made — it was made by {then}, this is {now}; the differences above may come from the code.",
        "code.unknown": "code: cannot tell whether it is the same as when the report was made (report: {then}; now: {now}).",
        "code.same_files": "code: the same code files as when the report was made (their SHA-256 agree), but named by another version or commit (report: {then}; now: {now}); the page footers name both, so pages may differ by that alone.",
        "code.no_commit": "This code is neither a git checkout nor built with a record of its commit, so its commit cannot be known: verify in a git checkout or with the package installed from a wheel.",
    },
}


@dataclass
class Reperformance:
    """What a re-run found: changed inputs, differing outputs, and the verdict."""

    year: int
    changed_inputs: list[str] = field(default_factory=list)  # "role: path" of inputs that differ
    differing_outputs: list[str] = field(default_factory=list)  # re-run files that differ, are missing or new
    edited_outputs: list[str] = field(default_factory=list)  # files on disk that no longer match the manifest
    code_then: dict[str, Any] = field(default_factory=dict)  # the manifest's "code": package, commit, files
    code_now: dict[str, Any] = field(default_factory=dict)  # this package's
    review: YearReview | None = None  # the year's review state in the run log (before the re-run)

    @property
    def outcome(self) -> Outcome:
        """inputs_changed, differs, or identical."""
        if self.changed_inputs:
            return "inputs_changed"
        return "differs" if self.differing_outputs or self.edited_outputs else "identical"

    @property
    def code(self) -> Code:
        """Whether the code now is the one that made the report: same, different, or unknown."""
        return same_code(self.code_then, self.code_now)

    def code_note(self, language: str) -> str:
        """What verify says of the code, in `language`, after the verdict."""
        messages = MESSAGES["zh" if language == "zh" else "en"]
        then, now = describe_code(self.code_then, language), describe_code(self.code_now, language)
        if self.code == "same" and then != now:  # the same files, named by another version or commit
            words = messages["code.same_files"].format(then=then, now=now)
            if self.code_now.get("commit"):
                return words
            return words + ("" if language == "zh" else " ") + messages["code.no_commit"]
        key = f"code.{self.code}" + ("_differs" if self.code != "unknown" and self.outcome != "identical" else "")
        return messages[key].format(then=then, now=now)


def same_code(then: dict[str, Any], now: dict[str, Any]) -> Code:
    """Like with like: the code files' SHA-256 where both have it, else the version and a clean commit of each."""
    if then.get("files") and now.get("files"):
        return "same" if then["files"] == now["files"] else "different"
    commits = then.get("commit"), now.get("commit")
    if not all(commits) or any(str(c).endswith("-dirty") for c in commits):
        return "unknown"  # a commit with uncommitted edits names no one code
    return "same" if commits[0] == commits[1] and then.get("package") == now.get("package") else "different"


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
    manifest = read_manifest(folder, needs=EVERY_KEY)
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
        code_then=dict(manifest["code"]),
        code_now={**code_version(params), "files": code_files()},
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
