"""The enforcement publication section of the Word audit report (行政执法公示), from the audit's block of metrics.json."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.core.numbers import count, number, year_percent

if TYPE_CHECKING:
    from audit.core.params import Params

KINDS_ZH = {"licence": "行政许可决定", "penalty": "行政处罚决定", "other": "其他行政执法决定"}
KINDS_EN = {"licence": "licences", "penalty": "penalties", "other": "other decisions"}


def report_paragraphs(block: Mapping[str, Any], metrics: Mapping[str, Any], params: Params, language: str) -> list[str]:
    """Decisions and their publication within the working-day limits; the rates and time to publication."""
    pct = year_percent(params)

    year = metrics["year"]
    limits = block.get("limits") or {}
    delays = block.get("median_delay") is not None
    en = language == "en"
    if en:
        within = ", ".join(f"{KINDS_EN.get(k, k)} {count(n)}" for k, n in limits.items())
        first = (
            f"In {year}, {count(block.get('units'))} enforcement units made {count(block.get('decisions'))} enforcement "
            f"decisions. Within the limits in working days ({within}), {count(block.get('published'))} were published: "
            f"{count(block.get('on_time'))} on time and {count(block.get('late'))} late; "
            f"{count(block.get('unpublished'))} were not published past their limit"
        )
        if block.get("not_yet_due"):
            first += f", and {count(block['not_yet_due'])} were not yet due at the as-of date"
        rates = []
        if block.get("on_time_rate") is not None:
            rates.append(f"published on time {pct(block['on_time_rate'])}")
        if block.get("published_rate") is not None:
            rates.append(f"published {pct(block['published_rate'])}")
        if delays:
            rates.append(
                f"{number(block['median_delay'])} working days to publication at the median, "
                f"{number(block.get('max_delay'))} at most"
            )
        return [first + ".", *([f"{'; '.join(rates)[0].upper()}{'; '.join(rates)[1:]}."] if rates else [])]
    within = "、".join(f"{KINDS_ZH.get(k, k)}{count(n)}个工作日" for k, n in limits.items())
    first = (
        f"{year}年，{count(block.get('units'))}个行政执法单位共作出行政执法决定{count(block.get('decisions'))}件。"
        f"按照{within}内公示的要求，已公示{count(block.get('published'))}件，其中按期公示{count(block.get('on_time'))}件、"
        f"逾期公示{count(block.get('late'))}件；逾期未公示{count(block.get('unpublished'))}件"
    )
    if block.get("not_yet_due"):
        first += f"；公示期限未届满{count(block['not_yet_due'])}件，待期限届满后核实"
    rates = []
    if block.get("on_time_rate") is not None:
        rates.append(f"执法决定按期公示率{pct(block['on_time_rate'])}")
    if block.get("published_rate") is not None:
        rates.append(f"公示率{pct(block['published_rate'])}")
    second = "，".join(rates)
    if delays:
        second += ("；" if second else "") + (
            f"已公示决定用时中位数{number(block['median_delay'])}个工作日、最长{number(block.get('max_delay'))}个工作日"
        )
    return [first + "。", *([second + "。"] if second else [])]
