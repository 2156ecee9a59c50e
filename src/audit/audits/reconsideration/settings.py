"""The params of the reconsideration audit (``reconsideration:`` and ``definitions.reconsideration:``)."""

from __future__ import annotations

from typing import Literal

from pydantic import NonNegativeInt, PositiveInt

from audit.core.model import Strict

Law = Literal["2023", "1999"]


class ReconsiderationParams(Strict):
    """Statutory time limits of administrative reconsideration (行政复议法; ../shared/LAW.md).

    - `decision_days`: ordinary procedure, calendar days from acceptance (2023 text art. 62; the
      1999 text art. 31), the last day moved to the next working day when it is a rest day;
    - `extension_days`: added where the head of the reconsideration body extended it (same articles);
    - `simplified_days`: simplified procedure (简易程序), calendar days from acceptance (2023 text
      art. 62); the 1999 text has no simplified procedure;
    - `acceptance_review_days`: working days from receipt to the decision whether to accept (2023
      text art. 30; 1999 text art. 17 with art. 40), the time spent correcting materials not counted
      (2023 text art. 31);
    - `law`: the text a year is audited under: "2023" (in force 2024-01-01) or "1999" (as amended
      in 2009 and 2017); by default the one in force in the audited year;
    - `reviewing_body`: the names by which a register would name the reviewing government itself,
      which cannot be a respondent in its own register (a case against it goes to the government
      above): such cases are listed as a warning.
    """

    decision_days: PositiveInt = 60
    extension_days: NonNegativeInt = 30
    simplified_days: PositiveInt = 30
    acceptance_review_days: PositiveInt = 5
    law: Law | None = None
    reviewing_body: tuple[str, ...] = ("区人民政府", "区政府")

    def law_for(self, year: int) -> Law:
        """The text of the law the year is audited under."""
        return self.law or ("2023" if year >= 2024 else "1999")


RateDenominator = Literal["received", "accepted", "under_review", "concluded"]
NumeratorScope = Literal["year", "within"]
DENOMINATORS: tuple[RateDenominator, ...] = ("received", "accepted", "under_review", "concluded")
SCOPES: tuple[NumeratorScope, ...] = ("year", "within")


class RateDefinition(Strict):
    """How one published rate is defined: over which count it is taken, and which cases its numerator counts.

    `numerator_scope`: ``year`` (the default) counts every case of the year with the rate's
    outcome, whichever year it was received — how annual reports count, as flows of the year: a
    case received last year and mediated this year counts toward this year's mediation rate;
    ``within`` counts only the cases of the denominator.
    """

    denominator: RateDenominator
    numerator_scope: NumeratorScope = "year"


class ReconsiderationDefinitions(Strict):
    """Denominators of the reconsideration rates (docs/params.md, "definitions:")."""

    acceptance_rate: RateDefinition = RateDefinition(denominator="received")
    correction_rate: RateDefinition = RateDefinition(denominator="concluded")
    comprehensive_correction_rate: RateDefinition = RateDefinition(denominator="concluded")
    mediation_success_rate: RateDefinition = RateDefinition(denominator="accepted")
    upheld_rate: RateDefinition = RateDefinition(denominator="concluded")
    closure_rate: RateDefinition = RateDefinition(denominator="under_review")

    def denominator(self, rate: str) -> RateDenominator:
        """The count a rate is divided by."""
        return getattr(self, rate).denominator

    def scope(self, rate: str) -> NumeratorScope:
        """Which cases a rate's numerator counts: the year's, or only its denominator's."""
        return getattr(self, rate).numerator_scope
