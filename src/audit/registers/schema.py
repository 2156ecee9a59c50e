"""How a register is described: its columns, their types, allowed values and aliases.

An audit package's register module (``audit.audits.<audit>.register``) declares a
:class:`RegisterSchema`; the generic loader in :mod:`audit.registers.load` reads any file
against any schema. Schemas that depend on the year's params (the veto items of the case-file
standard, say) are built by a function of the params.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from audit.core.errors import Problem
    from audit.core.params import Params
    from audit.registers.load import Register

Kind = Literal["text", "date", "category", "flag", "number", "integer", "list"]


@dataclass(frozen=True)
class Choice:
    """One allowed value of a category column: its code, English label and Chinese labels.

    The first Chinese label is the one reports show; the others are accepted synonyms as
    auditors write them.
    """

    code: str
    en: str
    zh: tuple[str, ...]

    @property
    def zh_label(self) -> str:
        """The Chinese label shown in reports."""
        return self.zh[0]


@dataclass(frozen=True)
class Column:
    """One column of a register.

    `required`: the column must be present and every row must have a value.
    `blank`: for a category column, the code an empty cell stands for (e.g. ``pending``).
    `private`: personal data; loaded for validation only and never shown in a report.
    `identifying`: not a name, but leads to a person (an officer's certificate number, a survey
    answer's case number and comment): the pages show it only as the audit needs, and listings of
    register rows (the working papers) leave it out.
    `unit`: the column names a unit of the district (an enforcement unit, a respondent, a defendant,
    a drafter…). Where the year has a list of units (:mod:`audit.core.units`), every value must be a
    unit of it, and is replaced by the unit's canonical name, so that reports group by unit.
    """

    name: str
    zh: str
    kind: Kind = "text"
    required: bool = False
    choices: tuple[Choice, ...] = ()
    blank: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    zh_aliases: tuple[str, ...] = ()
    private: bool = False
    identifying: bool = False
    unit: bool = False

    def expectation(self, language: str = "en", brief: bool = False) -> str:
        """What a valid value of this column looks like, in words (English, or Chinese with "zh").

        `brief`: in Chinese, a category column names each value once, by the label reports use
        (an error message); otherwise with every accepted synonym and its code (the template's
        instructions sheet).
        """
        if language == "zh":
            return self._brief_zh() if brief and self.kind in ("category", "list") else self._expectation_zh()
        if self.kind == "date":
            return "a date such as 2020-06-30, 2020/6/30 or 2020年6月30日"
        if self.kind == "flag":
            return "yes/no (是/否)"
        if self.kind in ("category", "list"):
            allowed = ", ".join(f"{c.code} ({'/'.join(c.zh)})" for c in self.choices)
            many = "one or more of (separated by ;) " if self.kind == "list" else "one of "
            return many + allowed
        if self.kind in ("number", "integer"):
            word = "a whole number" if self.kind == "integer" else "a number"
            if self.minimum is not None and self.maximum is not None:
                return f"{word} from {self.minimum:g} to {self.maximum:g}"
            if self.minimum is not None:
                return f"{word} ≥ {self.minimum:g}"
            return word
        return "text"

    def _blank_zh(self) -> str:
        """The Chinese label of the value an empty cell stands for."""
        return next((c.zh_label for c in self.choices if c.code == self.blank), str(self.blank))

    def _brief_zh(self) -> str:
        labels = "、".join(c.zh_label for c in self.choices)
        text = f"以下一项或多项（用 ; 分隔）：{labels}" if self.kind == "list" else f"以下之一：{labels}"
        if self.blank is not None:
            text += f"（空白视为{self._blank_zh()}）"
        return text

    def _expectation_zh(self) -> str:
        if self.kind in ("category", "list"):
            text = "；".join("/".join(c.zh) + f"（{c.code}）" for c in self.choices)
            if self.blank is not None:
                text += f"；空白视为{self._blank_zh()}"
            return text
        if self.kind == "flag":
            return "是 / 否（空白视为否）"
        if self.kind == "date":
            return "日期，如 2020-06-30、2020/6/30 或 2020年6月30日"
        if self.kind in ("number", "integer"):
            word = "整数" if self.kind == "integer" else "数字"
            if self.minimum is not None and self.maximum is not None:
                return f"{word}，{self.minimum:g} 至 {self.maximum:g}"
            if self.minimum is not None:
                return f"{word}，不小于 {self.minimum:g}"
            return word
        return "任意文本"

    def lookup(self) -> dict[str, str]:
        """Accepted spellings (normalised) of each choice, mapped to its code."""
        table: dict[str, str] = {}
        for c in self.choices:
            for spelling in (c.code, c.en, *c.zh):
                table[normalise_label(spelling)] = c.code
        return table


def normalise_label(text: str) -> str:
    """Case-, space- and width-insensitive form of a label or header."""
    return "".join(text.split()).casefold().replace("（", "(").replace("）", ")")


Check = Callable[["Register", "Params"], Iterable["Problem"]]


@dataclass(frozen=True)
class RegisterSchema:
    """A register: its columns, uniqueness key and the cross-column checks of its rows."""

    key: str
    title_en: str
    title_zh: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()
    checks: tuple[Check, ...] = field(default=())
    may_be_empty: bool = False  # a header and no rows is a register with nothing to report (no findings added)

    def column(self, name: str) -> Column:
        """The column called `name` (English name)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def private_columns(self) -> tuple[str, ...]:
        """Columns holding personal data, never to be shown."""
        return tuple(c.name for c in self.columns if c.private)

    @property
    def unit_columns(self) -> tuple[str, ...]:
        """Columns naming a unit of the district, matched to the list of units where there is one."""
        return tuple(c.name for c in self.columns if c.unit)
