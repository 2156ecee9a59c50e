"""The errors of an audit run, under one root (:class:`AuditError`), and the input problems.

- :class:`InputError`: the params or the registers are invalid; it carries every problem found.
- :class:`NotebookFailed`: a report's notebook raised; it names the notebook, the cell and the
  exception, and where the executed notebook was kept for inspection.

Input problems: one record per thing wrong with a params file or a register.

Validation never stops at the first problem. Every check appends :class:`Problem` records and
the caller raises one :class:`InputError` holding all of them, so an auditor fixes a file in
one pass instead of one error per run.

Every problem says what was expected twice: in English (`expected`) and in Chinese
(`expected_zh`); the problem table shows the one of the params' language. Where the reason
comes from a third-party library (PyYAML, the csv module, calamine, or pydantic for an error
type audit.core.params does not translate), it is quoted as the library words it, inside a Chinese
sentence.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input: where it is, what was found, what was expected (English and Chinese)."""

    file: str
    row: int | None  # the row number the auditor sees in Excel (header = row 1), or the YAML line
    column: str | None  # the column header as written in the file, or a dotted params key
    value: str | None
    expected: str
    expected_zh: str

    @classmethod
    def of_file(cls, file: str, expected: str, expected_zh: str, value: str | None = None) -> Problem:
        """A problem of a whole file (no row or column): what was expected of it, in English and Chinese."""
        return cls(file, None, None, value, expected, expected_zh)

    def expectation(self, language: str) -> str:
        """What was expected, in Chinese for "zh" and in English otherwise."""
        return self.expected_zh if language == "zh" else self.expected

    def as_dict(self) -> dict[str, object]:
        """The problem as a plain dict (for JSON output)."""
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "expected": self.expected,
            "expected_zh": self.expected_zh,
        }


@dataclass(frozen=True)
class Notice:
    """Something about an input the auditor should know that does not stop the year (English and Chinese)."""

    file: str
    text_en: str
    text_zh: str

    def text(self, language: str) -> str:
        """The notice, in Chinese for "zh" and in English otherwise, after the file it is about."""
        return f"{self.file}: {self.text_en}" if language != "zh" else f"{self.file}：{self.text_zh}"


class AuditError(Exception):
    """The root of every error this package raises on purpose."""


class SaidError(AuditError):
    """An error worded in Chinese and in English, for the console: :meth:`message` in the language spoken."""

    def __init__(self, zh: str, en: str):
        self.zh = zh
        self.en = en
        super().__init__(en)

    def message(self, language: str) -> str:
        """What is wrong and what to do, in `language`."""
        return self.zh if language == "zh" else self.en


class InputError(AuditError):
    """Invalid params or registers; carries every problem found, in file/row order."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(
            problems, key=lambda p: (p.file, p.row if p.row is not None else -1, p.column or "")
        )
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return format_problems(self.problems)


class NotebookFailed(AuditError):
    """A report's notebook raised while it executed.

    `cell` is the index of the failing cell in the notebook (None where the kernel failed outside
    a cell), `ename`/`evalue` the exception's name and value, `traceback` its lines as the kernel
    printed them; `kept` is where the executed notebook was written for inspection, if it was.
    """

    def __init__(
        self,
        notebook: str,
        cell: int | None,
        ename: str,
        evalue: str,
        traceback: list[str] | None = None,
        kept: str | None = None,
    ):
        self.notebook = notebook
        self.cell = cell
        self.ename = ename
        self.evalue = evalue
        self.traceback = list(traceback or [])
        self.kept = kept
        self.executed: object | None = None  # the notebook as far as it executed, until it is kept
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.notebook}.ipynb" + (f", cell {self.cell}" if self.cell is not None else "")
        return f"{where}: {self.ename}: {self.evalue}"


class PreviousYearFailed(AuditError):
    """Last year's run failed in the same run: this year's comparisons and follow-up were made with
    figures that were not published, so this year is not published either."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(self.message("en"))

    def message(self, language: str) -> str:
        """What happened and what to do, in the run's language."""
        if language == "zh":
            return (
                f"{self.year} 年的报告未能生成，本年度与其对比和整改跟踪所用的数据未经发布，本年度报告不予发布："
                f"请先解决 {self.year} 年的问题再重新运行"
            )
        return (
            f"the {self.year} reports failed: this year compares with and follows up figures that were not published, "
            f"so it is not published either; fix {self.year} and run again"
        )


HEADERS = {
    "en": ("file", "row", "column", "value", "expected"),
    "zh": ("文件", "行", "列", "值", "应为"),
}


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_problems(problems: list[Problem], language: str = "en") -> str:
    """Render problems as an aligned plain-text table with a count line on top, in `language` (zh or en)."""
    if not problems:
        return "no problems" if language == "en" else "未发现问题"
    head = HEADERS.get(language, HEADERS["en"])
    rows = [
        (
            p.file,
            "" if p.row is None else str(p.row),
            p.column or "",
            "" if p.value is None else _clip(repr(p.value) if p.value == "" else p.value),
            p.expectation(language),
        )
        for p in problems
    ]
    widths = [max(display_width(r[i]) for r in [head, *rows]) for i in range(4)]
    lines = []
    count = len(problems)
    if language == "zh":
        lines.append(f"发现 {count} 个输入问题:")
    else:
        lines.append(f"{count} problem{'s' if count != 1 else ''} in the inputs:")
    for r in [head, *rows]:
        lines.append("  ".join(_pad(r[i], widths[i]) for i in range(4)) + "  " + r[4])
    return "\n".join(lines)
