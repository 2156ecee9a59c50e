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
from .manifest import write_manifest
from .params import Params, load_params
from .registers import load_registers


SUMMARY_TITLE = {"zh": "{year}年度法治政府建设审计汇总", "en": "Rule-of-law audit summary {year}"}
INDEX_TITLE = {"zh": "法治政府建设审计报告（历年）", "en": "Rule-of-law audit reports (all years)"}


class NotebookFailed(Exception):
    """A notebook raised while executing; names the notebook and the error."""


@dataclass
class RunResult:
    """What a run produced: the year's folder and the reports in it."""

    year: int
    folder: Path
    reports: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def notebooks_dir() -> Path:
    """The folder holding the audit notebooks (inside the installed package, or the source tree)."""
    packaged = Path(__file__).with_name("notebooks")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "notebooks"


def clean_notebook(nb: dict) -> list[str]:
    """Make an executed notebook reproducible and report-safe, in place.

    Removes papermill's timings and paths, execution timestamps and random cell ids, and takes
    stderr streams out of the outputs (returned, so the runner can show them on the console
    rather than in a report).
    """
    stderr: list[str] = []
    nb.get("metadata", {}).pop("papermill", None)
    for i, cell in enumerate(nb.get("cells", [])):
        cell["id"] = f"cell-{i:02d}"
        meta = cell.get("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        if cell.get("cell_type") == "code":
            kept = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    stderr.append("".join(out.get("text", "")))
                    continue
                kept.append(out)
            cell["outputs"] = kept
    return stderr


def export_html(nb, title: str, language: str) -> str:
    """Render an executed notebook as one self-contained HTML page without code."""
    from nbconvert import HTMLExporter

    templates = Path(__file__).with_name("templates")
    exporter = HTMLExporter(
        template_name="audit",
        extra_template_basedirs=[str(templates)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.language_code = "zh-CN" if language == "zh" else "en"
    resources = {
        "metadata": {"name": title},
        "audit_css": (templates / "report.css").read_text(encoding="utf-8"),
    }
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def execute(notebook: str, title: str, language: str, parameters: dict[str, str], cwd: Path,
            staging: Path) -> list[str]:
    """Execute one notebook with papermill and write its cleaned .ipynb and .html into `staging`.

    Returns what the notebook wrote to stderr (kept out of the report).
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = notebooks_dir() / f"{notebook}.ipynb"
    target = staging / f"{notebook}.ipynb"
    try:
        papermill.execute_notebook(
            str(source), str(target),
            parameters=parameters,
            cwd=str(cwd),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        raise NotebookFailed(f"{notebook}.ipynb, cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None
    nb = nbformat.read(target, as_version=4)
    stderr = clean_notebook(nb)
    nbformat.write(nb, target)
    (staging / f"{notebook}.html").write_text(export_html(nb, title, language), encoding="utf-8")
    return stderr


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
             previous_root: Path | None = None) -> RunResult:
    """Run every audit of one year into ``out_root/<year>``; raise InputError or NotebookFailed.

    The summary compares with last year's metrics.json under `previous_root` (default: the
    output folder itself; a re-performance writes elsewhere but compares with the same year).
    """
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
        outputs_dir = _notebook_path(previous_root or out_root, params.source)
        jobs = [(a.notebook, a.title[params.language], {"params_file": params.source.name}) for a in audits_for(loaded)]
        jobs.append(("summary", SUMMARY_TITLE[params.language].format(year=params.year),
                     {"params_file": params.source.name, "outputs_dir": outputs_dir}))
        for notebook, title, parameters in jobs:
            for text in execute(notebook, title, params.language, parameters, cwd, staging):
                result.warnings.append(f"{notebook}: {text.strip()}")
            result.reports.append(f"{notebook}.html")
            progress(f"{params.year} {notebook}.html")
        write_manifest(params, staging)
        publish(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def build_index(out_root: Path, language: str) -> list[str]:
    """Rebuild ``out_root/index.html`` from every year's metrics.json in the folder.

    The page is made in a staging folder and moved into place file by file, so a failure
    leaves the previous index as it was.
    """
    out_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".index-staging-", dir=out_root))
    try:
        stderr = execute("index", INDEX_TITLE[language], language, {"outputs_dir": ".", "language": language},
                         out_root, staging)
        for name in ("index.ipynb", "index.html"):
            os.replace(staging / name, out_root / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return stderr


def year_params(params_dir: Path) -> list[Path]:
    """Every params file of a folder (``<year>.yaml``), oldest year first."""
    return sorted((p for p in params_dir.glob("*.yaml") if p.stem.isdigit()), key=lambda p: int(p.stem))
