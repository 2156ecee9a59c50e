"""A year's findings: those every audit derives from its exceptions, the red headlines, and the auditor's own.

:func:`year_findings` is what metrics.json lists under ``findings`` (docs/metrics.md): every
audit that ran gives its findings (:attr:`audit.audits.spec.Audit.findings`), every headline
metric whose status is red is a finding of its audit, and every row of the findings register is
one more. They are sorted by audit (report order), rule and subject, so their order never
depends on a register's row order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from audit.core.numbers import natural_key
from audit.findings.model import SEVERITIES, Finding, Rule

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

HEADLINE_RED = Rule(
    "headline_red",
    "medium",
    {"zh": "主要指标未达到目标", "en": "Headline metric below its target"},
    {
        "zh": "本年度参数文件所设目标（绿线 {green}，黄线 {amber}）",
        "en": "the target of the year's params (green {green}, amber {amber})",
    },
    {
        "zh": "分析{label}未达标的原因，制定改进措施并明确责任部门和完成时限",
        "en": "find out why the {label_en} missed its target, set measures to improve it with a responsible unit and a deadline",
    },
)


def _formatted(value: Any, fmt: str, params: Params) -> str:
    from audit.core.numbers import count, number, percent

    d = params.definitions
    if fmt == "percent":
        return percent(value, d.percent_decimals, d.rounding)
    if fmt == "count":
        return count(value)
    return number(value)


def headline_findings(
    metrics: Mapping[str, Any], params: Params, covered: frozenset[str] = frozenset()
) -> list[Finding]:
    """A finding for every headline metric whose status is red (a yes/no one that is no, or below amber).

    A red headline in `covered` is left out: the findings of a rule that covers it report it already.
    """
    from audit.core.headlines import summarise, year_thresholds

    found = []
    for line in summarise(metrics, None, year_thresholds(params)):
        if line.status != "red" or line.headline.key in covered:
            continue
        spec = line.headline
        labels = {lang: spec.name(lang) for lang in ("zh", "en")}
        if spec.direction == "yes":
            green = amber = {"zh": "是", "en": "yes"}
            text = {"zh": f"{labels['zh']}：否", "en": f"{labels['en']}: no"}
        else:
            shown = {
                key: _formatted(limit, spec.format, params) for key, limit in (("g", line.green), ("a", line.amber))
            }
            green = {"zh": shown["g"], "en": shown["g"]}
            amber = {"zh": shown["a"], "en": shown["a"]}
            written = _formatted(line.value, spec.format, params)
            short = "未达到" if spec.direction == "higher" else "超过"
            text = {
                "zh": f"{labels['zh']}为 {written}，{short}黄线 {amber['zh']}",
                "en": f"the {labels['en']} was {written}, {'short of' if spec.direction == 'higher' else 'beyond'} "
                f"amber ({amber['en']})",
            }
        found.append(
            Finding(
                spec.audit,
                HEADLINE_RED.code,
                spec.key,
                None,
                HEADLINE_RED.severity,
                {lang: HEADLINE_RED.basis[lang].format(green=green[lang], amber=amber[lang]) for lang in ("zh", "en")},
                text,
                {
                    lang: HEADLINE_RED.recommendation[lang].format(label=labels["zh"], label_en=labels["en"])
                    for lang in ("zh", "en")
                },
            )
        )
    return found


def manual_findings(register: Register | None) -> list[Finding]:
    """The findings the auditor added by hand (the findings register), one per row."""
    if register is None:
        return []
    from audit.registers import ROW

    found = []
    for row in register.data.to_dict("records"):
        text = {"zh": row["text"], "en": row["text"]}
        written = row["evidence"] if isinstance(row["evidence"], str) else ""
        evidence = tuple(part.strip() for part in written.replace("；", ";").split(";") if part.strip())
        found.append(
            Finding(
                row["audit"],
                row["rule"],
                row["subject"],
                row["unit"] if isinstance(row["unit"], str) else None,
                row["severity"],
                {"zh": row["basis"], "en": row["basis"]},
                text,
                {"zh": row["recommendation"], "en": row["recommendation"]},
                evidence,
                "findings",
                (int(row[ROW]),),
                "manual",
            )
        )
    return found


def year_findings(
    loaded: Mapping[str, Register],
    params: Params,
    metrics: Mapping[str, Any],
    previous: Mapping[str, Any] | None = None,
) -> list[Finding]:
    """Every finding of the year, sorted (see the module's doc); `previous` is last year's metrics.json, or None."""
    from audit.audits import AUDITS, audits_for

    found: list[Finding] = []
    rules: dict[tuple[str, str], int] = {}
    for audit in audits_for(loaded):
        rules.update({(audit.key, rule.code): i for i, rule in enumerate(audit.finding_rules)})
        if audit.findings is not None:
            last = previous.get(audit.key) if previous else None
            found.extend(audit.findings(loaded, params, metrics[audit.key], last))
    raised = {(f.audit, f.rule) for f in found}
    covered = frozenset(
        key
        for audit in AUDITS
        for rule in audit.finding_rules
        if (audit.key, rule.code) in raised
        for key in rule.covers
    )
    found.extend(headline_findings(metrics, params, covered))
    found.extend(manual_findings(loaded.get("findings")))
    order = {audit.key: i for i, audit in enumerate(AUDITS)}
    found.sort(
        key=lambda f: (
            order.get(f.audit, len(order)),
            SEVERITIES.index(f.severity),
            rules.get((f.audit, f.rule), len(rules)),
            f.rule,
            natural_key(f.subject),
        )
    )
    ids = [f.id for f in found]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:  # a rule that finds the same subject twice is a bug of the rule, not of the input
        raise AssertionError(f"findings with the same id: {duplicated}")
    return found


def tally(findings: Sequence[Mapping[str, Any]], follow_up: Sequence[Mapping[str, Any]] | None) -> dict[str, Any]:
    """The counts metrics.json keeps under ``findings_tally``: raised this year, and last year's as followed up."""
    by_severity = {s: sum(1 for f in findings if f["severity"] == s) for s in ("high", "medium", "low")}
    if follow_up is None:
        return {"raised": len(findings), "by_severity": by_severity, "previous": None}
    from audit.findings.followup import CATEGORIES

    previous = {"findings": len(follow_up)}
    previous.update({c: sum(1 for f in follow_up if f["category"] == c) for c in CATEGORIES})
    previous["recurring"] = sum(1 for f in follow_up if f["recurring"])
    return {"raised": len(findings), "by_severity": by_severity, "previous": previous}
