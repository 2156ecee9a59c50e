"""Case-file review (行政执法案卷评查) metrics (docs/metrics.md, "Case-file review").

`compute(register, params)` returns the ``case_file_review`` block of metrics.json: files,
rounds and units reviewed; score statistics; grade counts and shares under the year's
standard; pass and legality rates; mean points lost per category; veto items found; and the
breakdowns by unit (with a competition ranking by mean score) and by round. Everything is
computed column-wise with pandas, so a register of a million files takes well under a second.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from audit.audits.case_file_review.register import deduction_column
from audit.core.numbers import ratio

if TYPE_CHECKING:
    from audit.audits.case_file_review.settings import CaseFileReviewParams
    from audit.core.params import Params
    from audit.registers import Register

_DIGITS = re.compile(r"(\d+)")


def file_scores(deductions: pd.DataFrame, score: pd.Series) -> pd.Series:
    """Each file's score before veto items: the register's score where given, else 100 − the
    sum of its deductions; floored at 0.

    Rounded to 6 decimals so that a sum of decimal deductions (2.1 + 3.2 + 4.7) does not fall
    a hair below a grade threshold.
    """
    computed = 100 - deductions.sum(axis=1, min_count=1)
    return score.fillna(computed).clip(lower=0).round(6).astype("float64")


def grade_index(score: pd.Series, standard: CaseFileReviewParams) -> np.ndarray:
    """Index into the standard's bands (0 = highest) of the first band whose minimum each score reaches."""
    mins = np.array([band.min for band in standard.grades], dtype="float64")[::-1]  # ascending
    ascending = np.searchsorted(mins, score.to_numpy(dtype="float64"), side="right") - 1
    return len(mins) - 1 - np.clip(ascending, 0, len(mins) - 1)


def file_frame(register: Register, params: Params) -> pd.DataFrame:
    """One row per reviewed file with what every case-file figure is built from.

    Columns: round, unit, case_id, case_type, the ``deduction_<category>`` columns, raw_score
    (before veto items), score (after), grade, grade_rank (0 = highest band), passed, vetoed,
    veto_items (tuple of codes) and findings. The reviewer is deliberately not carried over.
    """
    standard = params.case_file_review
    d = register.data
    columns = [deduction_column(c) for c in standard.categories]
    names = [band.name for band in standard.grades]
    raw = file_scores(d[columns], d["score"])
    veto = d["veto_items"]
    vetoed = veto.to_numpy().astype(bool)  # a non-empty tuple of codes; () and None are false
    rank = grade_index(raw, standard)
    lowest = len(names) - 1
    if standard.veto_effect == "fail":
        score = raw.where(~vetoed, 0.0)
        rank = np.where(vetoed, lowest, rank)
    else:
        score = raw
        rank = np.where(vetoed, np.maximum(rank, names.index(standard.veto_cap_grade)), rank)
    frame = pd.DataFrame(
        {
            "round": pd.Categorical(d["round"]),  # factorized once: every breakdown groups on them
            "unit": pd.Categorical(d["unit"]),
            "case_id": d["case_id"],
            "case_type": d["case_type"],
            **{c: d[c] for c in columns},
            "raw_score": raw,
            "score": score,
            "grade_rank": rank,
        }
    )
    frame["grade"] = pd.Categorical.from_codes(rank, categories=names)
    frame["passed"] = rank <= names.index(standard.pass_grade)
    frame["vetoed"] = vetoed
    frame["veto_items"] = veto.where(pd.Series(vetoed, index=veto.index), None)
    frame["findings"] = d["findings"]
    return frame


def round_order(rounds: Iterable[str]) -> list[str]:
    """Distinct round names in natural order (``2020-2`` before ``2020-10``)."""

    def key(name: str) -> list[tuple[int, int | str]]:
        return [(0, int(p)) if p.isdigit() else (1, p) for p in _DIGITS.split(name) if p]

    return sorted(set(rounds), key=key)


def _stats(score: pd.Series) -> dict[str, float | None]:
    if score.empty:
        return {"mean": None, "median": None, "min": None, "max": None}
    return {
        "mean": float(score.mean()),
        "median": float(score.median()),
        "min": float(score.min()),
        "max": float(score.max()),
    }


def _grade_counts(grade: pd.Series, names: list[str]) -> dict[str, int]:
    counts = grade.value_counts()
    return {name: int(counts.get(name, 0)) for name in names}


