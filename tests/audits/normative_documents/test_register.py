"""The normative documents register: headers in both languages, values, and every rule across columns."""

from __future__ import annotations

import pytest

from audit.audits.normative_documents.register import CLEANUP_RESULTS, SCHEMA
from audit.core.errors import InputError

from conftest import assert_chinese
from normative_documents_helpers import COLUMNS, ZH_COLUMNS, doc, register


def problems(tmp_path, rows, **kwargs):
    with pytest.raises(InputError) as caught:
        register(tmp_path, rows, **kwargs)
    assert_chinese(caught.value.problems)
    return [(p.row, p.column, p.expected) for p in caught.value.problems]


def test_english_headers_and_codes_load(tmp_path):
    reg, _ = register(
        tmp_path,
        [
            doc("1", reviewed="yes", published="yes", published_on="2020-03-03"),
            doc("2", reviewed="no", city="", congress="", published="no"),
            doc("3", issued="2018-05-04", reviewed="", city="", congress="", cleanup="repealed", batch="定期清理"),
        ],
    )
    d = reg.data
    assert list(d["reviewed"]) == [True, False, False] and list(d["published"]) == [True, False, True]
    assert list(d["cleanup_result"].fillna("")) == ["", "", "repealed"]
    assert str(d["city_filed_on"].iloc[0].date()) == "2020-03-12" and d["city_filed_on"].isna().iloc[1]
    assert reg.headers["congress_filed_on"] == "congress_filed_on"


def test_chinese_headers_aliases_and_labels_load(tmp_path):
    header = [
        "文件编号",
        "文件名称",
        "发布机关",
        "承办单位",
        "印发日期",
        "合法性审核",
        "合法性审查日期",
        "市政府备案日期",
        "区人大备案日期",
        "公开",
        "公开日期",
        "清理结果",
        "清理类别",
        "联系人",
    ]
    rows = [
        doc("仓政〔2020〕1号", issued="2020年3月2日", reviewed_on="2020/2/28", city="2020.3.20", congress="2020-03-25"),
        *[
            doc(f"仓政〔2017〕{i}号", issued="2017-06-01", reviewed="否", city="", congress="", cleanup=label)
            for i, label in enumerate((label for c in CLEANUP_RESULTS for label in c.zh), start=1)
        ],
    ]
    reg, _ = register(tmp_path, rows, header=header)
    d = reg.data
    expected = [c.code for c in CLEANUP_RESULTS for _ in c.zh]
    assert list(d["cleanup_result"].iloc[1:]) == expected
    assert str(d["issued_on"].iloc[0].date()) == "2020-03-02" and str(d["reviewed_on"].iloc[0].date()) == "2020-02-28"
    assert reg.headers["number"] == "文件编号" and reg.headers["handler"] == "联系人"


def test_the_bureaus_headers_load(tmp_path):
    reg, _ = register(tmp_path, [doc("仓政办〔2020〕6号")], header=ZH_COLUMNS)
    assert [reg.headers[c] for c in COLUMNS] == ZH_COLUMNS


def test_the_handler_is_personal_data_and_nothing_else():
    assert SCHEMA.private_columns == ("handler",)
    assert SCHEMA.unique == ("number",)
    assert [c.name for c in SCHEMA.columns if c.required] == ["number", "title", "issuer", "issued_on"]


def test_required_values(tmp_path):
    found = problems(tmp_path, [doc(""), doc("2", title="", issuer=""), doc("3", issued="", reviewed="否")])
    assert sorted((r, c) for r, c, _ in found) == [(2, "number"), (3, "issuer"), (3, "title"), (4, "issued_on")]
    assert all(e == "a value (required)" for _, _, e in found)


def test_duplicate_number_full_width_digits_included(tmp_path):
    found = problems(tmp_path, [doc("仓政〔2020〕1号"), doc("仓政〔2020〕2号"), doc("仓政〔2020〕１号")])
    assert [(r, c) for r, c, _ in found] == [(4, "number")] and "row 2" in found[0][2]


def test_unreadable_values(tmp_path):
    found = problems(
        tmp_path,
        [
            doc("1", issued="2020-02-30", reviewed_on="2020-02-28", city="", congress=""),
            doc("2", reviewed="也许"),
            doc("3", city="下周"),
            doc("4", published="公开了"),
            doc("5", issued="2017-01-06", city="", congress="", reviewed="否", cleanup="作废"),
        ],
    )
    assert [(r, c) for r, c, _ in found] == [
        (2, "issued_on"),
        (3, "reviewed"),
        (4, "city_filed_on"),
        (5, "published"),
        (6, "cleanup_result"),  # once: not again as a missing cleanup result
    ]


