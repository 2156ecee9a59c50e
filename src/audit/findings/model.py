"""A finding (审计发现): one thing an audit found wrong, with the rule it breaks and who must act.

A finding's id is stable: it is derived from the audit, the rule and the subject (a case number,
a document number, a unit, a target), never from row order, so the same finding gets the same
id on a re-run and in the next year when it recurs (:func:`finding_id`). A :class:`Rule` is what
an audit package declares once per kind of finding: its code, severity, the rule broken and the
recommendation, in Chinese and English; the basis and recommendation may name the finding's own
figures (``{limit}``), filled in by :meth:`Rule.finding`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")
SEVERITY_LABELS: dict[str, dict[str, str]] = {
    "zh": {"high": "高", "medium": "中", "low": "低"},
    "en": {"high": "high", "medium": "medium", "low": "low"},
}
Texts = Mapping[str, str]  # {"zh": …, "en": …}


def audit_initials(audit: str) -> str:
    """The id prefix of an audit's findings: the initials of its key (``case_file_review`` → ``CFR``)."""
    return "".join(part[0] for part in audit.split("_") if part).upper()


def finding_id(audit: str, rule: str, subject: str) -> str:
    """The stable id of the finding of `rule` about `subject` in `audit` (``CFR-1A2B3C4D``)."""
    digest = hashlib.sha256(f"{audit}|{rule}|{subject}".encode()).hexdigest()[:8].upper()
    return f"{audit_initials(audit)}-{digest}"


@dataclass(frozen=True)
class Finding:
    """One finding: what, about whom, why it is wrong, what to do, and the rows that show it.

    `evidence` names the records by their number (case, document or decision number), never a
    person; `register` and `rows` are the spreadsheet rows (as the auditor sees them in Excel)
    of the register behind it, for the working papers.
    """

    audit: str
    rule: str
    subject: str
    unit: str | None
    severity: Severity
    basis: Texts
    text: Texts
    recommendation: Texts
    evidence: tuple[str, ...] = ()
    register: str | None = None
    rows: tuple[int, ...] = ()
    source: Literal["computed", "manual"] = "computed"

    @property
    def id(self) -> str:
        """The finding's stable id (:func:`finding_id`)."""
        return finding_id(self.audit, self.rule, self.subject)

    def as_json(self) -> dict[str, Any]:
        """The finding as metrics.json writes it (docs/metrics.md, "findings")."""
        return {
            "id": self.id,
            "audit": self.audit,
            "rule": self.rule,
            "subject": self.subject,
            "unit": self.unit,
            "severity": self.severity,
            "basis": dict(self.basis),
            "text": dict(self.text),
            "recommendation": dict(self.recommendation),
            "evidence": list(self.evidence),
            "rows": {"register": self.register, "rows": list(self.rows)} if self.register else None,
            "source": self.source,
        }


@dataclass(frozen=True)
class Rule:
    """A kind of finding an audit raises: its code, severity, the rule broken and what to do about it.

    `basis` and `recommendation` are texts per language that may hold ``{name}`` fields, filled
    from the figures given to :meth:`finding`. `covers` are the headline metrics (dotted keys)
    whose red status the rule's findings already report: a red headline it covers is not a finding
    of its own where the rule found something (:func:`audit.findings.derive.headline_findings`).
    """

    code: str
    severity: Severity
    title: Texts
    basis: Texts
    recommendation: Texts
    values: Mapping[str, Any] = field(default_factory=dict)
    covers: tuple[str, ...] = ()

    def finding(
        self,
        audit: str,
        subject: str,
        unit: str | None,
        text: Texts,
        evidence: Iterable[str] = (),
        register: str | None = None,
        rows: Iterable[int] = (),
        **values: Any,
    ) -> Finding:
        """A finding of this rule about `subject`; `values` fill the basis and recommendation (not `text`)."""
        fill = {**self.values, **values}
        return Finding(
            audit,
            self.code,
            subject,
            unit,
            self.severity,
            {lang: words.format(**fill) for lang, words in self.basis.items()},
            dict(text),  # written by the caller, with register text in it: never a format string
            {lang: words.format(**fill) for lang, words in self.recommendation.items()},
            tuple(evidence),
            register,
            tuple(sorted(set(int(r) for r in rows))),
        )
