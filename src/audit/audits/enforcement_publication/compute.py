"""Enforcement publication (行政执法公示) metrics (docs/metrics.md, "Enforcement publication").

`compute(register, params)` returns the ``enforcement_publication`` block of metrics.json: the
decisions of the year, how many were published within their limit (7 working days for licences
and penalties, 20 for other decisions by default; :mod:`.limits` says how they are counted and
what "not yet due" means), overall, by kind and by unit; the working days taken; and every
decision published late, not published, or not yet due, by its decision number.

The on-time rate is over the decisions that can be judged at the as-of date (published, or past
their last day): a decision not yet due is in neither its numerator nor its denominator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from audit.audits.enforcement_publication.limits import STATES, timeline
from audit.audits.enforcement_publication.settings import KINDS
from audit.core.numbers import natural_key, ratio

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


def decision_frame(register: Register, params: Params) -> pd.DataFrame:
    """One row per decision with its limit, last day, working days taken and state (see :mod:`.limits`)."""
    d = register.data
    frame = pd.DataFrame(
        {
            "decision_id": d["decision_id"],
            "unit": d["unit"],
            "kind": pd.Categorical(d["kind"], categories=KINDS),
            "matter": d["matter"].fillna(""),
            "decided_on": d["decided_on"],
            "published_on": d["published_on"],
            "platform": d["platform"].fillna(""),
        },
        index=d.index,
    )
    frame = frame.join(timeline(d, params))
    codes = frame["state"].cat.codes.to_numpy()
    for i, state in enumerate(STATES):
        frame[state] = codes == i
    frame["published"] = frame["published_on"].notna().to_numpy()
    return frame


def _counts(frame: pd.DataFrame) -> dict[str, Any]:
    """The counts and rates of a set of decisions (the whole year, a kind or a unit)."""
    counts: dict[str, Any] = {"decisions": int(len(frame)), "published": int(frame["published"].sum())}
    counts.update({state: int(frame[state].sum()) for state in STATES})
    counts["judged"] = counts["on_time"] + counts["late"] + counts["unpublished"]
    counts["on_time_rate"] = ratio(counts["on_time"], counts["judged"])
    counts["published_rate"] = ratio(counts["published"], counts["published"] + counts["unpublished"])
    delays = frame["delay"].dropna()
    counts["median_delay"] = None if delays.empty else float(delays.median())
    counts["max_delay"] = None if delays.empty else int(delays.max())
    return counts


def _dates(column: pd.Series) -> pd.Series:
    return column.dt.strftime("%Y-%m-%d").astype(object).where(column.notna(), None)


def _listed(rows: pd.DataFrame, published: bool) -> list[dict[str, Any]]:
    """Decisions by decision date, then number: what the page lists for each exception."""
    listed = pd.DataFrame(
        {
            "decision_id": rows["decision_id"].astype(object),
            "unit": rows["unit"].astype(object),
            "kind": rows["kind"].astype(object),
            "matter": rows["matter"].astype(object),
            "decided_on": _dates(rows["decided_on"]),
            "deadline": _dates(rows["deadline"]),
            "limit_working_days": rows["limit"].astype("int64"),
        }
    )
    if published:
        listed["published_on"] = _dates(rows["published_on"])
        listed["working_days"] = rows["delay"].astype("int64")
        listed["calendar_days"] = (rows["published_on"] - rows["decided_on"]).dt.days.astype("int64")
    else:
        listed["working_days"] = rows["elapsed"].astype("int64")
    records = [
        {k: (int(v) if isinstance(v, np.integer) else v) for k, v in r.items()} for r in listed.to_dict("records")
    ]
    return sorted(records, key=lambda c: (c["decided_on"], natural_key(c["decision_id"])))


def compute(register: Register, params: Params) -> dict[str, Any]:
    """The ``enforcement_publication`` block of metrics.json for one year's register."""
    f = decision_frame(register, params)
    limits = params.enforcement_publication.limits
    as_of = pd.Timestamp(params.as_of)
    out: dict[str, Any] = {
        "as_of": params.as_of.isoformat(),
        "limits": {kind: limits.of(kind) for kind in KINDS},
        "units": int(f["unit"].nunique()),
    }
    out.update(_counts(f))
    out["published_after_as_of"] = int((f["published_on"] > as_of).sum())
    out["rate_basis"] = {
        "on_time_rate": {"numerator": out["on_time"], "denominator": out["judged"]},
        "published_rate": {"numerator": out["published"], "denominator": out["published"] + out["unpublished"]},
    }
    out["by_kind"] = {kind: {"limit_working_days": limits.of(kind), **_counts(f[f["kind"].eq(kind)])} for kind in KINDS}
    out["by_unit"] = by_unit(f)
    out["by_platform"] = [
        {"platform": name, "decisions": int(n)}
        for name, n in sorted(
            f.loc[f["published"], "platform"].value_counts().items(), key=lambda kv: (-kv[1], str(kv[0]))
        )
    ]
    out["late_decisions"] = _listed(f[f["late"]], published=True)
    out["unpublished_decisions"] = _listed(f[f["unpublished"]], published=False)
    out["not_yet_due_decisions"] = _listed(f[f["not_yet_due"]], published=False)
    return out


def by_unit(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Decisions and their publication per enforcement unit, most decisions first (ties by name)."""
    codes, names = pd.factorize(frame["unit"], sort=False)
    k = len(names)

    def per_unit(column: str) -> np.ndarray:
        return np.bincount(codes, weights=frame[column].to_numpy(dtype="float64"), minlength=k).astype("int64")

    decisions = np.bincount(codes, minlength=k)
    published = per_unit("published")
    states = {state: per_unit(state) for state in STATES}
    delays = frame["delay"].groupby(codes).median()
    order = sorted(range(k), key=lambda i: (-int(decisions[i]), str(names[i])))
    records = []
    for i in order:
        judged = int(states["on_time"][i] + states["late"][i] + states["unpublished"][i])
        median = delays.get(i)
        records.append(
            {
                "unit": str(names[i]),
                "decisions": int(decisions[i]),
                "published": int(published[i]),
                **{state: int(states[state][i]) for state in STATES},
                "judged": judged,
                "on_time_rate": ratio(int(states["on_time"][i]), judged),
                "median_delay": None if median is None or pd.isna(median) else float(median),
            }
        )
    return records