def test_issued_after_the_year_is_an_error(tmp_path):
    found = problems(tmp_path, [doc("1", issued="2021-01-04"), doc("2", issued="2020-12-31")])
    assert [(r, c) for r, c, _ in found] == [(2, "issued_on")]
    assert "a date in 2020" in found[0][2]


def test_an_earlier_document_is_in_the_register_for_its_cleanup_only(tmp_path):
    found = problems(
        tmp_path,
        [
            doc("1", issued="2019-12-31"),  # no cleanup result: why is it here?
            doc("2", issued="2019-12-31", cleanup="保留"),
            doc("3", issued="2020-01-02", cleanup="废止"),  # issued this year and cleaned: fine
        ],
    )
    assert found == [
        (
            2,
            "cleanup_result",
            "a cleanup result (清理结果): a document issued before 2020 is in the register only for the year's cleanup",
        )
    ]


def test_a_cleanup_named_needs_its_result(tmp_path):
    found = problems(tmp_path, [doc("1", batch="民法典涉及规范性文件清理"), doc("2", batch="x", cleanup="修改")])
    assert [(r, c) for r, c, _ in found] == [(2, "cleanup_result")]


def test_legality_review_has_a_date_not_after_issue(tmp_path):
    found = problems(
        tmp_path,
        [
            doc("1", reviewed="是", reviewed_on=""),
            doc("2", reviewed="否", reviewed_on="2020-03-01"),
            doc("3", reviewed="", reviewed_on="2020-03-01"),
            doc("4", issued="2020-03-02", reviewed_on="2020-03-03"),
            doc("5", issued="2020-03-02", reviewed_on="2020-03-02"),  # the same day: before issue
        ],
    )
    assert [(r, c) for r, c, _ in found] == [
        (2, "reviewed_on"),
        (3, "reviewed_on"),
        (4, "reviewed_on"),
        (5, "reviewed_on"),
    ]
    assert found[3][2] == "a date on or before the issue date: the legality review comes before issue"


def test_filing_and_publication_not_before_issue(tmp_path):
    found = problems(
        tmp_path,
        [
            doc("1", issued="2020-03-02", city="2020-03-01"),
            doc("2", issued="2020-03-02", congress="2020-02-28"),
            doc("3", issued="2020-03-02", city="2020-03-02", congress="2020-03-02", published_on="2020-03-02"),
            doc("4", issued="2020-03-02", published_on="2020-03-01"),
            doc("5", published="否", published_on="2020-03-05"),
        ],
    )
    assert [(r, c) for r, c, _ in found] == [
        (2, "city_filed_on"),
        (3, "congress_filed_on"),
        (5, "published_on"),
        (6, "published_on"),
    ]


def test_a_deadline_in_a_year_the_calendar_does_not_know(tmp_path):
    """The package knows its years; a filing period ending in a later year needs that year's holidays in params."""
    from audit.core.calendar import package_years

    last = package_years()[1]
    rows = [
        doc("1", issued=f"{last}-12-20", city="", congress=""),
        doc("2", issued=f"{last}-12-28", city="", congress=""),
    ]
    found = problems(tmp_path, rows, year=last)
    assert [(r, c) for r, c, _ in found] == [(2, "issued_on")]
    assert f"ends in {last + 1}" in found[0][2] and "1 more rows" in found[0][2]
    reg, _ = register(tmp_path, rows, year=last, calendar={"holidays": [f"{last + 1}-01-01"]})
    assert len(reg.data) == 2


def test_every_problem_is_reported_together_in_chinese(tmp_path):
    with pytest.raises(InputError) as caught:
        register(
            tmp_path,
            [
                doc("仓政〔2020〕1号", reviewed="是", reviewed_on=""),
                doc("仓政〔2020〕2号", issued="2020-05-06", city="2020-05-01"),
                doc("仓政〔2020〕1号"),
                doc("仓政〔2016〕3号", issued="2016-04-01", city="", congress=""),
                doc("仓政〔2020〕5号", issued="2021-02-01"),
            ],
            header=ZH_COLUMNS,
        )
    assert_chinese(caught.value.problems)
    chinese = {(p.row, p.column): p.expected_zh for p in caught.value.problems}
    assert chinese == {
        (2, "审查日期"): "审查日期（合法性审查为“是”）",
        (3, "报市政府备案日期"): "不得早于发布日期",
        (4, "文号"): "唯一的文号（与第 2 行重复）",
        (5, "清理结果"): "清理结果：2020 年以前发布的文件只因本年度清理列入登记表",
        (6, "发布日期"): "2020 年内的日期（本年度清理的以前年度文件为以前年度的日期）",
    }
    assert all(p.file == "normative_documents.csv" for p in caught.value.problems)
