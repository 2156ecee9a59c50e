"""Notebook regression: every audit notebook, executed with each sample year's params, gives the
same outputs as its stored executed copy in tests/notebooks/<year>/ (pytest-notebook).

What may differ between two executions is configured in pyproject.toml (``nb_diff_ignore``,
``nb_diff_replace``): execution counts and timings, the Python version, the bytes of embedded
PNG charts and the git commit in the footer. Any change of a table's or heading's text — in
``text/html`` or ``text/plain`` — fails with nbdime's diff of the cell that moved.

The stored copies are the notebooks with papermill's injected parameters cell; they are
rewritten only on purpose, with ``make golden`` (``pytest --update-golden``).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest

from audit.audits import AUDITS
from audit.pipeline.plan import INDEX_NOTEBOOK, YEAR_PAGES

from conftest import PARAMS_FILES, ROOT

pytestmark = pytest.mark.e2e

STORED = ROOT / "tests" / "notebooks"
# every notebook a run executes: each audit's (from the registry), the year's findings and summary, and the index
NOTEBOOK_FILES = {a.notebook: a.notebook_path for a in AUDITS} | dict(YEAR_PAGES) | {"index": INDEX_NOTEBOOK}
YEAR_PAGE_NAMES = tuple(name for name, _ in YEAR_PAGES)
NOTEBOOKS = sorted(NOTEBOOK_FILES)
# The summary looks for last year's metrics.json under outputs_dir, the index for every year's; this
# folder never exists, so the stored copies do not depend on what a developer's outputs/ holds.
NO_PREVIOUS_OUTPUTS = "../tests/notebooks/no-previous-year"


def parameters(notebook: str, params_file: Path) -> dict[str, str]:
    """The notebook's parameters for a run on its own (`audit run` hands the summary last year's metrics
    instead of an output folder): the params file relative to the params folder, and an output folder
    that never exists, so the stored copies do not depend on what a developer's outputs/ holds."""
    if notebook == "index":  # the index reads only an output folder; an empty one keeps it machine-independent
        return {"outputs_dir": NO_PREVIOUS_OUTPUTS, "language": "zh"}
    values = {"params_file": params_file.name}
    if notebook in YEAR_PAGE_NAMES:
        values["outputs_dir"] = NO_PREVIOUS_OUTPUTS
    return values


def parameterized(notebook: str, params_file: Path) -> nbformat.NotebookNode:
    """The source notebook with papermill's injected parameters cell, with stable cell ids."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(NOTEBOOK_FILES[notebook]))
    nb = parameterize_notebook(nb, parameters(notebook, params_file), report_mode=False)
    nb.metadata.pop("papermill", None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
        cell.metadata.pop("papermill", None)
    return nb


PNG_PAYLOAD = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")
COMMIT = re.compile(r"\b[0-9a-f]{40}(-dirty)?\b")


def strip_volatile(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """An executed notebook without what changes every run or is not compared (kept out of the
    stored copies): execution timings, and the PNG payload of charts (nb_diff_replace maps both
    sides to the same placeholder, so storing the bytes would only bloat the repository)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if data.get("text/html"):
                data["text/html"] = PNG_PAYLOAD.sub("data:image/png;base64,PNG", data["text/html"])
            for kind in ("text/html", "text/plain"):  # the commit moves with every commit (nb_diff_replace)
                if isinstance(data.get(kind), str):
                    data[kind] = COMMIT.sub("COMMIT", data[kind])
    return nb


def year_notebooks(params_file: Path) -> list[str]:
    """The notebooks a run of the year executes: the audits its registers allow, the year's pages and the index."""
    from audit.audits import audits_for
    from audit.core.params import load_params

    ran = {a.notebook for a in audits_for(load_params(params_file).registers.present())}
    return [n for n in NOTEBOOKS if n in ran or n in (*YEAR_PAGE_NAMES, "index")]


CASES = [(p, n) for p in PARAMS_FILES for n in year_notebooks(p)]


@pytest.mark.parametrize(("params_file", "notebook"), CASES, ids=[f"{p.stem}-{n}" for p, n in CASES])
def test_notebook_outputs_match_stored_copy(nb_regression, params_file: Path, notebook: str, update_golden: bool):
    stored = STORED / params_file.stem / f"{notebook}.ipynb"
    nb_regression.exec_cwd = str(params_file.parent)  # as `audit run` executes them
    if update_golden:
        stored.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(parameterized(notebook, params_file), stored)
        result = nb_regression.check(str(stored), raise_errors=False)
        errors = [o for c in result.nb_final.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors, f"{notebook} failed while regenerating: {errors[0].get('ename')}: {errors[0].get('evalue')}"
        nbformat.write(strip_volatile(result.nb_final), stored)
    if not stored.is_file():
        pytest.fail(
            f"no stored copy tests/notebooks/{params_file.stem}/{notebook}.ipynb for params/{params_file.name}; "
            "create it deliberately with `make golden` (pytest --update-golden) and review it"
        )
    # pytest-notebook executes the stored copy's code: it must be the current notebook's code
    stored_cells = [
        c for c in nbformat.read(stored, as_version=4).cells if "injected-parameters" not in c.metadata.get("tags", [])
    ]
    current = nbformat.read(NOTEBOOK_FILES[notebook], as_version=4).cells
    assert [(c.cell_type, c.source) for c in stored_cells] == [(c.cell_type, c.source) for c in current], (
        f"{NOTEBOOK_FILES[notebook].name} changed since its copy was stored: run `make golden` and review the diff"
    )
    nb_regression.check(str(stored))


def displayed(nb: nbformat.NotebookNode) -> list[str]:
    """What a notebook's code cells display (HTML and text), with chart bytes and the commit left out.

    The stylesheet a notebook run on its own shows for JupyterLab (audit.report.base.standalone) is
    left out too: a run's pages have it in their head.
    """
    shown = []
    for cell in strip_volatile(nb).cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if "audit-notebook-style" in "".join(output.get("data", {}).get("text/html", "")):
                continue
            shown += [
                output.get("data", {}).get(kind)
                for kind in ("text/html", "text/plain")
                if output.get("data", {}).get(kind)
            ]
    return shown


# what `audit run` executed with the year handed over, against the notebook run on its own (the stored copy);
# the year's pages after the first year compare with last year, which the stored copies never have
HANDED_OVER = [
    (p, n)
    for i, p in enumerate(PARAMS_FILES)
    for n in year_notebooks(p)
    if n != "index" and (n not in YEAR_PAGE_NAMES or i == 0)
]


@pytest.mark.parametrize(("params_file", "notebook"), HANDED_OVER, ids=[f"{p.stem}-{n}" for p, n in HANDED_OVER])
def test_a_run_displays_what_the_notebook_on_its_own_displays(sample_runs, params_file: Path, notebook: str):
    """A run's kernels take the year from the driver (the registers it validated, the metrics.json it
    wrote); a notebook opened on its own loads and computes the year itself. Both show the same."""
    run = nbformat.read(sample_runs[int(params_file.stem)] / f"{notebook}.ipynb", as_version=4)
    stored = nbformat.read(STORED / params_file.stem / f"{notebook}.ipynb", as_version=4)
    assert displayed(run) == displayed(stored)
