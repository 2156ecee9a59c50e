"""Publicity findings: required themes without an event, organisers' events not fully recorded; stable, no speaker."""

from __future__ import annotations

import json
import random

from audit.audits.publicity import AUDIT
from audit.audits.publicity.compute import compute
from audit.audits.publicity.findings import INCOMPLETE, RULES, THEME_MISSING, findings
from audit.findings.derive import year_findings
from audit.findings.model import finding_id

from .helpers import event, make_params, register

SPEAKERS = ("林律师", "陈法官")


def rows() -> list[list[object]]:
    """No Constitution event; 区司法局 leaves two counts blank, 城门镇 one; 区教育局 records everything."""
    return [
        event(theme="民法典", organiser="区司法局", materials="", speaker=SPEAKERS[0], title="林律师讲民法典"),
        event(theme="综治", organiser="区司法局", materials="", consultations="", date="2020-08-01"),
        event(theme="民法典", organiser="城门镇", audience="", consultations="", speaker=SPEAKERS[1]),
        event(theme="社区矫正法", organiser="区教育局", title="林律师讲社区矫正法"),
    ]


def derive(tmp_path, events, params=None):
    reg, p = register(tmp_path, events, params=params)
    block = compute(reg, p)
    return reg, p, block, findings({"publicity": reg}, p, block, None)


def test_a_missing_theme_and_each_organisers_blanks(tmp_path):
    reg, _, block, found = derive(tmp_path, rows())
    assert block["required_themes_missing"] == ["constitution"]
    row = [int(r) for r in reg.data["_row"]]
    got = [(f.rule, f.severity, f.subject, f.unit, f.evidence, f.register, f.rows) for f in found]
    assert got == [
        ("required_theme_missing", "medium", "constitution", None, (), None, ()),
        ("incomplete_records", "low", "区司法局", "区司法局", (), AUDIT.key, (row[0], row[1])),
        ("incomplete_records", "low", "城门镇", "城门镇", (), AUDIT.key, (row[2],)),
    ]
    theme, justice = found[0], found[1]
    assert theme.text["zh"] == "2020 年普法活动登记表中没有“宪法”主题的活动（必须开展的主题）"
    assert "“七五”普法规划" in theme.basis["zh"] and "宪法、民法典" in theme.basis["zh"]
    assert "publicity.required_themes = [constitution, civil_code]" in theme.basis["en"]
    assert theme.recommendation["zh"].startswith("将宪法主题法治宣传列入")
    assert (
        justice.text["zh"]
        == "区司法局组织的 2 场普法活动登记不全（未填写发放资料份数 2 场、接受咨询人次 1 场），合计时按 0 计"
    )
    assert justice.text["en"] == (
        "2 publicity events of 区司法局 left counts blank (materials handed out in 2, consultations in 1), "
        "counted as 0 in the totals"
    )


def test_the_years_required_themes_and_plan(tmp_path):
    params = make_params(year=2021, publicity={"required_themes": ["community_corrections"]})
    _, _, _, found = derive(tmp_path, [event(date="2021-05-01")], params=params)
    (theme,) = found
    assert theme.subject == "community_corrections" and "“八五”普法规划" in theme.basis["zh"]
    assert theme.id == finding_id("publicity", "required_theme_missing", "community_corrections")


def test_ids_and_order_do_not_depend_on_row_order(tmp_path):
    events = rows()
    _, _, _, found = derive(tmp_path / "a", events)
    shuffled = events[:]
    random.Random(2).shuffle(shuffled)
    _, _, _, again = derive(tmp_path / "b", shuffled[::-1])
    assert [f.id for f in again] == [f.id for f in found]
    assert [f.as_json() | {"rows": None} for f in again] == [f.as_json() | {"rows": None} for f in found]


def test_no_exception_no_finding(tmp_path):
    events = [event(theme="宪法"), event(theme="民法典", materials=0, consultations=0)]
    _, _, _, found = derive(tmp_path, events)
    assert found == []


def test_the_covered_headline_is_not_raised_again(tmp_path):
    reg, params, block, found = derive(tmp_path, rows())
    assert block["required_themes_met"] is False
    year = year_findings({"publicity": reg}, params, {"publicity": block})
    assert [(f.rule, f.subject) for f in year] == [(f.rule, f.subject) for f in found]
    assert not [f for f in year if f.rule == "headline_red"]
    assert THEME_MISSING.covers == ("publicity.required_themes_met",) and INCOMPLETE.covers == ()


def test_no_speaker_nor_title_in_any_finding(tmp_path):
    reg, _, _, found = derive(tmp_path, rows())
    dumped = json.dumps([f.as_json() for f in found], ensure_ascii=False)
    private = reg.schema.private_columns
    assert private == ("speaker",)
    values = {str(v) for c in private for v in reg.data[c].dropna()}
    assert values >= set(SPEAKERS)
    assert not [v for v in values if v in dumped]
    assert "林律师讲民法典" not in dumped  # nor an event's title, which may name people


def test_the_rules_are_wired():
    assert AUDIT.finding_rules == RULES and AUDIT.findings is findings
