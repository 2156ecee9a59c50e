"""What became of last year's findings: the ledger's status, the deadline, recurrence; what stays open."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from audit.core import metrics as metrics_file
from audit.core.errors import InputError
from audit.findings.followup import follow_up, to_follow, unmatched_rows
from audit.pipeline.plan import read_year

from conftest import ROOT, write_csv

HEADER = [
    "问题编号",
    "问题描述",
    "责任单位",
    "责任人职务",
    "整改时限",
    "整改状态",
    "完成日期",
    "佐证材料",
    "核查人职务",
]


def _year_with_ledger(tmp_path, rows):
    source = yaml.safe_load((ROOT / "params" / "2021.yaml").read_text(encoding="utf-8"))
    for key, path in source["registers"].items():
        source["registers"][key] = str((ROOT / "params" / path).resolve())
    source["registers"]["rectification"] = str(write_csv(tmp_path / "rectification.csv", HEADER, rows))
    path = tmp_path / "2021.yaml"
    path.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    return read_year(path)


@pytest.fixture
def followed(tmp_path, metrics_2020: dict[str, Any]):
    ids = [f["id"] for f in metrics_2020["findings"]]
    rows = [
        [ids[0], "", "", "科长", "2021-06-30", "已整改", "2021-05-20", "整改报告", "法制科科长"],
        [ids[1], "", "", "科长", "2021-06-30", "整改中", "", "", ""],  # past its deadline at 2021-12-31
        [ids[2], "", "", "科长", "2022-03-31", "未整改", "", "", ""],  # within
        [ids[3], "", "", "科长", "2021-06-30", "无法整改", "", "", ""],
        [ids[4], "", "", "科长", "", "", "", "", ""],  # no deadline: nothing to go by
        ["XX-00000000", "", "", "", "", "", "", "", ""],  # no such finding
    ]
    year = _year_with_ledger(tmp_path, rows)
    metrics = metrics_file.compute_all(year.registers, year.params, metrics_2020)
    return ids, metrics


def test_each_finding_falls_in_its_category(followed):
    ids, metrics = followed
    by_id = {f["id"]: f for f in metrics["follow_up"]}
    assert [by_id[i]["category"] for i in ids[:6]] == [
        "rectified",
        "past_deadline",
        "within_deadline",
        "cannot_rectify",
        "no_record",
        "no_record",  # no row in the ledger
    ]
    assert by_id[ids[0]]["status"] == "已整改" and by_id[ids[0]]["completed_on"] == "2021-05-20"
    assert by_id[ids[0]]["verified_by"] == "法制科科长"
    tally = metrics["findings_tally"]["previous"]
    assert tally["findings"] == len(metrics["follow_up"])
    assert (
        sum(tally[c] for c in ("rectified", "past_deadline", "within_deadline", "cannot_rectify", "no_record"))
        == tally["findings"]
    )


def test_a_ledger_row_of_no_finding_is_listed_not_dropped(followed):
    _, metrics = followed
    assert metrics["rectification_unmatched"] == [{"row": 7, "finding_id": "XX-00000000"}]


def test_a_rectified_finding_found_again_is_recurring_whatever_the_ledger_says(tmp_path, metrics_2020, metrics_2021):
    again = next(f for f in metrics_2021["follow_up"] if f["recurring"])
    year = _year_with_ledger(tmp_path, [[again["id"], "", "", "", "2021-06-30", "已整改", "2021-05-01", "", "科长"]])
    metrics = metrics_file.compute_all(year.registers, year.params, metrics_2020)
    followed = next(f for f in metrics["follow_up"] if f["id"] == again["id"])
    assert followed["category"] == "rectified" and followed["recurring"] is True


def test_a_finding_not_rectified_is_followed_up_again_the_year_after():
    last_year = {
        "year": 2021,
        "findings": [
            {"id": "T-1", "text": {"zh": "新", "en": "new"}},
            {"id": "T-3", "text": {"zh": "新", "en": "new"}},
        ],
        "follow_up": [
            {
                "id": "T-0",
                "text": {"zh": "旧", "en": "old"},
                "raised_in": 2020,
                "category": "past_deadline",
                "status": "整改中",
            },
            {"id": "T-2", "text": {"zh": "已改", "en": "done"}, "raised_in": 2020, "category": "rectified"},
            {"id": "T-1", "text": {"zh": "新", "en": "new"}, "raised_in": 2020, "category": "no_record"},
        ],
    }
    followed = to_follow(last_year)
    # T-1, followed up last year and found again, keeps the year it was first raised in
    assert [(f["id"], f["raised_in"]) for f in followed] == [("T-1", 2020), ("T-3", 2021), ("T-0", 2020)]
    assert "status" not in followed[1] and "category" not in followed[1]


def test_without_a_ledger_every_finding_is_not_in_the_ledger():
    found = [{"id": "A-1"}, {"id": "A-2"}]
    followed = follow_up(found, [{"id": "A-2"}], None, dt.date(2021, 12, 31))
    assert [(f["category"], f["recurring"]) for f in followed] == [("no_record", False), ("no_record", True)]
    assert unmatched_rows(found, None) == []


def test_the_ledger_states_are_checked(tmp_path, metrics_2020):
    rows = [
        ["A-1", "", "", "", "2021-06-30", "已整改", "", "", ""],  # no completion date, no verifier
        ["A-2", "", "", "", "2021-06-30", "整改中", "2021-05-01", "", ""],  # a date without 已整改
        ["A-2", "", "", "", "", "", "", "", ""],  # the same id twice
    ]
    with pytest.raises(InputError) as raised:
        _year_with_ledger(tmp_path, rows)
    found = sorted((p.row, p.column) for p in raised.value.problems)
    assert (2, "完成日期") in found and (2, "核查人职务") in found and (3, "完成日期") in found
    assert any(p.row == 4 for p in raised.value.problems)


def test_the_2021_sample_follows_up_2020_with_its_ledger(metrics_2021):
    assert metrics_2021["findings_tally"]["previous"] == {
        "findings": 50,
        "rectified": 10,
        "past_deadline": 3,
        "within_deadline": 2,
        "cannot_rectify": 1,
        "no_record": 34,
        "recurring": 12,
    }
    assert metrics_2021["rectification_unmatched"] == []
    by_id = {f["id"]: f for f in metrics_2021["follow_up"]}
    assert by_id["L-FE39762A"]["category"] == "past_deadline" and by_id["L-FE39762A"]["recurring"] is True
    assert by_id["CFR-C66D51AA"]["category"] == "cannot_rectify"


def test_a_year_before_findings_were_kept_has_nothing_to_follow_up(year_2021, metrics_2020):
    from audit.core import metrics as metrics_file

    older = {k: v for k, v in metrics_2020.items() if k not in ("findings", "follow_up", "findings_tally")}
    metrics = metrics_file.compute_all(year_2021.registers, year_2021.params, older)
    assert metrics["follow_up"] is None and metrics["findings_tally"]["previous"] is None
