"""The findings of the case-file review, training, reconsideration and litigation audits on the 2020 sample."""

from __future__ import annotations

from typing import Any

import pytest


def _of(metrics: dict[str, Any], audit: str, rule: str) -> dict[str, dict[str, Any]]:
    return {f["subject"]: f for f in metrics["findings"] if f["audit"] == audit and f["rule"] == rule}


def test_every_vetoed_file_is_a_high_finding_and_every_other_failed_file_a_medium_one(metrics_2020):
    vetoed = _of(metrics_2020, "case_file_review", "vetoed_file")
    failed = _of(metrics_2020, "case_file_review", "failed_file")
    block = metrics_2020["case_file_review"]
    assert len(vetoed) == block["veto_files"]
    assert len(vetoed) + len(failed) == block["grades"]["不合格"]
    finding = vetoed["仓资规许〔2020〕34号"]
    assert finding["severity"] == "high" and finding["unit"] == "区自然资源和规划局"
    assert "执法人员少于2人" in finding["text"]["zh"] and "fewer than two officers" in finding["text"]["en"]
    assert "评为不合格" in finding["basis"]["zh"]
    assert finding["evidence"] == ["仓资规许〔2020〕34号"] and finding["rows"]["register"] == "case_file_review"


def test_every_missed_training_target_is_a_finding_of_the_bureau(metrics_2020):
    missed = _of(metrics_2020, "training", "target_unmet")
    expected = {t["kind"] for t in metrics_2020["training"]["targets"] if not t["met"]}
    assert set(missed) == expected == {"leadership_course", "leadership_lecture"}
    assert missed["leadership_course"]["unit"] is None
    assert "不少于 1 次" in missed["leadership_course"]["basis"]["zh"]


def test_a_unit_with_officers_short_of_hours_is_its_finding_naming_no_officer(metrics_2020):
    short = _of(metrics_2020, "training", "staff_hours_short")
    below = {u["unit"] for u in metrics_2020["training"]["by_unit"] if u["meeting_target"] < u["staff"]}
    assert set(short) == below
    assert all(f["evidence"] == [] and f["rows"]["register"] == "staff_roster" for f in short.values())
    total = sum(len(f["rows"]["rows"]) for f in short.values())
    assert total == metrics_2020["training"]["staff_below_hours_target"]


def test_every_case_past_a_limit_is_a_reconsideration_finding(metrics_2020):
    block = metrics_2020["reconsideration"]
    assert set(_of(metrics_2020, "reconsideration", "open_overdue")) == {
        c["case_id"] for c in block["open_overdue_cases"]
    }
    assert set(_of(metrics_2020, "reconsideration", "decided_overdue")) == {
        c["case_id"] for c in block["overdue_cases"]
    }
    assert set(_of(metrics_2020, "reconsideration", "outside_jurisdiction")) == set(block["jurisdiction_warnings"])
    finding = _of(metrics_2020, "reconsideration", "decided_overdue")["仓司复〔2020〕11号"]
    assert "第三十一条" in finding["basis"]["zh"] and "2017年修正" in finding["basis"]["zh"]  # 2020: the old law


@pytest.mark.parametrize("rule", ["head_absent", "case_lost", "appearance_without_rank"])
def test_litigation_findings_name_the_defendant_and_the_cases(metrics_2020, rule):
    found = _of(metrics_2020, "litigation", rule)
    assert found
    for finding in found.values():
        assert finding["unit"] and finding["evidence"] and finding["rows"]["register"] == "litigation"


def test_lost_cases_and_absent_heads_add_up_to_the_block(metrics_2020):
    block = metrics_2020["litigation"]
    assert len(_of(metrics_2020, "litigation", "case_lost")) == block["lost"]
    absent = sum(len(f["evidence"]) for f in _of(metrics_2020, "litigation", "head_absent").values())
    assert absent == block["hearings"] - block["head_appearances"] - block["appearances_without_rank"]
    assert set(_of(metrics_2020, "litigation", "appearance_without_rank")) == set(
        block["appearances_without_rank_cases"]
    )


def test_before_the_2021_outline_the_hours_are_the_params_own_target(metrics_2020, metrics_2021):
    basis_2020 = next(f for f in metrics_2020["findings"] if f["rule"] == "staff_hours_short")["basis"]["zh"]
    basis_2021 = next(f for f in metrics_2021["findings"] if f["rule"] == "staff_hours_short")["basis"]["zh"]
    assert basis_2020.startswith("本年度参数所定目标") and "2021年8月印发" in basis_2020
    assert basis_2021.startswith("《法治政府建设实施纲要（2021—2025年）》")


def test_an_appearance_without_a_rank_is_not_also_an_absence(metrics_2021):
    without = {f["subject"] for f in metrics_2021["findings"] if f["rule"] == "appearance_without_rank"}
    absent = {case for f in metrics_2021["findings"] if f["rule"] == "head_absent" for case in f["evidence"]}
    assert without and not (without & absent)


def test_params_unit_names_are_read_through_the_list_of_units(tmp_path):
    """reviewing_body written as an alias of the list still finds the cases against the reviewing government."""
    import yaml

    from audit.core import metrics as metrics_file
    from audit.pipeline.plan import read_year

    from conftest import ROOT

    source = yaml.safe_load((ROOT / "params" / "2021.yaml").read_text(encoding="utf-8"))
    for key, path in source["registers"].items():
        source["registers"][key] = str((ROOT / "params" / path).resolve())
    source["reconsideration"]["reviewing_body"] = ["仓山区人民政府"]  # an alias of 区政府 in units.csv
    path = tmp_path / "2021.yaml"
    path.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    year = read_year(path)
    block = metrics_file.compute_all(year.registers, year.params)["reconsideration"]
    assert len(block["jurisdiction_warnings"]) == 4
