"""Consistency rules of the reconsideration register (REGISTERS.md section 3)."""

from __future__ import annotations

import pytest

from audit.core.errors import InputError

from conftest import assert_chinese
from recon_helpers import case, register


def problems(tmp_path, rows, **params):
    with pytest.raises(InputError) as caught:
        register(tmp_path, rows, **params)
    assert_chinese(caught.value.problems)
    return [(p.row, p.column, p.expected) for p in caught.value.problems]


def test_a_valid_register_loads(tmp_path):
    reg, _ = register(tmp_path, [case("1", outcome="upheld", decided="2020-04-01"), case("2", intake="rejected")])
    assert list(reg.data["intake"]) == ["accepted", "rejected"]


def test_outcome_only_for_accepted_cases(tmp_path):
    found = problems(tmp_path, [case("1", intake="rejected", outcome="upheld")])
    assert [(r, c) for r, c, _ in found] == [(2, "outcome")]


def test_accepted_case_needs_acceptance_date(tmp_path):
    found = problems(tmp_path, [case("1", accepted="")])
    assert [(r, c) for r, c, _ in found] == [(2, "accepted_on")]


def test_decision_date_only_for_concluded_cases(tmp_path):
    found = problems(tmp_path, [case("1", decided="2020-04-01"), case("2", outcome="upheld")])
    assert [(r, c) for r, c, _ in found] == [(2, "decided_on"), (3, "decided_on")]


def test_dates_in_order(tmp_path):
    found = problems(
        tmp_path,
        [
            case("1", received="2020-03-10", accepted="2020-03-01"),
            case("2", received="2020-03-10", accepted="2020-03-12", outcome="revoked", decided="2020-03-11"),
        ],
    )
    assert [(r, c) for r, c, _ in found] == [(2, "accepted_on"), (3, "decided_on")]


def test_received_in_the_audited_year_unless_carried_over(tmp_path):
    found = problems(
        tmp_path,
        [
            case("1", received="2019-12-30", accepted="2020-01-02"),
            case("2", received="2020-02-03", carried="yes"),
            case("3", received="2019-11-04", carried="yes", intake="rejected"),
        ],
    )
    assert [(r, c) for r, c, _ in found] == [(2, "received_on"), (3, "received_on"), (4, "intake")]


def test_a_carried_over_case_from_last_year_is_valid(tmp_path):
    reg, _ = register(tmp_path, [case("2019-9", received="2019-11-04", carried="是")])
    assert bool(reg.data["carried_over"].iloc[0])


def test_invalid_intake_is_reported_once_not_again_by_the_rules(tmp_path):
    found = problems(tmp_path, [case("1", intake="受理了", outcome="upheld", decided="2020-04-01")])
    assert [(r, c) for r, c, _ in found] == [(2, "intake")]
