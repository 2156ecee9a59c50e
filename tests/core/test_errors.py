"""The problem table shown to auditors."""

from __future__ import annotations

from audit.core.errors import InputError, Problem, display_width, format_problems

INTAKE = Problem(
    "a.csv",
    9,
    "受理情况",
    "受理了",
    "one of accepted (受理), rejected (不予受理)",
    "受理（accepted）；不予受理（rejected）",
)
RECEIVED = Problem(
    "a.csv",
    3,
    "收案日期",
    "2019-12-30",
    "a date in 2020 (or mark the case carried over)",
    "2020 年内的日期（或标注为上年结转）",
)


def test_problems_are_sorted_and_counted():
    error = InputError(
        [Problem("b.csv", 3, "x", "1", "y", "乙"), INTAKE, Problem("a.csv", 2, "c", "", "a value", "必填")]
    )
    assert [(p.file, p.row) for p in error.problems] == [("a.csv", 2), ("a.csv", 9), ("b.csv", 3)]
    text = str(error)
    assert text.splitlines()[0] == "3 problems in the inputs:"
    assert "受理了" in text and "''" in text


def test_chinese_table_is_aligned_by_display_width():
    text = format_problems(
        [
            Problem("登记表.csv", 2, "受理情况", "受理了", "accepted", "受理"),
            Problem("r.csv", 10, "intake", "x", "accepted", "受理"),
        ],
        "zh",
    )
    lines = text.splitlines()
    assert lines[0] == "发现 2 个输入问题:"
    assert len({display_width(line.split("  ")[0]) for line in lines[1:]}) >= 1
    positions = [display_width(line[: line.index(v)]) for line, v in zip(lines[2:], ["受理了", "x"])]
    assert positions[0] == positions[1]


def test_chinese_table_shows_the_chinese_expectation():
    text = format_problems([RECEIVED, INTAKE], "zh")
    assert text.splitlines()[1].split() == ["文件", "行", "列", "值", "应为"]
    assert text.splitlines()[2].endswith("2020 年内的日期（或标注为上年结转）")
    assert text.splitlines()[3].endswith("受理（accepted）；不予受理（rejected）")
    assert "a date in 2020" not in text and "one of" not in text


def test_english_table_is_unchanged():
    assert format_problems([RECEIVED, INTAKE], "en") == "\n".join(
        [
            "2 problems in the inputs:",
            "file   row  column    value       expected",
            "a.csv  3    收案日期  2019-12-30  a date in 2020 (or mark the case carried over)",
            "a.csv  9    受理情况  受理了      one of accepted (受理), rejected (不予受理)",
        ]
    )
    assert str(InputError([RECEIVED])) == format_problems([RECEIVED])  # English unless asked


def test_no_problems_in_either_language():
    assert format_problems([], "zh") == "未发现问题" and format_problems([], "en") == "no problems"


def test_expectation_and_dict_carry_both_languages():
    assert RECEIVED.expectation("zh") == "2020 年内的日期（或标注为上年结转）"
    assert RECEIVED.expectation("en") == "a date in 2020 (or mark the case carried over)"
    assert RECEIVED.as_dict() == {
        "file": "a.csv",
        "row": 3,
        "column": "收案日期",
        "value": "2019-12-30",
        "expected": "a date in 2020 (or mark the case carried over)",
        "expected_zh": "2020 年内的日期（或标注为上年结转）",
    }
