"""The year's one-page summary: published claims checked, headline metrics with RAG status and change."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from audit.audits import AUDITS, metric_specs
from audit.core import metrics as metrics_file
from audit.core.headlines import STATUS_TEXT, Line, summarise, year_thresholds
from audit.core.numbers import round_decimal
from audit.core.params import Params
from audit.core.provenance import Source
from audit.registers import Register
from audit.report import html
from audit.report.base import Report, year_and_last_year

_ZH = {
    "title": "{year}年度法治政府建设审计汇总",
    "claims": "公开报告数据核对",
    "claims.note": "将年度工作报告公开的数据与依登记表重新计算的结果逐项核对，按工作分组：按报告所写的精度和本年度舍入规则比较；“余”“多”“以上”“超过”指不少于该数、少于所写末位的下一个单位（4万余：40,000 至 49,999），“约”“近”“左右”指所写精度内。不一致、无登记表或无法核对的列在前面。",
    "col.key": "指标",
    "col.reported": "公开数据",
    "col.recomputed": "重新计算",
    "col.verdict": "核对",
    "verdict.match": "✓ 一致",
    "verdict.mismatch": "✗ 不一致",
    "verdict.unverifiable": "? 无法核对",
    "verdict.no_register": "— 无登记表",
    "verdict.inconsistent": "✗ 自相矛盾",
    "verdict.exceeds": "✗ 分项超过总数",
    "verdict.shares_sum": "✗ 各项占比合计不是 100%",
    "verdict.denominator": "✗ 各项占比不可能出自同一总数",
    "why.forced_to_100": "报告似乎调整了该数，使该栏各项合计为 100%",
    "col.meaning": "含义",
    "col.explanation": "说明",
    "col.total": "总数",
    "col.parts": "分项",
    "col.sum": "分项合计",
    "contradictions": "公开数据自相矛盾（与登记表无关：报告本身不可能都对）",
    "tally": "报告公开数据共 {published} 项：核对 {checked} 项，其中一致 {match} 项、不一致 {mismatch} 项；{no_register} 项本年度无对应登记表，{unverifiable} 项无法核对（未对应指标，或不是数字）；公开数据之间自相矛盾 {contradictions} 处。",
    "why.no_register": "本年度未提供该项工作的登记表",
    "why.no_metric": "没有与之对应的指标",
    "why.not_a_figure": "公开内容不是可核对的数字",
    "why.no_definition": "按任何已定义的分母、分子口径和舍入规则都不能得到公开数",
    "why.would_match": "按以下口径可得公开数：{ways}",
    "why.denominators": "分子为 {numerator} 时，分母须为 {denominators}",
    "or": "或",
    "rounding.half_up": "四舍五入",
    "rounding.truncate": "截尾",
    "sep": "；",
    "headlines": "主要指标与目标",
    "headlines.note": "状态依本年度参数文件 thresholds 所设阈值判定（未设的，有年度目标的指标以目标为绿线，其余用默认值）：绿 = 达到目标，黄 = 接近，红 = 未达到；未设阈值的指标仅作参考。",
    "col.metric": "指标",
    "col.value": "本年",
    "col.previous": "上年",
    "col.change": "变化",
    "col.threshold": "目标（绿/黄）",
    "col.status": "状态",
    **STATUS_TEXT["zh"],
    "pp": "{v} 个百分点",
    "no_previous": "未找到 {year} 年的审计结果，不作同比。",
    "reports": "详细报告",
    "skipped": "本年度未提供{register}，{title}未执行。",
    "threshold.higher": "≥{green} / ≥{amber}",
    "threshold.lower": "≤{green} / ≤{amber}",
    "threshold.yes": "是",
    "findings": "审计发现与整改",
    "findings.raised": "本年度发现问题 {raised} 项：高 {high} 项、中 {medium} 项、低 {low} 项。",
    "findings.previous": "上年问题 {findings} 项：已整改 {rectified} 项，逾期未整改 {past_deadline} 项，未到期 {within_deadline} 项，"
    "无法整改 {cannot_rectify} 项，台账未登记 {no_record} 项；本年再次发现 {recurring} 项。",
    "findings.no_previous": "未找到 {year} 年的审计结果，无上年问题可跟踪。",
    "findings.link": "问题清单与整改跟踪",
}
_EN = {
    "title": "Rule-of-law audit summary {year}",
    "claims": "Published figures checked",
    "claims.note": "Each figure of the bureau's annual report, recomputed from the registers, by audit: compared at the precision it was published with, rounded by the year's rule; 余 / 多 / 以上 / 超过 mean at least the figure and below the next unit of its last written place (4万余: 40,000 to 49,999), 约 / 近 / 左右 the figure at its written precision. Mismatches, claims with no register and unverifiable ones come first in each group.",
    "col.key": "Metric",
    "col.reported": "Published",
    "col.recomputed": "Recomputed",
    "col.verdict": "Check",
    "verdict.match": "✓ match",
    "verdict.mismatch": "✗ mismatch",
    "verdict.unverifiable": "? unverifiable",
    "verdict.no_register": "— no register this year",
    "verdict.inconsistent": "✗ internally inconsistent",
    "verdict.exceeds": "✗ parts exceed the total",
    "verdict.shares_sum": "✗ the shares do not add up to 100%",
    "verdict.denominator": "✗ no one whole gives all these shares",
    "why.forced_to_100": "evidently adjusted so that the column adds up to 100%",
    "col.meaning": "Means",
    "col.explanation": "Why",
    "col.total": "Total",
    "col.parts": "Parts",
    "col.sum": "Parts add up to",
    "contradictions": "Published figures that contradict each other (whatever the registers say, the report cannot be right)",
    "tally": "{published} published figures: {checked} checked, {match} matching and {mismatch} not; {no_register} with no register this year, {unverifiable} unverifiable (no such metric, or not a figure); {contradictions} contradictions between published figures.",
    "why.no_register": "the year has no register for this work",
    "why.no_metric": "no metric corresponds to it",
    "why.not_a_figure": "what was published is not a figure that can be checked",
    "why.no_definition": "none of the defined denominators, numerator scopes and rounding rules gives the published figure",
    "why.would_match": "the published figure comes out {ways}",
    "why.denominators": "with {numerator} as the numerator, only a denominator of {denominators} gives it",
    "or": " or ",
    "rounding.half_up": "rounded half up",
    "rounding.truncate": "truncated",
    "sep": "; ",
    "headlines": "Headline metrics against targets",
    "headlines.note": "Status by the thresholds in the year's params (where none are set, a metric with a target of the year is green at its target; others use the defaults): green = target met, amber = close, red = missed; metrics without a threshold are for information.",
    "col.metric": "Metric",
    "col.value": "This year",
    "col.previous": "Last year",
    "col.change": "Change",
    "col.threshold": "Target (green/amber)",
    "col.status": "Status",
    **STATUS_TEXT["en"],
    "pp": "{v} pp",
    "no_previous": "No audit results found for {year}; no year-over-year change.",
    "reports": "Detailed reports",
    "skipped": "No {register} was given this year: the {title} did not run.",
    "threshold.higher": "≥{green} / ≥{amber}",
    "threshold.lower": "≤{green} / ≤{amber}",
    "threshold.yes": "yes",
    "findings": "Findings and rectification",
    "findings.raised": "{raised} findings this year: {high} high, {medium} medium and {low} low.",
    "findings.previous": "{findings} findings of last year: {rectified} rectified, {past_deadline} past their deadline, "
    "{within_deadline} within it, {cannot_rectify} that cannot be rectified and {no_record} not in the ledger; "
    "{recurring} found again this year.",
    "findings.no_previous": "No audit results found for {year}: no findings to follow up.",
    "findings.link": "Findings and follow-up",
}


def _contradiction(found: Mapping[str, Any]) -> str:
    """The text key of a contradiction's verdict."""
    kind = found.get("kind", "sum")
    if kind == "sum":
        return "verdict.inconsistent" if found["every_part"] else "verdict.exceeds"
    return f"verdict.{kind}"


