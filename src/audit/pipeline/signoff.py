"""Sign-off (审计复核签字): who prepared, reviewed or approved a year's report, and whether it changed since.

``audit sign`` appends a sign-off entry to the output folder's hash-chained run log
(:mod:`audit.pipeline.runlog`). Run entries carry a ``status`` and no ``kind``; a sign-off
entry carries ``"kind": "sign"``, the year, the role in its canonical Chinese (编制, 复核 or
审定), the signer's name where one was given, and the SHA-256 of the year's manifest.json as it
was signed. The name is written to the log only: no report, and no state computed here, holds it.

A year's review state (:func:`review_states`) follows from the log and the year folder:

- ``prepared`` (已编制): a successful run entry, or a 编制 sign-off;
- ``reviewed`` (已复核): a 复核 or 审定 sign-off whose manifest SHA-256 is the current
  manifest's, and every file of the folder still the one its manifest records;
- ``changed`` (复核后已变更): reviewed once, but the manifest or a file differs from what was signed;
- ``none``: nothing of the above (no published run on record).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from audit.core.errors import SaidError
from audit.core.provenance import sha256_file
from audit.pipeline import runlog
from audit.pipeline.manifest import MANIFEST, read_manifest

State = Literal["none", "prepared", "reviewed", "changed"]

KIND = "sign"  # the ``kind`` of a sign-off entry; run entries have none
PREPARE = "编制"
REVIEW_ROLES = ("复核", "审定")  # either counts as reviewed
ROLES = (PREPARE, *REVIEW_ROLES)

# The words accepted for a role (case-insensitive), each to its canonical Chinese.
ROLE_WORDS: dict[str, str] = {
    "编制": "编制",
    "prepare": "编制",
    "prepared": "编制",
    "preparer": "编制",
    "复核": "复核",
    "review": "复核",
    "reviewed": "复核",
    "reviewer": "复核",
    "审定": "审定",
    "approve": "审定",
    "approved": "审定",
    "approver": "审定",
}

ROLE_NAMES = {
    "zh": {"编制": "编制", "复核": "复核", "审定": "审定"},
    "en": {"编制": "prepared (编制)", "复核": "reviewed (复核)", "审定": "approved (审定)"},
}

STATE_NAMES: dict[str, dict[str, str]] = {
    "zh": {"none": "—", "prepared": "已编制", "reviewed": "已复核", "changed": "复核后已变更"},
    "en": {"none": "—", "prepared": "prepared", "reviewed": "reviewed", "changed": "changed since review"},
}

# What `audit sign`, `audit log show` and `audit verify` print about sign-offs.
MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "signed": "{year}：已记录{role}签字（manifest.json SHA-256 {sha}），写入 {log}。",
        "state": "{year}：复核状态 {state}",
        "index_failed": "index.html：{error}\n签字已记录，但索引页未重建（运行 audit run 重建）。",
        "log.signoffs": "签字记录：",
        "log.sign_header": "#\t时间（UTC）\t年度\t角色\t签字人\tmanifest.json SHA-256",
        "log.states": "各年度复核状态：",
        "log.state_header": "年度\t复核状态",
        "log.status": "签字（{role}）",
        "verify.reviewed": "{year}：已复核（REVIEWED）——报告与{role}签字时的 manifest.json 一致。",
        "verify.changed": "{year}：复核后已变更（CHANGED SINCE REVIEW）——报告已不是{role}签字时的报告：",
        "verify.manifest": "  manifest.json 签字时 SHA-256 为 {signed}，现在为 {current}",
        "verify.files": "  以下文件与 manifest.json 不符：{names}",
    },
    "en": {
        "signed": "{year}: {role} sign-off recorded (manifest.json SHA-256 {sha}) in {log}.",
        "state": "{year}: review state {state}",
        "index_failed": "index.html: {error}\nThe sign-off is recorded, but the index was not rebuilt "
        "(audit run rebuilds it).",
        "log.signoffs": "sign-offs:",
        "log.sign_header": "#\ttime (UTC)\tyear\trole\tname\tmanifest.json SHA-256",
        "log.states": "review state by year:",
        "log.state_header": "year\treview",
        "log.status": "sign-off ({role})",
        "verify.reviewed": "{year}: REVIEWED — the report is the one whose manifest.json was signed ({role}).",
        "verify.changed": "{year}: CHANGED SINCE REVIEW — the report is no longer the one signed ({role}):",
        "verify.manifest": "  manifest.json was SHA-256 {signed} when signed, is {current} now",
        "verify.files": "  these files do not match manifest.json: {names}",
    },
}


def say(language: str, key: str, **values: object) -> str:
    """The sign-off message `key` in `language` (zh or en), with `values` filled in."""
    return MESSAGES.get(language, MESSAGES["zh"])[key].format(**values)


def role_name(role: str, language: str) -> str:
    """How a canonical role is shown in `language` (a role the log has but this code does not know, as written)."""
    return ROLE_NAMES.get(language, ROLE_NAMES["zh"]).get(role, role)


def state_name(state: str, language: str) -> str:
    """How a review state is shown in `language`: 已编制 / 已复核 / 复核后已变更 (— for none)."""
    return STATE_NAMES.get(language, STATE_NAMES["zh"]).get(state, state)


class SignError(SaidError):
    """A sign-off that cannot be recorded; nothing was written. Worded in either language by :meth:`message`."""


def canonical_role(text: str) -> str:
    """The canonical Chinese of a role word (编制/复核/审定, or prepare/review/approve); SignError for any other."""
    role = ROLE_WORDS.get(text.strip().lower())
    if role is None:
        raise SignError(
            f"未知的签字角色 {text!r}：应为 编制、复核 或 审定（或 prepare、review、approve）。",
            f"unknown sign-off role {text!r}: expected 编制, 复核 or 审定 (or prepare, review, approve).",
        )
    return role


def edited_outputs(folder: Path) -> list[str]:
    """Files of a year folder that differ from, are missing from, or are not in its manifest.json."""
    recorded: dict[str, str] = read_manifest(folder)["outputs"]
    on_disk = {p.name: sha256_file(p) for p in folder.iterdir() if p.is_file() and p.name != MANIFEST}
    return sorted(name for name in set(recorded) | set(on_disk) if recorded.get(name) != on_disk.get(name))


def sign(out_root: Path, year: int, role: str, name: str | None = None) -> dict[str, Any]:
    """Append a sign-off of `year` by `role` (and `name`, kept in the log only) to the run log; the entry written.

    SignError where the year has no published report, or where its files no longer match its
    manifest (a report signed so would be changed since review from the start).
    """
    from audit import __version__

    canonical = canonical_role(role)
    folder = out_root / str(year)
    if not (folder / MANIFEST).is_file():
        raise SignError(
            f"{folder} 中没有已发布的 {year} 年度报告（缺少 {MANIFEST}）：请先运行 audit run --year {year}。",
            f"no published report of {year} in {folder} (no {MANIFEST}): run audit run --year {year} first.",
        )
    edited = edited_outputs(folder)
    if edited:
        names = ", ".join(edited)
        raise SignError(
            f"{year} 年度的以下文件在发布后被改动，与 {MANIFEST} 不符：{names}。"
            f"请用 audit verify --year {year} 核查，或重新运行 audit run --year {year} 后再签字。",
            f"files of {year} changed since they were published and do not match {MANIFEST}: {names}. "
            f"Check with audit verify --year {year}, or run audit run --year {year} again, then sign.",
        )
    fields: dict[str, Any] = {
        "kind": KIND,
        "year": year,
        "role": canonical,
        "manifest": {"path": f"{year}/{MANIFEST}", "sha256": sha256_file(folder / MANIFEST)},
        "package": __version__,
    }
    if name and name.strip():
        fields["name"] = name.strip()
    return runlog.append(out_root / runlog.LOG_NAME, runlog.new_entry(**fields))


def is_signoff(entry: dict[str, Any]) -> bool:
    """True for a sign-off entry of the run log (a run entry has no ``kind``)."""
    return entry.get("kind") == KIND


@dataclass(frozen=True)
class YearReview:
    """A year's review state, and what it was decided from (no name: names stay in the log)."""

    year: int
    state: State
    role: str | None = None  # the role of the latest 复核/审定 sign-off, if any
    signed: str | None = None  # the manifest SHA-256 that sign-off recorded
    current: str | None = None  # the manifest's SHA-256 now (None where the year has no manifest)
    edited: tuple[str, ...] = field(default_factory=tuple)  # files that no longer match the manifest


