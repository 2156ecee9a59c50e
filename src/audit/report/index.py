"""The output folder's front page: every audited year with its headline figures, links and trends."""

from __future__ import annotations

from pathlib import Path

from audit.audits import AUDITS, MetricSpec, index_columns
from audit.core import numbers
from audit.core.params import locate
from audit.core.provenance import sha256_file
from audit.pipeline.signoff import YearReview, review_states, state_name
from audit.report import charts, html
from audit.report.years import YearResult, collect_years

TEXT = {
    "zh": {
        "title": "法治政府建设审计报告（历年）",
        "subtitle": "共 {n} 个年度 · {first}–{last}",
        "years": "各年度主要指标",
        "col.year": "年度",
        "col.reports": "报告",
        "col.review": "复核状态",
        "summary": "汇总",
        "trends": "主要比率趋势",
        "trend_chart": "主要比率历年变化",
        "percent": "百分比（%）",
        "empty": "输出文件夹中还没有任何年度的审计结果。先运行 audit run。",
        "sources": "数据来源",
        "col.file": "文件",
        "col.sha": "SHA-256",
        "yes": "是",
        "no": "否",
        "link.summary": "汇总",
        "link.findings": "问题清单",
        "col.raised": "发现问题",
        "col.rectified": "上年问题已整改",
        "col.recurring": "再次发现",
    },
    "en": {
        "title": "Rule-of-law audit reports (all years)",
        "subtitle": "{n} year(s) · {first}–{last}",
        "years": "Headline figures by year",
        "col.year": "Year",
        "col.reports": "Reports",
        "col.review": "Review",
        "summary": "Summary",
        "trends": "Trends of the main rates",
        "trend_chart": "Main rates by year",
        "percent": "Percent (%)",
        "empty": "The output folder holds no audited year yet. Run `audit run` first.",
        "sources": "Sources",
        "col.file": "File",
        "col.sha": "SHA-256",
        "yes": "yes",
        "no": "no",
        "link.summary": "Summary",
        "link.findings": "Findings",
        "col.raised": "Findings",
        "col.rectified": "Last year's rectified",
        "col.recurring": "Found again",
    },
}


class IndexReport:
    """历年报告索引: one row per year in the output folder, links to its reports, trend charts."""

    def __init__(self, outputs_dir: Path, language: str = "zh"):
        from audit.report.charts import use_report_style

        use_report_style()
        self.outputs_dir = outputs_dir
        self.language = language if language in TEXT else "zh"
        self.years: list[YearResult] = collect_years(outputs_dir)
        # from the run log beside the year folders; states only, never who signed
        self.reviews: dict[int, YearReview] = review_states(outputs_dir, [y.year for y in self.years])

    @classmethod
    def open(cls, outputs_dir: str | Path = "outputs", language: str = "zh") -> IndexReport:
        """The index of an output folder (project-relative paths are found from any subfolder)."""
        return cls(locate(outputs_dir), language)

    def t(self, key: str, **values: object) -> str:
        """A text in the index's language."""
        text = TEXT[self.language][key]
        return text.format(**values) if values else text

    @staticmethod
    def columns() -> tuple[MetricSpec, ...]:
        """The headline figures of every year, one column each (the percents are also drawn as trends)."""
        return index_columns()

    def _label(self, column: MetricSpec) -> str:
        return column.short_name(self.language)

    def _link_name(self, notebook: str) -> str:
        """The short name of a page in the links column."""
        if notebook in ("summary", "findings"):
            return self.t(f"link.{notebook}")
        return next(a.short_title[self.language] for a in AUDITS if a.notebook == notebook)

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

    @staticmethod
    def findings_counts(year: YearResult) -> tuple[str, str, str]:
        """The year's findings raised, and of last year's those rectified and those found again ("—" where unknown)."""
        raised = year.get("findings_tally.raised")
        rectified = year.get("findings_tally.previous.rectified")
        recurring = year.get("findings_tally.previous.recurring")
        return numbers.count(raised), numbers.count(rectified), numbers.count(recurring)

    def review(self, year: int) -> str:
        """The year's review state as the index shows it: 已编制 / 已复核 / 复核后已变更 (— where none)."""
        return state_name(self.reviews[year].state, self.language)

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
        order = ["summary", "findings", *[a.notebook for a in AUDITS]]
        columns = self.columns()
        rows = []
        for y in reversed(self.years):  # newest first; a short name per report, one per line
            links = "".join(
                html.link(self._link_name(name), f"{y.year}/{name}.html") for name in order if name in y.reports
            )
            rows.append(
                [
                    str(y.year),
                    *[self._format(y, y.get(c.key), c.format) for c in columns],
                    *self.findings_counts(y),
                    self.review(y.year),
                    html.Html(f'<span class="audit-index-links">{links}</span>'),
                ]
            )
        counts = [self.t("col.raised"), self.t("col.rectified"), self.t("col.recurring")]
        headers = [
            self.t("col.year"),
            *[self._label(c) for c in columns],
            *counts,
            self.t("col.review"),
            self.t("col.reports"),
        ]
        numeric = range(1, len(columns) + len(counts) + 1)
        return html.section(
            self.t("years"), html.table(headers, rows, numeric=numeric, nowrap=(0, len(columns) + len(counts) + 1))
        )

    def trend_chart(self) -> html.Html:
        """The main rates across the years."""
        if not self.years:
            return html.Html("")
        years = [y.year for y in self.years]
        series = {self._label(c): [y.get(c.key) for y in self.years] for c in self.columns() if c.format == "percent"}
        series = {k: v for k, v in series.items() if any(x is not None for x in v)}
        fig = charts.trend_chart(years, series, self.t("trend_chart"), self.t("percent"))
        return html.section(self.t("trends"), html.figure(fig, self.t("trend_chart")))

    def footer(self) -> html.Html:
        """The metrics files the index was built from, with their SHA-256."""
        rows = [
            (f"{y.year}/metrics.json", sha256_file(self.outputs_dir / str(y.year) / "metrics.json")) for y in self.years
        ]
        table = html.table([self.t("col.file"), self.t("col.sha")], rows)
        return html.Html(f'<div class="audit-footer"><strong>{html.esc(self.t("sources"))}</strong>{table}</div>')
