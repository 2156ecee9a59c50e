"""The litigation section of the Word audit report (行政应诉), from the audit's block of metrics.json."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.core.numbers import count, year_percent

if TYPE_CHECKING:
    from audit.core.params import Params

OUTCOMES_ZH = {"won": "胜诉", "lost": "败诉", "withdrawn": "原告撤诉", "dismissed": "驳回起诉", "mediated": "调解结案"}
OUTCOMES_EN = {"won": "won", "lost": "lost", "withdrawn": "withdrawn", "dismissed": "dismissed", "mediated": "mediated"}


def _target(block: Mapping[str, Any], metric: str) -> Mapping[str, Any] | None:
    """The year's target for `metric` (``head_appearance_rate`` or ``loss_rate``), where it was judged."""
    for target in block.get("targets") or []:
        if target.get("metric") == metric and target.get("met") is not None:
            return target
    return None


def report_paragraphs(block: Mapping[str, Any], metrics: Mapping[str, Any], params: Params, language: str) -> list[str]:
    """Cases and hearings, heads of agency in court against the target; outcomes and the loss rate against it."""
    pct = year_percent(params)

    year = metrics["year"]
    outcomes = block.get("outcomes") or {}
    appearance = _target(block, "head_appearance_rate")
    loss = _target(block, "loss_rate")
    by_concluded = block.get("loss_rate_denominator") == "concluded"
    en = language == "en"
    paragraphs: list[str] = []
    if en:
        first = (
            f"In {year}, the bureau handled {count(block.get('cases'))} administrative lawsuits, "
            f"{count(block.get('hearings'))} of them heard in court; the head of the agency appeared in "
            f"{count(block.get('head_appearances'))} ({count(block.get('principal_appearances'))} principal, "
            f"{count(block.get('deputy_appearances'))} deputy)"
        )
        if block.get("head_appearance_rate") is not None:
            first += f", an appearance rate of {pct(block['head_appearance_rate'])}"
            if appearance:
                first += f", {'meeting' if appearance['met'] else 'below'} the target of {pct(appearance['target'])}"
        paragraphs.append(first + ".")
        parts = ", ".join(f"{count(outcomes[k])} {v}" for k, v in OUTCOMES_EN.items() if outcomes.get(k))
        second = f"{count(block.get('concluded'))} cases were concluded" + (f" ({parts})" if parts else "")
        second += f" and {count(block.get('pending'))} are pending; {count(block.get('judgments'))} ended in a judgment"
        if block.get("loss_rate") is not None:
            second += f"; loss rate {pct(block['loss_rate'])}" + (" of concluded cases" if by_concluded else "")
            if loss:
                second += f", {'within' if loss['met'] else 'above'} the target of {pct(loss['target'])}"
        paragraphs.append(second + ".")
        if block.get("appearances_without_rank"):
            paragraphs.append(
                f"Appearances registered without the head's rank, not counted in the rate: "
                f"{count(block['appearances_without_rank'])}."
            )
        return paragraphs
    first = (
        f"{year}年，共办理行政应诉案件{count(block.get('cases'))}件，其中开庭审理{count(block.get('hearings'))}件，"
        f"行政机关负责人出庭应诉{count(block.get('head_appearances'))}次（正职负责人"
        f"{count(block.get('principal_appearances'))}次、副职负责人{count(block.get('deputy_appearances'))}次）"
    )
    if block.get("head_appearance_rate") is not None:
        first += f"，负责人出庭应诉率{pct(block['head_appearance_rate'])}"
        if appearance:
            first += f"，{'达到' if appearance['met'] else '未达到'}年度目标{pct(appearance['target'])}"
    paragraphs.append(first + "。")
    parts = "、".join(f"{v}{count(outcomes[k])}件" for k, v in OUTCOMES_ZH.items() if outcomes.get(k))
    second = f"已审结{count(block.get('concluded'))}件" + (f"（{parts}）" if parts else "")
    second += f"，在审{count(block.get('pending'))}件；以判决结案{count(block.get('judgments'))}件"
    if block.get("loss_rate") is not None:
        second += "，行政诉讼败诉率" + ("（按审结案件计）" if by_concluded else "") + pct(block["loss_rate"])
        if loss:
            second += f"，{'未超过' if loss['met'] else '高于'}年度目标{pct(loss['target'])}"
    paragraphs.append(second + "。")
    if block.get("appearances_without_rank"):
        paragraphs.append(
            f"另有{count(block['appearances_without_rank'])}件案件登记了负责人出庭但未填写职务，未计入出庭应诉率。"
        )
    return paragraphs
