"""Rule-of-law training (法治培训): the year's targets met or not, and officers' hours.

The targets are the year's params block ``training:`` (:mod:`.settings`); the register of
training events and the optional roster of officers' hours are in :mod:`.register`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.audits.spec import Audit, MetricSpec, RegisterRole
from audit.audits.training.findings import RULES, findings
from audit.audits.training.register import ROSTER_SCHEMA, SCHEMA
from audit.audits.training.settings import TrainingParams

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


def _compute(loaded: Mapping[str, Register], params: Params) -> dict[str, Any]:
    from audit.audits.training.compute import compute

    return compute(loaded["training"], loaded.get("staff_roster"), params)


AUDIT = Audit(
    key="training",
    package=__name__,
    title={"zh": "法治培训审计报告", "en": "Rule-of-law training audit"},
    short_title={"zh": "法治培训", "en": "Training"},
    registers=(
        RegisterRole("training", lambda params: SCHEMA, {"zh": "法治培训登记表", "en": "Training register"}),
        RegisterRole(
            "staff_roster",
            lambda params: ROSTER_SCHEMA,
            {"zh": "执法人员培训学时台账", "en": "Officers' training hours roster"},
            required=False,
        ),
    ),
    compute=_compute,
    finding_rules=RULES,
    findings=findings,
    page="audit.audits.training.page",
    notebook="training_compliance",
    settings=TrainingParams,
    metrics=(
        MetricSpec(
            "training.all_targets_met",
            {"zh": "培训目标全部完成", "en": "All training targets met"},
            "yes_no",
            "yes",
            headline=True,
            index=True,
            short={"zh": "培训目标完成", "en": "Training targets met"},
        ),
        MetricSpec("training.hours", {"zh": "培训总学时", "en": "Training hours in total"}, "number", headline=True),
        MetricSpec(
            "training.staff_hours_rate",
            {"zh": "执法人员学时达标率", "en": "Officers meeting the hours target"},
            "percent",
            "higher",
            0.9,
            0.75,
            headline=True,
            basis=("training.staff - training.staff_below_hours_target", "training.staff"),
            defined_by=("training.hours_target",),
            index=True,
            short={"zh": "学时达标率", "en": "Officers meeting hours"},
        ),
    ),
)
