"""The audit report in Word (审计报告), ``outputs/<year>/audit_report.docx``, in the layout of GB/T 9704-2012.

The layout of the national standard for official documents (党政机关公文格式):

- A4 (210 × 297 mm); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: a type area of
  156 × 225 mm, on a grid of 22 lines of 28 characters (``w:docGrid`` of type ``linesAndChars``,
  exact line spacing of 225 mm / 22 = 28.95 pt);
- the title in 2号 (22 pt) 方正小标宋简体, centred; the body in 3号 (16 pt) 仿宋, justified, each
  paragraph indented by two characters; headings of level 1 (一、) in 黑体, of level 2 (（一）) in 楷体,
  of level 3 (1.) in the body's 仿宋;
- the page number in the footer as "— 1 —" in 4号 (14 pt) 宋体, odd pages on the right and even
  pages on the left, one character in from the edge of the type area.

The document names its fonts only (nothing is embedded): the Chinese font of each run is the
``w:eastAsia`` attribute of its ``w:rFonts`` and digits and Latin letters are in Times New Roman.
仿宋, 黑体, 楷体 and 宋体 ship with every Chinese Windows since Vista (simfang, simhei, simkai,
simsun); 方正小标宋简体 is the standard's title font, which government offices install. The font
table names a Windows font for each (``w:altName``: 宋体 for 方正小标宋简体, 仿宋_GB2312 and 楷体_GB2312,
the names of older installations, as 仿宋 and 楷体) with the GB2312 character set, so that Word or
LibreOffice substitutes a Chinese font where one is missing, never a Latin one.

The body is written from the year's metrics.json alone, as an annual report writes it: a short
overview, one section per audit that ran (in the registry's order, its paragraphs written by the
audit's own ``narrative`` module, :func:`audit_paragraphs`), the findings with their basis,
recommendation and responsible unit (by audit, most severe first, each with its id), last year's
findings followed up (from the second year on), and the recommendations. Every figure is
formatted by the year's rule (:mod:`audit.core.numbers`). The bytes are the same on every run:
the document is dated by the year's as-of date and the zip archive is rebuilt with fixed entry
times, attributes and order (:func:`_reproducible`).
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import math
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import ParagraphStyle
    from docx.text.paragraph import Paragraph

    from audit.audits import Audit
    from audit.core.params import Params

# GB/T 9704-2012: page, margins and the grid of the type area
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES, CHARS = 22, 28
BODY_PT, TITLE_PT, PAGE_NUMBER_PT = 16, 22, 14  # 3号, 2号, 4号
# the line pitch in twips, rounded down: 579 (28.95 pt) puts 22 lines in the 225 mm, 580 would leave room for 21
LINE_PITCH_TWIPS = int((PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) / 25.4 * 1440 / LINES)
FOOTER_MM = 22  # page edge to the foot of the page number: its top about 7 mm under the type area

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋"
HEADING_FONTS = {1: "黑体", 2: "楷体", 3: BODY_FONT}
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# The font table: each font's Windows fallback (w:altName) and its classification; charset 86 is GB2312.
FONT_TABLE: tuple[tuple[str, str | None, str, str], ...] = (
    # name, altName, panose, family
    (LATIN_FONT, None, "02020603050405020304", "roman"),
    (TITLE_FONT, "宋体", "02000000000000000000", "script"),
    (BODY_FONT, "FangSong", "02010609060101010101", "modern"),
    ("黑体", "SimHei", "02010609060101010101", "modern"),
    ("楷体", "KaiTi", "02010609060101010101", "modern"),
    ("宋体", "SimSun", "02010600030101010101", "auto"),
)

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
# the elements of w:pPr that come after w:snapToGrid (ECMA-376, CT_PPrBase)
_AFTER_SNAP_TO_GRID = (
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_END = "。；;.，, "

TEXTS: dict[str, dict[str, Any]] = {
    "zh": {
        "title": "{where}{year}年度法治政府建设审计报告",
        "overview": "总体情况",
        "overview.scope": "根据本年度各项登记表，对{year}年度法治政府建设情况开展审计，审计事项包括{audits}。",
        "overview.none": "本年度未提供任何审计事项的登记表。",
        "overview.findings": "本年度审计发现问题{raised}项，其中严重程度高的{high}项、中的{medium}项、低的{low}项。",
        "overview.no_findings": "本年度审计未发现问题。",
        "overview.claims": "对本年度公开报告的{published}项数据与登记表进行了核对，一致{match}项、不一致{mismatch}项{more}。",
        "overview.claims.no_register": "、无相应登记表{n}项",
        "overview.claims.unverifiable": "、无法核对{n}项",
        "overview.previous": "上年审计发现问题{findings}项，已整改{rectified}项。",
        "no_narrative": "本审计事项暂无报告文字，其数据见该事项的审计报告页面（{page}.html）和 metrics.json。",
        "findings": "审计发现的主要问题",
        "findings.none": "本年度审计未发现问题。",
        "finding": "{n}.【{id}】{text}（严重程度：{severity}；责任单位：{unit}）。依据：{basis}。整改建议：{recommendation}。",
        "own_unit": "本机关",
        "severity": {"high": "高", "medium": "中", "low": "低"},
        "follow_up": "上年审计发现问题整改情况",
        "follow_up.counts": "上年审计发现问题{findings}项，截至本年度审计，已整改{rectified}项、逾期未整改{past_deadline}项、"
        "尚在整改期限内{within_deadline}项、无法整改{cannot_rectify}项、整改台账未登记{no_record}项；"
        "本年度再次发现{recurring}项。",
        "follow_up.past_deadline": "逾期未整改的问题",
        "follow_up.cannot_rectify": "无法整改的问题",
        "follow_up.item": "{n}.【{id}】{text}（{raised_in}年发现；责任单位：{unit}；整改时限：{deadline}；整改状态：{status}；"
        "责任人职务：{role}）。",
        "follow_up.blank": "未登记",
        "date": "{y}年{m}月{d}日",
        "advice": "审计建议",
        "advice.responsibility": "压实整改责任。对本报告所列问题，各责任单位要对表对账、逐项梳理，制定整改措施，"
        "明确责任领导、责任部门、责任人和完成时限，挂图作战、压实责任，整改情况纳入依法行政绩效考核。",
        "advice.severe": "突出整改重点。对{audits}中严重程度高的问题优先整改，依法自查纠正，并对同类问题开展专项检查。",
        "advice.overdue": "跟踪上年问题整改。对上年逾期未整改、无法整改或整改台账未登记的问题逐项说明原因，"
        "能整改的限期整改到位，确实无法整改的报请研究处理。",
        "advice.ledger": "健全整改台账。按问题编号登记整改状态、整改时限、完成日期和佐证材料，由责任单位负责人确认，"
        "下一年度审计时逐项核查销号。",
        "advice.order": ("一是", "二是", "三是", "四是", "五是", "六是"),
        "list_sep": "、",
        "audit_suffixes": ("审计报告",),
    },
    "en": {
        "title": "Audit of the rule-of-law government, {where}{year}",
        "overview": "Overview",
        "overview.scope": "The audit of the rule-of-law government in {year} covered, from the year's registers: {audits}.",
        "overview.none": "No register of any audit was given this year.",
        "overview.findings": "The audit raised {raised} findings: {high} of high severity, {medium} medium and {low} low.",
        "overview.no_findings": "The audit raised no findings this year.",
        "overview.claims": "Of the {published} figures published for the year, {match} match the registers and "
        "{mismatch} do not{more}.",
        "overview.claims.no_register": "; {n} have no register",
        "overview.claims.unverifiable": "; {n} cannot be checked",
        "overview.previous": "Of last year's {findings} findings, {rectified} have been rectified.",
        "no_narrative": "This audit has no narrative yet: its figures are in its report page ({page}.html) and in "
        "metrics.json.",
        "findings": "Findings",
        "findings.none": "The audit raised no findings this year.",
        "finding": "{n}. [{id}] {text} (severity: {severity}; responsible unit: {unit}). Basis: {basis}. "
        "Recommendation: {recommendation}.",
        "own_unit": "the bureau itself",
        "severity": {"high": "high", "medium": "medium", "low": "low"},
        "follow_up": "Last year's findings followed up",
        "follow_up.counts": "Of last year's {findings} findings, {rectified} have been rectified, {past_deadline} are past "
        "their deadline, {within_deadline} are within their deadline, {cannot_rectify} cannot be rectified and "
        "{no_record} are not in the rectification ledger; {recurring} were found again this year.",
        "follow_up.past_deadline": "Findings past their deadline",
        "follow_up.cannot_rectify": "Findings that cannot be rectified",
        "follow_up.item": "{n}. [{id}] {text} (raised in {raised_in}; responsible unit: {unit}; deadline: {deadline}; "
        "status: {status}; responsible: {role}).",
        "follow_up.blank": "not recorded",
        "date": "{iso}",
        "advice": "Recommendations",
        "advice.responsibility": "Make the units answer for rectification: for every finding of this report, the unit "
        "responsible sets out its measures and names the leader, department, officer responsible and deadline; "
        "rectification counts in the rule-of-law performance review.",
        "advice.severe": "Rectify first the findings of high severity in {audits}, correct the cases concerned and "
        "check cases of the same kind.",
        "advice.overdue": "Follow up last year's findings: explain every finding past its deadline, that cannot be "
        "rectified or is not in the ledger, and set a new deadline where it can be rectified.",
        "advice.ledger": "Keep the rectification ledger by finding id (status, deadline, completion date, evidence), "
        "confirmed by the unit's responsible officer, for next year's audit to check item by item.",
        "advice.order": ("First", "Second", "Third", "Fourth", "Fifth", "Sixth"),
        "list_sep": ", ",
        "audit_suffixes": (" audit",),
    },
}


def write_audit_report(metrics: Mapping[str, Any], params: Params, path: Path) -> None:
    """Write the year's audit report to `path` (a .docx in the GB/T 9704 layout), the same bytes on every run.

    `metrics` is the year's metrics.json; nothing else is read. The file is written whole or not at all.
    """
    language = "en" if params.language == "en" else "zh"
    title = document_title(metrics, params, language)
    data = _reproducible(_build(metrics, params, language), _fixed_time(params), title, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def document_title(metrics: Mapping[str, Any], params: Params, language: str) -> str:
    """The report's title: the year's, with the jurisdiction's name first where the params name one."""
    named = params.jurisdiction
    where = "" if named is None else (named.name if language == "zh" else f"{named.name}, ")
    return str(TEXTS[language]["title"].format(year=metrics.get("year", params.year), where=where))


