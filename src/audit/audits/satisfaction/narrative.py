"""The satisfaction section of the Word audit report (行政执法满意度), from the audit's block of metrics.json.

Counts only: never a respondent, nor anything that leads to one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.core.numbers import count, year_percent

if TYPE_CHECKING:
    from audit.core.params import Params


def report_paragraphs(block: Mapping[str, Any], metrics: Mapping[str, Any], params: Params, language: str) -> list[str]:
    """Responses, the satisfaction rate against the year's target; the units below it."""
    pct = year_percent(params)

    year = metrics["year"]
    below = [str(u) for u in block.get("units_below_target_names") or []]
    met = block.get("met")
    en = language == "en"
    if en:
        first = f"In {year}, the enforcement satisfaction survey"
        if block.get("surveys") is not None:
            first += f" ({count(block['surveys'])} surveys)"
        first += f" had {count(block.get('responses'))} responses"
        if block.get("not_counted"):
            first += f", {count(block['not_counted'])} of them not counted in the rate"
        first += f"; of the {count(block.get('respondents'))} counted, {count(block.get('satisfied'))} were satisfied"
        if block.get("rate") is not None:
            first += f", a satisfaction rate of {pct(block['rate'])}"
            if met is not None:
                first += f", {'meeting' if met else 'below'} the target of {pct(block.get('target_rate'))}"
        second = (
            f"Units surveyed: {count(block.get('units'))}; below the target: {count(block.get('units_below_target'))}"
        )
        second += f" ({', '.join(below)})." if below else "."
        return [first + ".", second]
    first = f"{year}年，开展行政执法满意度调查"
    if block.get("surveys") is not None:
        first += f"{count(block['surveys'])}次"
    first += f"，共调查{count(block.get('responses'))}人次"
    if block.get("not_counted"):
        first += f"（其中{count(block['not_counted'])}人次不计入满意率）"
    first += f"，计入满意率的{count(block.get('respondents'))}人中表示满意的{count(block.get('satisfied'))}人"
    if block.get("rate") is not None:
        first += f"，行政执法满意率{pct(block['rate'])}"
        if met is not None:
            first += f"，{'达到' if met else '未达到'}年度目标{pct(block.get('target_rate'))}"
    second = f"被调查单位{count(block.get('units'))}个，满意率低于目标的{count(block.get('units_below_target'))}个"
    second += f"（{'、'.join(below)}）。" if below else "。"
    return [first + "。", second]
