"""Reconsideration deadlines as the law counts them: procedures, suspension, holidays, acceptance review."""

from __future__ import annotations

import datetime as dt

import pytest

from audit.audits.reconsideration.compute import compute
from audit.audits.reconsideration.register import SCHEMA
from audit.core.calendar import package_years
from audit.core.errors import InputError
from audit.core.params import load_params
from audit.registers import load_register

from conftest import run_audit, write_csv, write_params

COLUMNS = [
    "case_id",
    "received_on",
    "respondent",
    "intake",
    "accepted_on",
    "outcome",
    "decided_on",
    "extended",
    "procedure",
    "suspended_on",
    "resumed_on",
    "correction_requested_on",
    "correction_supplied_on",
]


def row(
    case_id: str,
    accepted: str,
    decided: str = "",
    outcome: str = "",
    received: str | None = None,
    procedure: str = "",
    extended: str = "no",
    suspended: str = "",
    resumed: str = "",
    requested: str = "",
    supplied: str = "",
    respondent: str = "区城管局",
) -> list[str]:
    received = received or accepted
    outcome = outcome or ("upheld" if decided else "")
    return [
        case_id,
        received,
        respondent,
        "accepted",
        accepted,
        outcome,
        decided,
        extended,
        procedure,
        suspended,
        resumed,
        requested,
        supplied,
    ]


def audit(folder, rows, year=2024, **params):
    path = write_csv(folder / "reconsideration.csv", COLUMNS, rows)
    params_file = write_params(folder, {"reconsideration": path.name}, year=year, **params)
    p = load_params(params_file)
    return compute(load_register(SCHEMA, path, p, path.name), p), params_file


def days_after(start: str, days: int) -> str:
    return (dt.date.fromisoformat(start) + dt.timedelta(days=days)).isoformat()


def test_simplified_procedure_has_thirty_days_the_ordinary_sixty(tmp_path):
    """Decided 35 days after acceptance: late under the simplified procedure, on time under the ordinary."""
    m, _ = audit(
        tmp_path,
        [
            row("简", "2024-03-04", days_after("2024-03-04", 35), procedure="简易程序"),
            row("普", "2024-03-04", days_after("2024-03-04", 35), procedure="普通程序"),
        ],
    )
    assert [c["case_id"] for c in m["overdue_cases"]] == ["简"]
    assert m["procedures"]["simplified"]["overdue"] == 1 and m["procedures"]["ordinary"]["overdue"] == 0
    assert m["overdue_cases"][0]["limit_days"] == 30 and m["overdue_cases"][0]["days"] == 35


def test_a_suspension_stops_the_clock(tmp_path):
    """Suspended for 20 days and decided on day 75 without extension: on time; 55 days counted."""
    m, _ = audit(
        tmp_path,
        [row("中止", "2024-03-01", days_after("2024-03-01", 75), suspended="2024-03-20", resumed="2024-04-09")],
    )
    assert m["overdue"] == 0 and m["days_to_decision"]["max"] == 55 and m["suspended"] == 1


def test_a_case_still_suspended_at_the_as_of_date_is_not_overdue(tmp_path):
    m, _ = audit(tmp_path, [row("仍中止", "2024-06-03", suspended="2024-06-20"), row("超期", "2024-06-03")])
    assert [c["case_id"] for c in m["open_overdue_cases"]] == ["超期"] and m["still_suspended"] == 1


def test_a_limit_ending_on_a_holiday_moves_to_the_next_working_day(tmp_path):
    """Accepted 2 Aug 2020, decided 9 Oct: day 60 is 1 Oct, a holiday; the limit moves to 9 Oct."""
    m, _ = audit(tmp_path, [row("国庆", "2020-08-02", "2020-10-09", received="2020-07-31")], year=2020)
    assert m["overdue"] == 0 and m["days_to_decision"]["max"] == 68 and m["law"] == "1999"
    m, _ = audit(tmp_path, [row("国庆", "2020-08-02", "2020-10-10", received="2020-07-31")], year=2020)
    assert m["overdue_cases"][0]["deadline"] == "2020-10-09"


