"""Build small reconsideration registers for tests from a few keyword arguments per case."""

from __future__ import annotations

from pathlib import Path

from audit.audits.reconsideration.register import SCHEMA
from audit.core.params import Params, load_params
from audit.registers import Register, load_register

from conftest import write_csv, write_params

COLUMNS = [
    "case_id",
    "received_on",
    "carried_over",
    "applicant",
    "respondent",
    "matter",
    "intake",
    "accepted_on",
    "outcome",
    "decided_on",
    "extended",
]


def case(
    case_id: str,
    received: str = "2020-03-01",
    intake: str = "accepted",
    accepted: str | None = None,
    outcome: str = "",
    decided: str = "",
    respondent: str = "区城管局",
    matter: str = "行政处罚",
    carried: str = "no",
    extended: str = "no",
    applicant: str = "张三",
) -> list[str]:
    """One register row; an accepted case is accepted two days after receipt unless told."""
    if accepted is None:
        accepted = "" if intake != "accepted" else received[:-2] + f"{int(received[-2:]) + 2:02d}"
    return [case_id, received, carried, applicant, respondent, matter, intake, accepted, outcome, decided, extended]


def register(folder: Path, rows: list[list[str]], **params: object) -> tuple[Register, Params]:
    """Write rows as a CSV register plus a params file in `folder`; load and validate both."""
    path = write_csv(folder / "reconsideration.csv", COLUMNS, rows)
    p = load_params(write_params(folder, {"reconsideration": path.name}, **params))
    return load_register(SCHEMA, path, p, path.name), p
