"""The working papers (审计底稿) of a year: one Excel workbook, ``outputs/<year>/workpapers.xlsx``.

The workbook is what an auditor files, prints and signs. Its sheets, named in the year's language:

- the index (索引): a 底稿索引号 for every sheet (``A-1`` per audit, ``B`` the findings, ``C`` last
  year's findings followed up) and for every finding (``A-1-03``, numbered within its audit), with
  what each holds and blank 编制人 / 复核人 / 日期 columns, filled in by hand with roles, never names;
  above it the year, the as-of date and the SHA-256 of the params file;
- one sheet per audit that ran: its block of metrics.json flattened (dotted key, label, value),
  then the register rows behind each of its findings (every column but those naming or identifying a person, the
  row number first), at most :data:`MAX_EVIDENCE_ROWS` a sheet, a cell saying how many were left out;
- the findings (发现问题), one row each; and, where last year's findings were followed up, the
  follow-up (上年问题整改).

Register text is data, never a formula: every string is written as a string cell, and one that
a spreadsheet would read as a formula when retyped (``=``, ``+``, ``-``, ``@``, after blanks, or a
leading tab or carriage return) also gets Excel's quote prefix. The bytes are the same on every
run: the document's dates are fixed (the year's as-of date) and
the zip archive is rewritten with fixed entry times, attributes and order (:func:`_reproducible`).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import os
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from audit.audits import Audit
    from audit.core.params import Params
    from audit.registers import Column, Register

MAX_EVIDENCE_ROWS = 10_000  # register rows listed on one audit's sheet; the rest are counted in a cell
MAX_FIGURE_ROWS = 10_000  # flattened figures listed on one audit's sheet; likewise
MAX_CELL_CHARS = 32_767  # the most characters an Excel cell holds
MIN_WIDTH, MAX_WIDTH = 6, 40  # column widths, in characters (a CJK character counts two)
LANDSCAPE_WIDTH = 100  # a sheet whose columns are wider in all than this is printed landscape

_FORMULA_START = re.compile(r"^\s*[=+\-@]|^[\t\r]")  # what a spreadsheet may take for a formula (OWASP)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML 1.0 cannot hold
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

TEXTS: dict[str, dict[str, Any]] = {
    "zh": {
        "index": "索引",
        "findings": "发现问题",
        "follow_up": "上年问题整改",
        "title": "{year} 年度法治政府建设审计工作底稿",
        "year": "审计年度",
        "as_of": "截止日",
        "digest": "参数文件 SHA-256",
        "roles": "编制人、复核人栏填写岗位（如主审、审计组长），不填写姓名；日期栏填写编制、复核日期。",
        "index_header": ("底稿索引号", "工作表", "标题", "内容", "编制人", "复核人", "日期"),
        "index_title": "底稿索引",
        "index_holds": "各底稿的索引号、内容及编制、复核情况",
        "audit_title": "{no} {title}：工作底稿",
        "audit_holds": "审计指标 {figures} 项；发现问题 {findings} 项，所涉登记表 {rows} 行",
        "finding_holds": "{id}：{subject}",
        "findings_title": "{no} 本年度发现问题",
        "findings_holds": "本年度发现问题 {n} 项",
        "follow_up_title": "{no} 上年发现问题整改情况",
        "follow_up_holds": "上年发现问题 {n} 项的整改情况",
        "figures_header": ("指标", "名称", "数值"),
        "evidence_title": "发现问题所涉登记表行：{register}（{file}）",
        "evidence_lead": ("行号", "发现编号", "底稿索引号"),
        "evidence_left_out": "另有 {n} 行未列出（每张底稿最多列出 {cap} 行）；各发现所涉行号见 metrics.json 的 findings",
        "figures_left_out": "另有 {n} 项指标未列出（每张底稿最多列出 {cap} 项）；全部指标见 metrics.json",
        "missing_register": "发现 {id} 所涉登记表 {register} 本年度未载入，其 {n} 行未列出",
        "missing_rows": "登记表 {register} 中未找到以下行号（共 {n} 个）：{rows}",
        "findings_header": (
            "底稿索引号",
            "发现编号",
            "审计事项",
            "问题类型",
            "问题对象",
            "责任单位",
            "严重程度",
            "发现问题",
            "依据",
            "整改建议",
            "证据",
        ),
        "follow_up_header": (
            "底稿索引号",
            "发现编号",
            "审计事项",
            "问题类型",
            "问题对象",
            "责任单位",
            "严重程度",
            "上年发现问题",
            "整改状态",
            "整改时限",
            "完成日期",
            "整改情况",
            "本年再次发现",
            "责任人职务",
            "佐证材料",
            "核查人职务",
        ),
        "categories": {
            "rectified": "已整改",
            "past_deadline": "逾期未整改",
            "within_deadline": "整改期限内",
            "cannot_rectify": "无法整改",
            "no_record": "无整改记录",
        },
        "yes": "是",
        "no": "否",
        "separator": "；",
        "page_header": "{year} 年度审计工作底稿",
        "page_footer": "第 &P 页，共 &N 页",
    },
    "en": {
        "index": "Index",
        "findings": "Findings",
        "follow_up": "Follow-up",
        "title": "Working papers of the {year} rule-of-law audit",
        "year": "Year audited",
        "as_of": "As of",
        "digest": "Params file SHA-256",
        "roles": "Fill in the preparer and reviewer by their role (lead auditor, team leader), never by name, and the dates of preparation and review.",
        "index_header": ("Index no.", "Sheet", "Title", "Holds", "Preparer", "Reviewer", "Date"),
        "index_title": "Index of the working papers",
        "index_holds": "the index number, contents, preparation and review of every working paper",
        "audit_title": "{no} {title}: working paper",
        "audit_holds": "{figures} figures; {findings} findings, {rows} register rows behind them",
        "finding_holds": "{id}: {subject}",
        "findings_title": "{no} Findings of the year",
        "findings_holds": "{n} findings of the year",
        "follow_up_title": "{no} Last year's findings followed up",
        "follow_up_holds": "what became of last year's {n} findings",
        "figures_header": ("Key", "Label", "Value"),
        "evidence_title": "Register rows behind the findings: {register} ({file})",
        "evidence_lead": ("Row", "Finding", "Index no."),
        "evidence_left_out": "{n} more rows not listed (at most {cap} a sheet); metrics.json lists every finding's rows",
        "figures_left_out": "{n} more figures not listed (at most {cap} a sheet); metrics.json has them all",
        "missing_register": "the register {register} of finding {id} is not loaded this year: its {n} rows are not listed",
        "missing_rows": "row numbers not found in the register {register} ({n}): {rows}",
        "findings_header": (
            "Index no.",
            "Finding",
            "Audit",
            "Rule",
            "Subject",
            "Unit",
            "Severity",
            "Finding text",
            "Basis",
            "Recommendation",
            "Evidence",
        ),
        "follow_up_header": (
            "Index no.",
            "Finding",
            "Audit",
            "Rule",
            "Subject",
            "Unit",
            "Severity",
            "Last year's finding",
            "Status",
            "Deadline",
            "Completed on",
            "Category",
            "Found again",
            "Responsible (role)",
            "Evidence of rectification",
            "Verified by (role)",
        ),
        "categories": {
            "rectified": "rectified",
            "past_deadline": "past its deadline",
            "within_deadline": "within its deadline",
            "cannot_rectify": "cannot be rectified",
            "no_record": "no record",
        },
        "yes": "yes",
        "no": "no",
        "separator": "; ",
        "page_header": "Working papers {year}",
        "page_footer": "Page &P of &N",
    },
}


def write_workpapers(metrics: Mapping[str, Any], registers: Mapping[str, Register], params: Params, path: Path) -> None:
    """Write the year's working papers to `path` (an .xlsx workbook), the same bytes on every run.

    `metrics` is the year's metrics.json, `registers` its loaded registers by key (the rows behind
    the findings are taken from them). The file is written whole or not at all.
    """
    book = _Book(metrics, registers, params)
    data = _reproducible(book.build(), _fixed_time(params))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _fixed_time(params: Params) -> dt.datetime:
    """The document's date: the audit's as-of date, whatever the environment (a re-performance gives the same bytes)."""
    return dt.datetime.combine(params.as_of, dt.time())


def _reproducible(data: bytes, when: dt.datetime) -> bytes:
    """The workbook `data` with its core properties dated `when` and a zip archive that is the same on every run.

    openpyxl stamps the document with the time of saving and each zip entry with the local time;
    both are replaced, the entries sorted ([Content_Types].xml first) and their attributes fixed.
    """
    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.xml.functions import tostring

    core = DocumentProperties(creator="audit", created=when, modified=when)
    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]  # zip dates start in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            content = tostring(core.to_tree()) if name == "docProps/core.xml" else source.read(name)
            info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # the same on every platform (zipfile says 0 on Windows)
            info.external_attr = 0o644 << 16
            target.writestr(info, content, compresslevel=6)
    return out.getvalue()


def _width(text: str) -> int:
    """How many character widths `text` takes in a cell (CJK and full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _safe_text(value: str) -> str:
    """`value` as a cell can hold it: control characters XML cannot hold replaced, cut to Excel's limit.

    A carriage return becomes a line feed, as any XML reader would read it back.
    """
    value = _ILLEGAL.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))
    if len(value) > MAX_CELL_CHARS:
        value = value[: MAX_CELL_CHARS - 1] + "…"
    return value


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid sheet name (31 characters, none of []:*?/\\) like `wanted`, distinct from those `taken`."""
    base = _SHEET_NAME_BAD.sub("_", wanted).strip("' ")[:31] or "Sheet"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def _flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """The leaves of a block of metrics.json as (dotted key, value); list items by their position."""
    if isinstance(value, Mapping):
        if not value:
            yield prefix, None
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list | tuple):
        if not value:
            yield prefix, None
        for i, item in enumerate(value):
            yield from _flatten(item, f"{prefix}.{i}" if prefix else str(i))
    else:
        yield prefix, value


@dataclass
class _Sheet:
    """One worksheet being written row by row, with what its layout needs at the end."""

    ws: Worksheet
    texts: Mapping[str, Any]
    row: int = 0
    header_row: int = 1
    widths: dict[int, int] = field(default_factory=dict)
    notes: set[int] = field(default_factory=set)  # title and note rows: their text runs on to the right, unwrapped

    def put(self, row: int, column: int, value: Any, number_format: str | None = None) -> None:
        """Write `value` into a cell: a string always as a string cell, never a formula."""
        if value is None or value == "":
            return
        cell = self.ws.cell(row=row, column=column)
        if isinstance(value, str):
            text = _safe_text(value)
            cell.value = text
            cell.data_type = "s"  # openpyxl takes a string starting with "=" for a formula: it is text
            if _FORMULA_START.match(text):
                cell.quotePrefix = True  # and stays text when the cell is edited in Excel or LibreOffice
        else:
            cell.value = value
            if number_format:
                cell.number_format = number_format

    def add(self, values: Sequence[Any], style: str = "", formats: Sequence[str | None] = ()) -> int:
        """Write the next row (`style` "title", "header", "note" or plain) and return its number."""
        from openpyxl.styles import Font, PatternFill

        self.row += 1
        for column, value in enumerate(values, 1):
            value = self.cell_value(value)
            self.put(self.row, column, value, formats[column - 1] if column <= len(formats) else None)
            if style == "header":
                cell = self.ws.cell(row=self.row, column=column)
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="DDDDDD")
            if style in ("", "header") and value not in (None, ""):
                shown = value if isinstance(value, str) else _number_text(value)
                longest = max((_width(line) for line in shown.splitlines()), default=0)
                self.widths[column] = max(self.widths.get(column, 0), longest)
        if style == "title":
            self.ws.cell(row=self.row, column=1).font = Font(bold=True, size=14)
        elif style == "note":
            self.ws.cell(row=self.row, column=1).font = Font(italic=True)
        if style in ("title", "note"):
            self.notes.add(self.row)
        return self.row

    def cell_value(self, value: Any) -> Any:
        """What a cell holds for a value of metrics.json or a register: numbers stay numbers."""
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return self.texts["yes"] if value else self.texts["no"]
        if isinstance(value, numbers.Integral):  # numpy's too
            return int(value)
        if isinstance(value, numbers.Real):
            return float(value) if math.isfinite(value) else str(value)
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def blank(self) -> None:
        """Leave a row empty."""
        self.row += 1

    def finish(self, year: int) -> None:
        """Column widths, wrapped long text, frozen header, and the A4 print setup with the header on every page."""
        from openpyxl.styles import Alignment
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.page import PageMargins
        from openpyxl.worksheet.properties import PageSetupProperties

        ws = self.ws
        widths = {c: min(MAX_WIDTH, max(MIN_WIDTH, w + 2)) for c, w in self.widths.items()}
        for column, width in widths.items():
            ws.column_dimensions[get_column_letter(column)].width = width
        wrap = Alignment(wrap_text=True, vertical="top")
        for row in ws.iter_rows(min_row=self.header_row):
            if row[0].row in self.notes:
                continue
            lines = 1
            for cell in row:
                room = widths.get(cell.column or 0)
                if room is None or not isinstance(cell.value, str):
                    continue
                needed = sum(max(1, math.ceil(_width(line) / (room - 1))) for line in cell.value.splitlines() or [""])
                if needed > 1 or "\n" in cell.value:
                    cell.alignment = wrap
                    lines = max(lines, needed)
            if lines > 1:
                ws.row_dimensions[row[0].row].height = min(409, 15 * lines)
        ws.freeze_panes = f"A{self.header_row + 1}"
        ws.print_title_rows = f"1:{self.header_row}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if sum(widths.values()) > LANDSCAPE_WIDTH else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages down as it takes
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        ws.print_options.gridLines = True
        ws.oddHeader.left.text = self.texts["page_header"].format(year=year)
        ws.oddHeader.right.text = "&A"  # the sheet's name
        ws.oddFooter.center.text = self.texts["page_footer"]


def _number_text(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


@dataclass
class _Entry:
    """A line of the index: a sheet or a finding."""

    number: str
    sheet: str
    title: str
    holds: str


class _Book:
    """The workbook of one year, built sheet by sheet."""

    def __init__(self, metrics: Mapping[str, Any], registers: Mapping[str, Register], params: Params) -> None:
        from audit.audits import AUDITS, metric_specs

        self.metrics = metrics
        self.registers = registers
        self.params = params
        self.language = params.language if params.language in TEXTS else "zh"
        self.texts = TEXTS[self.language]
        self.audits = [a for a in AUDITS if isinstance(metrics.get(a.key), Mapping)]
        self.specs = metric_specs()
        self.findings: list[Mapping[str, Any]] = [f for f in metrics.get("findings") or [] if isinstance(f, Mapping)]
        follow_up = metrics.get("follow_up")
        self.follow_up: list[Mapping[str, Any]] | None = (
            [f for f in follow_up if isinstance(f, Mapping)] if isinstance(follow_up, list) else None
        )
        self.sheet_of = {a.key: f"A-{i}" for i, a in enumerate(self.audits, 1)}
        self.numbers = self._finding_numbers()
        taken: set[str] = set()  # the sheets' names, chosen up front so that each sheet can name the others
        self.names = {"index": _sheet_name(self.texts["index"], taken)}
        for audit in self.audits:
            self.names[audit.key] = _sheet_name(f"{self.sheet_of[audit.key]} {audit.short_title[self.language]}", taken)
        self.names["findings"] = _sheet_name(f"B {self.texts['findings']}", taken)
        self.names["follow_up"] = _sheet_name(f"C {self.texts['follow_up']}", taken)

    def _finding_numbers(self) -> list[str]:
        """The 底稿索引号 of each finding: within its audit's sheet (A-1-01), else within the findings sheet (B-01)."""
        prefixes = [self.sheet_of.get(str(f.get("audit")), "B") for f in self.findings]
        totals = Counter(prefixes)
        seen: dict[str, int] = {}
        numbers = []
        for prefix in prefixes:
            seen[prefix] = seen.get(prefix, 0) + 1
            numbers.append(f"{prefix}-{seen[prefix]:0{max(2, len(str(totals[prefix])))}d}")
        return numbers

    def text(self, value: Any) -> str:
        """A {zh, en} text of a finding in the year's language (the other one where it is missing)."""
        if isinstance(value, Mapping):
            return str(value.get(self.language) or next((v for v in value.values() if v), ""))
        return "" if value is None else str(value)

    def audit_name(self, key: str) -> str:
        """The short title of the audit `key`, or the key itself for one the registry does not know."""
        from audit.audits import short_title

        return short_title(key, self.language)

    def rule_name(self, audit: str, code: str) -> str:
        """The title of a finding's rule (its code where the audit declares no such rule)."""
        from audit.audits import by_key
        from audit.findings.derive import HEADLINE_RED

        rules = [HEADLINE_RED]
        try:
            rules.extend(by_key(audit).finding_rules)
        except KeyError:
            pass
        title = next((r.title.get(self.language) for r in rules if r.code == code), None)
        return title or code

    def severity(self, code: Any) -> str:
        """A severity's label in the year's language."""
        from audit.findings.model import SEVERITY_LABELS

        return SEVERITY_LABELS[self.language].get(str(code), "" if code is None else str(code))

    def sheet(self, key: str) -> _Sheet:
        """A new worksheet, the last so far, named as chosen for `key` ("index", an audit, "findings", "follow_up")."""
        return _Sheet(self.workbook.create_sheet(self.names[key]), self.texts)

    def build(self) -> bytes:
        """The workbook as openpyxl saves it."""
        from openpyxl import Workbook

        self.workbook: Workbook = Workbook()
        self.workbook.remove(self.workbook.active)  # type: ignore[arg-type]
        index = self.sheet("index")
        entries = [_Entry("0", index.ws.title, self.texts["index_title"], self.texts["index_holds"])]
        for audit in self.audits:
            entries.extend(self.audit_sheet(audit))
        entries.extend(self.findings_sheet())
        if self.follow_up is not None:
            entries.extend(self.follow_up_sheet(self.follow_up))
        self.index_sheet(index, entries)
        out = io.BytesIO()
        self.workbook.save(out)
        return out.getvalue()

    def index_sheet(self, sheet: _Sheet, entries: list[_Entry]) -> None:
        """The index: provenance, then one line per sheet and per finding, with a link to its sheet."""
        from openpyxl.styles import Font
        from openpyxl.worksheet.hyperlink import Hyperlink

        t, p = self.texts, self.params
        sheet.add([t["title"].format(year=p.year)], "title")
        sheet.add([t["year"], p.year], "note")
        sheet.add([t["as_of"], p.as_of.isoformat()], "note")
        sheet.add([t["digest"], p.digest or "—"], "note")
        sheet.add([t["roles"]], "note")
        sheet.blank()
        sheet.header_row = sheet.add(t["index_header"], "header")
        for entry in entries:
            row = sheet.add([entry.number, entry.sheet, entry.title, entry.holds, None, None, None])
            link = sheet.ws.cell(row=row, column=2)
            quoted = entry.sheet.replace("'", "''")
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!A1")
            link.font = Font(color="0563C1", underline="single")
        for column in (5, 6, 7):  # room to write the preparer's and reviewer's roles and the dates by hand
            sheet.widths[column] = max(sheet.widths.get(column, 0), 12)
        sheet.finish(p.year)

    def audit_sheet(self, audit: Audit) -> list[_Entry]:
        """An audit's sheet: its figures, then the register rows behind its findings; its lines of the index."""
        t = self.texts
        number = self.sheet_of[audit.key]
        title = audit.title[self.language]
        sheet = self.sheet(audit.key)
        sheet.add([t["audit_title"].format(no=number, title=title)], "title")
        sheet.add([f"{t['year']} {self.params.year} · {t['as_of']} {self.params.as_of.isoformat()}"], "note")
        sheet.blank()
        sheet.header_row = sheet.add(t["figures_header"], "header")
        decimals = self._percent_decimals()
        percent = f"0.{'0' * decimals}%" if decimals else "0%"
        figures = 0
        leaves = _flatten(self.metrics[audit.key])
        for key, value in leaves:
            if figures == MAX_FIGURE_ROWS:
                left = 1 + sum(1 for _ in leaves)
                sheet.add([t["figures_left_out"].format(n=left, cap=MAX_FIGURE_ROWS)], "note")
                break
            spec = self.specs.get(f"{audit.key}.{key}")
            label = spec.label.get(self.language, "") if spec else ""
            fmt = percent if spec is not None and spec.format == "percent" else None
            sheet.add([key, label, value], formats=(None, None, fmt))
            figures += 1
        own = [(f, n) for f, n in zip(self.findings, self.numbers) if f.get("audit") == audit.key]
        rows = self.evidence(sheet, own)
        sheet.finish(self.params.year)
        holds = t["audit_holds"].format(figures=figures, findings=len(own), rows=rows)
        entries = [_Entry(number, sheet.ws.title, title, holds)]
        for finding, no in own:
            holds = t["finding_holds"].format(id=finding.get("id", ""), subject=finding.get("subject", ""))
            entries.append(_Entry(no, self.names["findings"], self.text(finding.get("text")), holds))
        return entries

    def _percent_decimals(self) -> int:
        return int(getattr(getattr(self.params, "definitions", None), "percent_decimals", 2))

    def evidence(self, sheet: _Sheet, findings: list[tuple[Mapping[str, Any], str]]) -> int:
        """The register rows behind `findings`, register by register; the number of rows listed.

        Every non-private column of the register, the row number, finding id and index number
        first; at most MAX_EVIDENCE_ROWS rows in all, the rest counted in a note. A register the
        year did not load, or a row number it does not have, is said in a note too.
        """
        t = self.texts
        wanted: dict[str, list[tuple[int, str, str]]] = {}
        for finding, no in findings:
            rows = finding.get("rows")
            if not isinstance(rows, Mapping) or not rows.get("register"):
                continue
            numbers = [int(r) for r in rows.get("rows") or []]
            wanted.setdefault(str(rows["register"]), []).extend((r, str(finding.get("id", "")), no) for r in numbers)
        listed = 0
        left_out = 0
        for key, lines in wanted.items():
            register = self.registers.get(key)
            if register is None:
                for fid in dict.fromkeys(fid for _, fid, _ in lines):
                    n = sum(1 for _, f, _ in lines if f == fid)
                    sheet.blank()
                    sheet.add([t["missing_register"].format(id=fid, register=key, n=n)], "note")
                continue
            room = MAX_EVIDENCE_ROWS - listed
            listed_here = lines[: max(0, room)]
            left_out += len(lines) - len(listed_here)
            if listed_here:
                listed += self.register_rows(sheet, key, register, listed_here)
        if left_out:
            sheet.blank()
            sheet.add([t["evidence_left_out"].format(n=left_out, cap=MAX_EVIDENCE_ROWS)], "note")
        return listed

    def register_rows(self, sheet: _Sheet, key: str, register: Register, lines: list[tuple[int, str, str]]) -> int:
        """One register's rows behind findings as a table on `sheet`; the number of rows written."""
        import numpy as np

        from audit.audits import register_roles
        from audit.registers import ROW

        t = self.texts
        role = register_roles().get(key)
        name = role.title.get(self.language, key) if role else key
        columns = [
            c for c in register.schema.columns if not (c.private or c.identifying) and c.name in register.data.columns
        ]
        numbers = register.data[ROW].to_numpy()
        positions = np.flatnonzero(np.isin(numbers, np.array(sorted({r for r, _, _ in lines}), dtype=numbers.dtype)))
        data = register.data.iloc[positions]
        as_written = len(register.text) == len(register.data)  # else the text is not kept: format the typed values
        text = register.text.iloc[positions] if as_written else None
        where = {int(r): i for i, r in enumerate(data[ROW].to_numpy())}
        typed = {c.name: data[c.name].tolist() for c in columns}
        written_as = {c.name: text[c.name].tolist() for c in columns if text is not None and c.name in text.columns}
        sheet.blank()
        sheet.add([t["evidence_title"].format(register=name, file=Path(register.file).name)], "note")
        headers = [c.zh if self.language == "zh" else c.name for c in columns]
        sheet.add([*t["evidence_lead"], *headers], "header")
        written = 0
        missing: list[int] = []
        for number, fid, no in lines:
            i = where.get(number)
            if i is None:
                missing.append(number)
                continue
            values: list[Any] = [number, fid, no]
            for column in columns:
                cell = written_as[column.name][i] if column.name in written_as else None
                values.append(cell if isinstance(cell, str) else self.shown(typed[column.name][i], column))
            sheet.add(values)
            written += 1
        if missing:
            sheet.blank()
            unique = sorted(set(missing))
            shown = "、".join(str(r) for r in unique[:50]) + ("…" if len(unique) > 50 else "")
            sheet.add([t["missing_rows"].format(register=key, n=len(unique), rows=shown)], "note")
        return written

    def shown(self, value: Any, column: Column) -> str:
        """A typed register value as text, for a register whose text as written is not kept."""
        import pandas as pd

        if isinstance(value, tuple | list):
            return self.texts["separator"].join(self.shown(v, column) for v in value)
        if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
            return ""
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return self.texts["yes"] if value else self.texts["no"]
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
        if isinstance(value, dt.date):
            return value.isoformat()
        for choice in column.choices:
            if choice.code == value:
                return choice.zh_label if self.language == "zh" else choice.en
        return _number_text(value.item() if hasattr(value, "item") else value)

    def findings_sheet(self) -> list[_Entry]:
        """The findings, one row each; its line of the index and those of findings no audit sheet has."""
        t = self.texts
        sheet = self.sheet("findings")
        sheet.add([t["findings_title"].format(no="B")], "title")
        sheet.blank()
        sheet.header_row = sheet.add(t["findings_header"], "header")
        for finding, no in zip(self.findings, self.numbers):
            audit = str(finding.get("audit", ""))
            sheet.add(
                [
                    no,
                    finding.get("id"),
                    self.audit_name(audit),
                    self.rule_name(audit, str(finding.get("rule", ""))),
                    finding.get("subject"),
                    finding.get("unit"),
                    self.severity(finding.get("severity")),
                    self.text(finding.get("text")),
                    self.text(finding.get("basis")),
                    self.text(finding.get("recommendation")),
                    t["separator"].join(str(e) for e in finding.get("evidence") or []),
                ]
            )
        sheet.finish(self.params.year)
        entries = [
            _Entry(
                "B",
                sheet.ws.title,
                t["findings_title"].format(no="").strip(),
                t["findings_holds"].format(n=len(self.findings)),
            )
        ]
        for finding, no in zip(self.findings, self.numbers):
            if no.startswith("B-"):
                holds = t["finding_holds"].format(id=finding.get("id", ""), subject=finding.get("subject", ""))
                entries.append(_Entry(no, sheet.ws.title, self.text(finding.get("text")), holds))
        return entries

    def follow_up_sheet(self, followed: list[Mapping[str, Any]]) -> list[_Entry]:
        """Last year's findings and what became of them; the sheet's lines of the index."""
        t = self.texts
        sheet = self.sheet("follow_up")
        sheet.add([t["follow_up_title"].format(no="C")], "title")
        sheet.blank()
        sheet.header_row = sheet.add(t["follow_up_header"], "header")
        width = max(2, len(str(len(followed))))
        entries = [
            _Entry(
                "C",
                sheet.ws.title,
                t["follow_up_title"].format(no="").strip(),
                t["follow_up_holds"].format(n=len(followed)),
            )
        ]
        for i, finding in enumerate(followed, 1):
            no = f"C-{i:0{width}d}"
            audit = str(finding.get("audit", ""))
            category = finding.get("category")
            recurring = finding.get("recurring")
            sheet.add(
                [
                    no,
                    finding.get("id"),
                    self.audit_name(audit),
                    self.rule_name(audit, str(finding.get("rule", ""))),
                    finding.get("subject"),
                    finding.get("unit"),
                    self.severity(finding.get("severity")),
                    self.text(finding.get("text")),
                    finding.get("status"),
                    finding.get("deadline"),
                    finding.get("completed_on"),
                    t["categories"].get(category, category) if category is not None else None,
                    recurring if isinstance(recurring, bool) else None,
                    finding.get("responsible_role"),
                    finding.get("evidence_ref"),
                    finding.get("verified_by"),
                ]
            )
            holds = t["finding_holds"].format(id=finding.get("id", ""), subject=finding.get("subject", ""))
            entries.append(_Entry(no, sheet.ws.title, self.text(finding.get("text")), holds))
        sheet.finish(self.params.year)
        return entries
