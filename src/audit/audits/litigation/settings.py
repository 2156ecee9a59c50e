"""Litigation targets and rate definitions (``litigation:`` and ``definitions.litigation:`` in params)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from audit.core.model import Strict


class LitigationTargets(Strict):
    """Targets of administrative litigation: head-of-agency appearance in court, loss rate."""

    head_appearance_rate: float = Field(default=0.9, ge=0, le=1)
    loss_rate: float = Field(default=0.10, ge=0, le=1)


class LitigationParams(Strict):
    """Administrative litigation (行政应诉) targets of the year."""

    targets: LitigationTargets = LitigationTargets()


class LossRateDefinition(Strict):
    """Over which cases the litigation loss rate (败诉率) is taken."""

    denominator: Literal["judgments", "concluded"] = "judgments"


class LitigationDefinitions(Strict):
    """Denominators of the litigation rates: loss rate over judgments (default) or all concluded cases."""

    loss_rate: LossRateDefinition = LossRateDefinition()
