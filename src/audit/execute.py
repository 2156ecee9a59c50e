"""Executing a year's notebooks in one process: papermill's parameters, nbclient's kernels, one exporter.

The hand-run way (the ``papermill`` CLI, then ``jupyter nbconvert`` for every notebook) pays a
process start, the imports of papermill or nbconvert and a kernel start twice per notebook. Here
one driver process does it all:

- parameters are injected with papermill's own functions (a cell tagged ``injected-parameters``
  after the ``parameters`` cell), so an executed notebook is the one the papermill CLI makes;
- every notebook runs in a kernel of its own, never shared with another notebook; the next
  kernel is started, and imports the report libraries, while the current notebook runs (the
  import is a silent execution: no execution count, no output, no variable of the notebook);
- kernels talk over IPC sockets in a private folder (no TCP port, no "running over TCP without
  encryption" warning on every run);
- one HTMLExporter per language renders every page, its template loaded once, in a thread
  while the next notebook runs.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

# What a kernel started ahead imports while it waits: the heavy part of every report's imports
# (pandas through the registers, pydantic through the params, matplotlib's Agg canvas).
WARM_UP = "import audit.report.base, audit.charts, matplotlib.figure, matplotlib.backends.backend_agg"
KERNEL = "python3"
START_TIMEOUT = 60


class NotebookFailed(Exception):
    """A notebook raised while executing; names the notebook and the error."""


@dataclass(frozen=True)
class Job:
    """One notebook to run: its name, page title and language, its parameters and working folder."""

    notebook: str
    title: str
    language: str
    parameters: dict[str, Any]
    cwd: Path


def _lean_nbformat() -> None:
    """Keep jsonschema from building the RFC 3987 grammar that nbformat's import would pay ~1–2 s for.

    With jupyterlab or pytest-notebook installed, `rfc3987-syntax` is present and jsonschema builds
    its grammar on import (shared/STACK-NOTES.md). Notebook validation checks no IRI format, and
    jsonschema treats the module as absent when it cannot be imported.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def notebooks_dir() -> Path:
    """The folder holding the audit notebooks (inside the installed package, or the source tree)."""
    packaged = Path(__file__).with_name("notebooks")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "notebooks"


def parameterize(notebook: str, parameters: dict[str, Any]):
    """The notebook as papermill prepares it: tags on every cell, the injected parameters cell."""
    _lean_nbformat()
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(notebooks_dir() / f"{notebook}.ipynb"))
    return parameterize_notebook(nb, parameters, kernel_name=KERNEL, language="python")


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


class Exporter:
    """Renders executed notebooks as self-contained HTML pages without code (one exporter per language)."""

    def __init__(self) -> None:
        self._exporters: dict[str, Any] = {}
        self._templates = Path(__file__).with_name("templates")
        self._css = (self._templates / "report.css").read_text(encoding="utf-8")

    def _exporter(self, language: str):
        if language not in self._exporters:
            _lean_nbformat()
            from nbconvert import HTMLExporter

            exporter = HTMLExporter(
                template_name="audit",
                extra_template_basedirs=[str(self._templates)],
                exclude_input=True,
                exclude_input_prompt=True,
                exclude_output_prompt=True,
            )
            exporter.language_code = "zh-CN" if language == "zh" else "en"
            self._exporters[language] = exporter
        return self._exporters[language]

    def html(self, nb, title: str, language: str) -> str:
        """One report page."""
        nb.metadata["title"] = title
        resources = {"metadata": {"name": title}, "audit_css": self._css}
        body, _ = self._exporter(language).from_notebook_node(nb, resources=resources)
        return body


def _failure(notebook: str, nb, error: Exception) -> NotebookFailed:
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                return NotebookFailed(f"{notebook}.ipynb, cell {cell.execution_count}: {out.ename}: {out.evalue}")
    return NotebookFailed(f"{notebook}.ipynb: {type(error).__name__}: {error}")


class Runner:
    """Runs jobs one after another, each in a fresh kernel started (and warmed) while the previous one runs."""

    def __init__(self, exporter: Exporter | None = None) -> None:
        self.exporter = exporter or Exporter()

    def run(self, jobs: list[Job], staging: Path, done: Callable[[Job, list[str]], None] = lambda job, err: None,
            before: Callable[[Job], None] = lambda job: None) -> None:
        """Execute every job into `staging` (<notebook>.ipynb, cleaned, and <notebook>.html).

        `before(job)` is called just before a job executes (the summary waits there for last
        year's report); `done(job, stderr)` once its page is written. Raises NotebookFailed.
        """
        if jobs:
            asyncio.run(self._run(jobs, staging, done, before))

    async def _start(self, job: Job, sockets: Path, number: int):
        from jupyter_client.manager import AsyncKernelManager

        km = AsyncKernelManager(kernel_name=KERNEL, transport="ipc", ip=str(sockets / f"kernel-{number}"))
        await km.start_kernel(cwd=str(job.cwd), extra_arguments=["--HistoryManager.hist_file=:memory:"])
        kc = km.client()
        kc.start_channels()
        kc.execute(WARM_UP, silent=True, store_history=False)  # queued; runs as soon as the kernel is up
        try:
            await kc.wait_for_ready(timeout=START_TIMEOUT)
        except BaseException:
            await self._stop(km, kc)
            raise
        return km, kc

    @staticmethod
    async def _stop(km, kc) -> None:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)

    async def _run(self, jobs: list[Job], staging: Path, done, before) -> None:
        _lean_nbformat()
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

        sockets = Path(tempfile.mkdtemp(prefix="audit-kernels-"))
        loop = asyncio.get_running_loop()
        pages = ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit-html")
        writes: list[asyncio.Future] = []
        ahead = asyncio.ensure_future(self._start(jobs[0], sockets, 0))
        try:
            for number, job in enumerate(jobs):
                nb = parameterize(job.notebook, job.parameters)
                km, kc = await ahead
                ahead = asyncio.ensure_future(self._start(jobs[number + 1], sockets, number + 1)) \
                    if number + 1 < len(jobs) else None
                try:
                    await loop.run_in_executor(None, before, job)
                    client = NotebookClient(nb, km=km, kernel_name=KERNEL)
                    client.kc = kc
                    try:
                        await client.async_execute()
                    except CellExecutionError as exc:
                        raise _failure(job.notebook, nb, exc) from None
                finally:
                    await self._stop(km, kc)
                writes.append(loop.run_in_executor(pages, self._write, nb, job, staging, done, nbformat))
            await asyncio.gather(*writes)
        finally:
            if ahead is not None:  # a kernel started for a job that will not run
                try:
                    await self._stop(*(await ahead))
                except Exception:
                    pass
            await asyncio.gather(*writes, return_exceptions=True)
            pages.shutdown(wait=True)
            shutil.rmtree(sockets, ignore_errors=True)

    def _write(self, nb, job: Job, staging: Path, done, nbformat) -> None:
        stderr = clean_notebook(nb)
        nbformat.write(nb, staging / f"{job.notebook}.ipynb")
        (staging / f"{job.notebook}.html").write_text(self.exporter.html(nb, job.title, job.language),
                                                     encoding="utf-8")
        done(job, stderr)
