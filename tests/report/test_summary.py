"""The summary's claims section: grouped by audit, contradictions first, one line of counts, why each is as it is."""

from __future__ import annotations

import re

import pytest

from audit.report.summary import SummaryReport

from conftest import ROOT


def summary(tmp_path, language: str, reported: dict, register: str = "reconsideration") -> SummaryReport:
    """The 2020 summary of a year with the sample's reconsideration register only (12 mediated of 45 accepted)."""
    import yaml

    from audit.core.metrics import compute_all
    from audit.core.params import load_params
    from audit.registers import load_registers

    data = {
        "year": 2020,
        "language": language,
        "registers": {register: str(ROOT / f"data/sample/2020/{FILES.get(register, register)}.csv")},
        "reported": reported,
    }
    path = tmp_path / "2020.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    params = load_params(path)
    registers = load_registers(params)
    return SummaryReport(params, registers, None, compute_all(registers, params))


FILES = {"case_file_review": "case_reviews"}

REPORTED = {
    "reconsideration.received": 55,
    "reconsideration.accepted": 50,
    "reconsideration.rejected": 8,
    "reconsideration.mediation_success_rate": "26.66%",
    "litigation.cases": 14,
    "reconsideration.nothing": "若干",
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_claims_section_says_what_was_checked_and_why_the_rest_was_not(tmp_path, language):
    page = str(summary(tmp_path, language, REPORTED).claims())
    if language == "zh":
        assert (
            "报告公开数据共 6 项：核对 4 项，其中一致 1 项、不一致 3 项；1 项本年度无对应登记表，1 项无法核对" in page
        )
        assert "自相矛盾 1 处" in page and "分项超过总数" in page
        assert "以受理数为分母、分子计本年全部案件（截尾）" in page and "以审理数为分母" in page
        assert "本年度未提供该项工作的登记表" in page and "公开内容不是可核对的数字" in page
    else:
        assert "6 published figures: 4 checked, 1 matching and 3 not; 1 with no register this year" in page
        assert "parts exceed the total" in page
        assert "over cases accepted, numerator: every case of the year (truncated)" in page
        assert "the year has no register for this work" in page
    contradictions = page.index("<caption>")
    assert page.index("58") > contradictions  # the parts' sum (50 + 8) is shown, in the first table
    captions = re.findall(r"<caption>(.*?)</caption>", page)
    assert len(captions) == 3  # the contradictions, then one table per audit (reconsideration, litigation)


def test_a_rate_no_definition_gives_names_the_denominators_that_would(tmp_path):
    page = str(summary(tmp_path, "en", {"reconsideration.mediation_success_rate": "30%"}).claims())
    assert "none of the defined denominators" in page
    assert "with 12 as the numerator, only a denominator of 40 gives it" in page


def test_shares_forced_to_add_up_to_100_and_shares_that_contradict_are_named(tmp_path):
    """160 files: 53.125% 优秀 … ; a report writing 53.12% so that its column closes at 100.00%."""
    shares = {"优秀": "53.12%", "良好": "28.75%", "合格": "14.38%", "不合格": "3.75%"}
    reported = {f"case_file_review.grade_shares.{k}": v for k, v in shares.items()}
    page = str(summary(tmp_path, "zh", reported, "case_file_review").claims())
    assert "报告似乎调整了该数，使该栏各项合计为 100%" in page
    reported = {**reported, "case_file_review.grade_shares.不合格": "5%"}  # now 101.25%
    page = str(summary(tmp_path, "en", reported, "case_file_review").claims())
    assert "the shares do not add up to 100%" in page and "101.25%" in page
