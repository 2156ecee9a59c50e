"""Reconsideration metrics (METRICS.md "Reconsideration"), including the seed check."""

from __future__ import annotations

import pytest

from audit.audits.reconsideration import compute as reconsideration
from audit.core.params import load_params
from audit.registers import load_registers

from conftest import SAMPLE_PARAMS
from recon_helpers import case, register


@pytest.fixture(scope="module")
def sample():
    params = load_params(SAMPLE_PARAMS)
    return reconsideration.compute(load_registers(params, ["reconsideration"])["reconsideration"], params)


def test_seed_check(sample):
    """The 2020 sample reproduces every count the Cangshan 2020 report published."""
    expected = dict(
        received=55,
        accepted=45,
        rejected=5,
        referred=3,
        not_supplemented=2,
        upheld_or_dismissed=16,
        direct_corrections=10,
        mediated=12,
        pending=7,
        concluded=38,
    )
    assert {k: sample[k] for k in expected} == expected
    assert sample["mediation_success_rate"] == pytest.approx(12 / 45, abs=1e-12)
    from audit.core.numbers import percent

    assert percent(sample["mediation_success_rate"]) == "26.67%"


def test_sample_figures_are_pinned(sample):
    """Figures the seed does not publish, pinned so that a change never moves them unnoticed."""
    assert sample["carried_over"] == 0 and sample["under_review"] == 45
    assert sample["outcomes"]["upheld"] == 10 and sample["outcomes"]["dismissed"] == 6
    assert sample["outcomes"]["withdrawn_after_mediation"] == 12
    assert sample["days_to_decision"] == {"median": 49.0, "p90": 79.0, "max": 84}
    assert (sample["overdue"], sample["open_overdue"]) == (2, 1)
    assert sample["on_time_rate"] == pytest.approx(36 / 38, abs=1e-12)
    assert sample["correction_rate"] == pytest.approx(10 / 38, abs=1e-12)
    assert sample["by_respondent"][0] == {
        "respondent": "区市场监管局",
        "cases": 9,
        "direct_corrections": 3,
        "correction_rate": pytest.approx(3 / 7, abs=1e-12),
    }
    assert sample["by_matter"][0] == {"matter": "行政处罚", "cases": 15}


def test_every_contract_key_is_present(sample):
    keys = {
        "received",
        "carried_over",
        "accepted",
        "rejected",
        "referred",
        "not_supplemented",
        "withdrawn_before_acceptance",
        "under_review",
        "outcomes",
        "concluded",
        "pending",
        "upheld_or_dismissed",
        "direct_corrections",
        "comprehensive_corrections",
        "mediated",
        "acceptance_rate",
        "correction_rate",
        "comprehensive_correction_rate",
        "mediation_success_rate",
        "upheld_rate",
        "closure_rate",
        "days_to_decision",
        "overdue",
        "on_time_rate",
        "open_overdue",
        "by_respondent",
        "by_matter",
    }
    assert keys <= set(sample)
    assert len(sample["outcomes"]) == len(reconsideration.OUTCOME_CODES) == 14


ROWS = [
    case("1", outcome="upheld", decided="2020-04-01"),
    case("2", outcome="revoked", decided="2020-05-15", respondent="区住建局"),
    case("3", outcome="withdrawn_after_correction", decided="2020-04-10"),
    case("4", outcome="mediated", decided="2020-03-20"),
    case("5"),  # pending
    case("6", intake="rejected"),
    case("7", intake="referred"),
    case(
        "2019-1", received="2019-11-20", accepted="2019-11-22", carried="yes", outcome="dismissed", decided="2020-01-10"
    ),
]


def test_counts_groups_and_default_rates(tmp_path):
    m = reconsideration.compute(*register(tmp_path, ROWS))
    assert (m["received"], m["carried_over"], m["accepted"], m["under_review"]) == (7, 1, 5, 6)
    assert (m["concluded"], m["pending"]) == (5, 1)
    assert (m["upheld_or_dismissed"], m["direct_corrections"], m["comprehensive_corrections"], m["mediated"]) == (
        2,
        1,
        2,
        1,
    )
    assert m["acceptance_rate"] == pytest.approx(5 / 7)
    assert m["correction_rate"] == pytest.approx(1 / 5)
    assert m["comprehensive_correction_rate"] == pytest.approx(2 / 5)
    assert m["mediation_success_rate"] == pytest.approx(1 / 5)
    assert m["upheld_rate"] == pytest.approx(2 / 5)
    assert m["closure_rate"] == pytest.approx(5 / 6)


def test_denominators_follow_the_definitions(tmp_path):
    definitions = {
        "reconsideration": {
            "correction_rate": {"denominator": "accepted"},
            "mediation_success_rate": {"denominator": "concluded"},
        }
    }
    m = reconsideration.compute(*register(tmp_path, ROWS, definitions=definitions))
    assert m["correction_rate"] == pytest.approx(1 / 5)  # accepted this year: 5
    assert m["mediation_success_rate"] == pytest.approx(1 / 5)
    definitions = {"reconsideration": {"correction_rate": {"denominator": "received"}}}
    m = reconsideration.compute(*register(tmp_path, ROWS, definitions=definitions))
    assert m["correction_rate"] == pytest.approx(1 / 7)


