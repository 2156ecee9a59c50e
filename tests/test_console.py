"""What the `audit` command prints: both languages say the same things, tables line up."""

from __future__ import annotations

import re
import string

from audit.cli import main
from audit.console import MESSAGES, say, status, table
from audit.core.errors import display_width

from conftest import CJK, SAMPLE_PARAMS


def test_every_message_exists_in_both_languages_with_the_same_values():
    assert MESSAGES["zh"].keys() == MESSAGES["en"].keys()
    fields = lambda text: {name for _, name, _, _ in string.Formatter().parse(text) if name}  # noqa: E731
    for key, english in MESSAGES["en"].items():
        chinese = MESSAGES["zh"][key]
        assert fields(chinese) <= fields(english), key  # English may add plural endings only
        assert fields(english) - fields(chinese) <= {"exist", "ies"}, key
        assert CJK.search(chinese), key


def test_say_fills_in_values_and_defaults_to_chinese():
    assert say("en", "run.report_failed", error="boom") == "a report failed: boom"
    assert say("zh", "run.report_failed", error="boom") == "报告执行出错：boom"
    assert say("fr", "status.ok") == "完成"


def test_status_codes_are_shown_in_the_language_and_unknown_codes_as_they_are():
    assert [status("zh", c) for c in ("ok", "invalid", "failed", "interrupted")] == [
        "完成",
        "输入有误",
        "失败",
        "已中断",
    ]
    assert status("en", "failed") == "failed" and status("zh", "something-new") == "something-new"


def test_table_aligns_columns_by_display_width():
    text = table("年度\t报告数\t状态", [("2020", "5", "完成"), ("2021", "12", "输入有误")], right=(1,))
    lines = text.splitlines()
    assert lines[0] == "年度  报告数  状态"
    assert lines[1] == "2020       5  完成"
    assert lines[2] == "2021      12  输入有误"
    starts = {display_width(line[: line.index(word)]) for line, word in zip(lines, ("状态", "完成", "输入有误"))}
    assert len(starts) == 1  # the status column starts at the same place on every line


def test_lang_overrides_the_years_language(capsys):
    assert main(["check", "--params", str(SAMPLE_PARAMS)]) == 0
    assert "检查通过" in capsys.readouterr().out
    assert main(["check", "--params", str(SAMPLE_PARAMS), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    from audit.core.params import load_params

    registers = len(load_params(SAMPLE_PARAMS).registers.present())
    assert out.startswith(f"OK: {registers} registers checked") and not re.search(CJK, out)
