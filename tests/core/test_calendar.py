"""The statutory calendar: working days as the State Council arranges them, and the law's two counts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.core.calendar import Calendar, UncoveredYear, on, package_years

D = dt.date


@pytest.fixture(scope="module")
def calendar() -> Calendar:
    return Calendar()


def first(series: pd.Series) -> dt.date:
    return series.iloc[0].date()


def test_acceptance_review_over_national_day(calendar):
    """Received 30 Sep 2020: 1–8 Oct are holidays, Saturday 10 Oct a working day; 5 working days end 14 Oct."""
    assert first(calendar.add_working_days(on(D(2020, 9, 30)), 5)) == D(2020, 10, 14)


def test_sixty_days_ending_on_a_holiday_move_to_the_next_working_day(calendar):
    """Accepted 2 Aug 2020: day 60 is 1 Oct, a holiday; the period ends on 9 Oct."""
    assert first(calendar.add_days(on(D(2020, 8, 2)), 60)) == D(2020, 10, 9)
    assert first(calendar.add_days(on(D(2020, 8, 1)), 60)) == D(2020, 9, 30)  # a working day: as it is


def test_seven_working_days_over_spring_festival_2024(calendar):
    """7 Feb 2024: Spring Festival 10–17 Feb, Sunday 18 Feb a working day; 7 working days end 22 Feb."""
    assert first(calendar.add_working_days(on(D(2024, 2, 7)), 7)) == D(2024, 2, 22)


def test_no_working_day_after_a_sunday_is_the_sunday_itself(calendar):
    assert first(calendar.add_working_days(on(D(2020, 10, 11)), 0)) == D(2020, 10, 11)
    assert first(calendar.add_working_days(on(D(2020, 10, 11)), 1)) == D(2020, 10, 12)


def test_make_up_days_and_weekends(calendar):
    assert calendar.is_workday(D(2020, 10, 10)) and not calendar.is_workday(D(2020, 10, 11))
    assert not calendar.is_workday(D(2024, 2, 12)) and calendar.is_workday(D(2024, 2, 18))


def test_counts_on_columns_keep_blanks(calendar):
    dates = pd.Series(pd.to_datetime(["2020-09-30", None, "2020-08-02"]))
    assert calendar.add_working_days(dates, 5).tolist()[1] is pd.NaT
    assert [d.date() for d in calendar.add_days(dates, 60).dropna()] == [D(2020, 11, 30), D(2020, 10, 9)]
    ends = pd.Series(pd.to_datetime(["2020-10-14", "2020-10-01", None]))
    assert calendar.working_days_between(dates, ends).tolist()[0] == 5


def test_a_year_the_calendar_does_not_know_is_an_error_naming_it():
    calendar = Calendar()
    year = package_years()[1] + 1
    with pytest.raises(UncoveredYear, match=str(year)) as caught:
        calendar.add_working_days(on(D(year, 3, 2)), 5)
    assert caught.value.year == year and not calendar.covers(year)


def test_the_params_teach_the_calendar_a_new_year():
    year = package_years()[1] + 1
    calendar = Calendar(holidays=[D(year, 1, 1)], workdays=[D(year, 1, 3)])
    assert calendar.covers(year) and not calendar.is_workday(D(year, 1, 1)) and calendar.is_workday(D(year, 1, 3))
    assert calendar.is_workday(D(year, 3, 2)) == (D(year, 3, 2).weekday() < 5)


def test_params_override_a_known_year():
    calendar = Calendar(holidays=[D(2020, 10, 9)])  # a local rest day
    assert first(calendar.add_days(on(D(2020, 8, 2)), 60)) == D(2020, 10, 10)


@settings(max_examples=200, deadline=None)
@given(start=st.dates(D(2015, 1, 1), D(2025, 12, 1)), count=st.integers(0, 15))
def test_working_days_agree_with_a_day_by_day_count(start, count):
    """The vectorised counts equal counting day by day."""
    calendar = Calendar()
    end = first(calendar.add_working_days(on(start), count))
    day, seen = start, 0
    while seen < count:
        day += dt.timedelta(days=1)
        seen += calendar.is_workday(day)
    assert end == day
    assert calendar.working_days_between(on(start), on(end)).iloc[0] == count
    rolled = first(calendar.add_days(on(start), count))
    expected = start + dt.timedelta(days=count)
    while not calendar.is_workday(expected):
        expected += dt.timedelta(days=1)
    assert rolled == expected


def test_only_the_days_an_answer_rests_on_must_be_known():
    calendar = Calendar()
    last = package_years()[1]
    assert first(calendar.add_working_days(on(D(last, 12, 1)), 5)).year == last  # the next year is not needed
    dates = pd.Series(pd.to_datetime([f"{last}-12-01", f"{last}-12-31"]))
    with pytest.raises(UncoveredYear, match=str(last + 1)):
        calendar.add_working_days(dates, 5)
    lenient = calendar.add_working_days(dates, 5, strict=False)
    assert lenient.iloc[0].year == last and lenient.iloc[1] is pd.NaT
