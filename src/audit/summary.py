"""The year's headline metrics against their thresholds (red/amber/green) and last year's value.

Which metrics are headlines, and which way is better, is fixed here; the thresholds are the
year's params (``thresholds:``), with the defaults below. A metric's status:

- higher is better: ≥ green → green, ≥ amber → amber, else red;
- lower is better:  ≤ green → green, ≤ amber → amber, else red;
- a yes/no metric: yes → green, no → red;
- no threshold, or no value (an audit skipped, a rate with nothing to divide): no status.

A headline that has a target of its own in the year's params (the litigation rates) takes
its default green limit from that target, so a year that raises the target moves the summary
with it; see :func:`year_thresholds`. Explicit ``thresholds:`` still win.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Mapping

if TYPE_CHECKING:
    from .params import Params

Direction = Literal["higher", "lower", "yes"]
Format = Literal["count", "percent", "number", "yes_no"]
Status = Literal["green", "amber", "red", "none"]


@dataclass(frozen=True)
class Headline:
    """A headline metric: its dotted key in metrics.json, how it is written, which way is better."""

    key: str
    format: Format
    direction: Direction | None = None
    green: float | None = None
    amber: float | None = None

    @property
    def audit(self) -> str:
        """The audit (metrics.json block) the metric belongs to."""
        return self.key.split(".", 1)[0]


HEADLINES: tuple[Headline, ...] = (
    Headline("case_file_review.files", "count"),
    Headline("case_file_review.score.mean", "number", "higher", 85, 75),
    Headline("case_file_review.pass_rate", "percent", "higher", 0.95, 0.85),
    Headline("case_file_review.legality_rate", "percent", "higher", 1.0, 0.95),
    Headline("case_file_review.veto_files", "count", "lower", 0, 2),
    Headline("training.all_targets_met", "yes_no", "yes"),
    Headline("training.hours", "number"),
    Headline("training.staff_hours_rate", "percent", "higher", 0.9, 0.75),
    Headline("reconsideration.received", "count"),
    Headline("reconsideration.accepted", "count"),
    Headline("reconsideration.acceptance_rate", "percent"),
    Headline("reconsideration.correction_rate", "percent"),
    Headline("reconsideration.mediation_success_rate", "percent", "higher", 0.25, 0.15),
    Headline("reconsideration.closure_rate", "percent", "higher", 0.85, 0.7),
    Headline("reconsideration.on_time_rate", "percent", "higher", 1.0, 0.95),
    Headline("reconsideration.open_overdue", "count", "lower", 0, 1),
    Headline("litigation.cases", "count"),
    Headline("litigation.head_appearance_rate", "percent", "higher", 0.9, 0.7),
    Headline("litigation.loss_rate", "percent", "lower", 0.10, 0.15),
)
HEADLINE_KEYS = tuple(h.key for h in HEADLINES)


# Headline key -> the target of the year (attribute path in Params) that is its default green limit.
TARGET_GREEN: dict[str, str] = {
    "litigation.head_appearance_rate": "litigation.targets.head_appearance_rate",
    "litigation.loss_rate": "litigation.targets.loss_rate",
}


def year_thresholds(params: "Params") -> dict[str, dict[str, float]]:
    """The year's red/amber/green limits: explicit ``thresholds:``, else the year's targets, else defaults.

    Where a target is the default green, the default amber is kept unless the target passes it
    (a target of 0.6 for a higher-is-better rate whose default amber is 0.7): amber then equals
    green, so the limits stay in order.
    """
    limits: dict[str, dict[str, float]] = {}
    ranked = {h.key: h for h in HEADLINES}
    for key, path in TARGET_GREEN.items():
        h = ranked[key]
        value: Any = params
        for part in path.split("."):
            value = getattr(value, part)
        green = float(value)
        amber = h.amber if h.amber is not None else green
        amber = min(amber, green) if h.direction == "higher" else max(amber, green)
        limits[key] = {"green": green, "amber": amber}
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


def status(headline: Headline, value: Any, thresholds: Mapping[str, Mapping[str, float]]) -> Status:
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

    headline: Headline
    value: Any
    previous: Any
    change: float | None
    status: Status
    green: float | None
    amber: float | None


def summarise(metrics: Mapping[str, Any], previous: Mapping[str, Any] | None,
              thresholds: Mapping[str, Mapping[str, float]]) -> list[Line]:
    """The headline lines of a year whose audit ran, with the change from the previous year."""
    lines = []
    for h in HEADLINES:
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
        lines.append(Line(h, value, before, change, status(h, value, thresholds),
                          limits.get("green", h.green), limits.get("amber", h.amber)))
    return lines
