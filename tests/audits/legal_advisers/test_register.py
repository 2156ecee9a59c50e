"""The legal advisers' work register: headers in both languages, every bad value with its row, privacy."""

from __future__ import annotations

import pytest

from audit.audits.legal_advisers.register import KIND_CODES, SCHEMA
from audit.core.errors import InputError

from .helpers import ZH_COLUMNS, register, work
from conftest import assert_chinese


def problems(tmp_path, rows, **kwargs):
    with pytest.raises(InputError) as caught:
        register(tmp_path, rows, **kwargs)
    assert_chinese(caught.value.problems)
    return [(p.row, p.column, p.expected) for p in caught.value.problems]


def test_english_headers_and_codes_load(tmp_path):
    reg, _ = register(
        tmp_path,
        [
            work("1", kind="contract_review", major="yes"),
            work("2", kind="major_decision"),
            work("3", kind="legal_meeting", adviser=""),
            work("4", kind="consultation"),
            work("5", kind="litigation"),
            work("6", kind="other"),
        ],
    )
    d = reg.data
    assert list(d["kind"]) == list(KIND_CODES)
    assert list(d["major_project"]) == [True, False, False, False, False, False]
    assert d["adviser"].isna().tolist() == [False, False, True, False, False, False]
    assert str(d["date"].iloc[0].date()) == "2020-03-02"


def test_chinese_headers_and_labels_load(tmp_path):
    reg, _ = register(
        tmp_path,
        [
            work("2020-001", date="2020年3月5日", kind="合同协议审查", major="是"),
            work("2020-002", date="2020/4/1", kind="合同审查", major="否"),
            work("2020-003", kind="重大行政决策论证"),
            work("2020-004", kind="涉法专项会议"),
            work("2020-005", kind="涉法会议"),
            work("2020-006", kind="法律咨询"),
            work("2020-007", kind="代理应诉"),
            work("2020-008", kind="其它"),
        ],
        header=ZH_COLUMNS,
    )
    d = reg.data
    assert list(d["kind"]) == [
        "contract_review",
        "contract_review",
        "major_decision",
        "legal_meeting",
        "legal_meeting",
        "consultation",
        "litigation",
        "other",
    ]
    assert list(d["major_project"])[:2] == [True, False]
    assert str(d["date"].iloc[0].date()) == "2020-03-05" and reg.headers["unit"] == "服务单位"


def test_the_aliases_auditors_write_load(tmp_path):
    header = ["登记编号", "工作日期", "单位", "工作类别", "是否重大项目", "工作事项", "承办律师"]
    reg, _ = register(tmp_path, [work("1", kind="合同协议审核", major="是")], header=header)
    assert reg.headers == dict(zip(SCHEMA_NAMES, header))
    assert reg.data["kind"].tolist() == ["contract_review"] and bool(reg.data["major_project"].iloc[0])


SCHEMA_NAMES = [c.name for c in SCHEMA.columns]


def test_the_adviser_is_the_only_private_column():
    assert SCHEMA.private_columns == ("adviser",)
    assert SCHEMA.column("adviser").zh == "法律顾问"


def test_required_columns_and_values(tmp_path):
    found = problems(
        tmp_path,
        [work("1", date=""), work("2", unit=""), work("3", kind=""), work("4", matter=""), work("5", adviser="")],
    )
    assert found == [
        (2, "date", "a value (required)"),
        (3, "unit", "a value (required)"),
        (4, "kind", "a value (required)"),
        (5, "matter", "a value (required)"),
    ]


def test_a_missing_required_column_is_named(tmp_path):
    header = ["ref", "date", "kind", "major_project", "matter", "adviser"]
    with pytest.raises(InputError) as caught:
        register(tmp_path, [["1", "2020-03-02", "other", "", "x", ""]], header=header)
    assert [(p.column, p.expected_zh) for p in caught.value.problems] == [
        ("服务单位", "“服务单位”列（或“unit”）：必填列")
    ]


