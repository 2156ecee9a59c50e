"""Claims check: the figures the bureau published, recomputed from the registers.

Each ``reported:`` entry of the params maps a dotted metrics.json key to a figure as published.
The recomputed figure is written at the precision the published one is written with (``"19.2%"``:
one decimal of a percent; ``"26.67%"``: two; ``55``: a whole number), rounded by the year's
rule, and compared as written. A key that names no metric is an *unverifiable* claim: listed,
never dropped, never an error of the run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from audit.core.headlines import lookup
from audit.core.numbers import Rounding, round_decimal

Verdict = Literal["match", "mismatch", "unverifiable"]
_NUMBER = re.compile(r"^\s*([+-]?\d[\d,]*(?:\.\d+)?)\s*(%?)\s*$")


def _written(reported: object) -> tuple[Decimal, int, bool] | None:
    """A published figure as (number, decimals, is_percent), or None when it is not a number."""
    if isinstance(reported, bool):
        return None
    text = repr(reported) if isinstance(reported, float) else str(reported)
    match = _NUMBER.match(text)
    if not match:
        return None
    digits, percent = match.groups()
    digits = digits.replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    try:
        return Decimal(digits), decimals, bool(percent)
    except InvalidOperation:
        return None


def check_claim(key: str, reported: object, metrics: Mapping[str, Any], rounding: Rounding) -> dict[str, Any]:
    """One claim: {key, reported, computed, display, match, verdict}."""
    record: dict[str, Any] = {
        "key": key,
        "reported": reported,
        "computed": None,
        "display": None,
        "match": False,
        "verdict": "unverifiable",
    }
    try:
        computed = lookup(metrics, key)
    except KeyError:
        return record
    written = _written(reported)
    if computed is None and written is not None:  # published, but the registers give no such figure
        record.update(display="—", verdict="mismatch")
        return record
    if isinstance(computed, bool) or not isinstance(computed, (int, float)) or written is None:
        if computed is not None and not isinstance(computed, (dict, list)):
            record["computed"] = computed
        return record
    number, decimals, is_percent = written
    shown = round_decimal(Decimal(repr(float(computed))) * (100 if is_percent else 1), decimals, rounding)
    display = f"{shown}%" if is_percent else str(shown)
    match = shown == number.quantize(Decimal(1).scaleb(-decimals))
    record.update(computed=computed, display=display, match=match, verdict="match" if match else "mismatch")
    return record


def check_claims(
    reported: Mapping[str, object], metrics: Mapping[str, Any], rounding: Rounding
) -> list[dict[str, Any]]:
    """Every claim of the year, mismatches first, then unverifiable ones, then matches (each in params order)."""
    order = {"mismatch": 0, "unverifiable": 1, "match": 2}
    records = [check_claim(k, v, metrics, rounding) for k, v in reported.items()]
    return sorted(records, key=lambda r: order[r["verdict"]])