def test_acceptance_review_counts_working_days_and_leaves_out_the_correction(tmp_path):
    """Received 30 Sep 2020: 5 working days end 14 Oct; a correction's working days are added."""
    on_time = row("按期", "2020-10-14", received="2020-09-30")
    late = row("逾期", "2020-10-15", received="2020-09-30")
    corrected = row("补正", "2020-10-21", received="2020-09-30", requested="2020-10-09", supplied="2020-10-15")
    m, _ = audit(tmp_path, [on_time, late, corrected], year=2020)
    assert [c["case_id"] for c in m["late_acceptance_cases"]] == ["逾期"]
    assert m["late_acceptance_cases"][0]["due"] == "2020-10-14"
    review = m["acceptance_review"]
    assert (review["limit_working_days"], review["reviewed"], review["late"]) == (5, 3, 1)
    assert review["on_time_rate"] == pytest.approx(2 / 3)


def test_the_old_law_has_no_simplified_procedure(tmp_path):
    with pytest.raises(InputError) as caught:
        audit(tmp_path, [row("简", "2020-03-04", "2020-03-20", procedure="简易程序")], year=2020)
    assert "no simplified procedure" in str(caught.value)
    m, _ = audit(
        tmp_path,
        [row("简", "2020-03-04", "2020-03-20", procedure="简易程序")],
        year=2020,
        reconsideration={"law": "2023"},
    )
    assert m["procedures"]["simplified"]["cases"] == 1


def test_settlement_is_its_own_outcome_not_mediation(tmp_path):
    m, _ = audit(
        tmp_path,
        [row("和", "2024-03-04", "2024-03-20", outcome="和解"), row("调", "2024-03-04", "2024-03-20", outcome="调解")],
    )
    assert m["settled"] == 1 and m["outcomes"]["settled"] == 1 and m["mediated"] == 1


def test_the_reviewing_government_as_respondent_is_a_warning_with_case_numbers(tmp_path):
    m, _ = audit(tmp_path, [row("甲", "2024-03-04", respondent="区政府"), row("乙", "2024-03-04")])
    assert m["jurisdiction_warnings"] == ["甲"]


@pytest.mark.parametrize(
    "bad, column, expected",
    [
        (dict(suspended="2024-02-01"), "中止日期", "on or after the date of acceptance"),
        (dict(resumed="2024-04-01"), "恢复审理日期", "empty, or give the date"),
        (dict(suspended="2024-04-01", resumed="2024-03-25"), "恢复审理日期", "on or after the date of suspension"),
        (dict(decided="2024-04-20", suspended="2024-04-01"), "恢复审理日期", "decided after its suspension"),
        (dict(supplied="2024-03-01"), "补正日期", "empty, or give the date correction"),
        (dict(requested="2024-03-02", supplied="2024-03-01"), "补正日期", "on or after the request"),
    ],
)
def test_dates_of_suspension_and_correction_in_order(tmp_path, bad, column, expected):
    with pytest.raises(InputError) as caught:
        audit(tmp_path, [row("x", "2024-03-04", received="2024-02-28", **bad)])
    [problem] = [p for p in caught.value.problems if expected in p.expected]
    assert problem.row == 2 and problem.expected_zh


def test_a_year_the_calendar_does_not_know_is_an_input_error_until_params_add_it(tmp_path):
    year = package_years()[1] + 1
    rows = [row("x", f"{year}-03-02", f"{year}-04-10", received=f"{year}-02-27")]
    with pytest.raises(InputError) as caught:
        audit(tmp_path, rows, year=year)
    [problem] = caught.value.problems
    assert str(year) in problem.expected and "calendar:" in problem.expected and str(year) in problem.expected_zh
    m, params_file = audit(tmp_path, rows, year=year, calendar={"holidays": [dt.date(year, 1, 1)]})
    assert m["overdue"] == 0
    # the command line: exit 2 with the problem, then a run with the year's holidays given
    (tmp_path / "bad").mkdir()
    path = write_csv(tmp_path / "bad" / "reconsideration.csv", COLUMNS, rows)
    bad = write_params(tmp_path / "bad", {"reconsideration": path.name}, year=year)
    result = run_audit("check", "--params", str(bad), "--lang", "en")
    assert result.returncode == 2 and str(year) in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert run_audit("check", "--params", str(params_file)).returncode == 0
