"""The administrative reconsideration report (行政复议): what its notebook displays."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

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
from audit.report.base import Report, add_choice_labels

if TYPE_CHECKING:
    import pandas as pd

_ZH = {
    # what an optional column the register lacks means for this page (audit.report.columns)
    "absent.reconsideration.extended": "每件均按未延期计算；审理期限不加延长期，按期审结率据此计算",
    "absent.reconsideration.outcome": "每件均按“在审”计算；没有审结的案件，纠错率、维持率等比率和审结用时不计算",
    "absent.reconsideration.procedure": "每件均按普通程序计算，适用普通程序的审理期限",
    "absent.reconsideration.suspended_on": "每件均按未中止审理计算，审理期限不因中止顺延",
    "absent.reconsideration.resumed_on": "已中止的案件均按截至审计截止日仍在中止计算",
    "absent.reconsideration.correction_requested_on": "每件均按未通知补正计算，受理审查期限不扣除补正时间",
    "absent.reconsideration.correction_supplied_on": "每件均按未补正计算，受理审查期限不扣除补正时间",
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
    "group.settled": "和解结案",
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
    "timeliness.days_note": "审理天数自受理之日起计算，不含中止审理的期间；超期与否依下节各审理程序的期限判断。",
    "timeliness.note": "依{law}：{rules}中止审理的期间不计入审理期限；期限的最后一日是法定节假日或休息日的，顺延至其后第一个工作日（节假日依国务院办公厅每年的放假安排）。以 {as_of} 为截止日判断在审案件是否超期；中止中的案件不计为超期。",
    "law.2023": "2023 年修订的《行政复议法》（2024 年 1 月 1 日起施行）第六十二条",
    "law.1999": "修订前的《行政复议法》第三十一条",
    "rule.ordinary": "普通程序自受理之日起 {days} 日内作出决定，经批准延长的再加 {ext} 日；",
    "rule.simplified": "简易程序自受理之日起 {days} 日内作出决定；",
    "procedures": "各审理程序的期限",
    "col.procedure": "审理程序",
    "col.limit": "期限",
    "col.under_review": "审理案件",
    "col.concluded": "审结",
    "col.overdue": "超期审结",
    "col.on_time": "按期审结率",
    "col.open_overdue": "在审已超期",
    "procedure.ordinary": "普通程序",
    "procedure.simplified": "简易程序",
    "limit.days": "{d} 日（日历日，末日顺延）",
    "limit.days_ext": "{d} 日，延长的再加 {e} 日（日历日，末日顺延）",
    "overdue_cases": "超期审结的案件",
    "open_overdue_cases": "截至截止日已超期的在审案件",
    "col.case": "案件编号",
    "col.accepted_on": "受理日期",
    "col.decided_on": "结案日期",
    "col.deadline": "期限届满日",
    "col.days": "审理天数（不含中止）",
    "col.suspended": "中止天数",
    "none_overdue": "无超期案件。",
    "acceptance": "受理审查期限",
    "acceptance.note": "行政复议机关收到申请后应在 {days} 个工作日内审查决定是否受理（{law}）；通知补正的，补正所用时间不计入。",
    "acceptance.law.2023": "2023 年修订的《行政复议法》第三十条、第三十一条",
    "acceptance.law.1999": "修订前的《行政复议法》第十七条、第四十条",
    "col.reviewed": "已受理案件",
    "col.late": "逾期受理",
    "col.review_rate": "按期审查率",
    "col.received_on": "收案日期",
    "col.due": "审查期限届满日",
    "col.working_days": "所用工作日",
    "jurisdiction": "管辖提示",
    "jurisdiction.warning": "以下 {n} 件案件的被申请人为复议机关本级人民政府（参数 reconsideration.reviewing_body：{names}）。对本级人民政府的行政行为不服的，应向上一级人民政府申请复议，不应由本机关审理：{cases}。请核实登记是否有误或案件是否属本机关管辖。",
    "jurisdiction.none": "未发现被申请人为复议机关本级人民政府的案件。",
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
    "working_days_unit": "{v} 个工作日",
}
_EN = {
    "absent.reconsideration.extended": "no case read as extended; no time limit gets the extension, and the on-time rate is computed so",
    "absent.reconsideration.outcome": "every case read as pending; none is concluded, and the correction, upheld and other rates and the days to decision are not computed",
    "absent.reconsideration.procedure": "every case read as under the ordinary procedure, with its time limit",
    "absent.reconsideration.suspended_on": "no case read as suspended; no time limit is put back for a suspension",
    "absent.reconsideration.resumed_on": "a suspended case is read as still suspended at the as-of date",
    "absent.reconsideration.correction_requested_on": "no case read as asked for corrections; the acceptance review period is not lengthened for them",
    "absent.reconsideration.correction_supplied_on": "no correction read as supplied; the acceptance review period is not lengthened for corrections",
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
    "group.settled": "settled",
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
    "timeliness.days_note": "Days are counted from acceptance, the days of a suspension excluded; whether a case is late follows the limits of its procedure, below.",
    "timeliness.note": "Under {law}: {rules}the days of a suspension are not counted; a period whose last day is a statutory holiday or rest day ends on the next working day (holidays as the State Council arranges them each year). Pending cases are judged as of {as_of}; a case still suspended is not overdue.",
    "law.2023": "the Administrative Reconsideration Law as revised in 2023 (in force from 1 January 2024), art. 62",
    "law.1999": "the Administrative Reconsideration Law before its 2023 revision, art. 31",
    "rule.ordinary": "the ordinary procedure decides within {days} days of acceptance, {ext} more where extended; ",
    "rule.simplified": "the simplified procedure within {days} days; ",
    "procedures": "Limits by procedure",
    "col.procedure": "Procedure",
    "col.limit": "Limit",
    "col.under_review": "Under review",
    "col.concluded": "Concluded",
    "col.overdue": "Decided late",
    "col.on_time": "Decided on time",
    "col.open_overdue": "Pending past the limit",
    "procedure.ordinary": "ordinary",
    "procedure.simplified": "simplified",
    "limit.days": "{d} days (calendar days, last day rolled forward)",
    "limit.days_ext": "{d} days, {e} more where extended (calendar days, last day rolled forward)",
    "overdue_cases": "Cases decided past the limit",
    "open_overdue_cases": "Pending cases past the limit at the as-of date",
    "col.case": "Case number",
    "col.accepted_on": "Accepted",
    "col.decided_on": "Decided",
    "col.deadline": "Last day",
    "col.days": "Days (suspension excluded)",
    "col.suspended": "Days suspended",
    "none_overdue": "No case is past its limit.",
    "acceptance": "Acceptance review",
    "acceptance.note": "The reconsideration body decides whether to accept an application within {days} working days of receiving it ({law}); the time spent correcting materials is not counted.",
    "acceptance.law.2023": "Reconsideration Law as revised in 2023, arts. 30 and 31",
    "acceptance.law.1999": "Reconsideration Law before its 2023 revision, arts. 17 and 40",
    "col.reviewed": "Accepted cases",
    "col.late": "Accepted late",
    "col.review_rate": "Reviewed on time",
    "col.received_on": "Received",
    "col.due": "Last day for the review",
    "col.working_days": "Working days taken",
    "jurisdiction": "Jurisdiction",
    "jurisdiction.warning": "The respondent of these {n} cases is the reviewing government itself (params reconsideration.reviewing_body: {names}). An application against it goes to the government above, not to this body: {cases}. Check whether the register is wrong or the case is not this body's to review.",
    "jurisdiction.none": "No case names the reviewing government itself as respondent.",
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
    "working_days_unit": "{v} working days",
}
add_choice_labels(_ZH, _EN, "intake", INTAKE)
add_choice_labels(_ZH, _EN, "outcome", OUTCOMES)

GROUP_OF = {
    "upheld": "upheld_or_dismissed",
    "dismissed": "upheld_or_dismissed",
    **{code: "direct" for code in DIRECT_CORRECTIONS},
    "withdrawn_after_correction": "correction_withdrawn",
    "mediated": "mediated",
    "withdrawn_after_mediation": "mediated",
    "settled": "settled",
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
            "settled": charts.PALETTE[7],
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
        return html.section(
            self.t("timeliness"),
            html.table([self.t("col.measure"), self.t("col.figure")], rows, numeric=(1,)),
            note=self.t("timeliness.days_note"),
        )

    def procedures(self) -> html.Html:
        """The rule each timeliness figure applies: per procedure its limit, cases, and those past it."""
        m = self.m
        p = self.params.reconsideration
        rows = []
        for code, figures in m["procedures"].items():
            if code == "simplified":
                limit = self.t("limit.days", d=figures["limit_days"])
            else:
                limit = self.t("limit.days_ext", d=figures["limit_days"], e=figures["extension_days"])
            rows.append(
                (
                    self.t(f"procedure.{code}"),
                    limit,
                    self.count(figures["cases"]),
                    self.count(figures["concluded"]),
                    self.count(figures["overdue"]),
                    self.pct(figures["on_time_rate"]),
                    self.count(figures["open_overdue"]),
                )
            )
        headers = [
            self.t(k)
            for k in (
                "col.procedure",
                "col.limit",
                "col.under_review",
                "col.concluded",
                "col.overdue",
                "col.on_time",
                "col.open_overdue",
            )
        ]
        rules = self.t("rule.ordinary", days=p.decision_days, ext=p.extension_days)
        if m["law"] == "2023":
            rules += self.t("rule.simplified", days=p.simplified_days)
        note = self.t(
            "timeliness.note", law=self.t(f"law.{m['law']}"), rules=rules, as_of=self.params.as_of.isoformat()
        )
        return html.section(
            self.t("procedures"),
            html.table(headers, rows, numeric=(2, 3, 4, 5, 6)),
            self._late(m["overdue_cases"], "overdue_cases", decided=True),
            self._late(m["open_overdue_cases"], "open_overdue_cases", decided=False),
            note=note,
        )

    def _late(self, cases: list[dict[str, Any]], title: str, decided: bool) -> html.Html:
        """A table of the cases past their limit, by case number."""
        heading = f"<h3>{html.esc(self.t(title))}</h3>"
        if not cases:
            return html.Html(heading + str(html.paragraph(self.t("none_overdue"))))
        columns = [
            "col.case",
            "col.procedure",
            "col.accepted_on",
            *(["col.decided_on"] if decided else []),
            "col.deadline",
            "col.limit",
            "col.suspended",
            "col.days",
        ]
        rows = [
            (
                c["case_id"],
                self.t(f"procedure.{c['procedure']}"),
                c["accepted_on"],
                *([c["decided_on"]] if decided else []),
                c["deadline"],
                self.t("days_unit", v=c["limit_days"]),
                self.count(c["suspended_days"]),
                self.count(c["days"]),
            )
            for c in cases
        ]
        width = len(columns)
        return html.Html(heading + str(html.table([self.t(c) for c in columns], rows, numeric=(width - 2, width - 1))))

    def acceptance(self) -> html.Html:
        """Whether each application was accepted within the working days the law gives, correction excluded."""
        review, late = self.m["acceptance_review"], self.m["late_acceptance_cases"]
        rows = [
            (
                self.t("working_days_unit", v=review["limit_working_days"]),
                self.count(review["reviewed"]),
                self.count(review["late"]),
                self.pct(review["on_time_rate"]),
            )
        ]
        headers = [self.t("col.limit"), self.t("col.reviewed"), self.t("col.late"), self.t("col.review_rate")]
        parts = [html.table(headers, rows, numeric=(1, 2, 3))]
        if late:
            parts.append(
                html.table(
                    [
                        self.t(k)
                        for k in ("col.case", "col.received_on", "col.accepted_on", "col.due", "col.working_days")
                    ],
                    [
                        (c["case_id"], c["received_on"], c["accepted_on"], c["due"], self.count(c["working_days"]))
                        for c in late
                    ],
                    numeric=(4,),
                )
            )
        note = self.t(
            "acceptance.note", days=review["limit_working_days"], law=self.t(f"acceptance.law.{self.m['law']}")
        )
        return html.section(self.t("acceptance"), *parts, note=note)

    def jurisdiction(self) -> html.Html:
        """A warning: cases whose respondent is the reviewing government itself (by case number)."""
        cases = self.m["jurisdiction_warnings"]
        if not cases:
            return html.section(self.t("jurisdiction"), html.paragraph(self.t("jurisdiction.none")))
        separator = "、" if self.language == "zh" else ", "
        text = self.t(
            "jurisdiction.warning",
            n=len(cases),
            cases=separator.join(cases),
            names=separator.join(self.params.reconsideration.reviewing_body),
        )
        return html.section(self.t("jurisdiction"), html.Html(f'<p class="audit-warning">{html.esc(text)}</p>'))

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
