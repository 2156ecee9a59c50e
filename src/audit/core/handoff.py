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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.core.provenance import Source
    from audit.registers import Register

ENV = "AUDIT_HANDOFF"
_YEAR = "year.pickle"


@dataclass
class YearData:
    """What a page displays: the params, the validated registers, metrics.json and the inputs' hashes."""

    params: Params
    registers: dict[str, Register]
    metrics: dict[str, Any] | None = None
    sources: list[Source] = field(default_factory=list)


def _register_file(folder: Path, key: str) -> Path:
    return folder / f"register-{key}.pickle"


def write(
    folder: Path, params: Params, registers: dict[str, Register], metrics_file: Path, sources: list[Source]
) -> None:
    """Hand a year to its kernels: `folder` (made private by the caller) gets the year and one file per register."""
    assert params.source is not None
    for key, register in registers.items():
        with open(_register_file(folder, key), "wb") as out:
            pickle.dump(register, out, protocol=pickle.HIGHEST_PROTOCOL)
    year = {"params_file": str(params.source), "params": params, "metrics": str(metrics_file), "sources": sources}
    with open(folder / _YEAR, "wb") as out:
        pickle.dump(year, out, protocol=pickle.HIGHEST_PROTOCOL)


def read(params_file: Path, keys: Iterable[str] | None) -> YearData | None:
    """The year handed to this kernel for `params_file`, with the registers `keys` (None: none); None if none was.

    A hand-off made for another params file is not this notebook's: None.
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
                registers[key] = pickle.load(handed)  # noqa: S301 - as above
    metrics = json.loads(Path(year["metrics"]).read_text(encoding="utf-8"))
    return YearData(year["params"], registers, metrics, year["sources"])
