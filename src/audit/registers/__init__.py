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
from audit.registers.read import EXCEL_SUFFIXES
from audit.registers.schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from audit.core.params import Params


def schema_of(key: str, params: Params) -> RegisterSchema:
    """The schema of the register `key` under the year's params."""
    from audit.audits import register_roles

    return register_roles()[key].schema(params)


def load_registers(params: Params, keys: Iterable[str] | None = None) -> dict[str, Register]:
    """Load the registers the year names (or those of `keys` among them), each file read once.

    Raises one InputError with the problems of all the files together.
    """
    from audit.core.params import display_path

    loaded: dict[str, Register] = {}
    problems: list[Problem] = []
    wanted = set(keys) if keys is not None else None
    for key in params.registers.present():
        if wanted is not None and key not in wanted:
            continue
        path = params.register_path(key)
        assert path is not None
        try:
            loaded[key] = load_register(
                schema_of(key, params), path, params, display_path(path), params.register_sheet(key)
            )
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return loaded


def open_elsewhere(params: Params) -> list[Notice]:
    """A notice for every Excel register whose owner file (``~$…``) lies beside it: open, maybe unsaved.

    Excel writes ``~$`` and the file's name (its first two characters replaced, for a long name)
    while a workbook is open, and removes it on closing. What is audited is the file as saved.
    """
    from audit.core.params import display_path

    notices = []
    for key in params.registers.present():
        path = params.register_path(key)
        assert path is not None
        if path.suffix.lower() not in EXCEL_SUFFIXES:
            continue
        owners = {path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])}
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