def narrative_module(audit: Audit) -> ModuleType | None:
    """The audit's ``narrative`` module (``<package>.narrative``), or None where the audit has none."""
    name = f"{audit.package}.narrative"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:  # the module exists but imports something missing: that is a bug, said as such
            raise
        return None


def audit_paragraphs(audit: Audit, metrics: Mapping[str, Any], params: Params, language: str) -> list[str] | None:
    """The paragraphs the audit's narrative writes from its block of `metrics`; None where it has no narrative."""
    module = narrative_module(audit)
    write: Callable[..., list[str]] | None = getattr(module, "report_paragraphs", None) if module else None
    if write is None:
        return None
    return list(write(metrics[audit.key], metrics, params, language))


def section_name(audit: Audit, language: str) -> str:
    """The audit's name as a section heading: its title without "审计报告" / " audit"."""
    title = audit.title.get(language) or audit.key
    for suffix in TEXTS[language]["audit_suffixes"]:
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)]
    return title


def chinese_numeral(n: int) -> str:
    """`n` (1–99) in Chinese numerals, as headings number sections: 一, 十, 十二, 二十一."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else digits[tens]}十{digits[ones] if ones else ''}"


def _fixed_time(params: Params) -> dt.datetime:
    """The document's date: the audit's as-of date, whatever the environment or the clock."""
    return dt.datetime.combine(params.as_of, dt.time())


def _text(value: Any, language: str) -> str:
    """A text of metrics.json ({"zh": …, "en": …} or plain) in `language`, without its closing punctuation."""
    if isinstance(value, Mapping):
        value = value.get(language) or next((v for v in value.values() if v), "")
    return ("" if value is None else str(value)).strip().rstrip(_END)


# --- the document's body ------------------------------------------------------------------------------


class _Report:
    """The report being written, paragraph by paragraph, with its headings numbered by level."""

    def __init__(self, document: Document, metrics: Mapping[str, Any], params: Params, language: str) -> None:
        from audit.audits import AUDITS

        self.document = document
        self.metrics = metrics
        self.params = params
        self.language = language
        self.t = TEXTS[language]
        self.audits = [a for a in AUDITS if isinstance(metrics.get(a.key), Mapping)]
        self.sections = 0

    def paragraph(self, text: str, style: str = "Normal") -> Paragraph:
        """A paragraph of `style` holding `text`."""
        return self.document.add_paragraph(text, style=style)

    def heading(self, text: str) -> None:
        """The next level-1 heading (一、…)."""
        self.sections += 1
        number = f"{chinese_numeral(self.sections)}、" if self.language == "zh" else f"{self.sections}. "
        self.paragraph(number + text, "Heading 1")

    def subheading(self, n: int, text: str) -> None:
        """A level-2 heading (（一）…) numbered `n` within its section."""
        number = f"（{chinese_numeral(n)}）" if self.language == "zh" else f"({n}) "
        self.paragraph(number + text, "Heading 2")

    def build(self) -> None:
        """Title, overview, a section per audit, the findings, last year's followed up, recommendations."""
        year = self.metrics.get("year", self.params.year)
        self.paragraph(document_title(self.metrics, self.params, self.language), "Title")
        self.paragraph("", "Title")  # a blank line under the title, as the standard lays it out
        self.overview(year)
        for audit in self.audits:
            self.heading(section_name(audit, self.language))
            paragraphs = audit_paragraphs(audit, self.metrics, self.params, self.language)
            if paragraphs is None:
                paragraphs = [self.t["no_narrative"].format(page=audit.notebook)]
            for text in paragraphs:
                self.paragraph(text)
        self.findings()
        follow_up = self.metrics.get("follow_up")
        if follow_up is not None:
            self.follow_up(list(follow_up))
        self.advice()

    def overview(self, year: Any) -> None:
        """一、总体情况: what was audited, the findings counted, the published figures checked."""
        from audit.core.numbers import count

        t = self.t
        self.heading(t["overview"])
        names = t["list_sep"].join(section_name(a, self.language) for a in self.audits)
        self.paragraph(t["overview.scope"].format(year=year, audits=names) if names else t["overview.none"])
        tally = self.metrics.get("findings_tally") or {}
        if tally.get("raised"):
            severity = tally.get("by_severity") or {}
            self.paragraph(
                t["overview.findings"].format(
                    raised=count(tally["raised"]), **{k: count(severity.get(k, 0)) for k in SEVERITY_ORDER}
                )
            )
        else:
            self.paragraph(t["overview.no_findings"])
        claims = self.metrics.get("claims_tally") or {}
        if claims.get("published"):
            more = "".join(
                t[f"overview.claims.{key}"].format(n=count(claims[key]))
                for key in ("no_register", "unverifiable")
                if claims.get(key)
            )
            self.paragraph(
                t["overview.claims"].format(
                    published=count(claims["published"]),
                    match=count(claims.get("match", 0)),
                    mismatch=count(claims.get("mismatch", 0)),
                    more=more,
                )
            )
        previous = self.previous()
        if previous is not None and previous.get("findings"):
            self.paragraph(
                t["overview.previous"].format(
                    findings=count(previous["findings"]), rectified=count(previous.get("rectified", 0))
                )
            )

    def previous(self) -> Mapping[str, Any] | None:
        """Last year's findings counted: the tally of metrics.json, or counted from the follow-up."""
        tally = (self.metrics.get("findings_tally") or {}).get("previous")
        if tally is not None:
            return tally
        follow_up = self.metrics.get("follow_up")
        if follow_up is None:
            return None
        counted: dict[str, int] = Counter(str(f.get("category")) for f in follow_up)
        return {"findings": len(follow_up), "recurring": sum(1 for f in follow_up if f.get("recurring")), **counted}

    def group_findings(self) -> list[tuple[str, list[Mapping[str, Any]]]]:
        """The findings by audit (the registry's order, then any other in order of appearance), most severe first."""
        groups: dict[str, list[Mapping[str, Any]]] = {a.key: [] for a in self.audits}
        for finding in self.metrics.get("findings") or []:
            groups.setdefault(str(finding.get("audit", "")), []).append(finding)
        return [
            (key, sorted(items, key=lambda f: SEVERITY_ORDER.get(str(f.get("severity")), 3)))
            for key, items in groups.items()
            if items
        ]

    def audit_name(self, key: str) -> str:
        """The section name of the audit `key`, or the key itself for one the registry does not know."""
        from audit.audits import by_key

        try:
            return section_name(by_key(key), self.language)
        except KeyError:
            return key

    def unit(self, value: Any) -> str:
        """A responsible unit as written, or the bureau itself where there is none."""
        return str(value) if value else self.t["own_unit"]

    def findings(self) -> None:
        """审计发现的主要问题: each finding with its id, basis, recommendation and responsible unit."""
        t = self.t
        self.heading(t["findings"])
        groups = self.group_findings()
        if not groups:
            self.paragraph(t["findings.none"])
            return
        for n, (key, items) in enumerate(groups, 1):
            self.subheading(n, self.audit_name(key))
            for i, finding in enumerate(items, 1):
                severity = str(finding.get("severity"))
                self.paragraph(
                    t["finding"].format(
                        n=i,
                        id=finding.get("id", ""),
                        text=_text(finding.get("text"), self.language),
                        severity=t["severity"].get(severity, severity),
                        unit=self.unit(finding.get("unit")),
                        basis=_text(finding.get("basis"), self.language),
                        recommendation=_text(finding.get("recommendation"), self.language),
                    )
                )

    def date(self, value: Any) -> str:
        """An ISO date of metrics.json as the report writes it (2021年3月31日); blank as not recorded."""
        if not value:
            return str(self.t["follow_up.blank"])
        match = _ISO_DATE.match(str(value))
        if match is None:
            return str(value)
        y, m, d = (int(g) for g in match.groups())
        return str(self.t["date"].format(y=y, m=m, d=d, iso=value))

    def follow_up(self, followed: Sequence[Mapping[str, Any]]) -> None:
        """上年审计发现问题整改情况: the counts per category, then those past deadline or that cannot be rectified."""
        from audit.core.numbers import count

        t = self.t
        self.heading(t["follow_up"])
        previous = self.previous() or {}
        keys = ("findings", "rectified", "past_deadline", "within_deadline", "cannot_rectify", "no_record", "recurring")
        self.paragraph(t["follow_up.counts"].format(**{k: count(previous.get(k) or 0) for k in keys}))
        n = 0
        for category in ("past_deadline", "cannot_rectify"):
            items = [f for f in followed if f.get("category") == category]
            if not items:
                continue
            n += 1
            self.subheading(n, t[f"follow_up.{category}"])
            for i, finding in enumerate(items, 1):
                self.paragraph(
                    t["follow_up.item"].format(
                        n=i,
                        id=finding.get("id", ""),
                        text=_text(finding.get("text"), self.language),
                        raised_in=finding.get("raised_in") or t["follow_up.blank"],
                        unit=self.unit(finding.get("unit")),
                        deadline=self.date(finding.get("deadline")),
                        status=finding.get("status") or t["follow_up.blank"],
                        role=finding.get("responsible_role") or t["follow_up.blank"],
                    )
                )

    def advice(self) -> None:
        """审计建议: who answers for rectification and by when, what first, last year's, the ledger."""
        t = self.t
        self.heading(t["advice"])
        points = [t["advice.responsibility"]]
        severe = [key for key, items in self.group_findings() if any(f.get("severity") == "high" for f in items)]
        if severe:
            points.append(t["advice.severe"].format(audits=t["list_sep"].join(self.audit_name(k) for k in severe)))
        previous = self.previous()
        if previous and any(previous.get(k) for k in ("past_deadline", "cannot_rectify", "no_record")):
            points.append(t["advice.overdue"])
        points.append(t["advice.ledger"])
        for order, point in zip(t["advice.order"], points):
            self.paragraph(f"{order}{point}" if self.language == "zh" else f"{order}, {point[0].lower()}{point[1:]}")


