"""The administrative litigation register — 行政应诉案件登记表 (issue #9).

One row per first-instance administrative lawsuit against an agency of the district, filed in
the audited year. The register holds no personal data: no plaintiff, no name of the official
who appeared in court, only the official's rank (正职/副职).

How a case was concluded (`judgment_type`, 结案方式) is recorded or derived from its outcome:

| outcome | derived when blank | also accepted when written |
|---|---|---|
| `won` 胜诉 (驳回诉讼请求/判决维持) | `judgment` 判决 | `ruling` 裁定 (a generic 胜诉 by a ruling) |
| `lost` 败诉 (撤销/确认违法/责令履行/变更/赔偿) | `judgment` | — (a loss is always a judgment) |
| `withdrawn` 原告撤诉 | `ruling` (准予撤诉裁定) | — |
| `dismissed` 裁定驳回起诉 | `ruling` | — |
| `mediated` 调解 | `mediation` (调解书: neither a judgment nor a ruling) | — |
| `pending` 在审 (also blank) | none | — (a pending case has no 结案方式) |

Any other combination is reported as a problem of the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from audit.registers.schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from audit.core.errors import Problem
    from audit.core.params import Params
    from audit.registers.load import Register

OUTCOMES = (
    Choice("won", "won", ("胜诉", "驳回诉讼请求", "判决驳回诉讼请求", "判决维持", "维持")),
    Choice(
        "lost",
        "lost",
        (
            "败诉",
            "判决撤销",
            "撤销",
            "确认违法",
            "判决确认违法",
            "责令履行",
            "判决责令履行",
            "变更",
            "判决变更",
            "赔偿",
            "判决赔偿",
            "确认无效",
        ),
    ),
    Choice("withdrawn", "withdrawn by the plaintiff", ("原告撤诉", "撤诉", "准予撤诉")),
    Choice("dismissed", "suit dismissed", ("裁定驳回起诉", "驳回起诉")),
    Choice("mediated", "mediated", ("调解", "调解结案")),
    Choice("pending", "pending", ("在审", "未结")),
)

JUDGMENT_TYPES = (
    Choice("judgment", "judgment", ("判决",)),
    Choice("ruling", "ruling", ("裁定",)),
    Choice("mediation", "mediation statement", ("调解书", "调解")),
)

HEAD_ROLES = (
    Choice("principal", "principal head", ("正职", "主要负责人")),
    Choice("deputy", "deputy head", ("副职", "分管负责人")),
)

# 结案方式 an outcome implies where the register leaves it blank (pending: none).
DERIVED_JUDGMENT_TYPE: dict[str, str] = {
    "won": "judgment",
    "lost": "judgment",
    "withdrawn": "ruling",
    "dismissed": "ruling",
    "mediated": "mediation",
}
# 结案方式 a register may write for each outcome.
ALLOWED_JUDGMENT_TYPES: dict[str, tuple[str, ...]] = {
    "won": ("judgment", "ruling"),
    "lost": ("judgment",),
    "withdrawn": ("ruling",),
    "dismissed": ("ruling",),
    "mediated": ("mediation",),
    "pending": (),
}
OUTCOME_CODES = tuple(c.code for c in OUTCOMES)
JUDGMENT_TYPE_CODES = tuple(c.code for c in JUDGMENT_TYPES)


def outcome_codes(register: Register) -> pd.Series:
    """Each case's outcome as a categorical in register order (a blank cell: pending)."""
    d = register.data
    values = pd.Categorical(d["outcome"], categories=OUTCOME_CODES).fillna("pending")
    return pd.Series(values, index=d.index, name="outcome")


def judgment_type(register: Register) -> pd.Series:
    """Each case's 结案方式 as a categorical: as written, else derived from the outcome (NaN while pending)."""
    d = register.data
    written = pd.Categorical(d["judgment_type"], categories=JUDGMENT_TYPE_CODES).codes
    derived_of = np.array(
        [
            JUDGMENT_TYPE_CODES.index(DERIVED_JUDGMENT_TYPE[c]) if c in DERIVED_JUDGMENT_TYPE else -1
            for c in OUTCOME_CODES
        ]
    )
    derived = derived_of[outcome_codes(register).cat.codes.to_numpy()]
    codes = np.where(written >= 0, written, derived)
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=JUDGMENT_TYPE_CODES), index=d.index, name="judgment_type"
    )


