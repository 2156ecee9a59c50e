"""Build small enforcement publication registers for tests from a few keyword arguments per decision."""

from __future__ import annotations

from pathlib import Path

from audit.audits import EXTRA_AUDITS, REGISTRY
from audit.audits.enforcement_publication import AUDIT
from audit.audits.enforcement_publication.register import SCHEMA
from audit.core.params import Params, load_params
from audit.registers import Register, load_register

from conftest import write_csv, write_params

# what a process running `audit` needs in its environment to know the audit (nothing once registered)
ENV = {} if AUDIT.package in REGISTRY else {EXTRA_AUDITS: AUDIT.package}

COLUMNS = ["unit", "decision_id", "kind", "matter", "party", "decided_on", "published_on", "platform"]
ZH_COLUMNS = ["执法单位", "决定书文号", "类别", "事项名称", "当事人", "决定日期", "公示日期", "公示平台"]


def decision(
    decision_id: str,
    decided: str = "2020-03-02",
    published: str = "2020-03-04",
    kind: str = "penalty",
    unit: str = "区城管局",
    matter: str = "占道经营",
    party: str = "福州某某商贸有限公司",
    platform: str | None = None,
) -> list[str]:
    """One register row; published on 信用福州 unless told, with no platform when not published."""
    if platform is None:
        platform = "信用福州" if published else ""
    return [unit, decision_id, kind, matter, party, decided, published, platform]


def register(
    folder: Path, rows: list[list[str]], header: list[str] = COLUMNS, **params: object
) -> tuple[Register, Params]:
    """Write rows as a CSV register plus a params file in `folder`; load and validate both.

    The params model must know the audit (the tests of its package see to it).
    """
    path = write_csv(folder / "enforcement_publication.csv", header, rows)
    p = load_params(write_params(folder, {"enforcement_publication": path.name}, **params))
    return load_register(SCHEMA, path, p, path.name), p
