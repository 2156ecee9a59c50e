"""The legal advisers' work register — 法律顾问工作台账 (docs/registers.md).

One row per piece of work a legal adviser (法律顾问) did for a unit of the district in the
audited year: a contract or agreement reviewed, a major decision argued, a meeting on legal
questions attended, a consultation answered, a lawsuit conducted, or other work. The adviser
(a lawyer's or a law firm's name) is personal data: read for validation only, never shown.

A contract review may be marked as concerning a major project (重大项目 = 是): the seed report
counts those (重大项目协议法律审查). Only a contract review can carry that mark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from audit.registers.schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from audit.core.errors import Problem
    from audit.core.params import Params
    from audit.registers.load import Register

KINDS = (
    Choice(
        "contract_review",
        "contract or agreement review",
        ("合同协议审查", "合同审查", "协议审查", "合同协议审核", "合同审核", "协议法律审查"),
    ),
    Choice(
        "major_decision",
        "major decision argued",
        ("重大决策论证", "重大行政决策论证", "重大决策法律论证", "决策论证"),
    ),
    Choice(
        "legal_meeting",
        "meeting on legal questions",
        ("涉法专项会议", "涉法会议", "参加涉法会议", "涉法问题会议"),
    ),
    Choice("consultation", "legal consultation", ("法律咨询", "咨询", "法律意见", "出具法律意见")),
    Choice("litigation", "litigation", ("诉讼代理", "代理诉讼", "代理应诉", "诉讼仲裁代理")),
    Choice("other", "other", ("其他", "其它")),
)
KIND_CODES = tuple(c.code for c in KINDS)


def _checks(register: Register, params: Params) -> list[Problem]:
    d = register.data
    problems: list[Problem] = []
    problems += register.problems(
        register.dated_outside("date", params.year),
        "date",
        f"a date in {params.year} (the audited year)",
        f"{params.year} 年内的日期（审计年度）",
    )
    problems += register.problems(
        d["major_project"].astype(bool) & d["kind"].notna() & d["kind"].ne("contract_review"),
        "major_project",
        "no (否) or blank: only a contract or agreement review (类别 = 合同协议审查) concerns a major project",
        "否或空白：只有类别为“合同协议审查”的工作才标注重大项目",
    )
    return problems


SCHEMA = RegisterSchema(
    key="legal_advisers",
    title_en="Legal advisers' work register",
    title_zh="法律顾问工作台账",
    columns=(
        Column("ref", "编号", zh_aliases=("登记编号", "台账编号")),
        Column("date", "日期", "date", required=True, zh_aliases=("工作日期", "办理日期")),
        Column("unit", "服务单位", required=True, zh_aliases=("单位", "聘请单位"), unit=True),
        Column("kind", "类别", "category", required=True, choices=KINDS, zh_aliases=("工作类别",)),
        Column("major_project", "重大项目", "flag", zh_aliases=("是否重大项目",)),
        Column("matter", "事项", required=True, zh_aliases=("工作事项", "事项名称")),
        Column("adviser", "法律顾问", private=True, zh_aliases=("承办律师", "顾问")),
    ),
    unique=("ref",),
    checks=(_checks,),
)
