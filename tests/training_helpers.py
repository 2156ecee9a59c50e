"""Helpers shared by the training tests: small registers written as CSV files, and params."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from audit.audits.training.register import ROSTER_SCHEMA, SCHEMA
from audit.core.params import Params
from audit.registers import Register, load_register

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PARAMS = ROOT / "params" / "2020.yaml"
TRAINING_HEADER_ZH = ["日期", "名称", "类别", "对象", "参训人数", "学时", "主办单位"]
ROSTER_HEADER_ZH = ["人员编号", "姓名", "执法单位", "年度学时"]


def make_params(year: int = 2020, **training: Any) -> Params:
    """Params of a year with no registers, with optional `training:` settings."""
    data: dict[str, Any] = {"year": year, "registers": {}}
    if training:
        data["training"] = training
    return Params.model_validate(data)


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """Write a UTF-8 CSV register file and return its path."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def event(date: str, kind: str, title: str = "法治培训", participants: object = 20, hours: object = 2) -> list[object]:
    """One row of the training register with Chinese headers (TRAINING_HEADER_ZH)."""
    return [date, title, kind, "各单位", participants, hours, "区司法局"]


def training_register(
    tmp_path: Path, rows: Sequence[Sequence[object]], params: Params | None = None, name: str = "trainings.csv"
) -> Register:
    """A loaded training register from rows in TRAINING_HEADER_ZH order."""
    path = write_csv(tmp_path / name, TRAINING_HEADER_ZH, rows)
    return load_register(SCHEMA, path, params or make_params())


def roster_register(
    tmp_path: Path, officers: Sequence[tuple[str, float]], params: Params | None = None, name: str = "roster.csv"
) -> Register:
    """A loaded roster from (unit, hours) pairs; ids and names are generated."""
    rows = [(f"P{i:04d}", f"测试员{i:03d}", unit, hours) for i, (unit, hours) in enumerate(officers, start=1)]
    path = write_csv(tmp_path / name, ROSTER_HEADER_ZH, rows)
    return load_register(ROSTER_SCHEMA, path, params or make_params())
