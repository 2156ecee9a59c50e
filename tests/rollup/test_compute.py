"""The roll-up's figures: counts added up, rates from their counts, no total across definitions, ranks."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.audits import metric_specs
from audit.rollup.compute import Member, city_total, findings_rows, findings_total, lines, ranks, resolve

ON_TIME = metric_specs()["reconsideration.on_time_rate"]
MEDIATION = metric_specs()["reconsideration.mediation_success_rate"]
RECEIVED = metric_specs()["reconsideration.received"]
TARGETS_MET = metric_specs()["training.all_targets_met"]
LOSS = metric_specs()["litigation.loss_rate"]


def _recon(concluded: int, overdue: int, mediated: int, accepted: int, over: str = "accepted") -> dict[str, Any]:
    return {
        "definitions": {
            "reconsideration": {"mediation_success_rate": {"denominator": over, "numerator_scope": "year"}}
        },
        "reconsideration": {
            "received": accepted + 2,
            "concluded": concluded,
            "overdue": overdue,
            "on_time_rate": 1 - overdue / concluded,
            "law": "1999",
            "limit_unit": "calendar_days_rolled",
            "mediation_success_rate": mediated / accepted,
            "rate_basis": {"mediation_success_rate": {"numerator": mediated, "denominator": accepted}},
        },
        "headlines": [{"key": "reconsideration.on_time_rate", "status": "green"}],
    }


def test_a_rate_is_its_numerators_over_its_denominators_never_an_average_of_rates() -> None:
    big = Member("A", "甲", _recon(concluded=100, overdue=10, mediated=1, accepted=10))
    small = Member("B", "乙", _recon(concluded=10, overdue=0, mediated=1, accepted=10))
    total = city_total(ON_TIME, [big, small])
    assert total.kind == "total"
    assert total.value == pytest.approx(100 / 110)  # (90 + 10) / (100 + 10)
    assert total.value != pytest.approx((0.9 + 1.0) / 2)


def test_counts_are_added_up() -> None:
    members = [Member("A", "甲", _recon(10, 0, 1, 10)), Member("B", "乙", _recon(10, 0, 1, 20))]
    assert city_total(RECEIVED, members).value == 12 + 22


def test_no_total_where_the_definitions_differ_and_which_use_which() -> None:
    members = [
        Member("A", "甲", _recon(10, 0, 1, 10)),
        Member("B", "乙", _recon(10, 0, 1, 10)),
        Member("C", "丙", _recon(10, 0, 1, 10, over="concluded")),
    ]
    total = city_total(MEDIATION, members)
    assert total.kind == "definitions_differ" and total.value is None
    groups = dict(total.definitions)
    assert sorted(groups.values()) == [("A", "B"), ("C",)]
    assert any("concluded" in text for text in groups)
    assert city_total(MEDIATION, members[:2]).value == pytest.approx(2 / 20)


def test_a_yes_no_figure_counts_the_jurisdictions_where_it_is_yes() -> None:
    members = [Member(c, c, {"training": {"all_targets_met": v}}) for c, v in (("A", True), ("B", False), ("C", True))]
    total = city_total(TARGETS_MET, members)
    assert (total.value, total.of) == (2, 3)


def test_a_jurisdiction_that_did_not_run_the_audit_has_no_cell_and_is_not_added() -> None:
    members = [Member("A", "甲", _recon(10, 1, 1, 10)), Member("B", "乙", {"training": {"all_targets_met": True}})]
    line = next(line for line in lines(members) if line.headline.key == ON_TIME.key)
    assert line.cells[1] is None and line.cells[0] is not None and line.cells[0].status == "green"
    assert line.total.added == 1


def test_a_basis_key_names_another_keys_value_in_braces() -> None:
    metrics = {"litigation": {"lost": 3, "judgments": 10, "concluded": 20, "loss_rate_denominator": "concluded"}}
    assert resolve(metrics, LOSS.basis[1]) == 20
    assert resolve(metrics, "litigation.concluded - litigation.lost") == 17
    assert resolve(metrics, "litigation.missing") is None


def test_ranks_are_competition_ranks_in_the_better_direction() -> None:
    assert ranks([0.9, 0.95, 0.9, None], "higher") == [2, 1, 2, None]
    assert ranks([3, 1, 1, 0], "lower") == [4, 2, 2, 1]
    assert ranks([5, 6], None) == [None, None]


@given(st.lists(st.one_of(st.none(), st.integers(-50, 50)), max_size=12), st.sampled_from(["higher", "lower"]))
def test_ranks_are_consistent_with_the_order_of_the_values(values: list[int | None], direction: str) -> None:
    ranked = ranks(values, direction)
    known = [(v, r) for v, r in zip(values, ranked, strict=True) if v is not None]
    assert all(r is not None and 1 <= r <= len(known) for _, r in known)
    for v1, r1 in known:
        for v2, r2 in known:
            better = v1 > v2 if direction == "higher" else v1 < v2
            assert (r1 < r2) if better else (r1 >= r2) if v1 != v2 else r1 == r2


def test_findings_are_added_up_over_the_jurisdictions_that_have_them() -> None:
    tally = {"raised": 5, "by_severity": {"high": 1, "medium": 3, "low": 1}, "previous": None}
    members = [Member("A", "甲", {"findings_tally": tally}), Member("B", "乙", {})]
    total = findings_total(findings_rows(members))
    assert (total.raised, total.high, total.rectified) == (5, 1, None)
