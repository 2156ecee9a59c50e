"""The case-file review section of the Word audit report (行政执法案卷评查), from the audit's block of metrics.json."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.core.numbers import count, number, year_percent

if TYPE_CHECKING:
    from audit.core.params import Params


def report_paragraphs(block: Mapping[str, Any], metrics: Mapping[str, Any], params: Params, language: str) -> list[str]:
    """Files reviewed, scores and grades; files with a veto item; the best and the weakest unit."""
    pct = year_percent(params)

    year = metrics["year"]
    files = block.get("files") or 0
    if not files:
        return [
            f"In {year}, no case file was reviewed." if language == "en" else f"{year}年，未登记评查的行政执法案卷。"
        ]
    score = block.get("score") or {}
    grades = block.get("grades") or {}
    vetoes = [v for v in block.get("top_veto_items") or [] if v.get("count")]
    units = [u for u in block.get("by_unit") or [] if u.get("mean_score") is not None]
    en = language == "en"
    if en:
        graded = ", ".join(f"{count(n)} {grade}" for grade, n in grades.items())
        paragraphs = [
            f"In {year}, the bureau held {count(block.get('rounds'))} rounds of case-file review of "
            f"{count(block.get('units'))} enforcement units, {count(files)} files in all. The mean score was "
            f"{number(score.get('mean'))} (highest {number(score.get('max'))}, lowest {number(score.get('min'))}); "
            f"by grade: {graded}; pass rate {pct(block.get('pass_rate'))}."
        ]
        if block.get("veto_files"):
            items = ", ".join(f"{v.get('code', '').replace('_', ' ')} ({count(v['count'])})" for v in vetoes)
            paragraphs.append(
                f"Files with a veto item: {count(block['veto_files'])}, files without one {pct(block.get('legality_rate'))}; "
                f"veto items: {items}."
            )
        else:
            paragraphs.append(f"No file had a veto item; files without one {pct(block.get('legality_rate'))}.")
        if len(units) > 1:
            best, worst = units[0], units[-1]
            paragraphs.append(
                f"By mean score, {best['unit']} ranks first ({number(best['mean_score'])}) and "
                f"{worst['unit']} last ({number(worst['mean_score'])})."
            )
        return paragraphs
    graded = "、".join(f"{grade}{count(n)}卷" for grade, n in grades.items())
    paragraphs = [
        f"{year}年，共组织开展行政执法案卷评查{count(block.get('rounds'))}场，评查{count(block.get('units'))}个"
        f"执法单位的行政执法案卷{count(files)}卷，案卷平均得分{number(score.get('mean'))}分（最高"
        f"{number(score.get('max'))}分、最低{number(score.get('min'))}分），其中{graded}，"
        f"案卷合格率{pct(block.get('pass_rate'))}。"
    ]
    if block.get("veto_files"):
        items = "、".join(f"{v.get('label') or v.get('code')}（{count(v['count'])}卷）" for v in vetoes)
        paragraphs.append(
            f"触发否决项的案卷{count(block['veto_files'])}卷，案卷合法率{pct(block.get('legality_rate'))}；"
            f"否决项为{items}。"
        )
    else:
        paragraphs.append(f"评查中未发现触发否决项的案卷，案卷合法率{pct(block.get('legality_rate'))}。")
    if len(units) > 1:
        best, worst = units[0], units[-1]
        paragraphs.append(
            f"按执法单位平均得分排名，{best['unit']}最高（{number(best['mean_score'])}分），"
            f"{worst['unit']}最低（{number(worst['mean_score'])}分）。"
        )
    return paragraphs
