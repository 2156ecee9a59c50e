"""Reading a register file (CSV or Excel) into text cells with the row numbers auditors see.

Everything comes back as strings, so one set of parsers serves CSV and Excel alike. Excel
dates become ISO dates and whole-number floats lose their ``.0``. Row numbers are those of
the spreadsheet (header = row 1 in a plain file); fully blank rows are skipped, never
renumbered.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from audit.core.errors import InputError, Problem

CSV_SUFFIXES = {".csv", ".txt"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


@dataclass
class RawTable:
    """A file's cells as text: rows of strings (stripped), each with its spreadsheet row number."""

    rows: list[list[str]]
    row_numbers: list[int]
    # Excel cells holding a formula saved without its result: (row number, column index) -> formula
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)


def _first_visible(book: object) -> str:
    """The first sheet a reader of the workbook sees: hidden and very hidden sheets are passed over.

    A hidden sheet is often an old copy of the register; auditing it instead of the visible one
    would be auditing the wrong figures.
    """
    metadata = getattr(book, "sheets_metadata", None)
    names: list[str] = book.sheet_names  # type: ignore[attr-defined]
    if not metadata:
        return names[0]
    visible = [m.name for m in metadata if str(m.visible).rsplit(".", 1)[-1] == "Visible"]
    return visible[0] if visible else names[0]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value).strip()


def _decode(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            # Excel on Chinese Windows saves "CSV" in GBK: decoded as GB18030, the national standard
            # that extends GBK (rare characters of names and place names), rather than rejected.
            return data.decode("gb18030")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise InputError(
                [
                    Problem(
                        shown,
                        line,
                        None,
                        None,
                        "text encoded as UTF-8 (or GBK/GB18030); save the file as 'CSV UTF-8'",
                        "UTF-8（或 GBK/GB18030）编码的文本：请另存为“CSV UTF-8(逗号分隔)”",
                    )
                ]
            ) from None


Source = Path | bytes  # a file, or the bytes read from it


def _opened(source: Source) -> Path | io.BytesIO:
    """What zipfile, openpyxl and the like open: the path, or the bytes as a file."""
    return io.BytesIO(source) if isinstance(source, bytes) else source


def read_csv(source: Source, shown: str) -> RawTable:
    """Read a CSV file (or its bytes) as text rows (UTF-8 with or without BOM, or GB18030, which includes GBK)."""
    text = _decode(source if isinstance(source, bytes) else source.read_bytes(), shown)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, numbers = [], []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append([cell.strip() for cell in record])
                numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            [Problem(shown, reader.line_num, None, None, f"well-formed CSV ({exc})", f"格式正确的 CSV（{exc}）")]
        ) from None
    return RawTable(rows, numbers)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the first bytes of an .xls (a Compound File)


def incomplete_workbook(data: bytes, suffix: str) -> tuple[str, str] | None:
    """Why `data` cannot be a whole workbook of its kind (English, Chinese), in plain words; None if it may be.

    An empty or cut-off workbook is what a copy or a save that did not finish leaves (a USB stick
    pulled out, a network drive dropped); calamine's own words for it ("Cannot detect file format",
    "Invalid Zip archive") do not say so.
    """
    if not data:
        return (
            "a workbook, but the file is empty (0 bytes): was it saved, or copied to the end?",
            "Excel 工作簿，但文件为空（0 字节）：是否未保存完成，或未复制完整？",
        )
    if data.startswith(_OLE):  # an .xls, whatever its name says: calamine reads it by its content
        return None
    if data.startswith(b"PK\x03\x04"):
        if _zip_is_whole(data):
            return None
        return (
            f"a whole workbook, but the file is cut off ({len(data):,} bytes): save or copy it again",
            f"完整的 Excel 工作簿，但文件不完整（{len(data):,} 字节，已被截断）：请重新保存或复制",
        )
    return (
        f"an Excel workbook ({suffix}), but the file is not one (saved in another format, or renamed?)",
        f"Excel 工作簿（{suffix}），但此文件不是（是否以其他格式保存，或改过扩展名？）",
    )


