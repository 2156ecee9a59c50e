"""Build small normative documents registers for tests from a few keyword arguments per document."""

from __future__ import annotations

from pathlib import Path

from audit.audits.normative_documents.register import SCHEMA
from audit.core.params import Params, load_params
from audit.registers import Register, load_register

from conftest import write_csv, write_params

COLUMNS = [
    "number",
    "title",
    "issuer",
    "drafter",
    "issued_on",
    "reviewed",
    "reviewed_on",
    "city_filed_on",
    "congress_filed_on",
    "published",
    "published_on",
    "cleanup_result",
    "cleanup_batch",
    "handler",
]
ZH_COLUMNS = [
    "文号",
    "标题",
    "制定机关",
    "起草单位",
    "发布日期",
    "合法性审查",
    "审查日期",
    "报市政府备案日期",
    "报区人大常委会备案日期",
    "是否公开",
    "公开日期",
    "清理结果",
    "清理项目",
    "经办人",
]


def doc(
    number: str,
    issued: str = "2020-03-02",
    reviewed: str = "是",
    reviewed_on: str | None = None,
    city: str | None = None,
    congress: str | None = None,
    published: str = "是",
    published_on: str = "",
    cleanup: str = "",
    batch: str = "",
    issuer: str = "仓山区人民政府办公室",
    drafter: str = "区城管局",
    title: str = "仓山区某某管理办法",
    handler: str = "林晓峰",
) -> list[str]:
    """One register row: reviewed on its issue date and filed with both bodies ten days later, unless told."""
    import datetime as dt

    try:
        later = (dt.date.fromisoformat(issued) + dt.timedelta(days=10)).isoformat()
    except ValueError:  # a date written otherwise, or none: give the filing dates explicitly
        later = ""
    if reviewed_on is None:
        reviewed_on = issued if reviewed in ("是", "yes") else ""
    city = later if city is None else city
    congress = later if congress is None else congress
    return [
        number,
        title,
        issuer,
        drafter,
        issued,
        reviewed,
        reviewed_on,
        city,
        congress,
        published,
        published_on,
        cleanup,
        batch,
        handler,
    ]


def register(
    folder: Path, rows: list[list[str]], header: list[str] = COLUMNS, **params: object
) -> tuple[Register, Params]:
    """Write rows as a CSV register plus a params file in `folder`; load and validate both."""
    path = write_csv(folder / "normative_documents.csv", header, rows)
    p = load_params(write_params(folder, {"normative_documents": path.name}, **params))
    return load_register(SCHEMA, path, p, path.name), p
