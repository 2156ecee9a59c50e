"""Params files: validation errors name the file and the key; paths are relative to the file."""

from __future__ import annotations

import datetime as dt

import pytest

from audit.audits import by_key
from audit.core.errors import InputError
from audit.core.params import ERRORS_ZH, _expected, load_params, locate

from conftest import SAMPLE_PARAMS, assert_chinese, write_params


def problems(path):
    with pytest.raises(InputError) as caught:
        load_params(path)
    assert_chinese(caught.value.problems)
    return caught.value.problems


def test_sample_params_load_with_defaults():
    params = load_params(SAMPLE_PARAMS)
    assert params.year == 2020 and params.language == "zh"
    assert params.as_of == dt.date(2020, 12, 31)
    assert params.reconsideration.decision_days == 60 and params.reconsideration.extension_days == 30
    assert params.register_path("reconsideration").name == "reconsideration.csv"
    assert params.definitions.rounding == "half_up"


def test_register_paths_are_relative_to_the_params_file(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "r.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "params").mkdir()
    path = tmp_path / "params" / "2021.yaml"
    path.write_text("year: 2021\nregisters:\n  reconsideration: ../data/r.csv\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "data")
    params = load_params(path)
    assert params.register_path("reconsideration") == tmp_path / "data" / "r.csv"
    assert params.as_of == dt.date(2021, 12, 31)


def test_unknown_key_names_key_file_and_line(tmp_path):
    path = tmp_path / "2020.yaml"
    path.write_text("year: 2020\nregisters: {}\nreconsideration:\n  decison_days: 60\n", encoding="utf-8")
    [p] = problems(path)
    assert (p.file.endswith("2020.yaml"), p.row, p.column) == (True, 4, "reconsideration.decison_days")
    assert "no such key" in p.expected


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("regsiters: {}\n", "registers"),
        ("calender:\n  strict: true\n", "calendar"),
        ("reconsideration:\n  decison_days: 60\n", "reconsideration.decision_days"),
    ],
)
def test_an_unknown_key_suggests_the_valid_key_it_most_resembles(tmp_path, written, meant):
    path = tmp_path / "2020.yaml"
    path.write_text("year: 2020\nregisters: {}\n" * ("regsiters" not in written) + written, encoding="utf-8")
    unknown = [p for p in problems(path) if "no such key" in p.expected]
    assert len(unknown) == 1, unknown
    assert unknown[0].expected.endswith(f"did you mean {meant}?") and unknown[0].expected_zh.endswith(
        f"是否应为 {meant}？"
    )


def test_an_unknown_key_like_no_valid_one_suggests_nothing(tmp_path):
    path = tmp_path / "2020.yaml"
    path.write_text("year: 2020\nregisters: {}\nzzzz: 1\n", encoding="utf-8")
    [p] = problems(path)
    assert "did you mean" not in p.expected and "是否应为" not in p.expected_zh


