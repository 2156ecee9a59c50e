"""What every report page shares: opening a year, the language switch, number formats, footer."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Mapping

from .. import numbers
from ..params import Params, load_params, locate
from ..provenance import code_version, sources
from ..registers import Register, load_registers
from . import html

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
        "role.reconsideration": "行政复议案件登记表",
        "role.case_file_review": "行政执法案卷评查登记表",
        "role.training": "法治培训登记表",
        "role.staff_roster": "执法人员培训学时台账",
        "role.litigation": "行政应诉案件登记表",
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
        "role.reconsideration": "Reconsideration register",
        "role.case_file_review": "Case-file review register",
        "role.training": "Training register",
        "role.staff_roster": "Officers' training hours roster",
        "role.litigation": "Litigation register",
        "year_subtitle": "Year {year} · as of {as_of}",
        "none": "none",
    },
}


class Report:
    """A report page for one audit of one year; subclasses add the sections."""

    registers: ClassVar[tuple[str, ...] | None] = ()  # the registers this page reads (None: all)
    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {}

    def __init__(self, params: Params, loaded: Mapping[str, Register]):
        from ..charts import use_report_style

        use_report_style()
        self.params = params
        self.language = params.language
        self.loaded = dict(loaded)

    @classmethod
    def open(cls, params_file: str | Path) -> "Report":
        """Load the year's params and this audit's registers (validated), ready to display."""
        params = load_params(locate(params_file))
        return cls(params, load_registers(params, cls.registers))

    def t(self, key: str, **values: object) -> str:
        """A text of this report in the year's language, with `values` filled in."""
        text = self.TEXT.get(self.language, {}).get(key) or COMMON_TEXT[self.language][key]
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

    def footer(self) -> html.Html:
        """Provenance: the params file and the registers this page read, with SHA-256, and the code version."""
        used = {"params", *(self.registers if self.registers is not None else self.params.registers.present())}
        rows = [(self.t(f"role.{s.role}"), s.path, s.sha256) for s in sources(self.params) if s.role in used]
        version = code_version(self.params)
        code = f"{self.t('package')}: audit {version['package']}"
        if version["commit"]:
            code += f" · {self.t('commit')}: {version['commit']}"
        return html.Html(
            f'<div class="audit-footer"><strong>{html.esc(self.t("footer"))}</strong>'
            + html.table([self.t("item"), self.t("file"), self.t("sha256")], rows)
            + f"<p>{html.esc(code)}</p></div>"
        )