def _zip_is_whole(data: bytes) -> bool:
    """Whether a zip archive ends with its central directory, which a cut-off copy lacks."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)):
            return True
    except zipfile.BadZipFile:
        return False


def read_excel(source: Source, shown: str, sheet: str | None) -> RawTable:
    """Read one sheet of an Excel workbook (or its bytes): the first sheet, or the one named, as text rows."""
    from concurrent.futures import ThreadPoolExecutor

    content = source if isinstance(source, bytes) else source.read_bytes()
    incomplete = incomplete_workbook(content, Path(shown).suffix.lower())
    if incomplete is not None:
        raise InputError([Problem(shown, None, None, None, *incomplete)])
    source = content

    from python_calamine import CalamineWorkbook

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit-formulas") as pool:
        # calamine parses without holding the GIL: look for formulas meanwhile
        holds_formulas = pool.submit(_holds_formulas, source)
        try:
            if isinstance(source, bytes):
                book = CalamineWorkbook.from_filelike(io.BytesIO(source))
            else:
                book = CalamineWorkbook.from_path(str(source))
        except Exception as exc:  # calamine raises its own error types for unreadable workbooks
            raise InputError(
                [
                    Problem(
                        shown, None, None, None, f"a readable Excel workbook ({exc})", f"可读取的 Excel 工作簿（{exc}）"
                    )
                ]
            ) from None
        names = book.sheet_names
        if sheet is not None and sheet not in names:
            raise InputError(
                [
                    Problem(
                        shown,
                        None,
                        None,
                        sheet,
                        f"a sheet of the workbook: {', '.join(names)}",
                        f"工作簿中的工作表之一：{'、'.join(names)}",
                    )
                ]
            )
        chosen = sheet if sheet is not None else _first_visible(book)
        data = book.get_sheet_by_name(chosen)
        cells = data.to_python(skip_empty_area=False)
        with_formulas = holds_formulas.result()
    rows, numbers = [], []
    for index, record in enumerate(cells):
        # most cells are text: strip them here, convert the others (numbers, dates) one by one
        texts = [v.strip() if type(v) is str else _cell_text(v) for v in record]
        if any(texts):
            rows.append(texts)
            numbers.append(index + 1)
    formulas: dict[tuple[int, int], str] = {}
    if with_formulas:
        formulas = _formulas_without_results(source, chosen, cells)
    for row_number in sorted({r for r, _ in formulas} - set(numbers)):
        # a row whose only cells are formulas without results is not blank: keep it to report it
        width = max(len(cells[row_number - 1]), 1)
        position = next((i for i, n in enumerate(numbers) if n > row_number), len(numbers))
        rows.insert(position, [""] * width)
        numbers.insert(position, row_number)
    return RawTable(rows, numbers, formulas)


_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def _has_formula(xml: bytes) -> bool:
    """Whether a worksheet's XML holds a formula element (<f>, or <x:f> with a namespace prefix)."""
    if (
        b"<f" not in xml and b":f" not in xml
    ):  # a plain substring test first: it rules out most sheets without the pattern
        return False
    return _FORMULA.search(xml) is not None


def _holds_formulas(source: Source) -> bool:
    """Whether any worksheet of an .xlsx workbook holds a formula (False for a file that is not one)."""
    try:
        with zipfile.ZipFile(_opened(source)) as archive:
            return any(
                _has_formula(archive.read(name))
                for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            )
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def _formulas_without_results(
    source: Source, sheet: str, cells: Sequence[Sequence[object]]
) -> dict[tuple[int, int], str]:
    """Formula cells that have no saved result (as openpyxl or a web export writes them).

    calamine reads such a cell as empty; without this check its value would be silently lost.
    Only a workbook holding formulas at all (:func:`_holds_formulas`) pays for this second read.
    """
    import openpyxl

    book = openpyxl.load_workbook(_opened(source), read_only=True, data_only=False)
    try:
        found = {}
        for row in book[sheet].iter_rows():
            for cell in row:
                value = getattr(cell, "value", None)
                if isinstance(value, str) and value.startswith("=") and getattr(cell, "row", None):
                    r, c = cell.row, cell.column - 1
                    cached = cells[r - 1][c] if r - 1 < len(cells) and c < len(cells[r - 1]) else None
                    if _cell_text(cached) == "":
                        found[(r, c)] = value
        return found
    finally:
        book.close()


def read_table(path: Path, shown: str, sheet: str | None = None, content: bytes | None = None) -> RawTable:
    """Read a register file of any supported kind as text rows (from `content`, its bytes, where given)."""
    suffix = path.suffix.lower()
    source: Source = path if content is None else content
    if suffix in CSV_SUFFIXES:
        return read_csv(source, shown)
    if suffix in EXCEL_SUFFIXES:
        return read_excel(source, shown, sheet)
    raise InputError(
        [Problem(shown, None, None, path.suffix, "a .csv or .xlsx register", ".csv 或 .xlsx 格式的登记表")]
    )
