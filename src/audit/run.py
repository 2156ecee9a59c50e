"""Running a year: validate everything, compute metrics, execute the notebooks, render HTML.

Inputs are validated before any notebook runs (:func:`prepare_year`). Everything is written into
a staging folder inside the output folder and moved into ``<out>/<year>`` only when every report
succeeded, so a failed run never leaves a half-written report over the previous good one.
:func:`run_year` does it all for one year; ``audit run`` prepares every year first and runs the
notebooks of all of them through one :class:`~audit.execute.Runner`.
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
from .params import Params, load_params
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


@dataclass
class PreparedYear:
    """A validated year: its metrics written into a staging folder, and the notebook jobs still to run."""

    params: Params
    staging: Path
    jobs: list[Job]
    result: RunResult

    def publish(self) -> None:
        """Write the manifest and move the finished staging folder into ``<out>/<year>``."""
        write_manifest(self.params, self.staging)
        publish(self.staging, self.result.folder)

    def discard(self) -> None:
        """Remove what is left of the staging folder (nothing, once published)."""
        shutil.rmtree(self.staging, ignore_errors=True)

    def page_written(self, job: Job, stderr: list[str]) -> str:
        """Record a finished page (and the notebook's stderr, as warnings); its progress line."""
        self.result.warnings.extend(f"{job.notebook}: {text.strip()}" for text in stderr)
        self.result.reports.append(f"{job.notebook}.html")
        return f"{self.params.year} {job.notebook}.html"


def prepare_year(params_path: Path, out_root: Path, previous_root: Path | None = None) -> PreparedYear:
    """Validate a year, compute its metrics into a new staging folder in `out_root`; raise InputError.

    The summary compares with last year's metrics.json under `previous_root` (default: the
    output folder itself; a re-performance writes elsewhere but compares with the same year).
    """
    params = load_params(params_path)
    loaded = load_registers(params)
    metrics = metrics_file.compute_all(loaded, params)
    out_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{params.year}-staging-", dir=out_root))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a report folder is meant to be shared
        metrics_file.write(metrics, staging / "metrics.json")
        assert params.source is not None
        cwd = params.source.parent
        language = params.language
        outputs_dir = _notebook_path(previous_root or out_root, params.source)
        jobs = [Job(a.notebook, a.title[language], language, {"params_file": params.source.name}, cwd)
                for a in audits_for(loaded)]
        jobs.append(Job("summary", SummaryReport.TEXT[language]["title"].format(year=params.year), language,
                        {"params_file": params.source.name, "outputs_dir": outputs_dir}, cwd))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return PreparedYear(params, staging, jobs, RunResult(params.year, out_root / str(params.year)))


def run_year(params_path: Path, out_root: Path, progress: Callable[[str], None] = lambda _: None,
             previous_root: Path | None = None, runner: Runner | None = None) -> RunResult:
    """Run every audit of one year into ``out_root/<year>``; raise InputError or NotebookFailed.

    Everything is written into a staging folder first and published only when every report
    succeeded. See :func:`prepare_year` for `previous_root`.
    """
    if runner is None:
        with Runner() as runner:  # started first: its imports overlap the validation below
            return run_year(params_path, out_root, progress, previous_root, runner)
    year = prepare_year(params_path, out_root, previous_root)
    try:
        runner.run(year.jobs, year.staging, lambda job, stderr: progress(year.page_written(job, stderr)))
        year.publish()
    finally:
        year.discard()
    return year.result


def index_job(folder: Path, language: str) -> Job:
    """The index page's notebook job: it reads every ``<year>/metrics.json`` under `folder`, its working folder."""
    return Job("index", INDEX_TEXT[language]["title"], language, {"outputs_dir": ".", "language": language}, folder)


def index_ahead(out_root: Path, years: list[PreparedYear]) -> Path:
    """A staging folder that looks, to the index, as `out_root` will once every one of `years` is published.

    The index reads each year folder's ``metrics.json`` and the names of its pages; this folder
    holds a copy of the one and empty files for the others, for the years published already and
    the years being run. An index made in it ahead of time is the index made after the run, byte
    for byte, provided every one of `years` is published.
    """
    staging = Path(tempfile.mkdtemp(prefix=".index-staging-", dir=out_root))
    running = {str(year.params.year): year for year in years}
    try:
        for folder in sorted(out_root.iterdir()):
            if folder.is_dir() and folder.name.isdigit() and folder.name not in running:
                _mirror(folder / "metrics.json", [p.name for p in folder.glob("*.html")], staging / folder.name)
        for name, year in running.items():
            _mirror(year.staging / "metrics.json", [f"{job.notebook}.html" for job in year.jobs], staging / name)
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
    """Move a freshly made index page into place, file by file."""
    for name in ("index.ipynb", "index.html"):
        os.replace(staging / name, out_root / name)


def build_index(out_root: Path, language: str, runner: Runner | None = None) -> list[str]:
    """Rebuild ``out_root/index.html`` from every year's metrics.json in the folder; the notebook's stderr.

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
        runner.run([index_job(out_root, language)], staging, lambda job, err: stderr.extend(err))
        publish_index(staging, out_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return stderr


def year_params(params_dir: Path) -> list[Path]:
    """Every params file of a folder (``<year>.yaml``), oldest year first."""
    return sorted((p for p in params_dir.glob("*.yaml") if p.stem.isdigit()), key=lambda p: int(p.stem))
