"""The command line in the user's language: help, usage errors, the version, examples and exit codes."""

from __future__ import annotations

import re
import string

import pytest

from audit.cli import build_parser, main
from audit.helptext import HELP, argparse_speaking, help_language

from conftest import CJK

COMMANDS = ["run", "check", "new-year", "verify", "sign", "log", "lab"]


def test_every_help_text_exists_in_both_languages():
    assert HELP["zh"].keys() == HELP["en"].keys()
    for key, chinese in HELP["zh"].items():
        assert CJK.search(chinese), key
        fields = lambda text: {n for _, n, _, _ in string.Formatter().parse(text) if n}  # noqa: E731
        assert fields(chinese) == fields(HELP["en"][key]) == set(), key


@pytest.mark.parametrize(
    ("argv", "environ", "windows", "language"),
    [
        (["run", "--lang", "en"], {"LANG": "zh_CN.UTF-8"}, False, "en"),
        (["run", "--lang=zh"], {"LANG": "en_US.UTF-8"}, False, "zh"),
        (["run"], {"AUDIT_LANG": "en", "LANG": "zh_CN.UTF-8"}, False, "en"),
        (["run"], {"LANG": "en_GB.UTF-8"}, False, "en"),
        (["run"], {"LC_ALL": "zh_CN.GB18030", "LANG": "en_US.UTF-8"}, False, "zh"),
        (["run"], {"LANG": "C.UTF-8"}, False, "zh"),  # no language named: Chinese, the users' language
        (["run"], {}, False, "zh"),
        (["run", "--lang", "fr"], {}, False, "zh"),  # argparse itself rejects fr
    ],
)
def test_the_help_language_comes_from_the_command_line_then_the_environment(argv, environ, windows, language):
    assert help_language(argv, environ, windows) == language


def test_on_windows_the_user_locale_decides(monkeypatch):
    import locale

    monkeypatch.setattr(locale, "getlocale", lambda *a: ("English_United States", "1252"))
    assert help_language([], {}, windows=True) == "en"
    monkeypatch.setattr(locale, "getlocale", lambda *a: ("Chinese (Simplified)_China", "936"))
    assert help_language([], {}, windows=True) == "zh"


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS], ["log", "verify"], ["log", "show"]])
def test_every_command_helps_in_the_language_with_an_example_and_exit_codes(command, language, capsys, monkeypatch):
    monkeypatch.setenv("AUDIT_LANG", language)
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    shown = capsys.readouterr().out
    if language == "zh":
        assert shown.startswith("用法：") and "显示本帮助并退出" in shown
        assert "usage:" not in shown and "show this help" not in shown
    else:
        assert shown.startswith("usage:") and not CJK.search(shown.replace("法治政府建设", ""))
    if command[:1] != ["log"] or len(command) == 1:
        assert re.search(r"(示例|examples?)：?:?\n  audit ", shown), shown
    exit_words = "退出码" if language == "zh" else "exit status"
    assert exit_words in shown or command == ["log"], shown


def test_usage_errors_are_worded_in_the_language(capsys, monkeypatch):
    monkeypatch.setenv("AUDIT_LANG", "zh")
    with pytest.raises(SystemExit) as exit_:
        main(["run"])
    assert exit_.value.code == 2
    assert "audit run：错误：必须给出以下参数之一：--year --params --all" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["run", "--all", "--jobs", "0"])
    assert "至少同时执行 1 个笔记本" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["run", "--all", "--jobs", "0", "--lang", "en"])
    assert "error: argument --jobs/-j: at least 1 notebook at a time" in capsys.readouterr().err


def test_argparse_speaks_english_again_after_a_chinese_command():
    import argparse

    with argparse_speaking("zh"):
        assert argparse._("usage: ") == "用法："
    assert argparse._("usage: ") == "usage: "


def test_the_version_is_the_package_metadata(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == f"audit {version('audit')}"


def test_the_parser_offers_every_command():
    parser = build_parser("en")
    sub = next(a for a in parser._actions if a.dest == "command")
    assert list(sub.choices) == COMMANDS


def test_a_run_says_what_it_validates_and_counts_its_pages(tmp_path, capsys):
    from conftest import ROOT

    params = tmp_path / "2020.yaml"
    params.write_text(
        f"year: 2020\nregisters:\n  litigation: {ROOT / 'data/sample/2020/litigation.csv'}\n", encoding="utf-8"
    )
    assert main(["run", "--params", str(params), "--out", str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"audit run：1 个年度，报告写入 {tmp_path / 'out'}/"
    # litigation, the findings, the summary and the index
    assert lines[1] == f"正在校验 {params}：参数与登记表……" and lines[2] == "共 4 页报告待生成"
    assert sorted(line.split("]")[0].strip() for line in lines[3:7]) == ["✓ [1/4", "✓ [2/4", "✓ [3/4", "✓ [4/4"]
    assert lines[6].endswith("index.html")
