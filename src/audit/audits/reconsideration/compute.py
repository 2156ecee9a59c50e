"""Administrative reconsideration (行政复议) metrics (docs/metrics.md, "Reconsideration").

`compute(register, params)` returns the ``reconsideration`` block of metrics.json: intake
counts, outcomes, groups, the six rates over their configured denominators, timeliness against
the statutory limit, and breakdowns by respondent and matter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from audit.audits.reconsideration.limits import PROCEDURE_CODES, timeline
from audit.audits.reconsideration.register import INTAKE, OUTCOMES
from audit.audits.reconsideration.settings import DENOMINATORS, SCOPES
from audit.core.numbers import natural_key, ratio

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

INTAKE_CODES = tuple(c.code for c in INTAKE)
OUTCOME_CODES = tuple(c.code for c in OUTCOMES)
DIRECT_CORRECTIONS = ("revoked", "varied", "confirmed_illegal", "ordered_to_perform", "confirmed_void")
RATES = {
    "acceptance_rate": "accepted",
    "correction_rate": "direct_corrections",
    "comprehensive_correction_rate": "comprehensive_corrections",
    "mediation_success_rate": "mediated",
    "upheld_rate": "upheld_or_dismissed",
    "closure_rate": "concluded",
}


def case_frame(register: Register, params: Params) -> pd.DataFrame:
    """One row per case with the derived fields every reconsideration figure is built from."""
    d = register.data
    frame = pd.DataFrame(
        {
            "case_id": d["case_id"],
            "respondent": d["respondent"],
            "matter": d["matter"].fillna(""),
            "carried_over": d["carried_over"].astype(bool),
            "intake": d["intake"],
            "outcome": d["outcome"].fillna("pending"),
            "received_on": d["received_on"],
            "accepted_on": d["accepted_on"],
            "decided_on": d["decided_on"],
            "extended": d["extended"].astype(bool),
        }
    )
    frame["accepted"] = ~frame["carried_over"] & frame["intake"].eq("accepted")  # accepted this year
    frame["under_review"] = frame["carried_over"] | frame["accepted"]
    frame["concluded"] = frame["under_review"] & frame["outcome"].ne("pending")
    frame["pending"] = frame["under_review"] & ~frame["concluded"]
    frame["direct_correction"] = frame["concluded"] & frame["outcome"].isin(DIRECT_CORRECTIONS)
    limits = timeline(d, params)
    frame = frame.join(limits)
    # days to decision, the days of a suspension not counted
    elapsed = (frame["decided_on"] - frame["accepted_on"]).dt.days - frame["suspended_days"]
    frame["days"] = elapsed.where(frame["concluded"])
    frame["overdue"] = frame["concluded"] & (frame["decided_on"] > frame["deadline"])
    as_of = pd.Timestamp(params.as_of)
    frame["open_days"] = ((as_of - frame["accepted_on"]).dt.days - frame["suspended_days"]).where(frame["pending"])
    frame["open_overdue"] = frame["pending"] & ~frame["still_suspended"] & (as_of > frame["deadline"])
    frame["reviewed"] = frame["accepted"] & frame["review_due"].notna()
    frame["review_late"] = frame["reviewed"] & (frame["accepted_on"] > frame["review_due"])
    return frame


# What next year's register must carry over of a case pending at the end of the year (the roll-forward check).
CARRIED_FIELDS = ("received_on", "accepted_on", "respondent", "matter", "procedure", "extended")


def pending_cases(register: Register, frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The cases pending at the as-of date with the fields next year's register must carry over unchanged."""
    pending = frame["pending"].to_numpy()
    d = register.data[pending]
    cases = []
    for row in d.to_dict("records"):
        case: dict[str, Any] = {"case_id": row["case_id"]}
        for name in CARRIED_FIELDS:
            case[name] = carried_value(row[name])
        cases.append(case)
    return sorted(cases, key=lambda c: natural_key(c["case_id"]))


