"""Administrative reconsideration (行政复议): intake, outcomes, rates and time to decision.

The statutory limits are the year's params block ``reconsideration:`` and the rates' definitions
``definitions.reconsideration:`` (:mod:`.settings`); the register of cases is :mod:`.register`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.audits.reconsideration.findings import RULES, findings
from audit.audits.reconsideration.register import SCHEMA
from audit.audits.reconsideration.settings import ReconsiderationDefinitions, ReconsiderationParams
from audit.audits.spec import Audit, MetricSpec, RegisterRole

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


def _compute(loaded: Mapping[str, Register], params: Params) -> dict[str, Any]:
    from audit.audits.reconsideration.compute import compute

    return compute(loaded["reconsideration"], params)


def _count(name: str, zh: str, en: str) -> MetricSpec:
    return MetricSpec(f"reconsideration.{name}", {"zh": zh, "en": en})


_OVER = {
    "zh": {"received": "收案数", "accepted": "受理数", "under_review": "审理数", "concluded": "审结数"},
    "en": {
        "received": "cases received",
        "accepted": "cases accepted",
        "under_review": "cases under review",
        "concluded": "cases concluded",
    },
}
_SCOPE = {
    "zh": {"year": "分子计本年全部案件", "within": "分子只计分母内的案件"},
    "en": {"year": "numerator: every case of the year", "within": "numerator: those cases only"},
}


def _describe(variant: Mapping[str, Any], language: str) -> str:
    """A rate's definition in words: "over cases accepted, numerator: those cases only"."""
    over, scope = _OVER[language][variant["over"]], _SCOPE[language][variant["scope"]]
    return f"以{over}为分母、{scope}" if language == "zh" else f"over {over}, {scope}"


AUDIT = Audit(
    key="reconsideration",
    package=__name__,
    title={"zh": "行政复议审计报告", "en": "Administrative reconsideration audit"},
    short_title={"zh": "行政复议", "en": "Reconsideration"},
    registers=(
        RegisterRole(
            "reconsideration", lambda params: SCHEMA, {"zh": "行政复议案件登记表", "en": "Reconsideration register"}
        ),
    ),
    compute=_compute,
    finding_rules=RULES,
    findings=findings,
    page="audit.audits.reconsideration.page",
    notebook="reconsideration",
    settings=ReconsiderationParams,
    definitions=ReconsiderationDefinitions,
    describe_definition=_describe,
    totals=(
        ("received", ("accepted", "rejected", "referred", "not_supplemented", "withdrawn_before_acceptance")),
        ("under_review", ("concluded", "pending")),
    ),
    metrics=(
        MetricSpec(
            "reconsideration.received",
            {"zh": "行政复议收案", "en": "Reconsideration applications received"},
            headline=True,
            index=True,
            short={"zh": "复议收案", "en": "Reconsideration received"},
        ),
        MetricSpec("reconsideration.accepted", {"zh": "行政复议受理", "en": "Applications accepted"}, headline=True),
        MetricSpec(
            "reconsideration.acceptance_rate",
            {"zh": "受理率", "en": "Acceptance rate"},
            "percent",
            headline=True,
            basis=(
                "reconsideration.rate_basis.acceptance_rate.numerator",
                "reconsideration.rate_basis.acceptance_rate.denominator",
            ),
            defined_by=("definitions.reconsideration.acceptance_rate",),
        ),
        MetricSpec(
            "reconsideration.correction_rate",
            {"zh": "直接纠错率", "en": "Direct correction rate"},
            "percent",
            headline=True,
            basis=(
                "reconsideration.rate_basis.correction_rate.numerator",
                "reconsideration.rate_basis.correction_rate.denominator",
            ),
            defined_by=("definitions.reconsideration.correction_rate",),
            index=True,
            short={"zh": "直接纠错率", "en": "Correction rate"},
        ),
        MetricSpec(
            "reconsideration.mediation_success_rate",
            {"zh": "调解成功率", "en": "Mediation success rate"},
            "percent",
            "higher",
            0.25,
            0.15,
            headline=True,
            basis=(
                "reconsideration.rate_basis.mediation_success_rate.numerator",
                "reconsideration.rate_basis.mediation_success_rate.denominator",
            ),
            defined_by=("definitions.reconsideration.mediation_success_rate",),
            index=True,
            short={"zh": "调解成功率", "en": "Mediation success"},
        ),
        MetricSpec(
            "reconsideration.closure_rate",
            {"zh": "审结率", "en": "Closure rate"},
            "percent",
            "higher",
            0.85,
            0.7,
            headline=True,
            basis=(
                "reconsideration.rate_basis.closure_rate.numerator",
                "reconsideration.rate_basis.closure_rate.denominator",
            ),
            defined_by=("definitions.reconsideration.closure_rate",),
        ),
        MetricSpec(
            "reconsideration.on_time_rate",
            {"zh": "按期审结率", "en": "Decided on time"},
            "percent",
            "higher",
            1.0,
            0.95,
            headline=True,
            basis=("reconsideration.concluded - reconsideration.overdue", "reconsideration.concluded"),
            defined_by=("reconsideration.law", "reconsideration.limit_unit"),
            index=True,
        ),
        MetricSpec(
            "reconsideration.open_overdue",
            {"zh": "超期未结案件数", "en": "Pending cases past the limit"},
            "count",
            "lower",
            0,
            1,
            headline=True,
        ),
        _count("rejected", "不予受理", "Not accepted"),
        _count("referred", "告知", "Referred elsewhere"),
        _count("not_supplemented", "未补正", "Not supplemented"),
        _count("upheld_or_dismissed", "维持或驳回", "Upheld or dismissed"),
        _count("direct_corrections", "撤销、确认违法或责令履行等直接纠错", "Direct corrections"),
        _count("mediated", "经调解撤回终止或调解结案", "Settled by mediation"),
        _count("pending", "在审", "Pending"),
        _count("concluded", "审结", "Concluded"),
        MetricSpec(
            "reconsideration.comprehensive_correction_rate",
            {"zh": "综合纠错率", "en": "Comprehensive correction rate"},
            "percent",
        ),
        MetricSpec("reconsideration.upheld_rate", {"zh": "维持驳回率", "en": "Upheld or dismissed rate"}, "percent"),
    ),
)
