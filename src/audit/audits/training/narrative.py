"""The training section of the Word audit report (法治培训), from the audit's block of metrics.json."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.core.numbers import count, number, year_percent

if TYPE_CHECKING:
    from audit.core.params import Params

# kind → (what the event is, its measure word, the target's wording)
KINDS_ZH: dict[str, tuple[str, str, str]] = {
    "leadership_course": ("领导干部法治专题培训班", "期", "举办领导干部法治专题培训班"),
    "leadership_lecture": ("领导班子法治专题讲座", "期", "举办区政府领导班子法治专题讲座"),
    "staff_training": ("执法人员法治培训", "次", "组织基层法制员、执法人员培训"),
    "pre_meeting_study": ("会前学法", "次", "组织会前学法"),
    "other": ("其他法治培训", "次", "举办其他法治培训"),
}
KINDS_EN: dict[str, str] = {
    "leadership_course": "leadership rule-of-law courses",
    "leadership_lecture": "rule-of-law lectures for the leadership",
    "staff_training": "trainings of legal officers and enforcement staff",
    "pre_meeting_study": "pre-meeting law studies",
    "other": "other trainings",
}


def report_paragraphs(block: Mapping[str, Any], metrics: Mapping[str, Any], params: Params, language: str) -> list[str]:
    """Events by kind, participants and hours; the year's targets; officers' hours; what the register leaves blank."""
    pct = year_percent(params)

    year = metrics["year"]
    events = {k: n for k, n in (block.get("events") or {}).items() if n}
    targets = block.get("targets") or []
    en = language == "en"
    paragraphs: list[str] = []
    if en:
        kinds = "; ".join(f"{KINDS_EN.get(k, k)}: {count(n)}" for k, n in events.items())
        paragraphs.append(
            f"In {year}, the register lists {count(block.get('events_total'))} rule-of-law training events"
            + (f" ({kinds})" if kinds else "")
            + f", with {count(block.get('participants'))} participants and {number(block.get('hours'))} hours in all."
        )
        if targets:
            said = [
                f"{KINDS_EN.get(t['kind'], t['kind'])}: target {count(t['target'])}, held {count(t['actual'])}, "
                + ("met" if t.get("met") else f"not met ({count(t['shortfall'])} short)")
                for t in targets
            ]
            paragraphs.append(f"Targets of the year: {'; '.join(said)}.")
        if block.get("roster"):
            paragraphs.append(
                f"The hours roster lists {count(block.get('staff'))} enforcement officers: "
                f"{count(block.get('staff_meeting_hours_target'))} reached {number(block.get('hours_target'))} hours "
                f"in the year and {count(block.get('staff_below_hours_target'))} did not; "
                f"share meeting the target {pct(block.get('staff_hours_rate'))}."
            )
        else:
            paragraphs.append("No officers' hours roster was given, so individual hours were not checked.")
        blank = []
        if block.get("participants_blank"):
            blank.append(f"events without participants: {count(block['participants_blank'])}")
        if block.get("hours_blank"):
            blank.append(f"events without hours: {count(block['hours_blank'])}")
        if blank:
            paragraphs.append(
                f"The register leaves some figures blank: {'; '.join(blank)}; they are not in the totals."
            )
        return paragraphs
    kinds = "、".join(
        f"{KINDS_ZH.get(k, (k, '次', k))[0]}{count(n)}{KINDS_ZH.get(k, (k, '次', k))[1]}" for k, n in events.items()
    )
    paragraphs.append(
        f"{year}年，共举办法治培训活动{count(block.get('events_total'))}次"
        + (f"（{kinds}）" if kinds else "")
        + f"，参训{count(block.get('participants'))}人次，累计{number(block.get('hours'))}学时。"
    )
    if targets:
        said = []
        for t in targets:
            _, unit, wording = KINDS_ZH.get(t["kind"], (t["kind"], "次", t["kind"]))
            clause = f"{wording}{count(t['target'])}{unit}的目标"
            if t.get("met"):
                clause += f"已完成（实际{count(t['actual'])}{unit}）"
            else:
                clause += f"未完成（实际{count(t['actual'])}{unit}，尚差{count(t['shortfall'])}{unit}）"
            said.append(clause)
        paragraphs.append(f"对照年度培训目标，{'；'.join(said)}。")
    if block.get("roster"):
        paragraphs.append(
            f"执法人员培训学时台账登记执法人员{count(block.get('staff'))}人，年度学时达到"
            f"{number(block.get('hours_target'))}学时的{count(block.get('staff_meeting_hours_target'))}人、"
            f"未达到的{count(block.get('staff_below_hours_target'))}人，学时达标率{pct(block.get('staff_hours_rate'))}。"
        )
    else:
        paragraphs.append("本年度未提供执法人员培训学时台账，未能核查执法人员年度培训学时。")
    blank = []
    if block.get("participants_blank"):
        blank.append(f"{count(block['participants_blank'])}次活动未登记参训人数")
    if block.get("hours_blank"):
        blank.append(f"{count(block['hours_blank'])}次活动未登记学时")
    if blank:
        paragraphs.append(f"另有{'、'.join(blank)}，未计入合计。")
    return paragraphs
