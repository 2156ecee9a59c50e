"""Rates and number formats: decimal half-up and truncation, never binary float rounding."""

from __future__ import annotations

import pytest

from audit.core.numbers import count, number, percent, ratio


def test_ratio_is_null_on_a_zero_denominator():
    assert ratio(1, 0) is None and ratio(0, 4) == 0.0 and ratio(12, 45) == pytest.approx(0.2666666)


@pytest.mark.parametrize(
    "rate, decimals, rounding, text",
    [
        (12 / 45, 2, "half_up", "26.67%"),
        (0.26665, 2, "half_up", "26.67%"),  # a binary float would round this down
        (0.26665, 2, "truncate", "26.66%"),
        (12 / 45, 1, "truncate", "26.6%"),
        (0.192, 1, "half_up", "19.2%"),
        (0.00125, 2, "half_up", "0.13%"),
        (1.0, 2, "half_up", "100.00%"),
        (0.0, 0, "half_up", "0%"),
        (None, 2, "half_up", "—"),
    ],
)
def test_percent(rate, decimals, rounding, text):
    assert percent(rate, decimals, rounding) == text


def test_counts_and_measures_have_thousands_separators():
    assert count(1234567) == "1,234,567" and count(None) == "—"
    assert number(49.0) == "49" and number(79.25) == "79.3" and number(12345.5) == "12,345.5"
