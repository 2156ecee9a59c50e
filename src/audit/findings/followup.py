"""What became of last year's findings: the rectification ledger read against this year's findings.

Each finding of last year (its metrics.json, ``findings``) is followed up once
(:func:`follow_up`): the ledger's row for its id gives the status, deadline and completion date;
this year's findings say whether it recurred (the same rule and subject found again, whatever the
ledger says). Its category:

- ``rectified``: the ledger says 已整改;
- ``cannot_rectify``: the ledger says 无法整改;
- ``past_deadline``: not rectified (未整改 / 整改中) and its deadline is before the audit's as-of date;
- ``within_deadline``: not rectified, and its deadline is not yet past;
- ``no_record``: the ledger has no row for it, or no deadline in its row (nothing to go by).

What is followed up (:func:`to_follow`) is last year's findings and every finding last year still
followed up without its being rectified (or found impossible to rectify): a finding stays on the
list, year after year, until the ledger closes it. Each keeps the year it was first raised in
(``raised_in``).

A ledger row whose id is none of these is listed apart (:func:`unmatched_rows`): it is followed
up nowhere else, so the page says so rather than leave it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from audit.registers import Register

CATEGORIES = ("rectified", "past_deadline", "within_deadline", "cannot_rectify", "no_record")


def _date(value: Any) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _ledger(register: Register | None) -> dict[str, dict[str, Any]]:
    if register is None:
        return {}
    return {row["finding_id"]: row for row in register.data.to_dict("records")}


def _category(row: Mapping[str, Any] | None, as_of: dt.date) -> str:
    if row is None:
        return "no_record"
    if row["status"] == "rectified":
        return "rectified"
    if row["status"] == "cannot":
        return "cannot_rectify"
    deadline = _date(row["deadline"])
    if deadline is None:
        return "no_record"
    return "past_deadline" if deadline < as_of else "within_deadline"


CLOSED = ("rectified", "cannot_rectify")


def to_follow(previous: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The findings this year follows up, from last year's metrics.json (see the module's doc); [] without one."""
    if previous is None:
        return []
    followed = {f["id"]: f for f in previous.get("follow_up") or []}
    # a finding found again keeps the year it was first raised in
    raised = [
        {
            **f,
            "raised_in": followed[f["id"]].get("raised_in", previous.get("year"))
            if f["id"] in followed
            else previous.get("year"),
        }
        for f in previous.get("findings") or []
    ]
    ids = {f["id"] for f in raised}
    still_open = [_as_finding(f) for f in followed.values() if f["category"] not in CLOSED and f["id"] not in ids]
    return raised + still_open


_FOLLOW_UP_FIELDS = (
    "status",
    "deadline",
    "completed_on",
    "responsible_role",
    "evidence_ref",
    "verified_by",
    "category",
    "recurring",
)


def _as_finding(followed: Mapping[str, Any]) -> dict[str, Any]:
    """A followed-up finding of last year as the finding it is (without last year's ledger fields)."""
    return {k: v for k, v in followed.items() if k not in _FOLLOW_UP_FIELDS}


def follow_up(
    previous: Iterable[Mapping[str, Any]],
    current: Iterable[Mapping[str, Any]],
    ledger: Register | None,
    as_of: dt.date,
) -> list[dict[str, Any]]:
    """Last year's findings, each with what the ledger says of it, its category and whether it recurred."""
    from audit.findings.register import STATUS_ZH

    rows = _ledger(ledger)
    recurring = {f["id"] for f in current}
    followed = []
    for finding in previous:
        row = rows.get(finding["id"])
        deadline = _date(row["deadline"]) if row is not None else None
        completed = _date(row["completed_on"]) if row is not None else None
        followed.append(
            {
                **finding,
                "status": STATUS_ZH[row["status"]] if row is not None else None,
                "deadline": deadline.isoformat() if deadline else None,
                "completed_on": completed.isoformat() if completed else None,
                "responsible_role": _text(row, "responsible_role"),
                "evidence_ref": _text(row, "evidence_ref"),
                "verified_by": _text(row, "verified_by"),
                "category": _category(row, as_of),
                "recurring": finding["id"] in recurring,
            }
        )
    return followed


def _text(row: Mapping[str, Any] | None, column: str) -> str | None:
    value = None if row is None else row.get(column)
    return value if isinstance(value, str) else None


def unmatched_rows(previous: Iterable[Mapping[str, Any]], ledger: Register | None) -> list[dict[str, Any]]:
    """The ledger's rows that name no finding of last year: their row number and the id as written."""
    if ledger is None:
        return []
    from audit.registers import ROW

    known = {f["id"] for f in previous}
    d = ledger.data
    return [
        {"row": int(row), "finding_id": finding_id}
        for row, finding_id in zip(d[ROW], d["finding_id"])
        if finding_id not in known
    ]
