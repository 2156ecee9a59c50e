"""Rates and how figures are written: safe division, decimal rounding, percent and count text.

Rates are stored unrounded; rounding happens only here, when a figure is displayed or compared
with a published one. Half-up is decimal half-up on the number as written (``0.26665`` →
``26.67%``), not binary float rounding.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any, Literal

Rounding = Literal["half_up", "truncate"]


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None where the denominator is 0."""
    if not denominator:
        return None
    return float(numerator) / float(denominator)


def round_decimal(value: float | Decimal, decimals: int, rounding: Rounding = "half_up") -> Decimal:
    """`value` rounded to `decimals` places by the year's rule, as an exact Decimal."""
    mode = ROUND_HALF_UP if rounding == "half_up" else ROUND_DOWN
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=mode)


def percent(rate: float | None, decimals: int = 2, rounding: Rounding = "half_up") -> str:
    """A rate in [0, 1] written as a percentage (``26.67%``); an undefined rate as ``—``."""
    if rate is None:
        return "—"
    shifted = Decimal(repr(float(rate))) * 100
    return f"{round_decimal(shifted, decimals, rounding):,}%"


def year_percent(params: Any) -> Callable[[float | None], str]:
    """:func:`percent` by a year's rule: its params' ``definitions`` (percent decimals, rounding)."""
    d = params.definitions
    return lambda rate: percent(rate, d.percent_decimals, d.rounding)


def count(value: float | None) -> str:
    """A count with thousands separators (``1,234``)."""
    if value is None:
        return "—"
    return f"{int(value):,}"


def number(value: float | None, decimals: int = 1) -> str:
    """A measure (days, points, hours) with thousands separators; whole numbers without decimals."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{round_decimal(value, decimals):,}"


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders the numbers inside a text by value: 仓司复〔2024〕3号 before 仓司复〔2024〕12号."""
    import re

    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part)
