"""The case-file review register: headers, deductions or score, maxima, veto items, uniqueness."""

from __future__ import annotations

import pytest

from audit.audits import register_roles
from audit.core.errors import InputError
from audit.registers.load import ROW

from case_file_helpers import load, make_params, row
from conftest import assert_chinese


def problems_of(tmp_path, rows, **kwargs):
    with pytest.raises(InputError) as info:
        load(tmp_path, rows, **kwargs)
    assert_chinese(info.value.problems)
    return info.value.problems


def test_registered_under_its_key(tmp_path):
    params = make_params(tmp_path)
    assert register_roles()["case_file_review"].schema(params).key == "case_file_review"


@pytest.mark.parametrize("chinese", [False, True])
def test_english_and_chinese_headers_load_alike(tmp_path, chinese):
    rows = [
        row(
            case_id="A1",
            deductions=(1, 2, 0, 0, 1.5, 0),
            veto="主体不合法;single_officer",
            case_type="行政处罚" if chinese else "penalty",
            findings="文书不规范",
        ),
        row(case_id="A2", deductions=None, score=88),
    ]
    register = load(tmp_path, rows, chinese=chinese)
    d = register.data
    assert d["deduction_documents"].tolist()[0] == 1.5
    assert d["veto_items"].tolist()[0] == ("subject_illegal", "single_officer")
    assert d["veto_items"].tolist()[1] == ()
    assert d["case_type"].tolist()[0] == "penalty"
    assert d["score"].tolist()[1] == 88
    assert d[ROW].tolist() == [2, 3]


def test_deductions_only_score_only_and_both_agreeing_load(tmp_path):
    rows = [
        row(case_id="A1", deductions=(1, 0, 0, 2, 0, 0)),
        row(case_id="A2", deductions=None, score=75.5),
        row(case_id="A3", deductions=(1, 0, 0, 2, 0.5, 0), score=96.5),
    ]
    assert len(load(tmp_path, rows).data) == 3


def test_score_disagreeing_with_deductions_is_an_error(tmp_path):
    problems = problems_of(tmp_path, [row(deductions=(1, 0, 0, 2, 0, 0), score=95)])
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "score", "95")]
    assert "97" in problems[0].expected and "agree" in problems[0].expected


def test_neither_deductions_nor_score_is_an_error(tmp_path):
    problems = problems_of(tmp_path, [row(deductions=None, score=None)])
    assert [(p.row, p.column) for p in problems] == [(2, "score")]
    assert "deductions" in problems[0].expected


def test_partial_deductions_name_each_blank_cell(tmp_path):
    problems = problems_of(tmp_path, [row(deductions=(1, "", 0, "", 0, 0))], chinese=True)
    assert [(p.row, p.column) for p in problems] == [(2, "事实证据扣分"), (2, "执法程序扣分")]


def test_deduction_above_category_maximum_names_file_row_column_and_maximum(tmp_path):
    problems = problems_of(
        tmp_path, [row(case_id="A1"), row(case_id="A2", deductions=(16, 0, 0, 0, 0, 0))], chinese=True
    )
    assert len(problems) == 1
    p = problems[0]
    assert (p.file, p.row, p.column, p.value) == ("reviews.csv", 3, "执法主体扣分", "16")
    assert "at most 15" in p.expected


def test_category_maximum_follows_the_params(tmp_path):
    params = make_params(
        tmp_path,
        categories={
            "subject": 10,
            "evidence": 20,
            "legal_basis": 20,
            "procedure": 25,
            "documents": 15,
            "archiving": 10,
        },
    )
    problems = problems_of(tmp_path, [row(deductions=(12, 0, 0, 22, 0, 0))], params=params)
    assert [(p.column, "at most 10" in p.expected) for p in problems] == [("deduction_subject", True)]


@pytest.mark.parametrize("value", ["-1", "两分"])
def test_negative_or_non_numeric_deduction_is_an_error(tmp_path, value):
    problems = problems_of(tmp_path, [row(deductions=(0, value, 0, 0, 0, 0))])
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "deduction_evidence", value)]
    assert "number" in problems[0].expected


def test_unknown_veto_item_is_an_error_listing_the_allowed_ones(tmp_path):
    problems = problems_of(tmp_path, [row(veto="主体不合法;越权执法")], chinese=True)
    assert [(p.column, p.value) for p in problems] == [("否决项", "主体不合法;越权执法")]
    assert "超越职权" in problems[0].expected


def test_veto_items_follow_the_params(tmp_path):
    params = make_params(tmp_path, veto_items={"no_hearing": "未告知听证"})
    register = load(tmp_path, [row(veto="未告知听证")], params=params)
    assert register.data["veto_items"].tolist() == [("no_hearing",)]


def test_case_id_unique_within_a_round_but_not_across_rounds(tmp_path):
    ok = [row(round="2020-1", case_id="A1"), row(round="2020-2", case_id="A1")]
    assert len(load(tmp_path, ok).data) == 2
    problems = problems_of(tmp_path, [*ok, row(round="2020-1", case_id="A1")])
    assert [(p.row, "row 2" in p.expected) for p in problems] == [(4, True)]


def test_every_problem_of_a_file_is_reported_together(tmp_path):
    rows = [
        row(case_id="A1", deductions=(16, 0, 0, 0, 0, 0)),
        row(case_id="A2", deductions=(0, -1, 0, 0, 0, 0)),
        row(case_id="A3", deductions=(1, 0, 0, 0, 0, 0), score=50),
        row(case_id="A4", deductions=None),
        row(case_id="A5", veto="unknown"),
        row(case_id="A5"),
        row(unit="", case_id="A7"),
    ]
    problems = problems_of(tmp_path, rows)
    assert [(p.row, p.column) for p in problems] == [
        (2, "deduction_subject"),
        (3, "deduction_evidence"),
        (4, "score"),
        (5, "score"),
        (6, "veto_items"),
        (7, "case_id"),
        (8, "unit"),
    ]


def test_non_default_category_takes_code_headers(tmp_path):
    params = make_params(tmp_path, categories={"subject": 20, "evidence": 30, "procedure": 30, "three_systems": 20})
    header_rows = [
        {
            "评查批次": "2020-1",
            "执法单位": "区城管局",
            "案卷编号": "A1",
            "执法主体扣分": 1,
            "事实证据扣分": 0,
            "执法程序扣分": 0,
            "three_systems扣分": 2,
        }
    ]
    register = load(tmp_path, header_rows, params=params)
    assert register.data["deduction_three_systems"].tolist() == [2]
    english = [
        {
            "round": "2020-1",
            "unit": "u",
            "case_id": "A1",
            "deduction_subject": 1,
            "deduction_evidence": 0,
            "deduction_procedure": 0,
            "deduction_three_systems": 25,
        }
    ]
    problems = problems_of(tmp_path, english, params=params)
    assert [(p.column, "at most 20" in p.expected) for p in problems] == [("deduction_three_systems", True)]


def test_reviewer_is_private(tmp_path):
    assert register_roles()["case_file_review"].schema(make_params(tmp_path)).private_columns == ("reviewer",)
