"""The administrative litigation report (行政应诉): what its notebook displays."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from audit.audits.litigation.compute import OUTCOME_CODES, case_frame, outcome_table
from audit.audits.litigation.register import JUDGMENT_TYPES, OUTCOMES
from audit.registers import Register
from audit.report import charts, html
from audit.report.base import Report, add_choice_labels

if TYPE_CHECKING:
    import pandas as pd

_ZH = {
    # what an optional column the register lacks means for this page (audit.report.columns)
    "absent.litigation.hearing_held": "每件均按未开庭计算；没有开庭的案件，负责人出庭应诉率不计算",
    "absent.litigation.head_appeared": "每件均按负责人未出庭计算，负责人出庭应诉率据此计算",
    "absent.litigation.head_role": "出庭的负责人均按未登记职务计算，不计入负责人出庭应诉率",
    "absent.litigation.hearing_on": "每件均按未填写开庭日期计算；按月份的开庭统计不计算",
    "absent.litigation.outcome": "每件均按“在审”计算；没有结案的案件，败诉率、撤诉率不计算",
    "title": "行政应诉审计报告",
    "headline": "主要指标",
    "summary.cases": "{year}年全区共有一审行政应诉案件{cases}件，其中开庭审理{hearings}件。",
    "summary.appearance": "行政机关负责人出庭应诉{appearances}件（正职{principal}件、副职{deputy}件），"
    "出庭应诉率{rate}，{verdict}。",
    "summary.outcomes": "审结{concluded}件、在审{pending}件；审结案件中胜诉{won}件、败诉{lost}件、原告撤诉{withdrawn}件、"
    "裁定驳回起诉{dismissed}件、调解结案{mediated}件。",
    "summary.loss": "以{denominator}{base}件计，败诉率{rate}，{verdict}。",
    "verdict.higher.ok": "达到{target}的年度目标",
    "verdict.higher.bad": "低于{target}的年度目标",
    "verdict.lower.ok": "未超过{target}的年度目标",
    "verdict.lower.bad": "高于{target}的年度目标",
    "verdict.none": "无可计算的数据",
    "fig.cases": "应诉案件",
    "fig.hearings": "开庭审理",
    "fig.appearance_rate": "负责人出庭应诉率",
    "fig.loss_rate": "败诉率",
    "fig.concluded": "审结",
    "fig.pending": "在审",
    "fig.target": "目标 {target}",
    "outcomes": "裁判结果",
    "outcomes.note": "占比以审结案件数为分母；结案方式未填写的，按裁判结果推定"
    "（胜诉、败诉为判决，撤诉、驳回起诉为裁定，调解为调解书）。",
    "col.outcome": "裁判结果",
    "col.judgment_type": "结案方式",
    "col.cases": "件数",
    "col.share": "占比",
    "total": "合计",
    "outcome_chart": "裁判结果分布（件）",
    "cases": "件数",
    "appearance": "行政机关负责人出庭应诉",
    "appearance.note": "出庭应诉率 = 负责人出庭应诉件数 ÷ 开庭审理件数；负责人出庭只有登记了职务（正职、副职或分管负责人）才计入（最高人民法院法释〔2020〕3号）；年度目标取自参数文件 litigation.targets。",
    "col.measure": "项目",
    "col.figure": "数值",
    "col.target": "年度目标",
    "col.status": "是否达标",
    "hearings": "开庭审理案件",
    "appearances": "负责人出庭应诉",
    "principal": "其中：正职负责人",
    "deputy": "其中：副职负责人",
    "role_blank": "负责人出庭但职务未填写（不计入）",
    "role_blank.cases": "以下案件登记了负责人出庭，但未填写出庭负责人职务，不计入出庭应诉率：{cases}。请补填职务（正职、副职或分管负责人）。",
    "col.month": "开庭月份",
    "status.ok": "达标",
    "status.bad": "未达标",
    "status.none": "—",
    "target.higher": "≥ {target}",
    "target.lower": "≤ {target}",
    "appearance_chart": "各被告单位负责人出庭应诉率",
    "rate_axis": "出庭应诉率（%）",
    "target_line": "目标 {target}",
    "loss": "行政诉讼败诉率",
    "loss.note": "败诉率 = 败诉件数 ÷ {denominator}件数（口径见参数文件 definitions.litigation.loss_rate）；"
    "败诉指判决撤销、确认违法、责令履行、变更或赔偿。",
    "col.rate": "指标",
    "col.numerator": "分子",
    "col.denominator": "分母",
    "col.value": "比率",
    "rate.loss_rate": "败诉率",
    "rate.withdrawal_rate": "原告撤诉率",
    "count.lost": "败诉",
    "count.withdrawn": "原告撤诉",
    "count.judgments": "以判决结案",
    "count.concluded": "审结",
    "denominator.judgments": "判决结案的",
    "denominator.concluded": "审结",
    "losses": "败诉较多的单位",
    "losses.none": "本年度没有败诉案件。",
    "losses.note": "按败诉件数由多到少排列，件数相同的按案件数、单位名称排列；只列有败诉的单位。",
    "loss_chart": "各被告单位败诉件数",
    "legend.losses": "败诉（件）",
    "defendants": "各被告单位应诉情况",
    "defendants.note": "按案件数由多到少排列；出庭应诉率以该单位开庭审理件数为分母，败诉率以该单位{denominator}件数为分母。",
    "col.defendant": "被告单位",
    "col.hearings": "开庭",
    "col.appearances": "负责人出庭",
    "col.appearance_rate": "出庭应诉率",
    "col.losses": "败诉",
    "col.loss_rate": "败诉率",
    "matters": "案由",
    "col.matter": "案由",
    "matter.blank": "未填写",
    "pending_type": "—",
}
_EN = {
    "absent.litigation.hearing_held": "no case read as heard; with no hearings, the head-appearance rate is not computed",
    "absent.litigation.head_appeared": "no head read as appearing, and the head-appearance rate is computed so",
    "absent.litigation.head_role": "every head who appeared is read as of no stated rank, and is not counted in the head-appearance rate",
    "absent.litigation.hearing_on": "no hearing read as dated; the hearings by month are not computed",
    "absent.litigation.outcome": "every case read as pending; none is concluded, and the loss and withdrawal rates are not computed",
    "title": "Administrative litigation audit",
    "headline": "Headline figures",
    "summary.cases": "In {year} agencies of the district were defendants in {cases} first-instance administrative "
    "lawsuits, {hearings} of them heard in court.",
    "summary.appearance": "The agency's head appeared in court in {appearances} of the cases heard ({principal} by a "
    "principal, {deputy} by a deputy head): an appearance rate of {rate}, {verdict}.",
    "summary.outcomes": "{concluded} cases were concluded and {pending} are pending: {won} won, {lost} lost, "
    "{withdrawn} withdrawn by the plaintiff, {dismissed} dismissed by ruling and {mediated} mediated.",
    "summary.loss": "Over the {base} {denominator} cases the loss rate is {rate}, {verdict}.",
    "verdict.higher.ok": "meeting the target of {target}",
    "verdict.higher.bad": "below the target of {target}",
    "verdict.lower.ok": "within the target of {target}",
    "verdict.lower.bad": "above the target of {target}",
    "verdict.none": "with nothing to compute it from",
    "fig.cases": "Lawsuits",
    "fig.hearings": "Heard in court",
    "fig.appearance_rate": "Heads appearing in court",
    "fig.loss_rate": "Loss rate",
    "fig.concluded": "Concluded",
    "fig.pending": "Pending",
    "fig.target": "target {target}",
    "outcomes": "Outcomes",
    "outcomes.note": "Shares are of the concluded cases. Where the register leaves the form "
    "of conclusion blank it follows from the outcome (won or lost: judgment; "
    "withdrawn or dismissed: ruling; mediated: mediation statement).",
    "col.outcome": "Outcome",
    "col.judgment_type": "Concluded by",
    "col.cases": "Cases",
    "col.share": "Share",
    "total": "Total",
    "outcome_chart": "Outcomes (cases)",
    "cases": "Cases",
    "appearance": "Agency heads appearing in court",
    "appearance.note": "Appearance rate = cases where the agency's head appeared ÷ cases heard in court; an appearance "
    "counts only with the head's rank recorded (principal, deputy or deputy in charge; the Supreme People's Court's interpretation Fa Shi [2020] No. 3); "
    "the target of the year comes from the params (litigation.targets).",
    "col.measure": "Measure",
    "col.figure": "Figure",
    "col.target": "Target",
    "col.status": "Met",
    "hearings": "Cases heard in court",
    "appearances": "Head appeared in court",
    "principal": "of which principal heads",
    "deputy": "of which deputy heads",
    "role_blank": "head appeared, rank not given (not counted)",
    "role_blank.cases": "These cases record a head's appearance without the head's rank, so it is not counted in the appearance rate: {cases}. Give the rank (principal, deputy or deputy in charge).",
    "col.month": "Month of hearing",
    "status.ok": "met",
    "status.bad": "not met",
    "status.none": "—",
    "target.higher": "≥ {target}",
    "target.lower": "≤ {target}",
    "appearance_chart": "Head appearance rate by defendant agency",
    "rate_axis": "Appearance rate (%)",
    "target_line": "target {target}",
    "loss": "Loss rate",
    "loss.note": "Loss rate = cases lost ÷ {denominator} cases (see definitions.litigation.loss_rate in the params); "
    "a loss is a judgment revoking the act, confirming it illegal, ordering performance, varying it or "
    "awarding compensation.",
    "col.rate": "Rate",
    "col.numerator": "Numerator",
    "col.denominator": "Denominator",
    "col.value": "Value",
    "rate.loss_rate": "Loss rate",
    "rate.withdrawal_rate": "Withdrawal rate",
    "count.lost": "lost",
    "count.withdrawn": "withdrawn",
    "count.judgments": "concluded by judgment",
    "count.concluded": "concluded",
    "denominator.judgments": "concluded-by-judgment",
    "denominator.concluded": "concluded",
    "losses": "Agencies with the most losses",
    "losses.none": "No case was lost this year.",
    "losses.note": "Most losses first, then most cases, then by name; only agencies that lost a case are listed.",
    "loss_chart": "Cases lost by defendant agency",
    "legend.losses": "Cases lost",
    "defendants": "Defendant agencies",
    "defendants.note": "Most cases first. The appearance rate is over the agency's cases heard in court, the loss "
    "rate over its {denominator} cases.",
    "col.defendant": "Defendant",
    "col.hearings": "Heard",
    "col.appearances": "Head appeared",
    "col.appearance_rate": "Appearance rate",
    "col.losses": "Lost",
    "col.loss_rate": "Loss rate",
    "matters": "Matters",
    "col.matter": "Matter",
    "matter.blank": "not given",
    "pending_type": "—",
}
add_choice_labels(_ZH, _EN, "outcome", OUTCOMES)
add_choice_labels(_ZH, _EN, "judgment_type", JUDGMENT_TYPES)

OUTCOME_COLOURS = {
    "won": charts.PALETTE[0],
    "lost": charts.PALETTE[3],
    "withdrawn": charts.PALETTE[2],
    "dismissed": charts.PALETTE[6],
    "mediated": charts.PALETTE[4],
    "pending": charts.PALETTE[1],
}


class LitigationReport(Report):
    """行政应诉审计报告: cases, heads appearing in court, outcomes and losses, per agency."""

    audit_key: ClassVar[str | None] = "litigation"
    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {"zh": _ZH, "en": _EN}

    @cached_property
    def register(self) -> Register:
        """The litigation register."""
        return self.loaded["litigation"]

    @cached_property
    def cases(self) -> pd.DataFrame:
        """One row per lawsuit with the fields every figure is built from."""
        return case_frame(self.register)

    @cached_property
    def targets(self) -> dict[str, dict[str, Any]]:
        """The year's targets (appearance and loss rate), each with its value and whether it was met."""
        return {t["metric"]: t for t in self.m["targets"]}

    # -- wording -------------------------------------------------------------------------

    def verdict(self, metric: str) -> str:
        """A rate against its target in words (达到/低于…的年度目标)."""
        t = self.targets[metric]
        if t["met"] is None:
            return self.t("verdict.none")
        return self.t(f"verdict.{t['direction']}.{'ok' if t['met'] else 'bad'}", target=self.pct(t["target"]))

    def mark(self, metric: str) -> html.Html | str:
        """A ✓/✗ mark of a rate against its target (a dash where the rate has no value)."""
        met = self.targets[metric]["met"]
        if met is None:
            return self.t("status.none")
        return html.status(met, self.t("status.ok" if met else "status.bad"))

    def target_text(self, metric: str) -> str:
        """The target of a rate as written in a table (≥ 90.00%)."""
        t = self.targets[metric]
        return self.t(f"target.{t['direction']}", target=self.pct(t["target"]))

    def _with_label(self, n: int, key: str) -> str:
        return f"{self.count(n)}（{self.t(key)}）" if self.language == "zh" else f"{self.count(n)} ({self.t(key)})"

    # -- sections ------------------------------------------------------------------------

    def title(self) -> html.Html:
        """Title and the year it covers."""
        return html.title(self.t("title"), self.subtitle())

    def headline(self) -> html.Html:
        """Key figures and a summary paragraph: cases, appearance and loss rates against their targets."""
        m, o = self.m, self.m["outcomes"]
        figures = [
            (self.t("fig.cases"), self.count(m["cases"]), ""),
            (self.t("fig.hearings"), self.count(m["hearings"]), ""),
            (
                self.t("fig.appearance_rate"),
                self.pct(m["head_appearance_rate"]),
                self.t("fig.target", target=self.target_text("head_appearance_rate")),
            ),
            (
                self.t("fig.loss_rate"),
                self.pct(m["loss_rate"]),
                self.t("fig.target", target=self.target_text("loss_rate")),
            ),
            (self.t("fig.concluded"), self.count(m["concluded"]), ""),
            (self.t("fig.pending"), self.count(m["pending"]), ""),
        ]
        denominator = m["loss_rate_denominator"]
        sentences = [
            self.t("summary.cases", year=self.params.year, cases=m["cases"], hearings=m["hearings"]),
            self.t(
                "summary.appearance",
                appearances=m["head_appearances"],
                principal=m["principal_appearances"],
                deputy=m["deputy_appearances"],
                rate=self.pct(m["head_appearance_rate"]),
                verdict=self.verdict("head_appearance_rate"),
            ),
            self.t(
                "summary.outcomes",
                concluded=m["concluded"],
                pending=m["pending"],
                **{code: n for code, n in o.items() if code != "pending"},
            ),
            self.t(
                "summary.loss",
                denominator=self.t(f"denominator.{denominator}"),
                base=m[denominator],
                rate=self.pct(m["loss_rate"]),
                verdict=self.verdict("loss_rate"),
            ),
        ]
        text = ("" if self.language == "zh" else " ").join(sentences)
        return html.section(self.t("headline"), html.key_figures(figures), html.paragraph(text))

    def outcomes(self) -> html.Html:
        """Cases per outcome and form of conclusion, with their share of the concluded cases."""
        concluded = self.m["concluded"]
        rows = []
        for outcome, kind, n in outcome_table(self.cases).itertuples(index=False, name=None):
            pending = outcome == "pending"
            rows.append(
                (
                    self.label("outcome", outcome),
                    self.t("pending_type") if pending else self.label("judgment_type", kind),
                    self.count(n),
                    "" if pending else self.pct(n / concluded if concluded else None),
                )
            )
        rows.append((self.t("total"), "", self.count(self.m["cases"]), ""))
        headers = [self.t("col.outcome"), self.t("col.judgment_type"), self.t("col.cases"), self.t("col.share")]
        return html.section(self.t("outcomes"), html.table(headers, rows, numeric=(2, 3)), note=self.t("outcomes.note"))

    def outcome_chart(self) -> html.Html:
        """Outcomes as bars, losses in red."""
        codes = [c for c in OUTCOME_CODES if self.m["outcomes"][c]]
        fig = charts.bar_chart(
            [self.label("outcome", c) for c in codes],
            [self.m["outcomes"][c] for c in codes],
            self.t("outcome_chart"),
            self.t("cases"),
            colors=[OUTCOME_COLOURS[c] for c in codes],
        )
        return html.figure(fig, self.t("outcome_chart"))

    def appearance(self) -> html.Html:
        """Heads appearing in court: the counts behind the rate, and the rate against its target."""
        m = self.m
        blank = m["appearances_without_rank"]
        rows: list[tuple[object, ...]] = [
            (self.t("hearings"), self.count(m["hearings"]), "", ""),
            (self.t("appearances"), self.count(m["head_appearances"]), "", ""),
            (self.t("principal"), self.count(m["principal_appearances"]), "", ""),
            (self.t("deputy"), self.count(m["deputy_appearances"]), "", ""),
        ]
        if blank:
            rows.append((self.t("role_blank"), self.count(blank), "", ""))
        rows.append(
            (
                self.t("fig.appearance_rate"),
                self.pct(m["head_appearance_rate"]),
                self.target_text("head_appearance_rate"),
                self.mark("head_appearance_rate"),
            )
        )
        headers = [self.t("col.measure"), self.t("col.figure"), self.t("col.target"), self.t("col.status")]
        parts = [html.table(headers, rows, numeric=(1,))]
        if blank:
            separator = "、" if self.language == "zh" else ", "
            text = self.t("role_blank.cases", cases=separator.join(m["appearances_without_rank_cases"]))
            parts.append(html.Html(f'<p class="audit-warning">{html.esc(text)}</p>'))
        if m["by_hearing_month"]:
            parts.append(
                html.table(
                    [self.t("col.month"), self.t("hearings"), self.t("appearances")],
                    [
                        (r["month"], self.count(r["hearings"]), self.count(r["head_appearances"]))
                        for r in m["by_hearing_month"]
                    ],
                    numeric=(1, 2),
                )
            )
        return html.section(self.t("appearance"), *parts, note=self.t("appearance.note"))

    def appearance_chart(self) -> html.Html:
        """Appearance rate per defendant agency with a hearing, highest first, against the target line."""
        target = self.targets["head_appearance_rate"]["target"]
        heard = sorted(
            (r for r in self.m["by_defendant"] if r["hearings"]),
            key=lambda r: (-(r["appearance_rate"] or 0.0), r["defendant"]),
        )
        rates = [r["appearance_rate"] or 0.0 for r in heard]
        colors = [charts.PALETTE[4] if rate >= target else charts.PALETTE[3] for rate in rates]
        fig = charts.bar_chart(
            [r["defendant"] for r in heard],
            [100 * rate for rate in rates],
            self.t("appearance_chart"),
            self.t("rate_axis"),
            colors=colors,
            value_labels=[self.pct(r["appearance_rate"]) for r in heard],
            reference=100 * target,
            reference_label=self.t("target_line", target=self.pct(target)),
        )
        return html.figure(fig, self.t("appearance_chart"))

    def loss(self) -> html.Html:
        """Loss and withdrawal rates with numerator, denominator and the loss rate against its target."""
        m = self.m
        denominator = m["loss_rate_denominator"]
        rows = [
            (
                self.t("rate.loss_rate"),
                self._with_label(m["lost"], "count.lost"),
                self._with_label(m[denominator], f"count.{denominator}"),
                self.pct(m["loss_rate"]),
                self.target_text("loss_rate"),
                self.mark("loss_rate"),
            ),
            (
                self.t("rate.withdrawal_rate"),
                self._with_label(m["outcomes"]["withdrawn"], "count.withdrawn"),
                self._with_label(m["concluded"], "count.concluded"),
                self.pct(m["withdrawal_rate"]),
                "",
                "",
            ),
        ]
        headers = [
            self.t(k) for k in ("col.rate", "col.numerator", "col.denominator", "col.value", "col.target", "col.status")
        ]
        return html.section(
            self.t("loss"),
            html.table(headers, rows, numeric=(3,)),
            note=self.t("loss.note", denominator=self.t(f"denominator.{denominator}")),
        )

    def _losing(self) -> list[dict[str, Any]]:
        losing = [r for r in self.m["by_defendant"] if r["losses"]]
        return sorted(losing, key=lambda r: (-r["losses"], -r["cases"], r["defendant"]))

    def losses(self) -> html.Html:
        """The agencies that lost cases, most losses first."""
        losing = self._losing()
        if not losing:
            return html.section(self.t("losses"), html.paragraph(self.t("losses.none")))
        rows = [
            (r["defendant"], self.count(r["cases"]), self.count(r["losses"]), self.pct(r["loss_rate"])) for r in losing
        ]
        headers = [self.t("col.defendant"), self.t("col.cases"), self.t("col.losses"), self.t("col.loss_rate")]
        return html.section(self.t("losses"), html.table(headers, rows, numeric=(1, 2, 3)), note=self.t("losses.note"))

    def loss_chart(self) -> html.Html:
        """Cases lost per agency (those that lost any); nothing where no case was lost."""
        losing = self._losing()
        if not losing:
            return html.Html("")
        fig = charts.bar_chart(
            [r["defendant"] for r in losing],
            [r["losses"] for r in losing],
            self.t("loss_chart"),
            self.t("legend.losses"),
            colors=[charts.PALETTE[3]] * len(losing),
        )
        return html.figure(fig, self.t("loss_chart"))

    def defendants(self) -> html.Html:
        """Every defendant agency: cases, hearings, heads' appearances, losses and both rates."""
        rows = [
            (
                r["defendant"],
                self.count(r["cases"]),
                self.count(r["hearings"]),
                self.count(r["head_appearances"]),
                self.pct(r["appearance_rate"]),
                self.count(r["losses"]),
                self.pct(r["loss_rate"]),
            )
            for r in self.m["by_defendant"]
        ]
        headers = [
            self.t(k)
            for k in (
                "col.defendant",
                "col.cases",
                "col.hearings",
                "col.appearances",
                "col.appearance_rate",
                "col.losses",
                "col.loss_rate",
            )
        ]
        denominator = self.t(f"denominator.{self.m['loss_rate_denominator']}")
        return html.section(
            self.t("defendants"),
            html.table(headers, rows, numeric=(1, 2, 3, 4, 5, 6)),
            note=self.t("defendants.note", denominator=denominator),
        )

    def matters(self) -> html.Html:
        """Cases and losses by matter (案由)."""
        rows = [
            (r["matter"] or self.t("matter.blank"), self.count(r["cases"]), self.count(r["losses"]))
            for r in self.m["by_matter"]
        ]
        headers = [self.t("col.matter"), self.t("col.cases"), self.t("col.losses")]
        return html.section(self.t("matters"), html.table(headers, rows, numeric=(1, 2)))
