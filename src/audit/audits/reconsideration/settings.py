"""The params of the reconsideration audit (``reconsideration:`` and ``definitions.reconsideration:``)."""

from __future__ import annotations

from typing import Literal

from pydantic import NonNegativeInt, PositiveInt

from audit.core.model import Strict


class ReconsiderationParams(Strict):
    """Statutory time limits of administrative reconsideration (行政复议法)."""

    decision_days: PositiveInt = 60
    extension_days: NonNegativeInt = 30


RateDenominator = Literal["received", "accepted", "under_review", "concluded"]


class RateDefinition(Strict):
    """How one published rate is defined: over which count it is taken."""

    denominator: RateDenominator


class ReconsiderationDefinitions(Strict):
    """Denominators of the reconsideration rates (METRICS.md "Definitions and rounding")."""

    acceptance_rate: RateDefinition = RateDefinition(denominator="received")
    correction_rate: RateDefinition = RateDefinition(denominator="concluded")
    comprehensive_correction_rate: RateDefinition = RateDefinition(denominator="concluded")
    mediation_success_rate: RateDefinition = RateDefinition(denominator="accepted")
    upheld_rate: RateDefinition = RateDefinition(denominator="concluded")
    closure_rate: RateDefinition = RateDefinition(denominator="under_review")

    def denominator(self, rate: str) -> RateDenominator:
        """The count a rate is divided by."""
        return getattr(self, rate).denominator
