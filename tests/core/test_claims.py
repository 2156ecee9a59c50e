"""Published figures checked at the precision they are written with."""

from __future__ import annotations

import pytest

from audit.core.claims import check_claim, check_claims

METRICS = {
    "reconsideration": {
        "received": 55,
        "mediation_success_rate": 12 / 45,
        "half": 0.26665,
        "rate_192": 0.19249,
        "correction_rate": None,
        "outcomes": {"upheld": 10},
    }
}


@pytest.mark.parametrize(
    "key, reported, rounding, display, match",
    [
        ("reconsideration.received", 55, "half_up", "55", True),
        ("reconsideration.received", "55", "half_up", "55", True),
        ("reconsideration.received", 54, "half_up", "55", False),
        ("reconsideration.mediation_success_rate", "26.67%", "half_up", "26.67%", True),
        ("reconsideration.mediation_success_rate", "26.7%", "half_up", "26.7%", True),
        ("reconsideration.mediation_success_rate", "26.66%", "truncate", "26.66%", True),
        ("reconsideration.mediation_success_rate", "26.66%", "half_up", "26.67%", False),
        ("reconsideration.half", "26.67%", "half_up", "26.67%", True),  # exact half: decimal half-up
        ("reconsideration.half", "26.66%", "truncate", "26.66%", True),
        ("reconsideration.rate_192", "19.2%", "half_up", "19.2%", True),
        ("reconsideration.mediation_success_rate", 0.2667, "half_up", "0.2667", True),
        ("reconsideration.outcomes.upheld", 10, "half_up", "10", True),
    ],
)
def test_claims_at_their_written_precision(key, reported, rounding, display, match):
    record = check_claim(key, reported, METRICS, rounding)
    assert (record["display"], record["match"]) == (display, match)
    assert record["verdict"] == ("match" if match else "mismatch")


def test_unknown_key_is_unverifiable_not_dropped():
    record = check_claim("reconsideration.recieved", 55, METRICS, "half_up")
    assert record["verdict"] == "unverifiable" and record["match"] is False and record["computed"] is None


def test_a_published_figure_with_nothing_to_compute_is_a_mismatch():
    record = check_claim("reconsideration.correction_rate", "10%", METRICS, "half_up")
    assert (record["verdict"], record["display"]) == ("mismatch", "—")


def test_mismatches_come_first_then_unverifiable_then_matches():
    reported = {
        "reconsideration.received": 55,
        "reconsideration.nothing": 1,
        "reconsideration.mediation_success_rate": "30%",
    }
    order = [(r["key"], r["verdict"]) for r in check_claims(reported, METRICS, "half_up")]
    assert order == [
        ("reconsideration.mediation_success_rate", "mismatch"),
        ("reconsideration.nothing", "unverifiable"),
        ("reconsideration.received", "match"),
    ]
