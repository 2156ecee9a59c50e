"""The enforcement satisfaction register: both kinds of rows, both languages, every problem with its row."""

from __future__ import annotations

import pytest

from audit.audits.satisfaction.register import SCHEMA, answers, shape
from audit.core.errors import InputError
from audit.core.params import load_params
from audit.registers import load_register

from conftest import ROOT, assert_chinese, write_params
from satisfaction_helpers import (
    ALL_COLUMNS,
    RESPONSE_ZH,
    SURVEY_COLUMNS,
    SURVEY_ZH,
    register,
    response,
    survey,
)


def problems(tmp_path, rows, **kwargs):
    with pytest.raises(InputError) as caught:
        register(tmp_path, rows, **kwargs)
    assert_chinese(caught.value.problems)
    return [(p.row, p.column, p.expected) for p in caught.value.problems]


def test_the_respondents_name_is_personal_data_and_nothing_else_is():
    """The case number and the comment can identify a respondent too: no metric shows them (test_compute)."""
    assert SCHEMA.private_columns == ("respondent_name",)
    assert SCHEMA.column("respondent_name").zh == "被调查人"


def test_responses_with_english_headers_and_codes_load(tmp_path):
    reg, _ = register(
        tmp_path,
        [
            response(answer="satisfied", method="phone"),
            response(answer="fairly_satisfied", method="online", name=""),
            response(answer="dissatisfied", method="", case_id="仓城管罚〔2020〕12号", comment="沟通不足"),
            response(answer="no opinion", method="sms"),
        ],
    )
    assert shape(reg) == "responses"
    assert list(answers(reg)) == ["satisfied", "fairly_satisfied", "dissatisfied", "no_opinion"]
    assert list(reg.data["method"].fillna("")) == ["phone", "online", "", "sms"]
    assert reg.data["case_id"].iloc[2] == "仓城管罚〔2020〕12号"


def test_responses_with_chinese_headers_and_labels_load(tmp_path):
    labels = [
        "非常满意",
        "很满意",
        "满意",
        "基本满意",
        "比较满意",
        "一般",
        "不满意",
        "不太满意",
        "非常不满意",
        "不了解",
        "说不清",
    ]
    reg, _ = register(
        tmp_path,
        [response(answer=a, on="2020年3月16日", method="现场") for a in labels],
        header=RESPONSE_ZH,
    )
    assert list(answers(reg)) == [
        "very_satisfied",
        "very_satisfied",
        "satisfied",
        "fairly_satisfied",
        "fairly_satisfied",
        "neutral",
        "dissatisfied",
        "dissatisfied",
        "very_dissatisfied",
        "no_opinion",
        "no_opinion",
    ]
    assert str(reg.data["surveyed_on"].iloc[0].date()) == "2020-03-16" and reg.headers["answer"] == "评价"
    assert set(reg.data["method"]) == {"on_site"}


def test_the_aliases_auditors_write_are_read(tmp_path):
    header = ["批次", "被评议单位", "回访日期", "回访方式", "回访对象", "案件编号", "满意程度", "不满意原因"]
    reg, _ = register(tmp_path, [response(answer="满意")], header=header)
    assert reg.headers == {
        "survey_id": "批次",
        "unit": "被评议单位",
        "surveyed_on": "回访日期",
        "method": "回访方式",
        "respondent_name": "回访对象",
        "case_id": "案件编号",
        "answer": "满意程度",
        "comment": "不满意原因",
        "respondents": "调查人数",
        "satisfied": "满意人数",
    }


def test_surveys_with_both_headers_load(tmp_path):
    for header in (SURVEY_COLUMNS, SURVEY_ZH):
        reg, _ = register(
            tmp_path,
            [survey(respondents=30, satisfied=29), survey(unit="区住建局", respondents="1,200")],
            header=header,
        )
        assert shape(reg) == "surveys"
        assert list(reg.data["respondents"]) == [30, 1200] and list(reg.data["satisfied"]) == [29, 19]
        assert answers(reg).isna().all()


def test_a_row_is_a_response_or_a_survey_not_both_nor_neither(tmp_path):
    rows = [
        [*response(), "", ""],
        [*response(answer=""), "", ""],  # neither
        [*response(), "20", "19"],  # both
    ]
    found = problems(tmp_path, rows, header=ALL_COLUMNS)
    assert [(r, c) for r, c, _ in found] == [(3, "answer"), (4, "answer")]
    assert "one row per response" in found[0][2] and "not both" in found[1][2]


def test_a_register_is_of_one_kind_the_fewer_rows_are_reported(tmp_path):
    empty = ["", ""]
    rows = [[*response(), *empty], [*response(), *empty], ["", "区住建局", "2020-05-06", "", "", "", "", "", "8", "8"]]
    found = problems(tmp_path, rows, header=ALL_COLUMNS)
    assert [(r, c) for r, c, _ in found] == [(4, "respondents")]
    assert "2 rows are single responses" in found[0][2]
    survey_row = ["", "区住建局", "2020-05-06", "", "", "", "", "", "8", "8"]
    found = problems(tmp_path, [survey_row, survey_row, [*response(), *empty]], header=ALL_COLUMNS)
    assert [(r, c) for r, c, _ in found] == [(4, "answer")]
    assert "2 rows are whole surveys" in found[0][2]


