"""The enforcement publication audit's findings: per unit, its decisions unpublished past their limit, and those published late.

A finding is about an enforcement unit (its subject and responsible unit), so the same unit late
again next year is the same finding, recurring; its evidence is the decisions' numbers (决定书文号)
and its rows their register rows. A decision not published whose limit has run out
(``unpublished``) is an omission of what the guideline requires, graver than a publication made
late; a decision whose limit runs past the as-of date (``not_yet_due``) is no finding. The party
(当事人) and the matter are never part of a finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.findings.model import Finding, Rule
from audit.registers import ROW

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

AUDIT = "enforcement_publication"
ON_TIME_RATE = "enforcement_publication.on_time_rate"
UNPUBLISHED_COUNT = "enforcement_publication.unpublished"
KIND_NAMES = {"licence": ("行政许可", "licence"), "penalty": ("行政处罚", "penalty"), "other": ("其他", "other")}
_BASIS = {
    "zh": "国务院办公厅《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
    "（国办发〔2018〕118号）：行政执法决定自作出之日起在规定时限内向社会公开（行政许可、行政处罚 7 个工作日，"
    "其他执法决定 20 个工作日，法律、行政法规另有规定的除外）；本年度时限为行政许可 {licence} 个工作日、"
    "行政处罚 {penalty} 个工作日、其他执法决定 {other} 个工作日，作出决定当日不计入（参数 "
    "enforcement_publication.limits：licence = {licence}，penalty = {penalty}，other = {other}）",
    "en": "the State Council General Office's guideline on the three enforcement systems (国办发〔2018〕118号): an "
    "enforcement decision is published within its limit of the day it is made (licences and penalties 7 working "
    "days, other decisions 20, unless a law or regulation says otherwise); the year's limits: licences {licence}, "
    "penalties {penalty}, other decisions {other} working days, the day of the decision not counted (params "
    "enforcement_publication.limits: licence = {licence}, penalty = {penalty}, other = {other})",
}

UNPUBLISHED = Rule(
    "unpublished_decisions",
    "high",
    {"zh": "行政执法决定逾期未公示", "en": "Enforcement decisions not published past their limit"},
    _BASIS,
    {
        "zh": "责成该单位立即公示逾期未公示的执法决定，查明未公示的原因，并对本单位全部执法决定的公示情况开展自查",
        "en": "have the unit publish these decisions at once, find out why they were not published, and check "
        "every decision of the unit for publication",
    },
    covers=(UNPUBLISHED_COUNT, ON_TIME_RATE),
)
LATE = Rule(
    "late_publication",
    "medium",
    {"zh": "行政执法决定逾期公示", "en": "Enforcement decisions published late"},
    _BASIS,
    {
        "zh": "督促该单位落实行政执法公示制度，明确公示责任人，建立执法决定作出后按期公示的提醒和核查机制",
        "en": "have the unit name who publishes its decisions, and check each decision is published by its last day",
    },
    covers=(ON_TIME_RATE,),
)
RULES = (UNPUBLISHED, LATE)


def _kinds(decisions: list[Mapping[str, Any]]) -> tuple[str, str]:
    """How many of `decisions` are of each kind, in both languages ("行政处罚 2 件、行政许可 1 件")."""
    counts = {kind: sum(1 for d in decisions if d["kind"] == kind) for kind in KIND_NAMES}
    zh = "、".join(f"{KIND_NAMES[k][0]} {n} 件" for k, n in counts.items() if n)
    en = ", ".join(f"{n} {KIND_NAMES[k][1]}{'s' if n != 1 else ''}" for k, n in counts.items() if n)
    return zh, en


def _per_unit(decisions: list[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """`decisions` (the block's list, in its order) grouped by unit, units in name order."""
    units: dict[str, list[Mapping[str, Any]]] = {}
    for decision in decisions:
        units.setdefault(str(decision["unit"]), []).append(decision)
    return dict(sorted(units.items()))


def findings(
    loaded: Mapping[str, Register], params: Params, block: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> list[Finding]:
    """A finding per unit with decisions unpublished past their limit, and per unit with decisions published late."""
    late, unpublished = block["late_decisions"], block["unpublished_decisions"]
    if not late and not unpublished:
        return []
    d = loaded[AUDIT].data
    ids = {str(x["decision_id"]) for x in late + unpublished}
    picked = d.loc[d["decision_id"].isin(ids), ["decision_id", ROW]]  # decision_id is unique in the register
    rows = dict(zip(picked["decision_id"].astype(str), picked[ROW]))
    decisions = {str(u["unit"]): u["decisions"] for u in block["by_unit"]}
    limits = dict(block["limits"])
    as_of = str(block["as_of"])
    found: list[Finding] = []
    for rule, exceptions in ((UNPUBLISHED, unpublished), (LATE, late)):
        for unit, listed in _per_unit(exceptions).items():
            numbers = [str(x["decision_id"]) for x in listed]
            text = _text(unit, listed, decisions.get(unit, len(listed)), as_of, rule is UNPUBLISHED)
            unit_rows = [rows[n] for n in numbers if n in rows]
            found.append(rule.finding(AUDIT, unit, unit, text, numbers, AUDIT, unit_rows, **limits))
    return found


def _text(unit: str, listed: list[Mapping[str, Any]], total: int, as_of: str, unpublished: bool) -> dict[str, str]:
    """What a unit's finding says: how many of its decisions, of which kinds, how far past their limit."""
    n = len(listed)
    over = max(int(x["working_days"]) - int(x["limit_working_days"]) for x in listed)
    kinds_zh, kinds_en = _kinds(listed)
    most_zh = "最长" if n > 1 else ""
    most_en = ", the longest" if n > 1 else ","
    days_en = f"{over} working day{'s' if over != 1 else ''}"
    were = "were" if n > 1 else "was"
    if unpublished:
        zh = f"已过公示期限，截至 {as_of} 仍未公示" + (f"，{most_zh}已超过期限 {over} 个工作日" if over > 0 else "")
        en = f"{were} past the limit and not published by {as_of}" + (f"{most_en} by {days_en}" if over > 0 else "")
    else:
        zh = f"逾期公示，{most_zh}超过期限 {over} 个工作日"
        en = f"{were} published late{most_en} {days_en} past the limit"
    return {
        "zh": f"{unit}本年度 {total} 件执法决定中，{n} 件（{kinds_zh}）{zh}",
        "en": f"{n} of the {total} enforcement decisions of {unit} ({kinds_en}) {en}",
    }
