"""The roll-forward check: this year's carried-over reconsideration cases are last year's pending ones, field for field."""

from __future__ import annotations

import copy
from typing import Any

from audit.audits.reconsideration.findings import roll_forward
from audit.pipeline.plan import YearInputs


def _mismatches(metrics: dict[str, Any]) -> dict[str, str]:
    return {f["subject"]: f["text"]["zh"] for f in metrics["findings"] if f["rule"] == "carried_over_mismatch"}


def test_the_samples_disagree_on_the_extension_of_three_carried_over_cases(metrics_2021: dict[str, Any]):
    found = _mismatches(metrics_2021)
    assert found == {
        "仓司复〔2020〕29号": "案件 仓司复〔2020〕29号：延期：上年 否，本年 是",
        "仓司复〔2020〕47号": "案件 仓司复〔2020〕47号：延期：上年 否，本年 是",
        "仓司复〔2020〕48号": "案件 仓司复〔2020〕48号：延期：上年 否，本年 是",
    }
    english = [f["text"]["en"] for f in metrics_2021["findings"] if f["rule"] == "carried_over_mismatch"]
    assert english[0] == "case 仓司复〔2020〕29号: extended: last year no, this year yes"


def test_last_years_pending_cases_are_in_its_metrics(metrics_2020: dict[str, Any]):
    pending = {c["case_id"]: c for c in metrics_2020["reconsideration"]["pending_cases"]}
    assert len(pending) == metrics_2020["reconsideration"]["pending"]
    assert pending["仓司复〔2020〕47号"] == {
        "case_id": "仓司复〔2020〕47号",
        "received_on": "2020-11-04",
        "accepted_on": "2020-11-07",
        "respondent": "区住建局",
        "matter": "政府信息公开",
        "procedure": "ordinary",
        "extended": False,
    }


def test_a_pending_case_not_carried_over_and_a_carried_case_never_pending_are_findings(
    year_2021: YearInputs, metrics_2020: dict[str, Any]
):
    previous = copy.deepcopy(metrics_2020["reconsideration"])
    dropped = previous["pending_cases"].pop(0)  # 2021 carries it over, but 2020 did not have it pending
    previous["pending_cases"].append({**dropped, "case_id": "仓司复〔2020〕99号"})  # pending, never carried over
    found = {f.subject: f for f in roll_forward(year_2021.registers["reconsideration"], previous)}
    assert "本年标注为上年结转，但不在上年末未结案件中" in found[dropped["case_id"]].text["zh"]
    assert "上年末未结，本年未作为结转案件登记" in found["仓司复〔2020〕99号"].text["zh"]
    assert found["仓司复〔2020〕99号"].rows == ()  # no row of this year's register holds it


def test_no_last_year_or_one_without_the_list_means_nothing_to_compare(year_2021: YearInputs):
    register = year_2021.registers["reconsideration"]
    assert roll_forward(register, None) == []
    assert roll_forward(register, {"received": 3}) == []  # a metrics.json published before the check existed
