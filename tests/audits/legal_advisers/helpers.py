"""Build small legal advisers' work registers for tests from a few keyword arguments per piece of work."""

from __future__ import annotations

from pathlib import Path

from audit.audits.legal_advisers.register import SCHEMA
from audit.core.params import Params, load_params
from audit.registers import Register, load_register

from conftest import ROOT, write_csv, write_params

COLUMNS = ["ref", "date", "unit", "kind", "major_project", "matter", "adviser"]
ZH_COLUMNS = ["编号", "日期", "服务单位", "类别", "重大项目", "事项", "法律顾问"]
SAMPLE = ROOT / "data" / "sample" / "2020" / "legal_advisers.csv"
# The district's units expected to have a legal adviser, as params/2020.yaml would list them.
UNITS_2020 = [
    "区发改局",
    "区财政局",
    "区市场监管局",
    "区城管局",
    "区住建局",
    "区生态环境局",
    "区卫健局",
    "区教育局",
    "区交通运输局",
    "区应急管理局",
    "区自然资源和规划局",
    "区农业农村局",
    "区文体旅局",
    "区商务局",
    "区人社局",
    "区民政局",
    "区司法局",
    "区退役军人事务局",
    "城门镇",
    "盖山镇",
    "建新镇",
    "金山街道",
]
# Advisers named in the tests' registers: none may appear in a page.
ADVISERS = ("林志航", "福建仓元律师事务所")


def work(
    ref: str = "",
    date: str = "2020-03-02",
    unit: str = "区城管局",
    kind: str = "contract_review",
    major: str = "",
    matter: str = "《区城管局物业服务合同》",
    adviser: str = ADVISERS[0],
) -> list[str]:
    """One register row (a contract review of 区城管局 on 2 March 2020 unless told)."""
    return [ref, date, unit, kind, major, matter, adviser]


def register(
    folder: Path, rows: list[list[str]], header: list[str] = COLUMNS, **params: object
) -> tuple[Register, Params]:
    """Write rows as a CSV register plus a params file in `folder`; load and validate both."""
    path = write_csv(folder / "legal_advisers.csv", header, rows)
    p = load_params(write_params(folder, {"legal_advisers": path.name}, **params))
    return load_register(SCHEMA, path, p, path.name), p
