"""Publishing: a finished year's staging folder into place, its manifest, its run-log entry, the index.

A year is published only when every page of it was written: its manifest is written into the
staging folder, and the folder replaces ``<out>/<year>`` (:func:`publish`). The index of all
years is made in a staging folder of its own and moved into place file by file. Every year a run
touches, published or not, gets an entry in the output folder's hash-chained run log.

The entry of a published year is written ahead: before the folder is moved into place, the
entry is written into ``<out>/audit-log.pending-<year>.json`` with the SHA-256 of the manifest
it describes; once the folder is in place the entry is appended to the log and the file
removed (:func:`log_year`). A run killed in between leaves the file, and the next command on
the folder appends it (:mod:`audit.pipeline.recover`), so a published year always has its entry.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from audit.core.errors import AuditError
from audit.pipeline.manifest import MANIFEST, read_manifest, write_manifest

if TYPE_CHECKING:
    from audit.pipeline.plan import YearPlan

FAILED = "failed"  # <out>/failed/<year>/<notebook>.ipynb: the executed notebook of a failed report
PENDING = "audit-log.pending-{year}.json"  # a published year's run-log entry, written ahead of publishing


# Seconds between attempts to move a year folder: Windows refuses to rename a folder while a file
# in it is open (a page in a browser, a workbook in Excel) and antivirus scanners open new files
# for a moment; about 8 s in all before the run says which file is held.
RETRIES = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0)


class OutputHeld(AuditError):
    """A year folder could not be moved: a file in it is open in another program. Nothing was changed."""

    def __init__(self, folder: Path, held: list[str], reason: OSError):
        self.folder = folder
        self.held = held
        self.reason = reason
        super().__init__(self.message("en"))

    def message(self, language: str) -> str:
        """What happened and what to do, in `language`."""
        names = ", ".join(self.held)
        if language == "zh":
            which = f"（被占用：{names}）" if names else ""
            return (
                f"无法替换 {self.folder}：其中的文件正被其他程序打开{which}。"
                f"请关闭浏览器或 Excel 中打开的该年度文件后重新运行；原有报告保持不变。（{self.reason}）"
            )
        which = f" (held: {names})" if names else ""
        return (
            f"cannot replace {self.folder}: a file in it is open in another program{which}. "
            f"Close the year's files in the browser or Excel and run again; the previous report is unchanged. "
            f"({self.reason})"
        )


def held_files(folder: Path) -> list[str]:
    """The files of `folder` another program holds open so that they cannot be written (Windows' share locks)."""
    held = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file():
            try:
                with open(path, "r+b"):
                    pass
            except PermissionError:
                held.append(path.relative_to(folder).as_posix())
            except OSError:
                continue
    return held


def _move(source: Path, destination: Path, folder: Path) -> None:
    """os.replace, tried again while the OS refuses it (PermissionError); then OutputHeld naming `folder`'s held files."""
    for wait in (*RETRIES, None):
        try:
            os.replace(source, destination)
            return
        except PermissionError as exc:
            if wait is None:
                raise OutputHeld(folder, held_files(folder), exc) from exc
            time.sleep(wait)


def publish(staging: Path, target: Path) -> None:
    """Move a finished staging folder into place, replacing the previous report of the year.

    The previous report is first moved aside, then the new one into its place. Where either move
    fails (OutputHeld after its retries, or any other error), the previous report is where it was.
    """
    if not target.exists():
        _move(staging, target, target)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    old = aside / target.name
    try:
        _move(target, old, target)
        try:
            _move(staging, target, staging)
        except BaseException:
            os.replace(old, target)  # the previous report back where it was
            raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def publish_year(plan: YearPlan, params_file: Path | None = None) -> None:
    """Write the year's manifest and move its finished staging folder into ``<out>/<year>``.

    Where `params_file` is given (a run, which logs the year), the run-log entry of the year is
    written ahead first (:func:`publish_folder`).
    """
    write_manifest(plan.params, plan.staging, plan.sources, plan.fingerprint)
    publish_folder(plan.staging, plan.folder.parent, plan.year, params_file)


def publish_folder(staging: Path, out_root: Path, year: int, params_file: Path | None = None) -> None:
    """Move a finished year folder, its manifest written, from `staging` into ``out_root/<year>``.

    Where `params_file` is given (a run, which logs the year), the year's run-log entry is written
    ahead first (:func:`pending_path`), and :func:`log_year` appends it; it is removed again where
    the year was not published. The executed notebook of an earlier failed run of the year, if
    one was kept, goes: it no longer describes the year's report.
    """
    from audit.core.provenance import sha256_file

    pending = None
    if params_file is not None:
        pending = pending_path(out_root, year)
        write_pending(pending, ok_entry(params_file, read_manifest(staging)), sha256_file(staging / MANIFEST))
    try:
        publish(staging, out_root / str(year))
    except BaseException:
        if pending is not None and not pending_published(pending, out_root):
            pending.unlink(missing_ok=True)  # not published: nothing to log as published
        raise
    shutil.rmtree(failed_folder(out_root, year), ignore_errors=True)


def pending_path(out_root: Path, year: int) -> Path:
    """Where a year's run-log entry waits while the year is published (a file without a leading dot)."""
    return out_root / PENDING.format(year=year)


def write_pending(path: Path, entry: dict[str, object], manifest_sha256: str) -> None:
    """Write a run-log entry ahead, with the SHA-256 of the manifest of the year it logs as published."""
    record = {"manifest_sha256": manifest_sha256, "entry": entry}
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def read_pending(path: Path) -> tuple[dict[str, object], str] | None:
    """The entry written ahead in `path` and its manifest's SHA-256, or None where the file is unreadable."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        entry, digest = record["entry"], record["manifest_sha256"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("year"), int) or not isinstance(digest, str):
        return None
    return entry, digest


def pending_published(path: Path, out_root: Path) -> bool:
    """True when the year the entry in `path` logs is published in `out_root` with the manifest it names."""
    from audit.core.provenance import sha256_file

    found = read_pending(path)
    if found is None:
        return False
    entry, digest = found
    manifest = out_root / str(entry["year"]) / MANIFEST
    return manifest.is_file() and sha256_file(manifest) == digest


def in_log(log: Path, entry: dict[str, object]) -> bool:
    """True when `log` holds `entry` already (its fields, apart from the chain's)."""
    from audit.pipeline import runlog

    if not log.is_file():
        return False
    return any({k: v for k, v in e.items() if k not in runlog.SEALS} == entry for e in runlog.read(log))


def commit_pending(path: Path, out_root: Path) -> bool:
    """Append the entry written ahead in `path` to the run log of `out_root`, unless it is there; remove `path`.

    Only where its year is published with the manifest it names: otherwise the year was not
    published (the run stopped before) and the file is removed with nothing appended. Returns
    whether an entry was appended.
    """
    from audit.pipeline import runlog

    found = read_pending(path)
    appended = False
    if found is not None and pending_published(path, out_root):
        entry = found[0]
        log = out_root / runlog.LOG_NAME
        if not in_log(log, entry):
            runlog.append(log, entry)
            appended = True
    path.unlink(missing_ok=True)
    return appended


def failed_folder(out_root: Path, year: int) -> Path:
    """Where the executed notebooks of a year's failed reports are kept."""
    return out_root / FAILED / str(year)


def keep_failed(out_root: Path, year: int, error: BaseException) -> None:
    """Write the executed notebook a failed report carries (see NotebookFailed) into :func:`failed_folder`."""
    from audit.core.errors import NotebookFailed

    if not isinstance(error, NotebookFailed) or error.executed is None:
        return
    import nbformat

    folder = failed_folder(out_root, year)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{error.notebook}.ipynb"
    nbformat.write(error.executed, path)
    error.kept = path.as_posix()


def index_ahead(out_root: Path, years: list[YearPlan]) -> Path:
    """A staging folder that looks, to the index, as `out_root` will once every one of `years` is published.

    The index reads each year folder's ``metrics.json`` and the names of its pages; this folder
    holds a copy of the one and empty files for the others, for the years published already and
    the years being run. An index made in it ahead of time is the index made after the run, byte
    for byte, provided every one of `years` is published.
    """
    from audit.pipeline import signoff

    staging = Path(tempfile.mkdtemp(prefix=".index-staging-", dir=out_root))
    running = {str(plan.year): plan for plan in years}
    try:
        for folder in sorted(out_root.iterdir()):
            if folder.is_dir() and folder.name.isdigit() and folder.name not in running:
                _mirror(folder / "metrics.json", [p.name for p in folder.glob("*.html")], staging / folder.name)
        for name, plan in running.items():
            _mirror(plan.staging / "metrics.json", [f"{job.notebook}.html" for job in plan.jobs], staging / name)
        signoff.mirror_for_index(out_root, staging, [plan.year for plan in years])  # the review states too
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _mirror(metrics: Path, pages: list[str], folder: Path) -> None:
    if metrics.is_file():
        folder.mkdir()
        shutil.copyfile(metrics, folder / "metrics.json")
        for page in pages:
            (folder / page).touch()


def publish_index(staging: Path, out_root: Path) -> None:
    """Move a freshly made index page into place, file by file, dated now.

    An index made ahead (:func:`index_ahead`) was written before the last year's run-log entry; dated
    when it is published, after every entry of the run, it is not taken for one older than the log
    (:func:`audit.pipeline.fresh.index_up_to_date`).
    """
    for name in ("index.ipynb", "index.html"):
        os.replace(staging / name, out_root / name)
        os.utime(out_root / name)


def log_year(out_root: Path, params_file: Path, status: str, error: object = None, year: int | None = None) -> None:
    """Append a year's run to the output folder's hash-chained run log.

    A published year (`status` ``ok``) is logged with its manifest's inputs and outputs (the
    entry :func:`publish_year` wrote ahead, where it did); any other with the first line of its
    `error` and, where its params could be read, its `year`.
    """
    from audit import __version__
    from audit.core.provenance import sha256_file
    from audit.pipeline import runlog

    if status == "ok":
        assert year is not None
        pending = pending_path(out_root, year)
        if pending.is_file():  # written ahead as the year was published
            commit_pending(pending, out_root)
        else:
            runlog.append(out_root / runlog.LOG_NAME, ok_entry(params_file, read_manifest(out_root / str(year))))
        return
    fields: dict[str, object] = {
        "status": status,
        "params": {"path": str(params_file), "sha256": sha256_file(params_file) if params_file.is_file() else None},
        "package": __version__,
        "error": str(error).splitlines()[0],
    }
    if year is not None:
        fields["year"] = year
    runlog.append(out_root / runlog.LOG_NAME, runlog.new_entry(**fields))


def ok_entry(params_file: Path, manifest: dict) -> dict[str, object]:
    """The run-log entry of a year published with `manifest`: its inputs, outputs and code.

    The params are recorded by the bytes the year was made from (the manifest's), not the file
    as it is now.
    """
    from audit.pipeline import runlog

    digest = next(i["sha256"] for i in manifest["inputs"] if i["role"] == "params")
    return runlog.new_entry(
        status="ok",
        params={"path": str(params_file), "sha256": digest},
        year=manifest["year"],
        inputs=manifest["inputs"],
        outputs=manifest["outputs"],
        package=manifest["code"]["package"],
        commit=manifest["code"]["commit"],
    )
