"""`audit check`: validate a year's params and every register without running a notebook."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from audit.core.errors import InputError, Notice, Problem


@dataclass
class CheckResult:
    """What a check found: every problem, and the rows of each register that loaded."""

    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # register key -> data rows
    notices: list[Notice] = field(default_factory=list)  # what does not stop the year (a workbook open in Excel)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def check_year(params_path: Path, jurisdiction: str | None = None) -> CheckResult:
    """Read the params and every register as `audit run` does (:func:`audit.pipeline.plan.read_year`).

    `jurisdiction`: the code of the jurisdiction whose folder the params file is in; it must name it.
    """
    from audit.core.params import load_params
    from audit.pipeline.jurisdictions import check_named
    from audit.pipeline.plan import read_year
    from audit.registers import open_elsewhere

    result = CheckResult()
    try:
        check_named(load_params(params_path), jurisdiction)
        year = read_year(params_path)
    except InputError as exc:
        result.problems = exc.problems
        try:  # the registers are wrong, but the params may be right: what they name may be open in Excel
            result.notices = open_elsewhere(load_params(params_path))
        except InputError:
            pass
        return result
    result.rows = {key: len(register.data) for key, register in year.registers.items()}
    result.notices = year.notices
    return result


def summary_line(result: CheckResult, language: str) -> str:
    """The one-line OK: registers checked and their rows."""
    registers, rows = len(result.rows), sum(result.rows.values())
    if language == "zh":
        return f"检查通过：{registers} 个登记表，共 {rows:,} 行，未发现问题。"
    return f"OK: {registers} register{'s' if registers != 1 else ''} checked, {rows:,} rows, no problems."