def review_states(out_root: Path, years: Iterable[int] | None = None) -> dict[int, YearReview]:
    """The review state of each of `years` (default: every year the log or the folder names), from the run log.

    The log is ``out_root/audit-log.jsonl`` and the year folders are beside it; a missing log
    leaves every year ``none``.
    """
    log = out_root / runlog.LOG_NAME
    entries = runlog.read(log) if log.is_file() else []
    if years is None:
        found = {e["year"] for e in entries if isinstance(e.get("year"), int)}
        if out_root.is_dir():
            found |= {int(p.name) for p in out_root.iterdir() if p.is_dir() and p.name.isdigit()}
        years = sorted(found)
    return {year: _review(out_root / str(year), year, entries) for year in years}


def _review(folder: Path, year: int, entries: list[dict[str, Any]]) -> YearReview:
    mine = [e for e in entries if e.get("year") == year]
    signoffs = [e for e in mine if is_signoff(e)]
    reviews = [e for e in signoffs if e.get("role") in REVIEW_ROLES]
    prepared = any(not is_signoff(e) and e.get("status") == "ok" for e in mine) or any(
        e.get("role") == PREPARE for e in signoffs
    )
    has_manifest = (folder / MANIFEST).is_file()
    current = sha256_file(folder / MANIFEST) if has_manifest else None
    if not reviews:
        return YearReview(year, "prepared" if prepared else "none", current=current)
    edited = tuple(edited_outputs(folder)) if has_manifest else ()
    signed = [e for e in reviews if (e.get("manifest") or {}).get("sha256") == current]
    latest = (signed or reviews)[-1]  # the sign-off of this manifest, else the last one made
    state: State = "reviewed" if signed and has_manifest and not edited else "changed"
    return YearReview(year, state, latest.get("role"), (latest.get("manifest") or {}).get("sha256"), current, edited)


