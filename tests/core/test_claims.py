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


# ---- figures as reports write them -------------------------------------------------------------

COUNTS = {"publicity": {"materials": 41_236, "audience": 63_120, "consultations": 1_436, "events": 306}}


@pytest.mark.parametrize(
    ("key", "reported", "verdict", "display"),
    [
        ("publicity.materials", "4万余", "match", "41,236"),
        ("publicity.materials", "5万余", "mismatch", "41,236"),
        ("publicity.audience", "6.3万", "match", "63,000"),
        ("publicity.audience", "6.2万", "mismatch", "63,000"),
        ("publicity.consultations", "1400余", "match", "1,436"),
        ("publicity.consultations", "1500余", "mismatch", "1,436"),
        ("publicity.events", "306场次", "match", "306"),
    ],
)
def test_claims_written_with_yu_and_wan(key, reported, verdict, display):
    record = check_claim(key, reported, COUNTS, "half_up")
    assert (record["verdict"], record["display"]) == (verdict, display)
    assert record["meaning"]["zh"] and record["meaning"]["en"]


def test_a_claim_about_an_audit_the_year_has_no_register_for_is_its_own_verdict():
    record = check_claim("satisfaction.rate", "98.95%", METRICS, "half_up", audits=("reconsideration", "satisfaction"))
    assert record["verdict"] == "no_register"
    record = check_claim("nosuchaudit.rate", "98.95%", METRICS, "half_up", audits=("reconsideration", "satisfaction"))
    assert record["verdict"] == "unverifiable"


# ---- how the bureau must have counted ----------------------------------------------------------


def _with_variants(rate: float, variants: list[dict]) -> dict:
    return {"reconsideration": {"some_rate": rate, "definition_variants": {"some_rate": variants}}}


def test_a_mismatched_rate_names_the_definitions_that_reproduce_it():
    """12 of 45 accepted is 26.67% rounded half up, 26.66% truncated; 12 of 55 received is 21.82%."""
    variants = [
        {"over": "received", "scope": "year", "numerator": 12, "denominator": 55},
        {"over": "accepted", "scope": "year", "numerator": 12, "denominator": 45},
        {"over": "concluded", "scope": "year", "numerator": 12, "denominator": 0},
    ]
    metrics = _with_variants(12 / 55, variants)
    record = check_claim("reconsideration.some_rate", "26.66%", metrics, "half_up")
    assert record["verdict"] == "mismatch"
    assert record["explained_by"] == [{**variants[1], "rounding": "truncate"}]
    record = check_claim("reconsideration.some_rate", "26.67%", metrics, "half_up")
    assert record["explained_by"] == [{**variants[1], "rounding": "half_up"}]
    record = check_claim("reconsideration.some_rate", "30%", metrics, "half_up")
    assert record["verdict"] == "mismatch" and record["explained_by"] == []


def test_which_whole_denominators_give_a_published_share():
    from audit.core.claims import denominators
    from audit.core.written import read

    assert denominators(12, read("26.67%"), "half_up", limit=200) == [45]
    assert denominators(12, read("26.7%"), "half_up", limit=200) == [45]
    assert denominators(3, read("17%"), "half_up", limit=100) == [18]
    assert denominators(10, read("33.33%"), "truncate", limit=100) == [30]
    assert denominators(7, read("91.3%"), "half_up", limit=100) == []


# ---- figures that contradict each other --------------------------------------------------------

TOTALS = [("reconsideration", "received", ("accepted", "rejected", "referred", "not_supplemented"))]


def test_published_parts_that_do_not_add_up_to_the_total_are_a_contradiction():
    from audit.core.claims import contradictions

    seed = {
        "reconsideration.received": 55,
        "reconsideration.accepted": 45,
        "reconsideration.rejected": 5,
        "reconsideration.referred": 3,
        "reconsideration.not_supplemented": 2,
    }
    assert contradictions(seed, TOTALS) == []
    found = contradictions({**seed, "reconsideration.referred": 4}, TOTALS)
    assert [(c["total"], c["parts_sum"], c["every_part"]) for c in found] == [("reconsideration.received", "56", True)]
    found = contradictions({**seed, "reconsideration.received": "60余"}, TOTALS)  # 60..69 cannot be 55
    assert found and found[0]["figures"]["reconsideration.received"] == "60余"
    assert contradictions({**seed, "reconsideration.received": "50多"}, TOTALS) == []  # 50..59 holds 55
    assert contradictions({**seed, "reconsideration.received": "5十余"}, TOTALS) == []  # not a figure: not checked


