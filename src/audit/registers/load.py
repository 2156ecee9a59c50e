"""Load a register against its schema: match headers, parse every cell, run the row checks.

Validation is lazy: every problem in the file (missing columns, unparseable cells, values
outside the allowed set, broken consistency rules) is collected and raised together as one
:class:`~audit.core.errors.InputError`. Nothing is dropped: a row either loads whole or is named
in a problem.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from audit.core.errors import InputError, Problem
from audit.registers.read import MAX_REGISTER_BYTES, RawTable, is_excel_error, read_table
from audit.registers.schema import Column, RegisterSchema, normalise_label

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.core.units import UnitList

ROW = "_row"  # the spreadsheet row number of each record, kept on every loaded frame

_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$"
)
# The largest number a register cell may hold: no count, score, hours or audience comes near it, and sums of a
# year's rows stay exact in floating point (docs/registers.md, "Bounds"). Past it, or not finite (inf, nan): a problem.
MAX_REGISTER_NUMBER = 1e12
_YES = {"yes", "y", "true", "1", "是", "有", "√", "✓"}
_NO = {"no", "n", "false", "0", "否", "无", "×"}
_LIST_SEPARATORS = re.compile(r"[;；,，、]")


@dataclass
class Register:
    """A validated register: typed values, the text as written, and where each row came from."""

    schema: RegisterSchema
    file: str
    data: pd.DataFrame  # typed columns named as in the schema, plus ROW
    text: pd.DataFrame  # the cells as written (stripped), same index and column names
    headers: dict[str, str]  # schema column name -> header as written in the file
    sha256: str = ""  # of the bytes the register was read from
    units: UnitList | None = None  # the year's list of units its unit columns were matched to, if any
    absent: tuple[str, ...] = ()  # columns of the schema (optional ones) the file does not have
    unread: tuple[str, ...] = ()  # headers of the file's columns the audit does not read
    sheet: str | None = None  # the sheet read, for a workbook

    def unit_names(self, names: Iterable[str]) -> tuple[str, ...]:
        """Unit names an audit's params write (the reviewing body, the units expected to…) as this register's
        unit columns hold them: canonical names where the year has a list of units, else as written."""
        if self.units is None:
            return tuple(names)
        return tuple(self.units.canonical(name) or name for name in names)

    def dated_outside(self, column: str, year: int) -> pd.Series:
        """Rows whose date in `column` is given and does not fall in `year`."""
        dates = self.data[column]
        return dates.notna() & dates.dt.year.ne(year)

    def problems(self, mask: pd.Series | np.ndarray, column: str, expected: str, expected_zh: str) -> list[Problem]:
        """One problem per row where `mask` is true, pointing at `column` of that row.

        `expected` and `expected_zh` say what the cell should hold, in English and in Chinese.
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return []
        header = self.headers.get(column, column)
        rows = self.data[ROW].to_numpy()[mask]
        values = self.text[column].to_numpy()[mask] if column in self.text else [None] * int(mask.sum())
        return [Problem(self.file, int(r), header, v, expected, expected_zh) for r, v in zip(rows, values)]


