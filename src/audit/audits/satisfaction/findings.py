"""The satisfaction audit's findings: the year's satisfaction rate below its target, and every unit below it.

The district's rate below the target (params ``satisfaction.target_rate``) is one finding (its
subject the metric, ``satisfaction.rate``, so it recurs across years), which reports the red
headline; each unit surveyed whose own rate is below the target is a finding of that unit (its
subject). The rows are where the shortfall is: the unit's responses not satisfied (a per-response
register) or its surveys below the target (a per-survey register; all its surveys where none is
below on its own). A finding never names a respondent, nor gives a response's case number or
comment (they can identify who answered): the auditor reads them at the rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from audit.core.numbers import percent
from audit.findings.model import Finding, Rule
from audit.registers import ROW

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

AUDIT = "satisfaction"
RATE = "satisfaction.rate"
_BASIS = {
    "zh": "本年度行政执法满意率目标为 {target}（参数 satisfaction.target_rate = {target}）；法治政府建设实施纲要要求建设"
    "人民满意的法治政府，未规定具体比例，目标为本区依法行政考核所定；满意率 = 满意人数 ÷ 计入满意率的调查人数",
    "en": "the year's target satisfaction rate of {target} (params satisfaction.target_rate = {target}); the "
    "rule-of-law government outlines call for a government the people are satisfied with but set no figure, so "
    "the target is the district's own; rate = people satisfied ÷ people surveyed and counted",
}

DISTRICT = Rule(
    "rate_below_target",
    "medium",
    {"zh": "行政执法满意率未达到目标", "en": "Enforcement satisfaction rate below its target"},
    _BASIS,
    {
        "zh": "分析全区执法满意率未达到目标的原因，督促满意率低于目标的单位制定整改措施，并持续开展执法满意度回访",
        "en": "find out why the district's satisfaction rate missed its target, have the units below it set "
        "measures to improve, and keep surveying the parties of enforcement",
    },
    covers=(RATE,),
)
UNIT = Rule(
    "unit_below_target",
    "medium",
    {"zh": "单位执法满意率低于目标", "en": "Unit's enforcement satisfaction below the target"},
    _BASIS,
    {
        "zh": "督促该单位逐件核实群众不满意的原因，改进执法方式和服务态度，规范文明执法，并在下一年度跟踪回访",
        "en": "have the unit look into each response not satisfied, improve how it enforces and treats the public, "
        "and follow it up with another survey next year",
    },
)
RULES = (DISTRICT, UNIT)


def _shortfall_rows(register: Register, params: Params, units: list[str], per_survey: bool) -> dict[str, list[int]]:
    """The rows behind each unit's shortfall (see the module's doc), for `units` only."""
    d = register.data
    of_units = d["unit"].isin(units).to_numpy()
    settings = params.satisfaction
    if per_survey:
        people = d["respondents"].fillna(0).to_numpy(dtype="float64")
        satisfied = d["satisfied"].fillna(0).to_numpy(dtype="float64")
        below = of_units & (satisfied < float(settings.target_rate) * people)
        # a unit none of whose surveys is below the target on its own: all its surveys
        with_below = pd.unique(d.loc[below, "unit"])
        picked = below | (of_units & ~d["unit"].isin(with_below).to_numpy())
    else:
        answer = d["answer"]
        counted = ~answer.isin(settings.not_counted_answers).to_numpy()
        picked = of_units & counted & ~answer.isin(settings.satisfied_answers).to_numpy()
    chosen = d.loc[picked, ["unit", ROW]]
    return {str(unit): [int(r) for r in rows] for unit, rows in chosen.groupby("unit", sort=False)[ROW]}


def findings(
    loaded: Mapping[str, Register], params: Params, block: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> list[Finding]:
    """A finding for the year's rate below the target, and one per unit below it (see the module's doc)."""
    definitions = params.definitions
    target = float(block["target_rate"])

    def shown(rate: float | None) -> str:
        return percent(rate, definitions.percent_decimals, definitions.rounding)

    goal = shown(target)
    found: list[Finding] = []
    if block["met"] is False:
        text = {
            "zh": f"本年度行政执法满意率为 {shown(block['rate'])}（计入的 {block['respondents']} 人中满意 "
            f"{block['satisfied']} 人），未达到目标 {goal}；{block['units_below_target']} 个被调查单位低于目标",
            "en": f"the year's enforcement satisfaction rate was {shown(block['rate'])} ({block['satisfied']} of "
            f"{block['respondents']} counted satisfied), below the target of {goal}; "
            f"{block['units_below_target']} of the units surveyed were below it",
        }
        found.append(DISTRICT.finding(AUDIT, RATE, None, text, target=goal))
    below = [u for u in block["by_unit"] if u["met"] is False]
    if not below:
        return found
    rows = _shortfall_rows(loaded[AUDIT], params, [u["unit"] for u in below], block["shape"] == "surveys")
    for u in sorted(below, key=lambda u: u["unit"]):
        unit = str(u["unit"])
        text = {
            "zh": f"{unit}执法满意率为 {shown(u['rate'])}（计入的 {u['respondents']} 人中满意 {u['satisfied']} 人），"
            f"低于目标 {goal}",
            "en": f"satisfaction with {unit} was {shown(u['rate'])} ({u['satisfied']} of {u['respondents']} counted "
            f"satisfied), below the target of {goal}",
        }
        found.append(UNIT.finding(AUDIT, unit, unit, text, (), AUDIT, rows.get(unit, ()), target=goal))
    return found
