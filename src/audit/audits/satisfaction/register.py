"""The enforcement satisfaction survey register — 执法满意度调查登记表 (docs/registers.md).

Bureaus keep their surveys (回访、问卷、网上评议 of the parties and the public on the district's
enforcement) in one of two ways, and the register takes either:

- **one row per response** (逐人登记): the unit surveyed (被调查单位), the date, the answer
  (评价: 非常满意 / 满意 / 基本满意 / 一般 / 不满意 / 非常不满意 / 不了解) and, where the ledger
  has them, the respondent's name (被调查人: personal data, read for nothing and never shown),
  the enforcement case the call followed up (执法案件编号) and the reason given (意见建议);
- **one row per survey** (按调查汇总): the unit, the date, how many were surveyed (调查人数) and
  how many were satisfied (满意人数), as the survey's own tally counts them.

A row is one or the other: an answer, or the two counts. A year's register is all of one kind;
rows of both kinds in one file are reported (the rows of the kind fewer rows have), since two
tallies of the same survey would otherwise be added up. Which answers count as satisfied is the
params' `satisfaction.satisfied_answers` (:mod:`.settings`); it applies to the responses of a
per-response register, while a per-survey register's 满意人数 is the survey's own count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from audit.core.errors import Problem
from audit.registers.load import ROW
from audit.registers.schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers.load import Register

Shape = Literal["responses", "surveys"]

ANSWERS = (
    Choice("very_satisfied", "very satisfied", ("非常满意", "很满意")),
    Choice("satisfied", "satisfied", ("满意",)),
    Choice("fairly_satisfied", "fairly satisfied", ("基本满意", "比较满意", "较满意")),
    Choice("neutral", "neutral", ("一般",)),
    Choice("dissatisfied", "dissatisfied", ("不满意", "不太满意", "较不满意")),
    Choice("very_dissatisfied", "very dissatisfied", ("非常不满意", "很不满意")),
    Choice("no_opinion", "no opinion", ("不了解", "不清楚", "说不清")),
)
ANSWER_CODES = tuple(c.code for c in ANSWERS)

METHODS = (
    Choice("phone", "phone call", ("电话回访", "电话", "电话调查")),
    Choice("questionnaire", "questionnaire", ("问卷调查", "问卷", "纸质问卷")),
    Choice("online", "online", ("网上评议", "网上调查", "网络", "线上", "扫码评价")),
    Choice("on_site", "on site", ("现场评议", "现场", "当面", "走访")),
    Choice("sms", "text message", ("短信回访", "短信")),
    Choice("other", "other", ("其他",)),
)
METHOD_CODES = tuple(c.code for c in METHODS)


def row_kinds(register: Register) -> tuple[np.ndarray, np.ndarray]:
    """Which rows give an answer (one response) and which give counts (one survey), as written.

    Taken from the cells as written, so a row whose count did not parse still counts as a survey.
    """
    text = register.text
    answered = text["answer"].ne("").to_numpy()
    counted = (text["respondents"].ne("") | text["satisfied"].ne("")).to_numpy()
    return answered, counted


def shape(register: Register) -> Shape:
    """The register's kind: ``surveys`` where its rows give counts, else ``responses``."""
    _, counted = row_kinds(register)
    return "surveys" if counted.any() else "responses"


def _kind_problems(register: Register) -> list[Problem]:
    answered, counted = row_kinds(register)
    problems = register.problems(
        ~answered & ~counted,
        "answer",
        "an answer (评价: one row per response), or 调查人数 and 满意人数 (one row per survey)",
        "评价（逐人登记：一行一份答卷），或调查人数和满意人数（按调查汇总：一行一次调查）",
    )
    problems += register.problems(
        answered & counted,
        "answer",
        "empty: the row gives 调查人数/满意人数 (a whole survey); a row is one response or one survey, not both",
        "空白：此行已填调查人数/满意人数（一次调查的汇总）；一行只能是一份答卷或一次调查",
    )
    responses = int((answered & ~counted).sum())
    surveys = int((counted & ~answered).sum())
    if responses and surveys:
        if responses >= surveys:
            problems += register.problems(
                counted & ~answered,
                "respondents",
                f"a register of one kind: {responses} rows are single responses (评价), this row a whole "
                "survey; enter this survey's responses one per row, or tally the whole register by survey",
                f"同一登记表只能用一种登记方式：本表有 {responses} 行逐人登记评价，此行为一次调查的人数汇总；"
                "请将此次调查逐人登记，或把整个登记表改为按调查汇总",
            )
        else:
            problems += register.problems(
                answered & ~counted,
                "answer",
                f"a register of one kind: {surveys} rows are whole surveys (调查人数/满意人数), this row a "
                "single response; add it to its survey's counts, or enter every survey response by response",
                f"同一登记表只能用一种登记方式：本表有 {surveys} 行按调查汇总人数，此行为逐人登记的一份答卷；"
                "请将其计入所属调查的人数，或把整个登记表改为逐人登记",
            )
    return problems


