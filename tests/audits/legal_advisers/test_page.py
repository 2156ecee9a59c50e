"""The legal advisers report page: each section in both languages, no adviser named, register text escaped."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from audit.audits import REGISTRY
from audit.audits.legal_advisers import AUDIT
from audit.audits.legal_advisers.page import _EN, _ZH, LegalAdvisersReport

from .helpers import ADVISERS, SAMPLE, UNITS_2020, ZH_COLUMNS, work
from conftest import ROOT, write_csv

NOTEBOOK = AUDIT.notebook_path
SECTIONS = (
    "title",
    "headline",
    "kinds",
    "monthly_chart",
    "months",
    "units",
    "unit_chart",
    "coverage",
    "evidence",
    "footer",
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def build(params_path: Path) -> dict[str, str]:
    report = LegalAdvisersReport.open(params_path)
    return {name: str(getattr(report, name)()) for name in SECTIONS}


def write_year(tmp_path: Path, rows: list[list[str]] | None = None, language: str = "zh", **extra: object) -> Path:
    register = SAMPLE if rows is None else write_csv(tmp_path / "legal_advisers.csv", ZH_COLUMNS, rows)
    data = {"year": 2020, "language": language, "registers": {"legal_advisers": str(register)}, **extra}
    path = tmp_path / "2020.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory) -> dict[str, str]:
    return build(write_year(tmp_path_factory.mktemp("page"), legal_advisers={"units": UNITS_2020}))


def sample_advisers() -> set[str]:
    import csv

    with open(SAMPLE, encoding="utf-8", newline="") as fh:
        return {row["法律顾问"] for row in csv.DictReader(fh) if row["法律顾问"]}


def test_sample_page_shows_the_seeds_figures(sample_pages):
    assert "法律顾问工作审计报告" in sample_pages["title"]
    head = sample_pages["headline"]
    for figure in ("68", "64", "22", "319", "160", "21 / 22"):
        assert f'<div class="value">{figure}</div>' in head
    assert "审查合同协议160件（其中重大项目协议68件）" in head and "参加涉法专项会议64次" in head
    assert "21个有法律顾问工作记录（95.45%），1个没有：区退役军人事务局" in head
    assert "<td>其中：重大项目协议</td>" in sample_pages["kinds"]
    assert sample_pages["months"].count("<tr>") == 1 + 12 + 1
    assert sample_pages["units"].count("<tr>") == 1 + 22 and "不在名单" in sample_pages["units"]
    assert all("<img" in sample_pages[s] for s in ("monthly_chart", "unit_chart"))
    assert 'class="audit-warning"' in sample_pages["coverage"] and "区退役军人事务局" in sample_pages["coverage"]
    assert "以下服务单位不在名单中（1个）：区政府" in sample_pages["coverage"]
    assert "中办发〔2016〕30号" in sample_pages["coverage"]
    evidence = sample_pages["evidence"]
    assert "重大项目协议审查（68件）" in evidence and "涉法专项会议（64次）" in evidence
    assert evidence.count("<tr>") == 2 + 68 + 64
    assert "上海复高科技（集团）有限公司" in evidence and "三盛集团委托办学" in evidence
    assert "法律顾问工作台账" in sample_pages["footer"]


def test_no_adviser_is_named_in_the_page(sample_pages):
    import html

    names = sample_advisers()
    assert len(names) == 17
    text = html.unescape("".join(sample_pages.values()))
    assert not [n for n in names if n in text]


def test_without_a_units_list_the_page_says_coverage_was_not_checked(tmp_path):
    pages = build(write_year(tmp_path))
    assert "参数文件未列出应有法律顾问的单位，未核查覆盖情况。" in pages["headline"]
    assert "legal_advisers.units" in pages["coverage"] and "audit-warning" not in pages["coverage"]
    assert "名单" not in pages["units"] and "名单内单位有法律顾问" not in pages["headline"]


def test_register_text_is_escaped_and_no_adviser_appears(tmp_path):
    rows = [
        work("1", unit="<b>区城管局</b>", kind="合同协议审查", major="是", matter="<script>alert(1)</script>"),
        work("2", kind="涉法专项会议", matter="<img src=x onerror=alert(1)>", adviser=ADVISERS[1]),
    ]
    pages = build(write_year(tmp_path, rows, legal_advisers={"units": ["<b>区城管局</b>", "区住建局"]}))
    text = "".join(pages.values())
    assert "<script>alert(1)</script>" not in text and "<img src=x" not in text and "<b>区城管局" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["evidence"]
    assert "&lt;b&gt;区城管局&lt;/b&gt;" in pages["units"]
    assert not [n for n in ADVISERS if n in text]


def test_a_year_without_major_projects_or_meetings_says_so(tmp_path):
    pages = build(write_year(tmp_path, [work("1", kind="法律咨询"), work("2", kind="其他", unit="盖山镇")]))
    assert "本年度登记表中没有重大项目协议审查和涉法专项会议。" in pages["evidence"]
    assert '<div class="value">0</div>' in pages["headline"]
    all_listed = build(write_year(tmp_path, [work("1", kind="法律咨询")], legal_advisers={"units": ["区城管局"]}))
    assert "参数所列1个单位均有法律顾问工作记录。" in all_listed["headline"]
    assert "名单内的单位均有法律顾问工作记录。" in all_listed["coverage"]


def test_english_texts_exist_for_every_key():
    assert set(_ZH) == set(_EN)
    fields = lambda s: set(re.findall(r"{(\w+)}", s))  # noqa: E731
    assert {k for k in _ZH if fields(_EN[k]) != fields(_ZH[k])} == set()


def test_the_english_page_builds_and_reads_english(tmp_path):
    rows = [
        work("1", unit="District housing bureau", kind="contract_review", major="yes", matter="Investment agreement"),
        work("2", unit="Gaishan town", kind="legal_meeting", matter="Meeting on land disputes"),
    ]
    pages = build(write_year(tmp_path, rows, language="en", legal_advisers={"units": ["Gaishan town", "Finance"]}))
    assert "Legal advisers audit" in pages["title"]
    assert "contracts and agreements reviewed 1 (for major projects 1)" in pages["headline"]
    assert "Of the 2 units the params list, 1 have work by a legal adviser recorded (50.00%)" in pages["headline"]
    assert "Major-project agreement reviews (1)" in pages["evidence"]
    for name in SECTIONS[:-1]:
        assert not CJK.search(re.sub(r'src="data:[^"]+"', "", pages[name])), name
    assert "Legal advisers&#x27; work register" in pages["footer"]


def test_notebook_is_thin_without_outputs_and_calls_existing_sections():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code[0]["metadata"]["tags"] == ["parameters"] and 'params_file = "params/2020.yaml"' in "".join(
        code[0]["source"]
    )
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert [c["id"] for c in nb["cells"]] == [f"cell-{i:02d}" for i in range(len(nb["cells"]))]
    called = re.findall(r"report\.(\w+)\(\)", "".join("".join(c["source"]) for c in code))
    assert called == list(SECTIONS)


# -- end to end: run, check and new-year through the command line -------------------------------------


@pytest.mark.e2e
def test_the_audit_runs_checks_and_starts_a_new_year(tmp_path):
    params = write_year(
        tmp_path,
        legal_advisers={"units": UNITS_2020},
        reported={
            "legal_advisers.major_project_reviews": 68,
            "legal_advisers.legal_meetings": 64,
        },
    )
    env = dict(os.environ)
    if AUDIT.package not in REGISTRY:
        env["AUDIT_EXTRA_AUDITS"] = AUDIT.package

    def audit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "audit.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )

    check = audit("check", "--params", str(params), "--lang", "en")
    assert check.returncode == 0 and "1 register checked, 319 rows" in check.stdout, check.stdout + check.stderr
    run = audit("run", "--params", str(params), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    year = tmp_path / "out" / "2020"
    metrics = json.loads((year / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["legal_advisers"]["major_project_reviews"] == 68
    assert [c["verdict"] for c in metrics["claims"]] == ["match", "match"]
    page = (year / "legal_advisers.html").read_text(encoding="utf-8")
    assert "法律顾问工作审计报告" in page and "重大项目协议审查（68件）" in page
    assert not [n for n in sample_advisers() if n in page]
    summary = (year / "summary.html").read_text(encoding="utf-8")
    assert "重大项目协议法律审查" in summary and 'href="legal_advisers.html"' in summary
    new = audit("new-year", "2021", "--params-dir", str(tmp_path), "--data-dir", str(tmp_path / "data"))
    assert new.returncode == 0, new.stderr
    assert (tmp_path / "data" / "2021" / "legal_advisers.xlsx").is_file()
    carried = yaml.safe_load((tmp_path / "2021.yaml").read_text(encoding="utf-8"))
    assert carried["legal_advisers"]["units"] == UNITS_2020 and "reported" not in carried
