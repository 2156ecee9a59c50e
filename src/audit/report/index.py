"""The output folder's front page: every audited year with its headline figures, links and trends."""

from __future__ import annotations

from pathlib import Path

from .. import charts, numbers
from ..audits import AUDITS
from ..index import YearResult, collect_years
from ..params import locate
from ..provenance import sha256_file
from . import html

TEXT = {
    "zh": {
        "title": "法治政府建设审计报告（历年）",
        "subtitle": "共 {n} 个年度 · {first}–{last}",
        "years": "各年度主要指标",
        "col.year": "年度", "col.reports": "报告",
        "summary": "汇总",
        "trends": "主要比率趋势", "trend_chart": "主要比率历年变化", "percent": "百分比（%）",
        "empty": "输出文件夹中还没有任何年度的审计结果。先运行 audit run。",
        "sources": "数据来源", "col.file": "文件", "col.sha": "SHA-256",
        "yes": "是", "no": "否",
        "link.summary": "汇总", "link.case_file_review": "案卷评查", "link.training_compliance": "法治培训",
        "link.reconsideration": "行政复议", "link.litigation": "行政应诉",
    },
    "en": {
        "title": "Rule-of-law audit reports (all years)",
        "subtitle": "{n} year(s) · {first}–{last}",
        "years": "Headline figures by year",
        "col.year": "Year", "col.reports": "Reports",
        "summary": "Summary",
        "trends": "Trends of the main rates", "trend_chart": "Main rates by year", "percent": "Percent (%)",
        "empty": "The output folder holds no audited year yet. Run `audit run` first.",
        "sources": "Sources", "col.file": "File", "col.sha": "SHA-256",
        "yes": "yes", "no": "no",
        "link.summary": "Summary", "link.case_file_review": "Case files", "link.training_compliance": "Training",
        "link.reconsideration": "Reconsideration", "link.litigation": "Litigation",
    },
}

# (dotted key, zh label, en label, format) of the columns and trend lines
COLUMNS = (
    ("case_file_review.pass_rate", "案卷合格率", "Case-file pass rate", "percent"),
    ("case_file_review.score.mean", "案卷平均分", "Mean file score", "number"),
    ("training.all_targets_met", "培训目标完成", "Training targets met", "yes_no"),
    ("training.staff_hours_rate", "学时达标率", "Officers meeting hours", "percent"),
    ("reconsideration.received", "复议收案", "Reconsideration received", "count"),
    ("reconsideration.correction_rate", "直接纠错率", "Correction rate", "percent"),
    ("reconsideration.mediation_success_rate", "调解成功率", "Mediation success", "percent"),
    ("reconsideration.on_time_rate", "按期审结率", "Decided on time", "percent"),
    ("litigation.head_appearance_rate", "负责人出庭率", "Head appearance rate", "percent"),
    ("litigation.loss_rate", "行政诉讼败诉率", "Litigation loss rate", "percent"),
)
TRENDS = tuple(c for c in COLUMNS if c[3] == "percent")


class IndexReport:
    """历年报告索引: one row per year in the output folder, links to its reports, trend charts."""

    def __init__(self, outputs_dir: Path, language: str = "zh"):
        from ..charts import use_report_style

        use_report_style()
        self.outputs_dir = outputs_dir
        self.language = language if language in TEXT else "zh"
        self.years: list[YearResult] = collect_years(outputs_dir)

    @classmethod
    def open(cls, outputs_dir: str | Path = "outputs", language: str = "zh") -> "IndexReport":
        """The index of an output folder (project-relative paths are found from any subfolder)."""
        return cls(locate(outputs_dir), language)

    def t(self, key: str, **values: object) -> str:
        """A text in the index's language."""
        text = TEXT[self.language][key]
        return text.format(**values) if values else text

    def _label(self, column: tuple[str, str, str, str]) -> str:
        return column[1] if self.language == "zh" else column[2]

    def _format(self, year: YearResult, value: object, fmt: str) -> str:
        if value is None:
            return "—"
        if fmt == "percent":
            return year.percent(value)  # type: ignore[arg-type]
        if fmt == "count":
            return numbers.count(value)  # type: ignore[arg-type]
        if fmt == "yes_no":
            return self.t("yes") if value else self.t("no")
        return numbers.number(value, 1)  # type: ignore[arg-type]

    def title(self) -> html.Html:
        """Title with the span of years."""
        if not self.years:
            return html.title(self.t("title"))
        sub = self.t("subtitle", n=len(self.years), first=self.years[0].year, last=self.years[-1].year)
        return html.title(self.t("title"), sub)

    def table(self) -> html.Html:
        """One row per year: headline figures and links to the year's reports."""
        if not self.years:
            return html.section(self.t("years"), html.paragraph(self.t("empty")))
        order = ["summary", *[a.notebook for a in AUDITS]]
        rows = []
        for y in reversed(self.years):  # newest first; a short name per report, one per line
            links = "".join(html.link(self.t(f"link.{name}"), f"{y.year}/{name}.html") for name in order
                            if name in y.reports)
            rows.append([str(y.year), *[self._format(y, y.get(c[0]), c[3]) for c in COLUMNS],
                         html.Html(f'<span class="audit-index-links">{links}</span>')])
        headers = [self.t("col.year"), *[self._label(c) for c in COLUMNS], self.t("col.reports")]
        return html.section(self.t("years"), html.table(headers, rows, numeric=range(1, len(COLUMNS) + 1), nowrap=(0,)))

    def trend_chart(self) -> html.Html:
        """The main rates across the years."""
        if not self.years:
            return html.Html("")
        years = [y.year for y in self.years]
        series = {self._label(c): [y.get(c[0]) for y in self.years] for c in TRENDS}
        series = {k: v for k, v in series.items() if any(x is not None for x in v)}
        fig = charts.trend_chart(years, series, self.t("trend_chart"), self.t("percent"))
        return html.section(self.t("trends"), html.figure(fig, self.t("trend_chart")))

    def footer(self) -> html.Html:
        """The metrics files the index was built from, with their SHA-256."""
        rows = [(f"{y.year}/metrics.json", sha256_file(self.outputs_dir / str(y.year) / "metrics.json"))
                for y in self.years]
        table = html.table([self.t("col.file"), self.t("col.sha")], rows)
        return html.Html(f'<div class="audit-footer"><strong>{html.esc(self.t("sources"))}</strong>{table}</div>')