def _match_headers(
    header: list[str], schema: RegisterSchema, shown: str, row: int
) -> tuple[dict[int, str], list[Problem]]:
    """Map file column positions to schema columns; report mixed or duplicated headers."""
    english = {normalise_label(c.name): c.name for c in schema.columns}
    chinese = {normalise_label(a): c.name for c in schema.columns for a in (c.zh, *c.zh_aliases)}
    positions: dict[int, str] = {}
    languages: dict[str, list[str]] = {"en": [], "zh": []}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    extra: list[tuple[int, str]] = []
    for i, raw in enumerate(header):
        key = normalise_label(raw)
        name = english.get(key)
        lang = "en"
        if name is None:
            name, lang = chinese.get(key), "zh"
        if name is None:
            extra.append((i, raw))  # a column the audit does not read: kept in the file, ignored
            continue
        if name in seen:
            problems.append(
                Problem(
                    shown,
                    row,
                    raw,
                    raw,
                    f"one column for {name} (already given as '{seen[name]}')",
                    f"“{schema.column(name).zh}”只能有一列（已有“{seen[name]}”列）",
                )
            )
            continue
        seen[name] = raw
        positions[i] = name
        languages[lang].append(raw)
    for _, raw in extra:
        meant = _resembles(raw, schema, set(seen))
        if meant is not None:
            problems.append(
                Problem(
                    shown,
                    row,
                    raw,
                    raw,
                    f"the header '{meant.zh}' (or '{meant.name}') if this column is meant to be it, or another "
                    "name: it looks like a column the audit reads, which would otherwise be left out",
                    f"若此列即“{meant.zh}”，请将表头改为“{meant.zh}”；否则请改用其他列名（此列名与审计所用的列相近，不改则该列被忽略）",
                )
            )
    if languages["en"] and languages["zh"]:
        problems.append(
            Problem(
                shown,
                row,
                None,
                ", ".join(languages["en"]),
                f"headers in one language: these are English while {', '.join(languages['zh'][:3])}… are Chinese",
                f"表头统一用一种语言：以上为英文，而{'、'.join(languages['zh'][:3])}…为中文",
            )
        )
    return positions, problems


def _resembles(raw: str, schema: RegisterSchema, present: set[str]) -> Column | None:
    """The column of the schema, not in the file, that an unknown header seems meant to be (None if none).

    A header that contains a column's name (``是否延期``, ``延期（备注）`` for 延期) or is spelled
    nearly like it (``recieved_on``) is taken as meant for it.
    """
    import difflib

    key = normalise_label(raw)
    for column in schema.columns:
        if column.name in present:
            continue
        names = [normalise_label(n) for n in (column.zh, *column.zh_aliases)]
        if any(len(n) >= 2 and n in key for n in names):
            return column
        spellings = [normalise_label(column.name), *names]
        if difflib.get_close_matches(key, spellings, n=1, cutoff=0.85):
            return column
    return None


def _header_row(raw: RawTable, schema: RegisterSchema) -> int:
    """Index of the header row: the first of the top rows that names a required column.

    A title row above the header (a merged "2020年行政复议案件登记表" banner) is skipped.
    """
    required = {normalise_label(n) for c in schema.columns if c.required for n in (c.name, c.zh, *c.zh_aliases)}
    for i, row in enumerate(raw.rows[:5]):
        if any(normalise_label(cell) in required for cell in row):
            return i
    return 0


def _by_value(parse):
    """Run a column parser once per distinct value and spread the results over the rows.

    Registers repeat their values (a year has 365 dates, a category a dozen labels): on 200,000
    rows this parses hundreds of strings instead of hundreds of thousands.
    """

    def parse_column(text: pd.Series, *args):
        codes, uniques = pd.factorize(text, sort=False)
        results = parse(pd.Series(uniques, dtype=object), *args)
        return tuple(_spread(r, codes, text.index) for r in results)

    return parse_column


