"""Legal advisers findings: each listed unit without an adviser's work, by its name; none without a list."""

from __future__ import annotations

import json
import random

from audit.audits.legal_advisers import AUDIT
from audit.audits.legal_advisers.compute import compute
from audit.audits.legal_advisers.findings import RULES, WITHOUT_ADVISER, findings
from audit.findings.derive import year_findings
from audit.findings.model import finding_id

from .helpers import ADVISERS, register, work

ROWS = [
    work("LA-1", unit="区城管局", adviser=ADVISERS[0]),
    work("LA-2", unit="区住建局", kind="legal_meeting", matter="涉法专项会议", adviser=ADVISERS[1]),
    work("LA-3", unit="区政府", kind="consultation", matter="法律咨询"),  # served, not listed: no finding
]
LISTED = ["区城管局", "区退役军人事务局", "区住建局", "城门镇"]


def derive(tmp_path, rows, **params):
    reg, p = register(tmp_path, rows, **params)
    block = compute(reg, p)
    return reg, p, block, findings({"legal_advisers": reg}, p, block, None)


def test_a_finding_per_listed_unit_without_work(tmp_path):
    _, _, block, found = derive(tmp_path, ROWS, legal_advisers={"units": LISTED})
    assert block["units_missing"] == ["区退役军人事务局", "城门镇"]
    got = [(f.rule, f.severity, f.subject, f.unit, f.evidence, f.register, f.rows) for f in found]
    assert got == [
        ("unit_without_adviser", "medium", "区退役军人事务局", "区退役军人事务局", (), None, ()),
        ("unit_without_adviser", "medium", "城门镇", "城门镇", (), None, ()),
    ]
    assert found[0].text["zh"] == (
        "区退役军人事务局在应有法律顾问的单位名单内，2020 年法律顾问工作台账中没有该单位的任何法律顾问工作记录"
    )
    assert "中办发〔2016〕30号" in found[0].basis["zh"] and "应有法律顾问的单位 4 个" in found[0].basis["zh"]
    assert "legal_advisers.units" in found[0].basis["en"]
    assert found[0].id == finding_id("legal_advisers", "unit_without_adviser", "区退役军人事务局")
    assert found[0].as_json()["rows"] is None


def test_ids_and_order_do_not_depend_on_row_order(tmp_path):
    rows = list(ROWS)
    _, _, _, found = derive(tmp_path / "a", rows, legal_advisers={"units": LISTED})
    shuffled = rows[:]
    random.Random(5).shuffle(shuffled)
    _, _, _, again = derive(tmp_path / "b", shuffled[::-1], legal_advisers={"units": LISTED})
    assert [f.as_json() for f in again] == [f.as_json() for f in found]


def test_no_finding_without_a_list_or_with_every_unit_served(tmp_path):
    _, _, block, found = derive(tmp_path / "a", ROWS)
    assert block["units_checked"] is False and found == []
    _, _, _, found = derive(tmp_path / "b", ROWS, legal_advisers={"units": ["区城管局", "区住建局"]})
    assert found == []


def test_nothing_is_reported_twice(tmp_path):
    """The audit's headlines are counts without a threshold: the only findings are the rule's."""
    reg, params, block, found = derive(tmp_path, ROWS, legal_advisers={"units": LISTED})
    year = year_findings({"legal_advisers": reg}, params, {"legal_advisers": block})
    assert [f.id for f in year] == [f.id for f in found]
    assert WITHOUT_ADVISER.covers == ()


def test_no_adviser_in_any_finding(tmp_path):
    reg, _, _, found = derive(tmp_path, ROWS, legal_advisers={"units": LISTED})
    dumped = json.dumps([f.as_json() for f in found], ensure_ascii=False)
    private = reg.schema.private_columns
    assert private == ("adviser",)
    values = {str(v) for c in private for v in reg.data[c].dropna()}
    assert values >= set(ADVISERS)
    assert not [v for v in values if v in dumped]


def test_the_rules_are_wired():
    assert AUDIT.finding_rules == RULES and AUDIT.findings is findings
