"""Reading a register file (CSV or Excel) into text cells with the row numbers auditors see.

Everything comes back as strings, so one set of parsers serves CSV and Excel alike. Excel
dates become ISO dates and whole-number floats lose their ``.0``. Row numbers are those of
the spreadsheet (header = row 1 in a plain file); fully blank rows are skipped, never
renumbered.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from audit.core.errors import InputError, Problem

CSV_SUFFIXES = {".csv", ".txt"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}

# What a register may cost (docs/registers.md, "Bounds"): a file past one of these is refused with the bound named,
# before the memory it would take is spent. A year of a district's registers is far below each.
MAX_REGISTER_BYTES = 200 * 1024 * 1024  # the file as stored (a 200,000-row CSV is about 15 MB)
MAX_CELLS = 10_000_000  # rows x columns of the table read, from A1 to the last cell holding a value
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024  # a workbook's zip members, uncompressed (a zip bomb's are terabytes)
MAX_ZIP_MEMBERS = 10_000  # files inside a workbook (a workbook of ten sheets has about 30)

# Excel's error values (and LibreOffice's Err:nnn): what a failed formula shows. calamine reads them as blank cells.
EXCEL_ERRORS = frozenset(
    "#n/a #value! #ref! #div/0! #name? #num! #null! #spill! #calc! #getting_data #field! #blocked! "
    "#connect! #busy! #unknown! #python! #n/a!".split()
)
_LIBREOFFICE_ERROR = re.compile(r"^err:\d{3}$")


def is_excel_error(text: str) -> bool:
    """Whether a cell's text is an Excel error value (#N/A, #VALUE!, …; case-insensitive) or LibreOffice's Err:502."""
    if not text or text[0] not in "#Ee":
        return False
    folded = text.casefold()
    return folded in EXCEL_ERRORS or _LIBREOFFICE_ERROR.match(folded) is not None


@dataclass
class RawTable:
    """A file's cells as text: rows of strings (stripped), each with its spreadsheet row number."""

    rows: list[list[str]]
    row_numbers: list[int]
    # Excel cells holding a formula saved without its result: (row number, column index) -> formula
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    sheet: str | None = None  # the sheet read, for a workbook


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
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise InputError(
            [
                Problem.of_file(
                    shown,
                    "a text file in UTF-8 or GBK: this one holds NUL bytes (UTF-16, Excel's 'Unicode Text', or not "
                    "text at all); save it as 'CSV UTF-8'",
                    "UTF-8 或 GBK 编码的文本文件：此文件含 NUL 字节（UTF-16 编码，即 Excel 的“Unicode 文本”，或根本不是文本）；"
                    "请另存为“CSV UTF-8(逗号分隔)”",
                )
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            # Excel on Chinese Windows saves "CSV" in GBK: decoded as GB18030, the national standard
            # that extends GBK (rare characters of names and place names), rather than rejected.
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            unlikely = _unlikely_chinese(text)
            if unlikely is None:
                return text
            count, total, sample = unlikely
            raise InputError(
                [
                    Problem(
                        shown,
                        None,
                        None,
                        sample,
                        f"text in UTF-8 or GBK: read as GBK, {count} of its {total} non-ASCII characters are ones "
                        "Chinese text hardly uses (it may be Big5, Shift-JIS or Windows-1252); save the file as "
                        "'CSV UTF-8'",
                        f"UTF-8 或 GBK 编码的文本：按 GBK 读取时，{total} 个非 ASCII 字符中有 {count} 个是中文文本几乎不用的字符"
                        "（可能是 Big5、Shift-JIS 或 Windows-1252 编码）；请另存为“CSV UTF-8(逗号分隔)”",
                    )
                ]
            ) from None
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


# A GBK decode is implausible when its non-ASCII characters are mostly outside GB2312 (the 6,763 common characters,
# punctuation and full-width forms every Chinese text is written in) or in the private use area: text in Big5,
# Shift-JIS or Windows-1252 read as GBK gives mostly such characters, a Chinese register a few rare characters of
# names at most. Implausible: none of them common, or more than UNLIKELY_SHARE of them rare and UNLIKELY_MIN at least.
UNLIKELY_SHARE = 0.2
UNLIKELY_MIN = 5


def _unlikely_chinese(text: str) -> tuple[int, int, str] | None:
    """(unlikely characters, non-ASCII characters, a sample of them) where `text` does not read as Chinese; else None."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return None
    bad = {ch for ch in set(wide) if not _common_chinese(ch)}
    if not bad:
        return None
    count = sum(1 for ch in wide if ch in bad)
    if count < len(wide) and (count < UNLIKELY_MIN or count <= UNLIKELY_SHARE * len(wide)):
        return None
    sample = "".join(ch for ch in dict.fromkeys(wide) if ch in bad)[:12]
    return count, len(wide), sample


@functools.lru_cache(maxsize=65536)
def _common_chinese(ch: str) -> bool:
    if 0xE000 <= ord(ch) <= 0xF8FF:  # private use: no character at all
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


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
    cells = 0
    try:
        for record in reader:
            cells += len(record)
            if cells > MAX_CELLS:
                raise InputError([too_many_cells(shown, reader.line_num, f"{cells:,}+")])
            if any(cell.strip() for cell in record):
                rows.append([cell.strip() for cell in record])
                numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            [Problem(shown, reader.line_num, None, None, f"well-formed CSV ({exc})", f"格式正确的 CSV（{exc}）")]
        ) from None
    return RawTable(rows, numbers)


def too_many_cells(shown: str, row: int | None, cells: str) -> Problem:
    """The problem of a table of more than MAX_CELLS cells (`cells`: how many, as said)."""
    return Problem(
        shown,
        row,
        None,
        cells,
        f"a table of at most {MAX_CELLS:,} cells (rows x columns; the bound MAX_CELLS, see docs/registers.md)",
        f"至多 {MAX_CELLS:,} 个单元格的表（行数 × 列数；上限 MAX_CELLS，见 docs/registers.md）",
    )


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


@dataclass
class _SheetScan:
    """What one worksheet's XML holds, read before calamine loads it: the extent of its cells holding a value
    (the last row and column, 1-based), its error values, and whether a formula lacks its saved result."""

    last_row: int = 0
    last_column: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row number, column index) -> #N/A…
    formulas: bool = False  # any formula at all
    formulas_without_results: bool = False


_CELL_OR_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>|<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_START = re.compile(rb"<(?:\w+:)?(?:c|row)[\s>/]")
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_ROW_NUMBER = re.compile(rb'\br="(\d{1,7})"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>|<(?:\w+:)?is>", re.DOTALL)
_CHUNK = 4 * 1024 * 1024


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index  # 1-based


def _scan_sheet(stream: io.BufferedIOBase) -> _SheetScan:
    """Read a worksheet's XML in chunks, cell by cell (a cell is never split: each chunk is cut before a cell's start)."""
    scan = _SheetScan()
    row, column = 0, 0
    rest = b""
    while True:
        chunk = stream.read(_CHUNK)
        buffer = rest + chunk
        if chunk:
            cut = _last_start(buffer)
            if cut <= 0:
                rest = buffer
                continue
            part, rest = buffer[:cut], buffer[cut:]
        else:
            part, rest = buffer, b""
        for match in _CELL_OR_ROW.finditer(part):
            row_attrs, cell_attrs, content = match.groups()
            if row_attrs is not None:
                number = _ROW_NUMBER.search(row_attrs)
                row = int(number.group(1)) if number else row + 1
                column = 0
                continue
            ref = _REF.search(cell_attrs)
            if ref:
                column = _column_index(ref.group(1))
                row = int(ref.group(2))
            else:
                column += 1
            if not content:
                continue
            value = _VALUE.search(content)
            formula = _has_formula(content)
            scan.formulas |= formula
            if value is None or (value.group(1) is not None and not value.group(1).strip()):
                scan.formulas_without_results |= formula
                continue
            scan.last_row = max(scan.last_row, row)
            scan.last_column = max(scan.last_column, column)
            kind = _TYPE.search(cell_attrs)
            if kind and kind.group(1) == b"e" and value.group(1) is not None:
                scan.errors[(row, column - 1)] = value.group(1).decode("utf-8", "replace").strip()
        if not chunk:
            return scan


def _last_start(buffer: bytes) -> int:
    """Where the last cell or row element of `buffer` starts (0 if none: keep reading)."""
    window = 4096
    while True:
        starts = [m.start() for m in _START.finditer(buffer, max(0, len(buffer) - window))]
        if starts:
            return starts[-1]
        if window >= len(buffer):
            return 0
        window *= 8


def _zip_problem(shown: str, value: str, what: str, what_zh: str) -> Problem:
    return Problem(shown, None, None, value, what, what_zh)


def _inspect_workbook(archive: zipfile.ZipFile, shown: str) -> dict[str, _SheetScan]:
    """Each worksheet's scan (by its path in the zip), once the workbook's size is known to be within the bounds.

    The sizes the zip declares are checked first (MAX_ZIP_MEMBERS, MAX_UNCOMPRESSED_BYTES); then every member is
    read through, so zipfile checks each against its CRC: a member larger than declared is a broken workbook,
    never read further.
    """
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise InputError(
            [
                _zip_problem(
                    shown,
                    f"{len(members):,}",
                    f"a workbook of at most {MAX_ZIP_MEMBERS:,} parts (the bound MAX_ZIP_MEMBERS; see docs/registers.md)",
                    f"至多 {MAX_ZIP_MEMBERS:,} 个组成部分的工作簿（上限 MAX_ZIP_MEMBERS，见 docs/registers.md）",
                )
            ]
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise InputError(
            [
                _zip_problem(
                    shown,
                    f"{total:,} bytes",
                    f"a workbook of at most {MAX_UNCOMPRESSED_BYTES:,} bytes uncompressed (the bound "
                    "MAX_UNCOMPRESSED_BYTES; see docs/registers.md)",
                    f"解压后不超过 {MAX_UNCOMPRESSED_BYTES:,} 字节的工作簿（上限 MAX_UNCOMPRESSED_BYTES，见 docs/registers.md）",
                )
            ]
        )
    scans = {}
    for member in members:
        with archive.open(member) as stream:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                scans[member.filename] = _scan_sheet(stream)  # type: ignore[arg-type]
            else:
                while stream.read(_CHUNK):
                    pass
    return scans


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its worksheet XML in the zip, from the workbook and its relationships ({} if unreadable)."""
    from xml.etree import ElementTree

    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    paths = {}
    for element in book.iter():
        if element.tag.rsplit("}", 1)[-1] == "sheet":
            rid = next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
            name = element.get("name")
            if name is not None and rid in targets:
                paths[name] = targets[rid]
    return paths


def hidden_before(path: Path) -> tuple[list[str], str] | None:
    """The hidden sheets a workbook has before its first visible one, and that sheet; None if its first is visible.

    Read from the workbook's part listing its sheets (xl/workbook.xml) or, for an .xls, from calamine; None too
    for a file that cannot be read so (its loading says why).
    """
    try:
        if path.stat().st_size > MAX_REGISTER_BYTES:
            return None
        with open(path, "rb") as handle:
            head = handle.read(8)
        if head.startswith(b"PK"):
            sheets = _zip_sheet_states(path)
        elif head.startswith(_OLE):
            from python_calamine import CalamineWorkbook

            book = CalamineWorkbook.from_path(str(path))
            sheets = [(m.name, str(m.visible).rsplit(".", 1)[-1] == "Visible") for m in book.sheets_metadata]
        else:
            return None
    except Exception:  # unreadable: loading the register says why
        return None
    hidden: list[str] = []
    for name, visible in sheets:
        if visible:
            return (hidden, name) if hidden else None
        hidden.append(name)
    return None


def _zip_sheet_states(path: Path) -> list[tuple[str, bool]]:
    """(sheet name, visible) of each sheet of an .xlsx, in order."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as archive:
        if len(archive.infolist()) > MAX_ZIP_MEMBERS or archive.getinfo("xl/workbook.xml").file_size > 16 * 1024 * 1024:
            return []
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    return [
        (element.get("name", ""), element.get("state", "visible") == "visible")
        for element in book.iter()
        if element.tag.rsplit("}", 1)[-1] == "sheet"
    ]


def _cell_name(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _check_extent(shown: str, sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet whose table, from A1 to its last cell holding a value, has more than MAX_CELLS cells."""
    if rows * columns > MAX_CELLS:
        raise InputError(
            [
                Problem(
                    shown,
                    None,
                    None,
                    f"{sheet}!A1:{_cell_name(rows, columns)}",
                    f"a sheet of at most {MAX_CELLS:,} cells from A1 to its last value ({rows:,} rows x {columns:,} "
                    "columns here: clear what lies beyond the register; the bound MAX_CELLS, see docs/registers.md)",
                    f"从 A1 到最后一个有值单元格不超过 {MAX_CELLS:,} 个单元格的工作表（此表 {rows:,} 行 × {columns:,} 列："
                    "请清除登记表以外的内容；上限 MAX_CELLS，见 docs/registers.md）",
                )
            ]
        )


def read_excel(source: Source, shown: str, sheet: str | None) -> RawTable:
    """Read one sheet of an Excel workbook (or its bytes): the first visible sheet, or the one named, as text rows.

    An .xlsx is inspected before calamine reads it: its size within MAX_ZIP_MEMBERS and MAX_UNCOMPRESSED_BYTES,
    the chosen sheet within MAX_CELLS; its Excel error values (which calamine reads as blank) are kept as text.
    """
    content = source if isinstance(source, bytes) else source.read_bytes()
    incomplete = incomplete_workbook(content, Path(shown).suffix.lower())
    if incomplete is not None:
        raise InputError([Problem(shown, None, None, None, *incomplete)])

    from python_calamine import CalamineWorkbook

    scans: dict[str, _SheetScan] = {}
    paths: dict[str, str] = {}
    if content.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                scans = _inspect_workbook(archive, shown)
                paths = _sheet_paths(archive)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, ValueError) as exc:
            raise InputError(
                [
                    Problem(
                        shown, None, None, None, f"a readable Excel workbook ({exc})", f"可读取的 Excel 工作簿（{exc}）"
                    )
                ]
            ) from None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as exc:  # calamine raises its own error types for unreadable workbooks
        raise InputError(
            [Problem(shown, None, None, None, f"a readable Excel workbook ({exc})", f"可读取的 Excel 工作簿（{exc}）")]
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
    scan = scans.get(paths.get(chosen, ""))
    if scan is None and scans:  # a sheet not found by its relationships: bound it by the largest of them
        scan = _SheetScan(
            last_row=max(s.last_row for s in scans.values()),
            last_column=max(s.last_column for s in scans.values()),
            formulas=any(s.formulas_without_results for s in scans.values()),
            formulas_without_results=any(s.formulas_without_results for s in scans.values()),
        )
    if scan is not None:
        _check_extent(shown, chosen, scan.last_row, scan.last_column)
    try:
        data = book.get_sheet_by_name(chosen)
    except Exception as exc:
        raise InputError(
            [Problem(shown, None, None, chosen, f"a readable sheet ({exc})", f"可读取的工作表（{exc}）")]
        ) from None
    end = data.end
    if end is not None:  # an .xls, scanned by nobody before: its range is known now, before it is copied out
        _check_extent(shown, chosen, end[0] + 1, end[1] + 1)
    cells = data.to_python(skip_empty_area=False)
    errors = scan.errors if scan is not None else {}
    rows, numbers = [], []
    for index, record in enumerate(cells):
        # most cells are text: strip them here, convert the others (numbers, dates) one by one
        texts = [v.strip() if type(v) is str else _cell_text(v) for v in record]
        if errors:
            for (r, c), error in errors.items():
                if r == index + 1 and c < len(texts):
                    texts[c] = error
        if any(texts):
            rows.append(texts)
            numbers.append(index + 1)
    formulas: dict[tuple[int, int], str] = {}
    if scan is not None and scan.formulas_without_results:
        formulas = _formulas_without_results(content, chosen, cells)
    for row_number in sorted({r for r, _ in formulas} - set(numbers)):
        # a row whose only cells are formulas without results is not blank: keep it to report it
        width = max(len(cells[row_number - 1]) if row_number <= len(cells) else 0, 1)
        position = next((i for i, n in enumerate(numbers) if n > row_number), len(numbers))
        rows.insert(position, [""] * width)
        numbers.insert(position, row_number)
    return RawTable(rows, numbers, formulas, chosen)


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
                _scan_sheet(archive.open(name)).formulas  # type: ignore[arg-type]
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
