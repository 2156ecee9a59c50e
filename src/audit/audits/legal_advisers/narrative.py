"""The legal advisers section of the Word audit report (法律顾问), from the audit's block of metrics.json.

Advisers are counted, never named.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.core.numbers import count, year_percent

if TYPE_CHECKING:
    from audit.core.params import Params

OTHER_KINDS_ZH = {
    "major_decision": "参与重大决策论证{n}件",
    "consultation": "提供法律咨询{n}件",
    "litigation": "代理诉讼{n}件",
}
OTHER_KINDS_EN = {
    "major_decision": "{n} major decisions argued",
    "consultation": "{n} consultations",
    "litigation": "{n} lawsuits",
}


def report_paragraphs(block: Mapping[str, Any], metrics: Mapping[str, Any], params: Params, language: str) -> list[str]:
    """The advisers' work by kind and the units served; the listed units with and without an adviser's work."""
    pct = year_percent(params)

    year = metrics["year"]
    kinds = block.get("by_kind") or {}
    missing = [str(u) for u in block.get("units_missing") or []]
    checked = bool(block.get("units_checked"))
    en = language == "en"
    if en:
        others = "".join(f", {t.format(n=count(kinds[k]))}" for k, t in OTHER_KINDS_EN.items() if kinds.get(k))
        first = (
            f"In {year}, {count(block.get('advisers'))} legal advisers did {count(block.get('works'))} pieces of work: "
            f"{count(block.get('major_project_reviews'))} reviews of major-project agreements (of "
            f"{count(block.get('contract_reviews'))} contract reviews), {count(block.get('legal_meetings'))} meetings on "
            f"legal questions{others}, for {count(block.get('units_served'))} units."
        )
        paragraphs = [first]
        if checked:
            second = (
                f"Of the {count(block.get('units_expected'))} units that should have an adviser, "
                f"{count(block.get('units_with_adviser'))} have an adviser's work on record"
            )
            if block.get("units_coverage_rate") is not None:
                second += f" (coverage {pct(block['units_coverage_rate'])})"
            second += f"; none on record: {', '.join(missing)}." if missing else "."
            paragraphs.append(second)
        return paragraphs
    others = "".join(f"，{t.format(n=count(kinds[k]))}" for k, t in OTHER_KINDS_ZH.items() if kinds.get(k))
    first = (
        f"{year}年，{count(block.get('advisers'))}名法律顾问共完成各类工作{count(block.get('works'))}件，其中参与完成重大项目"
        f"协议法律审查{count(block.get('major_project_reviews'))}件（合同协议审查共{count(block.get('contract_reviews'))}件），"
        f"参加涉法专项会议{count(block.get('legal_meetings'))}次{others}，服务单位{count(block.get('units_served'))}个。"
    )
    paragraphs = [first]
    if checked:
        second = (
            f"应有法律顾问的{count(block.get('units_expected'))}个单位中，{count(block.get('units_with_adviser'))}个"
            "有法律顾问工作记录"
        )
        if block.get("units_coverage_rate") is not None:
            second += f"，覆盖率{pct(block['units_coverage_rate'])}"
        second += f"；{'、'.join(missing)}没有法律顾问工作记录。" if missing else "。"
        paragraphs.append(second)
    return paragraphs
