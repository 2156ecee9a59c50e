"""Legal advisers (法律顾问): their work for the district's units, by kind, month and unit; units without one.

The list of units expected to have an adviser is the year's params block ``legal_advisers:``
(:mod:`.settings`); the register of the advisers' work is :mod:`.register`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.audits.legal_advisers.findings import RULES, findings
from audit.audits.legal_advisers.register import SCHEMA
from audit.audits.legal_advisers.settings import LegalAdvisersParams
from audit.audits.spec import Audit, MetricSpec, RegisterRole

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


def _compute(loaded: Mapping[str, Register], params: Params) -> dict[str, Any]:
    from audit.audits.legal_advisers.compute import compute

    return compute(loaded["legal_advisers"], params)


def _count(name: str, zh: str, en: str) -> MetricSpec:
    return MetricSpec(f"legal_advisers.{name}", {"zh": zh, "en": en})


AUDIT = Audit(
    key="legal_advisers",
    package=__name__,
    title={"zh": "法律顾问工作审计报告", "en": "Legal advisers audit"},
    short_title={"zh": "法律顾问", "en": "Legal advisers"},
    registers=(
        RegisterRole(
            "legal_advisers", lambda params: SCHEMA, {"zh": "法律顾问工作台账", "en": "Legal advisers' work register"}
        ),
    ),
    compute=_compute,
    finding_rules=RULES,
    findings=findings,
    page="audit.audits.legal_advisers.page",
    notebook="legal_advisers",
    settings=LegalAdvisersParams,
    metrics=(
        MetricSpec(
            "legal_advisers.major_project_reviews",
            {"zh": "重大项目协议法律审查", "en": "Major-project agreements reviewed"},
            headline=True,
            index=True,
            short={"zh": "重大项目协议审查", "en": "Major-project reviews"},
        ),
        MetricSpec(
            "legal_advisers.legal_meetings",
            {"zh": "参加涉法专项会议", "en": "Meetings on legal questions attended"},
            headline=True,
        ),
        MetricSpec(
            "legal_advisers.units_served",
            {"zh": "法律顾问服务单位数", "en": "Units served by legal advisers"},
            headline=True,
        ),
        _count("works", "法律顾问工作总数", "Pieces of advisers' work"),
        _count("contract_reviews", "合同协议审查", "Contracts and agreements reviewed"),
        _count("by_kind.major_decision", "重大决策论证", "Major decisions argued"),
        _count("by_kind.consultation", "法律咨询", "Legal consultations"),
        _count("by_kind.litigation", "诉讼代理", "Lawsuits conducted"),
        _count("units_with_adviser", "名单内有法律顾问工作的单位数", "Listed units with an adviser's work"),
        MetricSpec(
            "legal_advisers.units_coverage_rate",
            {"zh": "法律顾问覆盖率", "en": "Listed units with an adviser"},
            "percent",
        ),
    ),
)
