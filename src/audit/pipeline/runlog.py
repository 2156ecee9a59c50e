"""The run log: one JSON line per `audit run` year and per `audit sign`, hash-chained so an edit or a deletion shows.

Each entry carries ``prev``, the SHA-256 of the previous line as written (64 zeros for the
first), and ``entry_sha256``, the SHA-256 of its own content without that field. An edited
entry fails its own hash; a deleted entry breaks the ``prev`` link of the one after it.

That chain has no key: whoever can write the file can append a line of their own, cut the tail
off, or write a whole new log, and the chain still holds. :func:`verify_folder` catches what the
output folder itself gives away (a published year whose ``ok`` entry is missing, an emptied log
beside published years); a forged line is caught only where the office keys its log
(:mod:`audit.pipeline.logkey`): every entry then carries ``hmac`` and ``key_id``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from filelock import FileLock

from audit.pipeline.logkey import KEY_FILE_VARIABLE, LogKey, key_from_environment

LOG_NAME = "audit-log.jsonl"
MANIFEST_NAME = "manifest.json"  # audit.pipeline.manifest.MANIFEST (not imported: manifest imports the package's code)
GENESIS = "0" * 64
SEALS = ("entry_sha256", "hmac", "key_id", "prev")  # the fields append writes itself: no caller's entry has them


def _canonical(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _line_hash(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


def _lines(data: bytes) -> tuple[list[bytes], bool]:
    """The lines of a log's bytes (split at LF only) and whether the last one ends with LF."""
    if not data:
        return [], True
    lines = data.split(b"\n")
    terminated = lines[-1] == b""
    return (lines[:-1] if terminated else lines), terminated


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


def seal(entry: dict[str, Any], prev: str, key: LogKey | None) -> dict[str, Any]:
    """`entry` as the log writes it after a line whose hash is `prev`: linked, keyed where `key` is given, hashed."""
    chained = {k: v for k, v in entry.items() if k not in SEALS}
    chained["prev"] = prev
    if key is not None:
        chained["key_id"] = key.key_id
        chained["hmac"] = key.sign(_canonical(chained))
    chained["entry_sha256"] = hashlib.sha256(_canonical(chained)).hexdigest()
    return chained


_GIVEN: ContextVar[LogKey | None] = ContextVar("audit_log_key", default=None)


@contextmanager
def keyed(key: LogKey | None) -> Iterator[None]:
    """Within the block, :func:`append` keys entries with `key` rather than the environment's (None: no change)."""
    token = _GIVEN.set(key)
    try:
        yield
    finally:
        _GIVEN.reset(token)


