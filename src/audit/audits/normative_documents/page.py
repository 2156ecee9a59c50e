"""The normative documents report (规范性文件备案审查): what its notebook displays."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd

from audit.audits.normative_documents.compute import document_frame
from audit.audits.normative_documents.filing import days_between
from audit.audits.normative_documents.register import BODIES, CLEANUP_CODES, CLEANUP_RESULTS
from audit.report import charts, html
from audit.report.base import Report, add_choice_labels

if TYPE_CHECKING:
    from audit.registers import Register

_ZH = {
    # what an optional column the register lacks means for this page (audit.report.columns)
    "absent.normative_documents.reviewed": "每件均按未经合法性审查计算，合法性审查率据此计算",
    "absent.normative_documents.published": "每件均按未公开计算，公开率据此计算",
    "absent.normative_documents.city_filed_on": "每件均按未报市政府备案计算，按期备案率据此计算",
    "absent.normative_documents.congress_filed_on": "每件均按未报区人大常委会备案计算，按期备案率据此计算",
    "title": "规范性文件备案审查审计报告",
    "headline": "主要指标",
    "summary.issued": "{year}年共发布规范性文件{issued}件（{issuers}）。",
    "summary.none": "{year}年登记表中没有本年发布的规范性文件。",
    "summary.these": "上述文件{clauses}。",
    "clause.review.all": "均在发布前经合法性审查（合法性审查率{rate}）",
    "clause.review.some": "发布前经合法性审查{reviewed}件、未经合法性审查即发布{not_reviewed}件（合法性审查率{rate}）",
    "clause.filing.all": "均已按期报市政府和区人大常委会备案（{due}件次，按期备案率{rate}）",
    "clause.filing.some": "报市政府备案按期{city_on_time}件、逾期{city_late}件、未备案{city_not_filed}件，"
    "报区人大常委会备案按期{congress_on_time}件、逾期{congress_late}件、未备案{congress_not_filed}件"
    "（按期备案率{rate}），向两个机关均按期备案的{both}件",
    "clause.publication.all": "均已公开（公开率{rate}）",
    "clause.publication.some": "已公开{published}件、未公开{not_published}件（公开率{rate}）",
    "clause.join": "；",
    "summary.pending": "另有{n}件次截至{as_of}尚未到备案期限。",
    "summary.cleanup": "本年度清理规范性文件{documents}件（{batches}个清理项目）：{results}。",
    "summary.no_cleanup": "登记表中没有本年度清理的文件。",
    "summary.earlier": "登记表中另有{n}件以前年度发布的文件仅因本年度清理列入，不计入本年度发布、审查、备案和公开的统计。",
    "issuer_count": "{issuer}{n}件",
    "result_count": "{result}{n}件",
    "fig.issued": "发布规范性文件",
    "fig.review_rate": "发布前合法性审查率",
    "fig.filed_on_time_rate": "按期备案率",
    "fig.publication_rate": "公开率",
    "fig.cleanup": "清理文件",
    "fig.filings": "{due} 件次应备案",
    "fig.batches": "{n} 个清理项目",
    "fig.of_issued": "{n} / {total} 件",
    "review": "发布前合法性审查",
    "review.note": "规范性文件须在发布前经合法性审查（审查日期不晚于发布日期）。合法性审查率 = 发布前经合法性审查的文件 ÷ 本年发布的文件。",
    "review.none": "本年度发布的规范性文件均在发布前经过合法性审查。",
    "review.exceptions": "以下{n}件规范性文件未经合法性审查即发布：",
    "col.measure": "项目",
    "col.figure": "数值",
    "m.issued": "本年发布的文件",
    "m.reviewed": "发布前经合法性审查",
    "m.not_reviewed": "未经合法性审查即发布",
    "m.review_rate": "合法性审查率",
    "m.published": "已公开",
    "m.not_published": "未公开",
    "m.publication_rate": "公开率",
    "filing": "报送备案",
    "filing.note": "备案期限：发布之日起 {days} {unit}内报送，发布当日不计入；{rule}截止日为 {as_of}。应备案 = 按期 + 逾期 + 未备案（已过期限仍未报备）；尚未到期且未报备的不计入按期备案率。合计按件次计：每份文件向市政府和区人大常委会各报备一次。",
    "unit.calendar": "日",
    "unit.working": "个工作日",
    "rule.calendar": "期限的最后一日为法定节假日或休息日的，顺延至其后第一个工作日（节假日按国务院办公厅每年的放假安排）。",
    "rule.working": "工作日按国务院办公厅每年的放假安排（含调休）计算。",
    "col.body": "备案机关",
    "col.due": "应备案",
    "col.on_time": "按期",
    "col.late": "逾期",
    "col.not_filed": "未备案",
    "col.not_yet_due": "尚未到期",
    "col.on_time_rate": "按期备案率",
    "body.city": "市政府",
    "body.congress": "区人大常委会",
    "total": "合计（件次）",
    "exceptions": "逾期备案与未备案的文件",
    "exceptions.none": "本年度发布的规范性文件均已按期报市政府和区人大常委会备案。",
    "exceptions.late": "逾期备案",
    "exceptions.not_filed": "截至截止日已过期限仍未备案",
    "exceptions.not_yet_due": "尚未到备案期限、未报备",
    "exceptions.note": "用时自发布之日起计至备案日期；逾期天数自期限届满日起计；未备案的，计至截止日 {as_of}。单位：{unit}。",
    "col.number": "文号",
    "col.title": "标题",
    "col.issuer": "制定机关",
    "col.drafter": "起草单位",
    "col.issued_on": "发布日期",
    "col.reviewed_on": "审查日期",
    "col.deadline": "期限届满日",
    "col.filed_on": "备案日期",
    "col.days": "用时",
    "col.days_late": "逾期",
    "col.days_overdue": "已逾期",
    "col.city": "报市政府备案",
    "col.congress": "报区人大常委会备案",
    "col.published": "公开",
    "days.calendar": "{v} 日",
    "days.working": "{v} 个工作日",
    "filing_chart": "各文件自发布至报备所用时间",
    "filing_axis": "天数（以两个机关中较晚的一次为准）",
    "filing_axis.working": "工作日（以两个机关中较晚的一次为准）",
    "limit_line": "备案期限 {days} {unit}（末日顺延前）",
    "limit_line.working": "备案期限 {days} {unit}",
    "filing_chart.note.calendar": "绿色：向两个机关均按期备案；红色：有逾期或已过期限未备案；灰色：尚未到期、未报备（未报备的均计至截止日）。超过期限线的绿色条，是期限最后一日遇节假日、顺延后仍按期报备的文件。",
    "filing_chart.note.working": "绿色：向两个机关均按期备案；红色：有逾期或已过期限未备案；灰色：尚未到期、未报备（未报备的均计至截止日）。",
    "filing_chart.some": "本年发布 {issued} 件，图中只画出报备用时最长的 {shown} 件（按发布日期排列）。",
    "publication": "文件公开",
    "publication.note": "公开率 = 登记表“是否公开”为“是”的文件 ÷ 本年发布的文件。",
    "publication.none": "本年度发布的规范性文件均已公开。",
    "publication.exceptions": "以下{n}件规范性文件未公开：",
    "cleanup": "规范性文件清理",
    "cleanup.note": "清理统计登记表中填写了清理结果的全部文件，不论发布年度：以前年度发布的{earlier}件，本年发布的{this_year}件。",
    "cleanup.none": "登记表中没有本年度清理的文件。",
    "col.result": "清理结果",
    "col.documents": "件数",
    "col.share": "占比",
    "col.batch": "清理项目",
    "col.total": "合计",
    "batch.blank": "未填写清理项目",
    "total_documents": "合计",
    "cleanup_chart": "清理结果（件）",
    "documents_axis": "件数",
    "drafters": "各起草单位",
    "drafters.note": "本年发布的文件按起草单位统计；“均按期备案”指向市政府和区人大常委会都按期报备。",
    "drafter.blank": "未填写",
    "col.issued": "发布",
    "col.reviewed": "发布前审查",
    "col.on_time_both": "均按期备案",
    "documents": "本年发布的规范性文件",
    "documents.note": "按发布日期排列。期限届满日为报备期限的最后一日（按“报送备案”一节的期限计算）。备案一栏：✓ 按期，✗ 逾期或已过期限未备案，— 尚未到期未报备。",
    "status.on_time": "{d}",
    "status.late": "{d}（逾期）",
    "status.not_filed": "未备案",
    "status.not_yet_due": "尚未到期",
    "yes": "是",
    "no": "否",
}
_EN = {
    "absent.normative_documents.reviewed": "no document read as reviewed for legality, and the review rate is computed so",
    "absent.normative_documents.published": "no document read as published, and the publication rate is computed so",
    "absent.normative_documents.city_filed_on": "no document read as filed with the city government, and the on-time filing rate is computed so",
    "absent.normative_documents.congress_filed_on": "no document read as filed with the district congress's standing committee, and the on-time filing rate is computed so",
    "title": "Normative documents audit",
    "headline": "Headline figures",
    "summary.issued": "Normative documents issued in {year}: {issued} ({issuers}). ",
    "summary.none": "The register has no normative document issued in {year}. ",
    "summary.these": "{clauses}. ",
    "clause.review.all": "all were reviewed for legality before issue (review rate {rate})",
    "clause.review.some": "reviewed for legality before issue: {reviewed}, issued without review: {not_reviewed} (review rate {rate})",
    "clause.filing.all": "all were filed on time with the city government and with the district people's congress standing committee ({due} filings, on-time rate {rate})",
    "clause.filing.some": "filings with the city government: {city_on_time} on time, {city_late} late, {city_not_filed} not filed; "
    "with the standing committee: {congress_on_time} on time, {congress_late} late, {congress_not_filed} not filed "
    "(on-time rate {rate}); documents on time with both: {both}",
    "clause.publication.all": "all were published (publication rate {rate})",
    "clause.publication.some": "published: {published}, not published: {not_published} (publication rate {rate})",
    "clause.join": "; ",
    "summary.pending": "Filings not yet due at {as_of}: {n}. ",
    "summary.cleanup": "Documents in the year's cleanups: {documents} ({results}; cleanups: {batches}). ",
    "summary.no_cleanup": "The register has no document in a cleanup of the year. ",
    "summary.earlier": "Documents of earlier years in the register for the year's cleanups only: {n} (not counted as issued, reviewed, filed or published this year).",
    "issuer_count": "{issuer} {n}",
    "result_count": "{n} {result}",
    "fig.issued": "Documents issued",
    "fig.review_rate": "Reviewed before issue",
    "fig.filed_on_time_rate": "Filed on time",
    "fig.publication_rate": "Published",
    "fig.cleanup": "Documents in cleanups",
    "fig.filings": "filings due: {due}",
    "fig.batches": "cleanups: {n}",
    "fig.of_issued": "{n} of {total}",
    "review": "Legality review before issue",
    "review.note": "A normative document is reviewed for legality before it is issued (review date on or before the issue date). Review rate = documents reviewed before issue ÷ documents issued in the year.",
    "review.none": "Every normative document issued in the year was reviewed for legality before issue.",
    "review.exceptions": "Issued without a legality review ({n}):",
    "col.measure": "Measure",
    "col.figure": "Figure",
    "m.issued": "Documents issued in the year",
    "m.reviewed": "Reviewed before issue",
    "m.not_reviewed": "Issued without review",
    "m.review_rate": "Review rate",
    "m.published": "Published",
    "m.not_published": "Not published",
    "m.publication_rate": "Publication rate",
    "filing": "Filing",
    "filing.note": "Limit: filed within {days} {unit} after issue, the day of issue not counted; {rule}The as-of date is {as_of}. Due = on time + late + not filed (past the limit and still not filed); a filing not made whose limit has not run out is not counted in the on-time rate. The total counts filings: each document is filed once with the city government and once with the district people's congress standing committee.",
    "unit.calendar": "days",
    "unit.working": "working days",
    "rule.calendar": "a last day that is a statutory holiday or rest day moves to the first working day after it (holidays as the State Council arranges them each year). ",
    "rule.working": "working days follow the State Council's yearly holiday arrangements (make-up working days included). ",
    "col.body": "Filed with",
    "col.due": "Due",
    "col.on_time": "On time",
    "col.late": "Late",
    "col.not_filed": "Not filed",
    "col.not_yet_due": "Not yet due",
    "col.on_time_rate": "On-time rate",
    "body.city": "City government",
    "body.congress": "District people's congress standing committee",
    "total": "Total (filings)",
    "exceptions": "Documents filed late or not filed",
    "exceptions.none": "Every normative document issued in the year was filed on time with the city government and with the district people's congress standing committee.",
    "exceptions.late": "Filed late",
    "exceptions.not_filed": "Past the limit and not filed at the as-of date",
    "exceptions.not_yet_due": "Not filed, limit not yet reached",
    "exceptions.note": "Time taken runs from the issue date to the filing date; days late from the last day; for a filing not made, to the as-of date {as_of}. Unit: {unit}.",
    "col.number": "Number",
    "col.title": "Title",
    "col.issuer": "Issued by",
    "col.drafter": "Drafted by",
    "col.issued_on": "Issued",
    "col.reviewed_on": "Reviewed",
    "col.deadline": "Last day",
    "col.filed_on": "Filed",
    "col.days": "Time taken",
    "col.days_late": "Late by",
    "col.days_overdue": "Overdue by",
    "col.city": "Filed, city government",
    "col.congress": "Filed, standing committee",
    "col.published": "Published",
    "days.calendar": "{v} days",
    "days.working": "{v} working days",
    "filing_chart": "Time from issue to filing, per document",
    "filing_axis": "Days (the later of the two filings)",
    "filing_axis.working": "Working days (the later of the two filings)",
    "limit_line": "limit {days} {unit} (before a rest day moves it)",
    "limit_line.working": "limit {days} {unit}",
    "filing_chart.note.calendar": "Green: filed on time with both bodies; red: a filing late, or past the limit and not made; grey: a filing not made, not yet due (a filing not made is counted to the as-of date). A green bar past the limit line is a document whose last day fell on a holiday or rest day and moved on, filed by the day it moved to.",
    "filing_chart.note.working": "Green: filed on time with both bodies; red: a filing late, or past the limit and not made; grey: a filing not made, not yet due (a filing not made is counted to the as-of date).",
    "filing_chart.some": " Of the {issued} documents issued this year, the chart draws the {shown} that took longest to file (in order of issue).",
    "publication": "Publication",
    "publication.note": "Publication rate = documents the register marks as published ÷ documents issued in the year.",
    "publication.none": "Every normative document issued in the year was published.",
    "publication.exceptions": "Not published ({n}):",
    "cleanup": "Cleanup of normative documents",
    "cleanup.note": "The cleanup counts every document of the register with a cleanup result, whatever year it was issued: {earlier} issued in earlier years, {this_year} issued this year.",
    "cleanup.none": "The register has no document in a cleanup of the year.",
    "col.result": "Result",
    "col.documents": "Documents",
    "col.share": "Share",
    "col.batch": "Cleanup",
    "col.total": "Total",
    "batch.blank": "cleanup not named",
    "total_documents": "Total",
    "cleanup_chart": "Cleanup results (documents)",
    "documents_axis": "Documents",
    "drafters": "Drafting units",
    "drafters.note": "Documents issued in the year per drafting unit; filed on time means on time with both the city government and the standing committee.",
    "drafter.blank": "not given",
    "col.issued": "Issued",
    "col.reviewed": "Reviewed before issue",
    "col.on_time_both": "Filed on time with both",
    "documents": "Normative documents issued in the year",
    "documents.note": "In order of issue. The last day is that of the filing limit (counted as the Filing section says). Filing columns: ✓ on time, ✗ late or past the limit and not filed, — not filed, limit not yet reached.",
    "status.on_time": "{d}",
    "status.late": "{d} (late)",
    "status.not_filed": "not filed",
    "status.not_yet_due": "not yet due",
    "yes": "yes",
    "no": "no",
}
add_choice_labels(_ZH, _EN, "cleanup", CLEANUP_RESULTS)

CLEANUP_COLOURS = {
    "retained": charts.PALETTE[0],
    "amended": charts.PALETTE[2],
    "repealed": charts.PALETTE[3],
    "expired": charts.PALETTE[6],
    "declared_expired": charts.PALETTE[5],
}


CHART_DOCUMENTS = 60  # bars a chart can show legibly (one per document); past that, those that took longest


def charted(taken: pd.Series, limit: int = CHART_DOCUMENTS) -> pd.Index:
    """The documents the filing chart draws: all of them, or the `limit` that took longest, in their order."""
    if len(taken) <= limit:
        return taken.index
    longest = taken.fillna(-1).sort_values(ascending=False, kind="stable").index[:limit]
    return taken.index[taken.index.isin(longest)]


class NormativeDocumentsReport(Report):
    """规范性文件备案审查审计报告: legality review, filing with both bodies, publication, cleanup."""

    audit_key: ClassVar[str | None] = "normative_documents"
    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {"zh": _ZH, "en": _EN}

    @cached_property
    def register(self) -> Register:
        """The normative documents register."""
        return self.loaded["normative_documents"]

    @cached_property
    def documents(self) -> pd.DataFrame:
        """One row per document with the fields every figure is built from."""
        return document_frame(self.register, self.params)

    @property
    def _unit(self) -> str:
        return str(self.m["filing_unit"])

    def days(self, value: int | None) -> str:
        """A number of days in the filing limit's unit (``3 日``, ``3 个工作日``)."""
        return "—" if value is None else self.t(f"days.{self._unit}", v=self.count(value))

    def _sep(self) -> str:
        return "、" if self.language == "zh" else ", "

    # -- sections ------------------------------------------------------------------------

    def title(self) -> html.Html:
        """Title and the year it covers."""
        return html.title(self.t("title"), self.subtitle())

    def headline(self) -> html.Html:
        """Key figures and a summary paragraph in the words of an annual report."""
        m, c = self.m, self.m["cleanup"]
        figures = [
            (self.t("fig.issued"), self.count(m["issued"]), ""),
            (
                self.t("fig.review_rate"),
                self.pct(m["review_rate"]),
                self.t("fig.of_issued", n=m["reviewed"], total=m["issued"]),
            ),
            (
                self.t("fig.filed_on_time_rate"),
                self.pct(m["filed_on_time_rate"]),
                self.t("fig.filings", due=m["filings_due"]),
            ),
            (
                self.t("fig.publication_rate"),
                self.pct(m["publication_rate"]),
                self.t("fig.of_issued", n=m["published"], total=m["issued"]),
            ),
            (self.t("fig.cleanup"), self.count(c["documents"]), self.t("fig.batches", n=c["batches"])),
        ]
        f = m["filing"]
        issuers = self._sep().join(self.t("issuer_count", issuer=r["issuer"], n=r["issued"]) for r in m["by_issuer"])
        if not m["issued"]:
            sentences = [self.t("summary.none", year=self.params.year)]
        else:
            sentences = [self.t("summary.issued", year=self.params.year, issued=m["issued"], issuers=issuers)]
            clauses = self.t("clause.join").join(self._clauses())
            sentences.append(self.t("summary.these", clauses=clauses[:1].upper() + clauses[1:]))
        pending = sum(f[body]["not_yet_due"] for body in BODIES)
        if pending:
            sentences.append(self.t("summary.pending", n=pending, as_of=self.params.as_of.isoformat()))
        if c["documents"]:
            results = self._sep().join(
                self.t("result_count", result=self.label("cleanup", code), n=c["results"][code])
                for code in CLEANUP_CODES
                if c["results"][code]
            )
            sentences.append(self.t("summary.cleanup", documents=c["documents"], batches=c["batches"], results=results))
        else:
            sentences.append(self.t("summary.no_cleanup"))
        if m["earlier"]:
            sentences.append(self.t("summary.earlier", n=m["earlier"]))
        return html.section(self.t("headline"), html.key_figures(figures), html.paragraph("".join(sentences).strip()))

    def _clauses(self) -> list[str]:
        """The summary's clauses on review, filing and publication: "all" where nothing is missing."""
        m, f = self.m, self.m["filing"]
        review = "all" if m["not_reviewed"] == 0 else "some"
        filings_open = sum(f[b][k] for b in BODIES for k in ("late", "not_filed", "not_yet_due"))
        filing = "all" if filings_open == 0 else "some"
        publication = "all" if m["not_published"] == 0 else "some"
        return [
            self.t(
                f"clause.review.{review}",
                reviewed=m["reviewed"],
                not_reviewed=m["not_reviewed"],
                rate=self.pct(m["review_rate"]),
            ),
            self.t(
                f"clause.filing.{filing}",
                due=m["filings_due"],
                rate=self.pct(m["filed_on_time_rate"]),
                both=m["filed_on_time_both"],
                **{f"{body}_{k}": f[body][k] for body in BODIES for k in ("on_time", "late", "not_filed")},
            ),
            self.t(
                f"clause.publication.{publication}",
                published=m["published"],
                not_published=m["not_published"],
                rate=self.pct(m["publication_rate"]),
            ),
        ]

    def _document_list(self, documents: list[dict[str, Any]]) -> html.Html:
        headers = [self.t(k) for k in ("col.number", "col.title", "col.issuer", "col.issued_on")]
        rows = [(d["number"], d["title"], d["issuer"], d["issued_on"]) for d in documents]
        return html.table(headers, rows, nowrap=(0, 3))

    def review(self) -> html.Html:
        """Documents reviewed for legality before issue; every document issued without review."""
        m = self.m
        rows = [
            (self.t("m.issued"), self.count(m["issued"])),
            (self.t("m.reviewed"), self.count(m["reviewed"])),
            (self.t("m.not_reviewed"), self.count(m["not_reviewed"])),
            (self.t("m.review_rate"), self.pct(m["review_rate"])),
        ]
        parts = [html.table([self.t("col.measure"), self.t("col.figure")], rows, numeric=(1,))]
        missing = m["not_reviewed_documents"]
        if missing:
            text = self.t("review.exceptions", n=len(missing))
            parts += [html.Html(f'<p class="audit-warning">{html.esc(text)}</p>'), self._document_list(missing)]
        elif m["issued"]:
            parts.append(html.paragraph(self.t("review.none")))
        return html.section(self.t("review"), *parts, note=self.t("review.note"))

    def filing(self) -> html.Html:
        """Filings with each body: due, on time, late, not filed, not yet due, and the on-time rate."""
        m = self.m
        rows = []
        for body in BODIES:
            f = m["filing"][body]
            rows.append(
                (
                    self.t(f"body.{body}"),
                    self.count(f["due"]),
                    self.count(f["on_time"]),
                    self.count(f["late"]),
                    self.count(f["not_filed"]),
                    self.count(f["not_yet_due"]),
                    self.pct(f["on_time_rate"]),
                )
            )
        total = {k: sum(m["filing"][b][k] for b in BODIES) for k in ("late", "not_filed", "not_yet_due")}
        rows.append(
            (
                self.t("total"),
                self.count(m["filings_due"]),
                self.count(m["filed_on_time"]),
                self.count(total["late"]),
                self.count(total["not_filed"]),
                self.count(total["not_yet_due"]),
                self.pct(m["filed_on_time_rate"]),
            )
        )
        headers = [
            self.t(k)
            for k in (
                "col.body",
                "col.due",
                "col.on_time",
                "col.late",
                "col.not_filed",
                "col.not_yet_due",
                "col.on_time_rate",
            )
        ]
        note = self.t(
            "filing.note",
            days=m["filing_days"],
            unit=self.t(f"unit.{self._unit}"),
            rule=self.t(f"rule.{self._unit}"),
            as_of=self.params.as_of.isoformat(),
        )
        return html.section(self.t("filing"), html.table(headers, rows, numeric=(1, 2, 3, 4, 5, 6)), note=note)

    def filing_exceptions(self) -> html.Html:
        """Every filing made late, not made past the limit, or not made yet, by body and document number."""
        f = self.m["filing"]
        late = [(body, d) for body in BODIES for d in f[body]["late_documents"]]
        not_filed = [(body, d) for body in BODIES for d in f[body]["not_filed_documents"]]
        pending = [(body, d) for body in BODIES for d in f[body]["not_yet_due_documents"]]
        parts: list[str] = []
        if not late and not not_filed:
            parts.append(html.paragraph(self.t("exceptions.none")))
        if late:
            headers = [
                self.t(k)
                for k in (
                    "col.body",
                    "col.number",
                    "col.title",
                    "col.issued_on",
                    "col.deadline",
                    "col.filed_on",
                    "col.days",
                    "col.days_late",
                )
            ]
            rows: list[tuple[object, ...]] = [
                (
                    self.t(f"body.{body}"),
                    d["number"],
                    d["title"],
                    d["issued_on"],
                    d["deadline"],
                    d["filed_on"],
                    self.days(d["days"]),
                    self.days(d["days_late"]),
                )
                for body, d in late
            ]
            parts += [
                f"<h3>{html.esc(self.t('exceptions.late'))}</h3>",
                html.table(headers, rows, numeric=(6, 7), nowrap=(1, 3, 4, 5)),
            ]
        if not_filed:
            headers = [
                self.t(k)
                for k in ("col.body", "col.number", "col.title", "col.issued_on", "col.deadline", "col.days_overdue")
            ]
            rows = [
                (
                    self.t(f"body.{body}"),
                    d["number"],
                    d["title"],
                    d["issued_on"],
                    d["deadline"],
                    self.days(d["days_overdue"]),
                )
                for body, d in not_filed
            ]
            parts += [
                f"<h3>{html.esc(self.t('exceptions.not_filed'))}</h3>",
                html.table(headers, rows, numeric=(5,), nowrap=(1, 3, 4)),
            ]
        if pending:
            headers = [self.t(k) for k in ("col.body", "col.number", "col.title", "col.issued_on", "col.deadline")]
            rows = [
                (self.t(f"body.{body}"), d["number"], d["title"], d["issued_on"], d["deadline"]) for body, d in pending
            ]
            parts += [
                f"<h3>{html.esc(self.t('exceptions.not_yet_due'))}</h3>",
                html.table(headers, rows, nowrap=(1, 3, 4)),
            ]
        note = self.t("exceptions.note", as_of=self.params.as_of.isoformat(), unit=self.t(f"unit.{self._unit}"))
        return html.section(self.t("exceptions"), *parts, note=note if late or not_filed else "")

    def filing_chart(self) -> html.Html:
        """Per document, the time from issue to its later filing (to the as-of date where one is not made), against the limit."""
        issued = self.documents[self.documents["issued"]].sort_values(["issued_on", "number"])
        if issued.empty:
            return html.Html("")
        as_of = pd.Series(pd.Timestamp(self.params.as_of), index=issued.index, dtype=issued["issued_on"].dtype)
        so_far = days_between(issued["issued_on"], as_of, self.params)
        taken = pd.concat(
            [issued[f"{body}_days"].where(issued[f"{body}_filed_on"].notna(), so_far) for body in BODIES], axis=1
        ).max(axis=1)
        shown = charted(taken)
        issued, taken = issued.loc[shown], taken.loc[shown]
        statuses = issued[[f"{body}_status" for body in BODIES]]
        bad = statuses.isin(("late", "not_filed")).any(axis=1)
        open_ = statuses.eq("not_yet_due").any(axis=1)
        values = taken.fillna(0).clip(lower=0).tolist()
        colours = [
            charts.PALETTE[3] if b else charts.PALETTE[6] if o else charts.PALETTE[4] for b, o in zip(bad, open_)
        ]
        unit = self.t(f"unit.{self._unit}")
        working = self._unit == "working"
        fig = charts.bar_chart(
            issued["number"].tolist(),
            values,
            self.t("filing_chart"),
            self.t("filing_axis.working" if working else "filing_axis"),
            colors=colours,
            reference=float(self.m["filing_days"]),
            reference_label=self.t(
                "limit_line.working" if working else "limit_line", days=self.m["filing_days"], unit=unit
            ),
        )
        text = self.t(f"filing_chart.note.{self._unit}")
        if len(shown) < len(so_far):
            text += self.t("filing_chart.some", shown=len(shown), issued=len(so_far))
        note = f'<p class="note">{html.esc(text)}</p>'
        return html.figure(fig, self.t("filing_chart")) + note

    def publication(self) -> html.Html:
        """Documents published, and every document of the year not published."""
        m = self.m
        rows = [
            (self.t("m.issued"), self.count(m["issued"])),
            (self.t("m.published"), self.count(m["published"])),
            (self.t("m.not_published"), self.count(m["not_published"])),
            (self.t("m.publication_rate"), self.pct(m["publication_rate"])),
        ]
        parts = [html.table([self.t("col.measure"), self.t("col.figure")], rows, numeric=(1,))]
        missing = m["not_published_documents"]
        if missing:
            text = self.t("publication.exceptions", n=len(missing))
            parts += [html.Html(f'<p class="audit-warning">{html.esc(text)}</p>'), self._document_list(missing)]
        elif m["issued"]:
            parts.append(html.paragraph(self.t("publication.none")))
        return html.section(self.t("publication"), *parts, note=self.t("publication.note"))

    def cleanup(self) -> html.Html:
        """Documents in the year's cleanups per result, and per cleanup."""
        c = self.m["cleanup"]
        if not c["documents"]:
            return html.section(self.t("cleanup"), html.paragraph(self.t("cleanup.none")))
        total = c["documents"]
        rows = [
            (self.label("cleanup", code), self.count(c["results"][code]), self.pct(c["results"][code] / total))
            for code in CLEANUP_CODES
        ]
        rows.append((self.t("total_documents"), self.count(total), self.pct(1.0)))
        results = html.table([self.t("col.result"), self.t("col.documents"), self.t("col.share")], rows, numeric=(1, 2))
        batch_rows = [
            (
                b["batch"] or self.t("batch.blank"),
                *(self.count(b["results"][code]) for code in CLEANUP_CODES),
                self.count(b["documents"]),
            )
            for b in c["by_batch"]
        ]
        headers = [self.t("col.batch"), *(self.label("cleanup", code) for code in CLEANUP_CODES), self.t("col.total")]
        batches = html.table(headers, batch_rows, numeric=tuple(range(1, len(headers))))
        note = self.t("cleanup.note", earlier=c["issued_earlier"], this_year=c["issued_this_year"])
        return html.section(self.t("cleanup"), results, batches, note=note)

    def cleanup_chart(self) -> html.Html:
        """Cleanup results as bars (nothing where no document was in a cleanup)."""
        c = self.m["cleanup"]
        if not c["documents"]:
            return html.Html("")
        fig = charts.bar_chart(
            [self.label("cleanup", code) for code in CLEANUP_CODES],
            [c["results"][code] for code in CLEANUP_CODES],
            self.t("cleanup_chart"),
            self.t("documents_axis"),
            colors=[CLEANUP_COLOURS[code] for code in CLEANUP_CODES],
        )
        return html.figure(fig, self.t("cleanup_chart"))

    def drafters(self) -> html.Html:
        """The year's documents per drafting unit: issued, reviewed, filed on time with both bodies, published."""
        rows = [
            (
                r["drafter"] or self.t("drafter.blank"),
                self.count(r["issued"]),
                self.count(r["reviewed"]),
                self.count(r["filed_on_time_both"]),
                self.count(r["published"]),
            )
            for r in self.m["by_drafter"]
        ]
        headers = [
            self.t(k) for k in ("col.drafter", "col.issued", "col.reviewed", "col.on_time_both", "col.published")
        ]
        return html.section(
            self.t("drafters"), html.table(headers, rows, numeric=(1, 2, 3, 4)), note=self.t("drafters.note")
        )

    def _filing_cell(self, status: str, filed_on: object) -> html.Html | str:
        day = "" if pd.isna(filed_on) else pd.Timestamp(filed_on).date().isoformat()  # type: ignore[arg-type]
        text = self.t(f"status.{status}", d=day)
        if status == "not_yet_due":
            return f"— {text}"
        return html.status(status == "on_time", text)

    def document_list(self) -> html.Html:
        """Every document issued in the year: dates of review, of each filing (with its status) and publication."""
        issued = self.documents[self.documents["issued"]].sort_values(["issued_on", "number"])
        if issued.empty:
            return html.Html("")
        day = lambda v: "" if pd.isna(v) else pd.Timestamp(v).date().isoformat()  # noqa: E731
        rows = [
            (
                r.number,
                r.title,
                day(r.issued_on),
                day(r.reviewed_on) if r.reviewed else self.t("no"),
                day(r.deadline),
                self._filing_cell(r.city_status, r.city_filed_on),
                self._filing_cell(r.congress_status, r.congress_filed_on),
                (day(r.published_on) or self.t("yes")) if r.published else self.t("no"),
            )
            for r in issued.itertuples()
        ]
        headers = [
            self.t(k)
            for k in (
                "col.number",
                "col.title",
                "col.issued_on",
                "col.reviewed_on",
                "col.deadline",
                "col.city",
                "col.congress",
                "col.published",
            )
        ]
        return html.section(
            self.t("documents"), html.table(headers, rows, nowrap=(0, 2, 3, 4, 5, 6, 7)), note=self.t("documents.note")
        )
