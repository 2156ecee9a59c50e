"""The training register and the officers' hours roster: headers, kinds, validation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from audit.audits import register_roles
from audit.audits.training.register import KINDS, ROSTER_SCHEMA, SCHEMA
from audit.audits.training.settings import TRAINING_KINDS
from audit.core.errors import InputError
from audit.core.params import Params, load_params
from audit.registers import load_register

from conftest import assert_chinese

ZH = ["日期", "名称", "类别", "对象", "参训人数", "学时", "主办单位"]
EN = ["date", "title", "kind", "audience", "participants", "hours", "organizer"]
ROSTER_ZH = ["人员编号", "姓名", "执法单位", "年度学时"]


def params(year: int = 2020) -> Params:
    return Params.model_validate({"year": year, "registers": {}})


def write(tmp_path: Path, header: list[str], rows: list[list[object]], name: str = "t.csv") -> Path:
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def problems_of(schema, path: Path, year: int = 2020):
    with pytest.raises(InputError) as info:
        load_register(schema, path, params(year))
    assert_chinese(info.value.problems)
    return info.value.problems


def test_both_registers_are_known_under_their_params_keys():
    assert register_roles()["training"].schema(params()) is SCHEMA
    assert register_roles()["staff_roster"].schema(params()) is ROSTER_SCHEMA
    assert tuple(c.code for c in KINDS) == TRAINING_KINDS
    assert ROSTER_SCHEMA.private_columns == ("name",)


@pytest.mark.parametrize("header", [ZH, EN], ids=["chinese", "english"])
def test_headers_in_either_language_load_typed_values(tmp_path, header):
    kind = "领导班子法治专题讲座" if header is ZH else "leadership_lecture"
    path = write(
        tmp_path, header, [["2020年6月18日", "《民法典》专题讲座", kind, "区政府领导班子", "25", "2.5", "区司法局"]]
    )
    reg = load_register(SCHEMA, path, params())
    row = reg.data.iloc[0]
    assert row["date"].date().isoformat() == "2020-06-18"
    assert row["kind"] == "leadership_lecture"
    assert row["participants"] == 25 and row["hours"] == 2.5
    assert row["title"] == "《民法典》专题讲座"


@pytest.mark.parametrize("label,code", [(zh, c.code) for c in KINDS for zh in c.zh] + [(c.en, c.code) for c in KINDS])
def test_every_chinese_label_and_synonym_maps_to_its_code(tmp_path, label, code):
    path = write(tmp_path, ZH, [["2020-03-01", "培训", label, "", "", "", ""]])
    assert load_register(SCHEMA, path, params()).data["kind"].tolist() == [code]


def test_the_synonyms_named_in_the_spec_are_accepted(tmp_path):
    rows = [
        ["2020-03-01", "培训", label, "", "", "", ""]
        for label in (
            "法治讲座",
            "区委理论学习中心组学法",
            "区政府领导班子法治专题讲座",
            "法制员培训",
            "行政执法人员培训",
            " 会前学法 ",
        )
    ]
    kinds = load_register(SCHEMA, write(tmp_path, ZH, rows), params()).data["kind"].tolist()
    assert kinds == ["leadership_lecture"] * 3 + ["staff_training"] * 2 + ["pre_meeting_study"]


def test_an_unknown_kind_is_an_error_naming_row_and_column_never_other(tmp_path):
    path = write(
        tmp_path,
        ZH,
        [["2020-03-01", "培训", "会前学法", "", "", "", ""], ["2020-04-01", "普法宣传", "普法活动", "", "", "", ""]],
    )
    (p,) = problems_of(SCHEMA, path)
    assert (p.row, p.column, p.value) == (3, "类别", "普法活动")
    assert "leadership_course" in p.expected and "其他" in p.expected


def test_an_event_outside_the_audited_year_is_an_error(tmp_path):
    path = write(
        tmp_path,
        ZH,
        [
            ["2020-12-31", "培训", "其他", "", "", "", ""],
            ["2021-01-05", "培训", "其他", "", "", "", ""],
            ["2019/12/30", "培训", "其他", "", "", "", ""],
        ],
    )
    found = problems_of(SCHEMA, path)
    assert [(p.row, p.column, p.value) for p in found] == [(3, "日期", "2021-01-05"), (4, "日期", "2019/12/30")]
    assert all("2020" in p.expected for p in found)


def test_required_values_and_numbers_are_checked(tmp_path):
    path = write(
        tmp_path, ZH, [["2020-03-01", "", "其他", "", "-3", "-1", ""], ["", "培训", "", "", "2.5", "两小时", ""]]
    )
    found = {(p.row, p.column) for p in problems_of(SCHEMA, path)}
    assert found == {(2, "名称"), (2, "参训人数"), (2, "学时"), (3, "日期"), (3, "类别"), (3, "参训人数"), (3, "学时")}


def test_a_missing_required_column_is_named(tmp_path):
    path = write(tmp_path, ["日期", "名称"], [["2020-03-01", "培训"]])
    (p,) = problems_of(SCHEMA, path)
    assert p.column == "类别" and "required" in p.expected


def test_roster_officer_listed_twice_is_an_error(tmp_path):
    path = write(
        tmp_path,
        ROSTER_ZH,
        [["P1", "甲", "区司法局", "60"], ["P2", "乙", "区司法局", "61"], ["P1", "丙", "区林业局", "10"]],
        "r.csv",
    )
    (p,) = problems_of(ROSTER_SCHEMA, path)
    assert (p.row, p.column, p.value) == (4, "人员编号", "P1") and "row 2" in p.expected


def test_roster_negative_or_missing_hours_and_missing_unit(tmp_path):
    path = write(tmp_path, ROSTER_ZH, [["P1", "", "区司法局", "-5"], ["P2", "", "", ""]], "r.csv")
    found = {(p.row, p.column) for p in problems_of(ROSTER_SCHEMA, path)}
    assert found == {(2, "年度学时"), (3, "执法单位"), (3, "年度学时")}


def test_roster_name_is_optional(tmp_path):
    path = write(tmp_path, ["person_id", "unit", "hours"], [["P1", "区司法局", "60"]], "r.csv")
    assert load_register(ROSTER_SCHEMA, path, params()).data["hours"].tolist() == [60.0]


def test_all_problems_of_a_file_are_reported_together(tmp_path):
    path = write(
        tmp_path,
        ZH,
        [
            ["2021-01-01", "培训", "其他", "", "", "", ""],
            ["2020-02-01", "培训", "讲座", "", "", "", ""],
            ["2020-02-02", "培训", "其他", "", "-1", "", ""],
            ["2020-02-03", "", "其他", "", "", "-2", ""],
        ],
    )
    found = problems_of(SCHEMA, path)
    assert [(p.row, p.column) for p in found] == [(2, "日期"), (3, "类别"), (4, "参训人数"), (5, "名称"), (5, "学时")]
    assert all(p.file == "t.csv" for p in found)


def test_params_targets_must_name_known_kinds(tmp_path):
    (tmp_path / "2020.yaml").write_text(
        "year: 2020\nregisters: {}\ntraining:\n  targets: {leadership_lectures: 2}\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_params(tmp_path / "2020.yaml")
    (p,) = info.value.problems
    assert p.column == "training" and "leadership_lectures" in p.expected and p.row == 3
