"""The publicity audit from the command line: check, run (page, claims, privacy) and new-year's template."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_privacy import readable

from .helpers import SAMPLE_CSV, cli_env

pytestmark = pytest.mark.e2e

# The seed's figures as its report writes them (params/2020.yaml's reported: lines for this audit).
REPORTED = {
    "publicity.events": 306,
    "publicity.materials": "4万余",
    "publicity.audience": "6.3万",
    "publicity.consultations": "1400余",
    "publicity.civil_code_materials": "15000余",
}


def audit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "audit.cli", *args], cwd=cwd, env=cli_env(), capture_output=True, text=True, timeout=600
    )


def write_params(folder: Path, extra: str = "") -> Path:
    path = folder / "params" / "2020.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    reported = "".join(f"  {k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in REPORTED.items())
    path.write_text(
        f"year: 2020\nregisters:\n  publicity: {SAMPLE_CSV.as_posix()}\n{extra}reported:\n{reported}", encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("publicity")
    result = audit("run", "--params", str(write_params(folder)), "--out", "out", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "out" / "2020"


def test_check_passes_on_the_sample(tmp_path):
    result = audit("check", "--params", str(write_params(tmp_path)), "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0 and "1 register checked, 306 rows" in result.stdout, result.stdout + result.stderr


def test_the_run_writes_the_page_and_the_seeds_figures_match(run):
    page = (run / "publicity.html").read_text(encoding="utf-8")
    assert "法治宣传（普法）审计报告" in page and "普法活动登记表" in page  # the footer names the register
    metrics = json.loads((run / "metrics.json").read_text(encoding="utf-8"))
    claims = {c["key"]: c["verdict"] for c in metrics["claims"]}
    assert claims == dict.fromkeys(REPORTED, "match")
    summary = (run / "summary.html").read_text(encoding="utf-8")
    assert "法治宣传活动场次" in summary and "必须开展的普法主题均已开展" in summary


def test_no_speaker_is_named_in_any_output(run):
    with open(SAMPLE_CSV, encoding="utf-8") as fh:
        speakers = {row["主讲人"] for row in csv.DictReader(fh)} - {""}
    leaks = []
    for path in sorted(p for p in run.rglob("*") if p.is_file()):
        text = readable(path)  # the workbook's XML too
        leaks += [f"{path.name}: {name}" for name in speakers if name in text]
    assert not leaks


def test_a_bad_params_block_names_its_key(tmp_path):
    params = write_params(tmp_path, "publicity:\n  required_themes: [constitution, anti_fraud]\n")
    result = audit("check", "--params", str(params), "--lang", "en", cwd=tmp_path)
    assert result.returncode == 2 and "publicity.required_themes" in result.stdout + result.stderr


def test_new_year_writes_a_template_of_the_register(tmp_path):
    write_params(tmp_path)
    result = audit("new-year", "2021", "--params-dir", "params", "--data-dir", "data", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    template = tmp_path / "data" / "2021" / "publicity.xlsx"
    assert template.is_file()
    from openpyxl import load_workbook

    sheet = load_workbook(template).worksheets[0]
    assert sheet.title == "普法活动登记表"
    assert [c.value for c in sheet[1]][:5] == ["日期", "活动名称", "主题", "形式", "组织单位"]
    assert "publicity" in (tmp_path / "params" / "2021.yaml").read_text(encoding="utf-8")
