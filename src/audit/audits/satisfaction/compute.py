"""Enforcement satisfaction (行政执法满意度) metrics.

`compute(register, params)` returns the ``satisfaction`` block of metrics.json: how many were
surveyed, how many of them count (answers of no opinion left out, as params say), how many were
satisfied, the satisfaction rate (满意率 = satisfied ÷ respondents counted) against the year's
target, and the same per unit surveyed, per month and per survey method; the units below the
target; and the exceptions an auditor follows up: each response that was not satisfied (by row,
case number and unit: never by the respondent, whose name no figure reads), or, in a
per-survey register, each survey with its own rate.

A per-response register counts each row as one respondent; a per-survey register adds up its
rows' 调查人数 and 满意人数 (:mod:`.register`). Figures are computed on whole columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from audit.audits.satisfaction.register import ANSWER_CODES, METHOD_CODES, answers, shape
from audit.core.numbers import ratio
from audit.registers.load import ROW

if TYPE_CHECKING:
    from audit.audits.satisfaction.settings import SatisfactionParams
    from audit.core.params import Params
    from audit.registers import Register

# The definitions of satisfied a mismatched published rate is tried under (definition_variants):
# the usual three, each with answers of no opinion left out or counted.
SATISFIED_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("very_satisfied", "satisfied"),
    ("very_satisfied", "satisfied", "fairly_satisfied"),
    ("very_satisfied", "satisfied", "fairly_satisfied", "neutral"),
)
NOT_COUNTED_VARIANTS: tuple[tuple[str, ...], ...] = (("no_opinion",), ())


def count_frame(register: Register, settings: SatisfactionParams) -> pd.DataFrame:
    """One row per register row: who it counts (responses, respondents counted, satisfied) and where.

    A response is 1 person (0 respondents where its answer is not counted); a survey row is its
    调查人数 and 满意人数. `answer` is the response's answer (NaN on survey rows).
    """
    d = register.data
    if shape(register) == "surveys":
        people = d["respondents"].fillna(0).to_numpy(dtype="int64")
        responses, counted = people, people
        satisfied = d["satisfied"].fillna(0).to_numpy(dtype="int64")
        answer = pd.Series(pd.Categorical([None] * len(d), categories=ANSWER_CODES), index=d.index)
    else:
        answer = answers(register)
        responses = np.ones(len(d), dtype="int64")
        counted = (~answer.isin(settings.not_counted_answers)).to_numpy(dtype="int64")
        satisfied = answer.isin(settings.satisfied_answers).to_numpy(dtype="int64") * counted
    return pd.DataFrame(
        {
            "row": d[ROW].to_numpy(),
            "unit": d["unit"],
            "surveyed_on": d["surveyed_on"],
            "month": d["surveyed_on"].dt.strftime("%Y-%m"),
            "method": d["method"],
            "survey_id": d["survey_id"],
            "case_id": d["case_id"],
            "comment": d["comment"],
            "answer": answer,
            "responses": responses,
            "respondents": counted,
            "satisfied": satisfied,
        },
        index=d.index,
    )


def _met(rate: float | None, target: float) -> bool | None:
    return None if rate is None else rate >= target


def _sums(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Responses, respondents and satisfied per value of `key` (NaN keys dropped)."""
    return frame.groupby(key, sort=False, observed=True)[["responses", "respondents", "satisfied"]].sum()


def _group(name: str, value: Any, sums: pd.Series, target: float | None = None) -> dict[str, Any]:
    respondents, satisfied = int(sums["respondents"]), int(sums["satisfied"])
    record: dict[str, Any] = {
        name: value,
        "responses": int(sums["responses"]),
        "not_counted": int(sums["responses"]) - respondents,
        "respondents": respondents,
        "satisfied": satisfied,
        "rate": ratio(satisfied, respondents),
    }
    if target is not None:
        record["met"] = _met(record["rate"], target)
    return record


def by_unit(frame: pd.DataFrame, target: float) -> list[dict[str, Any]]:
    """Each unit surveyed against the target, weakest first (no rate last; ties: most respondents, then name)."""
    records = [_group("unit", str(unit), sums, target) for unit, sums in _sums(frame, "unit").iterrows()]
    return sorted(
        records,
        key=lambda r: (r["rate"] is None, r["rate"] if r["rate"] is not None else 0.0, -r["respondents"], r["unit"]),
    )


