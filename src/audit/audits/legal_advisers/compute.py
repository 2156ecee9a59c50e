"""Legal advisers' (法律顾问) metrics (docs/metrics.md, "Legal advisers").

`compute(register, params)` returns the ``legal_advisers`` block of metrics.json: the pieces of
work per kind, the contract reviews that concern a major project (重大项目协议法律审查), the
meetings on legal questions attended (涉法专项会议), the units served, per month (all twelve)
and per unit; and, where params list the units expected to have an adviser
(``legal_advisers.units``), how many of them the register shows served, and which are missing.

Without that list the coverage figures (``units_expected``, ``units_with_adviser``,
``units_coverage_rate``, ``units_missing``, ``units_not_listed``) are present and ``null``, and
``units_checked`` is false: the keys of metrics.json stay the same from year to year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from audit.audits.legal_advisers.register import KIND_CODES
from audit.core.numbers import ratio
from audit.registers.schema import normalise_label

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

COVERAGE_KEYS = ("units_expected", "units_with_adviser", "units_coverage_rate", "units_missing", "units_not_listed")


def work_frame(register: Register) -> pd.DataFrame:
    """One row per piece of work: date, unit, kind (categorical, register order), major-project review or not."""
    d = register.data
    kind = pd.Categorical(d["kind"], categories=KIND_CODES)
    return pd.DataFrame(
        {
            "date": d["date"],
            "unit": d["unit"].astype(object),
            "kind": kind,
            "major": d["major_project"].to_numpy(dtype=bool) & (kind == "contract_review"),
        },
        index=d.index,
    )


def _kinds(kinds: pd.Series) -> dict[str, int]:
    counts = kinds.value_counts()
    return {code: int(counts.get(code, 0)) for code in KIND_CODES}


def by_month(frame: pd.DataFrame, year: int) -> list[dict[str, Any]]:
    """Every month of the year (all twelve, zeros included): works, works per kind, major-project reviews."""
    month = frame["date"].dt.month
    kinds = pd.crosstab(month, frame["kind"], dropna=False).reindex(
        index=range(1, 13), columns=list(KIND_CODES), fill_value=0
    )
    major = frame["major"].groupby(month).sum().reindex(range(1, 13), fill_value=0)
    return [
        {
            "month": f"{year}-{m:02d}",
            "works": int(kinds.loc[m].sum()),
            "by_kind": {code: int(kinds.at[m, code]) for code in KIND_CODES},
            "major_project_reviews": int(major.loc[m]),
        }
        for m in range(1, 13)
    ]


def by_unit(frame: pd.DataFrame, listed: set[str] | None) -> list[dict[str, Any]]:
    """Every unit served: works, per kind, major-project reviews; most works first, ties by name.

    `listed` (normalised names of params ``legal_advisers.units``) marks whether each unit is on
    the list (None: no list).
    """
    kinds = pd.crosstab(frame["unit"], frame["kind"], dropna=False).reindex(columns=list(KIND_CODES), fill_value=0)
    major = frame["major"].groupby(frame["unit"]).sum()
    totals = kinds.sum(axis=1)
    order = sorted(kinds.index, key=lambda u: (-int(totals.loc[u]), str(u)))
    return [
        {
            "unit": str(unit),
            "works": int(totals.loc[unit]),
            "by_kind": {code: int(kinds.at[unit, code]) for code in KIND_CODES},
            "major_project_reviews": int(major.loc[unit]),
            "listed": None if listed is None else normalise_label(str(unit)) in listed,
        }
        for unit in order
    ]


def coverage(units_served: list[str], params: Params, canonical: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The listed units against the units served: how many have an adviser's work, which are missing.

    Names match ignoring spaces, case and full-width parentheses (as headers and category values
    do); `canonical` are the listed names as the register writes units (canonical names where the
    year has a list of units; default: as written). Missing units are in the list's order, named as
    the params write them; served units not on the list in name order.
    """
    expected = params.legal_advisers.units
    names = canonical if canonical is not None else tuple(expected)
    served = {normalise_label(u) for u in units_served}
    listed = {normalise_label(u) for u in names}
    missing = [u for u, name in zip(expected, names) if normalise_label(name) not in served]
    covered = len(expected) - len(missing)
    return {
        "units_expected": len(expected),
        "units_with_adviser": covered,
        "units_coverage_rate": ratio(covered, len(expected)),
        "units_missing": missing,
        "units_not_listed": sorted(u for u in units_served if normalise_label(u) not in listed),
    }


def compute(register: Register, params: Params) -> dict[str, Any]:
    """The ``legal_advisers`` block of metrics.json for one year's register."""
    f = work_frame(register)
    kinds = _kinds(f["kind"])
    advisers = register.data["adviser"] if "adviser" in register.data else pd.Series([None] * len(f), dtype=object)
    checked = bool(params.legal_advisers.units)
    listed = register.unit_names(params.legal_advisers.units)
    units = by_unit(f, {normalise_label(u) for u in listed} if checked else None)
    out: dict[str, Any] = {
        "works": int(len(f)),
        "by_kind": kinds,
        "contract_reviews": kinds["contract_review"],
        "major_project_reviews": int(f["major"].sum()),
        "legal_meetings": kinds["legal_meeting"],
        "units_served": len(units),
        "advisers": int(advisers.dropna().map(normalise_label).nunique()),
        "works_without_adviser": int(advisers.isna().sum()),
        "by_month": by_month(f, params.year),
        "by_unit": units,
        "units_checked": checked,
    }
    if checked:
        out.update(coverage([u["unit"] for u in units], params, listed))
    else:
        out.update({key: None for key in COVERAGE_KEYS})
    return out


def evidence(register: Register) -> pd.DataFrame:
    """The major-project agreement reviews and the legal meetings in date order, with their register rows.

    Columns: date, kind, unit, matter, ref, row. The adviser is never part of it.
    """
    from audit.registers import ROW

    d = register.data
    f = work_frame(register)
    chosen = f["major"] | f["kind"].eq("legal_meeting").to_numpy()
    frame = pd.DataFrame(
        {
            "date": d["date"],
            "kind": f["kind"].astype(object).where(~f["major"], "major_project"),
            "unit": d["unit"],
            "matter": d["matter"],
            "ref": d["ref"],
            "row": d[ROW],
        }
    )[chosen]
    order = frame["kind"].map({"major_project": 0, "legal_meeting": 1})
    return (
        frame.assign(_order=order).sort_values(["_order", "date", "row"], kind="stable").drop(columns="_order")
    ).reset_index(drop=True)
