"""The case-file review report (行政执法案卷评查): what its notebook displays.

Reviewer names are loaded for validation only: no section of this page reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from audit.audits.case_file_review.compute import file_frame
from audit.audits.case_file_review.register import CATEGORY_LABELS, VETO_LABELS_EN
from audit.audits.case_file_review.settings import GRADE_LABELS_EN
from audit.core import numbers
from audit.registers import Register
from audit.report import charts, html
from audit.report.base import Report

if TYPE_CHECKING:
    import pandas as pd

    from audit.audits.case_file_review.settings import CaseFileReviewParams

# The default grades (settings.DEFAULT_GRADES) as an English page shows them; the names in params and
# metrics.json stay as written, and a grade the params name otherwise is shown as written.

_ZH = {
    # what an optional column the register lacks means for this page (audit.report.columns)
    "absent.case_file_review.deduction_*": "该类扣分每份均按未填写计算；该类平均扣分不计算，未填得分的案卷按 100 减其余各类扣分计分",
    "absent.case_file_review.score": "每份案卷均按 100 减各类扣分计分",
    "absent.case_file_review.veto_items": "每份案卷均按无否决项计算",
    "title": "行政执法案卷评查审计报告",
    "headline": "主要指标",
    "summary": (
        "{year}年共开展行政执法案卷评查{rounds}批次，覆盖{units}个行政执法单位，评查案卷{files}卷，"
        "平均得分{mean}分（最高{max}分、最低{min}分）。评定{grades}，合格率{pass_rate}。"
        "存在否决项的案卷{veto_files}卷，案卷合法率{legality_rate}。"
        "失分比例较高的评查项目依次为{top_categories}。"
    ),
    "summary.grade": "{name}{n}卷",
    "summary.sep": "、",
    "summary.none": "无",
    "fig.files": "评查案卷（卷）",
    "fig.units": "执法单位（个）",
    "fig.rounds": "评查批次",
    "fig.mean": "平均得分",
    "fig.pass_rate": "合格率",
    "fig.veto_files": "否决项案卷（卷）",
    "fig.legality_rate": "合法率 {rate}",
    "fig.score_range": "最高 {max} · 最低 {min}",
    "grades": "评查等次分布",
    "grades.note.fail": "等次按本年度评查标准的分数段评定；存在否决项的案卷一律计0分、评为{lowest}。合格率 = {pass_grade}及以上案卷 ÷ 评查案卷总数。",
    "grades.note.cap": "等次按本年度评查标准的分数段评定；存在否决项的案卷保留得分，但最高评为{cap}。合格率 = {pass_grade}及以上案卷 ÷ 评查案卷总数。",
    "col.grade": "等次",
    "col.band": "分数段",
    "col.files": "案卷数",
    "col.share": "占比",
    "band.range": "{lo}分（含）至{hi}分（不含）",
    "band.top": "{lo}分及以上",
    "total": "合计",
    "grade_chart": "评查等次分布（卷）",
    "axis.files": "案卷数（卷）",
    "units": "各执法单位评查情况",
    "units.note": "按平均得分排名，平均得分相同的并列同一名次（其后名次顺延）。",
    "col.rank": "名次",
    "col.unit": "执法单位",
    "col.mean": "平均得分",
    "col.pass_rate": "合格率",
    "col.veto_files": "否决项案卷",
    "unit_chart": "各执法单位案卷平均得分",
    "unit_chart.note": "红色柱表示该单位有存在否决项的案卷。",
    "axis.score": "平均得分（分）",
    "pass_line": "{grade}线 {min}分",
    "categories": "扣分分布（失分环节）",
    "categories.note": "平均扣分 = 该项扣分合计 ÷ 有分项扣分记录的案卷数（{with_detail}卷）{score_only}；失分比例 = 平均扣分 ÷ 该项满分。",
    "categories.score_only": "；另有{n}卷只登记了得分，未计入",
    "col.category": "评查项目",
    "col.max": "满分",
    "col.mean_lost": "平均扣分",
    "col.lost_share": "失分比例",
    "category_chart": "各评查项目失分比例（平均扣分占满分的比例）",
    "axis.lost_share": "失分比例（%）",
    "vetoes": "否决项情况",
    "vetoes.note": "一卷案卷可能同时存在多个否决项，故各项合计可能大于否决项案卷数。",
    "vetoes.none": "本年度评查未发现存在否决项的案卷。",
    "col.veto": "否决项",
    "col.veto_count": "涉及案卷数",
    "rounds": "各批次评查对比",
    "col.round": "评查批次",
    "exceptions": "不合格及存在否决项的案卷",
    "exceptions.note": "列出评为不合格等次或存在否决项的全部案卷，供逐卷反馈整改。",
    "exceptions.none": "本年度没有不合格或存在否决项的案卷。",
    "col.case_id": "案卷编号",
    "col.case_type": "案件类型",
    "col.score": "得分",
    "col.findings": "主要问题",
    "vetoed_score": "{score}（否决前{raw}分）",
    "case_type.penalty": "行政处罚",
    "case_type.licensing": "行政许可",
    "case_type.coercion": "行政强制",
    "case_type.inspection": "行政检查",
    "case_type.other": "其他",
}
_EN = {
    "absent.case_file_review.deduction_*": "no file read as having this category's points; its mean deduction is not computed, and a file without a score is scored 100 minus its other deductions",
    "absent.case_file_review.score": "every file is scored 100 minus its deductions",
    "absent.case_file_review.veto_items": "no file read as having a veto item",
    "title": "Case-file review audit",
    "headline": "Headline figures",
    "summary": (
        "In {year} the bureau ran {rounds} case-file review round(s) covering {units} enforcement units and "
        "reviewed {files} case files, with a mean score of {mean} (highest {max}, lowest {min}). "
        "Grades: {grades}; pass rate {pass_rate}. {veto_files} file(s) had a veto item, a legality rate of "
        "{legality_rate}. The largest shares of points were lost on {top_categories}."
    ),
    "summary.grade": "{name} {n}",
    "summary.sep": ", ",
    "summary.none": "none",
    "fig.files": "Files reviewed",
    "fig.units": "Enforcement units",
    "fig.rounds": "Review rounds",
    "fig.mean": "Mean score",
    "fig.pass_rate": "Pass rate",
    "fig.veto_files": "Files with a veto item",
    "fig.legality_rate": "legality rate {rate}",
    "fig.score_range": "highest {max} · lowest {min}",
    "grades": "Grades",
    "grades.note.fail": "Grades follow the score bands of the year's standard; a file with any veto item scores 0 and is graded {lowest}. Pass rate = files graded {pass_grade} or higher ÷ files reviewed.",
    "grades.note.cap": "Grades follow the score bands of the year's standard; a file with any veto item keeps its score but is graded no higher than {cap}. Pass rate = files graded {pass_grade} or higher ÷ files reviewed.",
    "col.grade": "Grade",
    "col.band": "Score band",
    "col.files": "Files",
    "col.share": "Share",
    "band.range": "{lo} to under {hi}",
    "band.top": "{lo} and above",
    "total": "Total",
    "grade_chart": "Files by grade",
    "axis.files": "Files",
    "units": "Enforcement units",
    "units.note": "Ranked by mean score; units with the same mean score share a rank (the next rank is skipped).",
    "col.rank": "Rank",
    "col.unit": "Enforcement unit",
    "col.mean": "Mean score",
    "col.pass_rate": "Pass rate",
    "col.veto_files": "Veto files",
    "unit_chart": "Mean score per enforcement unit",
    "unit_chart.note": "Red bars: units with at least one file that had a veto item.",
    "axis.score": "Mean score",
    "pass_line": "{grade} from {min}",
    "categories": "Where points are lost",
    "categories.note": "Mean deduction = points lost in the category ÷ files with a deduction breakdown ({with_detail}){score_only}; share of maximum = mean deduction ÷ the category's maximum.",
    "categories.score_only": "; {n} file(s) recorded only a score and are left out",
    "col.category": "Category",
    "col.max": "Maximum",
    "col.mean_lost": "Mean deduction",
    "col.lost_share": "Share of maximum",
    "category_chart": "Points lost as a share of each category's maximum",
    "axis.lost_share": "Share of maximum (%)",
    "vetoes": "Veto items found",
    "vetoes.note": "A file may have several veto items, so the counts may add up to more than the veto files.",
    "vetoes.none": "No file reviewed this year had a veto item.",
    "col.veto": "Veto item",
    "col.veto_count": "Files",
    "rounds": "Review rounds compared",
    "col.round": "Round",
    "exceptions": "Failed files and files with a veto item",
    "exceptions.note": "Every file graded below the pass grade or with a veto item, for feedback and correction file by file.",
    "exceptions.none": "No file failed or had a veto item this year.",
    "col.case_id": "Case file",
    "col.case_type": "Case type",
    "col.score": "Score",
    "col.findings": "Main findings",
    "vetoed_score": "{score} ({raw} before veto)",
    "case_type.penalty": "penalty",
    "case_type.licensing": "licensing",
    "case_type.coercion": "coercion",
    "case_type.inspection": "inspection",
    "case_type.other": "other",
}


class CaseFileReviewReport(Report):
    """行政执法案卷评查审计报告: scores, grades, units, lost points, veto items, exceptions."""

    audit_key: ClassVar[str | None] = "case_file_review"
    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {"zh": _ZH, "en": _EN}

    @cached_property
    def register(self) -> Register:
        """The case-file review register."""
        return self.loaded["case_file_review"]

    @cached_property
    def standard(self) -> CaseFileReviewParams:
        """The year's scoring standard."""
        return self.params.case_file_review

    @cached_property
    def files(self) -> pd.DataFrame:
        """One row per file reviewed, with its score and grade."""
        return file_frame(self.register, self.params)

    # ---- labels -------------------------------------------------------------------------
    def category(self, code: str) -> str:
        """Display name of a scoring category (执法主体; a non-standard category by its code)."""
        return CATEGORY_LABELS[self.language].get(code, code)

    def veto(self, code: str) -> str:
        """Display name of a veto item: its label in the year's standard, or in English."""
        if self.language == "en":
            return VETO_LABELS_EN.get(code, code.replace("_", " "))
        return self.standard.veto_items.get(code, code)

    def grade(self, name: str) -> str:
        """Display name of a grade: as the params name it; on an English page a default grade in English."""
        if self.language == "en":
            return GRADE_LABELS_EN.get(name, name)
        return name

    def grade_header(self, name: str) -> str:
        """A grade as a column header (capitalised on an English page: Excellent)."""
        label = self.grade(name)
        return label[:1].upper() + label[1:] if self.language == "en" else label

    def score(self, value: float | None) -> str:
        """A score in points (one decimal where not whole)."""
        return self.number(value, 1)

    def mean(self, value: float | None) -> str:
        """A mean score, always with one decimal (91.0 beside 94.8 in a column)."""
        if value is None:
            return "—"
        return f"{numbers.round_decimal(value, 1, self.params.definitions.rounding)}"

    def _band(self, i: int) -> str:
        bands = self.standard.grades
        lo = self.number(bands[i].min)
        if i == 0:
            return self.t("band.top", lo=lo)
        return self.t("band.range", lo=lo, hi=self.number(bands[i - 1].min))

    # ---- sections -----------------------------------------------------------------------
    def title(self) -> html.Html:
        """Title and the year it covers."""
        return html.title(self.t("title"), self.subtitle())

    def _top_categories(self) -> str:
        top = [code for code, _, _, share in self._lost() if share][:3]
        return self.t("summary.sep").join(self.category(c) for c in top) or self.t("summary.none")

    def headline(self) -> html.Html:
        """Key figures and a one-paragraph summary in the words of an annual report."""
        m, s = self.m, self.m["score"]
        figures = [
            (self.t("fig.files"), self.count(m["files"]), ""),
            (self.t("fig.units"), self.count(m["units"]), ""),
            (self.t("fig.rounds"), self.count(m["rounds"]), ""),
            (
                self.t("fig.mean"),
                self.mean(s["mean"]),
                self.t("fig.score_range", max=self.score(s["max"]), min=self.score(s["min"])),
            ),
            (self.t("fig.pass_rate"), self.pct(m["pass_rate"]), ""),
            (
                self.t("fig.veto_files"),
                self.count(m["veto_files"]),
                self.t("fig.legality_rate", rate=self.pct(m["legality_rate"])),
            ),
        ]
        grades = self.t("summary.sep").join(
            self.t("summary.grade", name=self.grade(name), n=self.count(n)) for name, n in m["grades"].items()
        )
        text = self.t(
            "summary",
            year=self.params.year,
            rounds=self.count(m["rounds"]),
            units=self.count(m["units"]),
            files=self.count(m["files"]),
            mean=self.mean(s["mean"]),
            max=self.score(s["max"]),
            min=self.score(s["min"]),
            grades=grades,
            pass_rate=self.pct(m["pass_rate"]),
            veto_files=self.count(m["veto_files"]),
            legality_rate=self.pct(m["legality_rate"]),
            top_categories=self._top_categories(),
        )
        return html.section(self.t("headline"), html.key_figures(figures), html.paragraph(text))

    def grades(self) -> html.Html:
        """Files per grade band with shares, and how veto items and passing are defined."""
        m = self.m
        rows = [
            (
                self.grade(band.name),
                self._band(i),
                self.count(m["grades"][band.name]),
                self.pct(m["grade_shares"][band.name]),
            )
            for i, band in enumerate(self.standard.grades)
        ]
        rows.append((self.t("total"), "", self.count(m["files"]), self.pct(1.0 if m["files"] else None)))
        headers = [self.t("col.grade"), self.t("col.band"), self.t("col.files"), self.t("col.share")]
        note = self.t(
            f"grades.note.{self.standard.veto_effect}",
            lowest=self.grade(self.standard.grades[-1].name),
            cap=self.grade(self.standard.veto_cap_grade),
            pass_grade=self.grade(self.standard.pass_grade),
        )
        return html.section(self.t("grades"), html.table(headers, rows, numeric=(2, 3)), note=note)

    def grade_chart(self) -> html.Html:
        """Files per grade as columns, failing grades in red."""
        names = [band.name for band in self.standard.grades]
        passing = names.index(self.standard.pass_grade)
        colors = [charts.PALETTE[0] if i <= passing else charts.PALETTE[3] for i in range(len(names))]
        fig = charts.bar_chart(
            [self.grade(n) for n in names],
            [self.m["grades"][n] for n in names],
            self.t("grade_chart"),
            self.t("axis.files"),
            horizontal=False,
            colors=colors,
        )
        return html.figure(fig, self.t("grade_chart"))

    def units(self) -> html.Html:
        """League table of enforcement units: rank, files, mean score, pass rate, veto files, grades."""
        names = [band.name for band in self.standard.grades]
        rows = [
            (
                r["rank"],
                r["unit"],
                self.count(r["files"]),
                self.mean(r["mean_score"]),
                self.pct(r["pass_rate"]),
                self.count(r["veto_files"]),
                *(self.count(r["grades"][n]) for n in names),
            )
            for r in self.m["by_unit"]
        ]
        headers = [
            self.t("col.rank"),
            self.t("col.unit"),
            self.t("col.files"),
            self.t("col.mean"),
            self.t("col.pass_rate"),
            self.t("col.veto_files"),
            *(self.grade_header(n) for n in names),
        ]
        numeric = (0, *range(2, len(headers)))
        return html.section(self.t("units"), html.table(headers, rows, numeric=numeric), note=self.t("units.note"))

    def unit_chart(self) -> html.Html:
        """Mean score per unit, in rank order, with the pass threshold marked."""
        units = self.m["by_unit"]
        pass_min = next(b.min for b in self.standard.grades if b.name == self.standard.pass_grade)
        colors = [charts.PALETTE[3] if r["veto_files"] else charts.PALETTE[0] for r in units]
        fig = charts.bar_chart(
            [r["unit"] for r in units],
            [r["mean_score"] for r in units],
            self.t("unit_chart"),
            self.t("axis.score"),
            value_format="{:.1f}",
            colors=colors,
            reference=pass_min,
            reference_label=self.t("pass_line", grade=self.grade(self.standard.pass_grade), min=self.number(pass_min)),
        )
        return html.figure(fig, self.t("unit_chart")) + html.paragraph(self.t("unit_chart.note"))

    def _lost(self) -> list[tuple[str, float, float | None, float | None]]:
        rows = []
        for code, maximum in self.standard.categories.items():
            mean = self.m["category_deductions"][code]
            rows.append((code, maximum, mean, None if mean is None else mean / maximum))
        order = list(self.standard.categories)
        return sorted(rows, key=lambda r: (-(r[3] or 0), order.index(r[0])))

    def categories(self) -> html.Html:
        """Mean points lost per category and as a share of its maximum, largest share first."""
        rows = [
            (self.category(code), self.number(maximum), self.number(mean, 2), self.pct(share))
            for code, maximum, mean, share in self._lost()
        ]
        headers = [self.t("col.category"), self.t("col.max"), self.t("col.mean_lost"), self.t("col.lost_share")]
        columns = [c for c in self.files.columns if c.startswith("deduction_")]
        with_detail = int(self.files[columns].notna().all(axis=1).sum())
        score_only = len(self.files) - with_detail
        note = self.t(
            "categories.note",
            with_detail=self.count(with_detail),
            score_only=self.t("categories.score_only", n=self.count(score_only)) if score_only else "",
        )
        return html.section(self.t("categories"), html.table(headers, rows, numeric=(1, 2, 3)), note=note)

    def category_chart(self) -> html.Html:
        """Share of each category's maximum lost on average, largest first."""
        lost = self._lost()
        fig = charts.bar_chart(
            [self.category(code) for code, *_ in lost],
            [round((share or 0) * 100, 2) for *_, share in lost],
            self.t("category_chart"),
            self.t("axis.lost_share"),
            value_format="{:.1f}%",
            colors=[charts.PALETTE[2]] * len(lost),
        )
        return html.figure(fig, self.t("category_chart"))

    def vetoes(self) -> html.Html:
        """Veto items found, most frequent first."""
        items = self.m["top_veto_items"]
        if not items:
            return html.section(self.t("vetoes"), html.paragraph(self.t("vetoes.none")))
        rows = [(self.veto(r["code"]), self.count(r["count"]), self.pct(r["count"] / self.m["files"])) for r in items]
        headers = [self.t("col.veto"), self.t("col.veto_count"), self.t("col.share")]
        return html.section(self.t("vetoes"), html.table(headers, rows, numeric=(1, 2)), note=self.t("vetoes.note"))

    def rounds(self) -> html.Html:
        """Files, mean score and pass rate of each review round."""
        rows = [
            (r["round"], self.count(r["files"]), self.mean(r["mean_score"]), self.pct(r["pass_rate"]))
            for r in self.m["by_round"]
        ]
        headers = [self.t("col.round"), self.t("col.files"), self.t("col.mean"), self.t("col.pass_rate")]
        return html.section(self.t("rounds"), html.table(headers, rows, numeric=(1, 2, 3)))

    def _file_score(self, score: float, raw: float) -> str:
        if score == raw:
            return self.score(score)
        return self.t("vetoed_score", score=self.score(score), raw=self.score(raw))

    def exceptions(self) -> html.Html:
        """Every failing or vetoed file with its findings (all register text escaped)."""
        f = self.files[~self.files["passed"] | self.files["vetoed"]]
        if f.empty:
            return html.section(self.t("exceptions"), html.paragraph(self.t("exceptions.none")))
        f = f.sort_values(["round", "unit", "case_id"], key=lambda s: s.astype(str))
        sep = self.t("summary.sep")
        rows = [
            (
                r.round,
                r.unit,
                r.case_id,
                self.t(f"case_type.{r.case_type}") if isinstance(r.case_type, str) else "",
                self._file_score(r.score, r.raw_score),
                self.grade(r.grade),
                sep.join(self.veto(c) for c in r.veto_items) if r.vetoed else "",
                r.findings or "",
            )
            for r in f.itertuples(index=False)
        ]
        headers = [
            self.t("col.round"),
            self.t("col.unit"),
            self.t("col.case_id"),
            self.t("col.case_type"),
            self.t("col.score"),
            self.t("col.grade"),
            self.t("col.veto"),
            self.t("col.findings"),
        ]
        table = html.table(headers, rows, numeric=(4,), nowrap=(0, 1, 2, 3, 5))
        return html.section(self.t("exceptions"), table, note=self.t("exceptions.note"))
