"""The two registers of findings: findings added by hand (问题清单) and the rectification ledger (整改台账).

Both are optional registers of a year (``registers: findings:`` and ``registers: rectification:``).
A year's rectification ledger follows up last year's findings: one row per finding id, with who
must act (a role, never a name in a report), by when, and how far it got. ``audit new-year`` writes
both as Excel templates, the ledger pre-filled with every finding of the year before that was
still open (:mod:`audit.pipeline.newyear`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from audit.core.errors import Problem
from audit.registers.schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers.load import Register

SEVERITY_CHOICES = (
    Choice("high", "high", ("高", "重大", "严重")),
    Choice("medium", "medium", ("中", "一般")),
    Choice("low", "low", ("低", "轻微")),
)

# 整改状态: the ledger's four states; an empty cell is 未整改 (nothing reported yet).
STATUS_CHOICES = (
    Choice("open", "not rectified", ("未整改",)),
    Choice("in_progress", "being rectified", ("整改中", "正在整改")),
    Choice("rectified", "rectified", ("已整改", "已完成整改", "整改完成")),
    Choice("cannot", "cannot be rectified", ("无法整改", "不能整改")),
)
STATUS_ZH = {c.code: c.zh_label for c in STATUS_CHOICES}


def _audit_choices() -> tuple[Choice, ...]:
    from audit.audits import AUDITS

    return tuple(Choice(a.key, a.short_title["en"], (a.short_title["zh"], a.title["zh"])) for a in AUDITS)


def _manual_checks(register: Register, params: Params) -> list[Problem]:
    """A rule written by hand must not be one the audit computes itself (its id would clash)."""
    from audit.audits import AUDITS
    from audit.findings.derive import HEADLINE_RED

    computed = {(a.key, rule.code) for a in AUDITS for rule in (*a.finding_rules, HEADLINE_RED)}
    d = register.data
    clash = [(audit, rule) in computed for audit, rule in zip(d["audit"], d["rule"])]
    return register.problems(
        clash,
        "rule",
        "a rule of your own: this audit finds this rule itself (its findings are listed without a row here)",
        "自定义的问题类型：本审计已自动发现此类问题，无需手工登记",
    )


def findings_schema(params: Params) -> RegisterSchema:
    """The schema of the findings an auditor adds by hand (with the same fields as the computed ones)."""
    return RegisterSchema(
        key="findings",
        title_en="Findings added by the auditor",
        title_zh="审计发现问题清单",
        columns=(
            Column("audit", "审计事项", "category", required=True, choices=_audit_choices(), zh_aliases=("审计项目",)),
            Column("rule", "问题类型", required=True, zh_aliases=("规则",)),
            Column("subject", "问题对象", required=True, zh_aliases=("对象", "案号/单位")),
            Column("unit", "责任单位", zh_aliases=("整改单位",), unit=True),
            Column("severity", "严重程度", "category", required=True, choices=SEVERITY_CHOICES),
            Column("text", "问题描述", required=True, zh_aliases=("发现问题",)),
            Column("basis", "依据", required=True, zh_aliases=("违反规定", "法律依据")),
            Column("recommendation", "整改建议", required=True, zh_aliases=("审计建议",)),
            Column("evidence", "证据", zh_aliases=("证据（案号）", "佐证案号")),
        ),
        unique=("audit", "rule", "subject"),
        checks=(_manual_checks,),
        may_be_empty=True,
    )


def _ledger_checks(register: Register, params: Params) -> list[Problem]:
    d = register.data
    done = d["status"].eq("rectified").to_numpy()
    completed = d["completed_on"].notna().to_numpy()
    problems = register.problems(
        done & ~completed,
        "completed_on",
        "the date the rectification was completed (the status is 已整改)",
        "整改完成日期（整改状态为“已整改”）",
    )
    problems += register.problems(
        completed & ~done,
        "completed_on",
        "empty: only a rectified finding (已整改) has a completion date",
        "空白：整改状态为“已整改”时才填写完成日期",
    )
    problems += register.problems(
        done & d["verified_by"].isna().to_numpy(),
        "verified_by",
        "the role of whoever verified the rectification (e.g. 法制审核科科长)",
        "核查人职务（整改状态为“已整改”）",
    )
    return problems


def rectification_schema(params: Params) -> RegisterSchema:
    """The schema of the rectification ledger (整改台账): one row per finding of last year followed up."""
    return RegisterSchema(
        key="rectification",
        title_en="Rectification ledger",
        title_zh="整改台账",
        columns=(
            Column("finding_id", "问题编号", required=True, zh_aliases=("发现编号",)),
            Column("text", "问题描述", zh_aliases=("发现问题",)),
            Column("unit", "责任单位", zh_aliases=("整改单位",), unit=True),
            Column("responsible_role", "责任人职务", zh_aliases=("责任人岗位", "责任领导职务")),
            Column("deadline", "整改时限", "date", zh_aliases=("完成时限",)),
            Column("status", "整改状态", "category", choices=STATUS_CHOICES, blank="open"),
            Column("completed_on", "完成日期", "date", zh_aliases=("整改完成日期",)),
            Column("evidence_ref", "佐证材料", zh_aliases=("整改佐证",)),
            Column("verified_by", "核查人职务", zh_aliases=("验证人职务", "核查岗位")),
        ),
        unique=("finding_id",),
        checks=(_ledger_checks,),
        may_be_empty=True,
    )
