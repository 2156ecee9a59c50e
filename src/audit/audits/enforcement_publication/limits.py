"""When each enforcement decision was due to be published, and whether it was (LAW.md, "Enforcement").

The limit is counted in working days from the decision, the day of the decision not counted
(国办发〔2018〕118号: 7 working days for licences and penalties, 20 for other decisions; params
``enforcement_publication.limits``), on the State Council's holiday arrangements with their
make-up working days (:mod:`audit.core.calendar`, params ``calendar:``). The last day is the
limit-th working day after the decision (:meth:`~audit.core.calendar.Calendar.add_working_days`).

Each decision is in exactly one of four states:

- ``on_time``: published on or before its last day;
- ``late``: published after its last day;
- ``unpublished``: no publication date, and its last day is before the as-of date (params
  ``audit_date``): the limit has run out without a publication;
- ``not_yet_due``: no publication date, and its last day is the as-of date or after it (a
  decision of the last days of the year whose limit runs into the next): it can still be
  published in time, so it is neither late nor on time, and no rate counts it — as a
  reconsideration case open on its last day is not yet overdue.

A publication date is taken as the register gives it, also when it is after the as-of date (a
register compiled in January records the publications of late-December decisions): the as-of
date decides only for a decision without one.

The working days taken (`delay`) are counted from the decision to its publication; a
publication on a rest day counts as made on the next working day (the period has ended with the
last working day, so a publication on the Saturday after it is late: the limit plus one), and a
publication on the day of the decision takes 0. So a decision is late exactly when its delay is
more than its limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from audit.audits.enforcement_publication.settings import KINDS

if TYPE_CHECKING:
    from audit.core.params import Params

STATES = ("on_time", "late", "unpublished", "not_yet_due")


def timeline(d: pd.DataFrame, params: Params, strict: bool = True) -> pd.DataFrame:
    """Per decision (rows of `d`, a register's typed data): its limit, last day, delay and state.

    Columns: ``limit`` (working days; NaN where the kind is not known), ``deadline`` (the last
    day to publish), ``delay`` (working days taken to publish; NaN if unpublished), ``elapsed``
    (working days from the decision to the as-of date, for a decision not published; else NaN)
    and ``state`` (a categorical of :data:`STATES`; NaN where the deadline cannot be known). A count that
    needs a day of a year the calendar does not know raises UncoveredYear; with `strict` False
    it gives NaT/NaN instead.
    """
    calendar = params.calendar.calendar()
    limits = params.enforcement_publication.limits
    decided, published = d["decided_on"], d["published_on"]
    kind = pd.Categorical(d["kind"], categories=KINDS).codes  # -1 where the kind is not known
    limit = pd.Series(np.nan, index=d.index)
    deadline = pd.Series(pd.NaT, index=d.index, dtype=decided.dtype)
    for code, name in enumerate(KINDS):
        rows = (kind == code) & decided.notna().to_numpy()
        if rows.any():
            limit[rows] = limits.of(name)
            deadline[rows] = calendar.add_working_days(decided[rows], limits.of(name), strict)
    valid = published.notna() & decided.notna() & (published >= decided)
    counted = pd.Series(np.nan, index=d.index)
    if valid.any():
        rolled = calendar.roll_forward(published[valid], strict)
        counted[valid] = calendar.working_days_between(decided[valid], rolled, strict)
    delay = counted.where(~valid | (published > decided), 0.0).where(valid)
    as_of = pd.Timestamp(params.as_of)
    waiting = published.isna() & decided.notna()
    elapsed = pd.Series(np.nan, index=d.index)
    if waiting.any():
        until = pd.Series(as_of, index=d.index[waiting]).astype(decided.dtype)
        elapsed[waiting] = calendar.working_days_between(decided[waiting], until, strict)
    known = deadline.notna().to_numpy()
    shown = published.notna().to_numpy()
    late = (published > deadline).to_numpy()
    due = (deadline < as_of).to_numpy()  # on its last day a decision can still be published in time
    codes = np.select(
        [known & shown & ~late, known & shown & late, known & ~shown & due, known & ~shown & ~due],
        [0, 1, 2, 3],
        default=-1,
    )
    state = pd.Categorical.from_codes(codes, categories=STATES)
    return pd.DataFrame(
        {
            "limit": limit,
            "deadline": deadline,
            "delay": delay,
            "elapsed": elapsed,
            "state": state,
        },
        index=d.index,
    )
