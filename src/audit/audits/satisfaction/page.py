"""The enforcement satisfaction report (行政执法满意度): what its notebook displays.

The page reads the ``satisfaction`` block of metrics.json only: no section touches the
register's rows, so the respondent's name (a column the hand-off to the kernels drops) is never
on the page, whether the notebook runs in a pipeline or on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from audit.audits.satisfaction.register import ANSWER_CODES, ANSWERS, METHODS
from audit.report import charts, html
from audit.report.base import Report, add_choice_labels

_ZH = {
    # what an optional column the register lacks means for this page (audit.report.columns)
    "absent.satisfaction.respondents": "没有按调查汇总的行；每行按一份答卷、按其“评价”计算",
    "absent.satisfaction.satisfied": "没有按调查汇总的行；每行按一份答卷、按其“评价”计算",
    "absent.satisfaction.answer": "没有逐人登记的答卷；每行须为按调查汇总的行（调查人数、满意人数）",
    "title": "行政执法满意度审计报告",
    "headline": "主要指标",
    "summary.responses": "{year}年共调查{responses}人次，涉及{units}个被调查单位",
    "summary.not_counted": "；评价为{answers}的{not_counted}人次未对执法作出评价，不计入满意率",
    "summary.rate": "。计入满意率的{respondents}人中，表示满意的{satisfied}人，执法满意率{rate}，{verdict}。",
    "summary.surveys": "{year}年共开展满意度调查{surveys}次，涉及{units}个被调查单位，调查{respondents}人，"
    "满意{satisfied}人，执法满意率{rate}，{verdict}。",
    "summary.below": "满意率低于目标的单位{n}个：{units}。",
    "summary.none_below": "各被调查单位的满意率均达到目标。",
    "verdict.ok": "达到{target}的年度目标",
    "verdict.bad": "低于{target}的年度目标",
    "verdict.none": "无可计算的数据",
    "fig.rate": "执法满意率",
    "fig.target": "目标 ≥ {target}",
    "fig.respondents": "调查人数（计入满意率）",
    "fig.satisfied": "满意人数",
    "fig.not_satisfied": "未表示满意",
    "fig.below": "低于目标的单位",
    "fig.below_of": "共 {units} 个单位",
    "fig.not_counted": "不计入满意率",
    "definition": "满意率口径",
    "definition.responses": "满意率 = 表示满意的人数 ÷ 计入满意率的调查人数。本登记表逐人登记评价，各评价的归类取自参数文件"
    " satisfaction.satisfied_answers（计为满意）和 satisfaction.not_counted_answers（不计入）；其余评价计为未表示满意。"
    "目标取自参数文件 satisfaction.target_rate（未填写时用默认值）：无法律或国家文件规定满意率目标，应按本单位的年度目标填写。",
    "definition.surveys": "本登记表按调查汇总：每行是一次调查，调查人数、满意人数取自该次调查自己的统计，"
    "参数 satisfaction.satisfied_answers 不适用。满意率 = 各次调查满意人数之和 ÷ 调查人数之和。"
    "目标取自参数文件 satisfaction.target_rate（未填写时用默认值）：无法律或国家文件规定满意率目标，应按本单位的年度目标填写。",
    "col.answer": "评价",
    "col.count": "人次",
    "col.share": "占计入人数",
    "col.class": "归类",
    "class.satisfied": "计为满意",
    "class.not_satisfied": "未表示满意",
    "class.not_counted": "不计入",
    "total": "合计",
    "answer_chart": "各评价人次",
    "people": "人次",
    "units": "各被调查单位满意率",
    "units.note": "按满意率由低到高排列，满意率相同的按调查人数、单位名称排列；满意率以该单位计入满意率的调查人数为分母。",
    "col.unit": "被调查单位",
    "col.respondents": "调查人数",
    "col.satisfied": "满意人数",
    "col.not_satisfied": "未表示满意",
    "col.not_counted": "不计入",
    "col.rate": "满意率",
    "col.target": "目标",
    "col.status": "是否达标",
    "status.ok": "达标",
    "status.bad": "未达标",
    "status.none": "—",
    "target": "≥ {target}",
    "unit_chart": "各被调查单位执法满意率（虚线为目标 {target}）",
    "rate_axis": "满意率（%）",
    "below": "满意率低于目标的单位",
    "below.none": "各被调查单位的满意率均达到{target}的目标。",
    "below.note": "差距 = 目标 − 满意率（百分点）；按满意率由低到高排列。",
    "col.gap": "差距（百分点）",
    "exceptions": "未表示满意的答卷",
    "exceptions.note": "逐份列出计入满意率而未表示满意的答卷，供被调查单位逐件回访整改；"
    "以登记表行号和调查编号标识；不列被调查人，也不列执法案件编号和意见建议原文（可据以识别被调查人），请按行号查阅登记表。",
    "exceptions.none": "本年度没有未表示满意的答卷。",
    "exceptions.surveys": "满意率低于目标的调查",
    "exceptions.surveys.none": "各次调查的满意率均达到{target}的目标。",
    "col.row": "登记表行号",
    "col.survey_id": "调查编号",
    "col.case_id": "回访执法案件",
    "yes": "是",
    "no": "否",
    "col.date": "调查日期",
    "col.method": "调查方式",
    "col.comment": "有意见建议",
    "surveys": "各次调查",
    "surveys.note": "按调查日期排列；满意率以该次调查的调查人数为分母。",
    "months": "各月调查情况",
    "col.month": "月份",
    "col.responses": "调查人次",
    "methods": "各调查方式",
    "method.none": "未填写",
    "blank": "—",
}
_EN = {
    "absent.satisfaction.respondents": "no row read as a survey's counts; each row is one response, counted by its answer (评价)",
    "absent.satisfaction.satisfied": "no row read as a survey's counts; each row is one response, counted by its answer (评价)",
    "absent.satisfaction.answer": "no row read as one response; each row must give a survey's counts (调查人数, 满意人数)",
    "title": "Enforcement satisfaction audit",
    "headline": "Headline figures",
    "summary.responses": "In {year}, {responses} responses were collected about {units} units",
    "summary.not_counted": "; {not_counted} of them ({answers}) rate nothing and are not counted in the rate",
    "summary.rate": ". Of the {respondents} people counted, {satisfied} were satisfied: a satisfaction rate of "
    "{rate}, {verdict}.",
    "summary.surveys": "In {year}, {surveys} satisfaction surveys covered {units} units: {respondents} people "
    "surveyed, {satisfied} satisfied, a satisfaction rate of {rate}, {verdict}.",
    "summary.below": " Units below the target ({n}): {units}.",
    "summary.none_below": " Every unit surveyed meets the target.",
    "verdict.ok": "meeting the target of {target}",
    "verdict.bad": "below the target of {target}",
    "verdict.none": "with nothing to compute it from",
    "fig.rate": "Satisfaction rate",
    "fig.target": "target ≥ {target}",
    "fig.respondents": "People surveyed (counted)",
    "fig.satisfied": "Satisfied",
    "fig.not_satisfied": "Not satisfied",
    "fig.below": "Units below the target",
    "fig.below_of": "of {units} units",
    "fig.not_counted": "Not counted in the rate",
    "definition": "How the rate is taken",
    "definition.responses": "Satisfaction rate = people satisfied ÷ people surveyed and counted. This register has one "
    "row per response; which answers count as satisfied and which are not counted come from the params "
    "(satisfaction.satisfied_answers, satisfaction.not_counted_answers); every other answer counts as not satisfied. "
    "The target is the params' satisfaction.target_rate (its default where they give none): no law or national document "
    "sets one; it should be the bureau's own target of the year.",
    "definition.surveys": "This register has one row per survey: people surveyed and people satisfied are each "
    "survey's own tally, and satisfaction.satisfied_answers does not apply. Satisfaction rate = the surveys' "
    "people satisfied ÷ their people surveyed. The target is the params' satisfaction.target_rate (its default where "
    "they give none): no law or national document sets one; it should be the bureau's own target of the year.",
    "col.answer": "Answer",
    "col.count": "Responses",
    "col.share": "Share of counted",
    "col.class": "Counted as",
    "class.satisfied": "satisfied",
    "class.not_satisfied": "not satisfied",
    "class.not_counted": "not counted",
    "total": "Total",
    "answer_chart": "Responses by answer",
    "people": "Responses",
    "units": "Satisfaction by unit surveyed",
    "units.note": "Lowest rate first, then most people surveyed, then by name; each rate is over the unit's people "
    "surveyed and counted.",
    "col.unit": "Unit surveyed",
    "col.respondents": "Surveyed",
    "col.satisfied": "Satisfied",
    "col.not_satisfied": "Not satisfied",
    "col.not_counted": "Not counted",
    "col.rate": "Rate",
    "col.target": "Target",
    "col.status": "Met",
    "status.ok": "met",
    "status.bad": "not met",
    "status.none": "—",
    "target": "≥ {target}",
    "unit_chart": "Enforcement satisfaction by unit surveyed (dashed line: target {target})",
    "rate_axis": "Satisfaction rate (%)",
    "below": "Units below the target",
    "below.none": "Every unit surveyed meets the target of {target}.",
    "below.note": "Gap = target − rate, in percentage points; lowest rate first.",
    "col.gap": "Gap (points)",
    "exceptions": "Responses not satisfied",
    "exceptions.note": "Every counted response that was not satisfied, for the unit to follow up case by case; "
    "named by register row and survey number; never the respondent, nor the case number or the comment itself "
    "(either can identify the respondent): read them in the register at the row given.",
    "exceptions.none": "No counted response this year was not satisfied.",
    "exceptions.surveys": "Surveys below the target",
    "exceptions.surveys.none": "Every survey meets the target of {target}.",
    "col.row": "Register row",
    "col.survey_id": "Survey",
    "col.case_id": "Follows up a case",
    "yes": "yes",
    "no": "no",
    "col.date": "Date",
    "col.method": "Method",
    "col.comment": "Has a comment",
    "surveys": "Surveys",
    "surveys.note": "By date; each rate is over the survey's people surveyed.",
    "months": "Surveys by month",
    "col.month": "Month",
    "col.responses": "Responses",
    "methods": "By survey method",
    "method.none": "not given",
    "blank": "—",
}
add_choice_labels(_ZH, _EN, "answer", ANSWERS)
add_choice_labels(_ZH, _EN, "method", METHODS)

CLASS_COLOURS = {"satisfied": charts.PALETTE[4], "not_satisfied": charts.PALETTE[3], "not_counted": charts.PALETTE[6]}


class SatisfactionReport(Report):
    """行政执法满意度审计报告: the satisfaction rate against the target, by unit, and what was not satisfied."""

    audit_key: ClassVar[str | None] = "satisfaction"
    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {"zh": _ZH, "en": _EN}

    # -- wording -------------------------------------------------------------------------

    @property
    def per_survey(self) -> bool:
        """True where the register has one row per survey (else one per response)."""
        return bool(self.m["shape"] == "surveys")

    def target_text(self) -> str:
        """The target as written in a table (≥ 95.00%)."""
        return self.t("target", target=self.pct(self.m["target_rate"]))

    def verdict(self) -> str:
        """The year's rate against the target in words."""
        met = self.m["met"]
        if met is None:
            return self.t("verdict.none")
        return self.t("verdict.ok" if met else "verdict.bad", target=self.pct(self.m["target_rate"]))

    def mark(self, met: bool | None) -> html.Html | str:
        """A ✓/✗ mark of a rate against the target (a dash without a rate)."""
        if met is None:
            return self.t("status.none")
        return html.status(met, self.t("status.ok" if met else "status.bad"))

    def classify(self, answer: str) -> str:
        """How an answer counts under the year's definition: satisfied, not counted or not satisfied."""
        if answer in self.m["satisfied_answers"]:
            return "satisfied"
        if answer in self.m["not_counted_answers"]:
            return "not_counted"
        return "not_satisfied"

    def _join(self, items: Sequence[str]) -> str:
        return ("、" if self.language == "zh" else ", ").join(items)

    def _or_blank(self, value: object) -> object:
        return self.t("blank") if value is None or value == "" else value

    def _method(self, code: str | None) -> str:
        return self.t("method.none") if code is None else self.label("method", code)

    def _gap(self, rate: float) -> str:
        """Target minus rate in percentage points, at the year's decimals."""
        return self.pct(self.m["target_rate"] - rate).removesuffix("%")

    # -- sections ------------------------------------------------------------------------

    def title(self) -> html.Html:
        """Title and the year it covers."""
        return html.title(self.t("title"), self.subtitle())

    def headline(self) -> html.Html:
        """Key figures and a summary paragraph: the rate against the target, the units below it."""
        m = self.m
        figures = [
            (self.t("fig.rate"), self.pct(m["rate"]), self.t("fig.target", target=self.pct(m["target_rate"]))),
            (self.t("fig.respondents"), self.count(m["respondents"]), ""),
            (self.t("fig.satisfied"), self.count(m["satisfied"]), ""),
            (self.t("fig.not_satisfied"), self.count(m["not_satisfied"]), ""),
            (self.t("fig.below"), self.count(m["units_below_target"]), self.t("fig.below_of", units=m["units"])),
        ]
        if m["not_counted"]:
            figures.append((self.t("fig.not_counted"), self.count(m["not_counted"]), ""))
        rate, verdict = self.pct(m["rate"]), self.verdict()
        if self.per_survey:
            text = self.t(
                "summary.surveys",
                year=self.params.year,
                surveys=m["surveys"],
                units=m["units"],
                respondents=m["respondents"],
                satisfied=m["satisfied"],
                rate=rate,
                verdict=verdict,
            )
        else:
            text = self.t("summary.responses", year=self.params.year, responses=m["responses"], units=m["units"])
            if m["not_counted"]:
                named = [self.label("answer", a) for a in m["not_counted_answers"] if m["answers"].get(a)]
                text += self.t("summary.not_counted", answers=self._join(named), not_counted=m["not_counted"])
            text += self.t(
                "summary.rate", respondents=m["respondents"], satisfied=m["satisfied"], rate=rate, verdict=verdict
            )
        below = m["units_below_target_names"]
        if below:
            text += self.t("summary.below", n=len(below), units=self._join(below))
        elif m["units"]:
            text += self.t("summary.none_below")
        return html.section(self.t("headline"), html.key_figures(figures), html.paragraph(text))

    def definition(self) -> html.Html:
        """How the rate is taken; for a per-response register, each answer, how it counts and how often."""
        if self.per_survey:
            return html.section(self.t("definition"), html.paragraph(self.t("definition.surveys")))
        counted = self.m["respondents"]
        rows: list[tuple[object, ...]] = []
        for code in ANSWER_CODES:
            n = self.m["answers"][code]
            kind = self.classify(code)
            if not n and kind == "not_satisfied" and code != "dissatisfied":
                continue  # an answer nobody gave that the definition does not name (不满意 always shows)
            share = "" if kind == "not_counted" else self.pct(n / counted if counted else None)
            rows.append((self.label("answer", code), self.t(f"class.{kind}"), self.count(n), share))
        rows.append((self.t("total"), "", self.count(self.m["responses"]), ""))
        headers = [self.t("col.answer"), self.t("col.class"), self.t("col.count"), self.t("col.share")]
        return html.section(
            self.t("definition"),
            html.table(headers, rows, numeric=(2, 3)),
            note=self.t("definition.responses"),
        )

    def answer_chart(self) -> html.Html:
        """Responses per answer, coloured by how they count (nothing for a per-survey register)."""
        if self.per_survey:
            return html.Html("")
        codes = [c for c in ANSWER_CODES if self.m["answers"][c]]
        if not codes:
            return html.Html("")
        fig = charts.bar_chart(
            [self.label("answer", c) for c in codes],
            [self.m["answers"][c] for c in codes],
            self.t("answer_chart"),
            self.t("people"),
            colors=[CLASS_COLOURS[self.classify(c)] for c in codes],
        )
        return html.figure(fig, self.t("answer_chart"))

    def units(self) -> html.Html:
        """Every unit surveyed: people counted, satisfied, the rate against the target."""
        with_not_counted = any(u["not_counted"] for u in self.m["by_unit"])
        rows = []
        for u in self.m["by_unit"]:
            row: list[object] = [u["unit"], self.count(u["respondents"]), self.count(u["satisfied"])]
            row.append(self.count(u["respondents"] - u["satisfied"]))
            if with_not_counted:
                row.append(self.count(u["not_counted"]))
            row += [self.pct(u["rate"]), self.target_text(), self.mark(u["met"])]
            rows.append(row)
        keys = ["col.unit", "col.respondents", "col.satisfied", "col.not_satisfied"]
        keys += ["col.not_counted"] if with_not_counted else []
        keys += ["col.rate", "col.target", "col.status"]
        numeric = tuple(range(1, len(keys) - 2))
        return html.section(
            self.t("units"), html.table([self.t(k) for k in keys], rows, numeric=numeric), note=self.t("units.note")
        )

    def unit_chart(self) -> html.Html:
        """The rate of each unit surveyed against the target line, highest first; below the target in red."""
        units = [u for u in self.m["by_unit"] if u["rate"] is not None][::-1]
        if not units:
            return html.Html("")
        target = self.m["target_rate"]
        title = self.t("unit_chart", target=self.pct(target))
        # the target is named in the title: a legend would sit on the bars, which all reach near 100%
        fig = charts.bar_chart(
            [u["unit"] for u in units],
            [100 * u["rate"] for u in units],
            title,
            self.t("rate_axis"),
            colors=[charts.PALETTE[4] if u["met"] else charts.PALETTE[3] for u in units],
            value_labels=[self.pct(u["rate"]) for u in units],
            reference=100 * target,
        )
        return html.figure(fig, title)

    def below_target(self) -> html.Html:
        """The units whose rate is below the target, lowest first, with the gap."""
        below = [u for u in self.m["by_unit"] if u["met"] is False]
        if not below:
            none = self.t("below.none", target=self.pct(self.m["target_rate"]))
            return html.section(self.t("below"), html.paragraph(none))
        rows = [
            (
                u["unit"],
                self.count(u["respondents"]),
                self.count(u["satisfied"]),
                self.pct(u["rate"]),
                self.target_text(),
                self._gap(u["rate"]),
            )
            for u in below
        ]
        keys = ("col.unit", "col.respondents", "col.satisfied", "col.rate", "col.target", "col.gap")
        return html.section(
            self.t("below"),
            html.table([self.t(k) for k in keys], rows, numeric=(1, 2, 3, 5)),
            note=self.t("below.note"),
        )

    def exceptions(self) -> html.Html:
        """What to follow up: each response not satisfied, or (per survey) each survey below the target."""
        if self.per_survey:
            return self._surveys_below()
        missed = self.m["not_satisfied_responses"]
        if not missed:
            return html.section(self.t("exceptions"), html.paragraph(self.t("exceptions.none")))
        rows = [
            (
                r["row"],
                self._or_blank(r["survey_id"]),
                r["unit"],
                r["surveyed_on"],
                self._method(r["method"]),
                self.label("answer", r["answer"]),
                self.t("yes" if r["follows_case"] else "no"),
                self.t("yes" if r["commented"] else "no"),
            )
            for r in missed
        ]
        keys = (
            "col.row",
            "col.survey_id",
            "col.unit",
            "col.date",
            "col.method",
            "col.answer",
            "col.case_id",
            "col.comment",
        )
        return html.section(
            self.t("exceptions"),
            html.table([self.t(k) for k in keys], rows, numeric=(0,), nowrap=(3,)),
            note=self.t("exceptions.note"),
        )

    def _survey_rows(self, surveys: Sequence[Mapping[str, Any]]) -> html.Html:
        rows = [
            (
                r["row"],
                self._or_blank(r["survey_id"]),
                r["unit"],
                r["surveyed_on"],
                self._method(r["method"]),
                self.count(r["respondents"]),
                self.count(r["satisfied"]),
                self.pct(r["rate"]),
                self.mark(r["met"]),
            )
            for r in surveys
        ]
        keys = (
            "col.row",
            "col.survey_id",
            "col.unit",
            "col.date",
            "col.method",
            "col.respondents",
            "col.satisfied",
            "col.rate",
            "col.status",
        )
        return html.table([self.t(k) for k in keys], rows, numeric=(0, 5, 6, 7), nowrap=(3,))

    def _surveys_below(self) -> html.Html:
        below = [r for r in self.m["by_survey"] if r["met"] is False]
        if not below:
            none = self.t("exceptions.surveys.none", target=self.pct(self.m["target_rate"]))
            return html.section(self.t("exceptions.surveys"), html.paragraph(none))
        return html.section(self.t("exceptions.surveys"), self._survey_rows(below), note=self.t("surveys.note"))

    def surveys(self) -> html.Html:
        """Every survey of a per-survey register with its rate (nothing for a per-response register)."""
        if not self.per_survey:
            return html.Html("")
        return html.section(self.t("surveys"), self._survey_rows(self.m["by_survey"]), note=self.t("surveys.note"))

    def _breakdown(self, heading: str, first: str, records: Sequence[Mapping[str, Any]], name: str) -> html.Html:
        with_not_counted = any(r["not_counted"] for r in records)
        rows = []
        for r in records:
            label = self._method(r["method"]) if name == "method" else r[name]
            row: list[object] = [label, self.count(r["responses"])] if with_not_counted else [label]
            row += [self.count(r["respondents"]), self.count(r["satisfied"]), self.pct(r["rate"])]
            rows.append(row)
        keys = [first, *(["col.responses"] if with_not_counted else []), "col.respondents", "col.satisfied"]
        keys.append("col.rate")
        return html.section(
            self.t(heading), html.table([self.t(k) for k in keys], rows, numeric=tuple(range(1, len(keys))))
        )

    def months(self) -> html.Html:
        """People surveyed, satisfied and the rate per month."""
        return self._breakdown("months", "col.month", self.m["by_month"], "month")

    def methods(self) -> html.Html:
        """The same per survey method (phone follow-up, questionnaire, online …)."""
        return self._breakdown("methods", "col.method", self.m["by_method"], "method")
