"""The enforcement publication register — 行政执法公示登记表 (docs/registers.md).

One row per enforcement decision (行政执法决定) made in the audited year by an enforcement unit
of the district: its unit, the decision's number (决定书文号, unique), its kind (行政许可,
行政处罚 or 其他), the date it was decided and the date it was published (公示; blank: not
published). The party (当事人) is personal data where it is a person: loaded for validation only,
never shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from audit.audits.enforcement_publication.limits import timeline
from audit.registers.schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from audit.core.errors import Problem
    from audit.core.params import Params
    from audit.registers.load import Register

KIND_CHOICES = (
    Choice("licence", "licence", ("行政许可", "许可")),
    Choice("penalty", "penalty", ("行政处罚", "处罚")),
    Choice("other", "other enforcement decision", ("其他", "其他行政执法决定", "其他执法决定")),
)


def _checks(register: Register, params: Params) -> list[Problem]:
    d = register.data
    decided, published = d["decided_on"], d["published_on"]
    problems: list[Problem] = []
    problems += register.problems(
        register.dated_outside("decided_on", params.year),
        "decided_on",
        f"a date in {params.year} (the audited year)",
        f"{params.year} 年内的日期（审计年度）",
    )
    problems += register.problems(
        published < decided,
        "published_on",
        "a date on or after the date of the decision (决定日期): a decision cannot be published before it is made",
        "不得早于决定日期：执法决定作出后才能公示",
    )
    problems += register.problems(
        # a date that did not parse is reported already: judging the row again would only add noise
        d["platform"].notna() & register.text["published_on"].eq(""),
        "published_on",
        "the date of publication: the register names where it was published (公示平台)",
        "公示日期：已填写公示平台",
    )
    return problems


def _calendar_covers(register: Register, params: Params) -> list[Problem]:
    """Every period the audit counts lies in years whose holidays the calendar knows (the package or params)."""
    from audit.core.calendar import uncovered_problems

    d = register.data
    lenient = timeline(d, params, strict=False)
    ordered = d["decided_on"].notna() & ~(d["published_on"] < d["decided_on"])
    deadline_blind = ordered & d["kind"].notna() & lenient["deadline"].isna()
    blind = {
        "decided_on": deadline_blind,
        # a row whose last day is already reported is not reported again for its publication
        "published_on": ordered & ~deadline_blind & d["published_on"].notna() & lenient["delay"].isna(),
    }
    problems: list[Problem] = []
    for column, rows in blind.items():
        problems += uncovered_problems(
            register,
            column,
            rows,
            lambda label: timeline(d.loc[[label]], params),
            ("the working days run into {year}", "工作日计算涉及 {year} 年"),
        )
    return problems


SCHEMA = RegisterSchema(
    key="enforcement_publication",
    title_en="Enforcement publication register",
    title_zh="行政执法公示登记表",
    columns=(
        Column("unit", "执法单位", required=True, zh_aliases=("执法主体", "执法机关"), unit=True),
        Column("decision_id", "决定书文号", required=True, zh_aliases=("决定文号", "决定书编号", "文书编号")),
        Column("kind", "类别", "category", required=True, choices=KIND_CHOICES, zh_aliases=("决定类别", "执法类别")),
        Column("matter", "事项名称", zh_aliases=("事项", "案由")),
        Column("party", "当事人", private=True, zh_aliases=("行政相对人",)),
        Column("decided_on", "决定日期", "date", required=True, zh_aliases=("作出决定日期", "决定作出日期")),
        Column("published_on", "公示日期", "date", zh_aliases=("公开日期",)),
        Column("platform", "公示平台", zh_aliases=("公示网站",)),
    ),
    unique=("decision_id",),
    checks=(_checks, _calendar_covers),
)
