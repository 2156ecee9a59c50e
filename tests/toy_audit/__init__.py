"""A toy audit that lives outside the package: proof that an audit is one package and one registry line.

Publicity events (普法活动): one row per event with its date, theme and audience. The tests add it
to the registry with ``AUDIT_EXTRA_AUDITS=toy_audit`` and run it end to end.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import NonNegativeInt

from audit.audits.spec import Audit, MetricSpec, RegisterRole
from audit.core.model import Strict
from audit.registers.schema import Column, RegisterSchema

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

SCHEMA = RegisterSchema(
    key="toy_events",
    title_en="Publicity events register",
    title_zh="普法活动登记表",
    columns=(
        Column("date", "日期", "date", required=True),
        Column("theme", "主题", required=True),
        Column("audience", "受众人次", "integer", minimum=0),
    ),
)


class ToySettings(Strict):
    """The toy audit's params block (``toy:``)."""

    minimum_events: NonNegativeInt = 1


def compute(loaded: Mapping[str, Register], params: Params) -> dict[str, Any]:
    """The toy block of metrics.json."""
    data = loaded["toy_events"].data
    events = len(data)
    return {
        "events": events,
        "audience": int(data["audience"].fillna(0).sum()),
        "enough_events": events >= params.toy.minimum_events,
    }


AUDIT = Audit(
    key="toy",
    package=__name__,
    title={"zh": "普法活动审计报告", "en": "Publicity events audit"},
    short_title={"zh": "普法活动", "en": "Publicity"},
    registers=(
        RegisterRole("toy_events", lambda params: SCHEMA, {"zh": "普法活动登记表", "en": "Publicity events register"}),
    ),
    compute=compute,
    page="toy_audit.page",
    notebook="toy_events",
    settings=ToySettings,
    metrics=(
        MetricSpec("toy.events", {"zh": "普法活动场次", "en": "Publicity events"}, headline=True, index=True),
        MetricSpec("toy.enough_events", {"zh": "活动场次达标", "en": "Enough events"}, "yes_no", "yes", headline=True),
        MetricSpec("toy.audience", {"zh": "受众人次", "en": "Audience"}),
    ),
)