def test_published_parts_without_all_of_them_must_not_exceed_the_total():
    from audit.core.claims import contradictions

    some = {"reconsideration.received": 55, "reconsideration.accepted": 45, "reconsideration.rejected": 5}
    assert contradictions(some, TOTALS) == []
    found = contradictions({**some, "reconsideration.accepted": 52}, TOTALS)
    assert [(c["every_part"], c["parts_sum"]) for c in found] == [(False, "57")]


def test_claims_are_grouped_by_audit_and_counted():
    from audit.core.claims import tally

    reported = {
        "publicity.materials": "5万余",
        "reconsideration.received": 55,
        "satisfaction.rate": "98.95%",
        "reconsideration.nothing": 1,
        "publicity.events": 306,
    }
    metrics = {**METRICS, **COUNTS}
    claims = check_claims(reported, metrics, "half_up", audits=("reconsideration", "publicity", "satisfaction"))
    assert [(c["audit"], c["verdict"]) for c in claims] == [
        ("reconsideration", "unverifiable"),
        ("reconsideration", "match"),
        ("publicity", "mismatch"),
        ("publicity", "match"),
        ("satisfaction", "no_register"),
    ]
    assert tally(claims, []) == {
        "published": 5,
        "checked": 3,
        "match": 2,
        "mismatch": 1,
        "no_register": 1,
        "unverifiable": 1,
        "contradictions": 0,
    }


# ---- shares of one breakdown -------------------------------------------------------------------

GRADES = {"case_file_review": {"grade_shares": {"优秀": 0.5, "良好": 0.3, "合格": 0.2}}}
BREAKDOWNS = [("case_file_review", "grade_shares", "files")]


def _shares(**published: str) -> dict[str, str]:
    return {f"case_file_review.grade_shares.{k}": v for k, v in published.items()}


def test_published_shares_of_one_breakdown_must_add_up_to_100():
    from audit.core.claims import breakdown_contradictions

    assert breakdown_contradictions(_shares(优秀="50%", 良好="30%", 合格="20%"), GRADES, BREAKDOWNS) == []
    assert breakdown_contradictions(_shares(优秀="33.3%", 良好="33.3%", 合格="33.3%"), GRADES, BREAKDOWNS) == []
    found = breakdown_contradictions(_shares(优秀="50%", 良好="30%", 合格="15%"), GRADES, BREAKDOWNS)
    assert [(c["kind"], c["parts_sum"], c["every_part"]) for c in found] == [("shares_sum", "95%", True)]
    found = breakdown_contradictions(_shares(优秀="70%", 良好="40%"), GRADES, BREAKDOWNS)  # some parts: over 100%
    assert [(c["kind"], c["every_part"]) for c in found] == [("shares_sum", False)]
    assert breakdown_contradictions(_shares(优秀="50%", 良好="30%"), GRADES, BREAKDOWNS) == []  # 20% may be the rest


def test_published_shares_that_imply_two_denominators_are_a_contradiction():
    from audit.core.claims import breakdown_contradictions, common_denominators
    from audit.core.written import read

    assert 3 in common_denominators([read("33.33%"), read("66.67%")], limit=10)
    assert common_denominators([read("50%"), read("33.33%")], limit=6) == [6]
    assert common_denominators([read("14.29%"), read("11.11%")], limit=50) == []  # k/7 and k/9: no one whole ≤ 50
    # with the report's own count of files published, every share must be k of those files
    of_40 = {"case_file_review.files": 40, **_shares(优秀="50%", 良好="30%", 合格="20%")}
    assert breakdown_contradictions(of_40, GRADES, BREAKDOWNS) == []
    of_40 = {"case_file_review.files": 40, **_shares(优秀="51.5%", 良好="28.5%", 合格="20%")}  # 20.6 and 11.4 files
    found = breakdown_contradictions(of_40, GRADES, BREAKDOWNS)
    assert [(c["kind"], c["total"]) for c in found] == [("denominator", "case_file_review.files")]
    assert found[0]["figures"]["case_file_review.files"] == 40


def test_a_share_adjusted_so_the_column_adds_up_to_100_is_a_mismatch_with_that_explanation():
    from audit.core.claims import forced_to_100

    thirds = {"case_file_review": {"grade_shares": {"优秀": 1 / 3, "良好": 1 / 3, "合格": 1 / 3}}}
    published = _shares(优秀="33.33%", 良好="33.33%", 合格="33.34%")
    assert forced_to_100(published, thirds, BREAKDOWNS, "half_up") == {"case_file_review.grade_shares.合格"}
    assert forced_to_100(_shares(优秀="33.33%", 良好="33.33%", 合格="33.33%"), thirds, BREAKDOWNS, "half_up") == set()
    assert forced_to_100(_shares(优秀="50%", 良好="30%", 合格="20%"), GRADES, BREAKDOWNS, "half_up") == set()