def _spread(values: pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    spread = values.take(codes)  # text cells are never missing ("" for blank), so no code is -1
    spread.index = index
    return spread


@_by_value
def _parse_dates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    parts = text.str.extract(_DATE)
    frame = pd.DataFrame({"year": parts[0], "month": parts[1], "day": parts[2]}).astype("float")
    parsed = pd.to_datetime(frame.fillna({"year": 2000, "month": 1, "day": 1}), errors="coerce")
    clock = parts[[3, 4, 5]].astype("float")  # a time after the date is dropped, but must be one (not 99:99)
    no_such_time = clock[3].gt(23) | clock[4].gt(59) | clock[5].gt(59)
    parsed = parsed.where(parts[0].notna() & ~no_such_time)
    bad = text.ne("") & parsed.isna()
    return parsed, bad


_GROUPED = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,234,567.5: commas between groups of three digits


def _parse_numbers(text: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    """Numbers as written; a comma only as a thousands separator (1,234), never as a decimal point (1,5)."""
    with_comma = text.str.contains(",", regex=False)
    if with_comma.any():
        grouped = with_comma & text.str.fullmatch(_GROUPED).fillna(False).astype(bool)
        text = text.where(~grouped, text.str.replace(",", "", regex=False))
    values = pd.to_numeric(text.where(text.ne("")), errors="coerce")
    if values.dtype == object:  # pandas leaves a column it cannot make numbers of as it was
        values = pd.to_numeric(values, errors="coerce")
    values = values.astype("float64")
    bad = text.ne("") & values.isna()
    bad |= values.abs().gt(MAX_REGISTER_NUMBER)  # and inf, -inf, 1e400
    values = values.where(values.abs().le(MAX_REGISTER_NUMBER))
    if column.kind == "integer":
        bad |= values.notna() & (values % 1 != 0)
    if column.minimum is not None:
        bad |= values < column.minimum
    if column.maximum is not None:
        bad |= values > column.maximum
    return values.astype("float64"), bad


def _parse_column(text: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    """Typed values of one column, and the mask of cells that could not be parsed."""
    none = pd.Series(False, index=text.index)
    if column.kind == "text":
        return text.where(text.ne(""), None), none
    if column.kind == "date":
        return _parse_dates(text)
    if column.kind in ("number", "integer"):
        return _parse_numbers(text, column)
    if column.kind == "flag":
        folded = text.str.casefold()
        bad = ~(folded.isin(_YES) | folded.isin(_NO) | folded.eq(""))
        return folded.isin(_YES), bad
    if column.kind == "category":
        return _parse_category(text, column)
    return _parse_list(text, column)


@_by_value
def _parse_category(text: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    lookup = column.lookup()
    codes = text.map(lambda v: lookup.get(normalise_label(v)) if v else column.blank)
    bad = text.ne("") & codes.isna()
    return codes, bad


@_by_value
def _parse_list(text: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    """Separated codes or labels; the parsed value is a tuple of codes."""
    lookup = column.lookup()

    def parse_list(value: str) -> tuple[str, ...] | None:
        items = [normalise_label(p) for p in _LIST_SEPARATORS.split(value) if p.strip()]
        codes = [lookup.get(item) for item in items]
        return None if any(c is None for c in codes) else tuple(c for c in codes if c is not None)

    parsed = text.map(parse_list)
    return parsed.where(parsed.notna(), None), parsed.isna()


def _frame(raw: RawTable, start: int) -> tuple[list[str], pd.DataFrame, list[int]]:
    header = raw.rows[start]
    width = len(header)
    rows = raw.rows[start + 1 :]
    body = rows if all(len(row) == width for row in rows) else [row[:width] + [""] * (width - len(row)) for row in rows]
    frame = pd.DataFrame(body, columns=range(width), dtype=object)
    overflow = [n for n, row in zip(raw.row_numbers[start + 1 :], rows) if len(row) > width and any(row[width:])]
    return header, frame, overflow


def load_register(
    schema: RegisterSchema,
    path: Path,
    params: Params,
    shown: str | None = None,
    sheet: str | None = None,
    units: UnitList | None = None,
) -> Register:
    """Read and validate one register; raise InputError with every problem found in it.

    The file is read once: the register is parsed from those bytes, and its `sha256` is theirs.
    With the year's list of `units`, the unit columns are matched to it (an unknown unit is a
    problem) and hold canonical names before the row checks run.
    """
    shown = shown or path.name
    content = _read_bytes(path, shown)
    raw = read_table(path, shown, sheet, content)
    if not raw.rows:
        raise InputError(
            [
                Problem.of_file(
                    shown,
                    "a header row and at least one data row (the file is empty)",
                    "表头行和至少一行数据（文件为空）",
                )
            ]
        )
    start = _header_row(raw, schema)
    header, cells, overflow = _frame(raw, start)
    header_row = raw.row_numbers[start]
    formulas = _formula_problems(raw, header, header_row, shown)
    positions, problems = _match_headers(header, schema, shown, header_row)
    problems += [
        Problem(shown, n, None, None, "no cells beyond the header's last column", "表头最后一列右侧无内容")
        for n in overflow
    ]
    present = set(positions.values())
    below = _names_in_row(raw, start + 1, schema)
    for c in schema.columns:
        if c.required and c.name not in present:
            expected = f"a column '{c.zh}' (or '{c.name}'): it is required"
            expected_zh = f"“{c.zh}”列（或“{c.name}”）：必填列"
            if c.name in below:
                expected += (
                    f"; row {raw.row_numbers[start + 1]} names it: the header must be one row "
                    "(unmerge the cells of a two-row header and keep one name per column)"
                )
                expected_zh += (
                    f"；第 {raw.row_numbers[start + 1]} 行有此列名：表头只能占一行"
                    "（请取消两行表头的合并单元格，每列保留一个列名）"
                )
            problems.append(Problem(shown, header_row, c.zh, None, expected, expected_zh))
    if problems:
        raise InputError(_with_formulas(problems, formulas))
    if cells.empty and not schema.may_be_empty:
        raise InputError(
            [
                Problem(
                    shown,
                    header_row,
                    None,
                    None,
                    "at least one data row: no data rows yet (only a header was found)",
                    "至少一行数据：尚无数据行（只有表头）",
                )
            ]
        )

    rows = pd.Series(raw.row_numbers[start + 1 :], dtype="int64")
    text = pd.DataFrame({name: cells[i].fillna("").astype(str) for i, name in positions.items()})  # stripped by read
    text.index = rows.index
    headers = {name: header[i] for i, name in positions.items()}
    data = pd.DataFrame(index=rows.index)
    cell_problems = list(formulas)
    absent = tuple(c.name for c in schema.columns if c.name not in text)
    for c in schema.columns:
        if c.name not in text:
            text[c.name] = ""
            headers.setdefault(c.name, c.zh)
        errors = _excel_errors(text[c.name])
        if errors.any():  # a failed formula's #N/A: a problem of its own, and the cell read as blank meanwhile
            cell_problems += _problems_at(
                shown,
                rows,
                text[c.name],
                errors,
                headers[c.name],
                "a value, not an Excel error value (the formula behind it failed): correct it in the workbook",
                "数值，而不是 Excel 错误值（单元格中的公式计算出错）：请在工作簿中更正",
            )
            text[c.name] = text[c.name].where(~errors, "")
        if c.kind in ("number", "integer"):
            huge = _too_large(text[c.name])
            if huge.any():
                cell_problems += _problems_at(
                    shown,
                    rows,
                    text[c.name],
                    huge,
                    headers[c.name],
                    f"a finite number of at most {MAX_REGISTER_NUMBER:,.0f} in size (the bound MAX_REGISTER_NUMBER; "
                    "see docs/registers.md)",
                    f"绝对值不超过 {MAX_REGISTER_NUMBER:,.0f} 的有限数值（上限 MAX_REGISTER_NUMBER，见 docs/registers.md）",
                )
        values, bad = _parse_column(text[c.name], c)
        data[c.name] = values
        if bad.any():
            problems += _problems_at(
                shown, rows, text[c.name], bad, headers[c.name], c.expectation(), c.expectation("zh", brief=True)
            )
        if c.required:
            empty = text[c.name].eq("")
            if c.kind == "category" and c.blank is not None:
                empty &= False
            problems += _problems_at(
                shown, rows, text[c.name], empty, headers[c.name], "a value (required)", "必填，不得为空"
            )
    data[ROW] = rows
    register = Register(schema, shown, data, text, headers, hashlib.sha256(content).hexdigest())
    register.absent = absent
    register.unread = tuple(header[i] for i in range(len(header)) if i not in positions and header[i])
    register.sheet = raw.sheet
    if units is not None:
        register.units = units
        problems += units.match(register)
    problems += _duplicates(register)
    for check in schema.checks:
        problems.extend(check(register, params))
    if problems or cell_problems:
        raise InputError(_with_formulas(problems, cell_problems))
    return register


def _read_bytes(path: Path, shown: str) -> bytes:
    """The register's bytes: a regular file of at most MAX_REGISTER_BYTES (checked before it is opened)."""
    from audit.core.params import read_input_file

    return read_input_file(path, shown, MAX_REGISTER_BYTES, "MAX_REGISTER_BYTES")


def _too_large(text: pd.Series) -> pd.Series:
    """Cells of a number column whose number is not finite (inf, 1e400) or past MAX_REGISTER_NUMBER."""
    plain = text.str.replace(",", "", regex=False)
    values = pd.to_numeric(plain.where(plain.ne("")), errors="coerce").astype("float64")
    return values.abs().gt(MAX_REGISTER_NUMBER)


def _excel_errors(text: pd.Series) -> pd.Series:
    """Cells holding an Excel error value (#N/A, #VALUE!, …), as a CSV saved from Excel or the workbook has them."""
    maybe = text.str.startswith(("#", "E", "e"))
    if not maybe.any():
        return maybe
    return maybe & text.map(is_excel_error).astype(bool)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _formula_problems(raw: RawTable, header: list[str], header_row: int, shown: str) -> list[Problem]:
    """One problem per Excel formula cell below the header that was saved without its result."""
    return [
        Problem(
            shown,
            row,
            header[col] if col < len(header) and header[col] else _column_letter(col),
            formula,
            "a value, not a formula saved without its result: open the file in Excel and save it "
            "(Excel then stores the results), or type the value",
            "数值，而不是未保存计算结果的公式：请用 Excel 打开并保存此文件（Excel 会保存计算结果），或直接填写数值",
        )
        for (row, col), formula in sorted(raw.formulas.items())
        if row > header_row
    ]


def _with_formulas(problems: list[Problem], formulas: list[Problem]) -> list[Problem]:
    """Problems plus the problems of cells that hold no value (a formula without its result, an Excel error
    value): a cell's own problem replaces what its blank caused."""
    cells = {(p.row, p.column) for p in formulas}
    return [p for p in problems if (p.row, p.column) not in cells] + formulas


def _names_in_row(raw: RawTable, index: int, schema: RegisterSchema) -> set[str]:
    """Schema columns named in the row at `index` (the row under the header), if any."""
    if index >= len(raw.rows):
        return set()
    names = {normalise_label(n): c.name for c in schema.columns for n in (c.name, c.zh, *c.zh_aliases)}
    return {names[normalise_label(cell)] for cell in raw.rows[index] if normalise_label(cell) in names}


def _problems_at(
    shown: str, rows: pd.Series, text: pd.Series, mask: pd.Series, header: str, expected: str, expected_zh: str
) -> Iterable[Problem]:
    return [Problem(shown, int(r), header, v, expected, expected_zh) for r, v in zip(rows[mask], text[mask])]


def _compatible(column: pd.Series) -> pd.Series:
    """A key column as compared for uniqueness: in Unicode's compatibility form (NFKC), invisible characters dropped.

    仓司复〔2020〕１号 is the case 仓司复〔2020〕1号 typed with a Chinese input method (full-width digits), and
    F1 followed by a zero-width space is F1: not second cases.
    """
    unusual = column.map(str.isascii).eq(False)
    if not unusual.any():
        return column
    return column.where(~unusual, column[unusual].map(_key_form))


@functools.lru_cache(maxsize=65536)
def _key_form(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in normal if unicodedata.category(ch) != "Cf").strip()


def _duplicates(register: Register) -> list[Problem]:
    key = list(register.schema.unique)
    if not key:
        return []
    frame = register.text[key].apply(_compatible)
    dup = (frame.duplicated(keep="first") & frame.ne("").all(axis=1)).to_numpy()
    if not dup.any():
        return []
    group = frame.groupby(key, sort=False).ngroup().to_numpy()
    rows = register.data[ROW].to_numpy()
    first_row = pd.Series(rows).groupby(group).transform("first").to_numpy()
    values = frame.iloc[dup].agg(" / ".join, axis=1) if len(key) > 1 else frame[key[0]].iloc[dup]
    label = " + ".join(register.headers[k] for k in key)
    header = register.headers[key[-1]]
    return [
        Problem(
            register.file,
            int(row),
            header,
            value,
            f"a unique {label} (already used in row {first})",
            f"唯一的{label}（与第 {first} 行重复）",
        )
        for row, value, first in zip(rows[dup], values, first_row[dup])
    ]
