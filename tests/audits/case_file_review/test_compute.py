"""Case-file review metrics: scoring, veto effects, grading standards, rankings, the 2020 sample."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from audit.audits.case_file_review.compute import compute, file_frame, file_scores, round_order
from audit.core.params import load_params
from audit.registers import load_registers

from case_file_helpers import SAMPLE_PARAMS, load, make_params, row

METRIC_KEYS = {
    "files",
    "rounds",
    "units",
    "score",
    "grades",
    "grade_shares",
    "passed",
    "pass_rate",
    "veto_files",
    "legality_rate",
    "category_deductions",
    "top_veto_items",
    "by_unit",
    "by_round",
}
THREE_BANDS = [{"name": "好", "min": 85}, {"name": "中", "min": 70}, {"name": "差", "min": 0}]


def test_score_from_deductions_and_from_score_column(tmp_path):
    register = load(
        tmp_path, [row(case_id="A1", deductions=(2, 1.5, 0, 3, 0.5, 1)), row(case_id="A2", deductions=None, score=72.5)]
    )
    assert file_frame(register, make_params(tmp_path))["score"].tolist() == [92.0, 72.5]


def test_decimal_deductions_do_not_fall_below_a_threshold(tmp_path):
    register = load(tmp_path, [row(deductions=(2.1, 3.2, 0, 4.7, 0, 0))])
    f = file_frame(register, make_params(tmp_path))
    assert (f["score"].tolist(), f["grade"].tolist()) == ([90.0], ["优秀"])


def test_scores_are_floored_at_zero():
    deductions = pd.DataFrame({"a": [60.0, 10.0, None], "b": [55.0, 5.0, None]})
    assert file_scores(deductions, pd.Series([None, None, 40.0])).tolist() == [0.0, 85.0, 40.0]


def test_all_points_lost_scores_zero(tmp_path):
    register = load(tmp_path, [row(deductions=(15, 20, 20, 20, 15, 10))])
    m = compute(register, make_params(tmp_path))
    assert (m["score"]["max"], m["grades"]["不合格"], m["pass_rate"]) == (0.0, 1, 0.0)


def vetoed_register(tmp_path):
    return load(
        tmp_path,
        [
            row(case_id="A1", deductions=(1, 0, 0, 0, 0, 0), veto="主体不合法"),
            row(case_id="A2", deductions=(0, 0, 0, 5, 0, 0)),
            row(case_id="A3", deductions=None, score=70, veto="程序不合法;single_officer"),
        ],
    )


def test_veto_effect_fail_scores_zero_and_lowest_grade(tmp_path):
    f = file_frame(vetoed_register(tmp_path), make_params(tmp_path, veto_effect="fail"))
    assert f["score"].tolist() == [0.0, 95.0, 0.0]
    assert f["raw_score"].tolist() == [99.0, 95.0, 70.0]
    assert f["grade"].tolist() == ["不合格", "优秀", "不合格"]
    assert f["passed"].tolist() == [False, True, False]


def test_veto_effect_cap_keeps_score_and_caps_grade(tmp_path):
    params = make_params(tmp_path, veto_effect="cap", veto_cap_grade="合格")
    m = compute(vetoed_register(tmp_path), params)
    f = file_frame(vetoed_register(tmp_path), params)
    assert f["score"].tolist() == [99.0, 95.0, 70.0]
    assert f["grade"].tolist() == ["合格", "优秀", "合格"]
    assert m["pass_rate"] == 1.0 and m["veto_files"] == 2
    assert m["legality_rate"] == pytest.approx(1 / 3)


def test_veto_cap_below_pass_grade_fails_the_file(tmp_path):
    params = make_params(tmp_path, veto_effect="cap", veto_cap_grade="不合格")
    m = compute(vetoed_register(tmp_path), params)
    assert m["score"]["mean"] == pytest.approx((99 + 95 + 70) / 3)
    assert m["grades"] == {"优秀": 1, "良好": 0, "合格": 0, "不合格": 2}


def test_top_veto_items_count_desc_then_code(tmp_path):
    m = compute(vetoed_register(tmp_path), make_params(tmp_path))
    assert m["top_veto_items"] == [
        {"code": "procedure_illegal", "label": "程序不合法", "count": 1},
        {"code": "single_officer", "label": "执法人员少于2人", "count": 1},
        {"code": "subject_illegal", "label": "主体不合法", "count": 1},
    ]


def test_three_and_four_band_standards_grade_the_same_register_differently(tmp_path):
    rows = [row(case_id=f"A{i}", deductions=None, score=s) for i, s in enumerate([95, 88, 82, 75, 65, 50])]
    four = compute(load(tmp_path, rows), make_params(tmp_path))
    three_params = make_params(tmp_path, grades=THREE_BANDS, pass_grade="中", veto_cap_grade="中")
    three = compute(load(tmp_path, rows, params=three_params), three_params)
    assert four["grades"] == {"优秀": 1, "良好": 2, "合格": 2, "不合格": 1}
    assert list(three["grades"].items()) == [("好", 2), ("中", 2), ("差", 2)]
    assert four["pass_rate"] == pytest.approx(5 / 6)
    assert three["pass_rate"] == pytest.approx(4 / 6)
    assert three["grade_shares"] == {"好": pytest.approx(1 / 3), "中": pytest.approx(1 / 3), "差": pytest.approx(1 / 3)}


def test_grades_include_zero_bands_in_band_order(tmp_path):
    m = compute(load(tmp_path, [row()]), make_params(tmp_path))
    assert list(m["grades"].items()) == [("优秀", 1), ("良好", 0), ("合格", 0), ("不合格", 0)]


def test_units_ranked_by_mean_score_with_shared_ranks(tmp_path):
    rows = [
        row(unit="丙", case_id="1", deductions=None, score=90),
        row(unit="甲", case_id="2", deductions=None, score=80),
        row(unit="甲", case_id="3", deductions=None, score=100),
        row(unit="乙", case_id="4", deductions=None, score=90),
        row(unit="丁", case_id="5", deductions=None, score=70),
        row(unit="戊", case_id="6", deductions=None, score=95),
    ]
    units = compute(load(tmp_path, rows), make_params(tmp_path))["by_unit"]
    assert [(u["rank"], u["unit"]) for u in units] == [(1, "戊"), (2, "丙"), (2, "乙"), (2, "甲"), (5, "丁")]
    jia = next(u for u in units if u["unit"] == "甲")
    assert jia == {
        "unit": "甲",
        "files": 2,
        "mean_score": 90.0,
        "pass_rate": 1.0,
        "veto_files": 0,
        "grades": {"优秀": 1, "良好": 1, "合格": 0, "不合格": 0},
        "rank": 2,
    }


def test_grade_counts_per_unit_with_many_units(tmp_path):
    """32 to 127 units × 4 bands overflowed the int8 unit codes (a crash before the fix)."""
    rows = [
        row(unit=f"单位{i:03d}", case_id=str(i), deductions=None, score=(95, 85, 65, 10)[i % 4]) for i in range(100)
    ]
    units = {u["unit"]: u for u in compute(load(tmp_path, rows), make_params(tmp_path))["by_unit"]}
    assert len(units) == 100
    for i in range(100):
        expected = dict.fromkeys(["优秀", "良好", "合格", "不合格"], 0)
        expected[["优秀", "良好", "合格", "不合格"][i % 4]] = 1
        assert units[f"单位{i:03d}"]["grades"] == expected


def test_by_round_in_natural_round_order(tmp_path):
    rows = [
        row(round="2020-10", case_id="1", deductions=None, score=50),
        row(round="2020-2", case_id="1", deductions=None, score=80),
        row(round="2020-2", case_id="2", deductions=None, score=90),
    ]
    m = compute(load(tmp_path, rows), make_params(tmp_path))
    assert m["by_round"] == [
        {"round": "2020-2", "files": 2, "mean_score": 85.0, "pass_rate": 1.0},
        {"round": "2020-10", "files": 1, "mean_score": 50.0, "pass_rate": 0.0},
    ]
    assert m["rounds"] == 2
    assert round_order(["第2批", "第1批", "第2批"]) == ["第1批", "第2批"]


def test_category_deductions_skip_score_only_files(tmp_path):
    rows = [
        row(case_id="1", deductions=(2, 0, 0, 4, 1, 0)),
        row(case_id="2", deductions=(0, 0, 0, 2, 0, 1)),
        row(case_id="3", deductions=None, score=60),
    ]
    m = compute(load(tmp_path, rows), make_params(tmp_path))
    assert m["category_deductions"] == {
        "subject": 1.0,
        "evidence": 0.0,
        "legal_basis": 0.0,
        "procedure": 3.0,
        "documents": 0.5,
        "archiving": 0.5,
    }
    only_scores = compute(load(tmp_path, [rows[2]], name="b.csv"), make_params(tmp_path))
    assert set(only_scores["category_deductions"].values()) == {None}


def test_every_metric_key_present_and_json_safe(tmp_path):
    m = compute(vetoed_register(tmp_path), make_params(tmp_path))
    assert set(m) == METRIC_KEYS
    assert set(m["score"]) == {"mean", "median", "min", "max"}
    json.dumps(m, allow_nan=False)
    for value in (m["pass_rate"], m["legality_rate"], *m["grade_shares"].values()):
        assert type(value) is float and 0 <= value <= 1


@pytest.fixture(scope="module")
def sample():
    params = load_params(SAMPLE_PARAMS)
    register = load_registers(params, ["case_file_review"])["case_file_review"]
    return compute(register, params)


def test_sample_headline_figures(sample):
    # The seed: 2 review rounds over the district's 21 enforcement units.
    assert (sample["files"], sample["rounds"], sample["units"]) == (160, 2, 21)
    assert sample["score"] == {"mean": pytest.approx(13697 / 160), "median": 90.0, "min": 0.0, "max": 100.0}
    assert sample["grades"] == {"优秀": 85, "良好": 46, "合格": 23, "不合格": 6}
    assert sample["pass_rate"] == pytest.approx(154 / 160)
    assert sample["veto_files"] == 5
    assert sample["legality_rate"] == pytest.approx(155 / 160)


def test_sample_lost_points_follow_the_seed_pattern(sample):
    d = sample["category_deductions"]
    assert d == {
        "subject": pytest.approx(881 / 300),
        "evidence": pytest.approx(187 / 300),
        "legal_basis": pytest.approx(83 / 150),
        "procedure": pytest.approx(971 / 300),
        "documents": pytest.approx(226 / 75),
        "archiving": pytest.approx(81 / 100),
    }
    maxima = {"subject": 15, "evidence": 20, "legal_basis": 20, "procedure": 20, "documents": 15, "archiving": 10}
    by_share = sorted(d, key=lambda c: -d[c] / maxima[c])
    # 执法主体不合法、执法文书不规范、执法程序不完善
    assert set(by_share[:3]) == {"subject", "documents", "procedure"}


def test_sample_veto_items_rounds_and_units(sample):
    assert [(v["code"], v["count"]) for v in sample["top_veto_items"]] == [
        ("procedure_illegal", 2),
        ("subject_illegal", 2),
        ("evidence_insufficient", 1),
        ("single_officer", 1),
    ]
    assert sample["by_round"] == [
        {"round": "2020-1", "files": 76, "mean_score": pytest.approx(6435 / 76), "pass_rate": pytest.approx(73 / 76)},
        {"round": "2020-2", "files": 84, "mean_score": pytest.approx(3631 / 42), "pass_rate": pytest.approx(81 / 84)},
    ]
    units = sample["by_unit"]
    assert len(units) == 21 and sum(u["files"] for u in units) == 160
    assert (units[0]["unit"], units[0]["rank"], units[0]["mean_score"]) == ("区统计局", 1, pytest.approx(94.8125))
    assert [(u["unit"], u["rank"]) for u in units[7:9]] == [
        ("区应急管理局", 8),
        ("区教育局", 8),
    ]  # 区应急局 in the register
    assert units[9]["rank"] == 10
    assert (units[-1]["unit"], units[-1]["rank"], units[-1]["veto_files"]) == ("区卫健局", 21, 1)
