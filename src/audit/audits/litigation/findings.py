"""The litigation audit's findings: defendants whose heads did not appear at hearings, cases lost, and
appearances recorded without the head's rank.

A defendant that held hearings without its head in court is one finding of that unit (its subject
is the unit, the cases its evidence), so it recurs in the next year if the unit's head stays away
again; a lost case is a finding of its own (the subject is the case number) for the defendant to
rectify; an appearance without a rank cannot be counted as a head's (SPC interpretation
法释〔2020〕3号) and is a record-keeping finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from audit.findings.model import Finding, Rule
from audit.registers import ROW

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register

HEAD_ABSENT = Rule(
    "head_absent",
    "medium",
    {"zh": "行政机关负责人未出庭应诉", "en": "Agency head absent from hearings"},
    {
        "zh": "《中华人民共和国行政诉讼法》第三条第三款：被诉行政机关负责人应当出庭应诉；《最高人民法院关于行政机关"
        "负责人出庭应诉若干问题的规定》（法释〔2020〕3号）；本年度目标：出庭应诉率不低于 {target}"
        "（参数 litigation.targets.head_appearance_rate）",
        "en": "Administrative Litigation Law art. 3(3): the head of the defendant agency appears in court; SPC "
        "provisions on heads appearing (法释〔2020〕3号); the year's target: at least {target} of hearings "
        "(params litigation.targets.head_appearance_rate)",
    },
    {
        "zh": "落实行政机关负责人出庭应诉制度，开庭前确定出庭负责人并报区司法局备案",
        "en": "have the head appear in court, naming the head who will appear before each hearing and telling the "
        "justice bureau",
    },
    covers=("litigation.head_appearance_rate",),
)
LOST = Rule(
    "case_lost",
    "medium",
    {"zh": "行政诉讼败诉", "en": "Lawsuit lost"},
    {
        "zh": "《中华人民共和国行政诉讼法》第七十条至第七十八条（被诉行政行为被判决撤销、确认违法或无效、责令履行、给付或变更）；"
        "本年度目标：败诉率不高于 {target}"
        "（参数 litigation.targets.loss_rate）",
        "en": "Administrative Litigation Law arts. 70 to 78 (the act revoked, declared unlawful or void, ordered to be "
        "performed, to pay, or changed); the year's target: a "
        "loss rate of at most {target} (params litigation.targets.loss_rate)",
    },
    {
        "zh": "分析败诉原因，纠正被诉行政行为，对同类行政行为开展自查，并将典型案例纳入执法培训",
        "en": "find out why the case was lost, correct the act, check the unit's similar acts, and use the case in "
        "training",
    },
    covers=("litigation.loss_rate",),
)
WITHOUT_RANK = Rule(
    "appearance_without_rank",
    "low",
    {"zh": "负责人出庭未登记职务", "en": "Head's appearance recorded without a rank"},
    {
        "zh": "《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》（法释〔2020〕3号）第二条：负责人包括正职、"
        "副职负责人和其他参与分管的负责人；未登记职务的不能计为负责人出庭",
        "en": "SPC provisions on heads appearing (法释〔2020〕3号) art. 2: the head is the principal, a deputy or the "
        "deputy in charge; an appearance without a recorded rank cannot count as a head's",
    },
    {
        "zh": "补录出庭负责人职务，并在应诉登记中完整记录出庭人员身份",
        "en": "record the rank of whoever appeared, and keep the appearance record complete",
    },
)
RULES = (HEAD_ABSENT, LOST, WITHOUT_RANK)


def findings(
    loaded: Mapping[str, Register], params: Params, block: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> list[Finding]:
    """A finding per defendant with hearings but no head, per lost case, and per appearance without a rank."""
    from audit.audits.litigation.compute import case_frame
    from audit.core.numbers import natural_key, percent

    register = loaded["litigation"]
    frame = case_frame(register)
    frame["row_number"] = register.data[ROW]  # itertuples drops a leading underscore
    targets = params.litigation.targets
    appearance_target = percent(targets.head_appearance_rate, params.definitions.percent_decimals)
    loss_target = percent(targets.loss_rate, params.definitions.percent_decimals)
    found = []
    # an appearance without a rank is not counted as a head's, but is its own finding, not an absence
    absent = frame[frame["hearing"].to_numpy() & ~frame["head_appeared"].to_numpy() & ~frame["without_rank"].to_numpy()]
    for defendant, rows in absent.groupby("defendant", sort=True):
        hearings = int(frame["hearing"][frame["defendant"].eq(defendant)].sum())
        cases = tuple(sorted(rows["case_id"].astype(str), key=natural_key))
        text = {
            "zh": f"{defendant}开庭审理的 {hearings} 件案件中，{len(rows)} 件行政机关负责人未出庭：{'、'.join(cases)}",
            "en": f"in {len(rows)} of the {hearings} hearings of {defendant} no head appeared: {', '.join(cases)}",
        }
        found.append(
            HEAD_ABSENT.finding(
                "litigation",
                str(defendant),
                str(defendant),
                text,
                cases,
                "litigation",
                rows["row_number"],
                target=appearance_target,
            )
        )
    for row in frame[frame["lost"].to_numpy()].itertuples():
        text = {
            "zh": f"{row.defendant}在案件 {row.case_id}（{row.matter or '未登记案由'}）中败诉",
            "en": f"{row.defendant} lost case {row.case_id} ({row.matter or 'matter not recorded'})",
        }
        found.append(
            LOST.finding(
                "litigation",
                str(row.case_id),
                str(row.defendant),
                text,
                (str(row.case_id),),
                "litigation",
                (row.row_number,),
                target=loss_target,
            )
        )
    for row in frame[frame["without_rank"].to_numpy()].itertuples():
        text = {
            "zh": f"案件 {row.case_id}（{row.defendant}）登记负责人出庭，但未登记出庭负责人职务",
            "en": f"case {row.case_id} ({row.defendant}) records a head's appearance without the head's rank",
        }
        found.append(
            WITHOUT_RANK.finding(
                "litigation",
                str(row.case_id),
                str(row.defendant),
                text,
                (str(row.case_id),),
                "litigation",
                (row.row_number,),
            )
        )
    return found
