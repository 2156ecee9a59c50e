"""The year's headline metrics against their thresholds (red/amber/green) and last year's value.

Which metrics are headlines, and which way is better, each audit declares in its metric specs
(:class:`audit.audits.spec.MetricSpec`); the thresholds are the year's params (``thresholds:``),
with the specs' defaults. A metric's status:

- higher is better: ≥ green → green, ≥ amber → amber, else red;
- lower is better:  ≤ green → green, ≤ amber → amber, else red;
- a yes/no metric: yes → green, no → red;
- no threshold, or no value (an audit skipped, a rate with nothing to divide): no status.

A headline that has a target of its own in the year's params (its spec's `target`) takes
its default green limit from that target, so a year that raises the target moves the summary
with it; see :func:`year_thresholds`. Explicit ``thresholds:`` still win.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from audit.audits.spec import MetricSpec
    from audit.core.params import Params

Status = Literal["green", "amber", "red", "none"]

# How a status and a yes/no figure are written, on every page that shows headlines (the summary, the roll-up)
STATUS_TEXT: Mapping[str, Mapping[str, str]] = {
    "zh": {"status.green": "绿", "status.amber": "黄", "status.red": "红", "status.none": "—", "yes": "是", "no": "否"},
    "en": {
        "status.green": "green",
        "status.amber": "amber",
        "status.red": "red",
        "status.none": "—",
        "yes": "yes",
        "no": "no",
    },
}


def year_thresholds(params: Params) -> dict[str, dict[str, float]]:
    """The year's red/amber/green limits: explicit ``thresholds:``, else the year's targets, else defaults.

    A headline whose spec names a `target` (a dotted path into the params) takes that target as
    its default green; its default amber is kept unless the target passes it (a target of 0.6 for
    a higher-is-better rate whose default amber is 0.7): amber then equals green, so the limits
    stay in order.
    """
    from audit.audits import headlines

    limits: dict[str, dict[str, float]] = {}
    for h in headlines():
        if h.target is None:
            continue
        value: Any = params
        for part in h.target.split("."):
            value = getattr(value, part)
        green = float(value)
        amber = h.amber if h.amber is not None else green
        amber = min(amber, green) if h.direction == "higher" else max(amber, green)
        limits[h.key] = {"green": green, "amber": amber}
    limits.update({k: v.model_dump() for k, v in params.thresholds.items()})
    return limits


def lookup(metrics: Mapping[str, Any], key: str) -> Any:
    """The value at a dotted key of metrics.json; KeyError when the key names nothing."""
    value: Any = metrics
    for part in key.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise KeyError(key)
    return value


def status(headline: MetricSpec, value: Any, thresholds: Mapping[str, Mapping[str, float]]) -> Status:
    """Red, amber or green for a value, by the year's thresholds (or the defaults)."""
    if value is None or headline.direction is None:
        return "none"
    if headline.direction == "yes":
        return "green" if value else "red"
    limits = thresholds.get(headline.key, {})
    green = limits.get("green", headline.green)
    amber = limits.get("amber", headline.amber)
    if green is None or amber is None:
        return "none"
    if headline.direction == "higher":
        return "green" if value >= green else "amber" if value >= amber else "red"
    return "green" if value <= green else "amber" if value <= amber else "red"


@dataclass(frozen=True)
class Line:
    """One row of the summary: the metric, its value, last year's value, the change, its status."""

    headline: MetricSpec
    value: Any
    previous: Any
    change: float | None
    status: Status
    green: float | None
    amber: float | None


def summarise(
    metrics: Mapping[str, Any], previous: Mapping[str, Any] | None, thresholds: Mapping[str, Mapping[str, float]]
) -> list[Line]:
    """The headline lines of a year whose audit ran, with the change from the previous year."""
    from audit.audits import headlines

    lines = []
    for h in headlines():
        if h.audit not in metrics:
            continue
        value = lookup(metrics, h.key)
        try:
            before = lookup(previous, h.key) if previous else None
        except KeyError:
            before = None
        numeric = isinstance(value, (int, float)) and isinstance(before, (int, float)) and h.format != "yes_no"
        change = value - before if numeric and not isinstance(value, bool) else None
        limits = thresholds.get(h.key, {})
        lines.append(
            Line(
                h,
                value,
                before,
                change,
                status(h, value, thresholds),
                limits.get("green", h.green),
                limits.get("amber", h.amber),
            )
        )
    return lines
