"""The case-file review report page: every section renders, text is escaped, reviewers never shown."""

from __future__ import annotations

import csv
import re

import nbformat
import pytest

from audit.audits import by_key
from audit.audits.case_file_review.page import _EN, _ZH, CaseFileReviewReport

from case_file_helpers import ROOT

SAMPLE = ROOT / "data" / "sample" / "2020" / "case_reviews.csv"
SCRIPT = "<script>alert(1)</script>"


def sections(report: CaseFileReviewReport) -> dict[str, str]:
    """The HTML of every cell the notebook displays, by method name."""
    notebook = nbformat.read(by_key("case_file_review").notebook_path, as_version=4)
    calls = re.findall(r"report\.(\w+)\(\)", "\n".join(c.source for c in notebook.cells if c.cell_type == "code"))
    assert calls[:2] == ["title", "headline"] and calls[-1] == "footer"
    return {name: str(getattr(report, name)()) for name in calls}


def year_with(tmp_path, language: str = "zh") -> tuple[CaseFileReviewReport, set[str]]:
    """The 2020 sample with a script in a failing file's findings; returns the report and reviewer names."""
    with open(SAMPLE, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    failing = next(r for r in rows if r["否决项"])
    failing["主要问题"] = f"{SCRIPT} & 文书不规范"
    data = tmp_path / "data"
    data.mkdir()
    with open(data / "case_reviews.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (tmp_path / "2020.yaml").write_text(
        f"year: 2020\nlanguage: {language}\nregisters:\n  case_file_review: data/case_reviews.csv\n", encoding="utf-8"
    )
    reviewers = {name for r in rows for name in re.split(r"[、,，;；\s]+", r["评查人"]) if name}
    return CaseFileReviewReport.open(tmp_path / "2020.yaml"), reviewers


@pytest.fixture(scope="module")
def zh_page(tmp_path_factory):
    report, reviewers = year_with(tmp_path_factory.mktemp("zh"))
    return sections(report), reviewers


def test_exception_table_escapes_findings(zh_page):
    page, _ = zh_page
    assert SCRIPT not in "".join(page.values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 文书不规范" in page["exceptions"]


def test_no_reviewer_name_in_any_section(zh_page):
    page, reviewers = zh_page
    assert len(reviewers) >= 5
    for name, fragment in page.items():
        for reviewer in reviewers:
            assert reviewer not in fragment, f"reviewer {reviewer} shown in {name}"


def test_sections_show_the_sample_figures(zh_page):
    page, _ = zh_page
    assert "2020年共开展行政执法案卷评查2批次，覆盖21个行政执法单位，评查案卷160卷" in page["headline"]
    assert "合格率96.25%" in page["headline"]
    assert "失分比例较高的评查项目依次为文书制作、执法主体、执法程序" in page["headline"]
    assert "<td>区统计局</td>" in page["units"]
    assert "0（否决前" in page["exceptions"]
    assert page["exceptions"].count("<tr>") == 1 + 6  # header + every failing or vetoed file
    assert "data:image/png;base64," in page["grade_chart"]


def test_english_texts_exist_for_every_key_and_render(tmp_path):
    assert set(_EN) == set(_ZH)
    report, reviewers = year_with(tmp_path, "en")
    page = sections(report)
    assert "reviewed 160 case files" in page["headline"]
    assert "Failed files and files with a veto item" in page["exceptions"]
    assert not any(r in html for r in reviewers for html in page.values())