def append(log: Path, entry: dict[str, Any], key: LogKey | None = None) -> dict[str, Any]:
    """Append `entry` to the log, chained to the last line; safe against concurrent runs.

    The entry is keyed with `key`, else with the one a :func:`keyed` block gives, else with the
    environment's (``AUDIT_LOG_KEY_FILE`` or ``AUDIT_LOG_KEY``), so every writer keys its
    entries alike. A key that cannot be had raises :class:`audit.pipeline.logkey.LogKeyError`
    before anything is written.
    """
    key = key or _GIVEN.get() or key_from_environment()
    log.parent.mkdir(parents=True, exist_ok=True)
    with lock_of(log), open(log, "a+b") as fh:
        fh.seek(0)
        lines, terminated = _lines(fh.read())
        chained = seal(entry, _line_hash(lines[-1]) if lines else GENESIS, key)
        fh.seek(0, 2)
        if not terminated:  # a cut last line stays a line of its own (verify names it); the new entry is whole
            fh.write(b"\n")
        fh.write(_canonical(chained) + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
    return chained


@dataclass(frozen=True)
class Verdict:
    """The result of checking a log's chain: intact, or the first broken entry (1-based line) and why (en, zh)."""

    entries: int
    broken_line: int | None = None
    reason: str = ""
    reason_zh: str = ""

    @property
    def ok(self) -> bool:
        """True when every entry and every link is intact."""
        return self.broken_line is None

    def why(self, language: str) -> str:
        """Why the chain is broken, in `language`."""
        return (self.reason_zh or self.reason) if language == "zh" else self.reason


def read(log: Path) -> list[dict[str, Any]]:
    """Every entry of the log, in order (unparseable lines are skipped: verify reports them)."""
    return [entry for _, entry in _numbered(log.read_bytes())]


def _numbered(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """Each line of a log that is a JSON object, with its 1-based line number."""
    entries = []
    for number, raw in enumerate(_lines(data)[0], start=1):
        try:
            entry = json.loads(raw)
        except ValueError:  # not JSON, or not UTF-8
            continue
        if isinstance(entry, dict):
            entries.append((number, entry))
    return entries


def verify(log: Path) -> Verdict:
    """Check every entry's own hash, that it is written as the log writes it, and its link to the line before."""
    if not log.is_file():
        return Verdict(0, 0, f"no run log at {log}", f"{log} 处没有运行日志")
    lines, terminated = _lines(log.read_bytes())
    previous = GENESIS
    for number, raw in enumerate(lines, start=1):
        try:
            entry = json.loads(raw)
        except ValueError:
            entry = None
        if not isinstance(entry, dict):
            return Verdict(
                len(lines),
                number,
                "the line is not a valid JSON entry (edited or truncated)",
                "该行不是有效的 JSON 记录（被改动或被截断）",
            )
        written = _canonical(entry)
        claimed = entry.pop("entry_sha256", None)
        if claimed != hashlib.sha256(_canonical(entry)).hexdigest():
            return Verdict(
                len(lines),
                number,
                "its content does not match its own hash (the entry was edited)",
                "其内容与自身的哈希不符（该记录被改动）",
            )
        if raw != written:
            return Verdict(
                len(lines),
                number,
                "the line is not written as the log writes it (it was edited by hand)",
                "该行的写法与日志写入时不同（被手工改动）",
            )
        if entry.get("prev") != previous:
            return Verdict(
                len(lines),
                number,
                "its link to the line before does not match (an entry before it was deleted, reordered or edited)",
                "其与上一条的链接不符（之前的记录被删除、调换顺序或改动）",
            )
        previous = _line_hash(raw)
    if not terminated:
        return Verdict(
            len(lines),
            len(lines),
            "the last line does not end with a line break (the file was cut)",
            "最后一行没有换行符（文件被截断）",
        )
    return Verdict(len(lines))


# ---- the log against its folder and its key --------------------------------------------------

Level = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Finding:
    """One thing :func:`verify_folder` found, in Chinese and English; an ``error`` fails the check."""

    level: Level
    code: str  # what kind of finding: stable, for scripts and tests
    zh: str
    en: str
    line: int | None = None  # the entry (1-based line) it is about, where it is about one

    def text(self, language: str) -> str:
        """The finding in `language`."""
        return self.zh if language == "zh" else self.en


@dataclass(frozen=True)
class FolderReport:
    """What :func:`verify_folder` found of one output folder: the chain's verdict and every finding."""

    folder: Path
    verdict: Verdict
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when the chain is intact and nothing found is an error."""
        return self.verdict.ok and not any(f.level == "error" for f in self.findings)

    @property
    def status(self) -> int:
        """The exit status of `audit log verify`: 0 intact, 1 broken, 2 the key given is not the log's."""
        if any(f.code == "wrong_key" for f in self.findings):
            return 2
        return 0 if self.ok else 1

    def codes(self) -> list[str]:
        """The code of every finding, in order."""
        return [f.code for f in self.findings]


def published_years(folder: Path) -> list[int]:
    """The years published in `folder`: its year folders that hold a manifest.json."""
    if not folder.is_dir():
        return []
    return sorted(
        int(p.name)
        for p in folder.iterdir()
        if p.is_dir() and p.name.isascii() and p.name.isdigit() and (p / MANIFEST_NAME).is_file()
    )


def log_folders(out: Path) -> list[Path]:
    """The folders of `out` that have a run log of their own: `out`, or each jurisdiction's ``<out>/<code>``.

    `out` is one where it has a log or a published year; otherwise (a city's top folder) every
    sub-folder that has either; `out` alone where none has (its log is then reported missing).
    """
    if (out / LOG_NAME).is_file() or published_years(out):
        return [out]
    found = []
    if out.is_dir():
        for sub in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if (sub / LOG_NAME).is_file() or published_years(sub):
                found.append(sub)
    return found or [out]


def verify_folder(out: Path, key: LogKey | None = None) -> FolderReport:
    """Check the run log of output folder `out`: its chain, its keys, and that it records every year published there.

    Without `key`, what the folder gives away: a log missing or empty beside published years, a
    published year with no ``ok`` entry recording its manifest's outputs (the tail was cut or the
    log replaced; a year whose entry waits in ``audit-log.pending-<year>.json`` is only noted), an entry
    without ``hmac`` after a keyed one. With `key`, also every keyed entry's HMAC.
    """
    log = out / LOG_NAME
    years = published_years(out)
    if not log.is_file():
        verdict = verify(log)
        if years:
            shown = _years(years)
            finding = Finding(
                "error",
                "missing_log",
                f"没有运行日志 {LOG_NAME}，但已发布了 {shown} 年度：日志被删除或移走。",
                f"no run log {LOG_NAME}, yet {shown} are published here: the log was deleted or moved.",
            )
        else:
            finding = Finding("error", "missing_log", f"{log} 处没有运行日志。", f"no run log at {log}.")
        return FolderReport(out, verdict, (finding,))
    verdict = verify(log)
    numbered = _numbered(log.read_bytes())
    findings: list[Finding] = []
    if not numbered and years:
        shown = _years(years)
        findings.append(
            Finding(
                "error",
                "empty_log",
                f"运行日志是空的，但已发布了 {shown} 年度：日志被清空或替换。",
                f"the run log is empty, yet {shown} are published here: the log was emptied or replaced.",
            )
        )
    findings += _key_findings(numbered, key)
    if numbered:
        findings += _year_findings(out, years, numbered)
    return FolderReport(out, verdict, tuple(findings))


def _years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in years)


def _key_findings(numbered: list[tuple[int, dict[str, Any]]], key: LogKey | None) -> list[Finding]:
    """What the entries' ``hmac`` say: checked with `key`, else only whether they are keyed."""
    keyed = [(n, e) for n, e in numbered if "hmac" in e]
    first = keyed[0][0] if keyed else None
    findings = [
        Finding(
            "error",
            "unkeyed_after_keyed",
            f"第 {n} 条记录没有 hmac，而其前面的记录带有密钥签名：该行是没有密钥的人追加或改写的"
            f"（或写入时未配置密钥 {KEY_FILE_VARIABLE}）。",
            f"entry {n} has no hmac although entries before it are keyed: it was appended or rewritten by "
            f"someone without the key (or written where the key, {KEY_FILE_VARIABLE}, was not configured).",
            n,
        )
        for n, e in numbered
        if first is not None and n > first and "hmac" not in e
    ]
    if key is None:
        if keyed:
            findings.append(
                Finding(
                    "note",
                    "keyed_unchecked",
                    f"自第 {first} 条起的记录带有密钥签名（HMAC），但未提供密钥：无法检查是否有伪造的记录"
                    f"（用 --key-file 或环境变量 {KEY_FILE_VARIABLE} 提供密钥）。",
                    f"the entries from entry {first} on are keyed (HMAC), but no key was given: they cannot be "
                    f"checked for forgery (give the key with --key-file or {KEY_FILE_VARIABLE}).",
                )
            )
        elif numbered:
            findings.append(
                Finding(
                    "note",
                    "unkeyed",
                    "运行日志没有密钥签名：日志内部的改动和删除可以发现，但手工追加的一行或整个重写的日志无法发现"
                    f"（配置 {KEY_FILE_VARIABLE} 后，新的记录会带有密钥签名）。",
                    "the run log is not keyed: edits and deletions inside it show, but a line appended by hand or a "
                    f"whole log written anew would not (with {KEY_FILE_VARIABLE} configured, new entries are keyed).",
                )
            )
        return findings
    if not keyed:
        findings.append(
            Finding(
                "error",
                "no_keyed_entry",
                f"提供了密钥（{key.source}），但日志中没有一条记录带有密钥签名：日志是在未配置密钥时写入的，"
                "或被没有密钥的人整个重写（若刚配置密钥，下一次 audit run 或 audit sign 的记录会带有签名）。",
                f"a key was given ({key.source}) but no entry of the log is keyed: the log was written without the "
                "key, or written anew by someone without it (if the key was only just configured, the next "
                "audit run or audit sign keys its entry).",
            )
        )
        return findings
    mine = [(n, e) for n, e in keyed if e.get("key_id") == key.key_id]
    if not mine:
        findings.append(
            Finding(
                "error",
                "wrong_key",
                f"提供的密钥（{key.source}）不是这份日志的密钥：没有一条带签名的记录是用它签的"
                "（密钥文件不对，或日志被持有另一密钥的人重写）。",
                f"the key given ({key.source}) is not this log's: none of its keyed entries was keyed with it "
                "(the wrong key file, or the log was written anew by someone holding another key).",
            )
        )
        return findings
    for n, e in keyed:
        content = {k: v for k, v in e.items() if k not in ("hmac", "entry_sha256")}
        if e.get("key_id") != key.key_id:
            findings.append(
                Finding(
                    "error",
                    "other_key",
                    f"第 {n} 条记录的签名不是用所提供的密钥做的：它是伪造的，或是用另一个密钥写入的。",
                    f"entry {n} was not keyed with the key given: it was forged, or written with another key.",
                    n,
                )
            )
        elif not key.matches(_canonical(content), e.get("hmac")):
            findings.append(
                Finding(
                    "error",
                    "forged",
                    f"第 {n} 条记录的密钥签名（hmac）不符：该记录是没有密钥的人伪造或改动的。",
                    f"entry {n}'s hmac does not match: the entry was forged or edited by someone without the key.",
                    n,
                )
            )
    if first is not None and first > 1:
        findings.append(
            Finding(
                "note",
                "before_key",
                f"第 1 至 {first - 1} 条记录写于配置密钥之前：它们只由哈希链核对。",
                f"entries 1 to {first - 1} were written before the key was configured: only the chain checks them.",
            )
        )
    return findings


def _year_findings(out: Path, years: list[int], numbered: list[tuple[int, dict[str, Any]]]) -> list[Finding]:
    """Every published year against its newest ``ok`` run entry (and the entry written ahead for it, if any)."""
    findings: list[Finding] = []
    for year in years:
        manifest_path = out / str(year) / MANIFEST_NAME
        try:
            manifest_bytes = manifest_path.read_bytes()
            outputs = json.loads(manifest_bytes)["outputs"]
        except (OSError, ValueError, KeyError, TypeError):
            findings.append(
                Finding(
                    "error",
                    "manifest_unreadable",
                    f"{year}/{MANIFEST_NAME} 无法读取，无法与运行日志核对。",
                    f"{year}/{MANIFEST_NAME} cannot be read: it cannot be checked against the run log.",
                )
            )
            continue
        runs = [(n, e) for n, e in numbered if _is_run_of(e, year)]
        if runs and runs[-1][1].get("outputs") == outputs:
            continue
        ahead = _pending(out, year, hashlib.sha256(manifest_bytes).hexdigest())
        if ahead is not None:
            findings.append(ahead)
            if ahead.code == "pending":
                continue
        if runs:
            n = runs[-1][0]
            findings.append(
                Finding(
                    "error",
                    "outputs_differ",
                    f"{year} 年度最新的完成记录（第 {n} 条）所记的输出与 {year}/{MANIFEST_NAME} 不符："
                    "该年度在日志最后一次记录之后又发布过（日志末尾被截去），或其 manifest 被替换。",
                    f"the newest ok entry of {year} (entry {n}) records other outputs than {year}/{MANIFEST_NAME}: "
                    "the year was published again after it and that entry is gone (the log's tail was cut), or its "
                    "manifest was replaced.",
                    n,
                )
            )
        else:
            findings.append(
                Finding(
                    "error",
                    "truncated",
                    f"{year} 年度已发布（有 {year}/{MANIFEST_NAME}），但运行日志中没有它的完成记录："
                    "日志末尾被截去，或日志被替换。",
                    f"{year} is published ({year}/{MANIFEST_NAME}) but the run log has no ok entry for it: "
                    "the log's tail was cut, or the log was replaced.",
                )
            )
    return findings


def _pending(out: Path, year: int, manifest_sha256: str) -> Finding | None:
    """What the entry written ahead for `year` (:func:`audit.pipeline.publish.pending_path`) says, if there is one.

    It excuses a missing entry only as the next run's recovery will append it: written for the
    manifest the year has now.
    """
    from audit.pipeline.publish import pending_path, read_pending

    path = pending_path(out, year)
    if not path.is_file():
        return None
    found = read_pending(path)
    if found is None:
        return Finding(
            "warning",
            "pending_unreadable",
            f"{path.name} 无法读取：其中待补记的记录未予考虑。",
            f"{path.name} cannot be read: the entry it holds for the log was not considered.",
        )
    entry, digest = found
    if entry.get("year") != year or digest != manifest_sha256:
        return Finding(
            "warning",
            "pending_other",
            f"{path.name} 中待补记的记录不属于 {year}/{MANIFEST_NAME} 现在的版本：下一次运行不会补入它。",
            f"the entry waiting in {path.name} is not for {year}/{MANIFEST_NAME} as it is: the next run will not "
            "recover it.",
        )
    return Finding(
        "warning",
        "pending",
        f"{year} 年度已发布，其运行记录尚在 {path.name} 中待补记：下一次 audit run 会将其补入日志。",
        f"{year} is published and its entry waits in {path.name}: the next audit run will recover it into the log.",
    )


def _is_run_of(entry: dict[str, Any], year: int) -> bool:
    """True for a run entry (not a sign-off, not one made ahead for an index) that published `year`."""
    return "kind" not in entry and entry.get("status") == "ok" and entry.get("year") == year and not entry.get("ahead")