def _label(code: str) -> str:
    choice = next(c for c in JUDGMENT_TYPES if c.code == code)
    return f"{code} ({choice.zh_label})"


def _label_zh(code: str, choices: tuple[Choice, ...] = JUDGMENT_TYPES) -> str:
    choice = next(c for c in choices if c.code == code)
    return f"{choice.zh_label}（{code}）"


def _judgment_type_problems(register: Register) -> list[Problem]:
    d = register.data
    problems: list[Problem] = []
    written = d["judgment_type"]
    for outcome, allowed in ALLOWED_JUDGMENT_TYPES.items():
        wrong = d["outcome"].eq(outcome) & written.notna() & ~written.isin(allowed)
        if outcome == "pending":
            expected = "empty: the case is pending (在审), it has no 结案方式 yet"
            expected_zh = "空白：该案件在审，尚无结案方式"
        else:
            expected = f"{' or '.join(_label(a) for a in allowed)}: the outcome is {outcome}"
            expected_zh = f"{'或'.join(_label_zh(a) for a in allowed)}：裁判结果为{_label_zh(outcome, OUTCOMES)}"
        problems += register.problems(wrong, "judgment_type", expected, expected_zh)
    return problems


def _checks(register: Register, params: Params) -> list[Problem]:
    d = register.data
    hearing = d["hearing_held"].astype(bool)
    appeared = d["head_appeared"].astype(bool)
    pending = d["outcome"].eq("pending")
    concluded = d["outcome"].notna() & ~pending
    filed, closed = d["filed_on"], d["closed_on"]
    problems: list[Problem] = []
    problems += register.problems(
        register.dated_outside("filed_on", params.year),
        "filed_on",
        f"a date in {params.year} (the audited year)",
        f"{params.year} 年内的日期（审计年度）",
    )
    problems += register.problems(
        appeared & ~hearing,
        "head_appeared",
        "no (否): a head can appear in court only where a hearing was held (是否开庭 = 是)",
        "否：是否开庭为“是”的案件才有负责人出庭",
    )
    problems += register.problems(
        d["head_role"].notna() & ~appeared,
        "head_role",
        "empty: only a head who appeared in court (负责人出庭 = 是) has a rank",
        "空白：负责人出庭为“是”时才填写",
    )
    problems += register.problems(
        d["hearing_on"].notna() & ~hearing,
        "hearing_on",
        "empty: only a case heard in court (是否开庭 = 是) has a hearing date",
        "空白：是否开庭为“是”的案件才有开庭日期",
    )
    problems += register.problems(
        d["hearing_on"] < filed, "hearing_on", "a date on or after the filing date", "不得早于立案日期"
    )
    problems += _judgment_type_problems(register)
    problems += register.problems(
        concluded & closed.isna(),
        "closed_on",
        "the date the case was concluded (it has an outcome)",
        "结案日期（该案件已有裁判结果）",
    )
    problems += register.problems(
        pending & closed.notna(), "closed_on", "empty: the case is pending (在审)", "空白：该案件在审"
    )
    problems += register.problems(closed < filed, "closed_on", "a date on or after the filing date", "不得早于立案日期")
    return problems


SCHEMA = RegisterSchema(
    key="litigation",
    title_en="Administrative litigation register",
    title_zh="行政应诉案件登记表",
    columns=(
        Column("case_id", "案件编号", required=True, zh_aliases=("案号",)),
        Column("filed_on", "立案日期", "date", required=True),
        Column("court", "审理法院", zh_aliases=("法院",)),
        Column("defendant", "被告", required=True, zh_aliases=("被告单位",), unit=True),
        Column("matter", "案由"),
        Column("hearing_held", "是否开庭", "flag", zh_aliases=("开庭",)),
        Column("hearing_on", "开庭日期", "date"),
        Column("head_appeared", "负责人出庭", "flag", zh_aliases=("行政机关负责人出庭",)),
        Column("head_role", "出庭负责人职务", "category", choices=HEAD_ROLES),
        Column("outcome", "裁判结果", "category", choices=OUTCOMES, blank="pending", zh_aliases=("审理结果",)),
        Column("judgment_type", "结案方式", "category", choices=JUDGMENT_TYPES),
        Column("closed_on", "结案日期", "date"),
    ),
    unique=("case_id",),
    checks=(_checks,),
)
