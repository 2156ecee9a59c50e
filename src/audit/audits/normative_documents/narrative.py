"""The normative documents section of the Word audit report (规范性文件备案审查), from the audit's block of metrics.json."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.core.numbers import count, year_percent

if TYPE_CHECKING:
    from audit.core.params import Params

BODIES_ZH = {"city": "上一级人民政府", "congress": "本级人大常委会"}
BODIES_EN = {"city": "the government above", "congress": "the people's congress standing committee"}
RESULTS_ZH = {
    "retained": "保留",
    "amended": "修改",
    "repealed": "废止",
    "expired": "失效",
    "declared_expired": "宣布失效",
}
RESULTS_EN = {
    "retained": "retained",
    "amended": "amended",
    "repealed": "repealed",
    "expired": "expired",
    "declared_expired": "declared expired",
}


def report_paragraphs(block: Mapping[str, Any], metrics: Mapping[str, Any], params: Params, language: str) -> list[str]:
    """Documents issued and reviewed before issue; filed on time with both bodies; published; the cleanups."""
    pct = year_percent(params)

    year = metrics["year"]
    filing = block.get("filing") or {}
    cleanup = block.get("cleanup") or {}
    results = cleanup.get("results") or {}
    working = block.get("filing_unit") == "working"
    en = language == "en"
    paragraphs: list[str] = []
    if en:
        first = (
            f"In {year}, {count(block.get('issued'))} normative documents were issued: "
            f"{count(block.get('reviewed'))} reviewed for legality before issue, {count(block.get('not_reviewed'))} not"
        )
        if block.get("review_rate") is not None:
            first += f"; review rate {pct(block['review_rate'])}"
        paragraphs.append(first + ".")
        clauses = []
        for key, body in BODIES_EN.items():
            f = filing.get(key) or {}
            clause = (
                f"with {body}, {count(f.get('due'))} due, {count(f.get('on_time'))} on time, "
                f"{count(f.get('late'))} late, {count(f.get('not_filed'))} not filed"
            )
            if f.get("not_yet_due"):
                clause += f", {count(f['not_yet_due'])} not yet due"
            clauses.append(clause)
        unit = "working days" if working else "days"
        second = f"Documents are filed within {count(block.get('filing_days'))} {unit} of issue: {'; '.join(clauses)}"
        if block.get("filed_on_time_rate") is not None:
            second += f"; filed on time {pct(block['filed_on_time_rate'])}"
        paragraphs.append(second + ".")
        third = f"Published: {count(block.get('published'))}, not published: {count(block.get('not_published'))}"
        if block.get("publication_rate") is not None:
            third += f"; publication rate {pct(block['publication_rate'])}"
        paragraphs.append(third + ".")
        if cleanup.get("documents"):
            parts = ", ".join(f"{count(results[k])} {v}" for k, v in RESULTS_EN.items() if results.get(k))
            paragraphs.append(
                f"{count(cleanup.get('batches'))} cleanups reviewed {count(cleanup['documents'])} documents "
                f"({count(cleanup.get('issued_earlier'))} issued in earlier years, "
                f"{count(cleanup.get('issued_this_year'))} this year)" + (f": {parts}." if parts else ".")
            )
        return paragraphs
    first = (
        f"{year}年，共发布规范性文件{count(block.get('issued'))}件，发布前经合法性审查{count(block.get('reviewed'))}件、"
        f"未经合法性审查{count(block.get('not_reviewed'))}件"
    )
    if block.get("review_rate") is not None:
        first += f"，发布前合法性审查率{pct(block['review_rate'])}"
    paragraphs.append(first + "。")
    clauses = []
    for key, body in BODIES_ZH.items():
        f = filing.get(key) or {}
        clause = (
            f"报{body}备案应备案{count(f.get('due'))}件，按期备案{count(f.get('on_time'))}件、"
            f"逾期备案{count(f.get('late'))}件、未备案{count(f.get('not_filed'))}件"
        )
        if f.get("not_yet_due"):
            clause += f"、尚未到报备期限{count(f['not_yet_due'])}件"
        clauses.append(clause)
    unit = "个工作日" if working else "日"
    second = f"规范性文件自发布之日起{count(block.get('filing_days'))}{unit}内报备：{'；'.join(clauses)}"
    if block.get("filed_on_time_rate") is not None:
        second += f"；按期备案率{pct(block['filed_on_time_rate'])}"
    paragraphs.append(second + "。")
    third = (
        f"本年发布的规范性文件中，已公开{count(block.get('published'))}件、未公开{count(block.get('not_published'))}件"
    )
    if block.get("publication_rate") is not None:
        third += f"，公开率{pct(block['publication_rate'])}"
    paragraphs.append(third + "。")
    if cleanup.get("documents"):
        parts = "、".join(f"{v}{count(results[k])}件" for k, v in RESULTS_ZH.items() if results.get(k))
        paragraphs.append(
            f"开展规范性文件清理{count(cleanup.get('batches'))}项，清理文件{count(cleanup['documents'])}件（以前年度发布"
            f"{count(cleanup.get('issued_earlier'))}件、本年发布{count(cleanup.get('issued_this_year'))}件）"
            + (f"，清理后{parts}。" if parts else "。")
        )
    return paragraphs
