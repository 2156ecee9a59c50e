"""The enforcement publication register: headers in both languages, every bad value reported with its row."""

from __future__ import annotations

import datetime as dt

import pytest

from audit.audits.enforcement_publication.register import SCHEMA
from audit.core.calendar import package_years
from audit.core.errors import InputError

from .helpers import COLUMNS, ZH_COLUMNS, decision, register
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
            decision("A1", kind="licence"),
            decision("A2", kind="penalty", published=""),
            decision("A3", kind="other", decided="2020-12-31", published="2021-01-04"),
        ],
    )
    d = reg.data
    assert list(d["kind"]) == ["licence", "penalty", "other"]
    assert str(d["decided_on"].iloc[2].date()) == "2020-12-31" and str(d["published_on"].iloc[2].date()) == "2021-01-04"
    assert d["published_on"].isna().tolist() == [False, True, False]
    assert reg.headers["decision_id"] == "decision_id"


def test_chinese_headers_labels_and_dates_as_auditors_write_them(tmp_path):
    reg, _ = register(
        tmp_path,
        [
            decision("仓市监许〔2020〕1号", kind="行政许可", decided="2020年3月2日", published="2020/3/4"),
            decision("仓市监罚〔2020〕1号", kind="处罚"),
            decision("仓市监强〔2020〕1号", kind="其他行政执法决定"),
            decision("仓市监许〔2020〕2号", kind="许可"),
            decision("仓市监罚〔2020〕2号", kind="行政处罚", published=""),
        ],
        header=ZH_COLUMNS,
    )
    d = reg.data
    assert list(d["kind"]) == ["licence", "penalty", "other", "licence", "penalty"]
    assert str(d["decided_on"].iloc[0].date()) == "2020-03-02" and str(d["published_on"].iloc[0].date()) == "2020-03-04"
    assert reg.headers["kind"] == "类别" and reg.headers["published_on"] == "公示日期"


def test_the_aliases_auditors_write_are_headers_too(tmp_path):
    aliases = ["执法主体", "决定文号", "执法类别", "案由", "行政相对人", "作出决定日期", "公开日期", "公示网站"]
    reg, _ = register(tmp_path, [decision("1")], header=aliases)
    assert reg.headers == dict(zip(COLUMNS, aliases))


def test_only_the_required_columns_are_needed(tmp_path):
    header = ["执法单位", "决定书文号", "类别", "决定日期"]
    reg, _ = register(tmp_path, [["区城管局", "1", "行政处罚", "2020-03-02"]], header=header)
    assert reg.data["published_on"].isna().all() and reg.data["platform"].isna().all()


def test_a_missing_required_column_is_named(tmp_path):
    header = ["执法单位", "决定书文号", "公示日期"]
    found = problems(tmp_path, [["区城管局", "1", "2020-03-04"]], header=header)
    assert sorted((r, c) for r, c, _ in found) == [(1, "决定日期"), (1, "类别")]
    assert all("required" in e for _, _, e in found)


def test_the_party_is_personal_data_and_nothing_else_is():
    assert SCHEMA.private_columns == ("party",)
    assert SCHEMA.column("party").zh == "当事人"


def test_every_bad_cell_is_reported_with_its_row(tmp_path):
    found = problems(
        tmp_path,
        [
            decision("1", kind="行政强制"),  # not a kind of the register (其他 is)
            decision("2", decided="2020-02-30"),
            decision("3", published="下周"),
            decision("4", unit=""),
            decision("", decided="2020-03-02"),
            decision("6", kind=""),
            decision("7", decided=""),
        ],
    )
    # each once: a publication date that does not parse is not judged again by the platform rule
    assert sorted((r, c) for r, c, _ in found) == [
        (2, "kind"),
        (3, "decided_on"),
        (4, "published_on"),
        (5, "unit"),
        (6, "decision_id"),
        (7, "kind"),
        (8, "decided_on"),
    ]
    expected = {(r, c): e for r, c, e in found}
    assert expected[(2, "kind")].startswith("one of licence (行政许可/许可)")
    assert expected[(3, "decided_on")].startswith("a date such as")
    assert expected[(5, "unit")] == "a value (required)"


def test_duplicate_decision_numbers_are_reported(tmp_path):
    found = problems(tmp_path, [decision("仓城管罚〔2020〕1号"), decision("B"), decision("仓城管罚〔2020〕1号")])
    assert [(r, c) for r, c, _ in found] == [(4, "decision_id")]
    assert "row 2" in found[0][2]


def test_decided_in_the_audited_year(tmp_path):
    found = problems(
        tmp_path,
        [
            decision("1", decided="2019-12-31", published="2020-01-02"),
            decision("2", decided="2020-12-31", published="2021-01-04"),
            decision("3", decided="2021-01-04", published="2021-01-04"),
        ],
    )
    assert found == [(2, "decided_on", "a date in 2020 (the audited year)"), (4, "decided_on", found[1][2])]


def test_a_decision_published_before_it_was_made_is_an_input_problem(tmp_path):
    found = problems(
        tmp_path,
        [
            decision("1", decided="2020-05-11", published="2020-05-08"),
            decision("2", decided="2020-05-11", published="2020-05-11"),  # the same day: fine
        ],
    )
    assert [(r, c) for r, c, _ in found] == [(2, "published_on")]
    assert "before it is made" in found[0][2]


def test_a_platform_without_a_publication_date_is_an_error(tmp_path):
    found = problems(tmp_path, [decision("1", published="", platform="信用福州"), decision("2", published="")])
    assert [(r, c) for r, c, _ in found] == [(2, "published_on")]


def test_a_period_into_a_year_without_holidays_is_an_error_until_params_give_them(tmp_path):
    last = package_years()[1]  # the package's last year: its 28 December's limit runs into the next
    rows = [
        decision("1", decided=f"{last}-12-28", published=""),
        decision("2", decided=f"{last}-12-29", published=""),
        decision("3", decided=f"{last}-06-01", published=f"{last + 1}-01-05"),
    ]
    found = problems(tmp_path, rows, year=last, audit_date=dt.date(last, 12, 31))
    assert [(r, c) for r, c, _ in found] == [(2, "decided_on"), (4, "published_on")]
    assert f"run into {last + 1}" in found[0][2] and "1 more rows need it too" in found[0][2]
    calendar = {"holidays": [dt.date(last + 1, 1, 1)], "workdays": []}
    reg, _ = register(tmp_path, rows, year=last, calendar=calendar)
    assert len(reg.data) == 3


def test_every_problem_is_reported_together_in_both_languages(tmp_path):
    with pytest.raises(InputError) as caught:
        register(
            tmp_path,
            [
                decision("1", decided="2020-05-11", published="2020-05-08"),
                decision("1", kind="没有"),
                decision("3", decided="2019-05-11", published="2020-05-12"),
                decision("4", published="", platform="信用福州"),
            ],
            header=ZH_COLUMNS,
        )
    found = {(p.row, p.column): p.expected_zh for p in caught.value.problems}
    assert set(found) == {(2, "公示日期"), (3, "决定书文号"), (3, "类别"), (4, "决定日期"), (5, "公示日期")}
    assert found[(2, "公示日期")] == "不得早于决定日期：执法决定作出后才能公示"
    assert found[(3, "类别")] == "以下之一：行政许可、行政处罚、其他"
    assert found[(4, "决定日期")] == "2020 年内的日期（审计年度）"
    assert found[(5, "公示日期")] == "公示日期：已填写公示平台"
    assert all(p.file == "enforcement_publication.csv" for p in caught.value.problems)
    assert_chinese(caught.value.problems)
