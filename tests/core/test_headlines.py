"""Headline metrics: red/amber/green by thresholds, change from the previous year."""

from __future__ import annotations

import pytest

from audit.audits import MetricSpec, headlines
from audit.core.headlines import lookup, status, summarise


def Headline(key, fmt, direction=None, green=None, amber=None) -> MetricSpec:  # noqa: N802 - reads as a spec
    return MetricSpec(key, {"zh": key, "en": key}, fmt, direction, green, amber, headline=True)


HIGHER = Headline("x.rate", "percent", "higher", 0.9, 0.7)
LOWER = Headline("x.count", "count", "lower", 0, 2)


@pytest.mark.parametrize(
    "value, expected", [(0.95, "green"), (0.9, "green"), (0.8, "amber"), (0.7, "amber"), (0.69, "red"), (None, "none")]
)
def test_higher_is_better(value, expected):
    assert status(HIGHER, value, {}) == expected


@pytest.mark.parametrize("value, expected", [(0, "green"), (1, "amber"), (2, "amber"), (3, "red")])
def test_lower_is_better(value, expected):
    assert status(LOWER, value, {}) == expected


def test_thresholds_in_params_override_the_defaults():
    assert status(HIGHER, 0.8, {"x.rate": {"green": 0.8, "amber": 0.5}}) == "green"
    assert status(HIGHER, 0.4, {"x.rate": {"green": 0.8, "amber": 0.5}}) == "red"


def test_yes_no_and_informational_metrics():
    yes = Headline("t.met", "yes_no", "yes")
    assert status(yes, True, {}) == "green" and status(yes, False, {}) == "red"
    assert status(Headline("x.n", "count"), 5, {}) == "none"


def test_lookup_dotted_keys():
    metrics = {"a": {"b": {"c": 1}, "l": [{"k": 2}]}}
    assert lookup(metrics, "a.b.c") == 1 and lookup(metrics, "a.l.0.k") == 2
    with pytest.raises(KeyError):
        lookup(metrics, "a.b.d")


def test_summarise_skips_absent_audits_and_computes_change():
    metrics = {
        "year": 2021,
        "reconsideration": {
            "received": 60,
            "accepted": 50,
            "acceptance_rate": 0.8,
            "correction_rate": None,
            "mediation_success_rate": 0.4,
            "closure_rate": 0.9,
            "on_time_rate": 1.0,
            "open_overdue": 0,
        },
    }
    previous = {"year": 2020, "reconsideration": {"received": 55, "mediation_success_rate": 0.25}}
    lines = {line.headline.key: line for line in summarise(metrics, previous, {})}
    assert all(key.startswith("reconsideration.") for key in lines)
    assert lines["reconsideration.received"].change == 5
    assert lines["reconsideration.mediation_success_rate"].change == pytest.approx(0.15)
    assert lines["reconsideration.accepted"].change is None  # last year had no figure
    assert lines["reconsideration.correction_rate"].status == "none"
    assert lines["reconsideration.on_time_rate"].status == "green"


def test_every_headline_key_is_unique():
    keys = [h.key for h in headlines()]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("rounding, shown", [("half_up", "+12.35"), ("truncate", "+12.34")])
def test_change_in_points_follows_the_year_s_rounding_rule(rounding, shown):
    from audit.core.headlines import Line
    from audit.core.params import Params
    from audit.report.summary import SummaryReport

    params = Params.model_validate({"year": 2021, "registers": {}, "definitions": {"rounding": rounding}})
    report = SummaryReport(params, {})
    line = Line(HIGHER, 0.5, 0.37655, 0.12345, "green", 0.9, 0.7)
    assert report._change(line).startswith(shown)
