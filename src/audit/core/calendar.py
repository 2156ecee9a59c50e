"""China's working calendar, and the two ways the law counts a period on it.

Working days and holidays are those of the State Council's yearly notice on holiday arrangements
(国务院办公厅关于放假安排的通知), make-up working days on weekends (调休) included, as the
`chinese-calendar` package encodes them. A year the package does not know yet (the notice comes
out around November for the next year) is known from the params instead::

    calendar:
      holidays: [2027-01-01, 2027-02-05, ...]   # rest days that are not weekends
      workdays: [2027-02-14, ...]               # weekend days that are working days

A year with any day listed there is taken as known: every other weekday is a working day and
every other weekend day a rest day; a listed day overrides the package in a year it knows, too.
A day of a year known neither way is never counted as a plain weekday: :class:`UncoveredYear`.

The two counts (``../shared/LAW.md``, "Counting periods"), the day of the triggering event not
counted in either:

- :meth:`Calendar.add_working_days` — "N working days after D" (the Reconsideration Law's periods
  of 3, 5, 7 and 10 days, art. 88 of the 2023 text; the Administrative Penalty Law's, art. 85);
- :meth:`Calendar.add_days` — "N days after D", moved to the next working day when the last day
  is a statutory holiday or rest day (Civil Procedure Law, 期间, art. 85 of the 2021 text; the
  Reconsideration Law applies it where it says nothing itself, art. 88 of the 2023 text and
  art. 40 of the old one).

Both work on whole columns (pandas Series of dates, NaT kept) as well as on single dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from audit.core.errors import Problem
    from audit.registers.load import Register

# A period's end is found among this many days after its start; a longer run of rest days, or a
# longer working-day period, does not occur.
_SLACK = 40


class UncoveredYear(ValueError):
    """A day of a year whose holidays neither the package nor the params know."""

    def __init__(self, year: int, known: tuple[int, int]):
        self.year = year
        self.known = known
        super().__init__(f"no holiday calendar for {year} (the package knows {known[0]}–{known[1]})")


def uncovered_problems(
    register: Register,
    column: str,
    rows: pd.Series,
    recount: Callable[[Any], object],
    period: tuple[str, str],
) -> list[Problem]:
    """The input problem of the rows of `register` whose period needs a year the calendar does not know.

    `rows` marks them (a lenient count gave no answer); `recount(label)` counts the first of them
    strictly, which raises :class:`UncoveredYear` naming the year. One problem, at that row, says
    how many more rows need the year. `period` words what is counted, in English and Chinese, with
    ``{year}`` (``the period ends in {year}``, ``期限届满于 {year} 年``).
    """
    if not rows.any():
        return []
    first = rows.idxmax()
    try:
        recount(first)
    except UncoveredYear as exc:
        year, (low, high) = exc.year, exc.known
    else:  # pragma: no cover - the lenient count found a day the strict one knows
        return []
    others = int(rows.sum()) - 1
    more = f" ({others} more rows need it too)" if others else ""
    more_zh = f"（另有 {others} 行同样需要）" if others else ""
    en, zh = (words.format(year=year) for words in period)
    return register.problems(
        rows.index == first,
        column,
        f"a date the holiday calendar can count from: {en}, whose holidays are not known (the State Council "
        f"arrangements known: {low}–{high}); add that year's holidays and make-up working days to the params file "
        f"(calendar: {{holidays: [...], workdays: [...]}}){more}",
        f"可按节假日安排计算期限的日期：{zh}，尚无该年的国务院节假日安排（已知 {low}–{high} 年）；"
        f"请在参数文件中写明该年的放假和调休日期（calendar: {{holidays: [...], workdays: [...]}}）{more_zh}",
    )


def package_years() -> tuple[int, int]:
    """The first and last year the `chinese-calendar` package has the State Council's arrangements for."""
    import chinese_calendar

    years = [day.year for day in chinese_calendar.holidays]
    return min(years), max(years)


