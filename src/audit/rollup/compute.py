"""A city's roll-up of one year: each headline figure per jurisdiction, its status, its rank, the city total.

The figures are read from each jurisdiction's published ``<code>/<year>/metrics.json``; nothing is
computed again from registers. A jurisdiction's status is the one its own audit gave the figure
(``headlines`` in its metrics.json, by its own thresholds). The city total is made from the
jurisdictions' counts as each headline's spec declares (:class:`audit.audits.spec.MetricSpec`):

- a count (or a measure such as hours) is added up;
- a rate, or a mean, is the sum of its numerators over the sum of its denominators (`basis`),
  never an average of the jurisdictions' rates;
- a yes/no figure is the number of jurisdictions where it is yes, of those that have it;
- where the jurisdictions define the figure differently (`defined_by`: a rate's denominator, a
  time limit), there is no total: the roll-up says which jurisdictions use which definition;
- a rate with no declared basis has no total either.

Ranks are competition ranks (1, 2, 2, 4) in the direction the spec says is better; figures with
no better direction (a number of cases received) are not ranked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from audit.audits import MetricSpec, headlines
from audit.core import metrics as metrics_file
from audit.core.headlines import lookup

TotalKind = Literal["total", "definitions_differ", "no_basis", "no_figures"]


@dataclass(frozen=True)
class Member:
    """One jurisdiction's published year: its code and name, its metrics, the pages published beside them."""

    code: str
    name: str
    metrics: Mapping[str, Any]
    reports: tuple[str, ...] = ()

    def get(self, key: str) -> Any:
        """A figure by dotted key (None where the jurisdiction's year does not have it)."""
        try:
            return lookup(self.metrics, key)
        except KeyError:
            return None

    def has(self, headline: MetricSpec) -> bool:
        """True where the headline's audit ran in the jurisdiction's year."""
        return headline.audit in self.metrics

    def status(self, headline: MetricSpec) -> str:
        """The status the jurisdiction's own audit gave the figure (green/amber/red/none)."""
        states = {h.get("key"): h.get("status") for h in self.metrics.get("headlines") or [] if isinstance(h, Mapping)}
        return str(states.get(headline.key) or "none")


@dataclass(frozen=True)
class Cell:
    """One jurisdiction's figure: the value, its status, its rank (None where not ranked or no value)."""

    value: Any
    status: str
    rank: int | None


@dataclass(frozen=True)
class Total:
    """The city's total of a figure, or why there is none.

    `kind` is ``total`` (with `value` and the number of jurisdictions `added`), ``definitions_differ``
    (`definitions`: each definition met, with the codes using it), ``no_basis`` (a rate whose
    counts are not known) or ``no_figures`` (no jurisdiction has the figure).
    """

    kind: TotalKind
    value: Any = None
    added: int = 0
    of: int = 0  # for a yes/no figure: the jurisdictions that have it (value is those where it is yes)
    definitions: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Line:
    """One headline figure across the city: a cell per jurisdiction (in the members' order) and the total."""

    headline: MetricSpec
    cells: tuple[Cell | None, ...]  # None where the jurisdiction's year did not run the audit
    total: Total


