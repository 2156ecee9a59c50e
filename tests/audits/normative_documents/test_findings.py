"""Normative documents findings: one per document and exception, stable ids, the right units and rows, no names."""

from __future__ import annotations

import json
import random

from audit.audits.normative_documents import AUDIT
from audit.audits.normative_documents.compute import compute
from audit.audits.normative_documents.findings import FILING_RULES, NOT_PUBLISHED, NOT_REVIEWED, RULES, findings
from audit.findings.derive import year_findings
from audit.findings.model import finding_id

from normative_documents_helpers import doc, register

HANDLERS = ("林晓峰", "陈丽娟", "王建国")


def rows_of_exceptions() -> list[list[str]]:
    """Documents with every kind of exception, one clean, one of an earlier year (cleanup only)."""
    return [
        doc("仓政办〔2020〕3号", issued="2020-03-02", handler=HANDLERS[0]),  # clean
        doc("仓政办〔2020〕12号", issued="2020-03-02", reviewed="否", drafter="区住建局", handler=HANDLERS[1]),
        doc("仓政〔2020〕5号", issued="2020-03-02", city="2020-04-10", congress="", handler=HANDLERS[2]),
        doc("仓政〔2020〕9号", issued="2020-05-06", published="否", issuer="仓山区人民政府", drafter=""),
        doc("仓政办〔2020〕30号", issued="2020-12-28", city="", congress=""),  # not yet due on 31 December
        doc(
            "仓政〔2018〕4号", issued="2018-03-02", reviewed="否", city="", congress="", published="否", cleanup="保留"
        ),
    ]


def derive(tmp_path, rows):
    reg, params = register(tmp_path, rows, audit_date="2020-12-31")
    block = compute(reg, params)
    return reg, params, block, findings({"normative_documents": reg}, params, block, None)


def test_one_finding_per_document_and_exception(tmp_path):
    reg, _, _, found = derive(tmp_path, rows_of_exceptions())
    got = [(f.rule, f.subject, f.unit, f.severity, f.evidence, f.register, f.rows) for f in found]
    row = {n: int(r) for n, r in zip(reg.data["number"], reg.data["_row"])}
    assert got == [
        (
            "not_reviewed",
            "仓政办〔2020〕12号",
            "区住建局",
            "high",
            ("仓政办〔2020〕12号",),
            AUDIT.key,
            (row["仓政办〔2020〕12号"],),
        ),
        (
            "not_filed_congress",
            "仓政〔2020〕5号",
            "仓山区人民政府办公室",
            "high",
            ("仓政〔2020〕5号",),
            AUDIT.key,
            (row["仓政〔2020〕5号"],),
        ),
        (
            "not_published",
            "仓政〔2020〕9号",
            "仓山区人民政府",
            "high",
            ("仓政〔2020〕9号",),
            AUDIT.key,
            (row["仓政〔2020〕9号"],),
        ),
        (
            "late_filing_city",
            "仓政〔2020〕5号",
            "仓山区人民政府办公室",
            "medium",
            ("仓政〔2020〕5号",),
            AUDIT.key,
            (row["仓政〔2020〕5号"],),
        ),
    ]
    late = found[-1]
    assert late.text["zh"] == (
        "仓山区人民政府办公室《仓山区某某管理办法》（仓政〔2020〕5号，2020-03-02 发布）应于 2020-04-01 前报市政府备案，"
        "2020-04-10 才报备，逾期 9 日"
    )
    assert "9 days late" in late.text["en"]
    assert "30 日内" in late.basis["zh"] and "filing_days = 30" in late.basis["en"]
    assert "国办发〔2018〕115号" in found[0].basis["zh"] and "国办发〔2018〕37号" in found[2].basis["zh"]
    assert "已超过期限 274 日" in found[1].text["zh"]  # from 1 April to 31 December


def test_a_document_late_with_both_bodies_is_two_findings(tmp_path):
    _, _, _, found = derive(tmp_path, [doc("1", issued="2020-03-02", city="2020-04-03", congress="2020-04-06")])
    assert [(f.rule, f.subject) for f in found] == [("late_filing_city", "1"), ("late_filing_congress", "1")]
    assert len({f.id for f in found}) == 2


