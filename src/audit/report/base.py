"""What every report page shares: opening a year, the language switch, number formats, footer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar

from audit.core import handoff, numbers
from audit.core.errors import AuditError
from audit.core.params import Params, load_params, locate
from audit.core.provenance import Source, code_version, sources
from audit.registers import Choice, Register, load_registers
from audit.report import html

COMMON_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "footer": "数据来源与版本",
        "params": "参数文件",
        "register": "登记表",
        "item": "项目",
        "file": "文件",
        "sha256": "SHA-256",
        "package": "程序版本",
        "commit": "代码提交",
        "synthetic": "",
        "role.params": "年度参数",
        "year_subtitle": "{year} 年度 · 截至 {as_of}",
        "none": "无",
    },
    "en": {
        "footer": "Sources and versions",
        "params": "Params file",
        "register": "Register",
        "item": "Item",
        "file": "File",
        "sha256": "SHA-256",
        "package": "Package version",
        "commit": "Code commit",
        "synthetic": "",
        "role.params": "Year's params",
        "year_subtitle": "Year {year} · as of {as_of}",
        "none": "none",
    },
}


def add_choice_labels(zh: dict[str, str], en: dict[str, str], prefix: str, choices: Iterable[Choice]) -> None:
    """Add a page's labels of a register's category values: ``<prefix>.<code>`` in Chinese and English."""
    for choice in choices:
        zh[f"{prefix}.{choice.code}"] = choice.zh_label
        en[f"{prefix}.{choice.code}"] = choice.en


def _common_text(language: str, key: str) -> str:
    """A text every page shares; ``role.<register>`` is the register's name as its audit declares it."""
    if key.startswith("role.") and key != "role.params":
        from audit.audits import register_roles

        return register_roles()[key.removeprefix("role.")].title[language]
    return COMMON_TEXT[language][key]


class WrongYear(AuditError):
    """A notebook was given one year (``papermill -f params/2021.yaml``) and a params file of another."""

    def __init__(self, given: int, params: Params):
        self.given, self.params_year = given, params.year
        super().__init__(
            f"this notebook was given year {given}, but params_file {params.source} is the {params.year} "
            f"params file: run it with -p params_file params/{given}.yaml (or `audit run --year {given}`). "
            f"papermill -f passes the keys of a params file as parameters, not the file. "
            f"本笔记本收到的年度为 {given}，但 params_file 是 {params.year} 年度的参数文件："
            f"请用 -p params_file params/{given}.yaml 运行（或 audit run --year {given}）。"
        )


def standalone(params: Params, year: int | None) -> Params:
    """A notebook run on its own (JupyterLab, the papermill CLI): check its `year`, give it the report's styling.

    A year given as a parameter that is not the params file's raises :class:`WrongYear` (what
    ``papermill -f params/2021.yaml`` on a notebook defaulting to 2020 would otherwise give: the
    2020 report, in silence). In an IPython kernel, the report's stylesheet is displayed, so the
    notebook in JupyterLab looks as the published page does.
    """
    if year is not None and year != params.year:
        raise WrongYear(year, params)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - ipykernel is a dependency
        return params
    if get_ipython() is not None:
        from IPython.display import HTML, display

        display(HTML(str(html.notebook_style())))
    return params


def year_and_last_year(
    params_file: str | Path, outputs_dir: str | Path, year: int | None
) -> tuple[Params, dict[str, Register], Mapping[str, Any] | None, Mapping[str, Any] | None, list[Source] | None]:
    """A page of the year as a whole (summary, findings): its params, registers, last year's metrics, and its own.

    As the run handed them over (no registers: the metrics are the run's), else loaded, last year's
    metrics.json from `outputs_dir` (the year's metrics then None: the page computes them).
    """
    path = locate(params_file)
    handed = handoff.read(path, (), previous=True)
    if handed is not None:
        return handed.params, {}, handed.previous, handed.metrics, handed.sources
    params = standalone(load_params(path), year)
    from audit.core import metrics as metrics_file

    previous_file = locate(outputs_dir) / str(params.year - 1) / "metrics.json"
    previous = metrics_file.read(previous_file) if previous_file.is_file() else None
    return params, load_registers(params), previous, None, None


