"""Administrative litigation (行政应诉) metrics (issue #9).

`compute(register, params)` returns the ``litigation`` block of metrics.json: cases, hearings
and how often the head of the defendant agency appeared in court (出庭应诉率, over the cases
with a hearing), outcomes, the loss rate (败诉率, over the cases concluded by judgment, or all
concluded cases where params say so), the withdrawal rate, each target of the year against its
figure, and the same per defendant agency; cases and losses per matter (案由).

Every figure is computed on whole columns (numpy/pandas, no per-row Python), so a register of
a million cases takes well under a second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from audit.audits.litigation.register import OUTCOME_CODES, judgment_type, outcome_codes
from audit.core.numbers import natural_key, ratio

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

# Target of the year -> which way is better ("higher": the figure must reach it; "lower": stay within it).
TARGET_DIRECTIONS = {"head_appearance_rate": "higher", "loss_rate": "lower"}


def case_frame(register: Register) -> pd.DataFrame:
    """One row per case with the boolean fields every litigation figure is counted from.

    `outcome` and `judgment_type` are categoricals (register order), so counting a million
    cases compares small integer codes, not strings.
    """
    d = register.data
    outcome = outcome_codes(register)
    kind = judgment_type(register)
    hearing = d["hearing_held"].to_numpy(dtype=bool)
    appeared = hearing & d["head_appeared"].to_numpy(dtype=bool)
    role = pd.Categorical(d["head_role"], categories=("principal", "deputy")).codes
    concluded = outcome.ne("pending").to_numpy()
    return pd.DataFrame(
        {
            "case_id": d["case_id"],
            "defendant": d["defendant"],
            "matter": d["matter"].fillna(""),
            "outcome": outcome,
            "judgment_type": kind,
            "hearing": hearing,
            # a head's appearance counts only with the head's rank (SPC interpretation 法释〔2020〕3号)
            "head_appeared": appeared & (role >= 0),
            "without_rank": appeared & (role < 0),
            "hearing_on": d["hearing_on"],
            "principal": appeared & (role == 0),
            "deputy": appeared & (role == 1),
            "concluded": concluded,
            "judgment": concluded & kind.eq("judgment").to_numpy(),
            "lost": outcome.eq("lost").to_numpy(),
        },
        index=d.index,
    )


def _targets(out: dict[str, Any], params: Params) -> list[dict[str, Any]]:
    """Each litigation target of the year against the year's figure (met: None without a figure)."""
    checked = []
    for metric, direction in TARGET_DIRECTIONS.items():
        target = float(getattr(params.litigation.targets, metric))
        actual = out[metric]
        met = None if actual is None else (actual >= target if direction == "higher" else actual <= target)
        checked.append({"metric": metric, "direction": direction, "target": target, "actual": actual, "met": met})
    return checked


def compute(register: Register, params: Params) -> dict[str, Any]:
    """The ``litigation`` block of metrics.json for one year's register."""
    f = case_frame(register)
    outcomes = f["outcome"].value_counts()
    denominator = params.definitions.litigation.loss_rate.denominator
    out: dict[str, Any] = {
        "cases": int(len(f)),
        "hearings": int(f["hearing"].sum()),
        "head_appearances": int(f["head_appeared"].sum()),
        "principal_appearances": int(f["principal"].sum()),
        "deputy_appearances": int(f["deputy"].sum()),
        "concluded": int(f["concluded"].sum()),
        "pending": int((~f["concluded"]).sum()),
        "outcomes": {code: int(outcomes.get(code, 0)) for code in OUTCOME_CODES},
        "judgments": int(f["judgment"].sum()),
        "lost": int(f["lost"].sum()),
    }
    out["appearances_without_rank"] = int(f["without_rank"].sum())
    out["appearances_without_rank_cases"] = sorted(f.loc[f["without_rank"], "case_id"].tolist(), key=natural_key)
    out["head_appearance_rate"] = ratio(out["head_appearances"], out["hearings"])
    out["by_hearing_month"] = by_hearing_month(f)
    out["loss_rate_denominator"] = denominator
    out["loss_rate"] = ratio(out["lost"], out[denominator])
    out["withdrawal_rate"] = ratio(out["outcomes"]["withdrawn"], out["concluded"])
    out["targets"] = _targets(out, params)
    out["by_defendant"] = by_defendant(f, denominator)
    out["by_matter"] = by_matter(f)
    return out


def by_hearing_month(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Hearings with a hearing date (开庭日期), and the heads who appeared at them (with their rank), per month."""
    held = frame[frame["hearing"] & frame["hearing_on"].notna()]
    if held.empty:
        return []
    months = held["hearing_on"].dt.strftime("%Y-%m")
    grouped = held.assign(month=months).groupby("month", sort=True)
    return [
        {"month": month, "hearings": int(len(rows)), "head_appearances": int(rows["head_appeared"].sum())}
        for month, rows in grouped
    ]


def by_defendant(frame: pd.DataFrame, denominator: str) -> list[dict[str, Any]]:
    """Cases, hearings, head appearances and losses per defendant agency, most cases first.

    Ties are broken by the agency's name. `loss_rate` is over the agency's cases concluded by
    judgment, or all its concluded cases (`denominator`); `appearance_rate` over its hearings.
    """
    codes, names = pd.factorize(frame["defendant"], sort=False)
    k = len(names)

    def per_agency(column: str) -> np.ndarray:
        return np.bincount(codes, weights=frame[column].to_numpy(dtype="float64"), minlength=k).astype("int64")

    cases = np.bincount(codes, minlength=k)
    hearings, appeared = per_agency("hearing"), per_agency("head_appeared")
    losses = per_agency("lost")
    base = per_agency("judgment" if denominator == "judgments" else "concluded")
    order = sorted(range(k), key=lambda i: (-int(cases[i]), str(names[i])))
    return [
        {
            "defendant": str(names[i]),
            "cases": int(cases[i]),
            "hearings": int(hearings[i]),
            "head_appearances": int(appeared[i]),
            "losses": int(losses[i]),
            "loss_rate": ratio(int(losses[i]), int(base[i])),
            "appearance_rate": ratio(int(appeared[i]), int(hearings[i])),
        }
        for i in order
    ]


def by_matter(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Cases and losses per matter (案由; "" where not given), most cases first, ties by name."""
    codes, names = pd.factorize(frame["matter"], sort=False)
    cases = np.bincount(codes, minlength=len(names))
    losses = np.bincount(codes, weights=frame["lost"].to_numpy(dtype="float64"), minlength=len(names))
    order = sorted(range(len(names)), key=lambda i: (-int(cases[i]), str(names[i])))
    return [{"matter": str(names[i]), "cases": int(cases[i]), "losses": int(losses[i])} for i in order]


def outcome_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Cases per outcome and 结案方式 (as written or derived), in register order.

    Columns: outcome, judgment_type (NaN for pending cases), cases; only pairs that occur.
    """
    pairs = frame.groupby(["outcome", "judgment_type"], observed=True, dropna=False).size()
    return pairs.rename("cases").reset_index()
