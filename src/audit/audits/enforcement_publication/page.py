"""The enforcement publication report (行政执法公示): what its notebook displays."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from audit.audits.enforcement_publication.compute import decision_frame
from audit.audits.enforcement_publication.register import KIND_CHOICES
from audit.audits.enforcement_publication.settings import KINDS
from audit.registers import Register
from audit.report import charts, html
from audit.report.base import Report, add_choice_labels

if TYPE_CHECKING:
    import pandas as pd

RATE_KEY = "enforcement_publication.on_time_rate"

_ZH = {
    # what an optional column the register lacks means for this page (audit.report.columns)
    "absent.enforcement_publication.published_on": "每件均按未公示计算，公示率和按期公示率据此计算；公示用时不计算",
    "title": "行政执法公示审计报告",
    "headline": "主要指标",
    "summary.decisions": "{year}年全区{units}个行政执法单位共作出行政执法决定{decisions}件，其中行政许可{licence}件、"
    "行政处罚{penalty}件、其他行政执法决定{other}件；已公示{published}件。",
    "summary.on_time": "截至{as_of}，可判断是否按期公示的{judged}件中，按期公示{on_time}件、逾期公示{late}件、"
    "逾期未公示{unpublished}件，按期公示率{rate}。",
    "summary.not_yet_due": "另有{n}件尚未公示、公示期限尚未届满，不计入按期公示率。",
    "summary.delay": "公示用时中位数为{median}个工作日。",
    "summary.platforms": "公示平台：{platforms}。",
    "platform.item": "{platform}{n}件",
    "platform.blank": "未填写平台",
    "fig.decisions": "行政执法决定",
    "fig.units": "执法单位",
    "fig.on_time_rate": "按期公示率",
    "fig.on_time_note": "按期 {on_time} 件 / 可判断 {judged} 件",
    "fig.late": "逾期公示",
    "fig.unpublished": "逾期未公示",
    "fig.not_yet_due": "公示期限未届满",
    "fig.median_delay": "公示用时中位数",
    "working_days": "{v}个工作日",
    "kinds": "公示期限与按期情况",
    "kinds.note": "公示期限和用时中位数均以工作日计。本年度适用的公示期限：行政许可{licence}个工作日、行政处罚{penalty}个工作日、其他行政执法决定{other}个工作日"
    "（参数 enforcement_publication.limits；《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
    "（国办发〔2018〕118号）规定行政许可、行政处罚决定自作出之日起7个工作日内公开，其他行政执法决定20个工作日内公开）。"
    "工作日按国务院办公厅公布的年度放假安排计算（调休上班的周末计为工作日），作出决定当日不计入；在休息日公示的，按其后第一个工作日计。"
    "已登记公示日期的决定，按登记的日期判断是否按期（包括截止日之后公示的）；尚未公示的决定，期限届满日在截止日（{as_of}）之前的，"
    "计为逾期未公示；期限届满日为截止日当日或之后的，计为公示期限未届满，既不算按期也不算逾期，不计入按期公示率。"
    "按期公示率 = 按期公示 ÷（按期公示 + 逾期公示 + 逾期未公示）。",
    "kinds.after_as_of": "{n}件决定在截止日之后公示，按登记的公示日期判断。",
    "col.kind": "类别",
    "col.limit": "公示期限",
    "col.decisions": "决定数",
    "col.judged": "可判断",
    "col.on_time": "按期公示",
    "col.late": "逾期公示",
    "col.unpublished": "逾期未公示",
    "col.not_yet_due": "期限未届满",
    "col.on_time_rate": "按期公示率",
    "col.median_delay": "用时中位数",
    "col.platform": "公示平台",
    "total": "合计",
    "late": "逾期公示的执法决定",
    "late.none": "本年度没有逾期公示的执法决定。",
    "late.note": "各类决定的公示期限见上表。用时为作出决定次日起至公示日的工作日数（在休息日公示的，计至其后第一个工作日）；期限届满日为公示期限的最后一个工作日。"
    "日历天数供对照：跨越春节、国庆等假期时日历天数远多于工作日数，调休上班的周末也计为工作日。",
    "col.decision": "决定书文号",
    "col.unit": "执法单位",
    "col.matter": "事项",
    "col.decided_on": "决定日期",
    "col.deadline": "期限届满日",
    "col.published_on": "公示日期",
    "col.working_days": "用时（工作日）",
    "col.calendar_days": "日历天数",
    "col.elapsed": "截至截止日已过工作日",
    "unpublished": "未公示的执法决定",
    "unpublished.overdue": "逾期未公示",
    "unpublished.overdue.none": "没有逾期未公示的执法决定。",
    "unpublished.waiting": "公示期限未届满",
    "unpublished.waiting.none": "没有公示期限未届满的未公示决定。",
    "unpublished.note": "未登记公示日期的决定视为未公示；已过工作日为作出决定次日起至截止日的工作日数。截至截止日（{as_of}）已过期限届满日的为逾期未公示；期限届满日为截止日当日或之后的"
    "（多为年末作出、期限跨入下一年的决定）尚不能判断是否按期，单独列出，请在期限届满后核实其公示情况。",
    "delay_chart": "公示用时分布：{kinds}（期限{v}个工作日）",
    "delay_axis": "作出决定至公示的工作日数",
    "decisions_axis": "决定数",
    "limit_line": "期限：{v}个工作日",
    "kind_join": "、",
    "units": "各执法单位公示情况",
    "units.note": "按决定数由多到少排列，决定数相同的按单位名称排列；按期公示率以该单位可判断的决定为分母；用时中位数以工作日计。",
    "unit_chart": "各执法单位按期公示率",
    "rate_axis": "按期公示率（%）",
    "threshold_line": "绿线 {v}",
}
_EN = {
    "absent.enforcement_publication.published_on": "no decision read as published; the published and on-time rates are computed so, and the days to publication are not computed",
    "title": "Enforcement publication audit",
    "headline": "Headline figures",
    "summary.decisions": "In {year} the district's {units} enforcement units made {decisions} enforcement decisions: "
    "{licence} licences, {penalty} penalties and {other} other decisions; {published} were published.",
    "summary.on_time": "As of {as_of}, of the {judged} decisions whose timeliness can be judged, {on_time} were published "
    "within the limit, {late} late and {unpublished} not at all past the limit: {rate} published on time.",
    "summary.not_yet_due": "Another {n} are not published yet and not yet due; the rate does not count them.",
    "summary.delay": "The median time to publication was {median} working days.",
    "summary.platforms": "Published on: {platforms}.",
    "platform.item": "{platform} ({n})",
    "platform.blank": "platform not given",
    "fig.decisions": "Enforcement decisions",
    "fig.units": "Enforcement units",
    "fig.on_time_rate": "Published on time",
    "fig.on_time_note": "{on_time} on time of {judged} judged",
    "fig.late": "Published late",
    "fig.unpublished": "Unpublished past the limit",
    "fig.not_yet_due": "Not yet due",
    "fig.median_delay": "Median time to publication",
    "working_days": "{v} working days",
    "kinds": "Limits and timeliness by kind of decision",
    "kinds.note": "Limits and median days are in working days. The limits applied this year: licences {licence} working days, penalties {penalty}, other enforcement "
    "decisions {other} (params enforcement_publication.limits; the State Council's guideline on the three enforcement "
    "systems, Guo Ban Fa [2018] No. 118, sets 7 working days from the decision for licences and penalties and 20 for "
    "other decisions). Working days follow the State Council's holiday arrangements (weekend days made working days "
    "count as working days); the day of the decision is not counted, and a publication on a rest day counts as made on "
    "the next working day. A decision with a publication date is judged by that date, also when it is after the as-of "
    "date. A decision not published is unpublished past the limit when its last day is before the as-of date "
    "({as_of}), and not yet due when its last day is that date or after it: neither on time nor late, and not in the rate. "
    "Published on time = on time ÷ (on time + late + unpublished past the limit).",
    "kinds.after_as_of": "{n} decisions were published after the as-of date and are judged by the dates recorded.",
    "col.kind": "Kind",
    "col.limit": "Limit",
    "col.decisions": "Decisions",
    "col.judged": "Judged",
    "col.on_time": "On time",
    "col.late": "Late",
    "col.unpublished": "Unpublished",
    "col.not_yet_due": "Not yet due",
    "col.on_time_rate": "On-time rate",
    "col.median_delay": "Median days",
    "col.platform": "Platform",
    "total": "Total",
    "late": "Decisions published late",
    "late.none": "No decision was published late this year.",
    "late.note": "The limit of each kind is in the table above. Days taken are the working days counted from the day after the decision to the day of publication (a "
    "publication on a rest day counts to the next working day); the last day is the limit's last working day. Calendar "
    "days are shown beside them: over the Spring Festival or National Day they are far more than the working days, and "
    "weekend days made working days count as working days.",
    "col.decision": "Decision",
    "col.unit": "Unit",
    "col.matter": "Matter",
    "col.decided_on": "Decided",
    "col.deadline": "Last day",
    "col.published_on": "Published",
    "col.working_days": "Days taken",
    "col.calendar_days": "Calendar days",
    "col.elapsed": "Days elapsed",
    "unpublished": "Decisions not published",
    "unpublished.overdue": "Unpublished past the limit",
    "unpublished.overdue.none": "No decision is unpublished past its limit.",
    "unpublished.waiting": "Not yet due",
    "unpublished.waiting.none": "No unpublished decision is still within its limit.",
    "unpublished.note": "A decision without a publication date is taken as not published; days elapsed are the "
    "working days from the day after the decision to the as-of date. Past its last day at the "
    "as-of date ({as_of}) it is unpublished past the limit; with its last day on or after the as-of date (mostly decisions of "
    "the year's last days whose limit runs into the next year) its timeliness cannot be judged yet: listed apart, to be "
    "checked once the limit has run.",
    "delay_chart": "Time to publication: {kinds} (limit {v} working days)",
    "delay_axis": "Working days from the decision to its publication",
    "decisions_axis": "Decisions",
    "limit_line": "limit: {v} working days",
    "kind_join": ", ",
    "units": "Enforcement units",
    "units.note": "Most decisions first, then by name; the on-time rate is over the unit's decisions that can be judged; "
    "median days are working days.",
    "unit_chart": "Published on time, by enforcement unit",
    "rate_axis": "Published on time (%)",
    "threshold_line": "green line {v}",
}
add_choice_labels(_ZH, _EN, "kind", KIND_CHOICES)
_EN.update({"kind.licence": "licence", "kind.penalty": "penalty", "kind.other": "other"})
_ZH.update({"kinds.licence": "行政许可", "kinds.penalty": "行政处罚", "kinds.other": "其他行政执法决定"})
_EN.update({"kinds.licence": "licences", "kinds.penalty": "penalties", "kinds.other": "other decisions"})

# the columns of the per-kind and per-unit tables: (text key, figure key)
_COUNTS = (
    ("col.decisions", "decisions"),
    ("col.judged", "judged"),
    ("col.on_time", "on_time"),
    ("col.late", "late"),
    ("col.unpublished", "unpublished"),
    ("col.not_yet_due", "not_yet_due"),
)


class EnforcementPublicationReport(Report):
    """行政执法公示审计报告: decisions published within their limit, by kind and unit, and every exception."""

    audit_key: ClassVar[str | None] = "enforcement_publication"
    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {"zh": _ZH, "en": _EN}

    @cached_property
    def register(self) -> Register:
        """The enforcement publication register."""
        return self.loaded["enforcement_publication"]

    @cached_property
    def decisions(self) -> pd.DataFrame:
        """One row per decision with its limit, last day, working days taken and state."""
        return decision_frame(self.register, self.params)

    @cached_property
    def threshold(self) -> dict[str, float]:
        """The on-time rate's green and amber limits of the year (params ``thresholds:``, else the defaults)."""
        from audit.audits import metric_specs
        from audit.core.headlines import year_thresholds

        spec = metric_specs()[RATE_KEY]
        limits = year_thresholds(self.params).get(RATE_KEY, {})
        return {"green": limits.get("green", spec.green or 0.0), "amber": limits.get("amber", spec.amber or 0.0)}

    # -- wording -------------------------------------------------------------------------

    def _sentences(self, parts: list[str]) -> str:
        return ("" if self.language == "zh" else " ").join(parts)

    def _days(self, value: float | None) -> str:
        return "—" if value is None else self.t("working_days", v=self.number(value))

    def _counts(self, figures: Mapping[str, Any]) -> list[str]:
        return [self.count(figures[key]) for _, key in _COUNTS]

    # -- sections ------------------------------------------------------------------------

    def title(self) -> html.Html:
        """Title and the year it covers."""
        return html.title(self.t("title"), self.subtitle())

    def headline(self) -> html.Html:
        """Key figures and a summary paragraph: decisions, publication on time, the exceptions."""
        m, kinds = self.m, self.m["by_kind"]
        figures = [
            (self.t("fig.decisions"), self.count(m["decisions"]), ""),
            (self.t("fig.units"), self.count(m["units"]), ""),
            (
                self.t("fig.on_time_rate"),
                self.pct(m["on_time_rate"]),
                self.t("fig.on_time_note", on_time=self.count(m["on_time"]), judged=self.count(m["judged"])),
            ),
            (self.t("fig.late"), self.count(m["late"]), ""),
            (self.t("fig.unpublished"), self.count(m["unpublished"]), ""),
            (self.t("fig.not_yet_due"), self.count(m["not_yet_due"]), ""),
            (self.t("fig.median_delay"), self._days(m["median_delay"]), ""),
        ]
        sentences = [
            self.t(
                "summary.decisions",
                year=self.params.year,
                units=m["units"],
                decisions=m["decisions"],
                published=m["published"],
                **{kind: kinds[kind]["decisions"] for kind in KINDS},
            ),
            self.t(
                "summary.on_time",
                as_of=m["as_of"],
                judged=m["judged"],
                on_time=m["on_time"],
                late=m["late"],
                unpublished=m["unpublished"],
                rate=self.pct(m["on_time_rate"]),
            ),
        ]
        if m["not_yet_due"]:
            sentences.append(self.t("summary.not_yet_due", n=m["not_yet_due"]))
        if m["median_delay"] is not None:
            sentences.append(self.t("summary.delay", median=self.number(m["median_delay"])))
        if m["by_platform"]:
            separator = "、" if self.language == "zh" else ", "
            platforms = separator.join(
                self.t("platform.item", platform=p["platform"] or self.t("platform.blank"), n=p["decisions"])
                for p in m["by_platform"]
            )
            sentences.append(self.t("summary.platforms", platforms=platforms))
        return html.section(self.t("headline"), html.key_figures(figures), html.paragraph(self._sentences(sentences)))

    def kinds(self) -> html.Html:
        """Per kind of decision: its limit, decisions, how many were on time, late, unpublished or not yet due."""
        m = self.m
        rows: list[tuple[object, ...]] = []
        for kind in KINDS:
            k = m["by_kind"][kind]
            rows.append(
                (
                    self.label("kind", kind),
                    self.count(k["limit_working_days"]),
                    *self._counts(k),
                    self.pct(k["on_time_rate"]),
                    self.number(k["median_delay"]),
                )
            )
        rows.append(
            (self.t("total"), "", *self._counts(m), self.pct(m["on_time_rate"]), self.number(m["median_delay"]))
        )
        headers = [
            self.t("col.kind"),
            self.t("col.limit"),
            *(self.t(text) for text, _ in _COUNTS),
            self.t("col.on_time_rate"),
            self.t("col.median_delay"),
        ]
        note = self.t("kinds.note", as_of=m["as_of"], **m["limits"])
        if m["published_after_as_of"]:
            note += ("" if self.language == "zh" else " ") + self.t("kinds.after_as_of", n=m["published_after_as_of"])
        return html.section(self.t("kinds"), html.table(headers, rows, numeric=range(1, len(headers))), note=note)

    def late(self) -> html.Html:
        """Every decision published after its last day, by decision number, with the working days it took."""
        listed = self.m["late_decisions"]
        if not listed:
            return html.section(self.t("late"), html.paragraph(self.t("late.none")))
        rows = [
            (
                c["decision_id"],
                c["unit"],
                self.label("kind", c["kind"]),
                c["matter"],
                c["decided_on"],
                c["deadline"],
                c["published_on"],
                self.count(c["working_days"]),
                self.count(c["calendar_days"]),
            )
            for c in listed
        ]
        headers = [
            self.t(k)
            for k in (
                "col.decision",
                "col.unit",
                "col.kind",
                "col.matter",
                "col.decided_on",
                "col.deadline",
                "col.published_on",
                "col.working_days",
                "col.calendar_days",
            )
        ]
        return html.section(
            self.t("late"),
            html.table(headers, rows, numeric=(7, 8), nowrap=(0, 1, 2, 4, 5, 6)),
            note=self.t("late.note"),
        )

    def _waiting(self, listed: list[dict[str, Any]], title: str) -> str:
        heading = f"<h3>{html.esc(self.t(title))}</h3>"
        if not listed:
            return heading + str(html.paragraph(self.t(f"{title}.none")))
        rows = [
            (
                c["decision_id"],
                c["unit"],
                self.label("kind", c["kind"]),
                c["matter"],
                c["decided_on"],
                c["deadline"],
                self.count(c["working_days"]),
            )
            for c in listed
        ]
        headers = [
            self.t(k)
            for k in (
                "col.decision",
                "col.unit",
                "col.kind",
                "col.matter",
                "col.decided_on",
                "col.deadline",
                "col.elapsed",
            )
        ]
        return heading + str(html.table(headers, rows, numeric=(6,), nowrap=(0, 1, 2, 4, 5)))

    def unpublished(self) -> html.Html:
        """The decisions without a publication date: past their limit, and not yet due, each by decision number."""
        m = self.m
        return html.section(
            self.t("unpublished"),
            self._waiting(m["unpublished_decisions"], "unpublished.overdue"),
            self._waiting(m["not_yet_due_decisions"], "unpublished.waiting"),
            note=self.t("unpublished.note", as_of=m["as_of"]),
        )

    def delay_chart(self) -> html.Html:
        """Histograms of the working days each published decision took, one per limit (7 and 20 by default)."""
        frame = self.decisions
        groups: dict[int, list[str]] = {}
        for kind in KINDS:
            groups.setdefault(self.m["limits"][kind], []).append(kind)
        figures = []
        for limit, kinds in sorted(groups.items()):
            delays = frame.loc[frame["kind"].isin(kinds), "delay"].dropna().astype(float).tolist()
            if not delays:
                continue
            names = self.t("kind_join").join(self.t(f"kinds.{kind}") for kind in kinds)
            title = self.t("delay_chart", kinds=names, v=limit)
            bins = [x - 0.5 for x in range(0, int(max([*delays, limit])) + 3)]
            fig = charts.histogram(
                delays,
                bins,
                title,
                self.t("delay_axis"),
                self.t("decisions_axis"),
                {self.t("limit_line", v=limit): limit + 0.5},
            )
            figures.append(str(html.figure(fig, title)))
        return html.Html("".join(figures))

    def units(self) -> html.Html:
        """Every enforcement unit: decisions, on time, late, unpublished, not yet due, the on-time share."""
        rows = [
            (r["unit"], *self._counts(r), self.pct(r["on_time_rate"]), self.number(r["median_delay"]))
            for r in self.m["by_unit"]
        ]
        headers = [
            self.t("col.unit"),
            *(self.t(text) for text, _ in _COUNTS),
            self.t("col.on_time_rate"),
            self.t("col.median_delay"),
        ]
        return html.section(
            self.t("units"), html.table(headers, rows, numeric=range(1, len(headers))), note=self.t("units.note")
        )

    def unit_chart(self) -> html.Html:
        """On-time share per unit (units with a decision to judge), lowest first, against the summary's green line."""
        judged = sorted(
            (r for r in self.m["by_unit"] if r["judged"]), key=lambda r: (r["on_time_rate"], -r["judged"], r["unit"])
        )
        if not judged:
            return html.Html("")
        green, amber = self.threshold["green"], self.threshold["amber"]
        rates = [r["on_time_rate"] for r in judged]
        colors = [
            charts.PALETTE[4] if rate >= green else charts.PALETTE[2] if rate >= amber else charts.PALETTE[3]
            for rate in rates
        ]
        fig = charts.bar_chart(
            [r["unit"] for r in judged],
            [100 * rate for rate in rates],
            self.t("unit_chart"),
            self.t("rate_axis"),
            colors=colors,
            value_labels=[self.pct(rate) for rate in rates],
            reference=100 * green,
            reference_label=self.t("threshold_line", v=self.pct(green)),
        )
        return html.figure(fig, self.t("unit_chart"))