class Calendar:
    """Working days of China, with the params' additions (`holidays`, `workdays`)."""

    def __init__(self, holidays: Iterable[dt.date] = (), workdays: Iterable[dt.date] = ()):
        self.holidays = frozenset(holidays)
        self.workdays = frozenset(workdays)
        self.known = package_years()
        self.from_params = frozenset(day.year for day in self.holidays | self.workdays)

    def covers(self, year: int) -> bool:
        """Whether the working days of `year` are known (from the package or the params)."""
        return self.known[0] <= year <= self.known[1] or year in self.from_params

    def is_workday(self, day: dt.date) -> bool:
        """Whether `day` is a working day; UncoveredYear for a year neither source knows."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if self.known[0] <= day.year <= self.known[1]:
            import chinese_calendar

            return bool(chinese_calendar.is_workday(day))
        if day.year in self.from_params:
            return day.weekday() < 5
        raise UncoveredYear(day.year, self.known)

    def _day(self, day: dt.date) -> int:
        """1 for a working day, 0 for a rest day, -1 for a day of a year neither source knows."""
        try:
            return int(self.is_workday(day))
        except UncoveredYear:
            return -1

    def _table(self, first: dt.date, last: dt.date) -> tuple[np.ndarray, np.ndarray]:
        """Every day from `first` to `last` (as datetime64[D]) and what it is (see :meth:`_day`)."""
        days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
        kinds = np.fromiter((self._day(d.item()) for d in days), dtype=np.int8, count=len(days))
        return days, kinds

    def _offsets(self, dates: pd.Series, ahead: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
        """The table from the earliest date to `ahead` (and some) days after the latest, and each date's place in it."""
        present = dates.notna().to_numpy()
        if not present.any():
            return None
        known = dates[present]
        days, kinds = self._table(known.min().date(), known.max().date() + dt.timedelta(days=ahead + _SLACK))
        offsets = np.where(present, (dates.to_numpy(dtype="datetime64[D]") - days[0]).astype("int64"), 0)
        return days, kinds, offsets, present

    def _result(
        self,
        days: np.ndarray,
        kinds: np.ndarray,
        positions: np.ndarray,
        first: np.ndarray,
        present: np.ndarray,
        index: pd.Index,
        dtype: object,
        strict: bool,
    ) -> pd.Series:
        """The days at `positions`; a result resting on an unknown day from `first` on is an error (or NaT)."""
        positions = np.minimum(positions, len(days) - 1)
        unknown = np.concatenate([[0], np.cumsum(kinds == -1)])
        blind = present & (unknown[positions + 1] - unknown[first] > 0)
        if strict and blind.any():
            row = int(np.flatnonzero(blind)[0])
            stop = first[row] + int(np.flatnonzero(kinds[first[row] :] == -1)[0])
            raise UncoveredYear(days[stop].item().year, self.known)
        values = np.where(present & ~blind, days[positions], np.datetime64("NaT"))
        return pd.Series(values, index=index).astype(dtype)

    def roll_forward(self, dates: pd.Series, strict: bool = True) -> pd.Series:
        """Each date, or the first working day after it where it is a holiday or rest day (NaT stays NaT).

        A date whose answer depends on a day of an unknown year raises UncoveredYear; with
        `strict` False it gives NaT instead (see :meth:`unknown`).
        """
        table = self._offsets(dates, 0)
        if table is None:
            return dates.copy()
        days, kinds, offsets, present = table
        stops = np.flatnonzero(kinds != 0)  # working days, and unknown days (where the answer cannot be known)
        positions = stops[np.minimum(np.searchsorted(stops, offsets), len(stops) - 1)]
        return self._result(days, kinds, positions, offsets, present, dates.index, dates.dtype, strict)

    def add_days(self, dates: pd.Series, days: int | pd.Series, strict: bool = True) -> pd.Series:
        """`days` calendar days after each date, moved to the next working day if that is a rest day."""
        return self.roll_forward(dates + pd.to_timedelta(days, unit="D"), strict)

    def add_working_days(self, dates: pd.Series, count: int, strict: bool = True) -> pd.Series:
        """The `count`-th working day after each date (the date itself not counted; NaT stays NaT)."""
        table = self._offsets(dates, 2 * count)
        if table is None:
            return dates.copy()
        days, kinds, offsets, present = table
        counted = np.cumsum(kinds == 1)  # working days up to and including each day
        position = np.maximum(np.searchsorted(counted, counted[offsets] + count), offsets)
        return self._result(days, kinds, position, offsets + 1, present, dates.index, dates.dtype, strict)

    def working_days_between(self, starts: pd.Series, ends: pd.Series, strict: bool = True) -> pd.Series:
        """Working days after each start up to and including its end (0 where the end is not later; NaN if either is NaT).

        UncoveredYear where a day between them is of an unknown year (NaN with `strict` False).
        """
        both = pd.concat([starts, ends]).dropna()
        if both.empty:
            return pd.Series(np.nan, index=starts.index)
        days, kinds = self._table(both.min().date(), both.max().date())
        present = (starts.notna() & ends.notna()).to_numpy()

        def at(dates: pd.Series) -> np.ndarray:
            return np.where(present, (dates.to_numpy(dtype="datetime64[D]") - days[0]).astype("int64"), 0)

        first, last = at(starts), at(ends)
        unknown = np.concatenate([[0], np.cumsum(kinds == -1)])
        blind = present & (last > first) & (unknown[last + 1] - unknown[first + 1] > 0)
        if strict and blind.any():
            row = int(np.flatnonzero(blind)[0])
            stop = first[row] + 1 + int(np.flatnonzero(kinds[first[row] + 1 :] == -1)[0])
            raise UncoveredYear(days[stop].item().year, self.known)
        counted = np.cumsum(kinds == 1)
        between = np.maximum(counted[last] - counted[first], 0).astype(float)
        return pd.Series(np.where(present & ~blind, between, np.nan), index=starts.index)


def on(day: dt.date) -> pd.Series:
    """One date as the column the calendar's counts take."""
    return pd.Series([pd.Timestamp(day)], dtype="datetime64[us]")