def test_every_bad_value_is_reported_with_its_row(tmp_path):
    found = problems(
        tmp_path,
        [
            work("1", date="2020-13-01"),
            work("2", kind="开会"),
            work("3", major="也许"),
            work("4"),  # fine
        ],
    )
    assert [(r, c) for r, c, _ in found] == [(2, "date"), (3, "kind"), (4, "major_project")]
    assert "a date such as 2020-06-30" in found[0][2] and "contract_review" in found[1][2]


@pytest.mark.parametrize(
    ("date", "ok"),
    [("2019-12-31", False), ("2020-01-01", True), ("2020-12-31", True), ("2021-01-01", False)],
)
def test_work_is_dated_in_the_audited_year(tmp_path, date, ok):
    rows = [work("1", date=date)]
    if ok:
        register(tmp_path, rows)
    else:
        assert problems(tmp_path, rows) == [(2, "date", "a date in 2020 (the audited year)")]


def test_only_a_contract_review_concerns_a_major_project(tmp_path):
    found = problems(
        tmp_path,
        [
            work("1", kind="contract_review", major="是"),
            work("2", kind="legal_meeting", major="是"),
            work("3", kind="major_decision", major="否"),  # "no" on another kind is fine
            work("4", kind="consultation", major="yes"),
            work("5", kind="开会", major="是"),  # the kind is the problem, reported once
        ],
    )
    assert [(r, c) for r, c, _ in found] == [(3, "major_project"), (5, "major_project"), (6, "kind")]


def test_a_number_given_twice_is_an_error_blank_numbers_are_not(tmp_path):
    found = problems(tmp_path, [work("2020-001"), work(""), work(""), work("2020-001")])
    assert [(r, c) for r, c, _ in found] == [(5, "ref")]
    assert "row 2" in found[0][2]


def test_every_problem_is_reported_together_in_chinese(tmp_path):
    with pytest.raises(InputError) as caught:
        register(
            tmp_path,
            [
                work("1", date="2021-01-04"),
                work("1", kind="涉法会议", major="是"),
                work("3", unit=""),
                work("4", kind="开会"),
            ],
            header=ZH_COLUMNS,
        )
    found = {(p.row, p.column): p.expected_zh for p in caught.value.problems}
    assert set(found) == {(2, "日期"), (3, "编号"), (3, "重大项目"), (4, "服务单位"), (5, "类别")}
    assert found[(2, "日期")] == "2020 年内的日期（审计年度）"
    assert found[(3, "重大项目")] == "否或空白：只有类别为“合同协议审查”的工作才标注重大项目"
    assert found[(4, "服务单位")] == "必填，不得为空"
    assert found[(5, "类别")].startswith("以下之一：合同协议审查、重大决策论证、涉法专项会议")
    assert all(p.file == "legal_advisers.csv" for p in caught.value.problems)
    assert_chinese(caught.value.problems)


# -- the params block --------------------------------------------------------------------------


def test_the_units_list_defaults_to_empty(tmp_path):
    _, params = register(tmp_path, [work("1")])
    assert params.legal_advisers.units == ()


def test_a_unit_listed_twice_or_blank_is_a_params_error(tmp_path):
    with pytest.raises(InputError) as caught:
        register(tmp_path, [work("1")], legal_advisers={"units": ["区城管局", "区 城管局", "区住建局"]})
    (problem,) = caught.value.problems
    assert problem.column == "legal_advisers.units" and "区 城管局" in problem.expected_zh
    assert problem.expected_zh.startswith("每个单位只写一次")
    with pytest.raises(InputError) as caught:
        register(tmp_path, [work("1")], legal_advisers={"units": ["区城管局", " "]})
    assert [p.expected_zh for p in caught.value.problems] == ["每项写一个单位名称（有空白项）"]
    with pytest.raises(InputError) as caught:
        register(tmp_path, [work("1")], legal_advisers={"unit": ["区城管局"]})
    assert caught.value.problems[0].column == "legal_advisers.unit"
