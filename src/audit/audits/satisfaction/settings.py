"""The params of the satisfaction audit (``satisfaction:``): the target rate and what counts as satisfied."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from audit.audits.satisfaction.register import ANSWERS
from audit.core.model import RuleError, Strict
from audit.registers.schema import normalise_label

Answer = Literal[
    "very_satisfied", "satisfied", "fairly_satisfied", "neutral", "dissatisfied", "very_dissatisfied", "no_opinion"
]
DISSATISFIED: tuple[Answer, ...] = ("dissatisfied", "very_dissatisfied")
_CODES = {normalise_label(spelling): c.code for c in ANSWERS for spelling in (c.code, c.en, *c.zh)}


class SatisfactionParams(Strict):
    """Enforcement satisfaction (行政执法满意度): the year's target and the definition of satisfied.

    - `target_rate`: the satisfaction rate the year should reach (met at or above it). No law or
      national document sets one: the outlines for rule-of-law government (法治政府建设实施纲要
      2015–2020 and 2021–2025) call for a government "the people are satisfied with" (人民满意)
      without a figure, so the target is the bureau's own (the district's rule-of-law performance
      assessment, 依法行政绩效考核). The default 0.95 stands in for it; write the year's target.
    - `satisfied_answers`: the answers of a per-response register that count as satisfied. By
      default 非常满意, 满意 and 基本满意, as such surveys usually define 满意率
      ((满意 + 基本满意) ÷ respondents). An answer of dissatisfaction can never count as satisfied.
    - `not_counted_answers`: answers that are no rating of the enforcement and are left out of the
      respondents (the rate's denominator) as well; by default 不了解 / 说不清 (`no_opinion`). They
      are counted and shown apart. Write `[]` to count everyone surveyed.

    Answers are written as their codes (`satisfied`) or as the register writes them (满意).
    A per-survey register's 满意人数 is the survey's own tally: these two lists apply to
    per-response registers only.
    """

    target_rate: float = Field(default=0.95, ge=0, le=1)
    satisfied_answers: tuple[Answer, ...] = ("very_satisfied", "satisfied", "fairly_satisfied")
    not_counted_answers: tuple[Answer, ...] = ("no_opinion",)

    @field_validator("satisfied_answers", "not_counted_answers", mode="before")
    @classmethod
    def _as_codes(cls, value: object) -> object:
        if isinstance(value, (list, tuple)):
            return tuple(_CODES.get(normalise_label(v), v) if isinstance(v, str) else v for v in value)
        return value

    @model_validator(mode="after")
    def _definition_holds(self) -> SatisfactionParams:
        if not self.satisfied_answers:
            raise RuleError(
                "at least one answer that counts as satisfied (such as satisfied, fairly_satisfied)",
                "至少一种计为满意的评价（如 satisfied 满意、fairly_satisfied 基本满意）",
                key="satisfied_answers",
            )
        wrong = [a for a in DISSATISFIED if a in self.satisfied_answers]
        if wrong:
            raise RuleError(
                f"answers of satisfaction only: {', '.join(wrong)} cannot count as satisfied",
                f"只能是表示满意的评价：{'、'.join(_zh(a) for a in wrong)}不能计为满意",
                key="satisfied_answers",
            )
        both = [a for a in self.satisfied_answers if a in self.not_counted_answers]
        if both:
            raise RuleError(
                f"answers not also counted as satisfied: {', '.join(both)} is in satisfied_answers",
                f"不能同时计为满意的评价：{'、'.join(_zh(a) for a in both)}已在 satisfied_answers 中",
                key="not_counted_answers",
            )
        return self


def _zh(code: str) -> str:
    return next(f"{c.zh_label}（{c.code}）" for c in ANSWERS if c.code == code)
