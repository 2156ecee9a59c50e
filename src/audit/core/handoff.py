"""A year as the driver read it, handed to the kernels that display it.

`audit run` reads and validates every register once and computes the year's metrics once. It
writes the validated registers, the params and the inputs' hashes into a private folder
(:func:`write`) and starts each of the year's kernels with :data:`ENV` naming that folder. A
page (:meth:`audit.report.base.Report.open`) then takes the year from there (:func:`read`) and
its figures from the staging folder's metrics.json, and never opens a register: metrics.json and
the pages are made from the same reading, even if a register is edited while the run goes on.

A notebook run on its own (JupyterLab, the papermill CLI) has no such folder, or one made for
another params file, and loads and computes the year itself.
"""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.core.provenance import Source
    from audit.registers import Register

ENV = "AUDIT_HANDOFF"
_YEAR = "year.pickle"
_PREVIOUS = "previous-year-metrics.json"


@dataclass
class YearData:
    """What a page displays: the params, the validated registers, metrics.json and the inputs' hashes."""

    params: Params
    registers: dict[str, Register]
    metrics: dict[str, Any] | None = None
    sources: list[Source] = field(default_factory=list)
    previous: dict[str, Any] | None = None  # last year's metrics.json, for the summary (None: none)


def _register_file(folder: Path, key: str) -> Path:
    return folder / f"register-{key}.pickle"


def write(
    folder: Path, params: Params, registers: dict[str, Register], metrics_file: Path, sources: list[Source]
) -> None:
    """Hand a year to its kernels: `folder` (made private by the caller) gets the year and one file per register.

    A register goes with its typed values, headers and row numbers. What only validation reads,
    the cells as written, stays behind (an empty frame with the register's columns), and so do
    the columns of personal data (applicants', reviewers', officers' names), which no page shows.
    """
    assert params.source is not None
    for key, register in registers.items():
        with open(_register_file(folder, key), "wb") as out:
            pickle.dump(_packed(register), out, protocol=pickle.HIGHEST_PROTOCOL)
    year = {"params_file": str(params.source), "params": params, "metrics": str(metrics_file), "sources": sources}
    with open(folder / _YEAR, "wb") as out:
        pickle.dump(year, out, protocol=pickle.HIGHEST_PROTOCOL)


# A text column repeats few values (units, categories): sent as codes into its distinct values when
# these are at most half its rows: pickle then writes each distinct string once, not once a row.
_Packed = tuple[str, Any, Any]


def _packed(register: Register) -> tuple[Register, Any, dict[str, _Packed]]:
    """What is pickled of a register: its skeleton (no rows), its row index and its columns, packed."""
    data = register.data.drop(columns=list(register.schema.private_columns))
    columns: dict[str, _Packed] = {}
    for name in data.columns:
        column = data[name]
        if column.dtype == "str":
            codes, uniques = pd.factorize(column)
            if len(uniques) <= len(column) // 2:
                columns[name] = ("codes", codes, uniques)
                continue
        columns[name] = ("values", column.to_numpy(copy=False) if column.dtype != "str" else column.array, None)
    skeleton = replace(register, data=data.iloc[:0], text=register.text.iloc[:0])
    return skeleton, data.index, columns


def _unpacked(packed: tuple[Register, Any, dict[str, _Packed]]) -> Register:
    """The register :func:`_packed` sent, its data as they were (but for the personal-data columns)."""
    skeleton, index, columns = packed
    data = {}
    for name, (how, values, uniques) in columns.items():
        data[name] = uniques.take(values, allow_fill=True) if how == "codes" else values
    frame = pd.DataFrame(data, index=index)
    return replace(skeleton, data=frame.astype(skeleton.data.dtypes.to_dict()))


def write_previous(folder: Path, previous: Mapping[str, Any] | None) -> None:
    """Hand the summary and the findings page last year's metrics (`previous`), or the word that there are none.

    Written whole under another name and then renamed, so no reader ever sees it half written.
    """
    from audit.core.metrics import dumps

    text = dumps(previous) if previous is not None else "null\n"
    partial = folder / f".{_PREVIOUS}.{os.getpid()}.partial"
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, folder / _PREVIOUS)


def read(params_file: Path, keys: Iterable[str] | None, *, previous: bool = False) -> YearData | None:
    """The year handed to this kernel for `params_file`, with the registers `keys` (None: none); None if none was.

    `previous`: also last year's metrics (the summary's); no other page reads that file. A
    hand-off made for another params file is not this notebook's: None.
    """
    folder = os.environ.get(ENV)
    if not folder or not (Path(folder) / _YEAR).is_file():
        return None
    with open(Path(folder) / _YEAR, "rb") as handed:
        year = pickle.load(handed)  # noqa: S301 - written by this run's driver into its private folder
    if year["params_file"] != str(params_file.resolve()):
        return None
    registers = {}
    for key in keys or ():
        path = _register_file(Path(folder), key)
        if path.is_file():  # an optional register the year does not have is not handed over
            with open(path, "rb") as handed:
                registers[key] = _unpacked(pickle.load(handed))  # noqa: S301 - as above
    metrics = json.loads(Path(year["metrics"]).read_text(encoding="utf-8"))
    last_year = None
    previous_file = Path(folder) / _PREVIOUS
    if previous and previous_file.is_file():
        last_year = json.loads(previous_file.read_text(encoding="utf-8"))
    return YearData(year["params"], registers, metrics, year["sources"], last_year)
