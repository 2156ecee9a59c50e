"""Registers: reading, validating and typing the files auditors hand in each year."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

from ..problems import InputError, Problem
from . import case_file_review, litigation, reconsideration, training
from .load import ROW, Register, load_register
from .schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from ..params import Params

# register key (as in params `registers:`) -> the schema of that register for a year's params
SCHEMAS: dict[str, Callable[["Params"], RegisterSchema]] = {
    "case_file_review": case_file_review.schema,
    "training": lambda params: training.SCHEMA,
    "staff_roster": lambda params: training.ROSTER_SCHEMA,
    "reconsideration": lambda params: reconsideration.SCHEMA,
    "litigation": lambda params: litigation.SCHEMA,
}


def load_registers(params: "Params", keys: Iterable[str] | None = None) -> dict[str, Register]:
    """Load the registers the year names (or those of `keys` among them).

    Raises one InputError with the problems of all the files together.
    """
    from ..params import display_path

    loaded: dict[str, Register] = {}
    problems: list[Problem] = []
    wanted = set(keys) if keys is not None else None
    for key in params.registers.present():
        if key not in SCHEMAS or (wanted is not None and key not in wanted):
            continue  # a register whose audit this version does not have yet
        path = params.register_path(key)
        try:
            loaded[key] = load_register(SCHEMAS[key](params), path, params, display_path(path),
                                        params.register_sheet(key))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return loaded


__all__ = ["ROW", "SCHEMAS", "Choice", "Column", "Register", "RegisterSchema", "load_register", "load_registers"]
