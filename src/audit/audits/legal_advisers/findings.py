"""The legal advisers audit's findings: every listed unit without any work by a legal adviser in the year.

A unit of the params list ``legal_advisers.units`` (the units expected to have a legal adviser)
that the year's register shows no adviser's work for is a finding of that unit, its subject the
unit as the list names it, so it recurs in the next year if the unit is still without. It has no
rows: what it reports is an absence. Without a list nothing is checked and nothing is found.

A served unit that is not on the list (``units_not_listed``) is no finding: the page asks the
auditor to complete the list or unify the name, which is the params' matter, not the unit's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.findings.model import Finding, Rule

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

AUDIT = "legal_advisers"

WITHOUT_ADVISER = Rule(
    "unit_without_adviser",
    "medium",
    {"zh": "应有法律顾问的单位没有法律顾问工作记录", "en": "Listed unit without any work by a legal adviser"},
    {
        "zh": "中共中央办公厅、国务院办公厅《关于推行法律顾问制度和公职律师公司律师制度的意见》（中办发〔2016〕30号）："
        "县级以上地方各级党政机关普遍设立法律顾问，乡镇党委和政府根据需要设立；本区应有法律顾问的单位 {units} 个"
        "（参数 legal_advisers.units）",
        "en": "the General Offices' opinion on legal advisers (中办发〔2016〕30号): Party and government organs at "
        "county level and above have legal advisers, townships as needed; the district lists {units} units that "
        "should have one (params legal_advisers.units)",
    },
    {
        "zh": "核实该单位是否已聘请法律顾问：尚未聘请的，依规尽快聘请；已聘请的，督促其在合同审查、重大决策论证等工作中"
        "发挥法律顾问作用，并如实登记法律顾问工作台账",
        "en": "check whether the unit has engaged a legal adviser: if not, have it engage one; if so, have the "
        "adviser consulted on its contracts and major decisions, and the work entered in the register",
    },
)
RULES = (WITHOUT_ADVISER,)


def findings(
    loaded: Mapping[str, Register], params: Params, block: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> list[Finding]:
    """A finding per listed unit the register shows no adviser's work for (see the module's doc)."""
    if not block["units_checked"]:
        return []
    year = params.year
    found = []
    for unit in block["units_missing"] or ():
        text = {
            "zh": f"{unit}在应有法律顾问的单位名单内，{year} 年法律顾问工作台账中没有该单位的任何法律顾问工作记录",
            "en": f"{unit} is on the list of units that should have a legal adviser, and the {year} register of the "
            "advisers' work has no work for it",
        }
        found.append(WITHOUT_ADVISER.finding(AUDIT, str(unit), str(unit), text, units=block["units_expected"]))
    return found
