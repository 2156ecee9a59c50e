"""The reconsideration section of the Word audit report (行政复议), written from the audit's block of metrics.json.

As the bureau's annual report writes it: "2020年，共收到行政复议申请55件（受理45件、不予受理5件、
告知3件、未补正2件）……调解成功率26.67%". Each figure is the block's, formatted by the year's rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.core.numbers import count, number, year_percent

if TYPE_CHECKING:
    from audit.core.params import Params

RATES = ("acceptance_rate", "correction_rate", "mediation_success_rate", "closure_rate")
RATE_NAMES = {
    "zh": {
        "acceptance_rate": "受理率",
        "correction_rate": "直接纠错率",
        "mediation_success_rate": "调解成功率",
        "closure_rate": "审结率",
    },
    "en": {
        "acceptance_rate": "acceptance rate",
        "correction_rate": "correction rate",
        "mediation_success_rate": "mediation success rate",
        "closure_rate": "closure rate",
    },
}


def report_paragraphs(block: Mapping[str, Any], metrics: Mapping[str, Any], params: Params, language: str) -> list[str]:
    """Intake, outcomes, the rates and time to decision, one paragraph each."""
    pct = year_percent(params)

    year = metrics["year"]
    c = {k: count(block.get(k) or 0) for k in block if not isinstance(block.get(k), list | dict | str)}
    withdrawn = block.get("withdrawn_before_acceptance") or 0
    carried = block.get("carried_over") or 0
    settled = block.get("settled") or 0
    rates = [(k, block.get(k)) for k in RATES if block.get(k) is not None]
    days = block.get("days_to_decision") or {}
    late_acceptance = (block.get("acceptance_review") or {}).get("late") or 0
    if language == "en":
        parts = [f"{c['accepted']} accepted", f"{c['rejected']} not accepted", f"{c['referred']} referred elsewhere"]
        parts.append(f"{c['not_supplemented']} not completed")
        if withdrawn:
            parts.append(f"{c['withdrawn_before_acceptance']} withdrawn before acceptance")
        intake = f"In {year}, the bureau received {c['received']} applications for reconsideration ({', '.join(parts)})"
        intake += f"; {c['carried_over']} cases were carried over from last year." if carried else "."
        outcome = (
            f"Of the {c['under_review']} cases under review, {c['upheld_or_dismissed']} were upheld or dismissed, "
            f"{c['direct_corrections']} were revoked, confirmed unlawful or ordered to perform, and "
            f"{c['mediated']} ended in mediation"
        )
        outcome += f", {c['settled']} in a settlement" if settled else ""
        outcome += f"; {c['concluded']} were concluded and {c['pending']} are pending."
        paragraphs = [intake, outcome]
        if rates:
            named = ", ".join(f"{RATE_NAMES['en'][k]} {pct(v)}" for k, v in rates)
            paragraphs.append(f"Rates of the year: {named}.")
        timing = []
        if days.get("median") is not None:
            timing.append(
                f"concluded cases took {number(days['median'])} days at the median and {number(days['max'])} at most"
            )
        timing.append(f"concluded late: {c['overdue']}")
        if block.get("on_time_rate") is not None:
            timing.append(f"on-time rate {pct(block['on_time_rate'])}")
        timing.append(f"pending cases past their limit: {c['open_overdue']}")
        if late_acceptance:
            timing.append(f"accepted after the review period: {count(late_acceptance)}")
        paragraphs.append(f"Time to decision: {'; '.join(timing)}.")
        return paragraphs
    parts = [f"受理{c['accepted']}件", f"不予受理{c['rejected']}件", f"告知{c['referred']}件"]
    parts.append(f"未补正{c['not_supplemented']}件")
    if withdrawn:
        parts.append(f"受理前撤回{c['withdrawn_before_acceptance']}件")
    intake = f"{year}年，共收到行政复议申请{c['received']}件（{'、'.join(parts)}）"
    intake += f"，另有上年结转案件{c['carried_over']}件。" if carried else "。"
    outcome = (
        f"在审理的{c['under_review']}件案件中，作出维持或驳回决定{c['upheld_or_dismissed']}件，"
        f"作出撤销、确认违法或责令限期履行等直接纠错决定{c['direct_corrections']}件，"
        f"经调解后申请人自愿撤回申请或调解结案{c['mediated']}件"
    )
    outcome += f"，和解结案{c['settled']}件" if settled else ""
    outcome += f"；审结{c['concluded']}件、在审{c['pending']}件。"
    paragraphs = [intake, outcome]
    if rates:
        named = "，".join(f"{RATE_NAMES['zh'][k]}{pct(v)}" for k, v in rates)
        paragraphs.append(f"全年行政复议案件{named}。")
    timing = []
    if days.get("median") is not None:
        timing.append(f"审结案件审理天数中位数{number(days['median'])}日、最长{number(days['max'])}日")
    on_time = f"超期审结{c['overdue']}件"
    if block.get("on_time_rate") is not None:
        on_time += f"，按期审结率{pct(block['on_time_rate'])}"
    timing.append(on_time)
    timing.append(f"截至审计截止日，超期未结案件{c['open_overdue']}件")
    if late_acceptance:
        timing.append(f"超过受理审查期限受理{count(late_acceptance)}件")
    paragraphs.append("；".join(timing) + "。")
    return paragraphs