def test_rates_are_null_when_nothing_to_divide_by(tmp_path):
    m = reconsideration.compute(*register(tmp_path, [case("1", intake="rejected")]))
    assert m["correction_rate"] is None and m["on_time_rate"] is None and m["closure_rate"] is None
    assert m["days_to_decision"] == {"median": None, "p90": None, "max": None}
    assert m["acceptance_rate"] == 0.0


def test_timeliness_against_the_statutory_limit(tmp_path):
    rows = [
        case("1", received="2020-01-01", accepted="2020-01-01", outcome="upheld", decided="2020-03-01"),  # 60 days
        # day 60 is Sunday 1 March: the limit ends on Monday 2 March, so 62 days is one day late
        case("2", received="2020-01-01", accepted="2020-01-01", outcome="upheld", decided="2020-03-03"),  # overdue
        case(
            "3", received="2020-01-01", accepted="2020-01-01", outcome="upheld", decided="2020-03-31", extended="yes"
        ),  # 90 days with extension: on time
        case("4", received="2020-09-01", accepted="2020-09-01"),  # pending 121 days on 31 Dec: open overdue
        case("5", received="2020-12-01", accepted="2020-12-01"),  # pending, within limit
    ]
    m = reconsideration.compute(*register(tmp_path, rows))
    assert m["days_to_decision"] == {"median": 62.0, "p90": pytest.approx(84.4), "max": 90}
    assert (m["overdue"], m["open_overdue"]) == (1, 1)
    assert m["on_time_rate"] == pytest.approx(2 / 3)
    m = reconsideration.compute(
        *register(tmp_path, rows, audit_date="2020-10-15", reconsideration={"decision_days": 45, "extension_days": 30})
    )
    assert (m["overdue"], m["open_overdue"]) == (3, 0)  # past 17 Feb (day 45, a Saturday, moved), and 16 March


def test_breakdowns_sorted_by_count(tmp_path):
    m = reconsideration.compute(*register(tmp_path, ROWS))
    assert [r["respondent"] for r in m["by_respondent"]] == ["区城管局", "区住建局"]
    assert m["by_respondent"][1] == {
        "respondent": "区住建局",
        "cases": 1,
        "direct_corrections": 1,
        "correction_rate": 1.0,
    }


def test_monthly_intake(tmp_path):
    reg, _ = register(tmp_path, ROWS)
    table = reconsideration.monthly_intake(reg)
    assert list(table.index) == list(range(1, 13))
    assert table.loc[3, "accepted"] == 5 and table.loc[3, "rejected"] == 1 and table.to_numpy().sum() == 7


def test_a_rates_numerator_counts_the_years_cases_or_only_the_denominators(tmp_path):
    """A carried-over case settled by mediation this year: a flow of the year by default (as annual reports
    count), outside the rate under ``numerator_scope: within``; every definition is recorded for the claims."""
    rows = [
        case(
            "2019-1",
            received="2019-11-20",
            accepted="2019-11-22",
            carried="yes",
            outcome="withdrawn_after_mediation",
            decided="2020-01-10",
        ),
        case("1"),  # accepted this year, pending
    ]
    m = reconsideration.compute(*register(tmp_path, rows))
    assert m["mediated"] == 1 and m["accepted"] == 1
    assert m["mediation_success_rate"] == 1.0
    assert m["rate_basis"]["mediation_success_rate"] == {"numerator": 1, "denominator": 1}
    within = {"reconsideration": {"mediation_success_rate": {"denominator": "accepted", "numerator_scope": "within"}}}
    m = reconsideration.compute(*register(tmp_path, rows, definitions=within))
    assert m["mediation_success_rate"] == 0.0
    assert m["rate_basis"]["mediation_success_rate"] == {"numerator": 0, "denominator": 1}
    m = reconsideration.compute(
        *register(
            tmp_path, rows, definitions={"reconsideration": {"mediation_success_rate": {"denominator": "concluded"}}}
        )
    )
    assert m["mediation_success_rate"] == 1.0
    assert m["rate_basis"]["mediation_success_rate"] == {"numerator": 1, "denominator": 1}
    variants = {
        (v["over"], v["scope"]): (v["numerator"], v["denominator"])
        for v in m["definition_variants"]["mediation_success_rate"]
    }
    assert variants == {
        ("received", "year"): (1, 1),
        ("received", "within"): (0, 1),
        ("accepted", "year"): (1, 1),
        ("accepted", "within"): (0, 1),
        ("under_review", "year"): (1, 2),
        ("under_review", "within"): (1, 2),
        ("concluded", "year"): (1, 1),
        ("concluded", "within"): (1, 1),
    }
