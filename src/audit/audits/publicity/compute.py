"""Legal publicity (法治宣传 / 普法) metrics (docs/metrics.md, "Legal publicity").

`compute(register, params)` returns the ``publicity`` block of metrics.json: events, materials
handed out, audience and consultations answered, in total, by theme, by form, by organising unit
and by month; the materials of the Civil Code events; and whether each theme the year must
cover (``publicity.required_themes``) was the theme of at least one event.

A blank count cell (materials, audience, consultations) counts as 0 in the totals; how many
events left each blank is recorded (``<count>_blank``) and the events are listed
(``incomplete_events``), so nothing is left out unseen.

Every figure is computed on whole columns (pandas, no per-row Python), so a register of a
million events takes well under a second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from audit.audits.publicity.register import COUNTS, FORM_CODES
from audit.audits.publicity.settings import CIVIL_CODE
from audit.registers import ROW

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


def event_frame(register: Register, params: Params) -> pd.DataFrame:
    """One row per event: theme and form as categoricals (params / register order), counts with blanks as 0."""
    d = register.data
    frame = pd.DataFrame(
        {
            "theme": pd.Categorical(d["theme"], categories=list(params.publicity.themes)),
            "form": pd.Categorical(d["form"], categories=list(FORM_CODES)),
            "organiser": d["organiser"],
            "month": d["date"].dt.month.astype("int64"),
        },
        index=d.index,
    )
    for column in COUNTS:
        frame[column] = d[column].fillna(0).to_numpy(dtype="int64")
    return frame


def _totals(frame: pd.DataFrame, by: str, codes: list[str]) -> dict[str, dict[str, int]]:
    """Events and the three counts per code of `by`, every code listed (zeros included), in `codes` order."""
    grouped = frame.groupby(by, observed=False)[list(COUNTS)].sum().reindex(codes, fill_value=0)
    events = frame[by].value_counts().reindex(codes, fill_value=0)
    return {code: {"events": int(events[code]), **{c: int(grouped.at[code, c]) for c in COUNTS}} for code in codes}


def by_organiser(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Events and counts per organising unit, most events first, then most audience, then by name."""
    grouped = frame.groupby("organiser", sort=False)
    table = grouped[list(COUNTS)].sum()
    table["events"] = grouped.size()
    table = table.reset_index()
    table = table.sort_values(
        ["events", "audience", "organiser"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    return [
        {
            "organiser": str(row.organiser),
            "events": int(row.events),
            **{c: int(getattr(row, c)) for c in COUNTS},
        }
        for row in table.itertuples(index=False)
    ]


def by_month(frame: pd.DataFrame, year: int) -> list[dict[str, Any]]:
    """Events and counts per calendar month of the year (all twelve, zeros included)."""
    grouped = frame.groupby("month")[list(COUNTS)].sum().reindex(range(1, 13), fill_value=0)
    events = frame["month"].value_counts().reindex(range(1, 13), fill_value=0)
    return [
        {"month": f"{year}-{m:02d}", "events": int(events[m]), **{c: int(grouped.at[m, c]) for c in COUNTS}}
        for m in range(1, 13)
    ]


def incomplete_events(register: Register) -> list[dict[str, Any]]:
    """Events with a blank count cell, in register order: row, date, title and the columns left blank."""
    d = register.data
    blank = pd.DataFrame({c: d[c].isna() for c in COUNTS}, index=d.index)
    rows = blank.any(axis=1).to_numpy()
    if not rows.any():
        return []
    picked = d.loc[rows]
    missing = blank.loc[rows].to_numpy()
    return [
        {
            "row": int(row),
            "date": date.date().isoformat(),
            "title": None if title is None or title != title else str(title),
            "missing": [c for c, m in zip(COUNTS, flags) if m],
        }
        for row, date, title, flags in zip(picked[ROW], picked["date"], picked["title"], missing)
    ]


def required_themes(by_theme: dict[str, dict[str, int]], params: Params) -> list[dict[str, Any]]:
    """Each theme the year must cover: the events of that theme, and met (at least one event)."""
    return [
        {"theme": code, "events": by_theme[code]["events"], "met": by_theme[code]["events"] >= 1}
        for code in params.publicity.required_themes
    ]


def compute(register: Register, params: Params) -> dict[str, Any]:
    """The ``publicity`` block of metrics.json for one year's register."""
    d = register.data
    frame = event_frame(register, params)
    themes = list(params.publicity.themes)
    theme_totals = _totals(frame, "theme", themes)
    required = required_themes(theme_totals, params)
    out: dict[str, Any] = {"events": int(len(frame))}
    for column in COUNTS:
        out[column] = int(np.sum(frame[column].to_numpy()))
    for column in COUNTS:
        out[f"{column}_blank"] = int(d[column].isna().sum())
    out["civil_code_materials"] = theme_totals[CIVIL_CODE]["materials"] if CIVIL_CODE in theme_totals else None
    out["required_themes"] = required
    out["required_themes_met"] = all(r["met"] for r in required)
    out["required_themes_missing"] = [r["theme"] for r in required if not r["met"]]
    out["by_theme"] = theme_totals
    out["by_form"] = _totals(frame, "form", list(FORM_CODES))
    out["by_organiser"] = by_organiser(frame)
    out["by_month"] = by_month(frame, params.year)
    out["incomplete_events"] = incomplete_events(register)
    return out


def theme_months(register: Register, params: Params) -> pd.DataFrame:
    """Events per calendar month (rows 1–12) and theme (columns: the year's themes, params order)."""
    frame = event_frame(register, params)
    table = pd.crosstab(frame["month"], frame["theme"], dropna=False)
    return table.reindex(index=range(1, 13), columns=list(params.publicity.themes), fill_value=0).astype(int)
