"""Publication of enforcement decisions (行政执法公示): decisions published within their limit, by kind and unit.

The limits (working days, by kind of decision) are the year's params block
``enforcement_publication:`` (:mod:`.settings`), counted on the State Council's holiday
arrangements (:mod:`.limits`); the register of decisions is :mod:`.register`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.audits.enforcement_publication.findings import RULES, findings
from audit.audits.enforcement_publication.register import SCHEMA
from audit.audits.enforcement_publication.settings import EnforcementPublicationParams
from audit.audits.spec import Audit, MetricSpec, RegisterRole

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


def _compute(loaded: Mapping[str, Register], params: Params) -> dict[str, Any]:
    from audit.audits.enforcement_publication.compute import compute

    return compute(loaded["enforcement_publication"], params)


def _count(name: str, zh: str, en: str) -> MetricSpec:
    return MetricSpec(f"enforcement_publication.{name}", {"zh": zh, "en": en})


AUDIT = Audit(
    key="enforcement_publication",
    package=__name__,
    title={"zh": "行政执法公示审计报告", "en": "Enforcement publication audit"},
    short_title={"zh": "执法公示", "en": "Enforcement publication"},
    registers=(
        RegisterRole(
            "enforcement_publication",
            lambda params: SCHEMA,
            {"zh": "行政执法公示登记表", "en": "Enforcement publication register"},
        ),
    ),
    compute=_compute,
    finding_rules=RULES,
    findings=findings,
    page="audit.audits.enforcement_publication.page",
    notebook="enforcement_publication",
    settings=EnforcementPublicationParams,
    metrics=(
        MetricSpec(
            "enforcement_publication.decisions",
            {"zh": "行政执法决定", "en": "Enforcement decisions"},
            headline=True,
        ),
        MetricSpec(
            "enforcement_publication.on_time_rate",
            {"zh": "执法决定按期公示率", "en": "Decisions published on time"},
            "percent",
            "higher",
            0.95,
            0.9,
            headline=True,
            basis=(
                "enforcement_publication.rate_basis.on_time_rate.numerator",
                "enforcement_publication.rate_basis.on_time_rate.denominator",
            ),
            defined_by=("enforcement_publication.limits",),
            index=True,
            short={"zh": "按期公示率", "en": "Published on time"},
        ),
        MetricSpec(
            "enforcement_publication.unpublished",
            {"zh": "逾期未公示的执法决定", "en": "Decisions unpublished past the limit"},
            "count",
            "lower",
            0,
            1,
            headline=True,
        ),
        _count("units", "行政执法单位", "Enforcement units"),
        _count("published", "已公示的执法决定", "Decisions published"),
        _count("on_time", "按期公示", "Published within the limit"),
        _count("late", "逾期公示", "Published late"),
        _count("not_yet_due", "公示期限未届满", "Not yet due"),
        MetricSpec(
            "enforcement_publication.published_rate",
            {"zh": "执法决定公示率", "en": "Share of decisions published"},
            "percent",
        ),
        MetricSpec(
            "enforcement_publication.median_delay",
            {"zh": "公示用时中位数（工作日）", "en": "Median working days to publication"},
            "number",
        ),
    ),
)
