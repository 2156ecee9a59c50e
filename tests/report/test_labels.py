"""Every label a page shows is in the page's language: the case-file review's grades on an English page."""

from __future__ import annotations

import re

import pytest

from audit.audits.case_file_review.page import GRADE_LABELS_EN, CaseFileReviewReport
from audit.audits.case_file_review.settings import DEFAULT_GRADES

from conftest import ROOT

SAMPLE = ROOT / "data" / "sample" / "2020" / "case_reviews.csv"
CJK = re.compile(r"[\u4e00-\u9fff]")


def report(tmp_path, language: str, grades: str = "") -> CaseFileReviewReport:
    """The 2020 sample's case-file review in `language`, with the grades `grades` (YAML) if given."""
    standard = f"case_file_review:\n{grades}" if grades else ""
    params = tmp_path / "2020.yaml"
    params.write_text(
        f"year: 2020\nlanguage: {language}\nregisters:\n  case_file_review: {SAMPLE.as_posix()}\n{standard}",
        encoding="utf-8",
    )
    return CaseFileReviewReport.open(params)


def headers(fragment: str) -> list[str]:
    return re.findall(r"<th[^>]*>([^<]*)</th>", fragment)


def test_every_default_grade_has_an_english_label():
    assert set(GRADE_LABELS_EN) == {g.name for g in DEFAULT_GRADES}


def test_an_english_page_shows_the_grades_in_english(tmp_path):
    page = report(tmp_path, "en")
    grades, units, exceptions = str(page.grades()), str(page.units()), str(page.exceptions())
    assert [f"<td>{label}</td>" in grades for label in ("excellent", "good", "pass", "fail")] == [True] * 4
    assert headers(units)[-4:] == ["Excellent", "Good", "Pass", "Fail"]
    assert '<td class="nowrap">fail</td>' in exceptions
    assert "excellent 85" in str(page.headline()) and "graded fail" in grades
    # headers, the grade column and the notes name no grade in Chinese (register text may be Chinese)
    for fragment in (grades, units, str(page.headline())):
        assert not any(CJK.search(h) for h in headers(fragment)), headers(fragment)
    assert not CJK.search(re.sub(r"<td>[^<]*</td>", "", grades))
    assert not any(name in exceptions for name in GRADE_LABELS_EN)


def test_a_chinese_page_shows_the_grades_as_the_params_name_them(tmp_path):
    page = report(tmp_path, "zh")
    assert headers(str(page.units()))[-4:] == ["优秀", "良好", "合格", "不合格"]
    assert "<td>优秀</td>" in str(page.grades())


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_grade_the_params_define_without_an_english_label_is_shown_as_written(tmp_path, language):
    grades = "  grades: [{name: 甲等, min: 85}, {name: 合格, min: 60}, {name: 不合格, min: 0}]\n"
    page = report(tmp_path, language, grades)
    expected = ["甲等", "Pass", "Fail"] if language == "en" else ["甲等", "合格", "不合格"]
    assert headers(str(page.units()))[-3:] == expected
