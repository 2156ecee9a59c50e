"""The filing limit of a normative document, counted as the law counts periods (../shared/LAW.md).

A document is filed within `filing_days` after the day it was issued (params
``normative_documents``, :mod:`.settings`), the day of issue not counted (LAW.md, "Counting
periods"):

- ``calendar`` days: the last day is the issue date plus `filing_days`; a last day that is a
  statutory holiday or rest day moves to the first working day after it (the Civil Procedure
  Law's rule on periods), as :meth:`audit.core.calendar.Calendar.add_days` counts;
- ``working`` days: the last day is the `filing_days`-th working day after the issue date
  (:meth:`audit.core.calendar.Calendar.add_working_days`), which is a working day already.

Days are measured in the same unit: calendar days, or working days after the first date up to
and including the second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from audit.core.params import Params


def deadlines(issued_on: pd.Series, params: Params, strict: bool = True) -> pd.Series:
    """The last day to file each document issued on `issued_on` (NaT stays NaT).

    A last day that needs the holidays of a year the calendar does not know raises
    UncoveredYear; with `strict` False it is NaT instead.
    """
    settings = params.normative_documents
    calendar = params.calendar.calendar()
    if settings.filing_unit == "working":
        return calendar.add_working_days(issued_on, settings.filing_days, strict)
    return calendar.add_days(issued_on, settings.filing_days, strict)


def days_between(starts: pd.Series, ends: pd.Series, params: Params, filed: bool = False) -> pd.Series:
    """Days from each start to its end in the filing limit's unit (NaN where either is missing or unknown).

    Calendar days: the difference of the dates. Working days: those after the start up to and
    including the end (0 where the end is not later), NaN where a day between is of a year the
    calendar does not know. `filed`: the ends are filing dates, and a filing made on a rest day
    counts, in working days, as made on the next working day (so a filing late by its date is
    late by at least one working day, as enforcement publication counts a publication).
    """
    if params.normative_documents.filing_unit == "working":
        calendar = params.calendar.calendar()
        if filed:
            ends = calendar.roll_forward(ends, strict=False)
        return calendar.working_days_between(starts, ends, strict=False)
    return (ends - starts).dt.days.astype("float64")
