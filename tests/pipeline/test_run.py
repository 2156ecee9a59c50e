"""End to end: `audit run` on the sample year, and what a failed run leaves behind."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audit.audits import by_key, register_roles
from audit.core.params import load_params

from conftest import ROOT, SAMPLE_PARAMS, hashes, run_all
from conftest import run_audit as audit

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sample_run(sample_runs, tmp_path_factory) -> Path:
    """A copy of the shared 2020 run (a test below runs a failing year against its folder)."""
    out = tmp_path_factory.mktemp("out")
    shutil.copytree(sample_runs[2020], out / "2020")
    return out / "2020"


def test_run_all_writes_every_year_and_the_index(sample_out):
    from audit.audits import audits_for

    for year in ("2020", "2021"):
        names = sorted(p.name for p in (sample_out / year).iterdir())
        pages = [a.notebook for a in audits_for(load_params(ROOT / f"params/{year}.yaml").registers.present())]
        expected = [f"{page}{ext}" for page in (*pages, "findings", "summary") for ext in (".html", ".ipynb")]
        assert names == sorted([*expected, "manifest.json", "metrics.json", "workpapers.xlsx", "audit_report.docx"])
    index = (sample_out / "index.html").read_text(encoding="utf-8")
    assert 'href="2021/summary.html"' in index and 'href="2020/reconsideration.html"' in index
    assert "26.67%" in index and "40.00%" in index


def test_a_second_run_changes_no_byte(sample_out):
    before = hashes(sample_out)
    run_all(sample_out)
    assert hashes(sample_out) == before


def test_summary_compares_with_the_previous_year(sample_out):
    page = (sample_out / "2021" / "summary.html").read_text(encoding="utf-8")
    assert "+13.33 个百分点" in page  # mediation success 26.67% -> 40.00% (2021 counts the carried-over mediations)
    page_2020 = (sample_out / "2020" / "summary.html").read_text(encoding="utf-8")
    assert "未找到 2019 年的审计结果" in page_2020
    tally = json.loads((sample_out / "2020" / "metrics.json").read_text(encoding="utf-8"))["claims_tally"]
    assert tally["checked"] == tally["match"] == page_2020.count("✓ 一致") and "✗" not in page_2020
    # every figure of the seed a register covers is checked; the one no register holds says why
    assert tally["published"] == len(load_params(ROOT / "params/2020.yaml").reported) == tally["match"] + 1
    assert tally["unverifiable"] == 1 and "没有与之对应的指标" in page_2020


def test_manifest_lists_inputs_and_outputs_with_their_hashes(sample_run):
    manifest = json.loads((sample_run / "manifest.json").read_text(encoding="utf-8"))
    given = load_params(ROOT / "params/2020.yaml").registers.present()
    assert [i["role"] for i in manifest["inputs"]] == ["params", *[k for k in register_roles() if k in given]]
    assert manifest["inputs"][0]["path"] == "params/2020.yaml"
    for name, digest in manifest["outputs"].items():
        assert hashlib.sha256((sample_run / name).read_bytes()).hexdigest() == digest
    assert "manifest.json" not in manifest["outputs"]


def test_one_switch_makes_every_report_english(tmp_path):
    params = tmp_path / "params" / "2020.yaml"
    params.parent.mkdir()
    text = SAMPLE_PARAMS.read_text(encoding="utf-8").replace("language: zh", "language: en")
    params.write_text(text.replace("../data/", str(ROOT / "data") + "/"), encoding="utf-8")
    result = audit("run", "--params", str(params), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    for page in (tmp_path / "out").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'lang="en"' in text, page.name
        headings = re.findall(r"<h[12][^>]*>(.*?)</h[12]>", text)
        assert headings and not any(re.search(r"[\u4e00-\u9fff]", h) for h in headings), (page.name, headings)


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
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # no staging folder left behind


def test_year_lookup_in_params_dir(tmp_path):
    result = audit("run", "--year", "1999", "--out", str(tmp_path))
    assert result.returncode == 2 and "1999.yaml" in result.stderr


def test_notebook_runs_unchanged_with_the_papermill_cli(tmp_path):
    papermill = shutil.which("papermill", path=str(Path(sys.executable).parent)) or "papermill"
    result = subprocess.run(
        [papermill, str(by_key("reconsideration").notebook_path), str(tmp_path / "out.ipynb")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 0, result.stderr
    executed = (tmp_path / "out.ipynb").read_text(encoding="utf-8")
    assert "26.67%" in executed
    assert "audit-notebook-style" in executed  # run on its own, the notebook shows the report's styling


def test_papermill_given_another_years_params_file_stops_never_reports_the_wrong_year(tmp_path):
    """`papermill -f params/2021.yaml` passes the file's keys (year: 2021 …), not the file: a clear error."""
    papermill = shutil.which("papermill", path=str(Path(sys.executable).parent)) or "papermill"
    result = subprocess.run(
        [papermill, str(by_key("reconsideration").notebook_path), str(tmp_path / "out.ipynb")]
        + ["-f", "params/2021.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode != 0
    executed = (tmp_path / "out.ipynb").read_text(encoding="utf-8")
    assert "WrongYear" in executed and "given year 2021" in executed and "-p params_file params/2021.yaml" in executed
    assert "26.67%" not in executed  # the 2020 figures were never shown


def test_litigation_report_metrics_and_summary_status(sample_run):
    metrics = json.loads((sample_run / "metrics.json").read_text(encoding="utf-8"))
    assert (metrics["litigation"]["cases"], metrics["litigation"]["lost"]) == (32, 4)
    page = (sample_run / "litigation.html").read_text(encoding="utf-8")
    assert "<title>行政应诉审计报告</title>" in page and '<div class="value">23.08%</div>' in page
    summary = (sample_run / "summary.html").read_text(encoding="utf-8")
    for label, value in (("行政机关负责人出庭应诉率", "23.08%"), ("行政诉讼败诉率", "20.00%")):
        row = re.search(rf"<tr><td>{label}</td>(.*?)</tr>", summary)
        assert row and value in row.group(1) and "rag-red" in row.group(1), label
    assert 'href="litigation.html"' in summary


@pytest.mark.parametrize("jobs", ["-1", "0", "two", "65", "100000", "1.5"])
def test_jobs_must_be_a_whole_number_from_one_to_the_bound(jobs, tmp_path):
    result = audit("run", "--all", "--jobs", jobs, "--out", str(tmp_path))
    assert result.returncode == 2 and "--jobs" in result.stderr and "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("command", [["run", "--all"], ["sign", "--year", "2020", "--role", "复核"]])
@pytest.mark.parametrize("wait", ["-1", "nan", "inf", "1e400", "86401", "soon"])
def test_wait_must_be_seconds_from_zero_to_a_day(command, wait, tmp_path):
    result = audit(*command, "--wait", wait, "--out", str(tmp_path))
    assert result.returncode == 2 and "--wait" in result.stderr and "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_output_folders_anywhere_hold_the_same_bytes_and_a_copy_verifies(sample_out, tmp_path):
    """No output names the folder it was written to: a run into another folder, anywhere, writes the same
    bytes, and a copy of an output folder re-performs as identical."""
    elsewhere = tmp_path / "some" / "other" / "place"
    result = audit("run", "--all", "--out", str(elsewhere))
    assert result.returncode == 0, result.stderr
    assert hashes(elsewhere) == hashes(sample_out)
    copy = tmp_path / "copy"
    shutil.copytree(elsewhere, copy)
    verified = audit("verify", "--year", "2021", "--out", str(copy), "--lang", "en")
    assert verified.returncode == 0 and "IDENTICAL" in verified.stdout, verified.stdout + verified.stderr