def test_wrong_types_and_missing_keys_are_all_reported(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("language: fr\naudit_date: someday\nreconsideration:\n  decision_days: -5\n", encoding="utf-8")
    found = {p.column for p in problems(path)}
    assert found == {"year", "registers", "language", "audit_date", "reconsideration.decision_days"}


def test_missing_register_file(tmp_path):
    path = tmp_path / "2020.yaml"
    path.write_text("year: 2020\nregisters:\n  reconsideration: nowhere.csv\n", encoding="utf-8")
    [p] = problems(path)
    assert (p.row, p.column, p.value) == (3, "registers.reconsideration", "nowhere.csv")


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "2020.yaml"
    path.write_text("year: 2020\nregisters:\n  reconsideration: [unclosed\n", encoding="utf-8")
    [p] = problems(path)
    assert p.row is not None and "YAML" in p.expected


def test_missing_params_file(tmp_path):
    [p] = problems(tmp_path / "1999.yaml")
    assert "params file" in p.expected


def test_case_file_standard_must_sum_to_100(tmp_path):
    path = tmp_path / "2020.yaml"
    path.write_text(
        "year: 2020\nregisters: {}\ncase_file_review:\n  categories: {subject: 50, evidence: 40}\n", encoding="utf-8"
    )
    [p] = problems(path)
    assert p.column == "case_file_review" and "sum to 100" in p.expected


def test_unknown_rate_denominator(tmp_path):
    path = tmp_path / "2020.yaml"
    path.write_text(
        "year: 2020\nregisters: {}\ndefinitions:\n  reconsideration:\n"
        "    correction_rate: {denominator: applications}\n",
        encoding="utf-8",
    )
    [p] = problems(path)
    assert p.column == "definitions.reconsideration.correction_rate.denominator"


def test_locate_finds_project_relative_paths_from_a_subfolder(root, monkeypatch):
    monkeypatch.chdir(by_key("reconsideration").folder)  # where JupyterLab opens its notebook
    assert locate("params/2020.yaml").resolve() == SAMPLE_PARAMS


# ---- Chinese expectations of params errors ---------------------------------------------------

# pydantic error type -> (params file text, dotted key it names, its Chinese expectation)
PARAMS_ERRORS = {
    "missing": ("year: 2020\n", "registers", "必填项：缺少此项"),
    "extra_forbidden": (
        "year: 2020\nregisters: {}\nlangauge: zh\n",
        "langauge",
        "无此参数项（请核对拼写；见 docs/params.md）",
    ),
    "invalid_key": ("year: 2020\nregisters: {}\n1: 2\n", "1", "文本形式的参数名"),
    "int_parsing": ("year: twenty\nregisters: {}\n", "year", "整数"),
    "int_type": ("year: [2020]\nregisters: {}\n", "year", "整数"),
    "int_from_float": ("year: 2020.5\nregisters: {}\n", "year", "整数（不带小数）"),
    "float_parsing": (
        "year: 2020\nregisters: {}\ntraining: {hours_per_officer: sixty}\n",
        "training.hours_per_officer",
        "数字",
    ),
    "float_type": (
        "year: 2020\nregisters: {}\ntraining: {hours_per_officer: [60]}\n",
        "training.hours_per_officer",
        "数字",
    ),
    "string_type": (
        "year: 2020\nregisters: {}\ncase_file_review: {pass_grade: [合格]}\n",
        "case_file_review.pass_grade",
        "文本",
    ),
    "path_type": ("year: 2020\nregisters: {training: {path: 5}}\n", "registers.training.path", "文件路径（文本）"),
    "date_type": ("year: 2020\nregisters: {}\naudit_date: true\n", "audit_date", "日期，如 2020-12-31"),
    "date_from_datetime_parsing": (
        "year: 2020\nregisters: {}\naudit_date: 2020/12/31\n",
        "audit_date",
        "日期，如 2020-12-31",
    ),
    "date_from_datetime_inexact": (
        "year: 2020\nregisters: {}\naudit_date: 2020-12-31 10:00:00\n",
        "audit_date",
        "日期（不含时间），如 2020-12-31",
    ),
    "literal_error": (
        "year: 2020\nregisters: {}\ndefinitions:\n  reconsideration:\n"
        "    correction_rate: {denominator: applications}\n",
        "definitions.reconsideration.correction_rate.denominator",
        "下列值之一：received、accepted、under_review、concluded",
    ),
    "greater_than": (
        "year: 2020\nregisters: {}\nreconsideration: {decision_days: 0}\n",
        "reconsideration.decision_days",
        "大于 0",
    ),
    "greater_than_equal": (
        "year: 2020\nregisters: {}\ntraining: {hours_per_officer: -1}\n",
        "training.hours_per_officer",
        "不小于 0",
    ),
    "less_than_equal": (
        "year: 2020\nregisters: {}\nlitigation: {targets: {loss_rate: 1.5}}\n",
        "litigation.targets.loss_rate",
        "不大于 1",
    ),
    "dict_type": ("year: 2020\nregisters: {}\nreported: 55\n", "reported", "YAML 键值对（见 docs/params.md）"),
    "model_type": (
        "year: 2020\nregisters: {}\nreconsideration: 60\n",
        "reconsideration",
        "YAML 键值对（见 docs/params.md）",
    ),
    "tuple_type": (
        "year: 2020\nregisters: {}\ncase_file_review: {grades: 优秀}\n",
        "case_file_review.grades",
        "YAML 列表（每项以 - 开头）",
    ),
    "union": (
        "year: 2020\nregisters: {}\nreported: {reconsideration.received: [55]}\n",
        "reported.reconsideration.received",
        "文本、整数或数字",
    ),
    "value_error": (
        "year: 2020\nregisters: {}\ncase_file_review:\n  categories: {subject: 50, evidence: 40}\n",
        "case_file_review",
        "各评查类别分值之和为 100（现为 90）",
    ),
}


def test_every_translated_error_type_is_tested():
    assert set(PARAMS_ERRORS) == set(ERRORS_ZH)


@pytest.mark.parametrize("kind", PARAMS_ERRORS)
def test_params_errors_have_their_chinese_expectation(kind, tmp_path):
    text, key, zh = PARAMS_ERRORS[kind]
    path = tmp_path / "2020.yaml"
    path.write_text(text, encoding="utf-8")
    [p] = problems(path)
    suggested = kind == "extra_forbidden" and p.expected_zh.startswith(f"{zh}；是否应为 ")  # a typo's likely key
    assert p.column == key and (p.expected_zh == zh or suggested), p.expected_zh
    assert_chinese([p])


CFR = "year: 2020\nregisters: {}\ncase_file_review:\n"
GRADES = "  grades: [{name: 优秀, min: 90}, {name: 合格, min: 60}, {name: 不合格, min: 0}]\n"


# our own rules: (params file text, dotted key, English as before, Chinese)
RULES = [
    (
        CFR + "  categories: {subject: 50, evidence: 40}\n",
        "case_file_review",
        "category maxima must sum to 100, they sum to 90",
        "各评查类别分值之和为 100（现为 90）",
    ),
    (
        CFR + "  categories: {subject: 110, evidence: -10}\n",
        "case_file_review",
        "every category maximum must be positive",
        "各评查类别分值均大于 0",
    ),
    (
        CFR + "  grades: [{name: 合格, min: 0}]\n  pass_grade: 合格\n  veto_cap_grade: 合格\n",
        "case_file_review",
        "at least two grade bands are needed",
        "至少两个等次",
    ),
    (
        CFR + "  grades: [{name: 合格, min: 0}, {name: 优秀, min: 90}]\n",
        "case_file_review",
        "grade bands must be listed highest first, with distinct minimums",
        "等次按分数线从高到低排列，分数线互不相同",
    ),
    (
        CFR + "  grades: [{name: 优秀, min: 90}, {name: 合格, min: 60}]\n",
        "case_file_review",
        "the lowest grade band must start at 0",
        "最低等次的分数线为 0",
    ),
    (
        CFR + "  grades: [{name: 合格, min: 90}, {name: 合格, min: 0}]\n",
        "case_file_review",
        "grade names must be distinct",
        "等次名称互不相同",
    ),
    (
        CFR + GRADES + "  pass_grade: 及格\n",
        "case_file_review",
        "pass_grade '及格' is not one of the grades ['优秀', '合格', '不合格']",
        "pass_grade 为已设等次之一：优秀、合格、不合格（现为“及格”）",
    ),
    (
        "year: 2020\nregisters: {}\ntraining:\n  targets: {leadership_lectures: 2}\n",
        "training",
        "unknown training kind(s) leadership_lectures; known: leadership_course, leadership_lecture, staff_training, "
        "pre_meeting_study, other",
        "培训类别代码之一：leadership_course、leadership_lecture、staff_training、pre_meeting_study、other"
        "（leadership_lectures 不是培训类别）",
    ),
    (
        "year: 2020\nregisters: {}\nthresholds:\n  litigation.cases: {green: 1, amber: 0}\n",
        "thresholds",
        "'litigation.cases' is not a headline metric with a threshold; choose from [",
        "可设阈值的主要指标之一：case_file_review.legality_rate、",
    ),
    (
        "year: 2020\nregisters: {}\nthresholds:\n  reconsideration.on_time_rate: {green: 0.9, amber: 0.95}\n",
        "thresholds",
        "reconsideration.on_time_rate: green must be at least amber (higher is better)",
        "reconsideration.on_time_rate：green（绿）不低于 amber（黄）（该指标越高越好）",
    ),
    (
        "year: 2020\nregisters: {}\nthresholds:\n  litigation.loss_rate: {green: 0.2, amber: 0.1}\n",
        "thresholds",
        "litigation.loss_rate: green must be at most amber (lower is better)",
        "litigation.loss_rate：green（绿）不高于 amber（黄）（该指标越低越好）",
    ),
]


@pytest.mark.parametrize("text, key, english, chinese", RULES)
def test_our_rules_speak_english_and_chinese(text, key, english, chinese, tmp_path):
    path = tmp_path / "2020.yaml"
    path.write_text(text, encoding="utf-8")
    [p] = problems(path)
    assert p.column == key
    assert p.expected.startswith(english) and p.expected_zh.startswith(chinese)


def test_an_unforeseen_error_type_wraps_pydantics_english_in_chinese(tmp_path, monkeypatch):
    monkeypatch.delitem(ERRORS_ZH, "int_parsing")
    path = tmp_path / "2020.yaml"
    path.write_text("year: twenty\nregisters: {}\n", encoding="utf-8")
    [p] = problems(path)
    assert p.expected == "Input should be a valid integer, unable to parse string as an integer"
    assert p.expected_zh == f"有效的取值（{p.expected}）"


def test_a_plain_value_error_is_wrapped_too():
    error = {"type": "value_error", "msg": "Value error, boom", "ctx": {"error": ValueError("boom")}}
    assert _expected(error) == ("boom", "有效的取值（boom）")


@pytest.mark.parametrize(
    "text, zh",
    [
        (None, "已有的参数文件（YAML）：未找到此文件"),
        ("year: 2020\nregisters:\n  reconsideration: [unclosed\n", "有效的 YAML（"),
        ("- year: 2020\n", "YAML 键值对（见 docs/params.md）"),
        (
            "year: 2020\nregisters:\n  reconsideration: nowhere.csv\n",
            "存在的登记表文件（路径相对于参数文件所在的文件夹）",
        ),
    ],
)
def test_file_level_params_problems_in_chinese(text, zh, tmp_path):
    path = tmp_path / "2020.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    [p] = problems(path)
    assert p.expected_zh.startswith(zh)


# ---- inputs that were accepted with wrong figures ------------------------------------------------


def _problems(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_params(path)
    return caught.value.problems


def test_a_key_given_twice_is_an_error_not_the_last_one_silently(tmp_path):
    problems = _problems(tmp_path, "2020.yaml", "year: 2020\nregisters: {}\nlanguage: zh\nregisters: {}\n")
    assert [(p.row, p.column) for p in problems] == [(4, "registers")]
    assert "line 2" in problems[0].expected and "第 2 行" in problems[0].expected_zh


def test_nested_keys_given_twice(tmp_path):
    problems = _problems(
        tmp_path,
        "2020.yaml",
        "year: 2020\nregisters: {}\ntraining:\n  hours_per_officer: 60\n  hours_per_officer: 40\n",
    )
    assert [(p.row, p.column) for p in problems] == [(5, "training.hours_per_officer")]  # the dotted key


def test_the_year_must_be_the_one_the_file_is_named_for(tmp_path):
    [problem] = _problems(tmp_path, "2021.yaml", "year: 2020\nregisters: {}\n")
    assert (problem.row, problem.column, problem.value) == (1, "year", "2020") and "2021" in problem.expected
    assert load_params(write_params(tmp_path, {})).year == 2020  # 2020.yaml saying 2020


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", ".NaN"])
def test_numbers_that_are_not_finite_are_errors(tmp_path, value):
    text = f"year: 2020\nregisters: {{}}\nthresholds:\n  reconsideration.on_time_rate: {{green: {value}, amber: 0.9}}\n"
    problems = _problems(tmp_path, "2020.yaml", text)
    assert any(p.column == "thresholds.reconsideration.on_time_rate.green" and p.row == 4 for p in problems)


def test_the_as_of_date_is_a_day_of_the_audited_year(tmp_path):
    [problem] = _problems(tmp_path, "2020.yaml", "year: 2020\naudit_date: 2021-03-31\nregisters: {}\n")
    assert (problem.row, problem.column, problem.value) == (2, "audit_date", "2021-03-31")
    assert "2020" in problem.expected_zh