class Report:
    """A report page for one audit of one year; subclasses add the sections.

    A subclass names its audit (`audit_key`); the registers it reads are that audit's. The page's
    figures are the audit's block of the year's metrics.json where the pipeline handed the year
    over (:mod:`audit.core.handoff`), and computed from the registers otherwise.
    """

    audit_key: ClassVar[str | None] = None  # the audit this page shows (None: the year as a whole)
    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {}

    def __init__(
        self,
        params: Params,
        loaded: Mapping[str, Register],
        metrics: Mapping[str, Any] | None = None,
        sources: list[Source] | None = None,
    ):
        from audit.report.charts import use_report_style

        use_report_style()
        self.params = params
        self.language = params.language
        self.loaded = dict(loaded)
        self.year_metrics = metrics
        self._sources = sources
        self.m: dict[str, Any] = self.figures() if self.audit_key is not None else {}

    @classmethod
    def register_keys(cls) -> tuple[str, ...] | None:
        """The registers this page reads: its audit's (None: every register of the year)."""
        if cls.audit_key is None:
            return None
        from audit.audits import by_key

        return tuple(role.key for role in by_key(cls.audit_key).registers)

    @classmethod
    def open(cls, params_file: str | Path, year: int | None = None) -> Report:
        """The year's params and this audit's registers (validated): as handed over by the run, else loaded.

        `year`, where the notebook was given one, must be the params file's (:func:`standalone`).
        """
        path = locate(params_file)
        handed = handoff.read(path, cls.register_keys())
        if handed is not None:
            return cls(handed.params, handed.registers, handed.metrics, handed.sources)
        params = standalone(load_params(path), year)
        return cls(params, load_registers(params, cls.register_keys()))

    def figures(self) -> dict[str, Any]:
        """This page's audit's block of metrics.json: as the run wrote it, else computed from the registers."""
        assert self.audit_key is not None
        if self.year_metrics is not None:
            return dict(self.year_metrics[self.audit_key])
        from audit.audits import by_key

        return by_key(self.audit_key).compute(self.loaded, self.params)

    def t(self, key: str, **values: object) -> str:
        """A text of this report in the year's language, with `values` filled in."""
        text = self.TEXT.get(self.language, {}).get(key) or _common_text(self.language, key)
        return text.format(**values) if values else text

    def label(self, prefix: str, code: str) -> str:
        """The display label of a category code (``outcome.upheld`` → 维持)."""
        return self.TEXT[self.language].get(f"{prefix}.{code}", code)

    def pct(self, rate: float | None) -> str:
        """A rate written by the year's rounding rule and decimals (``26.67%``)."""
        d = self.params.definitions
        return numbers.percent(rate, d.percent_decimals, d.rounding)

    count = staticmethod(numbers.count)
    number = staticmethod(numbers.number)

    def subtitle(self) -> str:
        """The line under a report's title: year and as-of date."""
        return self.t("year_subtitle", year=self.params.year, as_of=self.params.as_of.isoformat())

    def sources(self) -> list[Source]:
        """The params file and the registers of the year with the SHA-256 of what was read."""
        if self._sources is None:
            self._sources = sources(self.params, self.loaded)
        return self._sources

    def footer(self) -> html.Html:
        """Provenance: the params file and the registers this page read, with SHA-256, and the code version."""
        keys = self.register_keys()
        used = {"params", *(keys if keys is not None else self.params.registers.present())}
        rows = [(self.t(f"role.{s.role}"), s.path, s.sha256) for s in self.sources() if s.role in used]
        version = code_version(self.params)
        code = f"{self.t('package')}: audit {version['package']}"
        if version["commit"]:
            code += f" · {self.t('commit')}: {version['commit']}"
        return html.Html(
            f'<div class="audit-footer"><strong>{html.esc(self.t("footer"))}</strong>'
            + html.table([self.t("item"), self.t("file"), self.t("sha256")], rows)
            + self.column_notes()
            + f"<p>{html.esc(code)}</p></div>"
        )

    def column_notes(self) -> html.Html:
        """An audit page's registers' optional columns the files lack, and their columns not read (:mod:`.columns`).

        A page of the year as a whole has none: the run hands it no registers.
        """
        from audit.report.columns import column_notes, notes_list

        if self.audit_key is None:
            return html.Html("")
        texts = self.TEXT.get(self.language, {})
        keys = [key for key in self.register_keys() or () if key in self.loaded]  # the audit's order, however loaded
        notes = [note for key in keys for note in column_notes(key, self.loaded[key], self.language, texts)]
        return notes_list(notes, self.language, lambda key: self.t(f"role.{key}"))
