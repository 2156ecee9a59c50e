"""`audit lab`: a personal working copy of a year's notebooks, that year's parameters written in."""

from __future__ import annotations

import json

import pytest

from audit.cli import main
from audit.pipeline.lab import CopyExists, working_copy

from conftest import ROOT


def parameters_of(notebook) -> str:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return "".join(next(c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", []))["source"])


def test_a_copy_per_audit_of_the_year_and_the_summary_with_its_parameters(tmp_path):
    made = working_copy(ROOT / "params/2021.yaml", tmp_path / "lab", ROOT / "outputs")
    assert made.folder == tmp_path / "lab/2021"
    assert [p.name for p in made.notebooks][-1] == "summary.ipynb" and len(made.notebooks) >= 2
    for notebook in made.notebooks:
        injected = parameters_of(notebook)
        assert "year = 2021" in injected
        params_file = next(line for line in injected.splitlines() if line.startswith("params_file"))
        target = (made.folder / params_file.split('"')[1]).resolve()
        assert target == (ROOT / "params/2021.yaml").resolve()  # relative: the copy moves with the project
        assert str(tmp_path) not in injected
    assert 'outputs_dir = "' in parameters_of(made.folder / "summary.ipynb")
    shared = json.loads((ROOT / "src/audit/report/summary.ipynb").read_text(encoding="utf-8"))
    assert not any("injected-parameters" in c["metadata"].get("tags", []) for c in shared["cells"])


def test_a_copy_is_never_overwritten_but_with_force(tmp_path):
    made = working_copy(ROOT / "params/2020.yaml", tmp_path, ROOT / "outputs")
    made.notebooks[0].write_text("my own notes", encoding="utf-8")
    with pytest.raises(CopyExists):
        working_copy(ROOT / "params/2020.yaml", tmp_path, ROOT / "outputs")
    assert made.notebooks[0].read_text(encoding="utf-8") == "my own notes"
    working_copy(ROOT / "params/2020.yaml", tmp_path, ROOT / "outputs", force=True)
    assert made.notebooks[0].read_text(encoding="utf-8") != "my own notes"


def test_the_command_writes_the_copy_and_says_how_to_open_it(tmp_path, capsys):
    into = tmp_path / "lab"
    assert main(["lab", "--params", str(ROOT / "params/2021.yaml"), "--into", str(into)]) == 0
    out = capsys.readouterr().out
    assert "jupyter lab" in out and str(into / "2021") in out
    assert main(["lab", "--params", str(ROOT / "params/2021.yaml"), "--into", str(into)]) == 2
    assert "已存在" in capsys.readouterr().err


@pytest.mark.e2e
def test_the_copy_runs_its_year(tmp_path):
    """Executed where it lies, as JupyterLab runs it, the copy shows 2021, not the shared notebook's 2020."""
    import nbformat
    from nbclient import NotebookClient

    made = working_copy(ROOT / "params/2021.yaml", tmp_path, ROOT / "outputs")
    notebook = next(p for p in made.notebooks if p.stem == "reconsideration")
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(made.folder)}}).execute()
    title = "".join(o.get("data", {}).get("text/html", "") for o in nb.cells[3]["outputs"])
    assert "2021" in title and "2020" not in title
