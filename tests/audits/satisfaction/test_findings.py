"""Satisfaction findings: the district's rate and each unit below the target, stable ids, rows, no respondent."""

from __future__ import annotations

import json
import random

from audit.audits.satisfaction import AUDIT
from audit.audits.satisfaction.compute import compute
from audit.audits.satisfaction.findings import DISTRICT, RULES, UNIT, findings
from audit.findings.derive import year_findings
from audit.findings.model import finding_id

from satisfaction_helpers import SURVEY_COLUMNS, register, response, survey

NAMES = ("林志强", "陈美玲", "王海")


def responses() -> list[list[str]]:
    """区城管局 8 of 10 satisfied (one 不了解 not counted); 城门镇 9 of 10; 区住建局 10 of 10."""
    rows = [response("区城管局", "满意", name=NAMES[0]) for _ in range(7)]
    rows += [response("区城管局", "基本满意", name=NAMES[1])]
    rows += [response("区城管局", "不满意", name=NAMES[2], case_id="仓城管罚〔2020〕8号", comment="态度差")]
    rows += [response("区城管局", "一般", name=NAMES[2])]
    rows += [response("区城管局", "不了解", name=NAMES[0])]
    rows += [response("城门镇", "满意") for _ in range(9)] + [response("城门镇", "非常不满意")]
    rows += [response("区住建局", "非常满意") for _ in range(10)]
    return rows


def derive(tmp_path, rows, **params):
    reg, p = register(tmp_path, rows, **params)
    block = compute(reg, p)
    return reg, p, block, findings({"satisfaction": reg}, p, block, None)


def test_the_rate_and_each_unit_below_the_target(tmp_path):
    reg, _, block, found = derive(tmp_path, responses())
    assert block["rate"] == 27 / 30 and block["met"] is False
    d = reg.data
    not_satisfied = d.loc[d["unit"].eq("区城管局") & d["answer"].isin(["dissatisfied", "neutral"]), "_row"]
    town = d.loc[d["unit"].eq("城门镇") & d["answer"].eq("very_dissatisfied"), "_row"]
    got = [(f.rule, f.severity, f.subject, f.unit, f.evidence, f.register, f.rows) for f in found]
    assert got == [
        ("rate_below_target", "medium", "satisfaction.rate", None, (), None, ()),
        ("unit_below_target", "medium", "区城管局", "区城管局", (), AUDIT.key, tuple(int(r) for r in not_satisfied)),
        ("unit_below_target", "medium", "城门镇", "城门镇", (), AUDIT.key, tuple(int(r) for r in town)),
    ]
    assert len(found[1].rows) == 2  # the 不满意 and the 一般; not the 不了解, which is not counted
    assert (
        found[0].text["zh"]
        == "本年度行政执法满意率为 90.00%（计入的 30 人中满意 27 人），未达到目标 95.00%；2 个被调查单位低于目标"
    )
    assert found[1].text["zh"] == "区城管局执法满意率为 80.00%（计入的 10 人中满意 8 人），低于目标 95.00%"
    assert (
        found[1].text["en"]
        == "satisfaction with 区城管局 was 80.00% (8 of 10 counted satisfied), below the target of 95.00%"
    )
    assert "satisfaction.target_rate = 95.00%" in found[1].basis["zh"]


def test_the_target_is_the_params(tmp_path):
    """At 85% the district (90%) and 城门镇 meet it, 区城管局 (80%) does not; at 80% all do."""
    _, _, _, found = derive(tmp_path, responses(), satisfaction={"target_rate": 0.85})
    assert [(f.rule, f.subject) for f in found] == [("unit_below_target", "区城管局")]
    assert "satisfaction.target_rate = 85.00%" in found[0].basis["zh"]
    _, _, _, none = derive(tmp_path / "b", responses(), satisfaction={"target_rate": 0.8})
    assert none == []


def test_a_unit_below_while_the_district_meets_the_target(tmp_path):
    rows = [response("区住建局", "满意") for _ in range(40)] + [
        response("城门镇", "满意"),
        response("城门镇", "不满意"),
    ]
    _, _, block, found = derive(tmp_path, rows)
    assert block["met"] is True
    assert [(f.rule, f.subject) for f in found] == [("unit_below_target", "城门镇")]


def test_a_per_survey_register(tmp_path):
    rows = [
        survey("区城管局", 20, 17, survey_id="S1"),
        survey("区城管局", 20, 20, survey_id="S2", on="2020-09-01"),
        survey("城门镇", 10, 9, survey_id="S3"),
        survey("城门镇", 10, 9, survey_id="S4", on="2020-09-01"),
        survey("区住建局", 100, 100, survey_id="S5"),
    ]
    reg, _, _, found = derive(tmp_path, rows, header=SURVEY_COLUMNS)
    row = dict(zip(reg.data["survey_id"], reg.data["_row"].astype(int)))
    assert [(f.rule, f.subject, f.rows) for f in found] == [
        ("unit_below_target", "区城管局", (row["S1"],)),  # the survey below the target
        ("unit_below_target", "城门镇", (row["S3"], row["S4"])),
    ]


def test_ids_and_order_do_not_depend_on_row_order(tmp_path):
    rows = responses()
    _, _, _, found = derive(tmp_path / "a", rows)
    shuffled = rows[:]
    random.Random(11).shuffle(shuffled)
    _, _, _, again = derive(tmp_path / "b", shuffled)
    assert [f.id for f in again] == [f.id for f in found]
    assert [f.as_json() | {"rows": None} for f in again] == [f.as_json() | {"rows": None} for f in found]
    assert found[1].id == finding_id("satisfaction", "unit_below_target", "区城管局")


def test_no_exception_no_finding(tmp_path):
    _, _, block, found = derive(
        tmp_path, [response("区住建局", "满意") for _ in range(20)] + [response("区住建局", "不了解")]
    )
    assert block["met"] is True and found == []


def test_the_red_headline_is_reported_once(tmp_path):
    reg, params, block, found = derive(tmp_path, responses())
    year = year_findings({"satisfaction": reg}, params, {"satisfaction": block})
    assert [(f.rule, f.subject) for f in year] == [(f.rule, f.subject) for f in found]
    assert not [f for f in year if f.rule == "headline_red"]
    assert DISTRICT.covers == ("satisfaction.rate",) and UNIT.covers == ()


def test_no_respondent_case_number_or_comment_in_any_finding(tmp_path):
    reg, _, _, found = derive(tmp_path, responses())
    dumped = json.dumps([f.as_json() for f in found], ensure_ascii=False)
    private = reg.schema.private_columns
    assert private == ("respondent_name",)
    values = {str(v) for c in (*private, "case_id", "comment") for v in reg.data[c].dropna()}
    assert values >= {*NAMES, "仓城管罚〔2020〕8号", "态度差"}
    assert not [v for v in values if v in dumped]


def test_the_rules_are_wired():
    assert AUDIT.finding_rules == RULES and AUDIT.findings is findings
