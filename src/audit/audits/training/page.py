"""The rule-of-law training report (法治培训): what its notebook displays."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any, ClassVar

from audit.audits.training.compute import event_months, evidence
from audit.audits.training.register import KINDS
from audit.audits.training.settings import TRAINING_KINDS
from audit.registers import Register
from audit.report import charts, html
from audit.report.base import Report, add_choice_labels

_ZH = {
    "title": "法治培训审计报告",
    "headline": "主要指标",
    "fig.events": "培训活动（场）",
    "fig.targets": "达标目标",
    "fig.participants": "参训人次",
    "fig.staff_rate": "执法人员学时达标率",
    "fig.staff_rate.note": "每人 {target} 学时",
    "summary.events": "{year}年共登记法治培训活动{total}场，其中{parts}。",
    "summary.part": "{label}{n}{unit}",
    "summary.all_met": "对照年度目标，各项目标均已完成。",
    "summary.not_met": "对照年度目标，{n}项目标未完成：{missing}。",
    "summary.roster": "执法人员培训学时台账共登记执法人员{staff}名，年度学时达到{target}学时的{meeting}名，达标率{rate}，{below}名未达标。",
    "summary.no_roster": "本年度未提供执法人员培训学时台账，未核查执法人员个人学时。",
    "list_sep": "、",
    "clause_sep": "；",
    "compliance": "年度目标完成情况",
    "compliance.note": "年度目标取自本年度参数文件（training.targets）；实际数按登记表“类别”列统计，每条记录计一次。",
    "col.requirement": "要求",
    "col.target": "年度目标",
    "col.actual": "实际举办",
    "col.status": "是否达标",
    "col.detail": "说明",
    "target_value": "不少于 {n} {unit}",
    "actual_value": "{n} {unit}",
    "status.ok": "达标",
    "status.bad": "未达标",
    "shortfall": "还差 {n} {unit}{label}",
    "met_exact": "已完成",
    "met_surplus": "已完成，超出 {n} {unit}",
    "timeline": "全年培训活动时间分布",
    "timeline.note": "每个圆点为该月该类别的活动场数；空白表示该月没有该类活动。",
    "month_label": "{m}月",
    "evidence": "培训活动明细（达标依据）",
    "evidence.note": "按日期排列，共 {n} 条记录。“计入目标”列说明每项活动计入哪一项年度目标。",
    "evidence.blank": "参训人数未填写 {p} 条、学时未填写 {h} 条，合计时按 0 计。",
    "col.date": "日期",
    "col.title": "名称",
    "col.kind": "类别",
    "col.counts_toward": "计入目标",
    "col.participants": "参训人数",
    "col.hours": "学时",
    "col.row": "登记表行号",
    "no_target": "不计入年度目标",
    "blank": "未填写",
    "total": "合计",
    "roster": "执法人员年度培训学时",
    "roster.none": "本年度未提供执法人员培训学时台账（staff_roster），无法核查每名执法人员每年参加法治培训不少于 {target} 学时的要求。",
    "roster.note": "按达标率由低到高排列，达标率低的单位在前；达标指年度学时不少于 {target} 学时。"
    "图中红色为低于全区达标率的单位，绿色为全员达标的单位。只统计人数，不列示个人信息。",
    "fig.staff": "执法人员（名）",
    "fig.meeting": "达标（名）",
    "fig.below": "未达标（名）",
    "col.unit": "执法单位",
    "col.staff": "执法人员",
    "col.meeting": "达标人数",
    "col.below": "未达标人数",
    "col.rate": "达标率",
    "roster_chart": "各执法单位学时达标率",
    "rate_axis": "达标率（%）",
    "overall": "全区 {rate}",
    "unit.leadership_course": "期",
    "unit.leadership_lecture": "期",
    "unit.staff_training": "次",
    "unit.pre_meeting_study": "次",
    "unit.other": "场",
    "requirement.leadership_course": "举办领导干部法治专题培训班",
    "requirement.leadership_lecture": "举办区政府领导班子法治专题讲座",
    "requirement.staff_training": "组织基层法制员、执法人员培训",
    "requirement.pre_meeting_study": "组织会前学法",
    "requirement.other": "其他法治培训",
}
_EN = {
    "title": "Rule-of-law training audit",
    "headline": "Headline figures",
    "fig.events": "Training events",
    "fig.targets": "Targets met",
    "fig.participants": "Participants",
    "fig.staff_rate": "Officers meeting the hours target",
    "fig.staff_rate.note": "{target} hours each",
    "summary.events": "In {year} the register lists {total} rule-of-law training events: {parts}.",
    "summary.part": "{n} {label}",
    "summary.all_met": "Every target of the year was met.",
    "summary.not_met": "Targets of the year not met: {n} ({missing}).",
    "summary.roster": "The hours roster lists {staff} enforcement officers; {meeting} reached {target} hours of training "
    "in the year ({rate}) and {below} did not.",
    "summary.no_roster": "No officers' hours roster was given this year, so individual hours were not checked.",
    "list_sep": ", ",
    "clause_sep": "; ",
    "compliance": "Targets of the year",
    "compliance.note": "Targets come from the year's params (training.targets); events are counted from the register's "
    "kind column, one per row.",
    "col.requirement": "Requirement",
    "col.target": "Target",
    "col.actual": "Held",
    "col.status": "Met",
    "col.detail": "Detail",
    "target_value": "at least {n}",
    "actual_value": "{n}",
    "status.ok": "met",
    "status.bad": "not met",
    "shortfall": "{n} more {label} needed",
    "met_exact": "met",
    "met_surplus": "met, {n} more than required",
    "timeline": "Training events through the year",
    "timeline.note": "Each dot is the number of events of that kind in that month; an empty cell means none.",
    "month_label": "{m}",
    "evidence": "Training events (the evidence)",
    "evidence.note": "In date order, {n} rows. 'Counts toward' names the target of the year each event counts toward.",
    "evidence.blank": "Participants not given in {p} rows and hours in {h} rows; they count as 0 in the totals.",
    "col.date": "Date",
    "col.title": "Title",
    "col.kind": "Kind",
    "col.counts_toward": "Counts toward",
    "col.participants": "Participants",
    "col.hours": "Hours",
    "col.row": "Register row",
    "no_target": "no target of the year",
    "blank": "not given",
    "total": "Total",
    "roster": "Officers' training hours",
    "roster.none": "No officers' hours roster (staff_roster) was given this year, so the requirement of at least "
    "{target} hours of training per enforcement officer per year could not be checked.",
    "roster.note": "Weakest units first (by share of officers meeting the target of {target} hours a year). Only "
    "counts are shown, never individuals. In the chart, red marks units below the district's share "
    "and green units where every officer met the target.",
    "fig.staff": "Officers",
    "fig.meeting": "Meeting the target",
    "fig.below": "Below the target",
    "col.unit": "Enforcement unit",
    "col.staff": "Officers",
    "col.meeting": "Meeting the target",
    "col.below": "Below the target",
    "col.rate": "Share meeting",
    "roster_chart": "Officers meeting the hours target, by unit",
    "rate_axis": "Share meeting the target (%)",
    "overall": "district {rate}",
    "unit.leadership_course": "",
    "unit.leadership_lecture": "",
    "unit.staff_training": "",
    "unit.pre_meeting_study": "",
    "unit.other": "",
    "requirement.leadership_course": "Leadership rule-of-law course",
    "requirement.leadership_lecture": "Rule-of-law lectures for the district government's leadership",
    "requirement.staff_training": "Training of legal officers and enforcement staff",
    "requirement.pre_meeting_study": "Pre-meeting law study",
    "requirement.other": "Other rule-of-law training",
}
_EN_NOUNS = {
    "leadership_course": ("leadership course", "leadership courses"),
    "leadership_lecture": ("leadership lecture", "leadership lectures"),
    "staff_training": ("staff training", "staff trainings"),
    "pre_meeting_study": ("pre-meeting study", "pre-meeting studies"),
    "other": ("other event", "other events"),
}
add_choice_labels(_ZH, _EN, "kind", KINDS)
for choice in KINDS:
    _EN[f"noun.{choice.code}"] = _EN_NOUNS[choice.code][0]
    _EN[f"nouns.{choice.code}"] = _EN_NOUNS[choice.code][1]
    _ZH[f"noun.{choice.code}"] = _ZH[f"nouns.{choice.code}"] = choice.zh_label


class TrainingReport(Report):
    """法治培训审计报告: targets of the year, the events behind them, officers' hours."""

    audit_key: ClassVar[str | None] = "training"
    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {"zh": _ZH, "en": _EN}

    @cached_property
    def register(self) -> Register:
        """The training register."""
        return self.loaded["training"]

    @cached_property
    def roster_register(self) -> Register | None:
        """The officers' hours roster, where the year has one."""
        return self.loaded.get("staff_roster")

    # -- wording -------------------------------------------------------------------------

    def noun(self, kind: str, n: int) -> str:
        """The name of `n` events of a kind (English plural where n ≠ 1)."""
        return self.t(f"noun.{kind}" if n == 1 else f"nouns.{kind}")

    def amount(self, kind: str, n: int) -> str:
        """`n` events of a kind with its measure word (``2 期``; in English the bare number)."""
        return self.t("actual_value", n=n, unit=self.label("unit", kind)).strip()

    def detail(self, target: Mapping[str, Any]) -> str:
        """What a target's verdict means in words: what is missing, or by how much it was exceeded."""
        kind, n = target["kind"], target["shortfall"]
        if n:
            return self.t("shortfall", n=n, unit=self.label("unit", kind), label=self.noun(kind, n))
        surplus = target["actual"] - target["target"]
        if surplus:
            return self.t("met_surplus", n=surplus, unit=self.label("unit", kind)).strip()
        return self.t("met_exact")

    # -- sections ------------------------------------------------------------------------

    def title(self) -> html.Html:
        """Title and the year it covers."""
        return html.title(self.t("title"), self.subtitle())

    def headline(self) -> html.Html:
        """Key figures and a summary paragraph: events held, targets met, officers' hours."""
        m = self.m
        met = sum(t["met"] for t in m["targets"])
        figures = [
            (self.t("fig.events"), self.count(m["events_total"]), ""),
            (self.t("fig.targets"), f"{met} / {len(m['targets'])}", ""),
            (self.t("fig.participants"), self.count(m["participants"]), ""),
        ]
        if m["roster"]:
            figures.append(
                (
                    self.t("fig.staff_rate"),
                    self.pct(m["staff_hours_rate"]),
                    self.t("fig.staff_rate.note", target=self.number(m["hours_target"])),
                )
            )
        parts = self.t("list_sep").join(
            self.t(
                "summary.part", label=self.noun(k, m["events"][k]), n=m["events"][k], unit=self.label("unit", k)
            ).strip()
            for k in TRAINING_KINDS
        )
        sentences = [self.t("summary.events", year=self.params.year, total=m["events_total"], parts=parts)]
        missing = [t for t in m["targets"] if not t["met"]]
        if missing:
            sentences.append(
                self.t(
                    "summary.not_met",
                    n=len(missing),
                    missing=self.t("clause_sep").join(self.detail(t) for t in missing),
                )
            )
        else:
            sentences.append(self.t("summary.all_met"))
        if m["roster"]:
            sentences.append(
                self.t(
                    "summary.roster",
                    staff=m["staff"],
                    meeting=m["staff_meeting_hours_target"],
                    target=self.number(m["hours_target"]),
                    rate=self.pct(m["staff_hours_rate"]),
                    below=m["staff_below_hours_target"],
                )
            )
        else:
            sentences.append(self.t("summary.no_roster"))
        text = ("" if self.language == "zh" else " ").join(sentences)
        return html.section(self.t("headline"), html.key_figures(figures), html.paragraph(text))

    def compliance(self) -> html.Html:
        """Each target of the year: target, events held, a met/not-met mark, what is missing."""
        rows = []
        for t in self.m["targets"]:
            kind = t["kind"]
            unit = self.label("unit", kind)
            rows.append(
                (
                    self.t(f"requirement.{kind}"),
                    self.t("target_value", n=t["target"], unit=unit).strip(),
                    self.amount(kind, t["actual"]),
                    html.status(t["met"], self.t("status.ok" if t["met"] else "status.bad")),
                    self.detail(t),
                )
            )
        headers = [self.t(k) for k in ("col.requirement", "col.target", "col.actual", "col.status", "col.detail")]
        return html.section(
            self.t("compliance"), html.table(headers, rows, numeric=(1, 2)), note=self.t("compliance.note")
        )

    def timeline_chart(self) -> html.Html:
        """Events per month and kind through the year."""
        table = event_months(self.register)
        months = [self.t("month_label", m=m) for m in table.index]
        rows = [self.label("kind", k) for k in TRAINING_KINDS]
        counts = [table[k].tolist() for k in TRAINING_KINDS]
        fig = charts.month_grid(rows, months, counts, "")  # the section heading is its title
        return html.section(self.t("timeline"), html.figure(fig, self.t("timeline")), note=self.t("timeline.note"))

    def evidence(self) -> html.Html:
        """Every event in date order with the target it counts toward, and the totals."""
        frame = evidence(self.register, self.params)
        blank = self.t("blank")
        rows: list[tuple[object, ...]] = [
            (
                date.date().isoformat(),
                title,
                self.label("kind", kind),
                self.t(f"requirement.{target}") if target else self.t("no_target"),
                blank if participants != participants else self.count(participants),
                blank if hours != hours else self.number(hours),
                self.count(row),
            )
            for date, title, kind, target, participants, hours, row in frame.itertuples(index=False, name=None)
        ]
        rows.append((self.t("total"), "", "", "", self.count(self.m["participants"]), self.number(self.m["hours"]), ""))
        headers = [
            self.t(k)
            for k in (
                "col.date",
                "col.title",
                "col.kind",
                "col.counts_toward",
                "col.participants",
                "col.hours",
                "col.row",
            )
        ]
        note = self.t("evidence.note", n=self.m["events_total"])
        if self.m["participants_blank"] or self.m["hours_blank"]:
            note += (" " if self.language == "en" else "") + self.t(
                "evidence.blank", p=self.m["participants_blank"], h=self.m["hours_blank"]
            )
        return html.section(self.t("evidence"), html.table(headers, rows, numeric=(4, 5, 6), nowrap=(0,)), note=note)

    def roster(self) -> html.Html:
        """Officers meeting the yearly hours target, per unit with a chart; or why it was not checked."""
        m = self.m
        target = self.number(self.params.training.hours_per_officer)
        if not m["roster"]:
            return html.section(self.t("roster"), html.paragraph(self.t("roster.none", target=target)))
        figures = [
            (self.t("fig.staff"), self.count(m["staff"]), ""),
            (self.t("fig.meeting"), self.count(m["staff_meeting_hours_target"]), self.pct(m["staff_hours_rate"])),
            (self.t("fig.below"), self.count(m["staff_below_hours_target"]), ""),
        ]
        units = m["by_unit"]
        rows = [
            (
                u["unit"],
                self.count(u["staff"]),
                self.count(u["meeting_target"]),
                self.count(u["staff"] - u["meeting_target"]),
                self.pct(u["rate"]),
            )
            for u in units
        ]
        rows.append(
            (
                self.t("total"),
                self.count(m["staff"]),
                self.count(m["staff_meeting_hours_target"]),
                self.count(m["staff_below_hours_target"]),
                self.pct(m["staff_hours_rate"]),
            )
        )
        headers = [self.t(k) for k in ("col.unit", "col.staff", "col.meeting", "col.below", "col.rate")]
        rates = [100 * (u["rate"] or 0.0) for u in units]
        colors = [
            charts.PALETTE[4]
            if u["rate"] == 1
            else charts.PALETTE[3]
            if (u["rate"] or 0) < (m["staff_hours_rate"] or 0)
            else charts.PALETTE[1]
            for u in units
        ]
        overall = m["staff_hours_rate"]
        fig = charts.bar_chart(
            [u["unit"] for u in units],
            rates,
            self.t("roster_chart"),
            self.t("rate_axis"),
            colors=colors,
            value_labels=[self.pct(u["rate"]) for u in units],
            reference=None if overall is None else 100 * overall,
            reference_label=self.t("overall", rate=self.pct(overall)),
        )
        return html.section(
            self.t("roster"),
            html.key_figures(figures),
            html.table(headers, rows, numeric=(1, 2, 3, 4)),
            html.figure(fig, self.t("roster_chart")),
            note=self.t("roster.note", target=target),
        )
