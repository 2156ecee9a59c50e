"""The legal publicity section of the Word audit report (法治宣传 / 普法), from the audit's block of metrics.json.

As the bureau's annual report writes it: "共开展……法治宣传活动306场次，发放宣传资料4万余份，直接受众6.3万人次，
接受法律咨询1400余人次" — here with the registers' exact figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.core.numbers import count

if TYPE_CHECKING:
    from audit.core.params import Params


def _theme(code: str, params: Params, language: str) -> str:
    """A theme's label in `language` (the params' themes; the code for one they do not name)."""
    themes = getattr(getattr(params, "publicity", None), "themes", None) or {}
    theme = themes.get(code)
    if theme is None:
        return code
    return str(theme.en if language == "en" else theme.zh)


def report_paragraphs(block: Mapping[str, Any], metrics: Mapping[str, Any], params: Params, language: str) -> list[str]:
    """Events, materials, audience and consultations; by theme; the required themes; what the register leaves blank."""
    year = metrics["year"]
    themes = {k: v.get("events") for k, v in (block.get("by_theme") or {}).items() if v.get("events")}
    required = [t for t in block.get("required_themes") or []]
    missing = [str(t) for t in block.get("required_themes_missing") or []]
    civil = block.get("civil_code_materials")
    en = language == "en"
    paragraphs: list[str] = []
    if en:
        paragraphs.append(
            f"In {year}, {count(block.get('events'))} legal publicity events were held, with "
            f"{count(block.get('materials'))} materials handed out, an audience of {count(block.get('audience'))} and "
            f"{count(block.get('consultations'))} legal consultations."
        )
        if themes:
            parts = ", ".join(f"{_theme(k, params, language)} {count(n)}" for k, n in themes.items())
            second = f"Events by theme: {parts}"
            if civil:
                second += f"; Civil Code materials handed out: {count(civil)}"
            paragraphs.append(second + ".")
        if required:
            names = ", ".join(_theme(str(t["theme"]), params, language) for t in required)
            if missing:
                absent = ", ".join(_theme(t, params, language) for t in missing)
                paragraphs.append(f"Of the themes required ({names}), none was held on: {absent}.")
            else:
                paragraphs.append(f"Every theme required ({names}) was covered.")
        blank = [
            f"events without {what}: {count(block[key])}"
            for key, what in (
                ("materials_blank", "materials"),
                ("audience_blank", "audience"),
                ("consultations_blank", "consultations"),
            )
            if block.get(key)
        ]
        if blank:
            paragraphs.append(
                f"The register leaves some figures blank: {'; '.join(blank)}; they are not in the totals."
            )
        return paragraphs
    paragraphs.append(
        f"{year}年，共开展法治宣传活动{count(block.get('events'))}场次，发放宣传资料{count(block.get('materials'))}份，"
        f"直接受众{count(block.get('audience'))}人次，接受法律咨询{count(block.get('consultations'))}人次。"
    )
    if themes:
        parts = "、".join(f"{_theme(k, params, language)}{count(n)}场次" for k, n in themes.items())
        second = f"按主题分，{parts}"
        if civil:
            second += f"；发放《民法典》宣传资料{count(civil)}份"
        paragraphs.append(second + "。")
    if required:
        names = "、".join(_theme(str(t["theme"]), params, language) for t in required)
        if missing:
            absent = "、".join(_theme(t, params, language) for t in missing)
            paragraphs.append(f"必须开展的普法主题（{names}）中，{absent}未开展活动。")
        else:
            paragraphs.append(f"{names}等必须开展的普法主题均已开展。")
    blank = [
        f"{count(block[key])}场活动未登记{what}"
        for key, what in (
            ("materials_blank", "发放资料数"),
            ("audience_blank", "受众人次"),
            ("consultations_blank", "咨询人次"),
        )
        if block.get(key)
    ]
    if blank:
        paragraphs.append(f"另有{'、'.join(blank)}，未计入合计。")
    return paragraphs
