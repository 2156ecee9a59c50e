"""The legal publicity report (法治宣传 / 普法): what its notebook displays."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any, ClassVar

from audit.audits.publicity.compute import theme_months
from audit.audits.publicity.register import COUNTS, FORMS
from audit.audits.publicity.settings import CIVIL_CODE, OTHER
from audit.registers import Register
from audit.report import charts, html
from audit.report.base import Report, add_choice_labels

_ZH = {
    "title": "法治宣传（普法）审计报告",
    "headline": "主要指标",
    "fig.events": "法治宣传活动（场次）",
    "fig.materials": "发放宣传资料（份）",
    "fig.audience": "直接受众（人次）",
    "fig.consultations": "接受法律咨询（人次）",
    "fig.civil_code": "《民法典》宣传资料（份）",
    "fig.required": "必须开展的主题",
    "fig.required.note": "已开展 / 应开展",
    "summary.totals": "{year}年共开展{themes}等主题法治宣传活动{events}场次，发放宣传资料{materials}份，"
    "直接受众{audience}人次，接受法律咨询{consultations}人次。",
    "summary.none": "{year}年登记表中没有法治宣传活动。",
    "summary.civil_code": "其中{label}主题活动{events}场次，发放宣传资料{materials}份。",
    "summary.required_met": "必须开展的{themes}主题均已开展。",
    "summary.required_missing": "必须开展的主题中，{themes}主题全年没有登记活动。",
    "summary.no_required": "本年度参数未规定必须开展的主题。",
    "summary.blank": "{n}场活动的发放资料、受众或咨询人次有未填写的，合计时按0计（见“登记不全的活动”）。",
    "list_sep": "、",
    "required": "必须开展的主题",
    "required.note": "必须开展的主题取自本年度参数文件（publicity.required_themes），每个主题至少开展1场次。默认为宪法和民法典："
    "“七五”普法规划（2016—2020年）以“突出学习宣传宪法”为主要任务，《民法典》于2020年5月28日通过、2021年1月1日起施行。"
    "实际场次按登记表“主题”列统计，每场活动只计一个主题。",
    "required.none": "本年度参数未规定必须开展的主题（publicity.required_themes 为空）。",
    "required.missing": "以下必须开展的主题全年没有登记活动：{themes}。",
    "col.theme": "主题",
    "col.requirement": "要求",
    "col.held": "实际开展（场次）",
    "col.status": "是否达标",
    "requirement": "不少于 1 场次",
    "status.ok": "已开展",
    "status.bad": "未开展",
    "themes": "各主题活动情况",
    "themes.note": "主题取自本年度参数文件（publicity.themes）。《民法典》宣传资料为主题为“{label}”的活动发放的资料份数之和。"
    "发放资料、受众、咨询人次未填写的按0计。",
    "themes.no_civil_code": "本年度主题中没有“civil_code”（民法典），不单列《民法典》宣传资料。",
    "col.events": "场次",
    "col.share": "占比",
    "col.materials": "发放资料（份）",
    "col.audience": "受众（人次）",
    "col.consultations": "接受咨询（人次）",
    "total": "合计",
    "theme_chart": "各主题活动场次",
    "theme_chart.axis": "场次",
    "forms": "各形式活动情况",
    "forms.note": "线上、直播活动的受众为登记表所记的观看人次。其他机关自行组织、本局只作报道的活动"
    "（如区法院执行攻坚网络直播，在线收看三十余万人次）不是本区普法活动，不在登记表中，不计入直接受众。",
    "col.form": "形式",
    "timeline": "全年活动时间分布",
    "timeline.note": "每个圆点为该月该主题的活动场次；空白表示该月没有该主题的活动。",
    "month_label": "{m}月",
    "organisers": "各组织单位活动情况",
    "organisers.note": "按场次由多到少排列，场次相同的按受众人次、单位名称排列。",
    "col.organiser": "组织单位",
    "incomplete": "登记不全的活动",
    "incomplete.none": "每场活动的发放资料、受众和咨询人次均已填写。",
    "incomplete.note": "以下活动有未填写的人次或份数，合计时按0计；请核实后补填（未发放资料、无人咨询的填0）。",
    "col.row": "登记表行号",
    "col.date": "日期",
    "col.title": "活动名称",
    "col.missing": "未填写",
    "untitled": "（未填写名称）",
    "count.materials": "发放资料",
    "count.audience": "受众",
    "count.consultations": "接受咨询",
}
_EN = {
    "title": "Legal publicity audit",
    "headline": "Headline figures",
    "fig.events": "Legal publicity events",
    "fig.materials": "Materials handed out",
    "fig.audience": "Direct audience",
    "fig.consultations": "Legal consultations answered",
    "fig.civil_code": "Civil Code materials",
    "fig.required": "Required themes",
    "fig.required.note": "covered / required",
    "summary.totals": "In {year} the district held {events} legal publicity events on themes such as {themes}, "
    "handed out {materials} copies of materials, reached a direct audience of {audience} and answered "
    "{consultations} legal consultations.",
    "summary.none": "The register holds no legal publicity event for {year}.",
    "summary.civil_code": "{events} of the events were on the {label}, with {materials} copies of materials.",
    "summary.required_met": "Every required theme ({themes}) was covered.",
    "summary.required_missing": "Of the required themes, {themes} had no event in the year.",
    "summary.no_required": "The year's params require no theme.",
    "summary.blank": "{n} events leave materials, audience or consultations blank; blanks count as 0 in the totals "
    "(see Events not fully recorded).",
    "list_sep": ", ",
    "required": "Required themes",
    "required.note": "The required themes come from the year's params (publicity.required_themes), each at least one "
    "event. By default the Constitution and the Civil Code: the seventh five-year publicity plan (2016–2020) makes "
    "the study and publicity of the Constitution a main task, and the Civil Code was adopted on 28 May 2020, in force "
    "from 1 January 2021. Events are counted by the register's theme column, one theme per event.",
    "required.none": "The year's params require no theme (publicity.required_themes is empty).",
    "required.missing": "These required themes had no event in the year: {themes}.",
    "col.theme": "Theme",
    "col.requirement": "Requirement",
    "col.held": "Events held",
    "col.status": "Met",
    "requirement": "at least 1 event",
    "status.ok": "covered",
    "status.bad": "not covered",
    "themes": "Events by theme",
    "themes.note": "The themes come from the year's params (publicity.themes). Civil Code materials are the materials "
    "handed out at the events whose theme is {label}. Blank materials, audience or consultations count as 0.",
    "themes.no_civil_code": "The year's themes have no civil_code: Civil Code materials are not counted apart.",
    "col.events": "Events",
    "col.share": "Share",
    "col.materials": "Materials",
    "col.audience": "Audience",
    "col.consultations": "Consultations",
    "total": "Total",
    "theme_chart": "Events by theme",
    "theme_chart.axis": "Events",
    "forms": "Events by form",
    "forms.note": "The audience of an online or livestreamed event is the number of viewers the register records. "
    "Events of other bodies that the bureau only reports on (the district court's livestream of its enforcement "
    "campaign, watched online more than 300,000 times) are not publicity events of the district: they are not in "
    "the register and not in the direct audience.",
    "col.form": "Form",
    "timeline": "Events through the year",
    "timeline.note": "Each dot is the number of events of a theme in a month; an empty cell means none.",
    "month_label": "{m}",
    "organisers": "Events by organising unit",
    "organisers.note": "Most events first, then the largest audience, then by name.",
    "col.organiser": "Organising unit",
    "incomplete": "Events not fully recorded",
    "incomplete.none": "Every event records its materials, audience and consultations.",
    "incomplete.note": "These events leave a count blank, which counts as 0 in the totals; check them and fill the "
    "blanks (0 where no materials were handed out or no one asked for advice).",
    "col.row": "Register row",
    "col.date": "Date",
    "col.title": "Event",
    "col.missing": "Left blank",
    "untitled": "(no title)",
    "count.materials": "materials",
    "count.audience": "audience",
    "count.consultations": "consultations",
}
add_choice_labels(_ZH, _EN, "form", FORMS)

# the timeline's colours: the palette without its red, which the page keeps for a required theme not covered
TIMELINE_COLOURS = tuple(c for i, c in enumerate(charts.PALETTE) if i != 3)


class PublicityReport(Report):
    """法治宣传（普法）审计报告: events, materials, audience and consultations, by theme, form and unit."""

    audit_key: ClassVar[str | None] = "publicity"
    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {"zh": _ZH, "en": _EN}

    @cached_property
    def register(self) -> Register:
        """The publicity register."""
        return self.loaded["publicity"]

    # -- wording -------------------------------------------------------------------------

    def theme(self, code: str) -> str:
        """A theme's label in the page's language, as the year's params name it."""
        theme = self.params.publicity.themes.get(code)
        if theme is None:
            return code
        return theme.zh if self.language == "zh" else theme.en

    def themes_text(self, codes: list[str]) -> str:
        """Theme labels joined as a list in the page's language."""
        return self.t("list_sep").join(self.theme(c) for c in codes)

    def n(self, value: int) -> str:
        """A count in a sentence: as a Chinese report writes it (41860), in English with separators (41,860)."""
        return str(value) if self.language == "zh" else self.count(value)

    def _counts(self, figures: Mapping[str, int]) -> tuple[str, ...]:
        return tuple(self.count(figures[c]) for c in COUNTS)

    # -- sections ------------------------------------------------------------------------

    def title(self) -> html.Html:
        """Title and the year it covers."""
        return html.title(self.t("title"), self.subtitle())

    def headline(self) -> html.Html:
        """Key figures and a summary paragraph in the words of the bureau's report."""
        m = self.m
        required = m["required_themes"]
        covered = sum(r["met"] for r in required)
        figures = [
            (self.t("fig.events"), self.count(m["events"]), ""),
            (self.t("fig.materials"), self.count(m["materials"]), ""),
            (self.t("fig.audience"), self.count(m["audience"]), ""),
            (self.t("fig.consultations"), self.count(m["consultations"]), ""),
        ]
        if m["civil_code_materials"] is not None:
            figures.append((self.t("fig.civil_code"), self.count(m["civil_code_materials"]), ""))
        if required:
            figures.append((self.t("fig.required"), f"{covered} / {len(required)}", self.t("fig.required.note")))
        # the themes held, most events first; the catch-all theme is not named in the sentence ("…等主题")
        held = sorted((c for c, f in m["by_theme"].items() if f["events"]), key=lambda c: -m["by_theme"][c]["events"])
        named = [c for c in held if c != OTHER] or held
        if m["events"]:
            sentences = [
                self.t(
                    "summary.totals",
                    year=self.params.year,
                    themes=self.themes_text(named),
                    events=self.n(m["events"]),
                    materials=self.n(m["materials"]),
                    audience=self.n(m["audience"]),
                    consultations=self.n(m["consultations"]),
                )
            ]
        else:
            sentences = [self.t("summary.none", year=self.params.year)]
        civil = m["by_theme"].get(CIVIL_CODE)
        if civil and civil["events"]:
            sentences.append(
                self.t(
                    "summary.civil_code",
                    label=self.theme(CIVIL_CODE),
                    events=self.n(civil["events"]),
                    materials=self.n(civil["materials"]),
                )
            )
        if not required:
            sentences.append(self.t("summary.no_required"))
        elif m["required_themes_missing"]:
            sentences.append(self.t("summary.required_missing", themes=self.themes_text(m["required_themes_missing"])))
        else:
            sentences.append(self.t("summary.required_met", themes=self.themes_text([r["theme"] for r in required])))
        if m["incomplete_events"]:
            sentences.append(self.t("summary.blank", n=len(m["incomplete_events"])))
        text = ("" if self.language == "zh" else " ").join(sentences)
        return html.section(self.t("headline"), html.key_figures(figures), html.paragraph(text))

    def required_themes(self) -> html.Html:
        """Each required theme: events held and covered or not; the missing ones as a warning."""
        required = self.m["required_themes"]
        if not required:
            return html.section(self.t("required"), html.paragraph(self.t("required.none")))
        rows = [
            (
                self.theme(r["theme"]),
                self.t("requirement"),
                self.count(r["events"]),
                html.status(r["met"], self.t("status.ok" if r["met"] else "status.bad")),
            )
            for r in required
        ]
        headers = [self.t(k) for k in ("col.theme", "col.requirement", "col.held", "col.status")]
        parts = [html.table(headers, rows, numeric=(2,))]
        missing = self.m["required_themes_missing"]
        if missing:
            text = self.t("required.missing", themes=self.themes_text(missing))
            parts.append(html.Html(f'<p class="audit-warning">{html.esc(text)}</p>'))
        return html.section(self.t("required"), *parts, note=self.t("required.note"))

    def themes(self) -> html.Html:
        """Events, their share, materials, audience and consultations per theme, with the totals."""
        m = self.m
        rows: list[tuple[object, ...]] = [
            (
                self.theme(code),
                self.count(f["events"]),
                self.pct(f["events"] / m["events"] if m["events"] else None),
                *self._counts(f),
            )
            for code, f in m["by_theme"].items()
        ]
        rows.append(
            (self.t("total"), self.count(m["events"]), self.pct(1.0 if m["events"] else None), *self._counts(m))
        )
        headers = [
            self.t(k)
            for k in ("col.theme", "col.events", "col.share", "col.materials", "col.audience", "col.consultations")
        ]
        if CIVIL_CODE in m["by_theme"]:
            note = self.t("themes.note", label=self.theme(CIVIL_CODE))
        else:
            note = self.t("themes.note", label=CIVIL_CODE) + (" " if self.language == "en" else "")
            note += self.t("themes.no_civil_code")
        return html.section(self.t("themes"), html.table(headers, rows, numeric=(1, 2, 3, 4, 5)), note=note)

    def theme_chart(self) -> html.Html:
        """Events per theme as bars; a required theme without any event in red."""
        m = self.m
        codes = list(m["by_theme"])
        missing = set(m["required_themes_missing"])
        fig = charts.bar_chart(
            [self.theme(c) for c in codes],
            [m["by_theme"][c]["events"] for c in codes],
            self.t("theme_chart"),
            self.t("theme_chart.axis"),
            colors=[charts.PALETTE[3] if c in missing else charts.PALETTE[0] for c in codes],
        )
        return html.figure(fig, self.t("theme_chart"))

    def forms(self) -> html.Html:
        """Events and counts per form (offline, online, livestream)."""
        m = self.m
        rows = [
            (self.label("form", code), self.count(f["events"]), *self._counts(f)) for code, f in m["by_form"].items()
        ]
        rows.append((self.t("total"), self.count(m["events"]), *self._counts(m)))
        headers = [self.t(k) for k in ("col.form", "col.events", "col.materials", "col.audience", "col.consultations")]
        return html.section(self.t("forms"), html.table(headers, rows, numeric=(1, 2, 3, 4)), note=self.t("forms.note"))

    def timeline_chart(self) -> html.Html:
        """Events per month and theme through the year."""
        table = theme_months(self.register, self.params)
        months = [self.t("month_label", m=month) for month in table.index]
        codes = list(table.columns)
        colours = [TIMELINE_COLOURS[i % len(TIMELINE_COLOURS)] for i in range(len(codes))]
        fig = charts.month_grid([self.theme(c) for c in codes], months, [table[c].tolist() for c in codes], "", colours)
        return html.section(self.t("timeline"), html.figure(fig, self.t("timeline")), note=self.t("timeline.note"))

    def organisers(self) -> html.Html:
        """Every organising unit: events, materials, audience and consultations."""
        rows = [(r["organiser"], self.count(r["events"]), *self._counts(r)) for r in self.m["by_organiser"]]
        headers = [
            self.t(k) for k in ("col.organiser", "col.events", "col.materials", "col.audience", "col.consultations")
        ]
        return html.section(
            self.t("organisers"), html.table(headers, rows, numeric=(1, 2, 3, 4)), note=self.t("organisers.note")
        )

    def incomplete(self) -> html.Html:
        """The events whose materials, audience or consultations were left blank, by register row."""
        events: list[dict[str, Any]] = self.m["incomplete_events"]
        if not events:
            return html.section(self.t("incomplete"), html.paragraph(self.t("incomplete.none")))
        rows = [
            (
                self.count(e["row"]),
                e["date"],
                e["title"] or self.t("untitled"),
                self.t("list_sep").join(self.t(f"count.{c}") for c in e["missing"]),
            )
            for e in events
        ]
        headers = [self.t(k) for k in ("col.row", "col.date", "col.title", "col.missing")]
        return html.section(
            self.t("incomplete"),
            html.table(headers, rows, numeric=(0,), nowrap=(1,)),
            note=self.t("incomplete.note"),
        )
