"""The legal advisers report (法律顾问): what its notebook displays."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import ClassVar

from audit.audits.legal_advisers.compute import evidence
from audit.audits.legal_advisers.register import KIND_CODES, KINDS
from audit.registers import Register
from audit.report import charts, html
from audit.report.base import Report, add_choice_labels

_ZH = {
    "title": "法律顾问工作审计报告",
    "headline": "主要指标",
    "summary.works": "{year}年，法律顾问共为{units}个单位完成各类工作{works}件：审查合同协议{contracts}件"
    "（其中重大项目协议{major}件），论证重大决策{decisions}件，参加涉法专项会议{meetings}次，"
    "解答法律咨询{consultations}件，代理诉讼{litigation}件，其他工作{other}件。",
    "summary.covered_all": "参数所列{expected}个单位均有法律顾问工作记录。",
    "summary.covered_some": "参数所列{expected}个单位中，{covered}个有法律顾问工作记录（{rate}），"
    "{n}个没有：{missing}。",
    "summary.unchecked": "参数文件未列出应有法律顾问的单位，未核查覆盖情况。",
    "fig.major": "重大项目协议审查",
    "fig.meetings": "涉法专项会议",
    "fig.units": "服务单位",
    "fig.works": "各类工作",
    "fig.contracts": "合同协议审查",
    "fig.coverage": "名单内单位有法律顾问",
    "fig.coverage.note": "覆盖率 {rate}",
    "kinds": "工作类别",
    "kinds.note": "占比以全部工作件数为分母。重大项目协议审查指类别为“合同协议审查”且“重大项目”为“是”的工作。",
    "col.kind": "类别",
    "col.works": "件数",
    "col.share": "占比",
    "of_which_major": "其中：重大项目协议",
    "total": "合计",
    "monthly": "各月工作（按类别）",
    "monthly.axis": "件数",
    "month_label": "{m}月",
    "months": "各月工作明细",
    "months.note": "按工作日期所在月份统计，全年十二个月逐月列出。",
    "col.month": "月份",
    "col.total": "合计",
    "col.major": "其中重大项目",
    "short.contract_review": "合同协议审查",
    "short.major_decision": "重大决策论证",
    "short.legal_meeting": "涉法专项会议",
    "short.consultation": "法律咨询",
    "short.litigation": "诉讼代理",
    "short.other": "其他",
    "units": "各服务单位",
    "units.note": "按工作件数由多到少排列，件数相同的按单位名称排列。",
    "units.note.listed": "“名单”一栏：单位是否在参数文件 legal_advisers.units 所列的名单中。",
    "col.unit": "服务单位",
    "col.listed": "名单",
    "listed.yes": "名单内",
    "listed.no": "不在名单",
    "unit_chart": "各服务单位法律顾问工作件数",
    "unit_chart.axis": "件数",
    "coverage": "法律顾问覆盖情况",
    "coverage.note": "单位在本年度登记表中有至少一件法律顾问工作的，计为有法律顾问。依据：中共中央办公厅、国务院办公厅"
    "《关于推行法律顾问制度和公职律师公司律师制度的意见》（中办发〔2016〕30号）要求县级以上地方各级党政机关普遍设立"
    "法律顾问，乡镇根据需要设立；应有法律顾问的单位名单取自参数文件 legal_advisers.units。单位名称比较时不区分空格、"
    "大小写和全角括号。",
    "coverage.unchecked": "参数文件未列出应有法律顾问的单位（legal_advisers.units），未核查覆盖情况。"
    "本年度登记表中有法律顾问工作的单位共{units}个，见“各服务单位”。",
    "cov.expected": "名单内单位",
    "cov.covered": "有法律顾问工作",
    "cov.missing": "没有法律顾问工作",
    "cov.rate": "覆盖率",
    "missing": "名单内没有法律顾问工作记录的单位（{n}个）：{units}。请核实这些单位是否已聘请法律顾问，或工作是否漏登。",
    "missing.none": "名单内的单位均有法律顾问工作记录。",
    "not_listed": "以下服务单位不在名单中（{n}个）：{units}。如为名单内单位的不同写法，请统一名称；如应有法律顾问，请补入名单。",
    "evidence": "重大项目协议审查与涉法专项会议明细",
    "evidence.note": "按日期排列；“行号”为登记表中的行号，便于对照原始登记。法律顾问的姓名或名称不在报告中显示。",
    "evidence.none": "本年度登记表中没有重大项目协议审查和涉法专项会议。",
    "col.date": "日期",
    "col.matter": "事项",
    "col.ref": "编号",
    "col.row": "行号",
    "evidence.major_project": "重大项目协议审查（{n}件）",
    "evidence.legal_meeting": "涉法专项会议（{n}次）",
    "list_sep": "、",
}
_EN = {
    "title": "Legal advisers audit",
    "headline": "Headline figures",
    "summary.works": "In {year} the legal advisers did {works} pieces of work for {units} units: contracts and "
    "agreements reviewed {contracts} (for major projects {major}), major decisions argued {decisions}, meetings on "
    "legal questions attended {meetings}, consultations {consultations}, lawsuits conducted {litigation}, other "
    "work {other}.",
    "summary.covered_all": "Each of the {expected} units the params list has work by a legal adviser recorded.",
    "summary.covered_some": "Of the {expected} units the params list, {covered} have work by a legal adviser recorded "
    "({rate}) and {n} have none: {missing}.",
    "summary.unchecked": "The params list no units expected to have a legal adviser: coverage was not checked.",
    "fig.major": "Major-project agreements reviewed",
    "fig.meetings": "Legal meetings attended",
    "fig.units": "Units served",
    "fig.works": "Pieces of work",
    "fig.contracts": "Contracts and agreements reviewed",
    "fig.coverage": "Listed units with an adviser",
    "fig.coverage.note": "coverage {rate}",
    "kinds": "Kinds of work",
    "kinds.note": "Shares are of all pieces of work. A major-project agreement review is a piece of work of the kind "
    "contract or agreement review marked in the register as concerning a major project.",
    "col.kind": "Kind",
    "col.works": "Pieces",
    "col.share": "Share",
    "of_which_major": "of which major-project agreements",
    "total": "Total",
    "monthly": "Work per month, by kind",
    "monthly.axis": "Pieces of work",
    "month_label": "{m}",
    "months": "Work per month",
    "months.note": "By the month of the work's date; all twelve months are listed.",
    "col.month": "Month",
    "col.total": "Total",
    "col.major": "of which major",
    "short.contract_review": "Contracts",
    "short.major_decision": "Decisions",
    "short.legal_meeting": "Meetings",
    "short.consultation": "Consultations",
    "short.litigation": "Lawsuits",
    "short.other": "Other",
    "units": "Units served",
    "units.note": "Most pieces of work first, then by name.",
    "units.note.listed": '"List": whether the unit is on the list of params legal_advisers.units.',
    "col.unit": "Unit served",
    "col.listed": "List",
    "listed.yes": "listed",
    "listed.no": "not listed",
    "unit_chart": "Pieces of advisers' work per unit served",
    "unit_chart.axis": "Pieces of work",
    "coverage": "Units with a legal adviser",
    "coverage.note": "A unit counts as having a legal adviser where the year's register records at least one piece "
    "of an adviser's work for it. Source: the General Offices of the CPC Central Committee and the State Council, "
    "Opinion on legal advisers, public-sector lawyers and company lawyers (Zhong Ban Fa [2016] No. 30): Party and "
    "government organs at county level and above were to have legal advisers generally, townships as needed; the "
    "list of units expected to have one comes from params legal_advisers.units. Names are compared ignoring "
    "spaces, case and full-width parentheses.",
    "coverage.unchecked": "The params list no units expected to have a legal adviser (legal_advisers.units): "
    'coverage was not checked. The register records advisers\' work for {units} units (see "Units served").',
    "cov.expected": "Units listed",
    "cov.covered": "With an adviser's work",
    "cov.missing": "Without",
    "cov.rate": "Coverage",
    "missing": "Listed units without any adviser's work recorded ({n}): {units}. Check whether they have engaged a "
    "legal adviser, or whether work was left out of the register.",
    "missing.none": "Every listed unit has work by a legal adviser recorded.",
    "not_listed": "Units served that are not on the list ({n}): {units}. Where one is a listed unit written "
    "otherwise, write its name as the list does; where it should have an adviser, add it to the list.",
    "evidence": "Major-project agreement reviews and legal meetings",
    "evidence.note": "By date; \"Row\" is the register's row, to find each in the register. Advisers' names are "
    "never shown.",
    "evidence.none": "The register records no major-project agreement review and no legal meeting this year.",
    "col.date": "Date",
    "col.matter": "Matter",
    "col.ref": "No.",
    "col.row": "Row",
    "evidence.major_project": "Major-project agreement reviews ({n})",
    "evidence.legal_meeting": "Meetings on legal questions attended ({n})",
    "list_sep": ", ",
}
add_choice_labels(_ZH, _EN, "kind", KINDS)

KIND_COLOURS = dict(
    zip(
        KIND_CODES,
        (
            charts.PALETTE[0],
            charts.PALETTE[2],
            charts.PALETTE[4],
            charts.PALETTE[1],
            charts.PALETTE[3],
            charts.PALETTE[6],
        ),
    )
)


class LegalAdvisersReport(Report):
    """法律顾问工作审计报告: the advisers' work by kind, month and unit, and the listed units without one."""

    audit_key: ClassVar[str | None] = "legal_advisers"
    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {"zh": _ZH, "en": _EN}

    @cached_property
    def register(self) -> Register:
        """The legal advisers' work register (without the advisers' names where the run handed it over)."""
        return self.loaded["legal_advisers"]

    def _names(self, names: list[str]) -> str:
        return self.t("list_sep").join(names)

    # -- sections ------------------------------------------------------------------------

    def title(self) -> html.Html:
        """Title and the year it covers."""
        return html.title(self.t("title"), self.subtitle())

    def headline(self) -> html.Html:
        """Key figures and a summary paragraph: the seed's figures, units served, coverage of the list."""
        m, k = self.m, self.m["by_kind"]
        figures = [
            (self.t("fig.major"), self.count(m["major_project_reviews"]), ""),
            (self.t("fig.meetings"), self.count(m["legal_meetings"]), ""),
            (self.t("fig.units"), self.count(m["units_served"]), ""),
            (self.t("fig.works"), self.count(m["works"]), ""),
            (self.t("fig.contracts"), self.count(m["contract_reviews"]), ""),
        ]
        if m["units_checked"]:
            figures.append(
                (
                    self.t("fig.coverage"),
                    f"{self.count(m['units_with_adviser'])} / {self.count(m['units_expected'])}",
                    self.t("fig.coverage.note", rate=self.pct(m["units_coverage_rate"])),
                )
            )
        sentences = [
            self.t(
                "summary.works",
                year=self.params.year,
                units=m["units_served"],
                works=m["works"],
                contracts=m["contract_reviews"],
                major=m["major_project_reviews"],
                decisions=k["major_decision"],
                meetings=m["legal_meetings"],
                consultations=k["consultation"],
                litigation=k["litigation"],
                other=k["other"],
            )
        ]
        if not m["units_checked"]:
            sentences.append(self.t("summary.unchecked"))
        elif not m["units_missing"]:
            sentences.append(self.t("summary.covered_all", expected=m["units_expected"]))
        else:
            sentences.append(
                self.t(
                    "summary.covered_some",
                    expected=m["units_expected"],
                    covered=m["units_with_adviser"],
                    rate=self.pct(m["units_coverage_rate"]),
                    n=len(m["units_missing"]),
                    missing=self._names(m["units_missing"]),
                )
            )
        text = ("" if self.language == "zh" else " ").join(sentences)
        return html.section(self.t("headline"), html.key_figures(figures), html.paragraph(text))

    def kinds(self) -> html.Html:
        """Pieces of work per kind with their share, the major-project reviews under the contract reviews."""
        m = self.m
        works = m["works"]

        def share(n: int) -> str:
            return self.pct(n / works if works else None)

        rows: list[tuple[object, ...]] = []
        for code in KIND_CODES:
            n = m["by_kind"][code]
            rows.append((self.label("kind", code), self.count(n), share(n)))
            if code == "contract_review":
                major = m["major_project_reviews"]
                rows.append((self.t("of_which_major"), self.count(major), share(major)))
        rows.append((self.t("total"), self.count(works), share(works)))
        headers = [self.t("col.kind"), self.t("col.works"), self.t("col.share")]
        return html.section(self.t("kinds"), html.table(headers, rows, numeric=(1, 2)), note=self.t("kinds.note"))

    def monthly_chart(self) -> html.Html:
        """Pieces of work per month, stacked by kind (every month of the year)."""
        months = self.m["by_month"]
        labels = [self.t("month_label", m=int(r["month"][-2:])) for r in months]
        series = {self.label("kind", code): [r["by_kind"][code] for r in months] for code in KIND_CODES}
        fig = charts.stacked_columns(labels, series, self.t("monthly"), self.t("monthly.axis"))
        return html.figure(fig, self.t("monthly"))

    def months(self) -> html.Html:
        """Every month: works, works per kind, major-project reviews; and the year's total."""
        m = self.m

        def line(label: str, works: int, kinds: Mapping[str, int], major: int) -> tuple[object, ...]:
            cells: list[object] = [label, self.count(works)]
            for code in KIND_CODES:
                cells.append(self.count(kinds[code]))
                if code == "contract_review":
                    cells.append(self.count(major))
            return tuple(cells)

        rows = [
            line(self.t("month_label", m=int(r["month"][-2:])), r["works"], r["by_kind"], r["major_project_reviews"])
            for r in m["by_month"]
        ]
        rows.append(line(self.t("total"), m["works"], m["by_kind"], m["major_project_reviews"]))
        headers = [self.t("col.month"), self.t("col.total")]
        for code in KIND_CODES:
            headers.append(self.t(f"short.{code}"))
            if code == "contract_review":
                headers.append(self.t("col.major"))
        numeric = tuple(range(1, len(headers)))
        return html.section(
            self.t("months"), html.table(headers, rows, numeric=numeric, nowrap=(0,)), note=self.t("months.note")
        )

    def units(self) -> html.Html:
        """Every unit served: works, per kind and major-project reviews, whether it is on the list."""
        m = self.m
        checked = m["units_checked"]
        rows = []
        for r in m["by_unit"]:
            cells: list[object] = [r["unit"], self.count(r["works"])]
            for code in KIND_CODES:
                cells.append(self.count(r["by_kind"][code]))
                if code == "contract_review":
                    cells.append(self.count(r["major_project_reviews"]))
            if checked:
                cells.append(self.t("listed.yes" if r["listed"] else "listed.no"))
            rows.append(tuple(cells))
        headers = [self.t("col.unit"), self.t("col.total")]
        for code in KIND_CODES:
            headers.append(self.t(f"short.{code}"))
            if code == "contract_review":
                headers.append(self.t("col.major"))
        numeric = tuple(range(1, len(headers)))
        note = self.t("units.note")
        if checked:
            headers.append(self.t("col.listed"))
            note += (" " if self.language == "en" else "") + self.t("units.note.listed")
        return html.section(self.t("units"), html.table(headers, rows, numeric=numeric, nowrap=(0,)), note=note)

    def unit_chart(self) -> html.Html:
        """Pieces of work per unit served, most first; nothing where the register is empty."""
        units = self.m["by_unit"]
        if not units:
            return html.Html("")
        fig = charts.bar_chart(
            [r["unit"] for r in units],
            [r["works"] for r in units],
            self.t("unit_chart"),
            self.t("unit_chart.axis"),
        )
        return html.figure(fig, self.t("unit_chart"))

    def coverage(self) -> html.Html:
        """The listed units against the units served: how many, which are missing, which served are not listed."""
        m = self.m
        if not m["units_checked"]:
            return html.section(
                self.t("coverage"), html.paragraph(self.t("coverage.unchecked", units=m["units_served"]))
            )
        figures = [
            (self.t("cov.expected"), self.count(m["units_expected"]), ""),
            (self.t("cov.covered"), self.count(m["units_with_adviser"]), ""),
            (self.t("cov.missing"), self.count(len(m["units_missing"])), ""),
            (self.t("cov.rate"), self.pct(m["units_coverage_rate"]), ""),
        ]
        parts = [html.key_figures(figures)]
        if m["units_missing"]:
            text = self.t("missing", n=len(m["units_missing"]), units=self._names(m["units_missing"]))
            parts.append(html.Html(f'<p class="audit-warning">{html.esc(text)}</p>'))
        else:
            parts.append(html.paragraph(self.t("missing.none")))
        if m["units_not_listed"]:
            parts.append(
                html.paragraph(
                    self.t("not_listed", n=len(m["units_not_listed"]), units=self._names(m["units_not_listed"]))
                )
            )
        return html.section(self.t("coverage"), *parts, note=self.t("coverage.note"))

    def evidence(self) -> html.Html:
        """Every major-project agreement review and legal meeting: date, unit, matter, number and register row."""
        frame = evidence(self.register)
        if frame.empty:
            return html.section(self.t("evidence"), html.paragraph(self.t("evidence.none")))
        headers = [self.t(k) for k in ("col.date", "col.unit", "col.matter", "col.ref", "col.row")]
        tables = []
        for kind, n in (
            ("major_project", self.m["major_project_reviews"]),
            ("legal_meeting", self.m["legal_meetings"]),
        ):
            rows = [
                (date.date().isoformat(), unit, matter, ref or "", self.count(row))
                for date, _, unit, matter, ref, row in frame[frame["kind"].eq(kind)].itertuples(index=False, name=None)
            ]
            if rows:
                caption = self.t(f"evidence.{kind}", n=n)
                tables.append(html.table(headers, rows, numeric=(4,), caption=caption, nowrap=(0, 1, 3)))
        return html.section(self.t("evidence"), *tables, note=self.t("evidence.note"))
