"""The training register — 法治培训登记表 — and the officers' hours roster (docs/registers.md).

One row per rule-of-law training event of the year; an event's kind decides which of the
year's targets it counts toward. The optional roster — 执法人员培训学时台账 — has one row per
enforcement officer with the hours of training the officer took in the year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from audit.audits.training.settings import TRAINING_KINDS
from audit.registers.schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from audit.core.errors import Problem
    from audit.core.params import Params
    from audit.registers.load import Register

KINDS = (
    Choice(
        "leadership_course",
        "leadership rule-of-law course",
        ("领导干部法治专题培训班", "领导干部法治培训班", "领导干部法治专题研讨班", "领导干部学法培训班"),
    ),
    Choice(
        "leadership_lecture",
        "leadership rule-of-law lecture",
        (
            "领导班子法治专题讲座",
            "法治讲座",
            "区委理论学习中心组学法",
            "区政府领导班子法治专题讲座",
            "法治专题讲座",
            "领导班子法治讲座",
            "理论学习中心组学法",
            "中心组学法",
        ),
    ),
    Choice(
        "staff_training",
        "enforcement staff training",
        ("执法人员培训", "法制员培训", "行政执法人员培训", "执法人员法治培训", "基层法制员培训", "法制员专题培训"),
    ),
    Choice("pre_meeting_study", "pre-meeting law study", ("会前学法", "常务会议会前学法")),
    Choice("other", "other", ("其他", "其它")),
)
assert tuple(c.code for c in KINDS) == TRAINING_KINDS, "settings.TRAINING_KINDS and the register's kinds differ"


def _in_year(register: Register, params: Params) -> list[Problem]:
    """Every event must be dated in the audited year."""
    return register.problems(
        register.dated_outside("date", params.year),
        "date",
        f"a date in {params.year} (the audited year)",
        f"{params.year} 年内的日期（审计年度）",
    )


SCHEMA = RegisterSchema(
    key="training",
    title_en="Rule-of-law training register",
    title_zh="法治培训登记表",
    columns=(
        Column("date", "日期", "date", required=True, zh_aliases=("培训日期", "举办日期")),
        Column("title", "名称", required=True, zh_aliases=("培训名称", "主题")),
        Column("kind", "类别", "category", required=True, choices=KINDS, zh_aliases=("培训类别",)),
        Column("audience", "对象", zh_aliases=("培训对象",)),
        Column("participants", "参训人数", "integer", minimum=0),
        Column("hours", "学时", "number", minimum=0),
        Column("organizer", "主办单位"),
    ),
    checks=(_in_year,),
)

ROSTER_SCHEMA = RegisterSchema(
    key="staff_roster",
    title_en="Officers' training hours roster",
    title_zh="执法人员培训学时台账",
    columns=(
        Column("person_id", "人员编号", required=True, zh_aliases=("执法证号",), identifying=True),
        Column("unit", "执法单位", required=True, unit=True),
        Column("hours", "年度学时", "number", required=True, minimum=0),
        Column("name", "姓名", private=True),
    ),
    unique=("person_id",),
)