def collect(outputs_dir: Path, year: int) -> list[Member]:
    """Every jurisdiction under `outputs_dir` (``<code>/<year>/metrics.json``) with `year` published, by code."""
    found: list[Member] = []
    if not outputs_dir.is_dir():
        return found
    for folder in sorted(p for p in outputs_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        path = folder / str(year) / "metrics.json"
        if path.is_file():
            metrics = metrics_file.read(path)
            named = metrics.get("jurisdiction") or {}
            reports = tuple(sorted(p.stem for p in path.parent.glob("*.html")))
            found.append(Member(folder.name, str(named.get("name") or folder.name), metrics, reports))
    return found


def years_of(outputs_dir: Path) -> list[int]:
    """Every year any jurisdiction under `outputs_dir` has published, oldest first."""
    years: set[int] = set()
    if outputs_dir.is_dir():
        for folder in outputs_dir.iterdir():
            if folder.is_dir() and not folder.name.startswith("."):
                years |= {int(p.parent.name) for p in folder.glob("*/metrics.json") if p.parent.name.isdigit()}
    return sorted(years)


_BRACED = re.compile(r"\{([^{}]+)\}")


def resolve(metrics: Mapping[str, Any], expression: str) -> float | None:
    """The value of a basis key (``a``, ``a - b``, ``a * b``, with ``{key}`` replaced by that key's value).

    None where a key names nothing or is not a number.
    """
    try:
        expression = _BRACED.sub(lambda m: str(lookup(metrics, m.group(1))), expression)
    except KeyError:
        return None
    for operator in (" - ", " * "):
        if operator in expression:
            left, right = (resolve(metrics, part) for part in expression.split(operator, 1))
            if left is None or right is None:
                return None
            return left - right if operator == " - " else left * right
    try:
        value = lookup(metrics, expression)
    except KeyError:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def ranks(values: Sequence[Any], direction: str | None) -> list[int | None]:
    """Competition ranks (1, 2, 2, 4) of `values` in the better `direction`; None for no value or no direction."""
    if direction not in ("higher", "lower", "yes"):
        return [None] * len(values)
    scored = [(float(v), i) for i, v in enumerate(values) if v is not None and not isinstance(v, str)]
    better_first = sorted(scored, key=lambda item: -item[0] if direction in ("higher", "yes") else item[0])
    out: list[int | None] = [None] * len(values)
    for position, (score, index) in enumerate(better_first):
        tied = position > 0 and better_first[position - 1][0] == score
        out[index] = out[better_first[position - 1][1]] if tied else position + 1
    return out


def _definition(member: Member, keys: Sequence[str]) -> str:
    """The member's values of `keys`, as one comparable text (``denominator=received, numerator_scope=year``)."""
    parts: list[str] = []
    for key in keys:
        value = member.get(key)
        if isinstance(value, Mapping):
            parts.extend(f"{k}={json.dumps(v, ensure_ascii=False, sort_keys=True)}" for k, v in sorted(value.items()))
        else:
            parts.append(f"{key.rsplit('.', 1)[-1]}={json.dumps(value, ensure_ascii=False, sort_keys=True)}")
    return ", ".join(parts)


def city_total(headline: MetricSpec, members: Sequence[Member]) -> Total:
    """The total of `headline` over the `members` that have its audit (see the module's doc)."""
    present = [m for m in members if m.has(headline)]
    if not present:
        return Total("no_figures")
    if headline.defined_by:
        groups: dict[str, list[str]] = {}
        for member in present:
            groups.setdefault(_definition(member, headline.defined_by), []).append(member.code)
        if len(groups) > 1:
            return Total("definitions_differ", definitions=tuple((k, tuple(v)) for k, v in groups.items()))
    if headline.format == "yes_no":
        known = [m.get(headline.key) for m in present if m.get(headline.key) is not None]
        return Total("total", sum(1 for v in known if v), len(known), len(known))
    if headline.basis is not None:
        numerator_key, denominator_key = headline.basis
        numerators = [resolve(m.metrics, numerator_key) for m in present]
        denominators = [resolve(m.metrics, denominator_key) for m in present]
        if any(v is None for v in (*numerators, *denominators)):
            return Total("no_basis")
        denominator = sum(d for d in denominators if d is not None)
        value = sum(n for n in numerators if n is not None) / denominator if denominator else None
        return Total("total", value, len(present))
    if headline.format in ("count", "number"):
        values = [m.get(headline.key) for m in present]
        if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
            return Total("no_basis")
        return Total("total", sum(values), len(present))
    return Total("no_basis")


def lines(members: Sequence[Member]) -> list[Line]:
    """Every headline figure of the audits any member ran: the members' cells, ranked, and the city total."""
    out = []
    for headline in headlines():
        if not any(m.has(headline) for m in members):
            continue
        values = [m.get(headline.key) if m.has(headline) else None for m in members]
        ranked = ranks(values, headline.direction)
        cells = tuple(
            Cell(values[i], m.status(headline), ranked[i]) if m.has(headline) else None for i, m in enumerate(members)
        )
        out.append(Line(headline, cells, city_total(headline, members)))
    return out


@dataclass(frozen=True)
class FindingsRow:
    """One jurisdiction's findings of the year: raised, by severity, and last year's rectified and found again."""

    code: str
    name: str
    raised: int | None
    high: int | None
    medium: int | None
    low: int | None
    rectified: int | None
    recurring: int | None


def findings_rows(members: Sequence[Member]) -> list[FindingsRow]:
    """The findings counts of each member (None where its metrics.json has none)."""
    return [
        FindingsRow(
            m.code,
            m.name,
            m.get("findings_tally.raised"),
            m.get("findings_tally.by_severity.high"),
            m.get("findings_tally.by_severity.medium"),
            m.get("findings_tally.by_severity.low"),
            m.get("findings_tally.previous.rectified"),
            m.get("findings_tally.previous.recurring"),
        )
        for m in members
    ]


def findings_total(rows: Sequence[FindingsRow]) -> FindingsRow:
    """The city's findings: each count added up over the jurisdictions that have it (None where none does)."""

    def add(values: list[int | None]) -> int | None:
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    fields = ("raised", "high", "medium", "low", "rectified", "recurring")
    totals = {f: add([getattr(r, f) for r in rows]) for f in fields}
    return FindingsRow("", "", **totals)
