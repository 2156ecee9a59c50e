"""Helpers for the case-file review tests: a year's params and small registers as CSV files."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from audit.audits.case_file_review.register import schema
from audit.core.params import Params
from audit.registers import Register, load_register

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PARAMS = ROOT / "params" / "2020.yaml"
CATEGORIES = ("subject", "evidence", "legal_basis", "procedure", "documents", "archiving")
ZH_HEADERS = {
    "round": "评查批次",
    "unit": "执法单位",
    "case_id": "案卷编号",
    "case_type": "案件类型",
    "reviewer": "评查人",
    "deduction_subject": "执法主体扣分",
    "deduction_evidence": "事实证据扣分",
    "deduction_legal_basis": "法律适用扣分",
    "deduction_procedure": "执法程序扣分",
    "deduction_documents": "文书制作扣分",
    "deduction_archiving": "案卷管理扣分",
    "score": "得分",
    "veto_items": "否决项",
    "findings": "主要问题",
}


def make_params(tmp_path: Path, **case_file_review: Any) -> Params:
    """Params of 2020 whose case-file standard is the default one updated with `case_file_review`."""
    return Params.model_validate(
        {
            "year": 2020,
            "registers": {},
            "case_file_review": case_file_review,
            "source": tmp_path / "params.yaml",
        }
    )


def row(
    round: str = "2020-1",
    unit: str = "区城管局",
    case_id: str = "A1",
    deductions: Sequence[float] | None = (0,) * 6,
    score: float | str | None = None,
    veto: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """One register row in English column names; `deductions` in the default category order."""
    record: dict[str, Any] = {"round": round, "unit": unit, "case_id": case_id, "reviewer": "张评查"}
    for code, value in zip(CATEGORIES, deductions or [""] * 6):
        record[f"deduction_{code}"] = value
    record["score"] = "" if score is None else score
    record["veto_items"] = veto
    record.update(extra)
    return record


def write_csv(path: Path, rows: Sequence[Mapping[str, Any]], chinese: bool = False) -> Path:
    """Write rows (dicts keyed by English column names) as a CSV, with Chinese headers if asked."""
    columns: list[str] = []
    for r in rows:
        columns += [c for c in r if c not in columns]
    headers = [ZH_HEADERS.get(c, c) if chinese else c for c in columns]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else r.get(c, "") for c in columns])
    return path


def load(
    tmp_path: Path,
    rows: Sequence[Mapping[str, Any]],
    params: Params | None = None,
    chinese: bool = False,
    name: str = "reviews.csv",
) -> Register:
    """Write rows to a CSV in tmp_path and load it as a case-file review register."""
    params = params or make_params(tmp_path)
    path = write_csv(tmp_path / name, rows, chinese)
    return load_register(schema(params), path, params, name)
