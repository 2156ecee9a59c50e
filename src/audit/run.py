"""Running a year: validate everything, compute metrics, execute the notebooks, render HTML.

Inputs are validated before any notebook runs. Everything is written into a staging folder
inside the output folder and moved into ``<out>/<year>`` only when every report succeeded, so a
failed run never leaves a half-written report over the previous good one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import metrics as metrics_file
from .audits import audits_for
from .execute import Job, NotebookFailed, Runner  # noqa: F401 - NotebookFailed is raised through run_year
from .manifest import write_manifest
from .params import load_params
from .registers import load_registers
from .report.index import TEXT as INDEX_TEXT
from .report.summary import SummaryReport


@dataclass
class RunResult:
    """What a run produced: the year's folder and the reports in it."""

    year: int
    folder: Path
    reports: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _notebook_path(folder: Path, params_file: Path) -> str:
    """How a notebook run from the params folder names `folder`: project-relative where possible.

    A project-relative path (``outputs``) is found by :func:`audit.params.locate` from the params
    folder, and keeps machine paths out of the executed notebook.
    """
    from .provenance import project_root

    root = project_root(params_file)
    try:
        return folder.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(folder.resolve())


def publish(staging: Path, target: Path) -> None:
    """Move a finished staging folder into place, replacing the previous report of the year."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.replace(target, old / target.name)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, target)


def run_year(params_path: Path, out_root: Path, progress: Callable[[str], None] = lambda _: None,
             previous_root: Path | None = None, before_summary: Callable[[], None] = lambda: None,
             runner: Runner | None = None) -> RunResult:
    """Run every audit of one year into ``out_root/<year>``; raise InputError or NotebookFailed.

    The summary compares with last year's metrics.json under `previous_root` (default: the
    output folder itself; a re-performance writes elsewhere but compares with the same year).
    `before_summary` is called just before the summary executes: a parallel run waits there
    until last year's report is published.
    """
    if runner is None:
        with Runner() as runner:  # started first: its imports overlap the validation below
            return run_year(params_path, out_root, progress, previous_root, before_summary, runner)
    params = load_params(params_path)
    loaded = load_registers(params)
    metrics = metrics_file.compute_all(loaded, params)
    out_root.mkdir(parents=True, exist_ok=True)
    target = out_root / str(params.year)
    staging = Path(tempfile.mkdtemp(prefix=f".{params.year}-staging-", dir=out_root))
    staging.chmod(0o755)  # mkdtemp makes it private; a report folder is meant to be shared
    result = RunResult(params.year, target)
    try:
        metrics_file.write(metrics, staging / "metrics.json")
        assert params.source is not None
        cwd = params.source.parent
        language = params.language
        outputs_dir = _notebook_path(previous_root or out_root, params.source)
        jobs = [Job(a.notebook, a.title[language], language, {"params_file": params.source.name}, cwd)
                for a in audits_for(loaded)]
        jobs.append(Job("summary", SummaryReport.TEXT[language]["title"].format(year=params.year), language,
                        {"params_file": params.source.name, "outputs_dir": outputs_dir}, cwd))

        def done(job: Job, stderr: list[str]) -> None:
            result.warnings.extend(f"{job.notebook}: {text.strip()}" for text in stderr)
            result.reports.append(f"{job.notebook}.html")
            progress(f"{params.year} {job.notebook}.html")

        def before(job: Job) -> None:
            if job.notebook == "summary":
                before_summary()

        runner.run(jobs, staging, done, before)
        write_manifest(params, staging)
        publish(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def build_index(out_root: Path, language: str, runner: Runner | None = None) -> list[str]:
    """Rebuild ``out_root/index.html`` from every year's metrics.json in the folder.

    The page is made in a staging folder and moved into place file by file, so a failure
    leaves the previous index as it was.
    """
    if runner is None:
        with Runner() as runner:
            return build_index(out_root, language, runner)
    out_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".index-staging-", dir=out_root))
    stderr: list[str] = []
    try:
        job = Job("index", INDEX_TEXT[language]["title"], language, {"outputs_dir": ".", "language": language}, out_root)
        runner.run([job], staging, lambda job, err: stderr.extend(err))
        for name in ("index.ipynb", "index.html"):
            os.replace(staging / name, out_root / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return stderr


def year_params(params_dir: Path) -> list[Path]:
    """Every params file of a folder (``<year>.yaml``), oldest year first."""
    return sorted((p for p in params_dir.glob("*.yaml") if p.stem.isdigit()), key=lambda p: int(p.stem))
