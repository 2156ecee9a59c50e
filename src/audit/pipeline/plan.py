"""Planning a year: params, then every register read once, then the metrics, then the notebooks to run.

:func:`read_year` reads and validates the params file and every register the year names (each
file read once, its SHA-256 that of the bytes read); ``audit check`` stops there. :func:`plan_year`
goes on: it computes the year's metrics into a new staging folder inside the output folder, hands
the year to the kernels (:mod:`audit.core.handoff`) and lists the notebook jobs: one per audit
the year's registers allow, then the summary. Nothing is published here (:mod:`.publish`).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from audit.audits import audits_for
from audit.core import handoff
from audit.core import metrics as metrics_file
from audit.core.errors import Notice
from audit.core.params import Params, load_params
from audit.core.provenance import Source, sources
from audit.documents.word import write_audit_report
from audit.documents.workpapers import write_workpapers
from audit.pipeline import year_params  # noqa: F401 - where the commands have long found it
from audit.pipeline.fresh import fingerprint
from audit.pipeline.schedule import Job
from audit.registers import Register, load_registers, open_elsewhere

SUMMARY_NOTEBOOK = Path(__file__).resolve().parents[1] / "report" / "summary.ipynb"
WORKPAPERS = "workpapers.xlsx"  # the year's working papers (审计底稿), written with its metrics.json
AUDIT_REPORT = "audit_report.docx"  # the audit report in Word (GB/T 9704 layout), from the same metrics
FINDINGS_NOTEBOOK = Path(__file__).resolve().parents[1] / "findings" / "findings.ipynb"
# The pages of the year as a whole, after the audits' (each compares with last year, from outputs_dir on its own)
YEAR_PAGES: tuple[tuple[str, Path], ...] = (("findings", FINDINGS_NOTEBOOK), ("summary", SUMMARY_NOTEBOOK))


def year_page_title(name: str, language: str, year: int) -> str:
    """The title of one of :data:`YEAR_PAGES` in `language`."""
    if name == "findings":
        from audit.findings.page import FindingsReport

        return FindingsReport.TEXT[language]["title"].format(year=year)
    from audit.report.summary import SummaryReport

    return SummaryReport.TEXT[language]["title"].format(year=year)


INDEX_NOTEBOOK = Path(__file__).resolve().parents[1] / "report" / "index.ipynb"


@dataclass
class YearInputs:
    """A year's validated inputs: the params, every register, and what was read with its SHA-256."""

    params: Params
    registers: dict[str, Register]
    sources: list[Source]
    notices: list[Notice] = field(default_factory=list)  # what the auditor should know (a workbook open in Excel)


def _require_pdf(params: Params, where: str) -> None:
    """Raise InputError where the year asks for PDF and WeasyPrint cannot make it (`where`: the param or option)."""
    from audit.core.errors import InputError
    from audit.core.params import display_path
    from audit.documents.pdf import unavailable

    assert params.source is not None
    problem = unavailable(display_path(params.source), where)
    if problem is not None:
        raise InputError([problem])


def read_year(params_path: Path) -> YearInputs:
    """Read and validate the params and every register of a year; raise InputError with every problem."""
    params = load_params(params_path)
    notices = open_elsewhere(params)
    registers = load_registers(params)
    if "pdf" in params.formats:  # `check` says so as `run` would
        _require_pdf(params, "formats")
    return YearInputs(params, registers, sources(params, registers), notices)


@dataclass
class YearPlan:
    """A planned year: its inputs and metrics, the staging folder its pages go to, and the jobs to run.

    `handoff` is the private folder that hands the year to its kernels, which have the registers
    from there (the plan does not keep them). `sources` are the inputs with the SHA-256 of the
    bytes read; `reports` and `warnings` fill as the pages are written.
    """

    params: Params
    sources: list[Source]
    metrics: dict
    staging: Path
    handoff: Path
    jobs: list[Job]
    folder: Path
    previous_root: Path
    reports: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fingerprint: str | None = None  # of everything its pages depend on (audit.pipeline.fresh), for its manifest

    @property
    def year(self) -> int:
        """The audited year."""
        return self.params.year

    def before(self, job: Job) -> None:
        """Just before `job` runs (nothing to do: the kernels were handed the whole year when it was planned)."""

    def page_written(self, job: Job, stderr: list[str]) -> str:
        """Record a finished page (and the notebook's stderr, as warnings); its progress line."""
        self.warnings.extend(f"{job.notebook}: {text.strip()}" for text in stderr)
        self.reports.append(f"{job.notebook}.html")
        return f"{self.year} {job.notebook}.html"

    def discard(self) -> None:
        """Remove what is left of the staging folder (nothing, once published) and the hand-off."""
        shutil.rmtree(self.staging, ignore_errors=True)
        shutil.rmtree(self.handoff, ignore_errors=True)


