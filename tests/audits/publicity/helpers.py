"""Small publicity registers and params for tests, whether or not the registry lists the audit yet.

The params model is the registry's where it has the publicity audit, else the registry's plus
this audit (:func:`audit.core.params.params_model`), so the package's functions are tested on
their own; a subprocess that runs the command line gets ``AUDIT_EXTRA_AUDITS`` where needed
(:func:`cli_env`). Imported relatively by the tests of this folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import audit.audits.publicity as publicity
from audit.audits import AUDITS, EXTRA_AUDITS, REGISTRY
from audit.audits.publicity.compute import compute
from audit.audits.publicity.page import PublicityReport
from audit.audits.publicity.register import schema
from audit.core.params import Params, params_model
from audit.registers import Register, load_register

from conftest import ROOT, write_csv

SAMPLE_CSV = ROOT / "data" / "sample" / "2020" / "publicity.csv"
PACKAGE = "audit.audits.publicity"
REGISTERED = any(a.key == "publicity" for a in AUDITS)
MODEL: Any = Params if REGISTERED else params_model((*AUDITS, publicity.AUDIT))

ZH_COLUMNS = [
    "日期",
    "活动名称",
    "主题",
    "形式",
    "组织单位",
    "地点",
    "主讲人",
    "发放资料（份）",
    "受众（人次）",
    "接受咨询（人次）",
]
COLUMNS = [
    "date",
    "title",
    "theme",
    "form",
    "organiser",
    "venue",
    "speaker",
    "materials",
    "audience",
    "consultations",
]


def make_params(**extra: Any) -> Any:
    """The params of 2020 (defaults unless given), as the year's params model validates them."""
    return MODEL.model_validate({"year": 2020, "registers": {}, **extra})


def event(
    date: str = "2020-06-15",
    theme: str = "民法典",
    form: str = "线下",
    organiser: str = "区司法局",
    materials: object = 100,
    audience: object = 80,
    consultations: object = 5,
    title: str = "《民法典》宣讲进村居",
    venue: str = "城门镇林浦村",
    speaker: str = "",
) -> list[object]:
    """One register row (in the order of COLUMNS / ZH_COLUMNS)."""
    return [date, title, theme, form, organiser, venue, speaker, materials, audience, consultations]


def register(
    folder: Path, rows: list[list[object]], header: list[str] = ZH_COLUMNS, params: Any = None
) -> tuple[Register, Any]:
    """Write rows as a CSV register in `folder` and load it against the schema of `params` (default: 2020's)."""
    params = params if params is not None else make_params()
    path = write_csv(folder / "publicity.csv", header, rows)
    return load_register(schema(params), path, params, path.name), params


def sample(params: Any = None) -> tuple[Register, Any]:
    """The 2020 sample register, loaded."""
    params = params if params is not None else make_params()
    return load_register(schema(params), SAMPLE_CSV, params, SAMPLE_CSV.name), params


def report(reg: Register, params: Any) -> PublicityReport:
    """The page of a register, its figures computed as a run computes them."""
    return PublicityReport(params, {"publicity": reg}, {"publicity": compute(reg, params)}, sources=[])


def cli_env() -> dict[str, str]:
    """The environment of a command-line run that knows the publicity audit (registered or added)."""
    env = dict(os.environ)
    if PACKAGE not in REGISTRY:
        extra = [n for n in env.get(EXTRA_AUDITS, "").split(",") if n.strip()]
        env[EXTRA_AUDITS] = ",".join([*extra, PACKAGE]) if PACKAGE not in extra else ",".join(extra)
    return env
