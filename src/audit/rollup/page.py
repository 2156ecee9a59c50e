"""The pages above a city's jurisdictions: the roll-up of a year (``rollup/<year>.html``) and the front page.

Both read only what the jurisdictions published (``<code>/<year>/metrics.json``); every figure
comes from :mod:`audit.rollup.compute`.
"""

from __future__ import annotations

from pathlib import Path

from audit.audits import AUDITS, MetricSpec
from audit.core import numbers
from audit.core.headlines import STATUS_TEXT
from audit.core.params import locate
from audit.core.provenance import sha256_file
from audit.report import html
from audit.rollup.compute import (
    Cell,
    FindingsRow,
    Line,
    Member,
    Total,
    collect,
    findings_rows,
    findings_total,
    years_of,
)
from audit.rollup.compute import lines as rollup_lines

ROLLUP_FOLDER = "rollup"  # <out>/rollup/<year>.html

TEXT = {
    "zh": {
        "title": "{year}年度各地区法治政府建设审计汇总",
        "subtitle": "共 {n} 个地区 · 各地区数字取自其已发布的 {year} 年度结果（metrics.json）",
        "empty": "输出文件夹中还没有任何地区 {year} 年度的审计结果。",
        "col.jurisdiction": "地区",
        "col.code": "代码",
        "total": "全市合计",
        "rank": "第{rank}名",
        **STATUS_TEXT["zh"],
        "yes_of": "{yes}/{of} 个地区是",
        "not_run": "未审计",
        "note.how": "状态为各地区按其本年度阈值所作的判断；名次按指标较优的方向排列（并列名次相同）。"
        "合计由各地区的数量相加得出：比率为各地区分子之和除以分母之和，不是各地区比率的平均数。",
        "note.differ": "{label}：各地区口径不同，不予合计（{groups}）。",
        "note.no_basis": "{label}：没有可相加的分子、分母，不予合计。",
        "note.partial": "{label}：合计只含审计了该事项的 {added} 个地区。",
        "findings": "各地区发现的问题",
        "col.raised": "发现问题",
        "col.high": "严重",
        "col.medium": "较重",
        "col.low": "一般",
        "col.rectified": "上年问题已整改",
        "col.recurring": "再次发现",
        "col.links": "报告",
        "link.summary": "汇总",
        "link.findings": "问题清单",
        "sources": "数据来源",
        "col.file": "文件",
        "col.sha": "SHA-256",
        "overview.title": "法治政府建设审计报告（各地区）",
        "overview.subtitle": "共 {n} 个地区 · {years}",
        "overview.empty": "输出文件夹中还没有任何地区的审计结果。先运行 audit run --all。",
        "overview.jurisdictions": "各地区",
        "overview.rollups": "各年度汇总",
        "col.years": "已发布年度",
        "col.index": "历年报告",
        "link.index": "历年索引",
        "link.rollup": "{year}年度汇总",
    },
    "en": {
        "title": "Rule-of-law audits of the jurisdictions, {year}",
        "subtitle": "{n} jurisdiction(s) · each figure is from the jurisdiction's published {year} results (metrics.json)",
        "empty": "The output folder holds no jurisdiction's {year} results yet.",
        "col.jurisdiction": "Jurisdiction",
        "col.code": "Code",
        "total": "City total",
        "rank": "#{rank}",
        **STATUS_TEXT["en"],
        "yes_of": "yes in {yes} of {of}",
        "not_run": "not audited",
        "note.how": "Each status is the jurisdiction's own, by its thresholds of the year; ranks run from the "
        "better value (ties share a rank). Totals add up the jurisdictions' counts: a rate is the sum of "
        "their numerators over the sum of their denominators, never an average of their rates.",
        "note.differ": "{label}: the jurisdictions define it differently, so it is not added up ({groups}).",
        "note.no_basis": "{label}: no counts to add up, so no total.",
        "note.partial": "{label}: the total covers the {added} jurisdiction(s) that audited it.",
        "findings": "Findings by jurisdiction",
        "col.raised": "Findings",
        "col.high": "High",
        "col.medium": "Medium",
        "col.low": "Low",
        "col.rectified": "Last year's rectified",
        "col.recurring": "Found again",
        "col.links": "Reports",
        "link.summary": "Summary",
        "link.findings": "Findings",
        "sources": "Sources",
        "col.file": "File",
        "col.sha": "SHA-256",
        "overview.title": "Rule-of-law audit reports (all jurisdictions)",
        "overview.subtitle": "{n} jurisdiction(s) · {years}",
        "overview.empty": "The output folder holds no jurisdiction's results yet. Run `audit run --all` first.",
        "overview.jurisdictions": "Jurisdictions",
        "overview.rollups": "Roll-up by year",
        "col.years": "Years published",
        "col.index": "All years",
        "link.index": "Index",
        "link.rollup": "{year} roll-up",
    },
}