def test_the_drafter_answers_for_the_review_the_issuer_when_there_is_none(tmp_path):
    _, _, _, found = derive(tmp_path, [doc("1", reviewed="否", drafter="", issuer="仓山区人民政府")])
    assert [(f.rule, f.unit) for f in found] == [("not_reviewed", "仓山区人民政府")]
    assert "起草单位" not in found[0].text["zh"]


def test_working_day_limits_are_written_as_working_days(tmp_path):
    reg, params = register(
        tmp_path,
        [doc("1", issued="2020-03-02", city="2020-03-20", congress="2020-03-03")],
        audit_date="2020-12-31",
        normative_documents={"filing_days": 10, "filing_unit": "working"},
    )
    block = compute(reg, params)
    (late,) = findings({"normative_documents": reg}, params, block, None)
    assert late.rule == "late_filing_city" and "个工作日" in late.text["zh"] and "working day" in late.text["en"]
    assert "10 个工作日内" in late.basis["zh"] and "filing_unit = working" in late.basis["zh"]


def test_ids_and_order_do_not_depend_on_row_order(tmp_path):
    rows = rows_of_exceptions()
    _, _, _, found = derive(tmp_path / "a", rows)
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    _, _, _, again = derive(tmp_path / "b", shuffled[::-1])
    assert [f.id for f in again] == [f.id for f in found]
    assert [f.as_json() | {"rows": None} for f in again] == [f.as_json() | {"rows": None} for f in found]
    assert found[0].id == finding_id("normative_documents", "not_reviewed", "仓政办〔2020〕12号")


def test_no_exception_no_finding(tmp_path):
    _, _, block, found = derive(tmp_path, [doc("1"), doc("2", issued="2020-12-28", city="", congress="")])
    assert found == []
    assert block["filing"]["city"]["not_yet_due"] == 1  # not yet due is no finding


def test_a_covered_red_headline_is_not_raised_again(tmp_path):
    reg, params, block, found = derive(tmp_path, rows_of_exceptions())
    assert block["review_rate"] < 0.95 and block["publication_rate"] < 0.95 and block["filed_on_time_rate"] < 0.95
    year = year_findings({"normative_documents": reg}, params, {"normative_documents": block})
    assert [f.rule for f in year if f.audit == "normative_documents"] == [f.rule for f in found]
    assert not [f for f in year if f.rule == "headline_red"]
    covered = {key for rule in RULES for key in rule.covers}
    assert covered == {f"normative_documents.{m}" for m in ("review_rate", "filed_on_time_rate", "publication_rate")}


def test_the_filing_rate_alone_red_gives_the_filing_finding_only(tmp_path):
    """Not filed with the city only: the filing rate is covered, the others are green."""
    reg, params, block, _ = derive(tmp_path, [doc("1", city="")] + [doc(str(n)) for n in range(2, 6)])
    year = year_findings({"normative_documents": reg}, params, {"normative_documents": block})
    assert [f.rule for f in year] == ["not_filed_city"]


def test_no_private_value_in_any_finding(tmp_path):
    reg, _, _, found = derive(tmp_path, rows_of_exceptions())
    dumped = json.dumps([f.as_json() for f in found], ensure_ascii=False)
    private = reg.schema.private_columns
    assert private == ("handler",)
    values = {str(v) for c in private for v in reg.data[c].dropna()}
    assert values >= set(HANDLERS)
    assert not [v for v in values if v in dumped]


def test_every_rule_has_both_languages_and_fills(tmp_path):
    reg, params, block, found = derive(tmp_path, rows_of_exceptions())
    assert {r.code for r in RULES} == {NOT_REVIEWED.code, NOT_PUBLISHED.code, *(r.code for r in FILING_RULES.values())}
    for f in found:
        for texts in (f.basis, f.text, f.recommendation):
            assert set(texts) == {"zh", "en"} and all(texts.values())
            assert "{" not in texts["zh"] + texts["en"]
    assert AUDIT.finding_rules == RULES and AUDIT.findings is findings
