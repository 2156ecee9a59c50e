"""Consistency rules of the administrative litigation register (issue #9)."""

from __future__ import annotations

import pytest

from audit.audits.litigation.register import judgment_type
from audit.core.errors import InputError

from conftest import assert_chinese
from litigation_helpers import ZH_COLUMNS, case, register


def problems(tmp_path, rows, **kwargs):
    with pytest.raises(InputError) as caught:
        register(tmp_path, rows, **kwargs)
    assert_chinese(caught.value.problems)
    return [(p.row, p.column, p.expected) for p in caught.value.problems]


def test_english_headers_and_codes_load(tmp_path):
    reg, _ = register(
        tmp_path,
        [
            case("1", appeared="yes", role="principal", outcome="won", kind="judgment"),
            case("2", outcome="lost"),
            case("3", hearing="no", outcome="withdrawn"),
            case("4", outcome="", filed="2020-11-02"),
        ],
    )
    d = reg.data
    assert list(d["outcome"]) == ["won", "lost", "withdrawn", "pending"]
    assert list(d["hearing_held"]) == [True, True, False, True]
    assert list(d["head_role"].fillna("")) == ["principal", "", "", ""]
    assert [k if isinstance(k, str) else None for k in judgment_type(reg)] == ["judgment", "judgment", "ruling", None]


def test_chinese_headers_and_labels_load(tmp_path):
    reg, _ = register(
        tmp_path,
        [
            case(
                "(2020)闽0102行初1号",
                hearing="是",
                appeared="是",
                role="副职",
                outcome="判决驳回诉讼请求",
                kind="判决",
                filed="2020年3月16日",
                closed="2020/8/21",
                defendant="区政府",
            ),
            case("(2020)闽0102行初2号", hearing="是", outcome="确认违法", kind="判决"),
            case("(2020)闽0102行初3号", hearing="否", outcome="裁定驳回起诉", kind="裁定"),
            case("(2020)闽0102行初4号", hearing="是", appeared="是", role="正职", outcome="调解", kind="调解书"),
            case("(2020)闽0102行初5号", hearing="否", outcome="原告撤诉"),
            case("(2020)闽0102行初6号", hearing="否", outcome="在审"),
        ],
        header=ZH_COLUMNS,
    )
    d = reg.data
    assert list(d["outcome"]) == ["won", "lost", "dismissed", "mediated", "withdrawn", "pending"]
    assert list(d["head_role"].fillna("")) == ["deputy", "", "", "principal", "", ""]
    assert str(d["closed_on"].iloc[0].date()) == "2020-08-21" and reg.headers["outcome"] == "裁判结果"
    assert list(judgment_type(reg).astype(object).fillna("")) == [
        "judgment",
        "judgment",
        "ruling",
        "mediation",
        "ruling",
        "",
    ]


def test_head_appearance_without_a_hearing_is_an_error(tmp_path):
    found = problems(tmp_path, [case("1", hearing="no", appeared="yes"), case("2", hearing="yes", appeared="yes")])
    assert [(r, c) for r, c, _ in found] == [(2, "head_appeared")]
    assert "hearing" in found[0][2]


def test_head_role_only_when_the_head_appeared(tmp_path):
    found = problems(tmp_path, [case("1", appeared="no", role="deputy"), case("2", appeared="yes", role="deputy")])
    assert [(r, c) for r, c, _ in found] == [(2, "head_role")]


def test_closed_before_filed_is_an_error(tmp_path):
    found = problems(
        tmp_path,
        [case("1", filed="2020-05-10", closed="2020-05-09"), case("2", filed="2020-05-10", closed="2020-05-10")],
    )
    assert found == [(2, "closed_on", "a date on or after the filing date")]


def test_closing_date_required_when_concluded_and_absent_when_pending(tmp_path):
    found = problems(
        tmp_path,
        [
            case("1", outcome="lost", closed=""),
            case("2", outcome="", closed="2020-06-01"),
            case("3", outcome="pending"),
        ],
    )
    assert [(r, c) for r, c, _ in found] == [(2, "closed_on"), (3, "closed_on")]


def test_form_of_conclusion_must_fit_the_outcome(tmp_path):
    found = problems(
        tmp_path,
        [
            case("1", outcome="lost", kind="ruling"),
            case("2", outcome="withdrawn", kind="judgment"),
            case("3", outcome="mediated", kind="judgment"),
            case("4", outcome="pending", kind="judgment"),
            case("5", outcome="won", kind="ruling"),  # a generic 胜诉 by ruling is accepted
        ],
    )
    assert [(r, c) for r, c, _ in found] == [
        (2, "judgment_type"),
        (3, "judgment_type"),
        (4, "judgment_type"),
        (5, "judgment_type"),
    ]


def test_filed_in_the_audited_year(tmp_path):
    found = problems(
        tmp_path,
        [case("1", filed="2019-12-31", closed="2020-02-01"), case("2", filed="2020-12-31", closed="2020-12-31")],
    )
    assert found == [(2, "filed_on", "a date in 2020 (the audited year)")]


def test_duplicate_case_id(tmp_path):
    found = problems(tmp_path, [case("A"), case("B"), case("A")])
    assert [(r, c) for r, c, _ in found] == [(4, "case_id")]
    assert "row 2" in found[0][2]


def test_missing_defendant_is_an_error(tmp_path):
    found = problems(tmp_path, [case("1", defendant="")])
    assert found == [(2, "defendant", "a value (required)")]


def test_an_unreadable_outcome_is_reported_once_not_again_by_the_rules(tmp_path):
    found = problems(tmp_path, [case("1", outcome="赢了", kind="裁定")])
    assert [(r, c) for r, c, _ in found] == [(2, "outcome")]


def test_every_problem_is_reported_together(tmp_path):
    with pytest.raises(InputError) as caught:
        register(
            tmp_path,
            [
                case("1", hearing="no", appeared="yes"),
                case("2", filed="2020-05-10", closed="2020-05-01"),
                case("1", outcome="lost", kind="裁定"),
                case("4", role="副职", filed="2021-01-05", closed="2021-02-01"),
                case("5", hearing="也许"),
            ],
            header=ZH_COLUMNS,
        )
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (2, "负责人出庭"),
        (3, "结案日期"),
        (4, "案件编号"),
        (4, "结案方式"),
        (5, "出庭负责人职务"),
        (5, "立案日期"),
        (6, "是否开庭"),
    }
    assert all(p.file == "litigation.csv" for p in caught.value.problems)
    assert_chinese(caught.value.problems)
    chinese = {(p.row, p.column): p.expected_zh for p in caught.value.problems}
    assert chinese[(2, "负责人出庭")] == "否：是否开庭为“是”的案件才有负责人出庭"
    assert chinese[(3, "结案日期")] == "不得早于立案日期"
    assert chinese[(4, "结案方式")] == "判决（judgment）：裁判结果为败诉（lost）"
    assert chinese[(5, "出庭负责人职务")] == "空白：负责人出庭为“是”时才填写"
    assert chinese[(5, "立案日期")] == "2020 年内的日期（审计年度）"