class _Page:
    language: str

    def t(self, key: str, **values: object) -> str:
        """A text in the page's language."""
        text = TEXT[self.language][key]
        return text.format(**values) if values else text


class RollupReport(_Page):
    """各地区汇总: one year's headline figures of every jurisdiction, ranked, with the city's totals."""

    def __init__(self, outputs_dir: Path, year: int, language: str = "zh"):
        from audit.report.charts import use_report_style

        use_report_style()
        self.outputs_dir = outputs_dir
        self.year = year
        self.language = language if language in TEXT else "zh"
        self.members: list[Member] = collect(outputs_dir, year)
        self.lines: list[Line] = rollup_lines(self.members)

    @classmethod
    def open(cls, outputs_dir: str | Path, year: int, language: str = "zh") -> RollupReport:
        """The roll-up of `year` over the jurisdictions in `outputs_dir` (found from any subfolder)."""
        return cls(locate(outputs_dir), int(year), language)

    def title(self) -> html.Html:
        """Title with the number of jurisdictions."""
        return html.title(self.t("title", year=self.year), self.t("subtitle", n=len(self.members), year=self.year))

    def _percent(self, member: Member | None, rate: float | None) -> str:
        definitions = (member.metrics.get("definitions") if member else None) or {}
        return numbers.percent(rate, definitions.get("percent_decimals", 2), definitions.get("rounding", "half_up"))

    def _value(self, headline: MetricSpec, value: object, member: Member | None) -> str:
        if value is None:
            return "—"
        if headline.format == "percent":
            return self._percent(member, value)  # type: ignore[arg-type]
        if headline.format == "count":
            return numbers.count(value)  # type: ignore[arg-type]
        if headline.format == "yes_no":
            return self.t("yes") if value else self.t("no")
        return numbers.number(value, 1)  # type: ignore[arg-type]

    def _cell(self, headline: MetricSpec, cell: Cell | None, member: Member) -> html.Html | str:
        if cell is None:
            return self.t("not_run")
        parts = [html.esc(self._value(headline, cell.value, member))]
        if cell.status != "none":
            parts.append(str(html.badge(self.t(f"status.{cell.status}"), f"rag rag-{cell.status}")))
        if cell.rank is not None:
            parts.append(f'<span class="audit-rank">{html.esc(self.t("rank", rank=cell.rank))}</span>')
        return html.Html(" ".join(parts))

    def _total(self, headline: MetricSpec, total: Total) -> str:
        if total.kind != "total":
            return "—"
        if headline.format == "yes_no":
            return self.t("yes_of", yes=total.value, of=total.of)
        first = self.members[0] if self.members else None
        return self._value(headline, total.value, first)

    def _note(self, line: Line) -> str | None:
        label = line.headline.name(self.language)
        total = line.total
        if total.kind == "definitions_differ":
            names = {m.code: m.name for m in self.members}
            sep = "；" if self.language == "zh" else "; "
            joiner = "、" if self.language == "zh" else ", "
            groups = sep.join(f"{text}: {joiner.join(names[c] for c in codes)}" for text, codes in total.definitions)
            return self.t("note.differ", label=label, groups=groups)
        if total.kind == "no_basis":
            return self.t("note.no_basis", label=label)
        if total.kind == "total" and total.added < len(self.members) and line.headline.format != "yes_no":
            return self.t("note.partial", label=label, added=total.added)
        return None

    def audits(self) -> html.Html:
        """A table per audit: a row per jurisdiction (value, status, rank of each headline figure), then the city total."""
        if not self.members:
            return html.paragraph(self.t("empty", year=self.year))
        parts = [html.paragraph(self.t("note.how"))]
        for audit in AUDITS:
            mine = [line for line in self.lines if line.headline.audit == audit.key]
            if not mine:
                continue
            headers = [self.t("col.jurisdiction"), *[line.headline.name(self.language) for line in mine]]
            rows: list[list[object]] = [
                [member.name, *[self._cell(line.headline, line.cells[i], member) for line in mine]]
                for i, member in enumerate(self.members)
            ]
            rows.append([self.t("total"), *[self._total(line.headline, line.total) for line in mine]])
            notes = [note for note in (self._note(line) for line in mine) if note]
            body = [html.table(headers, rows, numeric=range(1, len(mine) + 1))]
            body.extend(html.paragraph(note) for note in notes)
            parts.append(html.section(audit.title[self.language], *body))
        return html.Html("".join(parts))

    def findings(self) -> html.Html:
        """The findings of each jurisdiction, with links to its summary and findings pages, and the city's counts."""
        if not self.members:
            return html.Html("")
        rows = findings_rows(self.members)

        def counts(row: FindingsRow) -> list[str]:
            fields = (row.raised, row.high, row.medium, row.low, row.rectified, row.recurring)
            return [numbers.count(v) for v in fields]

        table_rows: list[list[object]] = []
        for member, row in zip(self.members, rows, strict=True):
            links = "".join(
                html.link(self.t(f"link.{page}"), f"../{member.code}/{self.year}/{page}.html")
                for page in ("summary", "findings")
                if page in member.reports
            )
            table_rows.append([member.name, *counts(row), html.Html(f'<span class="audit-index-links">{links}</span>')])
        table_rows.append([self.t("total"), *counts(findings_total(rows)), ""])
        keys = ("col.raised", "col.high", "col.medium", "col.low", "col.rectified", "col.recurring")
        headers = [self.t("col.jurisdiction"), *[self.t(k) for k in keys], self.t("col.links")]
        return html.section(self.t("findings"), html.table(headers, table_rows, numeric=range(1, 7)))

    def footer(self) -> html.Html:
        """The metrics files the roll-up was made from, with their SHA-256."""
        rows = [
            (
                f"{m.code}/{self.year}/metrics.json",
                sha256_file(self.outputs_dir / m.code / str(self.year) / "metrics.json"),
            )
            for m in self.members
        ]
        table = html.table([self.t("col.file"), self.t("col.sha")], rows)
        return html.Html(f'<div class="audit-footer"><strong>{html.esc(self.t("sources"))}</strong>{table}</div>')


