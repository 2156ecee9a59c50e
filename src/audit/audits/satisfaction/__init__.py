"""Enforcement satisfaction (行政执法满意度): the surveys of the district's enforcement, against the year's target.

The target and the definition of satisfied are the year's params block ``satisfaction:``
(:mod:`.settings`); the survey register, one row per response or one row per survey, is
:mod:`.register`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.audits.satisfaction.findings import RULES, findings
from audit.audits.satisfaction.register import SCHEMA
from audit.audits.satisfaction.settings import SatisfactionParams
from audit.audits.spec import Audit, MetricSpec, RegisterRole

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


def _compute(loaded: Mapping[str, Register], params: Params) -> dict[str, Any]:
    from audit.audits.satisfaction.compute import compute

    return compute(loaded["satisfaction"], params)


def _count(name: str, zh: str, en: str) -> MetricSpec:
    return MetricSpec(f"satisfaction.{name}", {"zh": zh, "en": en})


AUDIT = Audit(
    key="satisfaction",
    package=__name__,
    title={"zh": "行政执法满意度审计报告", "en": "Enforcement satisfaction audit"},
    short_title={"zh": "执法满意度", "en": "Satisfaction"},
    registers=(
        RegisterRole(
            "satisfaction",
            lambda params: SCHEMA,
            {"zh": "执法满意度调查登记表", "en": "Enforcement satisfaction survey register"},
        ),
    ),
    compute=_compute,
    finding_rules=RULES,
    findings=findings,
    page="audit.audits.satisfaction.page",
    notebook="satisfaction",
    settings=SatisfactionParams,
    metrics=(
        MetricSpec(
            "satisfaction.rate",
            {"zh": "行政执法满意率", "en": "Enforcement satisfaction rate"},
            "percent",
            "higher",
            0.95,
            0.90,
            headline=True,
            basis=("satisfaction.satisfied", "satisfaction.respondents"),
            defined_by=("satisfaction.shape",),
            index=True,
            short={"zh": "执法满意率", "en": "Satisfaction"},
            target="satisfaction.target_rate",
        ),
        MetricSpec(
            "satisfaction.respondents",
            {"zh": "满意度调查人数", "en": "People surveyed on enforcement"},
            headline=True,
        ),
        _count("satisfied", "满意人数", "People satisfied"),
        _count("not_satisfied", "未表示满意人数", "People not satisfied"),
        _count("responses", "调查人次（含不计入的）", "Responses (all)"),
        _count("not_counted", "不计入满意率的人次", "Responses not counted in the rate"),
        _count("units", "被调查单位数", "Units surveyed"),
        _count("units_below_target", "满意率低于目标的单位数", "Units below the target"),
        _count("surveys", "调查次数", "Surveys"),
    ),
)
