"""The list of units (单位名录): the district's units, each with its canonical name and its aliases.

A year may give the list as the register ``units`` (optional). Where it does, every column of
every register that names a unit (a :class:`~audit.registers.schema.Column` with ``unit=True``:
enforcement unit, respondent, defendant, drafter…) is matched to it when the registers load: a
name the list does not know is an input problem, with the closest known names suggested, and an
alias (区资源规划局) is replaced by its unit's canonical name (区自然资源和规划局) in the typed data,
so every page and metric groups by unit. The cells as written stay in the register's ``text``.
Without the list, unit columns are read as they are written.

Names are compared after :func:`normalise_unit` (no whitespace, full-width forms as their ASCII
forms, case-folded). Within the list, a spelling may belong to one unit only: an alias two units
share, or an alias that is another unit's name, is an input problem of the list itself.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from audit.audits.spec import RegisterRole
from audit.core.errors import Problem
from audit.registers.schema import Column, RegisterSchema

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers.load import Register

KEY = "units"
# how the aliases of one unit are separated in their cell
ALIAS_SEPARATORS = re.compile(r"[;；、,，]")
SUGGESTIONS = 3  # closest known names an unknown name's problem offers


def normalise_unit(name: str) -> str:
    """The form in which unit names are compared: no whitespace, full-width as ASCII, case-folded.

    ``区 司法局``, ``区司法局`` with an ideographic space, and ``区司法局（本级）`` typed with
    half-width brackets all compare equal to their plain spellings.
    """
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


@dataclass(frozen=True)
class Unit:
    """One unit of the district: its canonical name, the other names it goes by, its kind (if given)."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    row: int | None = None  # its row in the list's file, where it was read from one

    @property
    def spellings(self) -> tuple[str, ...]:
        """Its canonical name, then its aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Clash:
    """A spelling of the list that names two units: the later unit's spelling, and the earlier unit."""

    unit: Unit  # the unit whose name or alias clashes (the later of the two in the list)
    spelling: str  # as the later unit writes it
    alias: bool  # whether the later unit's spelling is an alias (else its name)
    other: Unit  # the earlier unit that already has this spelling
    other_alias: bool  # whether the earlier unit has it as an alias (else as its name)


def _clashes(units: Iterable[Unit]) -> tuple[dict[str, str], list[Clash]]:
    """The canonical name of every normalised spelling, and the spellings that name two units.

    Names come first: a unit's name is its own whatever aliases say, so an alias equal to another
    unit's name clashes even when the alias comes earlier in the list. Between aliases, the first
    unit to give one keeps it.
    """
    units = list(units)
    owner: dict[str, tuple[Unit, bool]] = {}
    clashes: list[Clash] = []
    for unit in units:
        key = normalise_unit(unit.name)
        if key in owner:
            clashes.append(Clash(unit, unit.name, False, *owner[key]))
        else:
            owner[key] = (unit, False)
    for unit in units:
        own = {normalise_unit(unit.name)}
        for alias in unit.aliases:
            key = normalise_unit(alias)
            if key in own:
                continue  # the unit's own name, or an alias it repeats
            own.add(key)
            if key in owner:
                clashes.append(Clash(unit, alias, True, *owner[key]))
            else:
                owner[key] = (unit, True)
    return {key: unit.name for key, (unit, _) in owner.items()}, clashes


# Parts of a unit's name that say where and what kind of body it is rather than which one: left
# out when names are compared for suggestions, so that every 区…局 is not near every other one.
_PREFIX = re.compile(r"^(?:中共)?(?:\w{2,4}[省市])?(?:\w{0,4}[区县])?")
_SUFFIX = re.compile(r"(?:人民政府|政府|办事处|委员会|办公室|局|办)$")


def _core(key: str) -> str:
    """A normalised name without its district prefix and its kind of body (kept whole if little would remain)."""
    core = _PREFIX.sub("", key, count=1)
    core = core if len(core) >= 2 else key
    stripped = _SUFFIX.sub("", core, count=1)
    return stripped if len(stripped) >= 2 else core


def _in_order(short: str, long: str) -> bool:
    """Whether the characters of `short` appear in `long` in order (how abbreviations are formed)."""
    rest = iter(long)
    return all(ch in rest for ch in short)


def _likeness(a: str, b: str) -> tuple[float, float]:
    """How alike two normalised names are: by their cores (:func:`_core`), then by the whole names.

    The first figure is the share of characters the cores have in common (0 to 1), plus 1 where
    one core abbreviates the other, keeping its characters in order (区市场监管局 of
    区市场监督管理局, 区人社局 of 区人力资源和社会保障局). The second, the share of the whole names,
    tells apart names of one core (区政府, 区政府办公室).
    """
    ca, cb = _core(a), _core(b)
    short, long = sorted((ca, cb), key=len)
    abbreviates = 1.0 if len(short) >= 2 and _in_order(short, long) else 0.0
    return (
        difflib.SequenceMatcher(None, ca, cb).ratio() + abbreviates,
        difflib.SequenceMatcher(None, a, b).ratio(),
    )


