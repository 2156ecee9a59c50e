"""The case-file review's findings: every file with a veto item, and every other file that failed.

One finding per case file (its number is the subject, so a file reviewed in two rounds is one
finding with both rows as evidence); the responsible unit is the enforcement unit whose file it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.findings.model import Finding, Rule
from audit.registers import ROW

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

VETOED = Rule(
    "vetoed_file",
    "high",
    {"zh": "案卷存在否决项", "en": "Case file with a veto item"},
    {
        "zh": "本年度行政执法案卷评查标准：存在否决项的案卷{effect}（参数 case_file_review.veto_items、veto_effect）",
        "en": "the year's case-file review standard: a file with a veto item {effect_en} "
        "(params case_file_review.veto_items, veto_effect)",
    },
    {
        "zh": "责成执法单位对该案件依法自查纠正，追究有关执法人员责任，并对同类案件开展专项检查",
        "en": "have the unit review and correct the case, hold the officers concerned to account, and check its "
        "cases of the same kind",
    },
    covers=("case_file_review.veto_files", "case_file_review.legality_rate"),
)
FAILED = Rule(
    "failed_file",
    "medium",
    {"zh": "案卷评查不合格", "en": "Case file below the pass grade"},
    {
        "zh": "本年度行政执法案卷评查标准：{pass_grade}及以上为合格（参数 case_file_review.pass_grade）",
        "en": "the year's case-file review standard: a grade of {pass_grade_en} or better passes (params "
        "case_file_review.pass_grade)",
    },
    {
        "zh": "责成执法单位对照评查扣分项逐项整改，完善案卷并加强执法文书制作和案卷管理培训",
        "en": "have the unit correct each point deducted, complete the file, and train its officers in documents "
        "and file keeping",
    },
    covers=("case_file_review.pass_rate",),
)
RULES = (VETOED, FAILED)


def _en(grade: str) -> str:
    """A grade's English label where it has one (a default grade), else its name as the params write it."""
    from audit.audits.case_file_review.settings import GRADE_LABELS_EN

    return GRADE_LABELS_EN.get(grade, grade)


def _effect(params: Params) -> dict[str, str]:
    standard = params.case_file_review
    if standard.veto_effect == "fail":
        return {"effect": "评为不合格", "effect_en": "fails"}
    return {
        "effect": f"最高评为{standard.veto_cap_grade}",
        "effect_en": f"is graded at most {_en(standard.veto_cap_grade)}",
    }


def findings(
    loaded: Mapping[str, Register], params: Params, block: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> list[Finding]:
    """A finding per vetoed file and per failed file without a veto item (see the module's doc)."""
    from audit.audits.case_file_review.compute import file_frame
    from audit.audits.case_file_review.register import VETO_LABELS_EN

    register = loaded["case_file_review"]
    frame = file_frame(register, params)
    frame[ROW] = register.data[ROW]
    labels = params.case_file_review.veto_items
    found = []
    for case_id, rows in frame[frame["vetoed"] | ~frame["passed"]].groupby("case_id", sort=False):
        units = sorted(set(rows["unit"].astype(str)))
        unit = "、".join(units)
        rounds = "、".join(sorted(set(rows["round"].astype(str))))
        codes = sorted({code for items in rows["veto_items"] if items for code in items})
        problems = "；".join(text for text in rows["findings"] if isinstance(text, str) and text)
        score = "、".join(f"{s:g}" for s in rows["raw_score"])
        vetoed = bool(rows["vetoed"].any())
        if vetoed:
            zh_items = "、".join(labels.get(c, c) for c in codes)
            en_items = ", ".join(VETO_LABELS_EN.get(c, c.replace("_", " ")) for c in codes)
            text = {
                "zh": f"{unit}案卷 {case_id}（{rounds}批次，得分 {score}）存在否决项：{zh_items}",
                "en": f"case file {case_id} of {unit} (round {rounds}, score {score}) has veto items: {en_items}",
            }
        else:
            grade = "、".join(sorted(set(rows["grade"].astype(str))))
            grade_en = ", ".join(_en(g) for g in sorted(set(rows["grade"].astype(str))))
            text = {
                "zh": f"{unit}案卷 {case_id}（{rounds}批次）得分 {score}，评为{grade}",
                "en": f"case file {case_id} of {unit} (round {rounds}) scored {score}, graded {grade_en}",
            }
        if problems:
            text = {"zh": f"{text['zh']}；主要问题：{problems}", "en": f"{text['en']}; main problems: {problems}"}
        rule = VETOED if vetoed else FAILED
        found.append(
            rule.finding(
                "case_file_review",
                str(case_id),
                unit,
                text,
                (str(case_id),),
                "case_file_review",
                rows[ROW],
                pass_grade=params.case_file_review.pass_grade,
                pass_grade_en=_en(params.case_file_review.pass_grade),
                **_effect(params),
            )
        )
    return found
