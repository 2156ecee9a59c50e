"""Registers: reading, validating and typing the files auditors hand in each year.

The generic reader (:mod:`.read`) and validator (:mod:`.load`) serve every schema (:mod:`.schema`);
each audit package declares the schemas of its registers, and the registry of audits says which
register keys a params file may name (:func:`audit.audits.register_roles`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from audit.core.errors import InputError, Notice, Problem
from audit.registers.load import ROW, Register, load_register
from audit.registers.read import EXCEL_SUFFIXES, hidden_before
from audit.registers.schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.core.units import UnitList


def schema_of(key: str, params: Params) -> RegisterSchema:
    """The schema of the register `key` under the year's params."""
    from audit.audits import register_roles

    return register_roles()[key].schema(params)


def load_registers(params: Params, keys: Iterable[str] | None = None) -> dict[str, Register]:
    """Load the registers the year names (or those of `keys` among them), each file read once.

    Where the year has a list of units (the register ``units``), it is loaded first, whatever
    `keys` asks for, and every other register's unit columns are matched to it: their typed
    values are canonical names, and an unknown unit is a problem (:mod:`audit.core.units`).
    Raises one InputError with the problems of all the files together.
    """
    from audit.core.units import KEY as UNITS
    from audit.core.units import UnitList

    loaded: dict[str, Register] = {}
    problems: list[Problem] = []
    wanted = set(keys) if keys is not None else None
    present = params.registers.present()
    units: UnitList | None = None
    if UNITS in present:
        try:
            listed = _load(UNITS, params, None)
        except InputError as exc:
            problems.extend(exc.problems)  # the other registers are still read, unmatched
        else:
            units = UnitList.from_register(listed)
            if wanted is None or UNITS in wanted:
                loaded[UNITS] = listed
    for key in present:
        if key == UNITS or (wanted is not None and key not in wanted):
            continue
        try:
            loaded[key] = _load(key, params, units)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return loaded


def _load(key: str, params: Params, units: UnitList | None) -> Register:
    """Load the year's register `key`, its unit columns matched to `units` where given."""
    from audit.core.params import display_path

    path = params.register_path(key)
    assert path is not None
    return load_register(schema_of(key, params), path, params, display_path(path), params.register_sheet(key), units)


def open_elsewhere(params: Params) -> list[Notice]:
    """The notices about the year's Excel registers, before they are read (what `check` and `run` show with ``!``).

    - A workbook whose owner file (``~$…``) lies beside it: open, maybe unsaved. Excel writes ``~$`` and the
      file's name (its first two characters replaced, for a long name) while a workbook is open, and removes it
      on closing. What is audited is the file as saved.
    - A workbook whose first sheet is hidden, where params name no sheet: its first visible sheet is audited,
      never a hidden one (often a stale copy of the register); the notice names both.
    """
    from audit.core.params import display_path

    notices = []
    for key in params.registers.present():
        path = params.register_path(key)
        assert path is not None
        if path.suffix.lower() not in EXCEL_SUFFIXES:
            continue
        owners = {path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])}
        hidden = hidden_before(path) if params.register_sheet(key) is None else None
        if hidden is not None:
            names, visible = hidden
            notices.append(
                Notice(
                    display_path(path),
                    f"the first sheet{'s' if len(names) > 1 else ''} ({', '.join(names)}) "
                    f"{'are' if len(names) > 1 else 'is'} hidden: the first visible sheet, {visible}, is audited "
                    "(name another with sheet: in the params)",
                    f"第一个工作表（{'、'.join(names)}）为隐藏工作表：审计的是第一个可见的工作表“{visible}”"
                    "（如需审计其他工作表，请在参数文件中用 sheet: 指定）",
                )
            )
        if any(owner.is_file() for owner in owners):
            notices.append(
                Notice(
                    display_path(path),
                    "the workbook seems to be open in Excel (its ~$ lock file is beside it): changes not "
                    "saved yet are not in this audit",
                    "该工作簿似乎正在 Excel 中打开（旁边有 ~$ 锁定文件）：尚未保存的修改不会计入本次审计",
                )
            )
    return notices


__all__ = [
    "ROW",
    "Choice",
    "Column",
    "Register",
    "RegisterSchema",
    "load_register",
    "load_registers",
    "open_elsewhere",
    "schema_of",
]