_PUBLISHED = object()  # plan_year's `previous` when not given: last year's published metrics.json


def previous_metrics(previous_root: Path, year: int) -> dict[str, Any] | None:
    """Last year's published metrics.json under `previous_root`, or None where there is none."""
    path = previous_root / str(year - 1) / "metrics.json"
    return metrics_file.read(path) if path.is_file() else None


def plan_year(
    params_path: Path,
    out_root: Path,
    previous_root: Path | None = None,
    previous: Mapping[str, Any] | None | object = _PUBLISHED,
    pdf: bool = False,
) -> YearPlan:
    """Validate a year, compute its metrics into a new staging folder in `out_root`; raise InputError.

    The year compares with and follows up last year's metrics: `previous` where given (a run of
    several years gives the metrics it is about to publish for last year; None: there is none),
    else last year's metrics.json under `previous_root` (default: the output folder itself; a
    re-performance writes elsewhere but compares with the same year). The summary and the
    findings page are handed the same figures. Every page is also printed to PDF where `pdf`
    (``audit run --pdf``) or the year's ``formats`` ask for it.
    """
    inputs = read_year(params_path)
    params = inputs.params
    print_pdf = pdf or "pdf" in params.formats
    if pdf and "pdf" not in params.formats:
        _require_pdf(params, "--pdf")
    if previous is _PUBLISHED:
        previous = previous_metrics(previous_root or out_root, params.year)
    last_year = cast("Mapping[str, Any] | None", previous)
    metrics = metrics_file.compute_all(inputs.registers, params, last_year)
    out_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{params.year}-staging-", dir=out_root))
    handed = Path(tempfile.mkdtemp(prefix=f".{params.year}-handoff-", dir=out_root))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a report folder is meant to be shared
        metrics_file.write(metrics, staging / "metrics.json")
        write_workpapers(metrics, inputs.registers, params, staging / WORKPAPERS)
        write_audit_report(metrics, params, staging / AUDIT_REPORT)
        handoff.write(handed, params, inputs.registers, staging / "metrics.json", inputs.sources)
        handoff.write_previous(handed, last_year)
        assert params.source is not None
        cwd = params.source.parent
        language = params.language
        env = {handoff.ENV: str(handed)}
        jobs = [
            Job(
                a.notebook,
                a.title[language],
                language,
                {"params_file": params.source.name},
                cwd,
                a.notebook_path,
                env,
                print_pdf,
            )
            for a in audits_for(inputs.registers)
        ]
        jobs.extend(
            Job(
                name,
                year_page_title(name, language, params.year),
                language,
                {"params_file": params.source.name},
                cwd,
                path,
                env,
                print_pdf,
            )
            for name, path in YEAR_PAGES
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(handed, ignore_errors=True)
        raise
    plan = YearPlan(
        params, inputs.sources, metrics, staging, handed, jobs, out_root / str(params.year), previous_root or out_root
    )
    plan.warnings.extend(notice.text(params.language) for notice in inputs.notices)
    plan.fingerprint = fingerprint(inputs.sources, last_year, print_pdf)
    return plan


def release_memory() -> None:
    """Give back to the system the memory a year's registers took, once they are handed to the kernels.

    The registers are freed when the plan is made, but the C library keeps the freed memory for the
    driver's later use unless told otherwise (glibc's ``malloc_trim``); the kernels that read the
    registers next would need it as well. Elsewhere this only collects Python's garbage.
    """
    import ctypes
    import gc
    import sys

    gc.collect()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc: nothing to ask
            pass


def index_job(folder: Path, language: str) -> Job:
    """The index page's notebook job: it reads every ``<year>/metrics.json`` under `folder`, its working folder."""
    from audit.report.index import TEXT

    return Job(
        "index", TEXT[language]["title"], language, {"outputs_dir": ".", "language": language}, folder, INDEX_NOTEBOOK
    )
