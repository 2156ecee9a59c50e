"""Satisfaction metrics: every figure, both kinds of register, the definition of satisfied, the 2020 sample pinned."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from audit.audits.satisfaction import compute as satisfaction
from audit.core.claims import check_claims
from audit.core.errors import InputError
from audit.core.numbers import percent

from conftest import ROOT, write_params
from satisfaction_helpers import SURVEY_COLUMNS, register, response, survey

SAMPLE = ROOT / "data" / "sample" / "2020" / "satisfaction.csv"
KEYS = {
    "shape",
    "satisfied_answers",
    "not_counted_answers",
    "target_rate",
    "surveys",
    "responses",
    "respondents",
    "satisfied",
    "not_counted",
    "not_satisfied",
    "rate",
    "met",
    "answers",
    "units",
    "units_below_target",
    "units_below_target_names",
    "by_unit",
    "by_month",
    "by_method",
    "by_survey",
    "not_satisfied_responses",
    "definition_variants",
}


def _load(path):
    from audit.core.params import load_params
    from audit.registers import load_registers

    loaded = load_params(path)
    return satisfaction.compute(load_registers(loaded, ["satisfaction"])["satisfaction"], loaded)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    return _load(write_params(folder, {"satisfaction": str(SAMPLE)}, reported={"satisfaction.rate": "98.95%"}))


def compute(tmp_path, rows, **kwargs):
    return satisfaction.compute(*register(tmp_path, rows, **kwargs))


# -- the 2020 sample: the seed's "目前执法满意率达到98.95%" ----------------------------------------


def test_every_key_is_present_and_the_block_is_json(sample):
    assert set(sample) == KEYS
    json.dumps(sample, allow_nan=False)
    assert set(sample["by_unit"][0]) == {"unit", "responses", "not_counted", "respondents", "satisfied", "rate", "met"}
    assert set(sample["not_satisfied_responses"][0]) == {
        "row",
        "survey_id",
        "unit",
        "surveyed_on",
        "method",
        "answer",
        "follows_case",
        "commented",
    }


def test_2020_sample_gives_the_published_rate(sample):
    """940 satisfied of 950 counted (3 of the 953 responses gave no opinion): 98.947…% → 98.95%."""
    assert (sample["responses"], sample["not_counted"], sample["respondents"]) == (953, 3, 950)
    assert (sample["satisfied"], sample["not_satisfied"]) == (940, 10)
    assert sample["rate"] == 940 / 950 and percent(sample["rate"]) == "98.95%"
    assert sample["met"] is True and sample["target_rate"] == 0.95
    assert sample["answers"] == {
        "very_satisfied": 0,
        "satisfied": 808,
        "fairly_satisfied": 132,
        "neutral": 2,
        "dissatisfied": 8,
        "very_dissatisfied": 0,
        "no_opinion": 3,
    }
    assert sample["shape"] == "responses" and sample["surveys"] is None and sample["by_survey"] == []


def test_2020_sample_units_below_the_target(sample):
    assert (sample["units"], sample["units_below_target"]) == (20, 2)
    assert sample["units_below_target_names"] == ["城门镇", "区城管局"]
    first, second = sample["by_unit"][:2]
    assert (first["unit"], first["respondents"], first["satisfied"], first["met"]) == ("城门镇", 30, 28, False)
    assert (second["unit"], second["respondents"], second["satisfied"]) == ("区城管局", 110, 104)
    assert sum(u["respondents"] for u in sample["by_unit"]) == 950
    assert len(sample["not_satisfied_responses"]) == 10
    assert all(r["follows_case"] for r in sample["not_satisfied_responses"])  # each followed up a case


def test_the_published_rate_is_a_matching_claim(sample):
    claims = check_claims(
        {"satisfaction.rate": "98.95%", "satisfaction.satisfied": 940, "satisfaction.respondents": 951},
        {"satisfaction": sample},
        "half_up",
    )
    verdicts = {c["key"]: (c["display"], c["verdict"]) for c in claims}
    assert verdicts["satisfaction.rate"] == ("98.95%", "match")
    assert verdicts["satisfaction.satisfied"][1] == "match"
    assert verdicts["satisfaction.respondents"][1] == "mismatch"


def test_the_sample_names_no_respondent_in_its_figures(sample):
    import csv

    with open(SAMPLE, encoding="utf-8") as fh:
        names = {row["被调查人"] for row in csv.DictReader(fh) if row["被调查人"]}
    text = json.dumps(sample, ensure_ascii=False)
    assert names and not [n for n in names if n in text]


# -- counting and the definition of satisfied ----------------------------------------------------

ROWS = [
    response("区城管局", "满意"),
    response("区城管局", "基本满意"),
    response("区城管局", "非常满意"),
    response("区城管局", "一般", case_id="仓城管罚〔2020〕8号", comment="<script>alert(1)</script>"),
    response("区城管局", "不了解"),
    response("区住建局", "不满意", on="2020-07-02", case_id="仓建罚〔2020〕3号"),
    response("区住建局", "满意", on="2020-07-03", method="", name=""),
]


def test_counts_under_the_default_definition(tmp_path):
    m = compute(tmp_path, ROWS)
    assert (m["responses"], m["not_counted"], m["respondents"], m["satisfied"], m["not_satisfied"]) == (7, 1, 6, 4, 2)
    assert m["rate"] == pytest.approx(4 / 6) and m["met"] is False
    assert m["satisfied_answers"] == ["very_satisfied", "satisfied", "fairly_satisfied"]
    assert m["not_counted_answers"] == ["no_opinion"]


def test_satisfied_answers_and_not_counted_answers_come_from_params(tmp_path):
    strict = compute(tmp_path, ROWS, satisfaction={"satisfied_answers": ["满意", "very_satisfied"]})
    assert (strict["respondents"], strict["satisfied"]) == (6, 3)
    assert strict["satisfied_answers"] == ["satisfied", "very_satisfied"]  # labels read as codes
    everyone = compute(tmp_path, ROWS, satisfaction={"not_counted_answers": []})
    assert (everyone["responses"], everyone["respondents"], everyone["not_counted"]) == (7, 7, 0)
    assert everyone["rate"] == pytest.approx(4 / 7)
    neutral_out = compute(tmp_path, ROWS, satisfaction={"not_counted_answers": ["一般", "不了解"]})
    assert (neutral_out["respondents"], neutral_out["satisfied"]) == (5, 4)


@pytest.mark.parametrize(
    ("block", "column"),
    [
        ({"satisfied_answers": ["满意", "不满意"]}, "satisfaction.satisfied_answers"),
        ({"satisfied_answers": []}, "satisfaction.satisfied_answers"),
        ({"not_counted_answers": ["满意"]}, "satisfaction.not_counted_answers"),
        ({"satisfied_answers": ["还行"]}, "satisfaction.satisfied_answers.0"),
        ({"target_rate": 1.5}, "satisfaction.target_rate"),
        ({"target": 0.9}, "satisfaction.target"),
    ],
)
def test_a_definition_that_cannot_hold_is_a_params_error(tmp_path, block, column):
    with pytest.raises(InputError) as caught:
        register(tmp_path, ROWS, satisfaction=block)
    assert [p.column for p in caught.value.problems] == [column]
    assert all(p.expected_zh != p.expected for p in caught.value.problems)


def test_the_rate_at_the_target_meets_it_just_below_does_not(tmp_path):
    at = [response("区城管局")] * 19 + [response("区城管局", "不满意")]  # 19 of 20 = 95%
    below = [response("区住建局")] * 18 + [response("区住建局", "不满意")] * 2  # 18 of 20 = 90%
    m = compute(tmp_path, at + below)
    units = {u["unit"]: u for u in m["by_unit"]}
    assert units["区城管局"]["rate"] == 0.95 and units["区城管局"]["met"] is True
    assert units["区住建局"]["met"] is False and m["units_below_target_names"] == ["区住建局"]
    assert compute(tmp_path, at)["met"] is True
    assert compute(tmp_path, at, satisfaction={"target_rate": 0.951})["met"] is False


def test_by_unit_lowest_rate_first_ties_by_respondents_then_name_no_rate_last(tmp_path):
    rows = [
        response("乙局"),
        response("乙局", "不满意"),
        response("甲局"),
        response("甲局", "不满意"),
        response("丙局"),
        response("丙局"),
        response("丙局", "不满意"),
        response("丙局", "不满意"),
        response("丁局", "不了解"),
        response("戊局"),
    ]
    m = compute(tmp_path, rows)
    assert [u["unit"] for u in m["by_unit"]] == ["丙局", "乙局", "甲局", "戊局", "丁局"]
    assert m["by_unit"][-1] == {
        "unit": "丁局",
        "responses": 1,
        "not_counted": 1,
        "respondents": 0,
        "satisfied": 0,
        "rate": None,
        "met": None,
    }
    assert m["units_below_target_names"] == ["丙局", "乙局", "甲局"]  # 丁局 has no rate: not below


def test_by_month_and_by_method(tmp_path):
    m = compute(tmp_path, ROWS)
    assert [(r["month"], r["responses"], r["respondents"], r["satisfied"]) for r in m["by_month"]] == [
        ("2020-06", 5, 4, 3),
        ("2020-07", 2, 2, 1),
    ]
    assert [(r["method"], r["responses"], r["satisfied"]) for r in m["by_method"]] == [("phone", 6, 3), (None, 1, 1)]


def test_each_response_not_satisfied_is_listed_by_row_never_by_name_case_or_comment(tmp_path):
    """A case number leads to a published decision naming the party, a comment may name people: neither is listed."""
    m = compute(tmp_path, ROWS)
    assert m["not_satisfied_responses"] == [
        {
            "row": 5,
            "survey_id": "仓司满调〔2020〕1号",
            "unit": "区城管局",
            "surveyed_on": "2020-06-01",
            "method": "phone",
            "answer": "neutral",
            "follows_case": True,
            "commented": True,
        },
        {
            "row": 7,
            "survey_id": "仓司满调〔2020〕1号",
            "unit": "区住建局",
            "surveyed_on": "2020-07-02",
            "method": "phone",
            "answer": "dissatisfied",
            "follows_case": True,
            "commented": False,
        },
    ]
    shown = json.dumps(m, ensure_ascii=False)
    assert "林志强" not in shown and "仓城管罚〔2020〕8号" not in shown and "alert(1)" not in shown


def test_definition_variants_give_each_usual_definitions_counts(tmp_path):
    m = compute(tmp_path, ROWS)
    variants = {
        (tuple(v["satisfied_answers"]), tuple(v["not_counted_answers"])): (v["numerator"], v["denominator"])
        for v in m["definition_variants"]["rate"]
    }
    assert variants[(("very_satisfied", "satisfied"), ("no_opinion",))] == (3, 6)
    assert variants[(("very_satisfied", "satisfied", "fairly_satisfied"), ())] == (4, 7)
    assert variants[(("very_satisfied", "satisfied", "fairly_satisfied", "neutral"), ("no_opinion",))] == (5, 6)
    assert len(variants) == 6
    own = compute(tmp_path, ROWS, satisfaction={"satisfied_answers": ["satisfied"]})["definition_variants"]["rate"]
    assert len(own) == 7 and own[-1]["satisfied_answers"] == ["satisfied"] and own[-1]["numerator"] == 2


# -- a register of surveys -----------------------------------------------------------------------


def test_a_register_of_surveys_adds_up_its_counts(tmp_path):
    rows = [
        survey("区城管局", 40, 37, on="2020-09-01", survey_id="S2"),
        survey("区城管局", 60, 60, on="2020-03-01", survey_id="S1"),
        survey("区住建局", 20, 19, on="2020-03-01", method=""),
    ]
    m = compute(tmp_path, rows, header=SURVEY_COLUMNS, satisfaction={"satisfied_answers": ["满意"]})
    assert (m["shape"], m["surveys"], m["responses"], m["respondents"], m["satisfied"]) == ("surveys", 3, 120, 120, 116)
    assert m["not_counted"] == 0 and m["rate"] == pytest.approx(116 / 120) and m["met"] is True
    assert m["answers"] == {} and m["not_satisfied_responses"] == [] and m["definition_variants"] == {}
    assert [(s["row"], s["survey_id"], s["rate"], s["met"]) for s in m["by_survey"]] == [
        (3, "S1", 1.0, True),
        (4, None, 0.95, True),
        (2, "S2", pytest.approx(37 / 40), False),
    ]
    assert m["by_survey"][1] == {
        "row": 4,
        "survey_id": None,
        "unit": "区住建局",
        "surveyed_on": "2020-03-01",
        "method": None,
        "respondents": 20,
        "satisfied": 19,
        "rate": 0.95,
        "met": True,
    }
    assert [(u["unit"], u["respondents"], u["satisfied"]) for u in m["by_unit"]] == [
        ("区住建局", 20, 19),
        ("区城管局", 100, 97),
    ]
    assert m["units_below_target"] == 0
    assert [(r["month"], r["respondents"]) for r in m["by_month"]] == [("2020-03", 80), ("2020-09", 40)]


# -- an empty year ---------------------------------------------------------------------------------


def test_an_empty_register_gives_zeros_and_no_rate(tmp_path):
    reg, params = register(tmp_path, [response()])
    empty = replace(reg, data=reg.data.iloc[:0], text=reg.text.iloc[:0])
    m = satisfaction.compute(empty, params)
    assert (m["responses"], m["respondents"], m["satisfied"], m["not_counted"], m["not_satisfied"]) == (0, 0, 0, 0, 0)
    assert (m["rate"], m["met"], m["units"], m["units_below_target"]) == (None, None, 0, 0)
    assert m["by_unit"] == m["by_month"] == m["by_method"] == m["not_satisfied_responses"] == []
    json.dumps(m, allow_nan=False)


# -- the summary -----------------------------------------------------------------------------------


def test_the_headline_is_the_rate_green_at_the_years_target(sample):
    from audit.audits import headlines, index_columns
    from audit.core.headlines import summarise, year_thresholds
    from audit.core.params import Params

    spec = {h.key: h for h in headlines()}["satisfaction.rate"]
    assert (spec.format, spec.direction, spec.green, spec.amber) == ("percent", "higher", 0.95, 0.90)
    assert spec.target == "satisfaction.target_rate" and spec in index_columns()

    def params(**extra):
        return Params.model_validate({"year": 2020, "registers": {}, **extra})

    assert year_thresholds(params())["satisfaction.rate"] == {"green": 0.95, "amber": 0.90}
    assert year_thresholds(params(satisfaction={"target_rate": 0.99}))["satisfaction.rate"] == {
        "green": 0.99,
        "amber": 0.90,
    }
    assert year_thresholds(params(satisfaction={"target_rate": 0.85}))["satisfaction.rate"]["amber"] == 0.85
    lines = {line.headline.key: line for line in summarise({"satisfaction": sample}, None, year_thresholds(params()))}
    assert lines["satisfaction.rate"].status == "green" and lines["satisfaction.respondents"].value == 950
    red = {**sample, "rate": 0.89}
    lines = {line.headline.key: line for line in summarise({"satisfaction": red}, None, year_thresholds(params()))}
    assert lines["satisfaction.rate"].status == "red"