def _numerator(metrics: Mapping[str, Any], key: str) -> object:
    audit, _, name = key.partition(".")
    return ((metrics.get(audit) or {}).get("rate_basis") or {}).get(name, {}).get("numerator", "—")


TALLY_KEYS = ("published", "checked", "match", "mismatch", "no_register", "unverifiable", "contradictions")


def _grouped(claims: list[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """Claims by audit, in the order they come (metrics.json has them by audit, mismatches first in each)."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for claim in claims:
        groups.setdefault(claim.get("audit") or claim["key"].split(".", 1)[0], []).append(claim)
    return list(groups.items())


class SummaryReport(Report):
    """汇总: every headline metric of the year against its target, and last year's figure."""

    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {"zh": _ZH, "en": _EN}

    def __init__(
        self,
        params: Params,
        loaded: Mapping[str, Register],
        previous: Mapping[str, Any] | None = None,
        metrics: Mapping[str, Any] | None = None,
        sources: list[Source] | None = None,
    ):
        super().__init__(params, loaded, metrics, sources)
        self.metrics = dict(metrics) if metrics is not None else metrics_file.compute_all(loaded, params, previous)
        self.previous = previous
        self.lines = summarise(self.metrics, previous, year_thresholds(params))

    @classmethod
    def open(  # type: ignore[override]
        cls, params_file: str | Path, outputs_dir: str | Path = "outputs", year: int | None = None
    ) -> SummaryReport:
        """The year and last year's metrics: as the run handed them over, else loaded (last year's from `outputs_dir`)."""
        return cls(*year_and_last_year(params_file, outputs_dir, year))

    def metric_label(self, key: str) -> str:
        """The name of a metric in the report's language (its dotted key where no audit declares it)."""
        spec = metric_specs().get(key)
        return spec.name(self.language) if spec is not None else key

    def title(self) -> html.Html:
        """Title and the year it covers."""
        return html.title(self.t("title", year=self.params.year), self.subtitle())

    def claims(self) -> html.Html:
        """Published figures against the recomputed ones, by audit; contradictions first; empty where none are listed."""
        claims = self.metrics["claims"]
        if not claims:
            return html.Html("")
        parts = [html.paragraph(self.tally())]
        inconsistent = self.metrics.get("contradictions") or []
        if inconsistent:
            rows = [
                (
                    self._claim_name(c["total"]),
                    self.t("sep").join(f"{self._claim_name(k)} {c['figures'][k]}" for k in c["parts"]),
                    str(c["figures"].get(c["total"], "—")),
                    c["parts_sum"],
                    html.badge(self.t(_contradiction(c)), "status-bad"),
                )
                for c in inconsistent
            ]
            headers = [self.t("col.total"), self.t("col.parts"), self.t("col.reported"), self.t("col.sum"), ""]
            parts.append(html.table(headers, rows, numeric=(2, 3), caption=self.t("contradictions")))
        headers = [
            self.t("col.key"),
            self.t("col.reported"),
            self.t("col.meaning"),
            self.t("col.recomputed"),
            self.t("col.verdict"),
            self.t("col.explanation"),
        ]
        for audit, group in _grouped(claims):
            claim_rows: list[tuple[object, ...]] = [
                (
                    self._claim_name(c["key"]),
                    str(c["reported"]),
                    (c.get("meaning") or {}).get(self.language) or "—",
                    c["display"] or "—",
                    html.badge(
                        self.t(f"verdict.{c['verdict']}"), "status-ok" if c["verdict"] == "match" else "status-bad"
                    ),
                    self._explanation(c),
                )
                for c in group
            ]
            parts.append(html.table(headers, claim_rows, numeric=(1, 3), caption=self._audit_title(audit)))
        return html.section(self.t("claims"), *parts, note=self.t("claims.note"))

    def tally(self) -> str:
        """One line: how many published figures were checked, matched, and why the rest were not."""
        tally = self.metrics.get("claims_tally") or {}
        return self.t("tally", **{k: tally.get(k, 0) for k in TALLY_KEYS})

    def _claim_name(self, key: str) -> str:
        label = self.metric_label(key)
        if label == key:
            return key
        return f"{label}（{key}）" if self.language == "zh" else f"{label} ({key})"

    def _audit_title(self, key: str) -> str:
        from audit.audits import short_title

        return short_title(key, self.language)

    def _explanation(self, claim: Mapping[str, Any]) -> str:
        """Why a claim is as it is: the definitions that would reproduce a mismatched rate, or none."""
        verdict = claim["verdict"]
        if verdict == "no_register":
            return self.t("why.no_register")
        if verdict == "unverifiable":
            return self.t("why.not_a_figure" if claim.get("meaning") is None else "why.no_metric")
        if verdict == "match":
            return ""
        if claim.get("forced_to_100"):
            return self.t("why.forced_to_100")
        found = claim.get("explained_by") or []
        if not found:
            if claim.get("computed") is None:
                return ""
            others = claim.get("denominators") or []
            text = self.t("why.no_definition")
            if others:
                text += self.t("sep") + self.t(
                    "why.denominators",
                    numerator=_numerator(self.metrics, claim["key"]),
                    denominators=self.t("or").join(str(d) for d in others),
                )
            return text
        from audit.audits import AUDITS

        audit = next((a for a in AUDITS if a.key == claim["audit"]), None)
        describe = audit.describe_definition if audit is not None else None
        ways = []
        for variant in found:
            words = describe(variant, self.language) if describe else str(variant)
            rounding = self.t(f"rounding.{variant['rounding']}")
            ways.append(f"{words}（{rounding}）" if self.language == "zh" else f"{words} ({rounding})")
        return self.t("why.would_match", ways=self.t("sep").join(ways))

    def _value(self, line: Line, value: Any) -> str:
        if value is None:
            return "—"
        fmt = line.headline.format
        if fmt == "yes_no":
            return self.t("yes") if value else self.t("no")
        if fmt == "percent":
            return self.pct(value)
        if fmt == "count":
            return self.count(value)
        return self.number(value)

    def _change(self, line: Line) -> str:
        if line.change is None:
            return "—"
        if line.headline.format == "percent":
            d = self.params.definitions
            points = round_decimal(line.change * 100, d.percent_decimals, d.rounding)
            return self.t("pp", v=f"{points:+}")
        if line.headline.format == "count":
            return f"{int(line.change):+,}"
        return f"{round_decimal(line.change, 1):+,}"

    def _threshold(self, line: Line) -> str:
        h = line.headline
        if h.direction == "yes":
            return self.t("threshold.yes")
        if h.direction is None or line.green is None or line.amber is None:
            return "—"
        fmt = (lambda v: self.pct(v)) if h.format == "percent" else (lambda v: self.number(v))
        return self.t(f"threshold.{h.direction}", green=fmt(line.green), amber=fmt(line.amber))

    def headlines(self) -> html.Html:
        """Every headline metric: value, last year, change, threshold, red/amber/green."""
        rows = [
            (
                self.metric_label(line.headline.key),
                self._value(line, line.value),
                self._value(line, line.previous),
                self._change(line),
                self._threshold(line),
                html.badge(self.t(f"status.{line.status}"), f"rag rag-{line.status}"),
            )
            for line in self.lines
        ]
        headers = [
            self.t("col.metric"),
            self.t("col.value"),
            self.t("col.previous"),
            self.t("col.change"),
            self.t("col.threshold"),
            self.t("col.status"),
        ]
        parts = [html.table(headers, rows, numeric=(1, 2, 3))]
        if self.previous is None:
            parts.append(html.paragraph(self.t("no_previous", year=self.params.year - 1)))
        return html.section(self.t("headlines"), *parts, note=self.t("headlines.note"))

    def findings(self) -> html.Html:
        """The year's findings counted by severity, and what became of last year's (the findings page has them all)."""
        tally = self.metrics["findings_tally"]
        parts = [html.paragraph(self.t("findings.raised", raised=tally["raised"], **tally["by_severity"]))]
        if tally["previous"] is None:
            parts.append(html.paragraph(self.t("findings.no_previous", year=self.params.year - 1)))
        else:
            parts.append(html.paragraph(self.t("findings.previous", **tally["previous"])))
        parts.append(html.Html(f'<p class="audit-links">{html.link(self.t("findings.link"), "findings.html")}</p>'))
        return html.section(self.t("findings"), *parts)

    def reports(self) -> html.Html:
        """Links to the year's detailed reports, and which audits did not run."""
        ran = [a for a in AUDITS if a.key in self.metrics]
        links = "".join(html.link(a.title[self.language], f"{a.notebook}.html") for a in ran)
        skipped = [
            html.paragraph(
                self.t("skipped", register=self.t(f"role.{a.registers[0].key}"), title=a.title[self.language])
            )
            for a in AUDITS
            if a not in ran
        ]
        return html.section(self.t("reports"), html.Html(f'<p class="audit-links">{links}</p>'), *skipped)
