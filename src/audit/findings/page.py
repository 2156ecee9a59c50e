"""The findings page (审计发现问题清单): the year's findings by audit, and what became of last year's.

Every figure comes from the year's metrics.json (``findings``, ``follow_up``,
``rectification_unmatched``, ``findings_tally``): the page shows, it computes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from audit.core import metrics as metrics_file
from audit.core.params import Params
from audit.core.provenance import Source
from audit.findings.model import SEVERITY_LABELS
from audit.registers import Register
from audit.report import html
from audit.report.base import Report, year_and_last_year

_ZH = {
    "title": "{year}年度审计发现问题清单",
    "tally": "本年度发现问题 {raised} 项：高 {high} 项、中 {medium} 项、低 {low} 项。",
    "none": "本年度未发现问题。",
    "findings.note": "问题编号由审计事项、问题类型和问题对象（案号、文号、单位或目标）生成，重新运行或下一年度再次发现同一问题时编号不变；"
    "证据列出案号、文号或登记表行号，不含任何个人姓名。手工登记的问题来自本年度问题清单登记表。",
    "col.id": "问题编号",
    "col.severity": "严重程度",
    "col.finding": "发现问题",
    "col.basis": "依据",
    "col.unit": "责任单位",
    "col.recommendation": "整改建议",
    "col.evidence": "证据",
    "col.rows": "登记表行号",
    "col.status": "整改状态",
    "col.deadline": "整改时限",
    "col.completed": "完成日期",
    "col.role": "责任人职务",
    "col.verified": "核查人职务",
    "col.category": "跟踪结论",
    "col.recurring": "本年再次发现",
    "col.row": "行号",
    "bureau": "本级",
    "manual": "（手工登记）",
    "follow_up": "上年问题整改情况",
    "follow_up.note": "逐项核对上年度发现的问题与本年度整改台账：已整改、无法整改、逾期未整改（整改时限早于审计截止日）、"
    "未到期（整改中或未整改，时限未到）、台账未登记（台账无此问题或未填整改时限）；“本年再次发现”指本年度按同一规则对同一对象再次发现该问题，"
    "不论台账如何记载。",
    "follow_up.tally": "上年发现问题 {findings} 项：已整改 {rectified} 项，逾期未整改 {past_deadline} 项，未到期 {within_deadline} 项，"
    "无法整改 {cannot_rectify} 项，台账未登记 {no_record} 项；本年再次发现 {recurring} 项。",
    "follow_up.none": "未找到 {year} 年的审计结果，无上年问题可跟踪。",
    "follow_up.empty": "上年度未发现问题。",
    "category.rectified": "已整改",
    "category.past_deadline": "逾期未整改",
    "category.within_deadline": "未到期",
    "category.cannot_rectify": "无法整改",
    "category.no_record": "台账未登记",
    "unmatched": "整改台账中不属于上年问题的行",
    "unmatched.note": "以下台账行的问题编号不是上年度发现的问题，未计入整改跟踪：请核对编号。",
    "yes": "是",
    "no": "否",
    "sep": "；",
}
_EN = {
    "title": "Findings {year}",
    "tally": "{raised} findings this year: {high} high, {medium} medium and {low} low.",
    "none": "No findings this year.",
    "findings.note": "A finding's id comes from its audit, rule and subject (a case or document number, a unit or a "
    "target): a re-run, or the next year finding the same again, gives the same id. The evidence names case and "
    "document numbers or register rows, never a person. Findings added by hand come from the year's findings register.",
    "col.id": "Id",
    "col.severity": "Severity",
    "col.finding": "Finding",
    "col.basis": "Rule",
    "col.unit": "Responsible unit",
    "col.recommendation": "Recommendation",
    "col.evidence": "Evidence",
    "col.rows": "Register rows",
    "col.status": "Ledger status",
    "col.deadline": "Deadline",
    "col.completed": "Completed",
    "col.role": "Responsible role",
    "col.verified": "Verified by",
    "col.category": "Follow-up",
    "col.recurring": "Found again",
    "col.row": "Row",
    "bureau": "the bureau",
    "manual": " (added by hand)",
    "follow_up": "Last year's findings followed up",
    "follow_up.note": "Each finding of last year against this year's rectification ledger: rectified, cannot be "
    "rectified, past its deadline (not rectified, deadline before the as-of date), within its deadline, or not in "
    "the ledger (no row, or no deadline); found again means this year's audit found the same rule broken by the "
    "same subject, whatever the ledger says.",
    "follow_up.tally": "{findings} findings last year: {rectified} rectified, {past_deadline} past their deadline, "
    "{within_deadline} within it, {cannot_rectify} that cannot be rectified and {no_record} not in the ledger; "
    "{recurring} found again this year.",
    "follow_up.none": "No audit results found for {year}: no findings to follow up.",
    "follow_up.empty": "Last year's audit had no findings.",
    "category.rectified": "rectified",
    "category.past_deadline": "past deadline",
    "category.within_deadline": "within deadline",
    "category.cannot_rectify": "cannot be rectified",
    "category.no_record": "not in the ledger",
    "unmatched": "Ledger rows that are none of last year's findings",
    "unmatched.note": "These rows of the ledger name no finding of last year and are not followed up: check their ids.",
    "yes": "yes",
    "no": "no",
    "sep": "; ",
}
_CATEGORY_CLASS = {
    "rectified": "rag rag-green",
    "within_deadline": "rag rag-amber",
    "past_deadline": "rag rag-red",
    "cannot_rectify": "rag rag-red",
    "no_record": "rag rag-none",
}
_SEVERITY_CLASS = {"high": "rag rag-red", "medium": "rag rag-amber", "low": "rag rag-none"}


class FindingsReport(Report):
    """审计发现问题清单: the year's findings and last year's followed up."""

    TEXT: ClassVar[Mapping[str, Mapping[str, str]]] = {"zh": _ZH, "en": _EN}

    def __init__(
        self,
        params: Params,
        loaded: Mapping[str, Register],
        previous: Mapping[str, Any] | None = None,
        metrics: Mapping[str, Any] | None = None,
        sources: list[Source] | None = None,
    ):
        super().__init__(params, loaded, metrics, sources)
        self.metrics = dict(metrics) if metrics is not None else metrics_file.compute_all(loaded, params, previous)

    @classmethod
    def open(  # type: ignore[override]
        cls, params_file: str | Path, outputs_dir: str | Path = "outputs", year: int | None = None
    ) -> FindingsReport:
        """The year and last year's metrics: as the run handed them over, else loaded (last year's from `outputs_dir`)."""
        return cls(*year_and_last_year(params_file, outputs_dir, year))

    def title(self) -> html.Html:
        """Title and the year it covers."""
        return html.title(self.t("title", year=self.params.year), self.subtitle())

    def _audit_title(self, key: str) -> str:
        from audit.audits import short_title

        return short_title(key, self.language)

    def _severity(self, severity: str) -> html.Html:
        return html.badge(SEVERITY_LABELS[self.language][severity], _SEVERITY_CLASS[severity])

    def _unit(self, finding: Mapping[str, Any]) -> str:
        return finding["unit"] or self.t("bureau")

    def _evidence(self, finding: Mapping[str, Any]) -> str:
        return self.t("sep").join(finding["evidence"]) or "—"

    def _rows(self, finding: Mapping[str, Any]) -> str:
        rows = finding.get("rows")
        if not rows:
            return "—"
        return f"{self.t('role.' + rows['register'])}: " + ", ".join(str(r) for r in rows["rows"])

    def findings(self) -> html.Html:
        """The year's findings, one table per audit, the most severe first."""
        found = self.metrics["findings"]
        tally = self.metrics["findings_tally"]
        if not found:
            return html.section(self.t("title", year=self.params.year), html.paragraph(self.t("none")))
        parts = [html.paragraph(self.t("tally", raised=tally["raised"], **tally["by_severity"]))]
        headers = [
            self.t("col.id"),
            self.t("col.severity"),
            self.t("col.finding"),
            self.t("col.unit"),
            self.t("col.basis"),
            self.t("col.recommendation"),
            self.t("col.evidence"),
            self.t("col.rows"),
        ]
        for audit, group in _by_audit(found):
            rows = [
                (
                    f["id"],
                    self._severity(f["severity"]),
                    f["text"][self.language] + (self.t("manual") if f["source"] == "manual" else ""),
                    self._unit(f),
                    f["basis"][self.language],
                    f["recommendation"][self.language],
                    self._evidence(f),
                    self._rows(f),
                )
                for f in group
            ]
            parts.append(html.table(headers, rows, caption=self._audit_title(audit), nowrap=(0,)))
        return html.section(self.t("col.finding"), *parts, note=self.t("findings.note"))

    def follow_up(self) -> html.Html:
        """Last year's findings against the rectification ledger, and the ledger rows that name none of them."""
        followed = self.metrics.get("follow_up")
        if followed is None:
            return html.section(
                self.t("follow_up"), html.paragraph(self.t("follow_up.none", year=self.params.year - 1))
            )
        if not followed:
            parts = [html.paragraph(self.t("follow_up.empty"))]
        else:
            previous = self.metrics["findings_tally"]["previous"]
            parts = [html.paragraph(self.t("follow_up.tally", **previous))]
            headers = [
                self.t("col.id"),
                self.t("col.finding"),
                self.t("col.unit"),
                self.t("col.role"),
                self.t("col.deadline"),
                self.t("col.status"),
                self.t("col.completed"),
                self.t("col.verified"),
                self.t("col.category"),
                self.t("col.recurring"),
            ]
            rows = [
                (
                    f["id"],
                    f["text"][self.language],
                    self._unit(f),
                    f["responsible_role"] or "—",
                    f["deadline"] or "—",
                    f["status"] or "—",
                    f["completed_on"] or "—",
                    f["verified_by"] or "—",
                    html.badge(self.t(f"category.{f['category']}"), _CATEGORY_CLASS[f["category"]]),
                    html.status(not f["recurring"], self.t("yes" if f["recurring"] else "no")),
                )
                for f in followed
            ]
            parts.append(html.table(headers, rows, nowrap=(0, 4, 6)))
        unmatched = self.metrics.get("rectification_unmatched") or []
        if unmatched:
            parts.append(
                html.section(
                    self.t("unmatched"),
                    html.table([self.t("col.row"), self.t("col.id")], [(u["row"], u["finding_id"]) for u in unmatched]),
                    note=self.t("unmatched.note"),
                )
            )
        return html.section(self.t("follow_up"), *parts, note=self.t("follow_up.note"))


def _by_audit(found: list[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for finding in found:
        groups.setdefault(finding["audit"], []).append(finding)
    return list(groups.items())
