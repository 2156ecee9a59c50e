"""The reconsideration audit's findings: cases past their limits, late acceptance reviews, cases outside
the body's jurisdiction, and cases carried over from last year that do not match last year's register.

The limits are the law's (2023 text art. 30 and 62; 1999 text art. 17 and 31; ../shared/LAW.md),
as the year's params apply them. Every finding here is about one case (its number is the subject)
and is the reviewing body's own to rectify (no unit). The roll-forward check reads last year's
metrics.json: every case pending there must be carried over this year with the same fields
(:data:`~audit.audits.reconsideration.compute.CARRIED_FIELDS`), and every case carried over this year
must have been pending there; each difference is a finding with both values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from audit.findings.model import Finding, Rule
from audit.registers import ROW

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

_DECISION_ARTICLE = {"2023": ("2023年修订", "第六十二条"), "1999": ("2017年修正", "第三十一条")}
_ACCEPTANCE_ARTICLE = {"2023": ("2023年修订", "第三十条"), "1999": ("2017年修正", "第十七条")}

OPEN_OVERDUE = Rule(
    "open_overdue",
    "high",
    {"zh": "超过审理期限未结案", "en": "Pending past its time limit"},
    {
        "zh": "《中华人民共和国行政复议法》（{version}）{article}：行政复议机关应当在法定期限内作出行政复议决定",
        "en": "Administrative Reconsideration Law ({version_en}), {article_en}: a decision within the statutory limit",
    },
    {
        "zh": "尽快审结该案件；建立案件审理期限预警机制，临近期限的案件提前提醒承办人和分管领导",
        "en": "decide the case without delay, and set up warnings for cases close to their limit",
    },
    covers=("reconsideration.open_overdue",),
)
OVERDUE = Rule(
    "decided_overdue",
    "medium",
    {"zh": "超过审理期限作出决定", "en": "Decided after its time limit"},
    OPEN_OVERDUE.basis,
    {
        "zh": "查明超期原因；复杂案件应在期限届满前依法办理延期审批，严格执行审理期限",
        "en": "find out why; extend complex cases by approval before the limit runs out, and keep to the limits",
    },
    covers=("reconsideration.on_time_rate",),
)
LATE_ACCEPTANCE = Rule(
    "late_acceptance_review",
    "medium",
    {"zh": "受理审查超过法定期限", "en": "Acceptance review after its limit"},
    {
        "zh": "《中华人民共和国行政复议法》（{version}）{article}：收到申请后 {days} 个工作日内进行审查并决定是否受理",
        "en": "Administrative Reconsideration Law ({version_en}), {article_en}: an application is reviewed for "
        "acceptance within {days} working days of receipt",
    },
    {
        "zh": "规范收案登记和受理审查流程，确保在法定期限内作出受理决定",
        "en": "keep the intake register and the acceptance review within the statutory days",
    },
)
JURISDICTION = Rule(
    "outside_jurisdiction",
    "medium",
    {"zh": "被申请人为本级人民政府", "en": "Respondent is the reviewing government itself"},
    {
        "zh": "《中华人民共和国行政复议法》：对县级人民政府的行政行为不服的，向上一级人民政府申请行政复议；"
        "本级政府不应作为本机关受理案件的被申请人（参数 reconsideration.reviewing_body）",
        "en": "Administrative Reconsideration Law: a case against a county-level government goes to the government "
        "above it, so the reviewing government is not a respondent in its own register (params "
        "reconsideration.reviewing_body)",
    },
    {
        "zh": "核实该案件的管辖；确属登记错误的，更正登记表",
        "en": "check who has jurisdiction over the case; correct the register where it is an entry error",
    },
)
ROLL_FORWARD = Rule(
    "carried_over_mismatch",
    "low",
    {"zh": "上年结转案件与上年登记不一致", "en": "Carried-over case differs from last year's register"},
    {
        "zh": "案件登记应前后一致：上年末未结案件应原样结转至本年度登记表（上年度 metrics.json pending_cases）",
        "en": "a case pending at the end of last year is carried over into this year's register as it was recorded "
        "(last year's metrics.json, pending_cases)",
    },
    {
        "zh": "核对两个年度登记表与案卷，更正错误的一方，并在登记表中注明变更原因（如依法延期审批）",
        "en": "check both years' registers against the case file, correct the wrong one, and note why a field "
        "changed (an extension approved, say)",
    },
)
RULES = (OPEN_OVERDUE, OVERDUE, LATE_ACCEPTANCE, JURISDICTION, ROLL_FORWARD)

_FIELD_LABELS = {
    "received_on": ("收案日期", "received on"),
    "accepted_on": ("受理日期", "accepted on"),
    "respondent": ("被申请人", "respondent"),
    "matter": ("事项类别", "matter"),
    "procedure": ("审理程序", "procedure"),
    "extended": ("延期", "extended"),
    "carried_over": ("上年结转", "carried over"),
}


def _article(table: Mapping[str, tuple[str, str]], law: str) -> dict[str, str]:
    version, article = table.get(law, table["2023"])
    english = {"2023年修订": "as revised in 2023", "2017年修正": "as amended in 2017"}[version]
    number = {"第六十二条": "art. 62", "第三十一条": "art. 31", "第三十条": "art. 30", "第十七条": "art. 17"}[article]
    return {"version": version, "article": article, "version_en": english, "article_en": number}


def _shown(value: Any, language: str) -> str:
    if value is None:
        return "（空白）" if language == "zh" else "(blank)"
    if isinstance(value, bool):
        return ("是" if value else "否") if language == "zh" else ("yes" if value else "no")
    return str(value)


def _rows(register: Register, case_ids: set[str]) -> dict[str, list[int]]:
    d = register.data
    hit = d[d["case_id"].isin(case_ids)]
    rows: dict[str, list[int]] = {}
    for case_id, row in zip(hit["case_id"], hit[ROW]):
        rows.setdefault(str(case_id), []).append(int(row))
    return rows


def roll_forward(register: Register, previous: Mapping[str, Any] | None) -> list[Finding]:
    """The carried-over cases that differ from last year's pending ones, field by field, with both values."""
    from audit.audits.reconsideration.compute import CARRIED_FIELDS, carried_value

    if previous is None or "pending_cases" not in previous:
        return []  # no last year, or one published before the check existed: nothing to compare with
    last = {case["case_id"]: case for case in previous["pending_cases"]}
    d = register.data
    carried = d[d["carried_over"].astype(bool).to_numpy()]
    now = {row["case_id"]: row for row in carried.to_dict("records")}
    found = []
    for case_id in sorted(set(last) | set(now)):
        before, after = last.get(case_id), now.get(case_id)
        if before is not None and after is not None:
            changed = [
                (name, before.get(name), carried_value(after[name]))
                for name in CARRIED_FIELDS
                if before.get(name) != carried_value(after[name])
            ]
        elif before is not None:  # pending last year, not carried over (absent, or not marked 上年结转)
            marked = d[d["case_id"].eq(case_id)]
            changed = [("carried_over", True, bool(marked["carried_over"].any()) if len(marked) else None)]
        else:  # carried over, but not pending at the end of last year
            changed = [("carried_over", None, True)]
        if not changed:
            continue
        zh = "；".join(f"{_FIELD_LABELS[n][0]}：上年 {_shown(a, 'zh')}，本年 {_shown(b, 'zh')}" for n, a, b in changed)
        en = "; ".join(
            f"{_FIELD_LABELS[n][1]}: last year {_shown(a, 'en')}, this year {_shown(b, 'en')}" for n, a, b in changed
        )
        if before is None:
            zh, en = (
                f"本年标注为上年结转，但不在上年末未结案件中（{zh}）",
                f"marked carried over, but not pending last year ({en})",
            )
        elif after is None:
            zh, en = (
                f"上年末未结，本年未作为结转案件登记（{zh}）",
                f"pending last year, not carried over this year ({en})",
            )
        rows = _rows(register, {case_id}).get(case_id, [])
        found.append(
            ROLL_FORWARD.finding(
                "reconsideration",
                case_id,
                None,
                {"zh": f"案件 {case_id}：{zh}", "en": f"case {case_id}: {en}"},
                (case_id,),
                "reconsideration",
                rows,
            )
        )
    return found


