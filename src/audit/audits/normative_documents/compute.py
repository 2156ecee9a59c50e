"""Normative documents (规范性文件备案审查) metrics (docs/metrics.md, "Normative documents").

`compute(register, params)` returns the ``normative_documents`` block of metrics.json.

What is counted where:

- "issued" are the register's documents issued in the audited year. The review, filing and
  publication figures are taken over them only: a document of an earlier year is in the
  register for the year's cleanup, and its review, filing and publication were the concern of
  the year it was issued (they are not counted again, nor held against this year).
- Each document issued is filed twice, with the city government (``city``) and with the district
  people's congress standing committee (``congress``). Each filing is, at the as-of date
  (params ``audit_date``): ``on_time`` (filed by its last day), ``late`` (filed after it),
  ``not_filed`` (no filing date, and the last day has passed) or ``not_yet_due`` (no filing date,
  the last day still to come). The on-time rates are over the filings due (on time + late + not
  filed): a filing whose time has not run out yet is neither on time nor late.
- The cleanup counts every document with a cleanup result, whatever year it was issued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from audit.audits.normative_documents.filing import days_between, deadlines
from audit.audits.normative_documents.register import BODIES, CLEANUP_CODES
from audit.core.numbers import natural_key, ratio

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

STATUSES = ("on_time", "late", "not_filed", "not_yet_due")


def document_frame(register: Register, params: Params) -> pd.DataFrame:
    """One row per document with what every figure is counted from.

    Columns: number, title, issuer, drafter ("" where blank), issued_on, issued (in the audited
    year), earlier (before it), reviewed, reviewed_on, published, published_on, cleanup_result,
    cleanup_batch ("" where blank), deadline (the last day to file; NaT for an earlier document),
    and per body ``<body>_filed_on``, ``<body>_status`` (one of STATUSES; None for an earlier
    document), ``<body>_days`` (issue to filing, in the limit's unit), ``<body>_days_late``
    (last day to filing) and ``<body>_days_overdue`` (last day to the as-of date, not filed).
    """
    d = register.data
    year = params.year
    as_of = pd.Timestamp(params.as_of)
    issued_on = d["issued_on"]
    issued = issued_on.dt.year.eq(year)
    deadline = deadlines(issued_on.where(issued), params)
    frame = pd.DataFrame(
        {
            "number": d["number"],
            "title": d["title"],
            "issuer": d["issuer"],
            "drafter": d["drafter"].fillna(""),
            "issued_on": issued_on,
            "issued": issued,
            "earlier": issued_on.dt.year.lt(year),
            "reviewed": d["reviewed"].astype(bool),
            "reviewed_on": d["reviewed_on"],
            "published": d["published"].astype(bool),
            "published_on": d["published_on"],
            "cleanup_result": d["cleanup_result"],
            "cleanup_batch": d["cleanup_batch"].fillna(""),
            "deadline": deadline,
        },
        index=d.index,
    )
    as_of_column = pd.Series(as_of, index=d.index, dtype=issued_on.dtype)
    for body, column in BODIES.items():
        filed_on = d[column]
        filed = filed_on.notna()
        status = np.select(
            [filed & (filed_on <= deadline), filed, deadline < as_of],
            ["on_time", "late", "not_filed"],
            "not_yet_due",
        )
        frame[f"{body}_filed_on"] = filed_on
        frame[f"{body}_status"] = pd.Series(status, index=d.index).where(issued, None)
        frame[f"{body}_days"] = days_between(issued_on, filed_on, params, filed=True).where(issued)
        frame[f"{body}_days_late"] = days_between(deadline, filed_on, params, filed=True).where(
            frame[f"{body}_status"].eq("late")
        )
        frame[f"{body}_days_overdue"] = days_between(deadline, as_of_column, params).where(
            frame[f"{body}_status"].eq("not_filed")
        )
    return frame


def _day(value: object) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _int(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


def _by_number(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Documents in the order of their numbers (仓政〔2020〕3号 before 仓政〔2020〕12号)."""
    return sorted(rows, key=lambda r: natural_key(r["number"]))


def _document(r: Any) -> dict[str, Any]:
    return {"number": r.number, "title": r.title, "issuer": r.issuer, "issued_on": _day(r.issued_on)}


def filing(frame: pd.DataFrame, body: str) -> dict[str, Any]:
    """The filings of the year's documents with one body: counts per status, the on-time rate, the exceptions."""
    issued = frame[frame["issued"]]
    status = issued[f"{body}_status"]
    counts = {s: int(status.eq(s).sum()) for s in STATUSES}
    due = counts["on_time"] + counts["late"] + counts["not_filed"]
    late = issued[status.eq("late")]
    not_filed = issued[status.eq("not_filed")]
    pending = issued[status.eq("not_yet_due")]
    return {
        **counts,
        "due": due,
        "on_time_rate": ratio(counts["on_time"], due),
        "late_documents": _by_number(
            [
                {
                    **_document(r),
                    "deadline": _day(r.deadline),
                    "filed_on": _day(getattr(r, f"{body}_filed_on")),
                    "days": _int(getattr(r, f"{body}_days")),
                    "days_late": _int(getattr(r, f"{body}_days_late")),
                }
                for r in late.itertuples()
            ]
        ),
        "not_filed_documents": _by_number(
            [
                {
                    **_document(r),
                    "deadline": _day(r.deadline),
                    "days_overdue": _int(getattr(r, f"{body}_days_overdue")),
                }
                for r in not_filed.itertuples()
            ]
        ),
        "not_yet_due_documents": _by_number(
            [{**_document(r), "deadline": _day(r.deadline)} for r in pending.itertuples()]
        ),
    }


def cleanup(frame: pd.DataFrame) -> dict[str, Any]:
    """Documents in the year's cleanups per result, whatever year they were issued, and per cleanup (清理项目)."""
    cleaned = frame[frame["cleanup_result"].notna()]
    results = cleaned["cleanup_result"].value_counts()
    batches = []
    for batch, rows in cleaned.groupby("cleanup_batch", sort=False):
        counts = rows["cleanup_result"].value_counts()
        batches.append(
            {
                "batch": str(batch),
                "documents": int(len(rows)),
                "results": {code: int(counts.get(code, 0)) for code in CLEANUP_CODES},
            }
        )
    return {
        "documents": int(len(cleaned)),
        "issued_earlier": int(cleaned["earlier"].sum()),
        "issued_this_year": int(cleaned["issued"].sum()),
        "results": {code: int(results.get(code, 0)) for code in CLEANUP_CODES},
        "batches": int(cleaned.loc[cleaned["cleanup_batch"].ne(""), "cleanup_batch"].nunique()),
        "by_batch": sorted(batches, key=lambda b: (-b["documents"], b["batch"])),
    }


def _on_time_both(issued: pd.DataFrame) -> pd.Series:
    return pd.concat([issued[f"{body}_status"].eq("on_time") for body in BODIES], axis=1).all(axis=1)


def by_group(frame: pd.DataFrame, column: str) -> list[dict[str, Any]]:
    """The year's documents per issuer or drafting unit: issued, reviewed, filed on time with both bodies, published.

    Most documents first, ties by name; "" where the register leaves the unit blank.
    """
    issued = frame[frame["issued"]].assign(on_time_both=lambda f: _on_time_both(f))
    rows = []
    for name, group in issued.groupby(column, sort=False):
        rows.append(
            {
                column: str(name),
                "issued": int(len(group)),
                "reviewed": int(group["reviewed"].sum()),
                "filed_on_time_both": int(group["on_time_both"].sum()),
                "published": int(group["published"].sum()),
            }
        )
    return sorted(rows, key=lambda r: (-r["issued"], r[column]))


def compute(register: Register, params: Params) -> dict[str, Any]:
    """The ``normative_documents`` block of metrics.json for one year's register."""
    f = document_frame(register, params)
    issued = f[f["issued"]]
    n = int(len(issued))
    settings = params.normative_documents
    out: dict[str, Any] = {
        "documents": int(len(f)),
        "issued": n,
        "earlier": int(f["earlier"].sum()),
        "reviewed": int(issued["reviewed"].sum()),
    }
    out["not_reviewed"] = n - out["reviewed"]
    out["review_rate"] = ratio(out["reviewed"], n)
    out["not_reviewed_documents"] = _by_number([_document(r) for r in issued[~issued["reviewed"]].itertuples()])
    out["filing_days"] = settings.filing_days
    out["filing_unit"] = settings.filing_unit
    out["filing"] = {body: filing(f, body) for body in BODIES}
    out["filed_on_time"] = sum(out["filing"][body]["on_time"] for body in BODIES)
    out["filings_due"] = sum(out["filing"][body]["due"] for body in BODIES)
    out["filed_on_time_rate"] = ratio(out["filed_on_time"], out["filings_due"])
    out["filed_on_time_both"] = int(_on_time_both(issued).sum())
    out["published"] = int(issued["published"].sum())
    out["not_published"] = n - out["published"]
    out["publication_rate"] = ratio(out["published"], n)
    out["not_published_documents"] = _by_number([_document(r) for r in issued[~issued["published"]].itertuples()])
    out["rate_basis"] = {
        "review_rate": {"numerator": out["reviewed"], "denominator": n},
        "filed_on_time_rate": {"numerator": out["filed_on_time"], "denominator": out["filings_due"]},
        "publication_rate": {"numerator": out["published"], "denominator": n},
    }
    out["cleanup"] = cleanup(f)
    out["by_issuer"] = by_group(f, "issuer")
    out["by_drafter"] = by_group(f, "drafter")
    return out