def by_month(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Responses, respondents, satisfied and the rate per month of the survey date, in order."""
    return [_group("month", str(month), sums) for month, sums in _sums(frame, "month").sort_index().iterrows()]


def by_method(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The same per survey method, in the register's order of methods; `method` null where not given."""
    method = pd.Categorical(frame["method"], categories=METHOD_CODES)
    sums = _sums(frame.assign(method=method.add_categories("").fillna("")), "method")
    order = [m for m in (*METHOD_CODES, "") if m in sums.index]
    return [_group("method", m or None, sums.loc[m]) for m in order]


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _date(value: Any) -> str | None:
    return None if pd.isna(value) else value.date().isoformat()


def by_survey(frame: pd.DataFrame, target: float) -> list[dict[str, Any]]:
    """Each survey of a per-survey register with its rate against the target, by date (then row)."""
    rows = frame.sort_values(["surveyed_on", "row"], kind="stable")
    records = []
    for r in rows.itertuples(index=False):
        rate = ratio(int(r.satisfied), int(r.respondents))
        records.append(
            {
                "row": int(r.row),
                "survey_id": _text(r.survey_id),
                "unit": str(r.unit),
                "surveyed_on": _date(r.surveyed_on),
                "method": _text(r.method),
                "respondents": int(r.respondents),
                "satisfied": int(r.satisfied),
                "rate": rate,
                "met": _met(rate, target),
            }
        )
    return records


def not_satisfied_responses(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Each counted response that was not satisfied, by date (then row): where it is, never who gave it.

    Its case number and comment stay in the register (they can identify the respondent): the
    list says only whether the response follows up a case and whether it has a comment, and
    the auditor reads them at its row.
    """
    missed = frame[(frame["respondents"] > 0) & (frame["satisfied"] == 0)]
    missed = missed.sort_values(["surveyed_on", "row"], kind="stable")
    return [
        {
            "row": int(r.row),
            "survey_id": _text(r.survey_id),
            "unit": str(r.unit),
            "surveyed_on": _date(r.surveyed_on),
            "method": _text(r.method),
            "answer": str(r.answer),
            "follows_case": _text(r.case_id) is not None,
            "commented": _text(r.comment) is not None,
        }
        for r in missed.itertuples(index=False)
    ]


def definition_variants(frame: pd.DataFrame, settings: SatisfactionParams) -> list[dict[str, Any]]:
    """The rate's numerator and denominator under each usual definition of satisfied (and the params' own)."""
    definitions = [(s, n) for s in SATISFIED_VARIANTS for n in NOT_COUNTED_VARIANTS]
    own = (tuple(settings.satisfied_answers), tuple(settings.not_counted_answers))
    if own not in definitions:
        definitions.append(own)
    variants = []
    for satisfied_answers, not_counted_answers in definitions:
        counted = ~frame["answer"].isin(not_counted_answers)
        satisfied = counted & frame["answer"].isin(satisfied_answers)
        variants.append(
            {
                "satisfied_answers": list(satisfied_answers),
                "not_counted_answers": list(not_counted_answers),
                "numerator": int(satisfied.sum()),
                "denominator": int(counted.sum()),
            }
        )
    return variants


def compute(register: Register, params: Params) -> dict[str, Any]:
    """The ``satisfaction`` block of metrics.json for one year's register."""
    settings: SatisfactionParams = params.satisfaction
    target = float(settings.target_rate)
    kind = shape(register)
    f = count_frame(register, settings)
    out: dict[str, Any] = {
        "shape": kind,
        "satisfied_answers": list(settings.satisfied_answers),
        "not_counted_answers": list(settings.not_counted_answers),
        "target_rate": target,
        "surveys": int(len(f)) if kind == "surveys" else None,
        "responses": int(f["responses"].sum()),
        "respondents": int(f["respondents"].sum()),
        "satisfied": int(f["satisfied"].sum()),
    }
    out["not_counted"] = out["responses"] - out["respondents"]
    out["not_satisfied"] = out["respondents"] - out["satisfied"]
    out["rate"] = ratio(out["satisfied"], out["respondents"])
    out["met"] = _met(out["rate"], target)
    counts = f["answer"].value_counts()
    out["answers"] = {code: int(counts.get(code, 0)) for code in ANSWER_CODES} if kind == "responses" else {}
    units = by_unit(f, target)
    below = [u["unit"] for u in units if u["met"] is False]
    out["units"] = len(units)
    out["units_below_target"] = len(below)
    out["units_below_target_names"] = below
    out["by_unit"] = units
    out["by_month"] = by_month(f)
    out["by_method"] = by_method(f)
    out["by_survey"] = by_survey(f, target) if kind == "surveys" else []
    out["not_satisfied_responses"] = not_satisfied_responses(f) if kind == "responses" else []
    out["definition_variants"] = {"rate": definition_variants(f, settings)} if kind == "responses" else {}
    return out
