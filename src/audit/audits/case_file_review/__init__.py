"""Case-file review (行政执法案卷评查): the score and grade of every enforcement file reviewed.

The scoring standard (categories, veto items, grades) is the year's params block
``case_file_review:`` (:mod:`.settings`); the register (:mod:`.register`) has one row per file
reviewed; :mod:`.compute` gives the metrics and :mod:`.page` the report page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.audits.case_file_review.findings import RULES, findings
from audit.audits.case_file_review.register import schema
from audit.audits.case_file_review.settings import CaseFileReviewParams
from audit.audits.spec import Audit, MetricSpec, RegisterRole

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


def _compute(loaded: Mapping[str, Register], params: Params) -> dict[str, Any]:
    from audit.audits.case_file_review.compute import compute

    return compute(loaded["case_file_review"], params)


AUDIT = Audit(
    key="case_file_review",
    package=__name__,
    title={"zh": "行政执法案卷评查审计报告", "en": "Case-file review audit"},
    short_title={"zh": "案卷评查", "en": "Case files"},
    registers=(
        RegisterRole("case_file_review", schema, {"zh": "行政执法案卷评查登记表", "en": "Case-file review register"}),
    ),
    compute=_compute,
    finding_rules=RULES,
    findings=findings,
    page="audit.audits.case_file_review.page",
    notebook="case_file_review",
    settings=CaseFileReviewParams,
    breakdowns=(("grade_shares", "files"),),
    metrics=(
        MetricSpec("case_file_review.files", {"zh": "评查案卷数", "en": "Case files reviewed"}, headline=True),
        MetricSpec(
            "case_file_review.score.mean",
            {"zh": "案卷平均得分", "en": "Mean case-file score"},
            "number",
            "higher",
            85,
            75,
            headline=True,
            basis=("case_file_review.score.mean * case_file_review.files", "case_file_review.files"),
            index=True,
        ),
        MetricSpec(
            "case_file_review.pass_rate",
            {"zh": "案卷合格率", "en": "Case-file pass rate"},
            "percent",
            "higher",
            0.95,
            0.85,
            headline=True,
            basis=("case_file_review.passed", "case_file_review.files"),
            index=True,
        ),
        MetricSpec(
            "case_file_review.legality_rate",
            {"zh": "案卷合法率（无否决项）", "en": "Files without a veto item"},
            "percent",
            "higher",
            1.0,
            0.95,
            headline=True,
            basis=("case_file_review.files - case_file_review.veto_files", "case_file_review.files"),
        ),
        MetricSpec(
            "case_file_review.veto_files",
            {"zh": "触发否决项案卷数", "en": "Files with a veto item"},
            "count",
            "lower",
            0,
            2,
            headline=True,
        ),
    ),
)
