"""The normative documents register — 规范性文件备案登记表 (docs/registers.md).

One row per normative document (规范性文件) of the district government and its office: every
document issued in the audited year, plus each document of an earlier year that was in one of
the year's cleanups (清理). A document of an earlier year is in the register for its cleanup
result only: its review, filing and publication belong to the year it was issued, so the
issued-year figures never count it (an earlier document without a cleanup result has no place
in the register and is reported). A document issued in the year may be in a cleanup of the
year too; it then counts in both.

Legality review (合法性审查) comes before issue; filing (备案) with the city government (报市政府)
and with the district people's congress standing committee (报区人大常委会) after it, within the
limit of the params (``normative_documents.filing_days`` / ``filing_unit``, :mod:`.filing`).
A blank filing date is a filing not made. The person who handled the filing (经办人) is
personal data: read for the checks, never shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from audit.audits.normative_documents.filing import deadlines
from audit.registers.schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from audit.core.errors import Problem
    from audit.core.params import Params
    from audit.registers.load import Register

CLEANUP_RESULTS = (
    Choice("retained", "retained", ("保留", "继续有效", "保留继续有效")),
    Choice("amended", "amended", ("修改", "修订", "拟修改")),
    Choice("repealed", "repealed", ("废止", "拟废止")),
    Choice("expired", "expired", ("失效", "自然失效", "自动失效")),
    Choice("declared_expired", "declared no longer in force", ("宣布失效",)),
)
CLEANUP_CODES = tuple(c.code for c in CLEANUP_RESULTS)

# The bodies a document is filed with: code -> its column of filing dates.
BODIES = {"city": "city_filed_on", "congress": "congress_filed_on"}


def _year_problems(register: Register, params: Params) -> list[Problem]:
    """A document issued after the year is an error; one issued before it is here for its cleanup only."""
    d = register.data
    year = params.year
    issued = d["issued_on"]
    earlier = issued.dt.year.lt(year)
    problems: list[Problem] = []
    problems += register.problems(
        issued.dt.year.gt(year),
        "issued_on",
        f"a date in {year} or, for a document in the year's cleanup, before it",
        f"{year} 年内的日期（本年度清理的以前年度文件为以前年度的日期）",
    )
    problems += register.problems(
        earlier & d["cleanup_result"].isna() & register.text["cleanup_result"].eq(""),
        "cleanup_result",
        f"a cleanup result (清理结果): a document issued before {year} is in the register only for the year's cleanup",
        f"清理结果：{year} 年以前发布的文件只因本年度清理列入登记表",
    )
    problems += register.problems(
        register.text["cleanup_batch"].ne("") & register.text["cleanup_result"].eq(""),
        "cleanup_result",
        "a cleanup result (清理结果): the document is listed in a cleanup (清理项目)",
        "清理结果：该文件已填写清理项目",
    )
    return problems


def _order_of_dates(register: Register, params: Params) -> list[Problem]:
    """Review before issue and with a date; filing and publication on or after issue."""
    d = register.data
    issued = d["issued_on"]
    reviewed = d["reviewed"].astype(bool)
    published = d["published"].astype(bool)
    problems: list[Problem] = []
    problems += register.problems(
        reviewed & d["reviewed_on"].isna(),
        "reviewed_on",
        "the date of the legality review (合法性审查 = 是)",
        "审查日期（合法性审查为“是”）",
    )
    problems += register.problems(
        ~reviewed & d["reviewed_on"].notna(),
        "reviewed_on",
        "empty: 合法性审查 is 否 (or write 是 there)",
        "空白：合法性审查为“否”（或将合法性审查改为“是”）",
    )
    problems += register.problems(
        d["reviewed_on"] > issued,
        "reviewed_on",
        "a date on or before the issue date: the legality review comes before issue",
        "不得晚于发布日期：合法性审查应在发布前完成",
    )
    for column in BODIES.values():
        problems += register.problems(
            d[column] < issued, column, "a date on or after the issue date", "不得早于发布日期"
        )
    problems += register.problems(
        ~published & d["published_on"].notna(),
        "published_on",
        "empty: 是否公开 is 否 (or write 是 there)",
        "空白：是否公开为“否”（或将是否公开改为“是”）",
    )
    problems += register.problems(
        d["published_on"] < issued, "published_on", "a date on or after the issue date", "不得早于发布日期"
    )
    return problems


def _calendar_covers(register: Register, params: Params) -> list[Problem]:
    """Every filing deadline of the year's documents lies in a year whose holidays the calendar knows."""
    from audit.core.calendar import uncovered_problems

    d = register.data
    issued = d["issued_on"].where(d["issued_on"].dt.year.eq(params.year))
    blind = issued.notna() & deadlines(issued, params, strict=False).isna()
    return uncovered_problems(
        register,
        "issued_on",
        blind,
        lambda label: deadlines(issued.loc[[label]], params),
        ("the filing period ends in {year}", "备案期限届满于 {year} 年"),
    )


SCHEMA = RegisterSchema(
    key="normative_documents",
    title_en="Normative documents register",
    title_zh="规范性文件备案登记表",
    columns=(
        Column("number", "文号", required=True, zh_aliases=("文件编号", "发文字号")),
        Column("title", "标题", required=True, zh_aliases=("文件名称", "文件标题")),
        Column("issuer", "制定机关", required=True, zh_aliases=("发布机关", "发文机关"), unit=True),
        Column("drafter", "起草单位", zh_aliases=("承办单位",), unit=True),
        Column("issued_on", "发布日期", "date", required=True, zh_aliases=("印发日期", "发文日期")),
        Column("reviewed", "合法性审查", "flag", zh_aliases=("是否经合法性审查", "合法性审核")),
        Column("reviewed_on", "审查日期", "date", zh_aliases=("合法性审查日期", "审核日期")),
        Column("city_filed_on", "报市政府备案日期", "date", zh_aliases=("市政府备案日期",)),
        Column(
            "congress_filed_on",
            "报区人大常委会备案日期",
            "date",
            zh_aliases=("区人大常委会备案日期", "报区人大备案日期", "区人大备案日期"),
        ),
        Column("published", "是否公开", "flag", zh_aliases=("公开",)),
        Column("published_on", "公开日期", "date"),
        Column("cleanup_result", "清理结果", "category", choices=CLEANUP_RESULTS),
        Column("cleanup_batch", "清理项目", zh_aliases=("清理类别", "清理批次")),
        Column("handler", "经办人", private=True, zh_aliases=("联系人",)),
    ),
    unique=("number",),
    checks=(_year_problems, _order_of_dates, _calendar_covers),
)
