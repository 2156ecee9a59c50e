"""`audit new-year`: a new year's params file and an Excel template for every register.

The params file carries the standard, targets, thresholds and definitions over from the latest
existing year (never that year's published figures, `reported:`, nor its `audit_date`) and
names the new year's registers ``<data-dir>/<year>/<register>.xlsx``. Each template is built
from the register's schema under the new year's params (the case-file standard decides the
deduction columns and the veto items): Chinese headers, a drop-down on every category and
yes/no column, date formats on date columns, a frozen header, and a sheet of instructions. The
rectification ledger (整改台账) comes pre-filled with every finding of the year before still open
(:func:`ledger_rows`), given that year's metrics.json.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Column, RegisterSchema

NOT_CARRIED = ("year", "audit_date", "reported", "registers")  # what belongs to one year only
LAST_ROW = 1_048_576  # validations and formats cover the whole column, as far as Excel goes
INSTRUCTIONS = "填写说明"
KIND_ZH = {
    "text": "文本",
    "date": "日期",
    "category": "类别（下拉选择）",
    "flag": "是/否（下拉选择）",
    "number": "数字",
    "integer": "整数",
    "list": "多项（用 ; 分隔）",
}
DATE_FORMAT = "yyyy-mm-dd"


@dataclass
class NewYear:
    """What `new_year` wrote."""

    params_file: Path
    data_folder: Path
    templates: list[Path]
    carried_from: Path | None


class YearExists(FileExistsError):
    """The year's params file or register folder exists already: `audit new-year` never overwrites."""

    def __init__(self, paths: list[str]):
        self.paths = paths  # as the auditor would write them; the command says what to do (audit.console)
        super().__init__(f"exists already: {', '.join(paths)}")


def carried_from(params_dir: Path, year: int) -> Path | None:
    """The params file a new `year` takes its settings from: the latest earlier year (else the latest), if any."""
    from audit.pipeline import year_params

    existing = year_params(params_dir) if params_dir.is_dir() else []
    earlier = [p for p in existing if int(p.stem) < year]
    candidates = earlier or existing
    return candidates[-1] if candidates else None


def new_year_params(year: int, source: dict[str, Any], params_dir: Path, data_dir: Path) -> dict[str, Any]:
    """The new year's params as a YAML mapping: the settings of `source` (a year's params), the new year's registers."""
    from audit.audits import register_roles

    carried = {k: v for k, v in source.items() if k not in NOT_CARRIED}
    folder = data_dir / str(year)
    registers = {key: Path(os.path.relpath(folder / f"{key}.xlsx", params_dir)).as_posix() for key in register_roles()}
    return {
        "year": year,
        **({"language": carried.pop("language")} if "language" in carried else {}),
        "registers": registers,
        **carried,
    }


def ledger_rows(previous: Mapping[str, Any] | None, language: str = "zh") -> list[dict[str, Any]]:
    """The rows of a new year's rectification ledger: one per finding of `previous` (last year's metrics.json) still open.

    Each row has the finding's id, what was found and the responsible unit, and the status 未整改;
    the auditor fills in the responsible role, the deadline and, as the work goes, the rest.
    """
    from audit.findings.followup import to_follow

    return [
        {"finding_id": f["id"], "text": f["text"][language], "unit": f["unit"] or "", "status": "未整改"}
        for f in to_follow(previous)
    ]


def units_rows(source: Path) -> list[dict[str, Any]]:
    """The list of units of the year `source` (a params file), as rows of the new year's list; [] where it has none.

    A district's units change little from one year to the next: the new year starts from last
    year's list. Raises InputError where that list is not valid.
    """
    from audit.core.params import load_params
    from audit.core.units import KEY, UnitList
    from audit.registers import load_registers

    params = load_params(source)
    if params.register_path(KEY) is None:
        return []
    units = UnitList.from_register(load_registers(params, [KEY])[KEY])
    return [{"name": u.name, "aliases": "、".join(u.aliases), "kind": u.kind or ""} for u in units]


