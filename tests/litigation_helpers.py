"""Build small litigation registers for tests from a few keyword arguments per case."""

from __future__ import annotations

from pathlib import Path

from audit.audits.litigation.register import SCHEMA
from audit.core.params import Params, load_params
from audit.registers import Register, load_register

from conftest import write_csv, write_params

COLUMNS = [
    "case_id",
    "filed_on",
    "court",
    "defendant",
    "matter",
    "hearing_held",
    "head_appeared",
    "head_role",
    "outcome",
    "judgment_type",
    "closed_on",
]
ZH_COLUMNS = [
    "案件编号",
    "立案日期",
    "审理法院",
    "被告",
    "案由",
    "是否开庭",
    "负责人出庭",
    "出庭负责人职务",
    "裁判结果",
    "结案方式",
    "结案日期",
]


def case(
    case_id: str,
    filed: str = "2020-03-01",
    defendant: str = "区城管局",
    hearing: str = "yes",
    appeared: str = "no",
    role: str = "",
    outcome: str = "won",
    kind: str = "",
    closed: str | None = None,
    matter: str = "行政处罚",
    court: str = "鼓楼法院",
) -> list[str]:
    """One register row; a concluded case closes on 2020-06-01 unless told, a pending one stays open."""
    if closed is None:
        closed = "" if outcome in ("", "pending", "在审") else "2020-06-01"
    return [case_id, filed, court, defendant, matter, hearing, appeared, role, outcome, kind, closed]


def register(
    folder: Path, rows: list[list[str]], header: list[str] = COLUMNS, **params: object
) -> tuple[Register, Params]:
    """Write rows as a CSV register plus a params file in `folder`; load and validate both."""
    path = write_csv(folder / "litigation.csv", header, rows)
    p = load_params(write_params(folder, {"litigation": path.name}, **params))
    return load_register(SCHEMA, path, p, path.name), p