def findings(
    loaded: Mapping[str, Register], params: Params, block: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> list[Finding]:
    """A finding per case past a limit or outside the jurisdiction, and per roll-forward difference."""
    register = loaded["reconsideration"]
    listed = (
        [c["case_id"] for c in block["open_overdue_cases"]]
        + [c["case_id"] for c in block["overdue_cases"]]
        + [c["case_id"] for c in block["late_acceptance_cases"]]
        + list(block["jurisdiction_warnings"])
    )
    rows = _rows(register, set(listed))
    decision = _article(_DECISION_ARTICLE, block["law"])
    acceptance = _article(_ACCEPTANCE_ARTICLE, block["law"])
    found = []
    for case in block["open_overdue_cases"]:
        text = {
            "zh": f"案件 {case['case_id']} 于 {case['accepted_on']} 受理，审理期限 {case['deadline']} 届满，"
            f"截至审计日已审理 {case['days']} 日仍未结案",
            "en": f"case {case['case_id']}, accepted on {case['accepted_on']}, was due by {case['deadline']} and is "
            f"still pending after {case['days']} days",
        }
        cid = case["case_id"]
        found.append(
            OPEN_OVERDUE.finding("reconsideration", cid, None, text, (cid,), "reconsideration", rows[cid], **decision)
        )
    for case in block["overdue_cases"]:
        text = {
            "zh": f"案件 {case['case_id']} 于 {case['accepted_on']} 受理，应于 {case['deadline']} 前作出决定，"
            f"实际于 {case['decided_on']} 作出（审理 {case['days']} 日）",
            "en": f"case {case['case_id']}, accepted on {case['accepted_on']}, was due by {case['deadline']} and was "
            f"decided on {case['decided_on']} ({case['days']} days)",
        }
        cid = case["case_id"]
        found.append(
            OVERDUE.finding("reconsideration", cid, None, text, (cid,), "reconsideration", rows[cid], **decision)
        )
    days = block["acceptance_review"]["limit_working_days"]
    for case in block["late_acceptance_cases"]:
        text = {
            "zh": f"案件 {case['case_id']} 于 {case['received_on']} 收案，应于 {case['due']} 前决定是否受理，"
            f"实际于 {case['accepted_on']} 受理（{case['working_days']} 个工作日）",
            "en": f"case {case['case_id']}, received on {case['received_on']}, was due for its acceptance decision by "
            f"{case['due']} and was accepted on {case['accepted_on']} ({case['working_days']} working days)",
        }
        cid = case["case_id"]
        found.append(
            LATE_ACCEPTANCE.finding(
                "reconsideration", cid, None, text, (cid,), "reconsideration", rows[cid], days=days, **acceptance
            )
        )
    respondents = register.data.set_index("case_id")["respondent"]
    for cid in block["jurisdiction_warnings"]:
        respondent = respondents.loc[cid]
        named = respondent.iloc[0] if isinstance(respondent, pd.Series) else respondent
        text = {
            "zh": f"案件 {cid} 的被申请人登记为 {named}（本级人民政府）",
            "en": f"case {cid} names {named} (the reviewing government itself) as the respondent",
        }
        found.append(JURISDICTION.finding("reconsideration", cid, None, text, (cid,), "reconsideration", rows[cid]))
    found.extend(roll_forward(register, previous))
    return found