def test_a_tie_of_kinds_reports_the_survey_rows(tmp_path):
    rows = [[*response(), "", ""], ["", "区住建局", "2020-05-06", "", "", "", "", "", "8", "8"]]
    assert [(r, c) for r, c, _ in problems(tmp_path, rows, header=ALL_COLUMNS)] == [(3, "respondents")]


def test_a_survey_gives_both_counts_and_no_more_satisfied_than_surveyed(tmp_path):
    rows = [
        survey(respondents=20, satisfied=20),  # the boundary: all satisfied
        survey(respondents=20, satisfied=21),
        survey(respondents="", satisfied=5),
        survey(respondents=5, satisfied=""),
    ]
    found = problems(tmp_path, rows, header=SURVEY_COLUMNS)
    assert [(r, c) for r, c, _ in found] == [(3, "satisfied"), (4, "respondents"), (5, "satisfied")]
    assert "at most the row's 调查人数" in found[0][2]


@pytest.mark.parametrize(
    ("respondents", "satisfied", "column"),
    [("0", "0", "respondents"), ("2.5", "2", "respondents"), ("十", "5", "respondents"), ("5", "-1", "satisfied")],
)
def test_counts_are_whole_numbers_in_range(tmp_path, respondents, satisfied, column):
    found = problems(tmp_path, [survey(), survey(respondents=respondents, satisfied=satisfied)], header=SURVEY_COLUMNS)
    assert [(r, c) for r, c, _ in found] == [(3, column)]


def test_a_survey_row_has_no_case_number(tmp_path):
    header = [*SURVEY_COLUMNS, "case_id"]
    found = problems(tmp_path, [[*survey(), ""], [*survey(), "仓城管罚〔2020〕3号"]], header=header)
    assert found == [
        (3, "case_id", "empty: a row of counts is a whole survey; a case number belongs to a single response")
    ]


def test_a_survey_number_names_one_survey(tmp_path):
    rows = [survey(survey_id="S1"), survey(survey_id="S2"), survey(survey_id="S1"), survey(), survey()]
    found = problems(tmp_path, rows, header=SURVEY_COLUMNS)
    assert found == [(4, "survey_id", "a 调查编号 of one survey only (already used in row 2)")]


def test_responses_share_their_survey_number(tmp_path):
    reg, _ = register(tmp_path, [response(survey_id="S1"), response(survey_id="S1")])
    assert list(reg.data["survey_id"]) == ["S1", "S1"]


def test_surveyed_in_the_audited_year(tmp_path):
    found = problems(tmp_path, [response(on="2019-12-31"), response(on="2020-12-31"), response(on="2021-01-01")])
    assert found == [
        (2, "surveyed_on", "a date in 2020 (the audited year)"),
        (4, "surveyed_on", "a date in 2020 (the audited year)"),
    ]


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        (response(unit=""), "unit", "a value (required)"),
        (response(on=""), "surveyed_on", "a value (required)"),
        (response(on="2020-13-01"), "surveyed_on", "a date such as"),
        (response(answer="还行"), "answer", "one of very_satisfied"),
        (response(method="微信"), "method", "one of phone"),
    ],
)
def test_every_bad_value_is_reported_with_its_row(tmp_path, row, column, expected):
    found = problems(tmp_path, [response(), row])
    assert [(r, c) for r, c, _ in found] == [(3, column)]
    assert found[0][2].startswith(expected)


def test_every_problem_is_reported_together_in_chinese(tmp_path):
    with pytest.raises(InputError) as caught:
        register(
            tmp_path,
            [
                [*response(on="2021-02-01"), "", ""],
                [*response(answer=""), "", ""],
                [*response(unit="", answer="还行"), "", ""],
                [*response(), "3", "2"],
            ],
            header=[*RESPONSE_ZH, "调查人数", "满意人数"],
        )
    found = {(p.row, p.column): p.expected_zh for p in caught.value.problems}
    assert set(found) == {(2, "调查日期"), (3, "评价"), (4, "被调查单位"), (4, "评价"), (5, "评价")}
    assert found[(2, "调查日期")] == "2020 年内的日期（审计年度）"
    assert found[(3, "评价")].startswith("评价（逐人登记")
    assert found[(5, "评价")].startswith("空白：此行已填调查人数")
    assert all(p.file == "satisfaction.csv" for p in caught.value.problems)
    assert_chinese(caught.value.problems)


def test_no_problem_shows_a_respondents_name(tmp_path):
    with pytest.raises(InputError) as caught:
        register(
            tmp_path,
            [
                [*response(name="郑美玲", on="2019-05-05", answer="还行"), "", ""],
                [*response(name="郑美玲", answer=""), "", ""],
                [*response(name="郑美玲"), "9", "10"],
                [*response(name="郑美玲"), "", ""],
            ],
            header=ALL_COLUMNS,
        )
    assert caught.value.problems
    assert not [p for p in caught.value.problems if "郑美玲" in f"{p.value}{p.expected}{p.expected_zh}"]


def test_the_sample_register_loads_as_responses(tmp_path):
    sample = ROOT / "data" / "sample" / "2020" / "satisfaction.csv"
    params = load_params(write_params(tmp_path, {"satisfaction": str(sample)}))
    reg = load_register(SCHEMA, sample, params)
    assert shape(reg) == "responses" and len(reg.data) == 953
    assert reg.data["respondent_name"].notna().sum() > 500  # the sample names its respondents: privacy is tested