def carried_value(value: Any) -> Any:
    """A register value as metrics.json keeps it for the roll-forward check: ISO dates, plain bools, None for blank."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return value


def _summary_days(days: pd.Series) -> dict[str, float | None]:
    if days.empty:
        return {"median": None, "p90": None, "max": None}
    return {
        "median": float(days.median()),
        "p90": float(days.quantile(0.9, interpolation="linear")),
        "max": int(days.max()),
    }


def compute(register: Register, params: Params) -> dict[str, Any]:
    """The ``reconsideration`` block of metrics.json for one year's register."""
    f = case_frame(register, params)
    new = f[~f["carried_over"]]
    review = f[f["under_review"]]
    intake = new["intake"].value_counts()
    outcomes = review["outcome"].value_counts()
    out: dict[str, Any] = {
        "received": int(len(new)),
        "carried_over": int(f["carried_over"].sum()),
    }
    out.update({code: int(intake.get(code, 0)) for code in INTAKE_CODES})
    out["under_review"] = int(len(review))
    out["outcomes"] = {code: int(outcomes.get(code, 0)) for code in OUTCOME_CODES}
    out["concluded"] = int(review["concluded"].sum())
    out["pending"] = int(review["pending"].sum())
    out["pending_cases"] = pending_cases(register, f)
    o = out["outcomes"]
    out["upheld_or_dismissed"] = o["upheld"] + o["dismissed"]
    out["direct_corrections"] = sum(o[c] for c in DIRECT_CORRECTIONS)
    out["comprehensive_corrections"] = out["direct_corrections"] + o["withdrawn_after_correction"]
    out["mediated"] = o["mediated"] + o["withdrawn_after_mediation"]
    definitions = params.definitions.reconsideration
    out["rate_basis"] = {}
    out["definition_variants"] = {}
    numerators = _numerators(f)
    for rate, numerator in RATES.items():
        variants = {
            (over, scope): rate_counts(f, numerators[numerator], over, scope)
            for over in DENOMINATORS
            for scope in SCOPES
        }
        counted, total = variants[(definitions.denominator(rate), definitions.scope(rate))]
        out["rate_basis"][rate] = {"numerator": counted, "denominator": total}
        out[rate] = ratio(counted, total)
        out["definition_variants"][rate] = [
            {"over": over, "scope": scope, "numerator": n, "denominator": d}
            for (over, scope), (n, d) in variants.items()
        ]
    concluded = f[f["concluded"]]
    out["days_to_decision"] = _summary_days(concluded["days"])
    out["overdue"] = int(concluded["overdue"].sum())
    overdue_share = ratio(out["overdue"], out["concluded"])
    out["on_time_rate"] = None if overdue_share is None else 1 - overdue_share
    out["open_overdue"] = int(f["open_overdue"].sum())
    out["settled"] = o["settled"]
    out.update(timeliness(f, params, register.unit_names(params.reconsideration.reviewing_body)))
    out["by_respondent"] = by_respondent(f, definitions.denominator("correction_rate"))
    out["by_matter"] = [
        {"matter": m, "cases": int(n)}
        for m, n in sorted(f["matter"].value_counts().items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return out


def _by_case(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cases in the order of their case numbers (the register's row order does not matter)."""
    return sorted(cases, key=lambda case: natural_key(case["case_id"]))


def _day(value: pd.Timestamp) -> str | None:
    return None if pd.isna(value) else value.date().isoformat()


def timeliness(frame: pd.DataFrame, params: Params, reviewing_body: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The limits as the law counts them: per procedure, the acceptance review, and the cases past them.

    Lists name cases by case number only. `jurisdiction_warnings`: cases whose respondent is the
    reviewing government itself (`reviewing_body`: params ``reconsideration.reviewing_body`` as the
    register writes units, canonical names where the year has a list of units), which its own
    register cannot hold.
    """
    settings = params.reconsideration
    if reviewing_body is None:
        reviewing_body = settings.reviewing_body
    law = settings.law_for(params.year)
    review = frame[frame["under_review"]]
    concluded = frame[frame["concluded"]]
    procedures: dict[str, Any] = {}
    for code in PROCEDURE_CODES:
        cases = review[review["procedure"].eq(code)]
        if code != "ordinary" and cases.empty:
            continue
        done = cases[cases["concluded"]]
        overdue = int(done["overdue"].sum())
        procedures[code] = {
            "limit_days": settings.simplified_days if code == "simplified" else settings.decision_days,
            "extension_days": 0 if code == "simplified" else settings.extension_days,
            "cases": int(len(cases)),
            "concluded": int(len(done)),
            "overdue": overdue,
            "on_time_rate": None if done.empty else 1 - overdue / len(done),
            "open_overdue": int(cases["open_overdue"].sum()),
        }
    reviewed = frame[frame["reviewed"]]
    late_review = reviewed[reviewed["review_late"]]
    return {
        "law": law,
        "limit_unit": "calendar_days_rolled",
        "procedures": procedures,
        "suspended": int(review["suspended"].sum()),
        "still_suspended": int(review["still_suspended"].sum()),
        "overdue_cases": _by_case(
            [
                {
                    "case_id": r.case_id,
                    "procedure": r.procedure,
                    "accepted_on": _day(r.accepted_on),
                    "decided_on": _day(r.decided_on),
                    "deadline": _day(r.deadline),
                    "limit_days": int(r.limit_days),
                    "suspended_days": int(r.suspended_days),
                    "days": int(r.days),
                }
                for r in concluded[concluded["overdue"]].itertuples()
            ]
        ),
        "open_overdue_cases": _by_case(
            [
                {
                    "case_id": r.case_id,
                    "procedure": r.procedure,
                    "accepted_on": _day(r.accepted_on),
                    "deadline": _day(r.deadline),
                    "limit_days": int(r.limit_days),
                    "suspended_days": int(r.suspended_days),
                    "days": int(r.open_days),
                }
                for r in frame[frame["open_overdue"]].itertuples()
            ]
        ),
        "acceptance_review": {
            "limit_working_days": settings.acceptance_review_days,
            "reviewed": int(len(reviewed)),
            "late": int(len(late_review)),
            "on_time_rate": None if reviewed.empty else 1 - len(late_review) / len(reviewed),
        },
        "late_acceptance_cases": _by_case(
            [
                {
                    "case_id": r.case_id,
                    "received_on": _day(r.received_on),
                    "accepted_on": _day(r.accepted_on),
                    "due": _day(r.review_due),
                    "working_days": int(r.review_days),
                }
                for r in late_review.itertuples()
            ]
        ),
        "jurisdiction_warnings": sorted(
            frame.loc[frame["respondent"].isin(reviewing_body), "case_id"].tolist(), key=natural_key
        ),
    }


def population(frame: pd.DataFrame, denominator: str) -> pd.Series:
    """The cases a rate is taken over: its denominator's cases.

    Its numerator counts the year's cases (``numerator_scope: year``, how annual reports count:
    a carried-over case mediated this year counts toward this year's mediation rate, which can
    then exceed the share of this year's acceptances) or only these (``within``, a rate in [0, 1]).
    """
    if denominator == "received":
        return ~frame["carried_over"]
    return frame[{"accepted": "accepted", "under_review": "under_review", "concluded": "concluded"}[denominator]]


def rate_counts(frame: pd.DataFrame, numerator: pd.Series, over: str, scope: str) -> tuple[int, int]:
    """A rate's numerator and denominator: its cases over the denominator `over`, counted by `scope`.

    ``year``: every case of the year the numerator counts (a carried-over case concluded this
    year included); ``within``: only those among the denominator's cases.
    """
    cases = population(frame, over)
    counted = numerator if scope == "year" else numerator & cases
    return int(counted.sum()), int(cases.sum())


def _numerators(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """For each rate's numerator, which cases it counts (a rate counts them among its denominator's cases)."""
    outcome = frame["outcome"].where(frame["concluded"], "pending")
    return {
        "accepted": frame["accepted"],
        "concluded": frame["concluded"],
        "upheld_or_dismissed": outcome.isin(("upheld", "dismissed")),
        "direct_corrections": outcome.isin(DIRECT_CORRECTIONS),
        "comprehensive_corrections": outcome.isin((*DIRECT_CORRECTIONS, "withdrawn_after_correction")),
        "mediated": outcome.isin(("mediated", "withdrawn_after_mediation")),
    }


def by_respondent(frame: pd.DataFrame, denominator: str) -> list[dict[str, Any]]:
    """Cases and direct corrections per respondent agency, most cases first.

    The correction rate is taken over the respondent's cases of the configured denominator,
    its direct corrections counted among those cases.
    """
    base = population(frame, denominator)
    grouped = (
        pd.DataFrame(
            {
                "respondent": frame["respondent"],
                "cases": 1,
                "direct_corrections": frame["direct_correction"].astype(int),
                "counted": (frame["direct_correction"] & base).astype(int),
                "base": base.astype(int),
            }
        )
        .groupby("respondent", sort=False)
        .sum()
    )
    records = [
        {
            "respondent": name,
            "cases": int(row.cases),
            "direct_corrections": int(row.direct_corrections),
            "correction_rate": ratio(row.counted, row.base),
        }
        for name, row in grouped.iterrows()
    ]
    return sorted(records, key=lambda r: (-r["cases"], -r["direct_corrections"], r["respondent"]))


def monthly_intake(register: Register) -> pd.DataFrame:
    """Applications received this year per calendar month (1–12) and intake result."""
    d = register.data[~register.data["carried_over"].astype(bool)]
    table = pd.crosstab(d["received_on"].dt.month, d["intake"])
    return table.reindex(index=range(1, 13), columns=list(INTAKE_CODES), fill_value=0).astype(int)