def _survey_problems(register: Register) -> list[Problem]:
    """The counts of a survey row: both given, 满意人数 within 调查人数, no case number, unique 调查编号."""
    d, text = register.data, register.text
    answered, counted = row_kinds(register)
    survey = counted & ~answered
    problems = register.problems(
        survey & text["respondents"].eq("").to_numpy(),
        "respondents",
        "the number of people surveyed (the row is a survey: it gives 满意人数)",
        "调查人数（此行为一次调查的汇总，已填满意人数）",
    )
    problems += register.problems(
        survey & text["satisfied"].eq("").to_numpy(),
        "satisfied",
        "the number of people satisfied (the row is a survey: it gives 调查人数)",
        "满意人数（此行为一次调查的汇总，已填调查人数）",
    )
    problems += register.problems(
        survey & (d["satisfied"] > d["respondents"]).to_numpy(),
        "satisfied",
        "at most the row's 调查人数 (no more people satisfied than surveyed)",
        "不得大于本行的调查人数",
    )
    problems += register.problems(
        survey & text["case_id"].ne("").to_numpy(),
        "case_id",
        "empty: a row of counts is a whole survey; a case number belongs to a single response",
        "空白：按调查汇总的行不填执法案件编号（案件编号属于逐人登记的答卷）",
    )
    ids = text["survey_id"].where(survey & text["survey_id"].ne("").to_numpy())
    repeated = ids.notna() & ids.duplicated(keep="first")
    if repeated.any():
        first = d[ROW].groupby(ids).transform("first")
        header = register.headers["survey_id"]
        problems += [
            Problem(
                register.file,
                int(row),
                header,
                value,
                f"a 调查编号 of one survey only (already used in row {int(at)})",
                f"唯一的调查编号（与第 {int(at)} 行重复）",
            )
            for row, value, at in zip(d.loc[repeated, ROW], ids[repeated], first[repeated])
        ]
    return problems


def _checks(register: Register, params: Params) -> list[Problem]:
    problems = register.problems(
        register.dated_outside("surveyed_on", params.year),
        "surveyed_on",
        f"a date in {params.year} (the audited year)",
        f"{params.year} 年内的日期（审计年度）",
    )
    problems += _kind_problems(register)
    problems += _survey_problems(register)
    return problems


SCHEMA = RegisterSchema(
    key="satisfaction",
    title_en="Enforcement satisfaction survey register",
    title_zh="执法满意度调查登记表",
    columns=(
        Column("survey_id", "调查编号", zh_aliases=("调查批次", "批次")),
        Column("unit", "被调查单位", required=True, zh_aliases=("被评议单位", "执法单位", "单位"), unit=True),
        Column("surveyed_on", "调查日期", "date", required=True, zh_aliases=("回访日期", "评议日期")),
        Column("method", "调查方式", "category", choices=METHODS, zh_aliases=("回访方式",)),
        Column("respondent_name", "被调查人", private=True, zh_aliases=("调查对象", "受访人", "回访对象", "姓名")),
        # a case number leads to a published decision, which names the party: who answered; a comment
        # may name people. No metric or page shows either (compute.not_satisfied_responses says only
        # whether a response has them).
        Column("case_id", "执法案件编号", zh_aliases=("案件编号", "关联案件"), identifying=True),
        Column("answer", "评价", "category", choices=ANSWERS, zh_aliases=("满意度评价", "满意程度", "评价结果")),
        Column("comment", "意见建议", zh_aliases=("不满意原因", "意见"), identifying=True),
        Column("respondents", "调查人数", "integer", minimum=1, zh_aliases=("受访人数", "样本数")),
        Column("satisfied", "满意人数", "integer", minimum=0, zh_aliases=("满意数",)),
    ),
    checks=(_checks,),
)


def answers(register: Register) -> pd.Series:
    """Each response's answer as a categorical in register order (NaN on a survey row)."""
    d = register.data
    return pd.Series(pd.Categorical(d["answer"], categories=ANSWER_CODES), index=d.index, name="answer")
