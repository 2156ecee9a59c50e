"""End to end: `audit run` on the sample year, and what a failed run leaves behind."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from conftest import run_audit as audit

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sample_run(sample_runs, tmp_path_factory) -> Path:
    """A copy of the shared 2020 run (a test below runs a failing year against its folder)."""
    out = tmp_path_factory.mktemp("out")
    shutil.copytree(sample_runs[2020], out / "2020")
    return out / "2020"


def test_metrics_json_holds_the_seed_figures(sample_run):
    metrics = json.loads((sample_run / "metrics.json").read_text(encoding="utf-8"))
    r = metrics["reconsideration"]
    assert metrics["year"] == 2020
    assert (r["received"], r["accepted"], r["mediated"], r["pending"]) == (55, 45, 12, 7)


def test_html_report_shows_headline_figures_and_no_code(sample_run):
    page = (sample_run / "reconsideration.html").read_text(encoding="utf-8")
    assert "<title>行政复议审计报告</title>" in page and 'lang="zh-CN"' in page
    for figure in ("55", "45", "26.67%"):
        assert f'<div class="value">{figure}</div>' in page
    assert "report.headline()" not in page and "import" not in re.sub(r"<style.*?</style>", "", page, flags=re.S)
    assert "hl-ipython3" not in page and "params_file" not in page  # no code cell is shown
    assert not re.search(r"<script[^>]+src=", page), "the report must not load scripts from the network"
    assert "cdnjs" not in page and "mathjax" not in page.lower()


def test_executed_notebook_keeps_no_machine_paths_or_timings(sample_run):
    text = (sample_run / "reconsideration.ipynb").read_text(encoding="utf-8")
    assert str(ROOT) not in text and "duration" not in text and '"papermill"' not in text
    assert "stderr" not in text


def test_invalid_input_exits_nonzero_and_leaves_the_previous_report(sample_run, tmp_path):
    out = sample_run.parent
    before = {p.name: p.read_bytes() for p in sample_run.iterdir()}
    bad_data = tmp_path / "reconsideration.csv"
    text = (ROOT / "data/sample/2020/reconsideration.csv").read_text(encoding="utf-8")
    bad_data.write_text(text.replace(",受理,", ",受理了,", 1), encoding="utf-8")
    params = tmp_path / "2020.yaml"
    params.write_text(f"year: 2020\nregisters:\n  reconsideration: {bad_data.name}\n", encoding="utf-8")
    result = audit("run", "--params", str(params), "--out", str(out))
    assert result.returncode == 2
    assert "受理情况" in result.stderr and "受理了" in result.stderr and "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in sample_run.iterdir()} == before
    assert sorted(p.name for p in out.iterdir()) == ["2020"]


def test_year_lookup_in_params_dir(tmp_path):
    result = audit("run", "--year", "1999", "--out", str(tmp_path))
    assert result.returncode == 2 and "1999.yaml" in result.stderr


def test_notebook_runs_unchanged_with_the_papermill_cli(tmp_path):
    papermill = shutil.which("papermill", path=str(Path(sys.executable).parent)) or "papermill"
    result = subprocess.run([papermill, "notebooks/reconsideration.ipynb", str(tmp_path / "out.ipynb")],
                            cwd=ROOT, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert result.returncode == 0, result.stderr
    assert "26.67%" in (tmp_path / "out.ipynb").read_text(encoding="utf-8")
