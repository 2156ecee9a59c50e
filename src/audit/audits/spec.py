"""What an audit package declares: its registers, its settings, its metrics, its page and notebook.

Every audit is one package under :mod:`audit.audits` whose ``__init__`` defines ``AUDIT``, an
:class:`Audit`. Everything outside the package (the params model, register roles, the summary's
headline table, the index's columns and links, the kernels' warm-up, the tests) is derived
from these declarations through the registry (:mod:`audit.audits`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..core.params import Params
    from ..findings.model import Finding, Rule
    from ..registers import Register, RegisterSchema

Format = Literal["count", "percent", "number", "yes_no"]
Direction = Literal["higher", "lower", "yes"]
Compute = Callable[[Mapping[str, "Register"], "Params"], dict[str, Any]]
# (the year's registers, its params, the audit's block of metrics.json, last year's block or None)
FindingsOf = Callable[
    [Mapping[str, "Register"], "Params", Mapping[str, Any], "Mapping[str, Any] | None"], "list[Finding]"
]


@dataclass(frozen=True)
class RegisterRole:
    """A register an audit reads: its key under ``registers:`` in params, its schema, its name.

    `schema` builds the register's schema for a year's params (most schemas do not depend on
    them). An audit runs when the year gives every one of its required registers; an optional
    one adds to it where given.
    """

    key: str
    schema: Callable[[Params], RegisterSchema]
    title: Mapping[str, str]
    required: bool = True


@dataclass(frozen=True)
class MetricSpec:
    """A figure of metrics.json that other pages name: its label, format and which way is better.

    `key` is dotted from the top of metrics.json (``reconsideration.on_time_rate``). A metric
    with `headline` is a row of the summary's table; with `direction` and `green`/`amber` it gets
    a red/amber/green status (``thresholds:`` in params override the limits, and `target`, a
    dotted path into the params, makes the year's own target its default green). `index` puts it
    in the index of all years (a percent there also gets a trend line), under `short` if given.

    A city's roll-up of its jurisdictions (:mod:`audit.rollup`) adds a count up, and makes a rate
    (or a mean) from its `basis`, the dotted keys of its numerator and denominator counts: the
    total is the sum of the numerators over the sum of the denominators, never an average of the
    rates. A key may be ``a - b`` or ``a * b`` of two keys (a mean times its count is a sum), and
    may name another key's value in braces (``litigation.{litigation.loss_rate_denominator}``).
    `defined_by` are the keys of metrics.json that define the figure (a rate's denominator, a time
    limit): jurisdictions whose values differ are not added up.
    """

    key: str
    label: Mapping[str, str]
    format: Format = "count"
    direction: Direction | None = None
    green: float | None = None
    amber: float | None = None
    headline: bool = False
    index: bool = False
    short: Mapping[str, str] | None = None
    target: str | None = None
    basis: tuple[str, str] | None = None
    defined_by: tuple[str, ...] = ()

    @property
    def audit(self) -> str:
        """The audit (metrics.json block) the metric belongs to."""
        return self.key.split(".", 1)[0]

    def name(self, language: str) -> str:
        """The metric's label in `language`."""
        return self.label[language]

    def short_name(self, language: str) -> str:
        """The metric's label in the index's columns (its short label, else its label)."""
        return (self.short or self.label)[language]


@dataclass(frozen=True)
class Audit:
    """One audit: everything the pipeline, the summary and the index need to know about it.

    `settings` is the pydantic model of its params block (``<key>:``), `definitions` that of its
    rate definitions (``definitions.<key>:``); either may be None. `compute` gives the audit's
    block of metrics.json from the year's loaded registers. `page` is the dotted path of the
    module its notebook imports (kernels import it while they wait for their notebook), and
    `notebook` the name of its notebook, which lives in the package's folder and names its page
    (``<notebook>.html``). `totals` are the figures of its block that are the sum of others
    (``("received", ("accepted", "rejected", …))``, keys within the block): where a report publishes
    a total and all its parts, they must add up (:mod:`audit.core.claims`). `breakdowns` are the
    figures of its block that are a breakdown in shares, with the count they are shares of
    (``("grade_shares", "files")``): published shares of one breakdown must add up to 100% and
    be shares of one whole number (the published count, where there is one). `describe_definition`
    words one of its ``definition_variants`` (a rate's definition) in a language, for the claims
    table's "would match if …". `finding_rules` are the kinds of finding the audit raises and
    `findings` derives them from the year (its registers and its block of metrics.json, and last
    year's block where there is one): :mod:`audit.findings`.
    """

    key: str
    package: str
    title: Mapping[str, str]
    short_title: Mapping[str, str]
    registers: tuple[RegisterRole, ...]
    compute: Compute
    page: str
    notebook: str
    metrics: tuple[MetricSpec, ...] = ()
    settings: type[BaseModel] | None = None
    definitions: type[BaseModel] | None = None
    totals: tuple[tuple[str, tuple[str, ...]], ...] = ()
    breakdowns: tuple[tuple[str, str], ...] = ()
    describe_definition: Callable[[Mapping[str, Any], str], str] | None = None
    finding_rules: tuple[Rule, ...] = ()
    findings: FindingsOf | None = None

    @property
    def folder(self) -> Path:
        """The package's folder (where its notebook is)."""
        import importlib

        module = importlib.import_module(self.package)
        assert module.__file__ is not None
        return Path(module.__file__).parent

    @property
    def notebook_path(self) -> Path:
        """The audit's notebook."""
        return self.folder / f"{self.notebook}.ipynb"

    def runs_with(self, registers: Mapping[str, object]) -> bool:
        """True when `registers` (keyed by role) holds every register this audit requires."""
        return all(role.key in registers for role in self.registers if role.required)