def new_year(
    year: int, params_dir: Path, data_dir: Path, source: Path | None, previous: Mapping[str, Any] | None = None
) -> NewYear:
    """Write ``<params_dir>/<year>.yaml`` and ``<data_dir>/<year>/<register>.xlsx``; never overwrite.

    Settings are carried over from the params file `source` (see :func:`carried_from`), if any;
    the rectification ledger is pre-filled from `previous`, the year before's metrics.json, if any.
    """
    from audit.audits import register_roles
    from audit.core.params import display_path, read_params_file, validate_params

    params_file = params_dir / f"{year}.yaml"
    folder = data_dir / str(year)
    taken = [display_path(p) for p in (params_file, folder) if p.exists()]
    if taken:
        raise YearExists(taken)
    text, carried = read_params_file(source) if source else ("", {})
    data = new_year_params(year, carried, params_dir, data_dir)
    # a year carried from that does not validate is reported, every problem at its line there,
    # rather than written into a broken new year
    params = validate_params(data, params_file, text, display_path(source) if source else None)
    carried_units = units_rows(source) if source else []
    folder.mkdir(parents=True)
    templates = []
    for key, role in register_roles().items():
        path = folder / f"{key}.xlsx"
        rows = {"rectification": ledger_rows(previous, params.language), "units": carried_units}.get(key, [])
        write_template(role.schema(params), path, params, rows)
        templates.append(path)
    params_dir.mkdir(parents=True, exist_ok=True)
    header = (
        f"# {year}: written by `audit new-year`"
        + (f", settings carried over from {source.name}" if source else "")
        + f".\n# Fill in {Path(os.path.relpath(folder, params_dir)).as_posix()}/*.xlsx, "
        f"then run `audit check --year {year}`.\n"
    )
    params_file.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return NewYear(params_file, folder, templates, source)


def allowed_values(column: Column) -> list[str]:
    """The labels a template offers for a column (Chinese labels; 是/否 for a flag)."""
    if column.kind == "flag":
        return ["是", "否"]
    return [c.zh_label for c in column.choices]


def _requirement(column: Column) -> str:
    return "必填" if column.required else "选填"


def write_template(schema: RegisterSchema, path: Path, params: Params, rows: Iterable[Mapping[str, Any]] = ()) -> None:
    """A register for auditors to fill in Excel, LibreOffice or WPS: empty, or with `rows` (by column name) filled in.

    Every value is written as text, so a value that looks like a formula stays what it says.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = schema.title_zh
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for number, column in enumerate(schema.columns, start=1):
        letter = get_column_letter(number)
        cell = sheet.cell(row=1, column=number, value=column.zh)
        cell.font, cell.fill = bold, fill
        sheet.column_dimensions[letter].width = max(12, 2 * len(column.zh) + 4)
        cells = f"{letter}2:{letter}{LAST_ROW}"
        values = allowed_values(column) if column.kind in ("category", "flag") else []
        if values:
            listed = ",".join(values)
            assert len(listed) <= 255, f"{schema.key}.{column.name}: Excel limits a drop-down list to 255 characters"
            rule = DataValidation(
                type="list",
                formula1=f'"{listed}"',
                allow_blank=True,
                showDropDown=False,
                showErrorMessage=True,
                errorTitle=column.zh,
                error=f"请从下拉列表中选择：{'、'.join(values)}",
            )
        elif column.kind in ("number", "integer") and column.minimum is not None:
            kind = "whole" if column.kind == "integer" else "decimal"
            if column.maximum is not None:
                rule = DataValidation(
                    type=kind,
                    operator="between",
                    formula1=f"{column.minimum:g}",
                    formula2=f"{column.maximum:g}",
                    allow_blank=True,
                )
            else:
                rule = DataValidation(
                    type=kind, operator="greaterThanOrEqual", formula1=f"{column.minimum:g}", allow_blank=True
                )
            rule.showErrorMessage, rule.errorTitle, rule.error = True, column.zh, column.expectation("zh")
        else:
            rule = None
        if rule is not None:
            rule.add(cells)
            sheet.add_data_validation(rule)
        if column.kind == "date":
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
            sheet.column_dimensions[letter].width = 14
    names = [column.name for column in schema.columns]
    for number, row in enumerate(rows, start=2):
        for index, name in enumerate(names, start=1):
            value = row.get(name)
            if value not in (None, ""):
                cell = sheet.cell(row=number, column=index, value=str(value))
                cell.data_type = "s"  # never a formula, whatever the text begins with
    sheet.freeze_panes = "A2"

    notes = book.create_sheet(INSTRUCTIONS)
    notes.append([f"{schema.title_zh}（{schema.title_en}）· {params.year} 年度"])
    notes["A1"].font = Font(bold=True, size=13)
    notes.append(
        [
            "在第一个工作表的表头下逐行填写，一行一条记录；不要改动表头。填好后运行 "
            f"`audit check --year {params.year}` 检查。"
        ]
    )
    notes.append([])
    notes.append(["列名", "英文列名", "类型", "是否必填", "允许的值"])
    for cell in notes[4]:
        cell.font, cell.fill = bold, fill
    for column in schema.columns:
        kind = KIND_ZH[column.kind] + ("；个人信息，不出现在报告中" if column.private else "")
        notes.append([column.zh, column.name, kind, _requirement(column), column.expectation("zh")])
    if schema.unique:
        headers = " + ".join(schema.column(name).zh for name in schema.unique)
        notes.append([])
        notes.append([f"{headers} 不得重复。"])
    for letter, width in zip("ABCDE", (18, 22, 26, 10, 80)):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=5):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    notes.freeze_panes = "A5"
    book.save(path)
