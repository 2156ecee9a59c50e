"""The training audit's findings: every training target of the year not met, and every unit whose officers fell short of the hours.

A missed target is the bureau's own (no unit: the district's rule-of-law work is organised at
its level); its subject is the kind of training, so the same target missed again next year is the
same finding. A unit whose enforcement officers did not all reach the yearly hours is a finding
of that unit (the roster, where the year has one).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.findings.model import Finding, Rule
from audit.registers import ROW

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

TARGET = Rule(
    "target_unmet",
    "medium",
    {"zh": "年度法治培训目标未完成", "en": "Training target of the year missed"},
    {
        "zh": "法治政府建设实施纲要关于领导干部学法和执法人员培训的要求；本年度目标：{kind}不少于 {target} 次"
        "（参数 training.targets.{code}）",
        "en": "the rule-of-law government outline's call for training of leading officials and officers; the year's "
        "target: at least {target} {kind_en} (params training.targets.{code})",
    },
    {
        "zh": "将{kind}列入下一年度法治培训计划并明确时间节点，由区司法局督促落实",
        "en": "put the {kind_en} in next year's training plan with a date, and have the justice bureau follow it up",
    },
    covers=("training.all_targets_met",),
)
HOURS = Rule(
    "staff_hours_short",
    "low",
    {"zh": "执法人员年度学时未达标", "en": "Officers short of the yearly training hours"},
    {
        "zh": "{source}：执法人员每人每年接受不少于 {hours} 学时的法律知识培训（参数 training.hours_per_officer）",
        "en": "{source_en}: at least {hours} hours of legal training a year for every enforcement officer (params "
        "training.hours_per_officer)",
    },
    {
        "zh": "组织学时不足的执法人员参加补训，并将学时完成情况纳入年度考核",
        "en": "have the officers short of hours make them up, and count the hours in their yearly assessment",
    },
    covers=("training.staff_hours_rate",),
)
RULES = (TARGET, HOURS)
OUTLINE_2021 = 2021  # the 2021–2025 outline, issued in August 2021, sets the 60 hours (../shared/LAW.md)


def hours_source(year: int) -> dict[str, str]:
    """Where the yearly hours target comes from: the 2021–2025 outline, or, before it, the year's params alone."""
    if year >= OUTLINE_2021:
        return {
            "source": "《法治政府建设实施纲要（2021—2025年）》",
            "source_en": "the 2021–2025 rule-of-law government outline",
        }
    return {
        "source": "本年度参数所定目标（该学时标准出自2021年8月印发的《法治政府建设实施纲要（2021—2025年）》，"
        "用于本年度系本次审计的选择）",
        "source_en": "the year's params (the hours come from the 2021–2025 outline, issued in August 2021; applying "
        "them to this year is this audit's choice)",
    }


def findings(
    loaded: Mapping[str, Register], params: Params, block: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> list[Finding]:
    """A finding per missed target, and per unit with officers below the hours target (see the module's doc)."""
    from audit.audits.training.register import KINDS

    labels = {c.code: (c.zh_label, c.en) for c in KINDS}
    found = []
    for target in block["targets"]:
        if target["met"]:
            continue
        code = target["kind"]
        zh, en = labels.get(code, (code, code.replace("_", " ")))
        text = {
            "zh": f"{zh}本年度举办 {target['actual']} 次，目标 {target['target']} 次，差 {target['shortfall']} 次",
            "en": f"{target['actual']} {en} held this year against a target of {target['target']} "
            f"({target['shortfall']} short)",
        }
        rows = loaded["training"].data.loc[loaded["training"].data["kind"].eq(code), ROW]
        found.append(
            TARGET.finding(
                "training",
                code,
                None,
                text,
                (),
                "training",
                rows,
                kind=zh,
                kind_en=en,
                target=target["target"],
                code=code,
            )
        )
    roster = loaded.get("staff_roster")
    if roster is None or not block.get("roster"):
        return found
    hours = params.training.hours_per_officer
    d = roster.data
    short = d[d["hours"].to_numpy(dtype="float64") < float(hours)]
    for unit, rows in short.groupby("unit", sort=True):
        staff = int(d["unit"].eq(unit).sum())
        text = {
            "zh": f"{unit}执法人员 {staff} 人中 {len(rows)} 人年度学时不足 {hours:g} 学时",
            "en": f"{len(rows)} of the {staff} enforcement officers of {unit} had fewer than {hours:g} hours of training",
        }
        # the roster's rows, not its officers' certificate numbers: a finding names no person
        found.append(
            HOURS.finding(
                "training",
                str(unit),
                str(unit),
                text,
                (),
                "staff_roster",
                rows[ROW],
                hours=f"{hours:g}",
                **hours_source(params.year),
            )
        )
    return found
