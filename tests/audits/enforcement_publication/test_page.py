"""The enforcement publication page: each section in both languages, no party named, text escaped, the notebook."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from audit.audits.enforcement_publication import AUDIT
from audit.audits.enforcement_publication.page import _EN, _ZH, EnforcementPublicationReport

from .helpers import ENV, ZH_COLUMNS, decision
from conftest import ROOT, write_csv, write_params

SAMPLE = ROOT / "data" / "sample" / "2020" / "enforcement_publication.csv"
SECTIONS = ("title", "headline", "kinds", "late", "unpublished", "delay_chart", "units", "unit_chart", "footer")
CJK = re.compile(r"[\u4e00-\u9fff]")


def build(params_path: Path) -> dict[str, str]:
    report = EnforcementPublicationReport.open(params_path)
    return {name: str(getattr(report, name)()) for name in SECTIONS}


def write_year(tmp_path: Path, rows: list[list[str]], language: str = "zh", **extra: object) -> Path:
    write_csv(tmp_path / "enforcement_publication.csv", ZH_COLUMNS, rows)
    return write_params(
        tmp_path, {"enforcement_publication": "enforcement_publication.csv"}, language=language, **extra
    )


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("sample")
    return build(write_params(folder, {"enforcement_publication": str(SAMPLE)}))


EXCEPTIONS = [
    decision("仓城管罚〔2020〕1号", decided="2020-09-29", published="2020-10-16"),  # late over National Day
    decision("仓城管罚〔2020〕2号", decided="2020-11-02", published=""),  # unpublished past the limit
    decision(
        "仓住建许〔2020〕3号", kind="行政许可", unit="区住建局", decided="2020-12-29", published=""
    ),  # not yet due
    decision("仓住建许〔2020〕4号", kind="行政许可", unit="区住建局", decided="2020-03-02", published="2020-03-05"),
    decision("仓住建强〔2020〕1号", kind="其他", unit="区住建局", decided="2020-03-02", published="2020-03-20"),
]


def test_the_sample_page_shows_the_year(sample_pages):
    assert "行政执法公示审计报告" in sample_pages["title"]
    head = sample_pages["headline"]
    for figure in ("369", "21", "98.10%", "7", "3个工作日"):
        assert f'<div class="value">{figure}</div>' in head
    assert "2020年全区21个行政执法单位共作出行政执法决定369件" in head and "信用福州369件" in head
    assert "按期公示362件、逾期公示7件、逾期未公示0件，按期公示率98.10%" in head
    kinds = sample_pages["kinds"]
    assert '<td>行政许可</td><td class="num">7</td><td class="num">141</td>' in kinds
    assert '<td>其他</td><td class="num">20</td><td class="num">32</td>' in kinds
    assert "国办发〔2018〕118号" in kinds and "7件决定在截止日之后公示" in kinds
    late = sample_pages["late"]
    assert late.count("<tr>") == 1 + 7 and "仓市监罚〔2020〕39号" in late
    assert (
        '<td class="nowrap">2020-10-15</td><td class="nowrap">2020-10-16</td><td class="num">8</td><td class="num">17</td>'
        in late
    )
    assert "没有逾期未公示的执法决定" in sample_pages["unpublished"]
    assert sample_pages["delay_chart"].count("<img") == 2 and sample_pages["unit_chart"].count("<img") == 1
    assert sample_pages["units"].count("<tr>") == 1 + 21
    assert "行政执法公示登记表" in sample_pages["footer"]


def test_no_party_is_named_anywhere_in_the_page(sample_pages):
    with open(SAMPLE, encoding="utf-8") as fh:
        parties = {row["当事人"] for row in csv.DictReader(fh) if row["当事人"]}
    assert len(parties) > 100
    text = "".join(sample_pages.values())
    assert not sorted(p for p in parties if p in text)


def test_exceptions_are_listed_by_decision_number(tmp_path):
    pages = build(write_year(tmp_path, EXCEPTIONS))
    assert "仓城管罚〔2020〕1号" in pages["late"] and "2020-10-15" in pages["late"]
    overdue, waiting = pages["unpublished"].split("<h3>公示期限未届满</h3>")
    assert "仓城管罚〔2020〕2号" in overdue and "2020-11-11" in overdue
    assert "仓住建许〔2020〕3号" in waiting and "2021-01-08" in waiting
    assert "另有1件尚未公示、公示期限尚未届满，不计入按期公示率。" in pages["headline"]
    assert '<div class="value">50.00%</div>' in pages["headline"]  # 2 on time of 4 judged
    assert pages["delay_chart"].count("<img") == 2


def test_register_text_is_escaped(tmp_path):
    rows = [
        decision(
            "<script>alert(1)</script>",
            unit="<b>区城管局</b>",
            matter="<img src=x onerror=alert(1)>",
            decided="2020-03-02",
            published="2020-03-20",
        ),
        decision("2", decided="2020-11-02", published="", matter="<script>x</script>"),
    ]
    pages = build(write_year(tmp_path, rows))
    text = "".join(pages.values())
    assert "<script>" not in text and "<img src=x" not in text and "<b>区城管局</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["late"] and "&lt;b&gt;区城管局&lt;/b&gt;" in pages["units"]
    assert (
        "&lt;img src=x onerror=alert(1)&gt;" in pages["late"]
        and "&lt;script&gt;x&lt;/script&gt;" in pages["unpublished"]
    )


def test_without_exceptions_sentences_say_so(tmp_path):
    pages = build(write_year(tmp_path, [decision("1"), decision("2", kind="行政许可")]))
    assert "本年度没有逾期公示的执法决定" in pages["late"]
    assert (
        "没有逾期未公示的执法决定" in pages["unpublished"] and "没有公示期限未届满的未公示决定" in pages["unpublished"]
    )
    assert pages["delay_chart"].count("<img") == 1  # no other decision: one chart, the 7-day limit's
    assert "另有" not in pages["headline"]


def test_nothing_published_or_judged_gives_no_chart(tmp_path):
    pages = build(write_year(tmp_path, [decision("1", decided="2020-12-30", published="")]))
    assert pages["delay_chart"] == "" and pages["unit_chart"] == ""
    assert '<div class="value">—</div>' in pages["headline"]


def test_the_unit_chart_takes_the_years_thresholds(tmp_path):
    thresholds = {"enforcement_publication.on_time_rate": {"green": 0.99, "amber": 0.98}}
    report = EnforcementPublicationReport.open(write_year(tmp_path, [decision("1")], thresholds=thresholds))
    assert report.threshold == {"green": 0.99, "amber": 0.98}
    default = EnforcementPublicationReport.open(write_year(tmp_path / "d", [decision("1")]))
    assert default.threshold == {"green": 0.95, "amber": 0.9}


def test_english_texts_exist_for_every_key():
    assert set(_ZH) == set(_EN)
    fields = lambda s: set(re.findall(r"{(\w+)}", s))  # noqa: E731
    assert {k for k in _ZH if fields(_EN[k]) != fields(_ZH[k])} == set()
    assert not [k for k, v in _EN.items() if CJK.search(v)]


def test_the_english_page_reads_english(tmp_path):
    pages = build(write_year(tmp_path, EXCEPTIONS, language="en", audit_date=dt.date(2020, 12, 31)))
    assert "Enforcement publication audit" in pages["title"]
    assert "2 enforcement units made 5 enforcement decisions" in pages["headline"]
    assert "Another 1 are not published yet and not yet due" in pages["headline"]
    assert "<td>licence</td>" in pages["kinds"] and "Guo Ban Fa [2018] No. 118" in pages["kinds"]
    assert "<h3>Not yet due</h3>" in pages["unpublished"] and "Enforcement publication register" in pages["footer"]
    assert not CJK.search(pages["title"] + pages["kinds"])
    register_text = {"区城管局", "区住建局", "占道经营", "信用福州"} | {row[1] for row in EXCEPTIONS}
    for name in ("headline", "late", "unpublished", "units"):
        text = pages[name]
        for value in register_text:
            text = text.replace(value, "")
        assert not CJK.search(text), name


def test_notebook_is_thin_without_outputs_and_calls_existing_sections():
    nb = json.loads(AUDIT.notebook_path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code[0]["metadata"]["tags"] == ["parameters"]
    assert "".join(code[0]["source"]) == (
        "# The year to audit: a params file (docs/params.md). Everything else comes from it.\n"
        'params_file = "params/2020.yaml"\n'
        "year = None  # given (papermill -f params/<year>.yaml gives it), it must be the params file's year"
    )
    assert "EnforcementPublicationReport.open(params_file, year=year)" in "".join(code[1]["source"])
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert [c["id"] for c in nb["cells"]] == [f"cell-{i:02d}" for i in range(len(nb["cells"]))]
    called = re.findall(r"report\.(\w+)\(\)", "".join("".join(c["source"]) for c in code))
    assert called == list(SECTIONS)


@pytest.mark.e2e
def test_the_audit_runs_checks_and_makes_its_template(tmp_path):
    (tmp_path / "params").mkdir()
    params = write_params(tmp_path / "params", {"enforcement_publication": str(SAMPLE)})
    env = {**os.environ, **ENV}

    def audit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "audit.cli", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    check = audit("check", "--params", str(params), "--lang", "en")
    assert check.returncode == 0 and "1 register checked, 369 rows" in check.stdout, check.stdout + check.stderr
    run = audit("run", "--params", str(params), "--out", "out")
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "out" / "2020" / "enforcement_publication.html").read_text(encoding="utf-8")
    assert "行政执法公示审计报告" in page and "仓市监罚〔2020〕39号" in page and "98.10%" in page
    metrics = json.loads((tmp_path / "out" / "2020" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["enforcement_publication"]["decisions"] == 369
    summary = (tmp_path / "out" / "2020" / "summary.html").read_text(encoding="utf-8")
    assert "执法决定按期公示率" in summary and 'href="enforcement_publication.html"' in summary
    new = audit("new-year", "2021", "--params-dir", "params", "--data-dir", "data")
    assert new.returncode == 0 and (tmp_path / "data" / "2021" / "enforcement_publication.xlsx").is_file(), new.stderr