# --- the layout --------------------------------------------------------------------------------------


def _build(metrics: Mapping[str, Any], params: Params, language: str) -> bytes:
    """The document as python-docx saves it (before :func:`_reproducible`)."""
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = Document()
    package = document.part.package
    for rid in [rid for rid, rel in package.rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package.rels[rid]  # the template's picture of a python-docx page
    _styles(document, language)
    _page(document)
    _Report(document, metrics, params, language).build()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_fonts(rpr: Any, east_asia: str, size_pt: float | None = None) -> None:
    """Name `east_asia` for Chinese text and Times New Roman for the rest in the run properties `rpr`, at `size_pt`.

    Theme fonts (``w:asciiTheme`` …) would take precedence over the names: they are removed. The
    size is set for Chinese and Latin text (``w:sz``) and for complex scripts (``w:szCs``).
    """
    from docx.oxml.ns import qn
    from docx.shared import Pt

    fonts = rpr.get_or_add_rFonts()
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for attribute, value in (("ascii", LATIN_FONT), ("hAnsi", LATIN_FONT), ("eastAsia", east_asia), ("cs", LATIN_FONT)):
        fonts.set(qn(f"w:{attribute}"), value)
    fonts.set(qn("w:hint"), "eastAsia")
    if size_pt is None:
        return
    rpr.sz_val = Pt(size_pt)
    size = rpr.find(qn("w:sz"))
    complex_size = rpr.find(qn("w:szCs"))
    if complex_size is None:
        complex_size = rpr.makeelement(qn("w:szCs"), {})
        size.addnext(complex_size)
    complex_size.set(qn("w:val"), size.get(qn("w:val")))


def _condense(rpr: Any, size_pt: float) -> None:
    """Narrow each character of the body (``w:spacing``) so that 28 of them fit a line without the grid's help.

    Word fits 28 characters of 3号 in the 156 mm by the character grid; LibreOffice gives a
    character wider than its cell of the grid two cells (14 a line): 16 pt characters in 15.79 pt
    cells. Condensed by a quarter point (15.75 pt), each fits its cell, in Word as in LibreOffice.
    """
    from docx.oxml.ns import qn

    width_pt = (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 72
    twentieths = math.floor((width_pt / CHARS - size_pt) * 20)  # -5: a quarter point narrower
    spacing = rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(twentieths)})
    rpr.insert_element_before(spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:lang")


def _reset(style: ParagraphStyle) -> None:
    """Remove a template style's own paragraph and run properties (borders, colours, theme fonts, spacing)."""
    from docx.oxml.ns import qn

    for tag in ("w:pPr", "w:rPr"):
        for element in style.element.findall(qn(tag)):
            style.element.remove(element)


def _paragraph_style(
    document: Document,
    name: str,
    font: str,
    size_pt: float,
    *,
    align: str = "justify",
    indent: bool = True,
    outline: int | None = None,
    grid: bool = True,
) -> None:
    """Set the style `name` (made if missing) to `font` at `size_pt`, exact line spacing on the grid.

    Without `grid` its characters do not snap to the character grid: the title's 22 pt characters
    would take two cells of 15.79 pt each and read as spaced out.
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor, Twips

    try:
        style = document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert hasattr(style, "paragraph_format")
    _reset(style)  # type: ignore[arg-type]
    if name != "Normal":
        style.base_style = document.styles["Normal"]  # type: ignore[attr-defined]
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(LINE_PITCH_TWIPS)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER}[align]
    fmt.widow_control = True
    ind = style.element.get_or_add_pPr().get_or_add_ind()
    if indent:  # two characters, whatever the size: firstLineChars wins in Word, firstLine elsewhere
        fmt.first_line_indent = Pt(2 * size_pt)
        ind.set(qn("w:firstLineChars"), "200")
    else:
        fmt.first_line_indent = Pt(0)
        ind.set(qn("w:firstLineChars"), "0")
    if not grid:
        snap = style.element.get_or_add_pPr().makeelement(qn("w:snapToGrid"), {qn("w:val"): "0"})
        style.element.get_or_add_pPr().insert_element_before(snap, *_AFTER_SNAP_TO_GRID)
    if outline is not None:
        fmt.keep_with_next = True
        level = style.element.get_or_add_pPr().makeelement(qn("w:outlineLvl"), {qn("w:val"): str(outline)})
        style.element.get_or_add_pPr().append(level)
    _set_fonts(style.element.get_or_add_rPr(), font, size_pt)
    if name == "Normal":
        _condense(style.element.get_or_add_rPr(), size_pt)
    style.font.bold = False
    style.font.color.rgb = RGBColor(0, 0, 0)


def _styles(document: Document, language: str) -> None:
    """The document's defaults and the styles of body, title, headings and page number."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_fonts(rpr, BODY_FONT, BODY_PT)
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:val"), "en-US" if language == "en" else "zh-CN")
                lang.set(qn("w:eastAsia"), "zh-CN")
    _paragraph_style(document, "Normal", BODY_FONT, BODY_PT)
    _paragraph_style(document, "Title", TITLE_FONT, TITLE_PT, align="center", indent=False, grid=False)
    _paragraph_style(document, "Heading 1", HEADING_FONTS[1], BODY_PT, outline=0)
    _paragraph_style(document, "Heading 2", HEADING_FONTS[2], BODY_PT, outline=1)
    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:eastAsia"), "zh-CN")


def _page(document: Document) -> None:
    """A4, the standard's margins, 22 lines of 28 characters, and "— n —" page numbers."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(FOOTER_MM)
    section.gutter = Mm(0)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = sect.makeelement(qn("w:docGrid"), {})
        sect.append(grid)
    width_pt = (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 72
    # charSpace: how much wider (here narrower) than the body's 16 pt each character's pitch is, in 1/4096 pt
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(round((width_pt / CHARS - BODY_PT) * 4096)))
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], "right")
    _page_number(section.even_page_footer.paragraphs[0], "left")


def _page_number(paragraph: Paragraph, side: str) -> None:
    """ "— PAGE —" in 4号 宋体, one character in from the `side` of the type area, off the line grid."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    ppr = paragraph._p.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")  # before the spacing, indent and alignment python-docx adds below
    snap.set(qn("w:val"), "0")
    ppr.append(snap)
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if side == "right" else WD_ALIGN_PARAGRAPH.LEFT
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(0)
    if side == "right":
        fmt.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        fmt.left_indent = Pt(PAGE_NUMBER_PT)
    ppr.get_or_add_ind().set(qn("w:firstLineChars"), "0")  # Normal's two-character indent does not apply

    def run(text: str | None = None, field: str | None = None, instruction: str | None = None) -> None:
        r = paragraph.add_run(text)
        _set_fonts(r._r.get_or_add_rPr(), PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
        if field is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), field)
            r._r.append(char)
        if instruction is not None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = instruction
            r._r.append(instr)

    run("— ")
    run(field="begin")
    run(instruction=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


# --- the bytes ----------------------------------------------------------------------------------------


def _core_xml(when: dt.datetime, title: str, language: str) -> bytes:
    """docProps/core.xml dated `when`, by "audit"."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>audit</dc:creator>"
        f"<dc:language>{'en-US' if language == 'en' else 'zh-CN'}</dc:language>"
        "<cp:lastModifiedBy>audit</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _font_table() -> bytes:
    """word/fontTable.xml: the fonts the document names, each with its Windows fallback and character set."""
    fonts = []
    for name, alt, panose, family in FONT_TABLE:
        charset = "00" if name == LATIN_FONT else "86"
        fonts.append(
            f'<w:font w:name="{escape(name)}">'
            + (f'<w:altName w:val="{escape(alt)}"/>' if alt else "")
            + f'<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + "".join(fonts)
        + "</w:fonts>"
    ).encode()


def _reproducible(data: bytes, when: dt.datetime, title: str, language: str) -> bytes:
    """The document `data` with its core properties dated `when`, its font table, and a zip archive the same on every run.

    python-docx keeps the template's core properties (or dates new ones now) and stamps each zip
    entry with the local time; both are replaced, the entries sorted ([Content_Types].xml first)
    and their attributes fixed.
    """
    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]  # zip dates start in 1980
    replaced = {"docProps/core.xml": _core_xml(when, title, language), "word/fontTable.xml": _font_table()}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            content = replaced.get(name) or source.read(name)
            info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # the same on every platform (zipfile says 0 on Windows)
            info.external_attr = 0o644 << 16
            target.writestr(info, content, compresslevel=6)
    return out.getvalue()