class UnitList:
    """The year's units; looks a name up (by any of its spellings) and suggests names near an unknown one."""

    def __init__(self, units: Iterable[Unit]):
        self.units: tuple[Unit, ...] = tuple(units)
        self._canonical, self.clashes = _clashes(self.units)

    @classmethod
    def from_register(cls, register: Register) -> UnitList:
        """The list of units a loaded ``units`` register holds."""
        return cls(_units_of(register))

    def __len__(self) -> int:
        return len(self.units)

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical names, in the list's order."""
        return tuple(u.name for u in self.units)

    def canonical(self, name: str) -> str | None:
        """The canonical name of the unit `name` is a spelling of (its name or an alias), or None."""
        return self._canonical.get(normalise_unit(name))

    def suggest(self, name: str, n: int = SUGGESTIONS) -> list[str]:
        """The canonical names of the (at most `n`) units nearest to `name`, nearest first.

        A unit is as near as the nearest of its spellings; one whose name `name` abbreviates, or
        that abbreviates `name`, comes before one merely spelled alike (:func:`_likeness`).
        Units whose cores are not even half alike are not suggested.
        """
        key = normalise_unit(name)
        scored: dict[str, tuple[float, float]] = {}
        for spelling, canonical in self._canonical.items():
            score = _likeness(key, spelling)
            if canonical not in scored or score > scored[canonical]:
                scored[canonical] = score
        near = [(score, canonical) for canonical, score in scored.items() if score[0] >= 0.5]
        near.sort(key=lambda item: (-item[0][0], -item[0][1], item[1]))
        return [canonical for _, canonical in near[:n]]

    def match(self, register: Register) -> list[Problem]:
        """Put every unit column of `register` in canonical names; one problem per row naming an unknown unit.

        Each distinct value of a column is looked up once (a register of millions of rows names
        a few hundred units), and suggestions are computed once per unknown name. The typed
        column (``data``) gets the canonical names; ``text`` keeps the cells as written.
        """
        from audit.registers.load import ROW

        problems: list[Problem] = []
        for column in register.schema.unit_columns:
            if column not in register.data:
                continue
            codes, uniques = pd.factorize(register.data[column], sort=False)  # a blank cell (None) is -1
            if len(uniques) == 0:
                continue
            found = [self.canonical(str(v)) for v in uniques]
            unknown = np.array([c is None for c in found] + [False])  # the last entry stands for a blank
            named = np.array([*found, None], dtype=object)
            dtype = register.data[column].dtype  # kept: a text column stays one (the hand-off packs it as codes)
            register.data[column] = pd.Series(named[codes], index=register.data.index, dtype=object).astype(dtype)
            if not unknown.any():
                continue
            bad = unknown[codes]  # codes of -1 take the last entry (blank: not unknown)
            expected = {i: _expected(self.suggest(str(v))) for i, v in enumerate(uniques) if unknown[i]}
            header = register.headers.get(column, column)
            rows = register.data[ROW].to_numpy()[bad]
            written = register.text[column].to_numpy()[bad]
            problems += [
                Problem(register.file, int(r), header, str(w), *expected[int(c)])
                for r, w, c in zip(rows, written, codes[bad])
            ]
        return problems


def _expected(closest: list[str]) -> tuple[str, str]:
    """What an unknown unit's cell should hold, with the closest known names, in English and in Chinese."""
    if closest:
        return (
            f"a unit of the list of units (单位名录): closest: {', '.join(closest)}",
            f"单位名录中的单位：最接近的是{'、'.join(closest)}",
        )
    return (
        "a unit of the list of units (单位名录): no known name is close; correct the name or add the unit to the list",
        "单位名录中的单位：名录中没有相近的名称，请更正名称或将该单位补入单位名录",
    )


def _aliases(cell: str) -> tuple[str, ...]:
    """The aliases a cell lists (separated by ;, 、 or a comma), in order, without blanks."""
    if not cell:
        return ()
    return tuple(part.strip() for part in ALIAS_SEPARATORS.split(cell) if part.strip())


def _units_of(register: Register) -> list[Unit]:
    """The units of a ``units`` register, in its order (rows without a name left out)."""
    from audit.registers.load import ROW

    t = register.text  # the cells as written ("" for a blank), whatever type pandas gave the data
    return [
        Unit(name, _aliases(aliases), kind or None, int(row))
        for name, aliases, kind, row in zip(t["name"], t["aliases"], t["kind"], register.data[ROW])
        if name
    ]


def _check_spellings(register: Register, params: Params) -> list[Problem]:
    """A name given twice, an alias two units share, an alias that is another unit's name: one problem each."""
    problems = []
    for clash in UnitList(_units_of(register)).clashes:
        column = "aliases" if clash.alias else "name"
        other = f"{clash.other.name} (row {clash.other.row})"
        other_zh = f"{clash.other.name}（第 {clash.other.row} 行）"
        if not clash.alias:
            expected = f"a unit named once: the list already has {other}"
            expected_zh = f"每个单位只列一次：名录中已有{other_zh}"
        elif clash.other_alias:
            expected = f"aliases of one unit only: '{clash.spelling}' is already an alias of {other}"
            expected_zh = f"别名只能属于一个单位：“{clash.spelling}”已是{other_zh}的别名"
        else:
            expected = f"aliases that are no other unit's name: '{clash.spelling}' is the name of {other}"
            expected_zh = f"别名不能是另一单位的名称：“{clash.spelling}”是{other_zh}的名称"
        problems.append(
            Problem(
                register.file,
                clash.unit.row,
                register.headers.get(column, column),
                clash.spelling,
                expected,
                expected_zh,
            )
        )
    return problems


SCHEMA = RegisterSchema(
    key=KEY,
    title_en="List of units",
    title_zh="单位名录",
    columns=(
        Column("name", "单位名称", required=True, zh_aliases=("单位", "规范名称", "标准名称")),
        Column("aliases", "简称/别名", zh_aliases=("简称", "别名", "简称或别名", "其他名称")),
        Column("kind", "类别", zh_aliases=("单位类别", "单位类型")),
    ),
    checks=(_check_spellings,),
)


def schema(params: Params) -> RegisterSchema:
    """The schema of the list of units (the same every year)."""
    return SCHEMA


ROLES: tuple[RegisterRole, ...] = (
    RegisterRole(key=KEY, schema=schema, title={"zh": "单位名录", "en": "List of units"}, required=False),
)
