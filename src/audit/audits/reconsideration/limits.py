"""The time limits of each reconsideration case, counted as the law counts them (../shared/LAW.md).

- Decision: within `decision_days` of acceptance under the ordinary procedure, `extension_days`
  more where extended, `simplified_days` under the simplified procedure (2023 text art. 62; the
  1999 text art. 31, one limit for every case). The days of a suspension (中止, 2023 text art. 39)
  are not counted: the limit runs from acceptance plus the suspended days, to the resumption or,
  for a case still suspended, to the as-of date. The last day, a rest day, moves to the next
  working day (the Civil Procedure Law's rule on periods, which both texts apply).
- Acceptance review: the decision whether to accept within `acceptance_review_days` working days
  of receipt (2023 text art. 30; 1999 text art. 17 with art. 40), the working days from the
  request to correct the materials (补正) to their supply not counted (2023 text art. 31).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from audit.registers.schema import Choice

if TYPE_CHECKING:
    from audit.core.params import Params

PROCEDURES = (
    Choice("ordinary", "ordinary procedure", ("普通程序", "普通")),
    Choice("simplified", "simplified procedure", ("简易程序", "简易")),
)
PROCEDURE_CODES = tuple(c.code for c in PROCEDURES)


def timeline(d: pd.DataFrame, params: Params, strict: bool = True) -> pd.DataFrame:
    """Per case (rows of `d`, a register's typed data): procedure, limit, suspension, deadline, acceptance review.

    Columns: ``procedure``, ``limit_days`` (calendar days), ``suspended``, ``suspended_days``, ``still_suspended``
    (at the as-of date), ``deadline`` (the last day for the decision), ``review_days`` (working days
    from receipt to acceptance, correction excluded; NaN where not accepted) and ``review_due`` (the
    last day for the acceptance decision, the correction's working days added). A count that needs
    a day of a year the calendar does not know raises UncoveredYear; with `strict` False it is NaT/NaN.
    """
    settings = params.reconsideration
    calendar = params.calendar.calendar()
    procedure = d["procedure"].fillna("ordinary")
    extended = d["extended"].astype(bool)
    limit = pd.Series(
        np.where(
            procedure.eq("simplified"),
            settings.simplified_days,
            settings.decision_days + settings.extension_days * extended,
        ),
        index=d.index,
    ).astype("int64")
    suspended_on, resumed_on = d["suspended_on"], d["resumed_on"]
    still = suspended_on.notna() & resumed_on.isna()
    until = resumed_on.where(resumed_on.notna(), pd.Timestamp(params.as_of))
    suspended = (until - suspended_on).dt.days.where(suspended_on.notna(), 0).clip(lower=0).fillna(0).astype("int64")
    deadline = calendar.add_days(d["accepted_on"] + pd.to_timedelta(suspended, unit="D"), limit, strict)
    accepted = d["accepted_on"].notna()
    review = calendar.working_days_between(d["received_on"], d["accepted_on"], strict)
    correcting = (
        calendar.working_days_between(d["correction_requested_on"], d["correction_supplied_on"], strict)
        .fillna(0)
        .astype("int64")
    )
    review_due = pd.Series(pd.NaT, index=d.index, dtype=d["received_on"].dtype)
    for extra in sorted(set(correcting[accepted])):  # one count per number of working days spent correcting
        rows = accepted & correcting.eq(extra)
        review_due[rows] = calendar.add_working_days(
            d["received_on"][rows], settings.acceptance_review_days + int(extra), strict
        )
    return pd.DataFrame(
        {
            "procedure": procedure,
            "limit_days": limit,
            "suspended": suspended_on.notna(),
            "suspended_days": suspended,
            "still_suspended": still,
            "deadline": deadline,
            "review_days": review - correcting,
            "review_due": review_due,
        },
        index=d.index,
    )
