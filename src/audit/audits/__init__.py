"""The registry of audits: the one list of what this package audits.

Each entry of :data:`REGISTRY` is an audit package (``audit.audits.<name>``) whose ``AUDIT`` says
everything about it (:class:`~audit.audits.spec.Audit`). Everything else is derived from this
list: the params model's sections, the register roles, the summary's headline table, the
index's columns and links, the kernels' warm-up and the tests' parametrisation. Adding an audit
is one new package and one line here.

An office may add audits of its own without changing this package: the environment variable
``AUDIT_EXTRA_AUDITS`` names further audit packages (importable modules, separated by commas),
which come after the built-in ones.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping

from audit.audits.spec import Audit, MetricSpec, RegisterRole

REGISTRY: tuple[str, ...] = (
    "audit.audits.case_file_review",
    "audit.audits.training",
    "audit.audits.reconsideration",
    "audit.audits.litigation",
    "audit.audits.normative_documents",
    "audit.audits.enforcement_publication",
    "audit.audits.satisfaction",
    "audit.audits.legal_advisers",
    "audit.audits.publicity",
)
EXTRA_AUDITS = "AUDIT_EXTRA_AUDITS"
# Registers no single audit owns (the list of units, the findings and the rectification ledger): each
# module names its register roles in ``ROLES``; they come after the audits' in params and everywhere.
SHARED_REGISTERS: tuple[str, ...] = ("audit.core.units", "audit.findings")


def load(names: tuple[str, ...]) -> tuple[Audit, ...]:
    """The audits of the packages `names`, in that order; their keys must be distinct."""
    audits = tuple(importlib.import_module(name).AUDIT for name in names)
    keys = [a.key for a in audits]
    if len(set(keys)) != len(keys):
        raise ValueError(f"two audits have the same key: {keys}")
    return audits


def _names() -> tuple[str, ...]:
    """The built-in audits, then the extra ones the environment names (one already built in is not loaded twice)."""
    extra = tuple(n.strip() for n in os.environ.get(EXTRA_AUDITS, "").split(",") if n.strip())
    return tuple(dict.fromkeys(REGISTRY + extra))


AUDITS: tuple[Audit, ...] = load(_names())


def by_key(key: str) -> Audit:
    """The audit whose metrics.json block is `key`."""
    for audit in AUDITS:
        if audit.key == key:
            return audit
    raise KeyError(key)


def short_title(key: str, language: str) -> str:
    """The short title of the audit `key` in `language`, or the key itself where the registry has no such audit."""
    try:
        return by_key(key).short_title[language]
    except KeyError:
        return key


def audits_for(registers: Mapping[str, object]) -> list[Audit]:
    """The audits whose required registers the year provides, in report order."""
    return [a for a in AUDITS if a.runs_with(registers)]


def shared_roles() -> tuple[RegisterRole, ...]:
    """The registers of :data:`SHARED_REGISTERS`, which no audit owns, in that order."""
    return tuple(role for name in SHARED_REGISTERS for role in importlib.import_module(name).ROLES)


def register_roles() -> dict[str, RegisterRole]:
    """Every register a year may name, by key: the audits' in report order (a register two share, once), then the shared ones."""
    roles: dict[str, RegisterRole] = {}
    for audit in AUDITS:
        for role in audit.registers:
            roles.setdefault(role.key, role)
    for role in shared_roles():
        roles.setdefault(role.key, role)
    return roles


def metric_specs() -> dict[str, MetricSpec]:
    """Every metric an audit declares, by dotted key, in report order."""
    return {spec.key: spec for audit in AUDITS for spec in audit.metrics}


def headlines() -> tuple[MetricSpec, ...]:
    """The summary's headline metrics, in report order."""
    return tuple(spec for spec in metric_specs().values() if spec.headline)


def index_columns() -> tuple[MetricSpec, ...]:
    """The metrics the index of all years shows as columns, in report order."""
    return tuple(spec for spec in metric_specs().values() if spec.index)


def page_modules() -> tuple[str, ...]:
    """The page module of every audit (what a kernel imports while it waits for its notebook)."""
    return tuple(audit.page for audit in AUDITS)


__all__ = [
    "AUDITS",
    "EXTRA_AUDITS",
    "REGISTRY",
    "Audit",
    "MetricSpec",
    "RegisterRole",
    "audits_for",
    "by_key",
    "headlines",
    "index_columns",
    "load",
    "metric_specs",
    "page_modules",
    "register_roles",
    "shared_roles",
    "short_title",
]
