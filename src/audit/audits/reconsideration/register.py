"""The reconsideration register — 行政复议案件登记表 (docs/registers.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from audit.audits.reconsideration.limits import PROCEDURES, timeline
from audit.registers.schema import Choice, Column, RegisterSchema

if TYPE_CHECKING:
    from audit.core.errors import Problem
    from audit.core.params import Params
    from audit.registers.load import Register

INTAKE = (
    Choice("accepted", "accepted", ("受理",)),
    Choice("rejected", "not accepted", ("不予受理",)),
    Choice("referred", "referred elsewhere", ("告知", "告知向有权机关申请")),
    Choice("not_supplemented", "not supplemented", ("未补正", "逾期未补正视为放弃")),
    Choice("withdrawn_before_acceptance", "withdrawn before acceptance", ("受理前撤回",)),
)

OUTCOMES = (
    Choice("upheld", "upheld", ("维持",)),
    Choice("dismissed", "dismissed", ("驳回",)),
    Choice("revoked", "revoked", ("撤销",)),
    Choice("varied", "varied", ("变更",)),
    Choice("confirmed_illegal", "confirmed illegal", ("确认违法",)),
    Choice("ordered_to_perform", "ordered to perform", ("责令履行", "责令限期履行")),
    Choice("confirmed_void", "confirmed void", ("确认无效",)),
    Choice("mediated", "mediated", ("调解", "调解书结案")),
    Choice("withdrawn_after_mediation", "withdrawn after mediation", ("调解后撤回终止", "经调解申请人自愿撤回")),
    Choice("settled", "settled", ("和解", "和解结案", "和解后撤回终止", "达成和解")),
    Choice("withdrawn_after_correction", "withdrawn after correction", ("改正后撤回终止", "被申请人改正后撤回")),
    Choice("withdrawn", "withdrawn (other)", ("撤回终止", "其他撤回")),
    Choice("terminated_other", "terminated (other)", ("其他终止",)),
    Choice("pending", "pending", ("在审",)),
)

APPLICANT_TYPES = (
    Choice("person", "natural person", ("自然人",)),
    Choice("organisation", "organisation", ("法人或其他组织", "法人", "其他组织")),
)


def _checks(register: Register, params: Params) -> list[Problem]:
    d = register.data
    accepted = d["intake"].eq("accepted")
    # rows whose intake did not parse are already reported; judging them again would only add noise
    not_accepted = d["intake"].notna() & ~accepted
    carried = d["carried_over"]
    concluded = accepted & d["outcome"].notna() & d["outcome"].ne("pending")
    undecided = (accepted & d["outcome"].eq("pending")) | not_accepted
    start = pd.Timestamp(params.year, 1, 1)
    received = d["received_on"]
    problems: list[Problem] = []
    problems += register.problems(
        carried & not_accepted,
        "intake",
        "受理 (accepted): a case carried over from an earlier year was accepted then",
        "受理：上年结转的案件应已在以前年度受理",
    )
    problems += register.problems(
        accepted & d["accepted_on"].isna(),
        "accepted_on",
        "the date of acceptance (the case is accepted)",
        "受理日期（该案件已受理）",
    )
    problems += register.problems(
        not_accepted & d["accepted_on"].notna(), "accepted_on", "empty: the case was not accepted", "空白：该案件未受理"
    )
    problems += register.problems(
        not_accepted & register.text["outcome"].ne(""),
        "outcome",
        "empty: only accepted cases have an outcome",
        "空白：已受理的案件才有审理结果",
    )
    problems += register.problems(
        concluded & d["decided_on"].isna(),
        "decided_on",
        "the date of decision (the case has an outcome)",
        "结案日期（该案件已有审理结果）",
    )
    problems += register.problems(
        undecided & d["decided_on"].notna(),
        "decided_on",
        "empty: the case is pending or was not accepted",
        "空白：该案件在审或未受理",
    )
    problems += register.problems(
        d["accepted_on"] < received, "accepted_on", "a date on or after the date received", "不得早于收案日期"
    )
    problems += register.problems(
        d["decided_on"] < d["accepted_on"],
        "decided_on",
        "a date on or after the date of acceptance",
        "不得早于受理日期",
    )
    problems += register.problems(
        ~carried & register.dated_outside("received_on", params.year),
        "received_on",
        f"a date in {params.year} (or mark the case carried over)",
        f"{params.year} 年内的日期（或标注为上年结转）",
    )
    problems += register.problems(
        carried & (received >= start),
        "received_on",
        f"a date before {params.year}: the case is marked carried over",
        f"{params.year} 年以前的日期：该案件标注为上年结转",
    )
    if params.reconsideration.law_for(params.year) == "1999":
        problems += register.problems(
            d["procedure"].eq("simplified"),
            "procedure",
            f"普通程序 (ordinary): {params.year} is audited under the 1999 law, which has no simplified procedure "
            "(params reconsideration.law)",
            f"普通程序：{params.year} 年度依修订前的行政复议法审计，该法没有简易程序（参数 reconsideration.law）",
        )
    return problems


def _order_of_dates(register: Register, params: Params) -> list[Problem]:
    """A suspension within the case, resumed before the decision; a correction between receipt and acceptance."""
    d = register.data
    suspended, resumed = d["suspended_on"], d["resumed_on"]
    requested, supplied = d["correction_requested_on"], d["correction_supplied_on"]
    problems: list[Problem] = []
    problems += register.problems(
        suspended.notna() & d["accepted_on"].isna(),
        "suspended_on",
        "empty: only an accepted case can be suspended",
        "空白：已受理的案件才能中止审理",
    )
    problems += register.problems(
        suspended < d["accepted_on"], "suspended_on", "a date on or after the date of acceptance", "不得早于受理日期"
    )
    problems += register.problems(
        resumed.notna() & suspended.isna(),
        "resumed_on",
        "empty, or give the date the review was suspended (中止日期)",
        "空白，或填写中止日期",
    )
    problems += register.problems(
        resumed < suspended, "resumed_on", "a date on or after the date of suspension", "不得早于中止日期"
    )
    problems += register.problems(
        d["decided_on"].notna() & suspended.notna() & resumed.isna(),
        "resumed_on",
        "the date the review resumed: the case was decided after its suspension",
        "恢复审理日期：该案件中止后已结案",
    )
    problems += register.problems(
        d["decided_on"] < resumed, "decided_on", "a date on or after the resumption", "不得早于恢复审理日期"
    )
    problems += register.problems(
        supplied.notna() & requested.isna(),
        "correction_supplied_on",
        "empty, or give the date correction was requested (补正通知日期)",
        "空白，或填写补正通知日期",
    )
    problems += register.problems(
        requested < d["received_on"],
        "correction_requested_on",
        "a date on or after the date received",
        "不得早于收案日期",
    )
    problems += register.problems(
        supplied < requested,
        "correction_supplied_on",
        "a date on or after the request to correct",
        "不得早于补正通知日期",
    )
    problems += register.problems(
        d["accepted_on"] < supplied,
        "accepted_on",
        "a date on or after the materials were supplied (补正日期)",
        "不得早于补正日期",
    )
    return problems


def _calendar_covers(register: Register, params: Params) -> list[Problem]:
    """Every period the audit counts lies in years whose holidays the calendar knows (the package or params)."""
    from audit.core.calendar import uncovered_problems

    d = register.data
    lenient = timeline(d, params, strict=False)
    blind = {
        "accepted_on": d["accepted_on"].notna()
        & (lenient["deadline"].isna() | (d["received_on"].notna() & lenient["review_due"].isna())),
        "correction_supplied_on": d["correction_supplied_on"].notna()
        & lenient["review_days"].isna()
        & d["accepted_on"].notna(),
    }
    problems: list[Problem] = []
    for column, rows in blind.items():
        problems += uncovered_problems(
            register,
            column,
            rows,
            lambda label: timeline(d.loc[[label]], params),
            ("the period ends in {year}", "期限届满于 {year} 年"),
        )
    return problems


SCHEMA = RegisterSchema(
    key="reconsideration",
    title_en="Administrative reconsideration register",
    title_zh="行政复议案件登记表",
    columns=(
        Column("case_id", "案件编号", required=True),
        Column("received_on", "收案日期", "date", required=True),
        Column("carried_over", "上年结转", "flag"),
        Column("applicant", "申请人", private=True),
        Column("applicant_type", "申请人类型", "category", choices=APPLICANT_TYPES),
        Column("respondent", "被申请人", required=True, unit=True),
        Column("matter", "事项类别"),
        Column("intake", "受理情况", "category", required=True, choices=INTAKE),
        Column("accepted_on", "受理日期", "date"),
        Column("outcome", "审理结果", "category", choices=OUTCOMES, blank="pending"),
        Column("decided_on", "结案日期", "date"),
        Column("extended", "延期", "flag"),
        Column("procedure", "审理程序", "category", choices=PROCEDURES, blank="ordinary", zh_aliases=("适用程序",)),
        Column("suspended_on", "中止日期", "date", zh_aliases=("中止审理日期",)),
        Column("resumed_on", "恢复审理日期", "date", zh_aliases=("中止结束日期",)),
        Column("correction_requested_on", "补正通知日期", "date", zh_aliases=("通知补正日期",)),
        Column("correction_supplied_on", "补正日期", "date", zh_aliases=("补正材料日期",)),
    ),
    unique=("case_id",),
    checks=(_checks, _order_of_dates, _calendar_covers),
)
