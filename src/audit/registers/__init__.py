"""Registers: reading, validating and typing the files auditors hand in each year.

The generic reader (:mod:`.read`) and validator (:mod:`.load`) serve every schema (:mod:`.schema`);
each audit package declares the schemas of its registers, and the registry of audits says which
register keys a params file may name (:func:`audit.audits.register_roles`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from audit.core.errors import InputError, Problem
from audit.registers.load import ROW, Register, load_register
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


__all__ = ["ROW", "Choice", "Column", "Register", "RegisterSchema", "load_register", "load_registers", "schema_of"]