class OverviewReport(_Page):
    """The front page of a city's output folder: every jurisdiction with its years, and the roll-up of each year."""

    def __init__(self, outputs_dir: Path, language: str = "zh"):
        self.outputs_dir = outputs_dir
        self.language = language if language in TEXT else "zh"
        self.years = years_of(outputs_dir)
        found: dict[str, tuple[str, list[int]]] = {}
        for year in self.years:
            for member in collect(outputs_dir, year):
                years = found.get(member.code, ("", []))[1]
                found[member.code] = (member.name, [*years, year])  # named as in its newest year
        self.jurisdictions = found

    @classmethod
    def open(cls, outputs_dir: str | Path = "outputs", language: str = "zh") -> OverviewReport:
        """The front page of `outputs_dir` (found from any subfolder)."""
        return cls(locate(outputs_dir), language)

    def title(self) -> html.Html:
        """Title with the number of jurisdictions and the span of years."""
        if not self.years:
            return html.title(self.t("overview.title"))
        span = f"{self.years[0]}–{self.years[-1]}"
        return html.title(self.t("overview.title"), self.t("overview.subtitle", n=len(self.jurisdictions), years=span))

    def jurisdictions_table(self) -> html.Html:
        """One row per jurisdiction: its code, name, years published and a link to its own index."""
        if not self.jurisdictions:
            return html.paragraph(self.t("overview.empty"))
        rows = [
            [
                name,
                code,
                ", ".join(str(y) for y in years),
                html.link(self.t("link.index"), f"{code}/index.html"),
            ]
            for code, (name, years) in self.jurisdictions.items()
        ]
        headers = [self.t("col.jurisdiction"), self.t("col.code"), self.t("col.years"), self.t("col.index")]
        return html.section(self.t("overview.jurisdictions"), html.table(headers, rows))

    def rollups(self) -> html.Html:
        """A link to the roll-up of each year, newest first."""
        if not self.years:
            return html.Html("")
        links = "".join(
            html.link(self.t("link.rollup", year=year), f"{ROLLUP_FOLDER}/{year}.html") for year in reversed(self.years)
        )
        return html.section(self.t("overview.rollups"), html.Html(f'<p class="audit-links">{links}</p>'))