def compute(register: Register, params: Params) -> dict[str, Any]:
    """The ``case_file_review`` block of metrics.json for one year's register."""
    standard = params.case_file_review
    names = [band.name for band in standard.grades]
    f = file_frame(register, params)
    files = int(len(f))
    veto_files = int(f["vetoed"].sum())
    grades = _grade_counts(f["grade"], names)
    out: dict[str, Any] = {
        "files": files,
        "rounds": int(f["round"].nunique()),
        "units": int(f["unit"].nunique()),
        "score": _stats(f["score"]),
        "grades": grades,
        "grade_shares": {name: ratio(n, files) for name, n in grades.items()},
        "passed": int(f["passed"].sum()),
        "pass_rate": ratio(int(f["passed"].sum()), files),
        "veto_files": veto_files,
        "legality_rate": ratio(files - veto_files, files),
        "category_deductions": category_deductions(f, standard),
        "top_veto_items": top_veto_items(f, standard),
        "by_unit": by_unit(f, names),
        "by_round": by_round(f),
    }
    return out


def category_deductions(frame: pd.DataFrame, standard: CaseFileReviewParams) -> dict[str, float | None]:
    """Mean points lost per file in each category, over the files whose deductions are recorded
    (a file given only a score has no breakdown); None where no file has one."""
    out: dict[str, float | None] = {}
    for code in standard.categories:
        values = frame[deduction_column(code)].dropna()
        out[code] = float(values.mean()) if len(values) else None
    return out


def top_veto_items(frame: pd.DataFrame, standard: CaseFileReviewParams) -> list[dict[str, Any]]:
    """Every veto item found, with the number of files it was found in; most frequent first."""
    items = frame.loc[frame["vetoed"], "veto_items"].map(lambda codes: tuple(dict.fromkeys(codes)))
    counts = items.explode().value_counts()
    records = [
        {"code": str(code), "label": standard.veto_items.get(code, str(code)), "count": int(n)}
        for code, n in counts.items()
    ]
    return sorted(records, key=lambda r: (-r["count"], r["code"]))


def by_unit(frame: pd.DataFrame, names: list[str]) -> list[dict[str, Any]]:
    """Files, mean score, pass rate, veto files and grade counts per unit, ranked by mean score.

    Ties share a rank (competition ranking: 1, 2, 2, 4); the list is sorted by rank, then unit.
    """
    if frame.empty:
        return []
    unit = pd.Categorical(frame["unit"])
    grouped = (
        frame.assign(unit=unit)
        .groupby("unit", sort=False, observed=False)
        .agg(
            files=("score", "size"),
            mean_score=("score", "mean"),
            passed=("passed", "sum"),
            veto_files=("vetoed", "sum"),
        )
        .reindex(unit.categories)
    )
    bands = len(names)
    # codes are int8 for up to 127 units: widen before multiplying, or 32 units × 4 bands overflow
    grades = np.bincount(
        unit.codes.astype("int64") * bands + frame["grade_rank"].to_numpy(), minlength=len(unit.categories) * bands
    ).reshape(-1, bands)
    rank = grouped["mean_score"].round(9).rank(method="min", ascending=False)
    records = [
        {
            "unit": str(name),
            "files": int(files),
            "mean_score": float(mean),
            "pass_rate": ratio(int(passed), int(files)),
            "veto_files": int(vetoes),
            "grades": dict(zip(names, map(int, counts))),
            "rank": int(r),
        }
        for name, files, mean, passed, vetoes, counts, r in zip(
            grouped.index,
            grouped["files"],
            grouped["mean_score"],
            grouped["passed"],
            grouped["veto_files"],
            grades,
            rank,
        )
        if files
    ]
    return sorted(records, key=lambda r: (r["rank"], r["unit"]))


def by_round(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Files, mean score and pass rate of each review round, in round order."""
    grouped = frame.groupby("round", sort=False, observed=True).agg(
        files=("score", "size"), mean_score=("score", "mean"), passed=("passed", "sum")
    )
    return [
        {
            "round": str(name),
            "files": int(grouped.at[name, "files"]),
            "mean_score": float(grouped.at[name, "mean_score"]),
            "pass_rate": ratio(int(grouped.at[name, "passed"]), int(grouped.at[name, "files"])),
        }
        for name in round_order(grouped.index)
    ]
