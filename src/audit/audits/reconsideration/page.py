"""The administrative reconsideration report (行政复议): what its notebook displays."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from audit.audits.reconsideration.compute import (
    DIRECT_CORRECTIONS,
    INTAKE_CODES,
    OUTCOME_CODES,
    RATES,
    case_frame,
    monthly_intake,
)
from audit.audits.reconsideration.register import INTAKE, OUTCOMES
from audit.registers import Register
from audit.report import charts, html
from audit.report.base import Report

if TYPE_CHECKING:
    import pandas as pd

_ZH = {
    "title": "行政复议审计报告",
    "headline": "主要指标",
    "summary": (
        "{year}年共收到行政复议申请{received}件，受理{accepted}件（受理率{acceptance_rate}），"
        "不予受理{rejected}件、告知{referred}件、未补正{not_supplemented}件。"
        "在审理的{under_review}件中审结{concluded}件、在审{pending}件；作出维持或驳回决定{upheld_or_dismissed}件，"
        "作出撤销、变更、确认违法或责令履行等直接纠错决定{direct_corrections}件，经调解结案或申请人自愿撤回{mediated}件，"
        "调解成功率{mediation_success_rate}。"
    ),
    "fig.received": "收案",
    "fig.accepted": "受理",
    "fig.correction_rate": "直接纠错率",
    "fig.mediation_success_rate": "调解成功率",
    "fig.on_time_rate": "按期审结率",
    "fig.pending": "在审",
    "intake": "收案与受理",
    "intake.note": "占比以本年新收案件数为分母；上年结转案件不计入收案。",
    "col.intake": "受理情况",
    "col.cases": "件数",
    "col.share": "占比",
    "carried_over": "上年结转",
    "received_total": "本年收案合计",
    "monthly": "各月收案（按受理情况）",
    "month": "月份",
    "cases": "件数",
    "month_label": "{m}月",
    "outcomes": "审理结果",
    "outcomes.note": "占比以审结案件数为分母；在审案件单列。",
    "col.outcome": "审理结果",
    "col.group": "归类",
    "group.upheld_or_dismissed": "维持或驳回",
    "group.direct": "直接纠错",
    "group.correction_withdrawn": "改正后撤回",
    "group.mediated": "调解结案",
    "group.other": "其他终止",
    "group.pending": "在审",
    "outcome_chart": "审理结果分布（件）",
    "rates": "复议指标",
    "rates.note": "各比率的分母按本年度参数文件 definitions 的口径，分子在分母所含案件中计数（如上年结转案件不计入以本年受理数为分母的比率）；显示时按 {rounding} 规则保留 {decimals} 位小数。",
    "col.rate": "指标",
    "col.numerator": "分子",
    "col.denominator": "分母",
    "col.value": "比率",
    "rounding.half_up": "四舍五入",
    "rounding.truncate": "截尾",
    "rate.acceptance_rate": "受理率",
    "rate.correction_rate": "直接纠错率",
    "rate.comprehensive_correction_rate": "综合纠错率",
    "rate.mediation_success_rate": "调解成功率",
    "rate.upheld_rate": "维持驳回率",
    "rate.closure_rate": "审结率",
    "count.received": "收案",
    "count.accepted": "受理",
    "count.under_review": "在审理案件（受理+结转）",
    "count.concluded": "审结",
    "count.direct_corrections": "直接纠错",
    "count.comprehensive_corrections": "直接纠错+改正后撤回",
    "count.mediated": "调解结案及调解后撤回",
    "count.upheld_or_dismissed": "维持或驳回",
    "timeliness": "审理期限",
    "timeliness.note": "法定期限自受理之日起 {days} 日，经批准延期的再加 {ext} 日；以 {as_of} 为截止日判断在审案件是否超期。",
    "col.measure": "项目",
    "col.figure": "数值",
    "days.median": "审理天数中位数",
    "days.p90": "审理天数第90百分位",
    "days.max": "最长审理天数",
    "overdue": "超期审结（件）",
    "on_time_rate": "按期审结率",
    "open_overdue": "截至截止日已超期的在审案件（件）",
    "days_chart": "审结案件审理天数分布",
    "days_axis": "自受理至结案天数",
    "limit": "法定期限 {d} 日",
    "limit_ext": "延期后 {d} 日",
    "respondents": "被申请人情况",
    "respondents.note": "纠错率 = 直接纠错件数 ÷ 该单位{denominator}件数。",
    "col.respondent": "被申请人",
    "col.corrections": "直接纠错",
    "col.correction_rate": "纠错率",
    "respondent_chart": "各被申请人直接纠错件数",
    "legend.cases": "案件",
    "legend.corrections": "直接纠错",
    "matters": "事项类别",
    "col.matter": "事项类别",
    "matter.blank": "未填写",
    "denominator.received": "收案",
    "denominator.accepted": "受理",
    "denominator.under_review": "在审理",
    "denominator.concluded": "审结",
    "days_unit": "{v} 天",
}
_EN = {
    "title": "Administrative reconsideration audit",
    "headline": "Headline figures",
    "summary": (
        "In {year} the bureau received {received} applications and accepted {accepted} "
        "(acceptance rate {acceptance_rate}); {rejected} were not accepted, {referred} referred elsewhere and "
        "{not_supplemented} not supplemented. Of the {under_review} cases under review, {concluded} were concluded "
        "and {pending} are pending: {upheld_or_dismissed} upheld or dismissed, {direct_corrections} directly corrected "
        "(revoked, varied, confirmed illegal or ordered to perform) and {mediated} settled by mediation; "
        "mediation success rate {mediation_success_rate}."
    ),
    "fig.received": "Received",
    "fig.accepted": "Accepted",
    "fig.correction_rate": "Correction rate",
    "fig.mediation_success_rate": "Mediation success",
    "fig.on_time_rate": "Decided on time",
    "fig.pending": "Pending",
    "intake": "Intake",
    "intake.note": "Shares are of the applications received this year; cases carried over are not counted as received.",
    "col.intake": "Intake result",
    "col.cases": "Cases",
    "col.share": "Share",
    "carried_over": "Carried over",
    "received_total": "Received this year",
    "monthly": "Applications per month, by intake result",
    "month": "Month",
    "cases": "Cases",
    "month_label": "{m}",
    "outcomes": "Outcomes",
    "outcomes.note": "Shares are of the concluded cases; pending cases are listed apart.",
    "col.outcome": "Outcome",
    "col.group": "Group",
    "group.upheld_or_dismissed": "upheld or dismissed",
    "group.direct": "direct correction",
    "group.correction_withdrawn": "withdrawn after correction",
    "group.mediated": "mediated",
    "group.other": "other termination",
    "group.pending": "pending",
    "outcome_chart": "Outcomes (cases)",
    "rates": "Rates",
    "rates.note": "Each rate's denominator follows the year's params (definitions), and its numerator is counted among the denominator's cases (a carried-over case does not count toward a rate over this year's acceptances); shown rounded {rounding} to {decimals} decimals.",
    "col.rate": "Rate",
    "col.numerator": "Numerator",
    "col.denominator": "Denominator",
    "col.value": "Value",
    "rounding.half_up": "half up",
    "rounding.truncate": "by truncation",
    "rate.acceptance_rate": "Acceptance rate",
    "rate.correction_rate": "Direct correction rate",
    "rate.comprehensive_correction_rate": "Comprehensive correction rate",
    "rate.mediation_success_rate": "Mediation success rate",
    "rate.upheld_rate": "Upheld or dismissed rate",
    "rate.closure_rate": "Closure rate",
    "count.received": "received",
    "count.accepted": "accepted",
    "count.under_review": "under review (accepted + carried over)",
    "count.concluded": "concluded",
    "count.direct_corrections": "direct corrections",
    "count.comprehensive_corrections": "direct corrections + withdrawn after correction",
    "count.mediated": "mediated or withdrawn after mediation",
    "count.upheld_or_dismissed": "upheld or dismissed",
    "timeliness": "Time to decision",
    "timeliness.note": "The statutory limit is {days} days from acceptance, {ext} more where an extension was approved; pending cases are judged as of {as_of}.",
    "col.measure": "Measure",
    "col.figure": "Figure",
    "days.median": "Median days to decision",
    "days.p90": "90th percentile of days",
    "days.max": "Longest days to decision",
    "overdue": "Decided past the limit (cases)",
    "on_time_rate": "Decided on time",
    "open_overdue": "Pending and already past the limit (cases)",
    "days_chart": "Days from acceptance to decision",
    "days_axis": "Days from acceptance to decision",
    "limit": "limit {d} days",
    "limit_ext": "extended {d} days",
    "respondents": "Respondent agencies",
    "respondents.note": "Correction rate = direct corrections ÷ the agency's {denominator} cases.",
    "col.respondent": "Respondent",
    "col.corrections": "Direct corrections",
    "col.correction_rate": "Correction rate",
    "respondent_chart": "Direct corrections by respondent",
    "legend.cases": "cases",
    "legend.corrections": "direct corrections",
    "matters": "Matters",
    "col.matter": "Matter",
    "matter.blank": "not given",
    "denominator.received": "received",
    "denominator.accepted": "accepted",
    "denominator.under_review": "under review",
    "denominator.concluded": "concluded",
    "days_unit": "{v} days",
}
for choice in INTAKE:
    _ZH[f"intake.{choice.code}"] = choice.zh_label
    _EN[f"intake.{choice.code}"] = choice.en
for choice in OUTCOMES:
    _ZH[f"outcome.{choice.code}"] = choice.zh_label
    _EN[f"outcome.{choice.code}"] = choice.en

GROUP_OF = {
    "upheld": "upheld_or_dismissed",
    "dismissed": "upheld_or_dismissed",
    **{code: "direct" for code in DIRECT_CORRECTIONS},
    "withdrawn_after_correction": "correction_withdrawn",
    "mediated": "mediated",
    "withdrawn_after_mediation": "mediated",
    "withdrawn": "other",
    "terminated_other": "other",
    "pending": "pending",
}


class ReconsiderationReport(Report):
    """行政复议审计报告: intake, outcomes, rates, timeliness, respondents."""

    audit_key: ClassVar[str | None] = "reconsideration"
    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {"zh": _ZH, "en": _EN}

    @cached_property
    def register(self) -> Register:
        """The reconsideration register."""
        return self.loaded["reconsideration"]

    @cached_property
    def cases(self) -> pd.DataFrame:
        """One row per case with the fields every figure is built from."""
        return case_frame(self.register, self.params)

    def title(self) -> html.Html:
        """Title and the year it covers."""
        return html.title(self.t("title"), self.subtitle())

    def headline(self) -> html.Html:
        """Key figures and a one-paragraph summary in the words of an annual report."""
        m = self.m
        figures = [
            (self.t("fig.received"), self.count(m["received"]), ""),
            (self.t("fig.accepted"), self.count(m["accepted"]), self.pct(m["acceptance_rate"])),
            (self.t("fig.correction_rate"), self.pct(m["correction_rate"]), ""),
            (self.t("fig.mediation_success_rate"), self.pct(m["mediation_success_rate"]), ""),
            (self.t("fig.on_time_rate"), self.pct(m["on_time_rate"]), ""),
            (self.t("fig.pending"), self.count(m["pending"]), ""),
        ]
        values = {
            k: (self.pct(v) if k.endswith("_rate") else v) for k, v in m.items() if not isinstance(v, (dict, list))
        }
        return html.section(
            self.t("headline"),
            html.key_figures(figures),
            html.paragraph(self.t("summary", year=self.params.year, **values)),
        )

    def intake(self) -> html.Html:
        """Applications received by intake result."""
        m = self.m
        rows = [
            (self.label("intake", c), self.count(m[c]), self.pct(m[c] / m["received"] if m["received"] else None))
            for c in INTAKE_CODES
            if m[c] or c != "withdrawn_before_acceptance"
        ]
        rows.append((self.t("received_total"), self.count(m["received"]), self.pct(1.0 if m["received"] else None)))
        rows.append((self.t("carried_over"), self.count(m["carried_over"]), ""))
        return html.section(
            self.t("intake"),
            html.table([self.t("col.intake"), self.t("col.cases"), self.t("col.share")], rows, numeric=(1, 2)),
            note=self.t("intake.note"),
        )

    def monthly_chart(self) -> html.Html:
        """Applications per month, stacked by intake result."""
        table = monthly_intake(self.register)
        series = {self.label("intake", c): table[c].tolist() for c in INTAKE_CODES if table[c].any()}
        months = [self.t("month_label", m=m) for m in table.index]
        fig = charts.stacked_columns(months, series, self.t("monthly"), self.t("cases"))
        return html.figure(fig, self.t("monthly"))

    def outcomes(self) -> html.Html:
        """Outcomes of the cases under review, grouped as the annual report counts them."""
        m = self.m
        concluded = m["concluded"]
        rows = []
        for code in OUTCOME_CODES:
            n = m["outcomes"][code]
            if n == 0:
                continue
            share = "" if code == "pending" else self.pct(n / concluded if concluded else None)
            rows.append((self.label("outcome", code), self.t(f"group.{GROUP_OF[code]}"), self.count(n), share))
        headers = [self.t("col.outcome"), self.t("col.group"), self.t("col.cases"), self.t("col.share")]
        return html.section(self.t("outcomes"), html.table(headers, rows, numeric=(2, 3)), note=self.t("outcomes.note"))

    def outcome_chart(self) -> html.Html:
        """Outcomes as bars, coloured by group."""
        group_colour = {
            "upheld_or_dismissed": charts.PALETTE[0],
            "direct": charts.PALETTE[3],
            "correction_withdrawn": charts.PALETTE[2],
            "mediated": charts.PALETTE[4],
            "other": charts.PALETTE[6],
            "pending": charts.PALETTE[1],
        }
        codes = [c for c in OUTCOME_CODES if self.m["outcomes"][c]]
        fig = charts.bar_chart(
            [self.label("outcome", c) for c in codes],
            [self.m["outcomes"][c] for c in codes],
            self.t("outcome_chart"),
            self.t("cases"),
            colors=[group_colour[GROUP_OF[c]] for c in codes],
        )
        return html.figure(fig, self.t("outcome_chart"))

    def rates(self) -> html.Html:
        """The six rates with numerator, denominator and the definition used this year."""
        defs = self.params.definitions
        rows = []
        for rate, numerator in RATES.items():
            denominator = defs.reconsideration.denominator(rate)
            basis = self.m["rate_basis"][rate]
            rows.append(
                (
                    self.t(f"rate.{rate}"),
                    self._counted(basis["numerator"], f"count.{numerator}"),
                    self._counted(basis["denominator"], f"count.{denominator}"),
                    self.pct(self.m[rate]),
                )
            )
        headers = [self.t("col.rate"), self.t("col.numerator"), self.t("col.denominator"), self.t("col.value")]
        note = self.t("rates.note", rounding=self.t(f"rounding.{defs.rounding}"), decimals=defs.percent_decimals)
        return html.section(self.t("rates"), html.table(headers, rows, numeric=(3,)), note=note)

    def _counted(self, value: int, label: str) -> str:
        """A count with what it counts: "45（受理）"."""
        if self.language == "zh":
            return f"{self.count(value)}（{self.t(label)}）"
        return f"{self.count(value)} ({self.t(label)})"

    def timeliness(self) -> html.Html:
        """Days to decision against the statutory limit; overdue decided and pending cases."""
        m, days = self.m, self.m["days_to_decision"]
        unit = lambda v: "—" if v is None else self.t("days_unit", v=self.number(v))  # noqa: E731
        rows = [
            (self.t("days.median"), unit(days["median"])),
            (self.t("days.p90"), unit(days["p90"])),
            (self.t("days.max"), unit(days["max"])),
            (self.t("overdue"), self.count(m["overdue"])),
            (self.t("on_time_rate"), self.pct(m["on_time_rate"])),
            (self.t("open_overdue"), self.count(m["open_overdue"])),
        ]
        p = self.params.reconsideration
        note = self.t(
            "timeliness.note", days=p.decision_days, ext=p.extension_days, as_of=self.params.as_of.isoformat()
        )
        return html.section(
            self.t("timeliness"),
            html.table([self.t("col.measure"), self.t("col.figure")], rows, numeric=(1,)),
            note=note,
        )

    def days_chart(self) -> html.Html:
        """Histogram of days to decision with the statutory limits marked."""
        p = self.params.reconsideration
        days = self.cases.loc[self.cases["concluded"], "days"].astype(float).tolist()
        top = max([*days, p.decision_days + p.extension_days]) + 10
        bins = list(range(0, int(top) + 10, 10))
        limits = {
            self.t("limit", d=p.decision_days): p.decision_days,
            self.t("limit_ext", d=p.decision_days + p.extension_days): p.decision_days + p.extension_days,
        }
        fig = charts.histogram(days, bins, self.t("days_chart"), self.t("days_axis"), self.t("cases"), limits)
        return html.figure(fig, self.t("days_chart"))

    def respondents(self) -> html.Html:
        """Cases, direct corrections and correction rate per respondent agency."""
        rows = [
            (
                r["respondent"],
                self.count(r["cases"]),
                self.count(r["direct_corrections"]),
                self.pct(r["correction_rate"]),
            )
            for r in self.m["by_respondent"]
        ]
        headers = [
            self.t("col.respondent"),
            self.t("col.cases"),
            self.t("col.corrections"),
            self.t("col.correction_rate"),
        ]
        denominator = self.t(f"denominator.{self.params.definitions.reconsideration.denominator('correction_rate')}")
        return html.section(
            self.t("respondents"),
            html.table(headers, rows, numeric=(1, 2, 3)),
            note=self.t("respondents.note", denominator=denominator),
        )

    def respondent_chart(self) -> html.Html:
        """Direct corrections per respondent, for those corrected at least once."""
        corrected = [r for r in self.m["by_respondent"] if r["direct_corrections"]]
        corrected.sort(key=lambda r: (-r["direct_corrections"], -r["cases"], r["respondent"]))
        fig = charts.bar_chart(
            [r["respondent"] for r in corrected],
            [r["direct_corrections"] for r in corrected],
            self.t("respondent_chart"),
            self.t("legend.corrections"),
            colors=[charts.PALETTE[3]] * len(corrected),
        )
        return html.figure(fig, self.t("respondent_chart"))

    def matters(self) -> html.Html:
        """Cases by matter."""
        rows = [(r["matter"] or self.t("matter.blank"), self.count(r["cases"])) for r in self.m["by_matter"]]
        return html.section(
            self.t("matters"), html.table([self.t("col.matter"), self.t("col.cases")], rows, numeric=(1,))
        )
