"""The normative documents page: every section in both languages, exceptions listed, no names, text escaped."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from audit.audits.normative_documents import AUDIT
from audit.audits.normative_documents.page import _EN, _ZH, NormativeDocumentsReport

from conftest import ROOT, write_csv
from normative_documents_helpers import ZH_COLUMNS, doc

SAMPLE = ROOT / "data" / "sample" / "2020" / "normative_documents.csv"
NOTEBOOK = AUDIT.notebook_path
SECTIONS = (
    "title",
    "headline",
    "review",
    "filing",
    "filing_exceptions",
    "filing_chart",
    "publication",
    "cleanup",
    "cleanup_chart",
    "drafters",
    "document_list",
    "footer",
)
HANDLERS = ("王美玲", "赵建国")
CJK = re.compile(r"[\u4e00-\u9fff]")


def build(params_path: Path) -> dict[str, str]:
    report = NormativeDocumentsReport.open(params_path)
    return {name: str(getattr(report, name)()) for name in SECTIONS}


def write_year(tmp_path: Path, rows: list[list[str]], language: str = "zh", extra: str = "") -> Path:
    write_csv(tmp_path / "normative_documents.csv", ZH_COLUMNS, rows)
    path = tmp_path / "2020.yaml"
    path.write_text(
        f"year: 2020\nlanguage: {language}\naudit_date: 2020-12-31\n"
        f"registers:\n  normative_documents: normative_documents.csv\n{extra}",
        encoding="utf-8",
    )
    return path


EXCEPTIONS = [
    doc("仓政〔2020〕3号", issued="2020-03-02", city="2020-04-03", congress="2020-03-20", handler=HANDLERS[0]),
    doc("仓政〔2020〕7号", issued="2020-05-11", city="2020-05-20", congress="", handler=HANDLERS[1]),
    doc("仓政办〔2020〕9号", issued="2020-06-01", reviewed="否", published="否", title="仓山区未审查办法"),
    doc("仓政办〔2020〕30号", issued="2020-12-21", city="", congress="", drafter="区民政局"),
    doc("仓政〔2016〕2号", issued="2016-05-06", reviewed="否", city="", congress="", cleanup="废止", batch="定期清理"),
]


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("nd-sample")
    path = folder / "2020.yaml"
    path.write_text(
        f"year: 2020\naudit_date: 2020-12-31\nregisters:\n  normative_documents: {SAMPLE}\n", encoding="utf-8"
    )
    return build(path)


@pytest.fixture(scope="module", params=["zh", "en"])
def exception_pages(request, tmp_path_factory) -> tuple[str, dict[str, str]]:
    folder = tmp_path_factory.mktemp(f"nd-{request.param}")
    return request.param, build(write_year(folder, EXCEPTIONS, language=request.param))


def test_the_sample_page_says_what_the_seed_says(sample_pages):
    assert "规范性文件备案审查审计报告" in sample_pages["title"]
    head = sample_pages["headline"]
    for figure in ("13", "100.00%", "18"):
        assert f'<div class="value">{figure}</div>' in head
    assert "2020年共发布规范性文件13件（仓山区人民政府办公室8件、仓山区人民政府5件）" in head
    assert "均已按期报市政府和区人大常委会备案（26件次，按期备案率100.00%）" in head and "均已公开" in head
    assert "保留6件、修改4件、废止4件、失效2件、宣布失效2件" in head and "17件以前年度发布的文件" in head
    assert "均已按期报市政府和区人大常委会备案" in sample_pages["filing_exceptions"]
    assert sample_pages["filing"].count("100.00%") == 3
    assert sample_pages["document_list"].count("<tr>") == 1 + 13 and "status-bad" not in sample_pages["document_list"]
    assert all("<img" in sample_pages[s] for s in ("filing_chart", "cleanup_chart"))
    assert "顺延后仍按期报备" in sample_pages["filing_chart"]
    assert sample_pages["cleanup"].count("<tr>") == (1 + 6) + (1 + 6)
    assert "规范性文件备案登记表" in sample_pages["footer"]


def test_every_section_renders_in_the_pages_language(exception_pages):
    language, pages = exception_pages
    assert all(pages[s] for s in SECTIONS)
    if language == "en":
        assert "Normative documents audit" in pages["title"]
        # only register text (numbers, titles, units) is Chinese on the English page
        for section in ("headline", "review", "filing", "publication", "cleanup", "drafters"):
            text = re.sub(r"<td>[^<]*</td>|（[^）]*）|\([^)]*\)", "", pages[section])
            text = re.sub(r"仓[^\s<,;:]*|区[^\s<,;:]*|定期清理", "", text)
            assert not CJK.search(text), (section, CJK.findall(text)[:10])


def test_the_exceptions_are_listed_with_their_days(exception_pages):
    language, pages = exception_pages
    late = pages["filing_exceptions"]
    # 仓政〔2020〕3号: last day 1 April, filed with the city on 3 April: 32 days, 2 late
    assert "仓政〔2020〕3号" in late and "2020-04-01" in late and "2020-04-03" in late
    if language == "zh":
        assert ">32 日<" in late and ">2 日<" in late
        assert "截至截止日已过期限仍未备案" in late and "仓政〔2020〕7号" in late
        assert "尚未到备案期限" in late and "2021-01-20" in late  # 仓政办〔2020〕30号: 20 January 2021
        assert "以下1件规范性文件未经合法性审查即发布" in pages["review"] and "仓山区未审查办法" in pages["review"]
        assert "以下1件规范性文件未公开" in pages["publication"]
        assert "另有2件次截至2020-12-31尚未到备案期限" in pages["headline"]
        assert "报市政府备案按期2件、逾期1件、未备案0件" in pages["headline"]
        assert "1件以前年度发布的文件" in pages["headline"]
    else:
        assert ">32 days<" in late and ">2 days<" in late and "Past the limit and not filed" in late
        assert (
            "Issued without a legality review (1):" in pages["review"] and "Not published (1):" in pages["publication"]
        )
    doc_list = pages["document_list"]
    assert doc_list.count("<tr>") == 1 + 4 and "仓政〔2016〕2号" not in doc_list
    assert doc_list.count("status-bad") == 2  # 3号 late with the city, 7号 not filed with the standing committee
    assert "status-bad" in doc_list and "—" in doc_list


def test_the_counts_of_the_exceptions_year(exception_pages):
    language, pages = exception_pages
    rows = re.findall(r"<tr>(.*?)</tr>", pages["filing"])
    cells = [re.findall(r">([^<]*)</td>", r) for r in rows[1:]]
    # body, due, on time, late, not filed, not yet due, rate
    assert [c[1:] for c in cells] == [
        ["3", "2", "1", "0", "1", "66.67%"],
        ["3", "2", "0", "1", "1", "66.67%"],
        ["6", "4", "1", "1", "2", "66.67%"],
    ]


def test_no_handlers_name_in_any_section(exception_pages):
    _, pages = exception_pages
    text = "".join(pages.values())
    assert not [name for name in HANDLERS if name in text]


def test_register_text_is_escaped(tmp_path):
    rows = [
        doc("<script>alert(1)</script>", title="<img src=x onerror=alert(1)>", drafter="<b>区</b>", published="否"),
        doc(
            "仓政〔2019〕1号",
            issued="2019-03-01",
            reviewed="否",
            city="",
            congress="",
            cleanup="保留",
            batch="<i>x</i>",
        ),
    ]
    pages = build(write_year(tmp_path, rows))
    text = "".join(pages.values())
    assert "<script>" not in text and "<img src=x" not in text and "<b>区</b>" not in text and "<i>x</i>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["document_list"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages["publication"]
    assert "&lt;i&gt;x&lt;/i&gt;" in pages["cleanup"] and "&lt;b&gt;区&lt;/b&gt;" in pages["drafters"]


def test_a_year_without_documents_issued_and_without_a_cleanup(tmp_path):
    pages = build(write_year(tmp_path, [doc("仓政〔2018〕1号", issued="2018-01-05", cleanup="修改")]))
    assert "2020年登记表中没有本年发布的规范性文件" in pages["headline"]
    assert pages["filing_chart"] == "" and pages["document_list"] == ""
    assert "—" in pages["review"]
    pages = build(write_year(tmp_path, [doc("仓政〔2020〕1号")], language="en"))
    assert "no document in a cleanup" in pages["cleanup"] and pages["cleanup_chart"] == ""


def test_working_days_are_named(tmp_path):
    extra = "normative_documents:\n  filing_days: 15\n  filing_unit: working\n"
    pages = build(
        write_year(tmp_path, [doc("1", issued="2020-09-25", city="2020-10-23", congress="2020-10-22")], extra=extra)
    )
    assert "发布之日起 15 个工作日内报送" in pages["filing"]
    assert ">16 个工作日<" in pages["filing_exceptions"] and ">1 个工作日<" in pages["filing_exceptions"]
    assert "顺延后仍按期" not in pages["filing_chart"]


def test_english_texts_exist_for_every_key():
    assert set(_ZH) == set(_EN)
    fields = lambda s: set(re.findall(r"{(\w+)}", s))  # noqa: E731
    assert {k for k in _ZH if fields(_EN[k]) != fields(_ZH[k])} == set()


def test_notebook_is_thin_without_outputs_and_calls_existing_sections():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code[0]["metadata"]["tags"] == ["parameters"]
    assert "".join(code[0]["source"]) == (
        "# The year to audit: a params file (docs/params.md). Everything else comes from it.\n"
        'params_file = "params/2020.yaml"\n'
        "year = None  # given (papermill -f params/<year>.yaml gives it), it must be the params file's year"
    )
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert [c["id"] for c in nb["cells"]] == [f"cell-{i:02d}" for i in range(len(nb["cells"]))]
    called = re.findall(r"report\.(\w+)\(\)", "".join("".join(c["source"]) for c in code))
    assert called == list(SECTIONS)


@pytest.mark.e2e
def test_the_audit_runs_end_to_end_as_an_extra_audit(tmp_path):
    """audit check, run and new-year with the package added through AUDIT_EXTRA_AUDITS, as the registry will have it."""
    write_csv(tmp_path / "data" / "normative_documents.csv", ZH_COLUMNS, EXCEPTIONS)
    params = tmp_path / "params" / "2020.yaml"
    params.parent.mkdir()
    params.write_text(
        "year: 2020\nregisters:\n  normative_documents: ../data/normative_documents.csv\n"
        'reported:\n  normative_documents.issued: 4\n  normative_documents.filed_on_time_rate: "100%"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "AUDIT_EXTRA_AUDITS": "audit.audits.normative_documents"}

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
    assert check.returncode == 0 and "1 register checked, 5 rows" in check.stdout, check.stdout + check.stderr
    run = audit("run", "--params", str(params), "--out", "out")
    assert run.returncode == 0, run.stderr
    year = tmp_path / "out" / "2020"
    page = (year / "normative_documents.html").read_text(encoding="utf-8")
    assert "规范性文件备案审查审计报告" in page and "仓政〔2020〕7号" in page
    assert not [n for n in HANDLERS if n in page]
    metrics = json.loads((year / "metrics.json").read_text(encoding="utf-8"))
    assert not [n for n in HANDLERS if n in json.dumps(metrics, ensure_ascii=False)]
    assert {c["key"]: c["verdict"] for c in metrics["claims"]} == {
        "normative_documents.issued": "match",
        "normative_documents.filed_on_time_rate": "mismatch",
    }
    summary = (year / "summary.html").read_text(encoding="utf-8")
    assert "规范性文件按期备案率" in summary and 'href="normative_documents.html"' in summary
    new = audit("new-year", "2021", "--params-dir", "params", "--data-dir", "data")
    assert new.returncode == 0, new.stderr
    assert (tmp_path / "data" / "2021" / "normative_documents.xlsx").is_file()


def test_the_filing_chart_draws_the_documents_that_took_longest_when_there_are_many(tmp_path):
    """One bar per document is legible up to a few dozen: a district with hundreds gets the longest, and is told so."""
    import pandas as pd

    from audit.audits.normative_documents.page import CHART_DOCUMENTS, charted

    taken = pd.Series([5.0, 40.0, float("nan"), 12.0, 33.0], index=[10, 11, 12, 13, 14])
    assert list(charted(taken, limit=3)) == [11, 13, 14]  # the three longest, in their order
    assert list(charted(taken, limit=5)) == [10, 11, 12, 13, 14]
    many = [
        doc(f"仓政〔2020〕{i}号", issued=f"2020-03-{2 + i % 20:02d}", city="2020-04-25")
        for i in range(CHART_DOCUMENTS + 5)
    ]
    page = build(write_year(tmp_path, many))["filing_chart"]
    assert f"本年发布 {CHART_DOCUMENTS + 5} 件，图中只画出报备用时最长的 {CHART_DOCUMENTS} 件" in page
