"""Administrative litigation (行政应诉): heads of agencies in court, outcomes, the loss rate.

The targets are the year's params block ``litigation:`` and the loss rate's definition
``definitions.litigation:`` (:mod:`.settings`); the register of lawsuits is :mod:`.register`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.audits.litigation.findings import RULES, findings
from audit.audits.litigation.register import SCHEMA
from audit.audits.litigation.settings import LitigationDefinitions, LitigationParams
from audit.audits.spec import Audit, MetricSpec, RegisterRole

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


def _compute(loaded: Mapping[str, Register], params: Params) -> dict[str, Any]:
    from audit.audits.litigation.compute import compute

    return compute(loaded["litigation"], params)


def _count(name: str, zh: str, en: str) -> MetricSpec:
    return MetricSpec(f"litigation.{name}", {"zh": zh, "en": en})


AUDIT = Audit(
    key="litigation",
    package=__name__,
    title={"zh": "行政应诉审计报告", "en": "Administrative litigation audit"},
    short_title={"zh": "行政应诉", "en": "Litigation"},
    registers=(
        RegisterRole("litigation", lambda params: SCHEMA, {"zh": "行政应诉案件登记表", "en": "Litigation register"}),
    ),
    compute=_compute,
    finding_rules=RULES,
    findings=findings,
    page="audit.audits.litigation.page",
    notebook="litigation",
    settings=LitigationParams,
    definitions=LitigationDefinitions,
    metrics=(
        MetricSpec("litigation.cases", {"zh": "行政应诉案件数", "en": "Administrative lawsuits"}, headline=True),
        MetricSpec(
            "litigation.head_appearance_rate",
            {"zh": "行政机关负责人出庭应诉率", "en": "Agency heads appearing in court"},
            "percent",
            "higher",
            0.9,
            0.7,
            headline=True,
            basis=("litigation.head_appearances", "litigation.hearings"),
            index=True,
            short={"zh": "负责人出庭率", "en": "Head appearance rate"},
            target="litigation.targets.head_appearance_rate",
        ),
        MetricSpec(
            "litigation.loss_rate",
            {"zh": "行政诉讼败诉率", "en": "Loss rate in administrative lawsuits"},
            "percent",
            "lower",
            0.10,
            0.15,
            headline=True,
            basis=("litigation.lost", "litigation.{litigation.loss_rate_denominator}"),
            defined_by=("definitions.litigation.loss_rate",),
            index=True,
            short={"zh": "行政诉讼败诉率", "en": "Litigation loss rate"},
            target="litigation.targets.loss_rate",
        ),
        _count("hearings", "开庭审理案件数", "Cases heard in court"),
        _count("head_appearances", "负责人出庭应诉次数", "Heads' appearances in court"),
        _count("principal_appearances", "正职负责人出庭次数", "Appearances by principal heads"),
        _count("concluded", "行政诉讼审结", "Lawsuits concluded"),
        _count("judgments", "以判决结案", "Concluded by judgment"),
        _count("lost", "行政诉讼败诉", "Lawsuits lost"),
        MetricSpec("litigation.withdrawal_rate", {"zh": "原告撤诉率", "en": "Withdrawal rate"}, "percent"),
    ),
)
