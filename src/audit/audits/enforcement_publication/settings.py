"""The params of the enforcement publication audit (``enforcement_publication:`` in params)."""

from __future__ import annotations

from pydantic import PositiveInt

from audit.core.model import Strict

# The kinds of enforcement decision (codes of the register's 类别 column), in report order.
KINDS = ("licence", "penalty", "other")


class PublicationLimits(Strict):
    """Working days from the decision within which it is to be published (公示), by kind of decision.

    The State Council's guideline on the three enforcement systems (国办发〔2018〕118号; LAW.md,
    "Enforcement: the three systems"): information on licence (行政许可) and penalty (行政处罚)
    decisions within 7 working days of the decision, on other enforcement decisions within 20
    working days, unless a law or regulation says otherwise. A province's implementing rules may
    set shorter limits, hence params, with the national limits as defaults.

    - `licence`: 行政许可 decisions, default 7 working days;
    - `penalty`: 行政处罚 decisions, default 7 working days;
    - `other`: every other enforcement decision (行政强制, 行政检查, 行政确认 …), default 20 working days.

    Working days are the State Council's holiday arrangements (params ``calendar:``), the day of
    the decision not counted.
    """

    licence: PositiveInt = 7
    penalty: PositiveInt = 7
    other: PositiveInt = 20

    def of(self, kind: str) -> int:
        """The limit of a kind of decision, in working days."""
        return int(getattr(self, kind))


class EnforcementPublicationParams(Strict):
    """Publication of enforcement decisions (行政执法公示): the limits of the year, in working days."""

    limits: PublicationLimits = PublicationLimits()
