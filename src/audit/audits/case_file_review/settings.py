"""The case-file review's scoring standard (``case_file_review:`` in params); it differs by province."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from audit.core.model import RuleError, Strict


class GradeBand(Strict):
    """One grade of the case-file review standard: files scoring at least `min` get `name`."""

    name: str
    min: float = Field(ge=0, le=100)


DEFAULT_CATEGORIES = {
    "subject": 15.0,
    "evidence": 20.0,
    "legal_basis": 20.0,
    "procedure": 20.0,
    "documents": 15.0,
    "archiving": 10.0,
}
DEFAULT_VETO_ITEMS = {
    "subject_illegal": "主体不合法",
    "no_qualification": "无执法资格",
    "facts_unclear": "事实不清",
    "evidence_insufficient": "证据不足",
    "wrong_law": "适用法律错误",
    "procedure_illegal": "程序不合法",
    "single_officer": "执法人员少于2人",
    "ultra_vires": "超越职权",
}
# English display labels of the default grades (the grade names stay as the params write them)
GRADE_LABELS_EN = {"优秀": "excellent", "良好": "good", "合格": "pass", "不合格": "fail"}
DEFAULT_GRADES = (
    GradeBand(name="优秀", min=90),
    GradeBand(name="良好", min=80),
    GradeBand(name="合格", min=60),
    GradeBand(name="不合格", min=0),
)


class CaseFileReviewParams(Strict):
    """The scoring standard of the case-file review (行政执法案卷评查); it differs by province."""

    categories: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    veto_items: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_VETO_ITEMS))
    veto_effect: Literal["fail", "cap"] = "fail"
    veto_cap_grade: str = "合格"
    grades: tuple[GradeBand, ...] = DEFAULT_GRADES
    pass_grade: str = "合格"

    @model_validator(mode="after")
    def _consistent(self) -> CaseFileReviewParams:
        total = sum(self.categories.values())
        if abs(total - 100) > 1e-9:
            raise RuleError(
                f"category maxima must sum to 100, they sum to {total:g}", f"各评查类别分值之和为 100（现为 {total:g}）"
            )
        if any(v <= 0 for v in self.categories.values()):
            raise RuleError("every category maximum must be positive", "各评查类别分值均大于 0")
        mins = [g.min for g in self.grades]
        if len(self.grades) < 2:
            raise RuleError("at least two grade bands are needed", "至少两个等次")
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            raise RuleError(
                "grade bands must be listed highest first, with distinct minimums",
                "等次按分数线从高到低排列，分数线互不相同",
            )
        if mins[-1] != 0:
            raise RuleError("the lowest grade band must start at 0", "最低等次的分数线为 0")
        names = [g.name for g in self.grades]
        if len(set(names)) != len(names):
            raise RuleError("grade names must be distinct", "等次名称互不相同")
        for key in ("pass_grade", "veto_cap_grade"):
            if getattr(self, key) not in names:
                raise RuleError(
                    f"{key} {getattr(self, key)!r} is not one of the grades {names}",
                    f"{key} 为已设等次之一：{'、'.join(names)}（现为“{getattr(self, key)}”）",
                )
        return self
