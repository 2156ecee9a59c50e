"""metrics.json: every figure of a year's reports in one file (docs/metrics.md)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.audits import AUDITS, audits_for
from audit.core.claims import breakdown_contradictions, check_claims, contradictions, forced_to_100, tally
from audit.findings.derive import tally as findings_tally
from audit.findings.derive import year_findings
from audit.findings.followup import follow_up, to_follow, unmatched_rows

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


def compute_all(
    loaded: Mapping[str, Register], params: Params, previous: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The metrics of every audit whose register the year has, under the audit's key.

    Beside them: the year's `definitions` (rate denominators, rounding rule, percent decimals), so
    a reader of metrics.json alone (the index of all years, another tool) writes each year's
    rates as that year's reports do; and the published figures checked (`claims`), those that
    contradict each other (`contradictions`), and their count (`claims_tally`); then the year's
    findings (`findings`), what became of last year's and of those still open before it
    (`follow_up`, from `previous`, last year's metrics.json, with the year's rectification ledger;
    None without a last year), the ledger rows
    that name none of them (`rectification_unmatched`) and the counts (`findings_tally`). Where the
    params name the jurisdiction, it comes first after the year; `headlines` gives the red, amber or
    green status of each headline figure by the year's own thresholds (a roll-up of a city's
    jurisdictions shows each as its jurisdiction judged it).
    """
    metrics: dict[str, Any] = {"year": params.year}
    if params.jurisdiction is not None:
        metrics["jurisdiction"] = params.jurisdiction.model_dump(mode="json")
    metrics["definitions"] = params.definitions.model_dump(mode="json")
    for audit in audits_for(loaded):
        metrics[audit.key] = audit.compute(loaded, params)
    metrics["headlines"] = headline_states(metrics, params)
    keys = [audit.key for audit in AUDITS]
    metrics["claims"] = check_claims(params.reported, metrics, params.definitions.rounding, keys)
    totals = [(audit.key, total, parts) for audit in AUDITS for total, parts in audit.totals]
    breakdowns = [(audit.key, name, whole) for audit in AUDITS for name, whole in audit.breakdowns]
    metrics["contradictions"] = contradictions(params.reported, totals) + breakdown_contradictions(
        params.reported, metrics, breakdowns
    )
    adjusted = forced_to_100(params.reported, metrics, breakdowns, params.definitions.rounding)
    for claim in metrics["claims"]:
        claim["forced_to_100"] = claim["key"] in adjusted
    metrics["claims_tally"] = tally(metrics["claims"], metrics["contradictions"])
    findings = [f.as_json() for f in year_findings(loaded, params, metrics, previous)]
    metrics["findings"] = findings
    ledger = loaded.get("rectification")
    last = to_follow(previous)
    # last year's metrics.json from before findings were kept has nothing to follow up (not "no findings")
    known = previous is not None and "findings" in previous
    metrics["follow_up"] = follow_up(last, findings, ledger, params.as_of) if known else None
    metrics["rectification_unmatched"] = unmatched_rows(last, ledger)
    metrics["findings_tally"] = findings_tally(findings, metrics["follow_up"])
    return metrics


def headline_states(metrics: Mapping[str, Any], params: Params) -> list[dict[str, str]]:
    """Each headline figure of the audits that ran (`key`) and its `status` (green/amber/red/none) by the year's thresholds."""
    from audit.audits import headlines
    from audit.core.headlines import lookup, status, year_thresholds

    limits = year_thresholds(params)
    return [
        {"key": h.key, "status": status(h, lookup(metrics, h.key), limits)} for h in headlines() if h.audit in metrics
    ]


def dumps(metrics: Mapping[str, Any]) -> str:
    """Metrics as stable JSON text: UTF-8 Chinese kept readable, no NaN, trailing newline."""
    return json.dumps(metrics, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def write(metrics: Mapping[str, Any], path: Path) -> None:
    """Write metrics.json."""
    path.write_text(dumps(metrics), encoding="utf-8")


def read(path: Path) -> dict[str, Any]:
    """Read a metrics.json written by :func:`write`."""
    return json.loads(path.read_text(encoding="utf-8"))
