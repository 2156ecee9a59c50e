"""The case-file review register — 行政执法案卷评查登记表 (docs/registers.md).

The scoring standard (categories and their maxima, veto items) comes from the year's params,
so the schema is built by :func:`schema` for a given :class:`~audit.core.params.Params`. A category
``c`` of the standard has the column ``deduction_c``; its Chinese header is the default one
below for the six standard categories, and ``c扣分`` for any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from audit.core.errors import Problem
from audit.registers.load import ROW
from audit.registers.schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from audit.audits.case_file_review.settings import CaseFileReviewParams
    from audit.core.params import Params
    from audit.registers.load import Register

CASE_TYPES = (
    Choice("penalty", "administrative penalty", ("行政处罚", "处罚")),
    Choice("licensing", "administrative licensing", ("行政许可", "许可")),
    Choice("coercion", "administrative coercion", ("行政强制", "强制")),
    Choice("inspection", "administrative inspection", ("行政检查", "检查")),
    Choice("other", "other", ("其他",)),
)

# Display names of the standard categories; a category not listed here is shown by its code.
CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "subject": "执法主体",
        "evidence": "事实证据",
        "legal_basis": "法律适用",
        "procedure": "执法程序",
        "documents": "文书制作",
        "archiving": "案卷管理",
    },
    "en": {
        "subject": "enforcement body",
        "evidence": "facts and evidence",
        "legal_basis": "legal basis",
        "procedure": "procedure",
        "documents": "documents",
        "archiving": "file management",
    },
}

# English labels of the default veto items; any other veto item is shown by its code in English.
VETO_LABELS_EN: dict[str, str] = {
    "subject_illegal": "unlawful enforcement body",
    "no_qualification": "officer without enforcement certificate",
    "facts_unclear": "facts unclear",
    "evidence_insufficient": "insufficient evidence",
    "wrong_law": "wrong law applied",
    "procedure_illegal": "unlawful procedure",
    "single_officer": "fewer than two officers",
    "ultra_vires": "beyond statutory authority",
}

SCORE_TOLERANCE = 1e-6


def deduction_column(category: str) -> str:
    """The English column name of a category's deduction (``deduction_subject``)."""
    return f"deduction_{category}"


def deduction_header_zh(category: str) -> str:
    """The Chinese header of a category's deduction (执法主体扣分, or ``<code>扣分``)."""
    return f"{CATEGORY_LABELS['zh'].get(category, category)}扣分"


def veto_choices(standard: CaseFileReviewParams) -> tuple[Choice, ...]:
    """The veto items of the year's standard as choices (code, English label, Chinese label)."""
    return tuple(
        Choice(code, VETO_LABELS_EN.get(code, code.replace("_", " ")), (label,))
        for code, label in standard.veto_items.items()
    )


def _deduction_columns(standard: CaseFileReviewParams) -> tuple[Column, ...]:
    columns = []
    for code in standard.categories:
        columns.append(Column(deduction_column(code), deduction_header_zh(code), "number", minimum=0))
    return tuple(columns)


def _check_maxima(register: Register, params: Params) -> list[Problem]:
    """Each deduction at most its category's maximum in the standard."""
    problems: list[Problem] = []
    for code, maximum in params.case_file_review.categories.items():
        column = deduction_column(code)
        header = register.headers.get(column, column)
        problems += register.problems(
            register.data[column] > maximum + SCORE_TOLERANCE,
            column,
            f"at most {maximum:g} points: the maximum of {header} in the year's standard "
            f"(params case_file_review.categories.{code})",
            f"不超过 {maximum:g} 分：本年度评查标准中“{CATEGORY_LABELS['zh'].get(code, code)}”的分值"
            f"（参数 case_file_review.categories.{code}）",
        )
    return problems


def _check_score(register: Register, params: Params) -> list[Problem]:
    """Either every deduction or a score; where both are given, score = 100 − their sum."""
    codes = list(params.case_file_review.categories)
    columns = [deduction_column(c) for c in codes]
    blank = register.text[columns].eq("")
    score_blank = register.text["score"].eq("")
    problems: list[Problem] = []
    none_given = blank.all(axis=1)
    problems += register.problems(
        none_given & score_blank,
        "score",
        f"a score (0–100), or the deductions of all {len(codes)} categories",
        f"得分（0–100），或全部 {len(codes)} 个类别的扣分",
    )
    partial = blank.any(axis=1) & ~none_given
    for column in columns:
        problems += register.problems(
            partial & blank[column],
            column,
            f"a number (0 where no points were lost): the row gives other deductions, so all {len(codes)} are needed",
            f"数字（未扣分填 0）：该行已填其他类别的扣分，{len(codes)} 个类别均需填写",
        )
    values = register.data[columns]
    total = values.sum(axis=1, min_count=len(columns))
    expected = 100 - total
    score = register.data["score"]
    disagree = (total.notna() & score.notna() & ((score - expected).abs() > SCORE_TOLERANCE)).to_numpy()
    if disagree.any():
        header = register.headers.get("score", "score")
        rows = register.data[ROW].to_numpy()[disagree]
        texts = register.text["score"].to_numpy()[disagree]
        for row, text, value, lost in zip(rows, texts, expected.to_numpy()[disagree], total.to_numpy()[disagree]):
            problems.append(
                Problem(
                    register.file,
                    int(row),
                    header,
                    text,
                    f"{_g(value)} = 100 − the row's deductions ({_g(lost)}): score and deductions must agree",
                    f"{_g(value)} = 100 − 该行扣分合计（{_g(lost)}）：得分应与扣分一致",
                )
            )
    return problems


def _g(value: float) -> str:
    return f"{float(np.round(value, 6)):g}"


def schema(params: Params) -> RegisterSchema:
    """The case-file review register's schema under the year's scoring standard."""
    standard = params.case_file_review
    return RegisterSchema(
        key="case_file_review",
        title_en="Case-file review register",
        title_zh="行政执法案卷评查登记表",
        columns=(
            Column("round", "评查批次", required=True),
            Column("unit", "执法单位", required=True, unit=True),
            Column("case_id", "案卷编号", required=True),
            Column("case_type", "案件类型", "category", choices=CASE_TYPES),
            Column("reviewer", "评查人", private=True),
            *_deduction_columns(standard),
            Column("score", "得分", "number", minimum=0, maximum=100),
            Column("veto_items", "否决项", "list", choices=veto_choices(standard)),
            Column("findings", "主要问题"),
        ),
        unique=("round", "case_id"),
        checks=(_check_maxima, _check_score),
    )
