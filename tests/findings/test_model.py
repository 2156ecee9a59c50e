"""A finding's stable id, and a rule's texts filled with the finding's figures."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from audit.findings.model import Rule, audit_initials, finding_id

RULE = Rule(
    "late",
    "medium",
    {"zh": "迟延", "en": "Late"},
    {"zh": "期限 {days} 日", "en": "within {days} days"},
    {"zh": "按期办理", "en": "keep to the {days} days"},
)


def test_an_id_is_the_audits_initials_and_a_hash_of_audit_rule_and_subject():
    assert audit_initials("case_file_review") == "CFR"
    assert audit_initials("training") == "T"
    made = finding_id("case_file_review", "vetoed_file", "仓城管罚〔2020〕8号")
    assert re.fullmatch(r"CFR-[0-9A-F]{8}", made)
    assert made == finding_id("case_file_review", "vetoed_file", "仓城管罚〔2020〕8号")


@given(st.text(min_size=1), st.text(min_size=1))
def test_two_subjects_or_two_rules_give_two_ids(first: str, second: str):
    if first != second:
        assert finding_id("training", "rule", first) != finding_id("training", "rule", second)
        assert finding_id("training", first, "subject") != finding_id("training", second, "subject")


def test_a_rule_fills_its_basis_and_recommendation_but_never_the_text():
    text = {"zh": "案卷 {编号} 迟延", "en": "file {x} late"}  # register text may hold braces
    finding = RULE.finding("training", "subject", "区城管局", text, ("A1",), "training", (5, 3, 5), days=7)
    assert finding.basis == {"zh": "期限 7 日", "en": "within 7 days"}
    assert finding.recommendation["en"] == "keep to the 7 days"
    assert finding.text == text
    assert finding.rows == (3, 5)
    shown = finding.as_json()
    assert shown["id"] == finding_id("training", "late", "subject")
    assert shown["rows"] == {"register": "training", "rows": [3, 5]}
    assert shown["source"] == "computed"
