"""The legal publicity register — 普法活动登记表 (docs/registers.md).

One row per legal publicity event (法治宣传活动) of the year: its date, theme, form, the unit that
organised it, and what it reached — materials handed out, audience, consultations answered. The
themes come from the year's params (``publicity.themes``), so the schema is built by :func:`schema`
for a given :class:`~audit.core.params.Params`; a theme outside that list is a problem of its row
that names the list.

What the register holds: the bureau's publicity events and those of the units under the
"谁执法谁普法" responsibility system, each counted once. An event of another body that the
bureau only reports on (the court's livestream of its enforcement campaign, watched online by
30余万 in the seed report) is not a publicity event of the district and is not entered: its
online viewers would otherwise be counted as the direct audience (直接受众).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from audit.registers.schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from audit.audits.publicity.settings import PublicityParams
    from audit.core.errors import Problem
    from audit.core.params import Params
    from audit.registers.load import Register

FORMS = (
    Choice("offline", "offline", ("线下", "现场", "线下活动", "现场活动")),
    Choice("online", "online", ("线上", "网络", "线上活动", "网上")),
    Choice("livestream", "livestream", ("直播", "云直播", "网络直播", "线上直播")),
)
FORM_CODES = tuple(c.code for c in FORMS)
# The count columns: what an event reached. Blank cells count as 0 in the totals and are listed.
COUNTS = ("materials", "audience", "consultations")


def theme_choices(publicity: PublicityParams) -> tuple[Choice, ...]:
    """The year's themes as choices (code, English label, Chinese label and aliases)."""
    return tuple(Choice(code, t.en, (t.zh, *t.aliases)) for code, t in publicity.themes.items())


def _in_year(register: Register, params: Params) -> list[Problem]:
    """Every event is dated in the audited year."""
    return register.problems(
        register.dated_outside("date", params.year),
        "date",
        f"a date in {params.year} (the audited year)",
        f"{params.year} 年内的日期（审计年度）",
    )


def _consultations_within_audience(register: Register, params: Params) -> list[Problem]:
    """People who asked for legal advice at an event were part of its audience: consultations ≤ audience."""
    d = register.data
    return register.problems(
        d["consultations"] > d["audience"],
        "consultations",
        "at most the event's audience (受众（人次）): those consulted are part of it",
        "不超过该活动的受众人次：接受咨询的群众也是受众",
    )


def schema(params: Params) -> RegisterSchema:
    """The publicity register's schema under the year's themes."""
    return RegisterSchema(
        key="publicity",
        title_en="Legal publicity register",
        title_zh="普法活动登记表",
        columns=(
            Column("date", "日期", "date", required=True, zh_aliases=("活动日期", "开展日期")),
            Column("title", "活动名称", zh_aliases=("活动内容",)),
            Column(
                "theme",
                "主题",
                "category",
                required=True,
                choices=theme_choices(params.publicity),
                zh_aliases=("宣传主题", "活动主题"),
            ),
            Column("form", "形式", "category", required=True, choices=FORMS, zh_aliases=("活动形式", "宣传形式")),
            Column("organiser", "组织单位", required=True, zh_aliases=("主办单位", "承办单位"), unit=True),
            Column("venue", "地点", zh_aliases=("活动地点",)),
            Column("speaker", "主讲人", private=True, zh_aliases=("宣讲人",)),
            Column("materials", "发放资料（份）", "integer", minimum=0, zh_aliases=("发放资料", "发放宣传资料（份）")),
            Column("audience", "受众（人次）", "integer", minimum=0, zh_aliases=("受众", "受众人次", "参与人次")),
            Column(
                "consultations",
                "接受咨询（人次）",
                "integer",
                minimum=0,
                zh_aliases=("接受咨询", "咨询人次", "接受法律咨询（人次）"),
            ),
        ),
        checks=(_in_year, _consultations_within_audience),
    )
