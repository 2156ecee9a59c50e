"""Training targets of the year (``training:`` in params)."""

from __future__ import annotations

from pydantic import Field, NonNegativeInt, model_validator

from audit.core.model import RuleError, Strict

# The kinds of training event (codes of the training register's 类别 column).
TRAINING_KINDS = ("leadership_course", "leadership_lecture", "staff_training", "pre_meeting_study", "other")


class TrainingParams(Strict):
    """Training targets of the year (defaults: the seed's 2021 plan, 60 h per officer)."""

    targets: dict[str, NonNegativeInt] = Field(
        default_factory=lambda: {"leadership_course": 1, "leadership_lecture": 2, "staff_training": 1}
    )
    hours_per_officer: float = Field(default=60, ge=0)

    @model_validator(mode="after")
    def _known_kinds(self) -> TrainingParams:
        unknown = [k for k in self.targets if k not in TRAINING_KINDS]
        if unknown:
            raise RuleError(
                f"unknown training kind(s) {', '.join(unknown)}; known: {', '.join(TRAINING_KINDS)}",
                f"培训类别代码之一：{'、'.join(TRAINING_KINDS)}（{'、'.join(unknown)} 不是培训类别）",
            )
        return self
