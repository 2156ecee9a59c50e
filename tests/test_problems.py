"""The problem table shown to auditors."""

from __future__ import annotations

from audit.problems import InputError, Problem, display_width, format_problems


def test_problems_are_sorted_and_counted():
    error = InputError([Problem("b.csv", 3, "x", "1", "y"), Problem("a.csv", 9, "受理情况", "受理了", "one of …"),
                        Problem("a.csv", 2, "c", "", "a value")])
    assert [(p.file, p.row) for p in error.problems] == [("a.csv", 2), ("a.csv", 9), ("b.csv", 3)]
    text = str(error)
    assert text.splitlines()[0] == "3 problems in the inputs:"
    assert "受理了" in text and "''" in text


def test_chinese_table_is_aligned_by_display_width():
    text = format_problems([Problem("登记表.csv", 2, "受理情况", "受理了", "受理"),
                            Problem("r.csv", 10, "intake", "x", "accepted")], "zh")
    lines = text.splitlines()
    assert lines[0] == "发现 2 个输入问题:"
    assert len({display_width(line.split("  ")[0]) for line in lines[1:]}) >= 1
    positions = [display_width(line[: line.index(v)]) for line, v in zip(lines[2:], ["受理了", "x"])]
    assert positions[0] == positions[1]
