"""A year's findings: every audit's, the red headlines not covered by a rule, and the auditor's own."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from audit.audits import AUDITS
from audit.core import metrics as metrics_file
from audit.core.errors import InputError
from audit.findings.derive import HEADLINE_RED, year_findings
from audit.pipeline.plan import YearInputs, read_year
from audit.registers import ROW

from conftest import ROOT, write_csv


def test_ids_are_unique_and_findings_sorted_by_audit_then_severity(metrics_2020: dict[str, Any]):
    found = metrics_2020["findings"]
    assert found, "the 2020 sample has findings"
    assert len({f["id"] for f in found}) == len(found)
    order = [a.key for a in AUDITS]
    audits = [order.index(f["audit"]) for f in found]
    assert audits == sorted(audits)
    for audit in {f["audit"] for f in found}:
        ranks = [("high", "medium", "low").index(f["severity"]) for f in found if f["audit"] == audit]
        assert ranks == sorted(ranks)


def test_every_finding_says_what_why_what_to_do_in_both_languages(metrics_2020: dict[str, Any]):
    for f in metrics_2020["findings"]:
        for field in ("basis", "text", "recommendation"):
            assert f[field]["zh"] and f[field]["en"], (f["id"], field)
        assert f["severity"] in ("high", "medium", "low")


def _shuffled(year: YearInputs) -> dict:
    shuffled = {}
    for key, register in year.registers.items():
        order = register.data.sample(frac=1, random_state=7).index
        text = register.text.loc[order] if len(register.text) else register.text
        shuffled[key] = replace(register, data=register.data.loc[order], text=text)
    return shuffled


def test_the_same_year_with_its_rows_in_another_order_gives_the_same_findings(year_2020: YearInputs, metrics_2020):
    again = metrics_file.compute_all(_shuffled(year_2020), year_2020.params)
    assert [f["id"] for f in again["findings"]] == [f["id"] for f in metrics_2020["findings"]]
    assert json.dumps(again["findings"], ensure_ascii=False) == json.dumps(metrics_2020["findings"], ensure_ascii=False)


def test_a_re_run_gives_the_same_ids(year_2020: YearInputs, metrics_2020: dict[str, Any]):
    again = read_year(ROOT / "params" / "2020.yaml")
    assert [f["id"] for f in metrics_file.compute_all(again.registers, again.params)["findings"]] == [
        f["id"] for f in metrics_2020["findings"]
    ]


def test_a_red_headline_a_rule_reports_already_is_not_a_finding_twice(year_2020, metrics_2020: dict[str, Any]):
    from audit.findings.derive import headline_findings

    rules = {(f["audit"], f["rule"]) for f in metrics_2020["findings"]}
    assert ("training", "target_unmet") in rules and ("case_file_review", "vetoed_file") in rules
    subjects = {f["subject"] for f in metrics_2020["findings"] if f["rule"] == HEADLINE_RED.code}
    for covered in ("training.all_targets_met", "litigation.head_appearance_rate", "case_file_review.veto_files"):
        assert covered not in subjects
    red = {f.subject: f for f in headline_findings(metrics_2020, year_2020.params)}  # nothing covered
    assert {"training.all_targets_met", "case_file_review.veto_files"} <= set(red)
    veto = red["case_file_review.veto_files"]
    assert veto.text["zh"] == "触发否决项案卷数为 5，超过黄线 2" and veto.severity == "medium"
    assert veto.text["en"].endswith("was 5, beyond amber (2)")
    assert red["training.all_targets_met"].text["zh"] == "培训目标全部完成：否"


def test_the_recurring_finding_has_last_years_id(metrics_2020: dict[str, Any], metrics_2021: dict[str, Any]):
    both = {f["id"] for f in metrics_2020["findings"]} & {f["id"] for f in metrics_2021["findings"]}
    assert both  # units short of training hours again, the reviewing government as a respondent again…
    recurring = {f["id"] for f in metrics_2021["follow_up"] if f["recurring"]}
    assert recurring == both


def test_no_private_value_in_any_finding(year_2020: YearInputs, metrics_2020: dict[str, Any]):
    text = json.dumps(metrics_2020["findings"], ensure_ascii=False)
    for register in year_2020.registers.values():
        for column in register.schema.private_columns:
            for value in register.data[column].dropna().astype(str).unique():
                if len(value) >= 2:
                    assert value not in text, (register.schema.key, column)


def _with_manual(tmp_path, rows) -> YearInputs:
    import yaml

    source = yaml.safe_load((ROOT / "params" / "2020.yaml").read_text(encoding="utf-8"))
    for key, path in source["registers"].items():
        source["registers"][key] = str((ROOT / "params" / path).resolve())
    header = ["审计事项", "问题类型", "问题对象", "责任单位", "严重程度", "问题描述", "依据", "整改建议", "证据"]
    source["registers"]["findings"] = str(write_csv(tmp_path / "findings.csv", header, rows))
    path = tmp_path / "2020.yaml"
    path.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    return read_year(path)


def test_a_finding_added_by_hand_has_the_same_fields_and_a_stable_id(tmp_path):
    rows = [
        ["法治培训", "学法记录不全", "区城管局", "区城管局", "低", "=HYPERLINK(1)", "学法制度", "补全记录", "A1；A2"],
    ]
    year = _with_manual(tmp_path, rows)
    found = [
        f for f in year_findings(year.registers, year.params, metrics_file.compute_all(year.registers, year.params))
    ]
    manual = [f for f in found if f.source == "manual"]
    assert len(manual) == 1
    finding = manual[0]
    assert (finding.audit, finding.rule, finding.subject, finding.unit) == (
        "training",
        "学法记录不全",
        "区城管局",
        "区城管局",
    )
    assert finding.evidence == ("A1", "A2") and finding.register == "findings" and finding.rows == (2,)
    assert finding.text["zh"] == "=HYPERLINK(1)"  # kept as written; the workbook writes it as text
    assert finding.severity == "low"


def test_a_hand_written_finding_of_a_rule_the_audit_computes_is_an_input_problem(tmp_path):
    rows = [
        ["法治培训", "target_unmet", "leadership_course", "", "中", "未办班", "纲要", "办班", ""],
        ["案卷评查", "headline_red", "case_file_review.score.mean", "", "中", "低分", "目标", "提高", ""],
    ]
    with pytest.raises(InputError) as raised:
        _with_manual(tmp_path, rows)
    assert [(p.row, p.column) for p in raised.value.problems] == [(2, "问题类型"), (3, "问题类型")]


def test_rows_are_the_rows_the_auditor_sees_in_excel(year_2020: YearInputs, metrics_2020: dict[str, Any]):
    for f in metrics_2020["findings"]:
        if not f["rows"]:
            continue
        register = year_2020.registers[f["rows"]["register"]]
        assert set(f["rows"]["rows"]) <= set(register.data[ROW].astype(int))
