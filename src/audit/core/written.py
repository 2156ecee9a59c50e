"""Figures as annual reports write them: "55", "26.67%", "64余", "4万余", "6.3万", "三十余万", "约19.2%", "超过90%".

:func:`read` turns a published figure into a :class:`Written`: the number, the unit of the last
place it is written to, whether it is a percent, and what its words bound it by:

- ``exact`` (no word, or 共/合计): the figure at its written precision; a computed value matches
  when it rounds to it at that place by the year's rule (``26.67%``: two decimals of a percent);
- ``about`` (近 / 约 / 左右 / 大约 / 接近 / 将近): the same, at its written precision (``6.3万``:
  63,000 at the thousands, 62,500 ≤ x < 63,500 rounding half up; ``近20%``: 20% at whole percents);
- ``at_least`` (余 / 多 / 以上 / 超过 / 逾 / 多于): at least the figure, below the next unit of
  the place of its last non-zero digit (``1400余``: 1,400 ≤ x < 1,500; ``4万余``: 40,000 ≤ x <
  50,000; ``64余``: 64 ≤ x < 65; ``三十余万``: 300,000 ≤ x < 400,000).

Chinese numerals (三十, 一千四百, 两万) and the multipliers 万 and 亿 are read; a measure word
after the figure (件, 次, 人次, 份, 场次, 元 …) is dropped. A text that is none of these is not a
figure (None): its claim is unverifiable, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from audit.core.numbers import Rounding

Bound = Literal["exact", "about", "at_least"]

_AT_LEAST_BEFORE = ("超过", "多于", "大于", "逾", "超")
_AT_LEAST_AFTER = ("以上", "有余", "余", "多")
_ABOUT_BEFORE = ("将近", "接近", "大约", "约", "近")
_ABOUT_AFTER = ("左右", "上下")
_EXACT_BEFORE = ("共计", "合计", "共")
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000), "百": Decimal(100)}
_MEASURE = re.compile(r"(余?(人次|场次|件次|[件次份场个人家项期起条篇元户名所座]))$")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARABIC = re.compile(r"^\d[\d,]*(?:\.\d+)?$|^\.\d+$")


@dataclass(frozen=True)
class Written:
    """A published figure: `number` in plain units (a percent as written: 19.2 for "19.2%"), the unit of its
    last place (`place`), whether it is a `percent`, and the `bound` its words give."""

    text: str
    number: Decimal
    place: Decimal
    percent: bool
    bound: Bound

    @property
    def low(self) -> Decimal:
        """The least value the figure admits (as written, before rounding: see :meth:`admits`)."""
        return self.number

    @property
    def high(self) -> Decimal:
        """For ``at_least``: the value it stays below (the next unit of its place)."""
        return self.number + self.place

    def decimals(self) -> int:
        """Decimal places of its place (0 for a place of 1 or more)."""
        return max(0, -self.place.normalize().as_tuple().exponent)  # type: ignore[operator]

    def admits(self, value: Decimal, rounding: Rounding) -> bool:
        """Whether a computed `value` (in the figure's units: a percent ×100) is what the figure says."""
        if self.bound == "at_least":
            return self.low <= value < self.high
        return shown_at(value, self.place, rounding) == self.number

    def meaning(self, language: str) -> str:
        """What the written form says, in words: "at least 40,000 (below 50,000)", "不少于 40,000（少于 50,000）"."""
        unit = "%" if self.percent else ""
        low, high = f"{_plain(self.low)}{unit}", f"{_plain(self.high)}{unit}"
        if self.bound == "at_least":
            return f"不少于 {low}（少于 {high}）" if language == "zh" else f"at least {low} (below {high})"
        written = f"{_plain(self.number)}{unit}"
        at = f"{_plain(self.place)}{unit}"
        if self.bound == "about":
            return f"约 {written}（精确到 {at}）" if language == "zh" else f"about {written} (to the nearest {at})"
        if self.place > 1:  # a count written rounded ("6.3万")
            return f"{written}（精确到 {at}）" if language == "zh" else f"{written} (to the nearest {at})"
        return written


def shown_at(value: Decimal, place: Decimal, rounding: Rounding) -> Decimal:
    """`value` rounded to a multiple of `place` by the year's rule."""
    mode = ROUND_HALF_UP if rounding == "half_up" else ROUND_DOWN
    return (value / place).quantize(Decimal(1), rounding=mode) * place


def _plain(number: Decimal) -> str:
    """A Decimal with thousands separators and no exponent or trailing zeros after the point."""
    text = f"{number:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _last_place(number: Decimal) -> Decimal:
    """The unit of the place of the last non-zero digit (1400 → 100; 64 → 1; 6.3 → 0.1; 0 → 1)."""
    if number == 0:
        return Decimal(1)
    exponent = number.normalize().as_tuple().exponent
    return Decimal(1).scaleb(exponent)  # type: ignore[arg-type]


def _written_place(digits: str) -> Decimal:
    """The unit of the last place written: "26.67" → 0.01, "55" → 1, "1400" → 1."""
    return Decimal(1).scaleb(-len(digits.split(".")[1])) if "." in digits else Decimal(1)


def _chinese(text: str) -> Decimal | None:
    """A number in Chinese numerals below 万 (三十, 一千四百零五, 十五, 两百); None if it is not one."""
    if not text or any(c not in _DIGITS and c not in _UNITS for c in text):
        return None
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
    return Decimal(total + (digit or 0))


def _number(text: str) -> tuple[Decimal, str] | None:
    """The figure of `text` (Arabic or Chinese numerals, with 万/亿) and its digits as written."""
    multiplier = Decimal(1)
    while text and text[-1] in ("万", "亿"):
        multiplier *= _MULTIPLIERS[text[-1]]
        text = text[:-1]
    if _ARABIC.match(text):
        digits = text.replace(",", "")
        try:
            return Decimal(digits) * multiplier, digits
        except InvalidOperation:
            return None
    chinese = _chinese(text)
    if chinese is None:
        return None
    return chinese * multiplier, str(chinese)


def _strip(text: str, words: tuple[str, ...], front: bool) -> tuple[str, bool]:
    """`text` without the first of `words` it starts (`front`) or ends with, and whether one was there."""
    for word in words:
        if text.startswith(word) if front else text.endswith(word):
            return (text[len(word) :] if front else text[: -len(word)]), True
    return text, False


def read(reported: object) -> Written | None:
    """The published figure `reported` (a number from YAML, or its text), or None when it is not a figure."""
    if isinstance(reported, bool) or reported is None:
        return None
    text = re.sub(r"\s+", "", repr(reported) if isinstance(reported, float) else str(reported))
    bound: Bound = "exact"
    before: tuple[tuple[tuple[str, ...], Bound], ...] = (
        (_AT_LEAST_BEFORE, "at_least"),
        (_ABOUT_BEFORE, "about"),
        (_EXACT_BEFORE, "exact"),
    )
    after: tuple[tuple[tuple[str, ...], Bound], ...] = ((_AT_LEAST_AFTER, "at_least"), (_ABOUT_AFTER, "about"))
    for words, kind in before:
        text, found = _strip(text, words, front=True)
        if found:
            bound = kind
            break
    text = _MEASURE.sub(lambda m: "余" if m.group(0).startswith("余") else "", text)  # 1400余人次 → 1400余
    for words, kind in after:
        text, found = _strip(text, words, front=False)
        if found:
            if bound != "exact":  # two words bounding one figure ("超过90%以上"): not read, not guessed
                return None
            bound = kind
            break
    percent = text.endswith(("%", "％"))
    text = text.rstrip("%％")
    inner = re.fullmatch(r"(.+?)[余多]([万亿]+)", text)  # "三十余万": 余 before the multiplier
    if inner:
        if bound != "exact":
            return None
        text, bound = inner.group(1) + inner.group(2), "at_least"
    found_number = _number(text)
    if found_number is None:
        return None
    number, digits = found_number
    scale = number / Decimal(digits) if Decimal(digits) != 0 else Decimal(1)
    # at least: below the next unit of the last non-zero digit; exact and about: the place written
    place = _last_place(Decimal(digits)) if bound == "at_least" else _written_place(digits)
    return Written(str(reported), number, place * scale, percent, bound)
