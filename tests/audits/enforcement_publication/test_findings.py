"""Enforcement publication findings: per unit, unpublished above late, stable ids, decision numbers, no party."""

from __future__ import annotations

import datetime as dt
import json
import random

from audit.audits.enforcement_publication import AUDIT
from audit.audits.enforcement_publication.compute import compute
from audit.audits.enforcement_publication.findings import LATE, RULES, UNPUBLISHED, findings
from audit.findings.derive import year_findings
from audit.findings.model import finding_id

from .helpers import decision, register

PARTIES = ("林秀英", "陈志明", "福州某某商贸有限公司")


def exception_rows() -> list[list[str]]:
    """Two units late, one of them also with decisions unpublished; one unit clean; one decision not yet due."""
    return [
        decision("仓城管罚〔2020〕1号", "2020-03-02", "2020-03-04", party=PARTIES[0]),  # on time
        decision("仓城管罚〔2020〕8号", "2020-03-02", "2020-03-12", party=PARTIES[1]),  # 8th working day: late by 1
        decision("仓城管罚〔2020〕12号", "2020-03-02", "", party=PARTIES[2]),  # unpublished
        decision("仓城管许〔2020〕2号", "2020-06-01", "", kind="licence"),  # unpublished
        decision("仓市监罚〔2020〕3号", "2020-04-01", "2020-04-30", unit="区市场监管局"),  # late
        decision("仓市监罚〔2020〕5号", "2020-04-01", "2020-04-03", unit="区市场监管局"),  # on time
        decision("仓卫罚〔2020〕1号", "2020-04-01", "2020-04-02", unit="区卫健局"),  # on time
        decision("仓卫罚〔2020〕2号", "2020-12-30", "", unit="区卫健局"),  # not yet due on 31 December
    ]


def derive(tmp_path, rows, **params):
    params.setdefault("audit_date", dt.date(2020, 12, 31))
    reg, p = register(tmp_path, rows, **params)
    block = compute(reg, p)
    return reg, p, block, findings({"enforcement_publication": reg}, p, block, None)


def test_a_finding_per_unit_and_state(tmp_path):
    reg, _, _, found = derive(tmp_path, exception_rows())
    row = {n: int(r) for n, r in zip(reg.data["decision_id"], reg.data["_row"])}
    got = [(f.rule, f.severity, f.subject, f.unit, f.evidence, f.register, f.rows) for f in found]
    assert got == [
        (
            "unpublished_decisions",
            "high",
            "区城管局",
            "区城管局",
            ("仓城管罚〔2020〕12号", "仓城管许〔2020〕2号"),
            AUDIT.key,
            tuple(sorted((row["仓城管罚〔2020〕12号"], row["仓城管许〔2020〕2号"]))),
        ),
        (
            "late_publication",
            "medium",
            "区城管局",
            "区城管局",
            ("仓城管罚〔2020〕8号",),
            AUDIT.key,
            (row["仓城管罚〔2020〕8号"],),
        ),
        (
            "late_publication",
            "medium",
            "区市场监管局",
            "区市场监管局",
            ("仓市监罚〔2020〕3号",),
            AUDIT.key,
            (row["仓市监罚〔2020〕3号"],),
        ),
    ]
    unpublished, late = found[0], found[1]
    assert unpublished.text["zh"].startswith(
        "区城管局本年度 4 件执法决定中，2 件（行政许可 1 件、行政处罚 1 件）已过公示期限"
    )
    assert "截至 2020-12-31 仍未公示" in unpublished.text["zh"]
    assert late.text["zh"] == "区城管局本年度 4 件执法决定中，1 件（行政处罚 1 件）逾期公示，超过期限 1 个工作日"
    assert late.text["en"] == (
        "1 of the 4 enforcement decisions of 区城管局 (1 penalty) was published late, 1 working day past the limit"
    )
    assert "国办发〔2018〕118号" in late.basis["zh"] and "licence = 7，penalty = 7，other = 20" in late.basis["zh"]


def test_the_limits_of_the_params_are_the_basis(tmp_path):
    _, _, _, found = derive(
        tmp_path,
        [decision("1", "2020-03-02", "2020-03-09")],
        enforcement_publication={"limits": {"penalty": 3, "licence": 5, "other": 15}},
    )
    (late,) = found
    assert "行政许可 5 个工作日、行政处罚 3 个工作日、其他执法决定 15 个工作日" in late.basis["zh"]
    assert "licences 5, penalties 3, other decisions 15" in late.basis["en"]


def test_the_finding_recurs_when_the_unit_is_late_again(tmp_path):
    """Another year, other decisions late: the same unit's finding has the same id."""
    _, _, _, first = derive(tmp_path / "a", [decision("仓城管罚〔2020〕8号", "2020-03-02", "2020-03-12")])
    _, _, _, second = derive(tmp_path / "b", [decision("仓城管罚〔2020〕99号", "2020-07-01", "2020-07-31")])
    assert first[0].id == second[0].id == finding_id("enforcement_publication", "late_publication", "区城管局")
    assert first[0].evidence != second[0].evidence


def test_ids_and_order_do_not_depend_on_row_order(tmp_path):
    rows = exception_rows()
    _, _, _, found = derive(tmp_path / "a", rows)
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    _, _, _, again = derive(tmp_path / "b", shuffled)
    assert [f.id for f in again] == [f.id for f in found]
    assert [f.as_json() | {"rows": None} for f in again] == [f.as_json() | {"rows": None} for f in found]


def test_no_exception_no_finding(tmp_path):
    rows = [decision("1", "2020-03-02", "2020-03-04"), decision("2", "2020-12-30", "")]  # the second not yet due
    _, _, block, found = derive(tmp_path, rows)
    assert block["not_yet_due"] == 1 and found == []


def test_the_covered_headlines_are_not_raised_again(tmp_path):
    reg, params, block, found = derive(tmp_path, exception_rows())
    assert block["on_time_rate"] < 0.9 and block["unpublished"] > 1  # both headlines red
    year = year_findings({"enforcement_publication": reg}, params, {"enforcement_publication": block})
    assert [(f.rule, f.subject) for f in year] == [(f.rule, f.subject) for f in found]
    assert set(UNPUBLISHED.covers) == {"enforcement_publication.unpublished", "enforcement_publication.on_time_rate"}
    assert LATE.covers == ("enforcement_publication.on_time_rate",)


def test_late_only_covers_the_on_time_rate(tmp_path):
    """Published late only, many of them: the on-time rate is red and reported; no decision is unpublished."""
    rows = [decision(str(n), "2020-03-02", "2020-03-20") for n in range(3)]
    reg, params, block, found = derive(tmp_path, rows)
    year = year_findings({"enforcement_publication": reg}, params, {"enforcement_publication": block})
    assert [f.rule for f in year] == ["late_publication"]


def test_no_private_value_in_any_finding(tmp_path):
    reg, _, _, found = derive(tmp_path, exception_rows())
    dumped = json.dumps([f.as_json() for f in found], ensure_ascii=False)
    private = reg.schema.private_columns
    assert private == ("party",)
    values = {str(v) for c in private for v in reg.data[c].dropna()}
    assert values >= set(PARTIES)
    assert not [v for v in values if v in dumped]
    assert "占道经营" not in dumped  # nor the matter: a finding names decisions by number


def test_the_rules_are_wired():
    assert AUDIT.finding_rules == RULES and AUDIT.findings is findings
    assert [r.severity for r in RULES] == ["high", "medium"]
