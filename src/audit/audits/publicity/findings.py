"""The publicity audit's findings: every required theme without an event, and every organiser's events not fully recorded.

A required theme (params ``publicity.required_themes``) that no event of the year took up is a
finding of the district's publicity work as a whole (no unit: the publicity plan is the
district's), its subject the theme's code, so the same theme missed again is the same finding.
Events that leave materials, audience or consultations blank (counted as 0 in the totals) are a
record-keeping finding of their organising unit (its subject), with the events' rows; events
have no number, and their titles and speakers stay in the register.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from audit.audits.publicity.register import COUNTS
from audit.findings.model import Finding, Rule
from audit.registers import ROW

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

AUDIT = "publicity"
THEMES_MET = "publicity.required_themes_met"
COUNT_NAMES = {
    "materials": ("发放资料份数", "materials handed out"),
    "audience": ("受众人次", "audience"),
    "consultations": ("接受咨询人次", "consultations"),
}

THEME_MISSING = Rule(
    "required_theme_missing",
    "medium",
    {"zh": "必须开展的普法主题全年没有活动", "en": "Required publicity theme without an event"},
    {
        "zh": "{plan}；本年度必须开展的普法主题为{themes}，每个主题至少开展一场活动（参数 publicity.required_themes = "
        "[{codes}]）",
        "en": "{plan_en}; the year's required publicity themes: {themes_en}, each with at least one event (params "
        "publicity.required_themes = [{codes}])",
    },
    {
        "zh": "将{theme}主题法治宣传列入下一年度普法工作计划并明确组织单位和时间节点，由区司法局督促落实",
        "en": "put publicity on the {theme_en} in next year's publicity plan with an organising unit and a date, "
        "and have the justice bureau follow it up",
    },
    covers=(THEMES_MET,),
)
INCOMPLETE = Rule(
    "incomplete_records",
    "low",
    {"zh": "普法活动登记不全", "en": "Publicity events not fully recorded"},
    {
        "zh": "普法活动登记表的填写要求：每场活动登记发放资料份数、受众人次和接受咨询人次，未发放资料、无人咨询的填 0"
        "（docs/registers.md，普法活动登记表）；未填写的合计时按 0 计，全年普法数据可能少计",
        "en": "the publicity register's rule: every event records its materials handed out, audience and "
        "consultations, 0 where there were none (docs/registers.md, legal publicity register); a blank counts as "
        "0 in the totals, so the year's figures may be short",
    },
    {
        "zh": "督促组织单位核实后补填，活动结束后及时、完整登记普法活动台账",
        "en": "have the organiser check and fill in the blanks, and record each event in full when it ends",
    },
)
RULES = (THEME_MISSING, INCOMPLETE)


def _plan(year: int) -> tuple[str, str]:
    """The national publicity plan of `year` and what it makes a main task, in both languages."""
    if 2016 <= year <= 2020:
        return (
            "“七五”普法规划（2016—2020年）将突出学习宣传宪法列为主要任务",
            "the seventh five-year publicity plan (2016–2020) makes the study and publicity of the Constitution a "
            "main task",
        )
    if 2021 <= year <= 2025:
        return (
            "“八五”普法规划（2021—2025年）将突出学习宣传宪法、突出宣传民法典列为主要任务",
            "the eighth five-year publicity plan (2021–2025) makes publicity of the Constitution and of the Civil "
            "Code main tasks",
        )
    return "本期普法规划确定的重点宣传内容", "the main subjects of the current publicity plan"


def _theme_findings(params: Params, block: Mapping[str, Any]) -> list[Finding]:
    missing = block["required_themes_missing"]
    if not missing:
        return []
    themes = params.publicity.themes
    required = params.publicity.required_themes

    def labels(code: str) -> tuple[str, str]:
        theme = themes.get(code)
        return (theme.zh, theme.en) if theme is not None else (code, code.replace("_", " "))

    plan_zh, plan_en = _plan(params.year)
    themes_zh = "、".join(labels(c)[0] for c in required)
    themes_en = ", ".join(labels(c)[1] for c in required)
    codes = ", ".join(required)
    found = []
    for code in missing:
        zh, en = labels(code)
        text = {
            "zh": f"{params.year} 年普法活动登记表中没有“{zh}”主题的活动（必须开展的主题）",
            "en": f"the {params.year} publicity register has no event on the required theme {en}",
        }
        found.append(
            THEME_MISSING.finding(
                AUDIT,
                str(code),
                None,
                text,
                theme=zh,
                theme_en=en,
                plan=plan_zh,
                plan_en=plan_en,
                themes=themes_zh,
                themes_en=themes_en,
                codes=codes,
            )
        )
    return found


def _incomplete_findings(register: Register, block: Mapping[str, Any]) -> list[Finding]:
    if not block["incomplete_events"]:
        return []
    d = register.data
    blank = pd.DataFrame({c: d[c].isna() for c in COUNTS}, index=d.index)
    picked = blank.any(axis=1).to_numpy()
    events = blank.loc[picked].assign(organiser=d.loc[picked, "organiser"].astype(str), row=d.loc[picked, ROW])
    found = []
    for organiser, rows in events.groupby("organiser", sort=True):
        unit = str(organiser)
        blanks = {c: int(rows[c].sum()) for c in COUNTS}
        zh = "、".join(f"{COUNT_NAMES[c][0]} {n} 场" for c, n in blanks.items() if n)
        en = ", ".join(f"{COUNT_NAMES[c][1]} in {n}" for c, n in blanks.items() if n)
        text = {
            "zh": f"{unit}组织的 {len(rows)} 场普法活动登记不全（未填写{zh}），合计时按 0 计",
            "en": f"{len(rows)} publicity event{'s' if len(rows) != 1 else ''} of {unit} left counts blank "
            f"({en}), counted as 0 in the totals",
        }
        found.append(INCOMPLETE.finding(AUDIT, unit, unit, text, (), AUDIT, rows["row"]))
    return found


def findings(
    loaded: Mapping[str, Register], params: Params, block: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> list[Finding]:
    """A finding per required theme without an event, and per organiser with events not fully recorded."""
    return _theme_findings(params, block) + _incomplete_findings(loaded[AUDIT], block)
