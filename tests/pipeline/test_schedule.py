"""A notebook that fails: what the error says, and the executed notebook kept beside it."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from audit.core.errors import AuditError, InputError, NotebookFailed
from audit.pipeline import publish
from audit.pipeline.schedule import Batch, Job, Runner

pytestmark = pytest.mark.e2e


def _broken_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("a page that fails"),
        nbformat.v4.new_code_cell("params_file = 'x'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("shown = 1\nshown"),
        nbformat.v4.new_code_cell("raise ValueError('boom')"),
        nbformat.v4.new_code_cell("'never reached'"),
    ]
    path = folder / "broken.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_failed_notebook_names_its_cell_and_exception_and_is_kept(tmp_path):
    source = _broken_notebook(tmp_path)
    staging = tmp_path / "staging"
    staging.mkdir()
    job = Job("broken", "Broken", "zh", {"params_file": "2020.yaml"}, tmp_path, source)
    with Runner(kernels=1) as runner:
        [error] = runner.run_batches([Batch([job], staging)])
    assert isinstance(error, NotebookFailed) and isinstance(error, AuditError)
    # the injected parameters cell comes after the parameters cell: the failing cell is the fifth
    assert (error.notebook, error.cell, error.ename, error.evalue) == ("broken", 4, "ValueError", "boom")
    assert any("boom" in line for line in error.traceback)
    assert str(error) == "broken.ipynb, cell 4: ValueError: boom"
    assert not list(staging.iterdir())  # no page of a failed notebook

    out = tmp_path / "out"
    publish.keep_failed(out, 2020, error)
    kept = out / "failed" / "2020" / "broken.ipynb"
    assert error.kept == kept.as_posix()
    cells = nbformat.read(kept, as_version=4).cells
    outputs = [o for c in cells if c.cell_type == "code" for o in c.outputs]
    assert {"output_type": "error", "ename": "ValueError", "evalue": "boom"}.items() <= outputs[-1].items()
    assert any(o.get("data", {}).get("text/plain") == "1" for o in outputs)  # what ran before it, with its output


def test_only_a_notebook_failure_carries_a_notebook_to_keep(tmp_path):
    publish.keep_failed(tmp_path, 2020, InputError([]))
    publish.keep_failed(tmp_path, 2020, NotebookFailed("x", None, "RuntimeError", "no kernel"))
    assert not (tmp_path / "failed").exists()