def mirror_for_index(out_root: Path, staging: Path, running: Iterable[int]) -> None:
    """Make an index staging folder (:func:`audit.pipeline.publish.index_ahead`'s) give the review states ahead.

    The run log is copied into `staging` with an ``ok`` run entry added for each of the
    `running` years (they have one once published, and the index made ahead is published only
    if every one of them is); every file of each other year folder mirrored there is linked
    (or copied) from `out_root`, so that its manifest and files can be checked. A running year
    is predicted from the log alone (its new manifest is not known yet): whoever publishes the
    index made ahead should compare :func:`review_states` of `staging` with those of `out_root`
    once the years are published, and make the index again where they differ.
    """
    running = set(running)
    log = out_root / runlog.LOG_NAME
    if log.is_file():
        shutil.copyfile(log, staging / runlog.LOG_NAME)
    for year in sorted(running):
        runlog.append(staging / runlog.LOG_NAME, {"status": "ok", "year": year, "ahead": True})
    for folder in sorted(p for p in staging.iterdir() if p.is_dir() and p.name.isdigit()):
        real = out_root / folder.name
        if int(folder.name) in running or not (real / MANIFEST).is_file():
            continue
        for path in sorted(p for p in real.iterdir() if p.is_file()):
            _link(path, folder / path.name)


def ahead_matches(staging: Path, out_root: Path) -> bool:
    """True when the index made ahead in `staging` shows every year's review state as `out_root` gives it now."""
    years = sorted(int(p.name) for p in staging.iterdir() if p.is_dir() and p.name.isdigit())
    predicted = {year: r.state for year, r in review_states(staging, years).items()}
    return predicted == {year: r.state for year, r in review_states(out_root, years).items()}


def _link(source: Path, target: Path) -> None:
    """A hard link of `source` at `target` (replacing it), or a copy where the file system has no hard links."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
