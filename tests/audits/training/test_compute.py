"""Training metrics: targets, totals, roster hours, the evidence list, the 2020 sample figures."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.audits import AUDITS, audits_for
from audit.audits.training import compute as training
from audit.audits.training.settings import TRAINING_KINDS
from audit.core.params import load_params
from audit.registers import load_registers

from training_helpers import SAMPLE_PARAMS, event, make_params, roster_register, training_register

METRIC_KEYS = {
    "events",
    "targets",
    "all_targets_met",
    "participants",
    "hours",
    "staff",
    "hours_target",
    "staff_meeting_hours_target",
    "staff_hours_rate",
    "by_unit",
}


def verdicts(m):
    return {t["kind"]: (t["target"], t["actual"], t["met"], t["shortfall"]) for t in m["targets"]}


def test_targets_met_unmet_and_exceeded(tmp_path):
    reg = training_register(
        tmp_path,
        [
            event("2020-03-01", "领导班子法治专题讲座"),
            event("2020-05-01", "执法人员培训"),
            event("2020-06-01", "法制员培训"),
            event("2020-07-01", "行政执法人员培训"),
        ],
    )
    m = training.compute(reg, None, make_params())
    assert verdicts(m) == {
        "leadership_course": (1, 0, False, 1),
        "leadership_lecture": (2, 1, False, 1),
        "staff_training": (1, 3, True, 0),
    }
    assert m["all_targets_met"] is False
    assert m["events"] == {
        "leadership_course": 0,
        "leadership_lecture": 1,
        "staff_training": 3,
        "pre_meeting_study": 0,
        "other": 0,
    }
    assert list(m["events"]) == list(TRAINING_KINDS)


def test_all_targets_met_exactly(tmp_path):
    reg = training_register(
        tmp_path,
        [
            event("2020-03-01", "领导干部法治专题培训班"),
            event("2020-04-01", "法治讲座"),
            event("2020-09-01", "区委理论学习中心组学法"),
            event("2020-10-01", "执法人员培训"),
        ],
    )
    m = training.compute(reg, None, make_params())
    assert m["all_targets_met"] is True
    assert all(t["shortfall"] == 0 and t["actual"] == t["target"] for t in m["targets"])


def test_custom_targets_from_params_change_the_verdict(tmp_path):
    rows = [event("2020-03-01", "领导班子法治专题讲座"), event("2020-05-01", "会前学法")]
    reg = training_register(tmp_path, rows)
    default = training.compute(reg, None, make_params())
    custom = training.compute(reg, None, make_params(targets={"leadership_lecture": 1, "pre_meeting_study": 1}))
    assert default["all_targets_met"] is False
    assert custom["all_targets_met"] is True
    assert [t["kind"] for t in custom["targets"]] == ["leadership_lecture", "pre_meeting_study"]
    stricter = training.compute(reg, None, make_params(targets={"pre_meeting_study": 4}))
    assert verdicts(stricter) == {"pre_meeting_study": (4, 1, False, 3)}


def test_a_target_of_zero_is_met_without_events(tmp_path):
    reg = training_register(tmp_path, [event("2020-03-01", "其他")])
    m = training.compute(reg, None, make_params(targets={"leadership_course": 0}))
    assert verdicts(m) == {"leadership_course": (0, 0, True, 0)} and m["all_targets_met"] is True


@given(
    st.dictionaries(st.sampled_from(TRAINING_KINDS), st.integers(0, 6)),
    st.dictionaries(st.sampled_from(TRAINING_KINDS), st.integers(0, 6), min_size=1),
)
def test_shortfall_and_met_agree_with_counts(held, wanted):
    events = {k: held.get(k, 0) for k in TRAINING_KINDS}
    for t in training.targets(events, make_params(targets=wanted)):
        assert t["shortfall"] == max(0, wanted[t["kind"]] - events[t["kind"]])
        assert t["met"] == (t["shortfall"] == 0)


def test_totals_treat_blanks_as_zero_and_count_them(tmp_path):
    reg = training_register(
        tmp_path,
        [
            event("2020-03-01", "其他", participants=30, hours=1.5),
            event("2020-04-01", "其他", participants="", hours=2),
            event("2020-05-01", "其他", participants=12, hours=""),
        ],
    )
    m = training.compute(reg, None, make_params())
    assert (m["participants"], m["participants_blank"], m["hours"], m["hours_blank"]) == (42, 1, 3.5, 1)
    assert type(m["participants"]) is int and m["events_total"] == 3


def test_without_a_roster_the_roster_figures_are_null(tmp_path):
    reg = training_register(tmp_path, [event("2020-03-01", "其他")])
    m = training.compute(reg, None, make_params())
    assert m["roster"] is False
    assert {k: m[k] for k in training.ROSTER_KEYS} == dict.fromkeys(training.ROSTER_KEYS)
    assert METRIC_KEYS <= set(m)


def test_roster_hours_target_and_rates_per_unit(tmp_path):
    reg = training_register(tmp_path, [event("2020-03-01", "其他")])
    roster = roster_register(
        tmp_path,
        [
            ("区林业局", 60),
            ("区林业局", 59.5),
            ("区林业局", 80),
            ("区司法局", 61),
            ("区司法局", 70),
            ("区商务局", 10),
            ("区商务局", 20),
        ],
    )
    m = training.compute(reg, roster, make_params())
    assert (m["staff"], m["hours_target"], m["staff_meeting_hours_target"], m["staff_below_hours_target"]) == (
        7,
        60,
        4,
        3,
    )
    assert m["staff_hours_rate"] == pytest.approx(4 / 7)
    assert m["by_unit"] == [
        {"unit": "区商务局", "staff": 2, "meeting_target": 0, "rate": 0.0},
        {"unit": "区林业局", "staff": 3, "meeting_target": 2, "rate": 2 / 3},
        {"unit": "区司法局", "staff": 2, "meeting_target": 2, "rate": 1.0},
    ]
    lower = training.compute(reg, roster, make_params(hours_per_officer=20))
    assert lower["staff_meeting_hours_target"] == 6 and lower["hours_target"] == 20


def test_units_with_equal_rates_are_ordered_by_name(tmp_path):
    reg = training_register(tmp_path, [event("2020-03-01", "其他")])
    roster = roster_register(tmp_path, [("乙局", 60), ("乙局", 1), ("甲局", 1), ("甲局", 60)])
    units = [u["unit"] for u in training.compute(reg, roster, make_params())["by_unit"]]
    assert units == sorted(units)


def test_metrics_are_plain_json(tmp_path):
    reg = training_register(tmp_path, [event("2020-03-01", "其他", participants="", hours="")])
    roster = roster_register(tmp_path, [("区司法局", 60)])
    for m in (training.compute(reg, roster, make_params()), training.compute(reg, None, make_params())):
        assert json.loads(json.dumps(m, allow_nan=False)) == m


def test_evidence_names_the_target_each_event_counts_toward(tmp_path):
    reg = training_register(
        tmp_path,
        [
            event("2020-09-01", "会前学法", title="会前学法：宪法"),
            event("2020-03-01", "法制员培训", title="政府信息公开专题法制培训"),
            event("2020-03-01", "法治讲座", title="《民法典》讲座"),
        ],
    )
    rows = training.evidence(reg, make_params()).to_dict("records")
    assert [(r["title"], r["target"], r["row"]) for r in rows] == [
        ("政府信息公开专题法制培训", "staff_training", 3),
        ("《民法典》讲座", "leadership_lecture", 4),
        ("会前学法：宪法", None, 2),
    ]


def test_event_months_counts_every_kind_and_month(tmp_path):
    reg = training_register(
        tmp_path, [event("2020-03-01", "会前学法"), event("2020-03-20", "会前学法"), event("2020-12-01", "其他")]
    )
    table = training.event_months(reg)
    assert table.shape == (12, len(TRAINING_KINDS))
    assert table.loc[3, "pre_meeting_study"] == 2 and table.loc[12, "other"] == 1 and int(table.to_numpy().sum()) == 3


def test_training_audit_runs_before_reconsideration_and_only_with_its_register():
    keys = [a.key for a in AUDITS]
    assert keys.index("training") < keys.index("reconsideration")
    audit = next(a for a in AUDITS if a.key == "training")
    assert ([r.key for r in audit.registers], audit.notebook, audit.title["zh"]) == (
        ["training", "staff_roster"],
        "training_compliance",
        "法治培训审计报告",
    )
    assert [a.key for a in audits_for({"staff_roster": object()})] == []


@pytest.fixture(scope="module")
def sample():
    params = load_params(SAMPLE_PARAMS)
    loaded = load_registers(params, ("training", "staff_roster"))
    return next(a for a in AUDITS if a.key == "training").compute(loaded, params)


def test_sample_2020_figures(sample):
    """2020 against the 2021 plan: no leadership course, one leadership lecture, staff training held."""
    assert sample["events_total"] == 15
    assert sample["events"] == {
        "leadership_course": 0,
        "leadership_lecture": 1,
        "staff_training": 3,
        "pre_meeting_study": 7,
        "other": 4,
    }
    assert verdicts(sample) == {
        "leadership_course": (1, 0, False, 1),
        "leadership_lecture": (2, 1, False, 1),
        "staff_training": (1, 3, True, 0),
    }
    assert sample["all_targets_met"] is False
    assert (sample["participants"], sample["participants_blank"], sample["hours"], sample["hours_blank"]) == (
        1112,
        2,
        54,
        3,
    )
    assert (sample["staff"], sample["hours_target"], sample["staff_meeting_hours_target"]) == (334, 60, 295)
    assert sample["staff_hours_rate"] == 295 / 334
    assert len(sample["by_unit"]) == 21
    assert sample["by_unit"][0] == {"unit": "区医保局", "staff": 6, "meeting_target": 4, "rate": 4 / 6}
    assert sum(u["staff"] for u in sample["by_unit"]) == 334
    rates = [u["rate"] for u in sample["by_unit"]]
    assert rates == sorted(rates) and rates[-1] == 1.0
