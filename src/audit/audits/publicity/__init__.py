"""Legal publicity (法治宣传 / 普法): events, materials, audience and consultations; the required themes.

The themes and the themes a year must cover are the year's params block ``publicity:``
(:mod:`.settings`); the register of publicity events is :mod:`.register`; :mod:`.compute` gives
the metrics and :mod:`.page` the report page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.audits.publicity.findings import RULES, findings
from audit.audits.publicity.register import schema
from audit.audits.publicity.settings import PublicityParams
from audit.audits.spec import Audit, MetricSpec, RegisterRole

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


def _compute(loaded: Mapping[str, Register], params: Params) -> dict[str, Any]:
    from audit.audits.publicity.compute import compute

    return compute(loaded["publicity"], params)


AUDIT = Audit(
    key="publicity",
    package=__name__,
    title={"zh": "法治宣传（普法）审计报告", "en": "Legal publicity audit"},
    short_title={"zh": "普法", "en": "Publicity"},
    registers=(RegisterRole("publicity", schema, {"zh": "普法活动登记表", "en": "Legal publicity register"}),),
    compute=_compute,
    finding_rules=RULES,
    findings=findings,
    page="audit.audits.publicity.page",
    notebook="publicity",
    settings=PublicityParams,
    metrics=(
        MetricSpec(
            "publicity.events",
            {"zh": "法治宣传活动场次", "en": "Legal publicity events"},
            headline=True,
            index=True,
            short={"zh": "普法活动场次", "en": "Publicity events"},
        ),
        MetricSpec("publicity.materials", {"zh": "发放宣传资料（份）", "en": "Materials handed out"}, headline=True),
        MetricSpec("publicity.audience", {"zh": "直接受众（人次）", "en": "Direct audience"}, headline=True),
        MetricSpec(
            "publicity.consultations",
            {"zh": "接受法律咨询（人次）", "en": "Legal consultations answered"},
            headline=True,
        ),
        MetricSpec(
            "publicity.required_themes_met",
            {"zh": "必须开展的普法主题均已开展", "en": "Every required publicity theme covered"},
            "yes_no",
            "yes",
            headline=True,
            index=True,
            short={"zh": "普法主题", "en": "Required themes"},
        ),
        MetricSpec(
            "publicity.civil_code_materials",
            {"zh": "发放《民法典》宣传资料（份）", "en": "Civil Code materials handed out"},
        ),
    ),
)
