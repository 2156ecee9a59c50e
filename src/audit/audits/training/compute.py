"""Rule-of-law training (法治培训) metrics (docs/metrics.md, "Training").

`compute(training, roster, params)` returns the ``training`` block of metrics.json: events per
kind, each target of the year against what was held, totals of participants and hours, and —
where the optional staff roster is given — how many enforcement officers reached the yearly
hours target, overall and per unit.

Without a roster the roster figures (``staff``, ``hours_target``,
``staff_meeting_hours_target``, ``staff_below_hours_target``, ``staff_hours_rate``,
``by_unit``) are present and ``null``, and ``roster`` is false: the keys of metrics.json stay
the same from year to year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from audit.audits.training.settings import TRAINING_KINDS
from audit.core.numbers import ratio
from audit.registers import ROW

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

ROSTER_KEYS = (
    "staff",
    "hours_target",
    "staff_meeting_hours_target",
    "staff_below_hours_target",
    "staff_hours_rate",
    "by_unit",
)


def _number(value: float) -> int | float:
    """A total as a plain int when whole, else a float (hours may be 1.5)."""
    value = float(value)
    return int(value) if value.is_integer() else value


def event_counts(register: Register) -> dict[str, int]:
    """Events per kind, every kind listed (zeros included), in the register's kind order."""
    counts = register.data["kind"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in TRAINING_KINDS}


def targets(events: dict[str, int], params: Params) -> list[dict[str, Any]]:
    """Each target of the year against the events held: target, actual, met, shortfall."""
    return [
        {
            "kind": kind,
            "target": int(target),
            "actual": events[kind],
            "met": events[kind] >= target,
            "shortfall": max(0, int(target) - events[kind]),
        }
        for kind, target in params.training.targets.items()
    ]


def roster_metrics(roster: Register, params: Params) -> dict[str, Any]:
    """Officers reaching the yearly hours target, overall and per unit (weakest unit first)."""
    target = float(params.training.hours_per_officer)
    d = roster.data
    meets = d["hours"].to_numpy(dtype="float64") >= target
    staff = int(len(d))
    meeting = int(meets.sum())
    grouped = pd.DataFrame({"unit": d["unit"].to_numpy(), "meets": meets}).groupby("unit", sort=True)["meets"]
    units = pd.DataFrame({"staff": grouped.size(), "meeting": grouped.sum()})
    units["rate"] = units["meeting"] / units["staff"]
    units = units.reset_index().sort_values(["rate", "unit"], kind="stable")
    by_unit = [
        {"unit": str(unit), "staff": int(n), "meeting_target": int(m), "rate": ratio(int(m), int(n))}
        for unit, n, m in zip(units["unit"], units["staff"], units["meeting"])
    ]
    return {
        "staff": staff,
        "hours_target": _number(target),
        "staff_meeting_hours_target": meeting,
        "staff_below_hours_target": staff - meeting,
        "staff_hours_rate": ratio(meeting, staff),
        "by_unit": by_unit,
    }


def compute(training: Register, roster: Register | None, params: Params) -> dict[str, Any]:
    """The ``training`` block of metrics.json for one year's training register (and roster)."""
    d = training.data
    events = event_counts(training)
    checked = targets(events, params)
    participants = d["participants"]
    hours = d["hours"]
    out: dict[str, Any] = {
        "events_total": int(len(d)),
        "events": events,
        "targets": checked,
        "all_targets_met": all(t["met"] for t in checked),
        "participants": _number(np.nansum(participants.to_numpy(dtype="float64"))),
        "participants_blank": int(participants.isna().sum()),
        "hours": _number(np.nansum(hours.to_numpy(dtype="float64"))),
        "hours_blank": int(hours.isna().sum()),
        "roster": roster is not None,
    }
    if roster is not None:
        out.update(roster_metrics(roster, params))
    else:
        out.update({key: None for key in ROSTER_KEYS})
    return out


def evidence(training: Register, params: Params) -> pd.DataFrame:
    """The events in date order, each with the target it counts toward (None: no target).

    Columns: date, title, kind, target (the kind when the year has a target for it),
    participants, hours, row (the register row, for the auditor to find it).
    """
    d = training.data
    kind = d["kind"]
    frame = pd.DataFrame(
        {
            "date": d["date"],
            "title": d["title"],
            "kind": kind,
            "target": kind.astype(object).where(kind.isin(list(params.training.targets)), None),
            "participants": d["participants"],
            "hours": d["hours"],
            "row": d[ROW],
        }
    )
    return frame.sort_values(["date", "row"], kind="stable").reset_index(drop=True)


def event_months(training: Register) -> pd.DataFrame:
    """Events per calendar month (rows 1–12) and kind (columns: every kind, register order)."""
    d = training.data
    table = pd.crosstab(d["date"].dt.month, d["kind"])
    return table.reindex(index=range(1, 13), columns=list(TRAINING_KINDS), fill_value=0).astype(int)
