"""Params files: validation errors name the file and the key; paths are relative to the file."""

from __future__ import annotations

import datetime as dt

import pytest

from audit.params import load_params, locate
from audit.problems import InputError
from conftest import SAMPLE_PARAMS


def problems(path):
    with pytest.raises(InputError) as caught:
        load_params(path)
    return caught.value.problems


def test_sample_params_load_with_defaults():
    params = load_params(SAMPLE_PARAMS)
    assert params.year == 2020 and params.language == "zh"
    assert params.as_of == dt.date(2020, 12, 31)
    assert params.reconsideration.decision_days == 60 and params.reconsideration.extension_days == 30
    assert params.register_path("reconsideration").name == "reconsideration.csv"
    assert params.definitions.rounding == "half_up"


def test_register_paths_are_relative_to_the_params_file(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "r.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "params").mkdir()
    path = tmp_path / "params" / "2021.yaml"
    path.write_text("year: 2021\nregisters:\n  reconsideration: ../data/r.csv\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "data")
    params = load_params(path)
    assert params.register_path("reconsideration") == tmp_path / "data" / "r.csv"
    assert params.as_of == dt.date(2021, 12, 31)


def test_unknown_key_names_key_file_and_line(tmp_path):
    path = tmp_path / "2020.yaml"
    path.write_text("year: 2020\nregisters: {}\nreconsideration:\n  decison_days: 60\n", encoding="utf-8")
    [p] = problems(path)
    assert (p.file.endswith("2020.yaml"), p.row, p.column) == (True, 4, "reconsideration.decison_days")
    assert "no such key" in p.expected


def test_wrong_types_and_missing_keys_are_all_reported(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("language: fr\naudit_date: someday\nreconsideration:\n  decision_days: -5\n", encoding="utf-8")
    found = {p.column for p in problems(path)}
    assert found == {"year", "registers", "language", "audit_date", "reconsideration.decision_days"}


def test_missing_register_file(tmp_path):
    path = tmp_path / "2020.yaml"
    path.write_text("year: 2020\nregisters:\n  reconsideration: nowhere.csv\n", encoding="utf-8")
    [p] = problems(path)
    assert (p.row, p.column, p.value) == (3, "registers.reconsideration", "nowhere.csv")


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "2020.yaml"
    path.write_text("year: 2020\nregisters:\n  reconsideration: [unclosed\n", encoding="utf-8")
    [p] = problems(path)
    assert p.row is not None and "YAML" in p.expected


def test_missing_params_file(tmp_path):
    [p] = problems(tmp_path / "1999.yaml")
    assert "params file" in p.expected


def test_case_file_standard_must_sum_to_100(tmp_path):
    path = tmp_path / "2020.yaml"
    path.write_text("year: 2020\nregisters: {}\ncase_file_review:\n  categories: {subject: 50, evidence: 40}\n",
                    encoding="utf-8")
    [p] = problems(path)
    assert p.column == "case_file_review" and "sum to 100" in p.expected


def test_unknown_rate_denominator(tmp_path):
    path = tmp_path / "2020.yaml"
    path.write_text("year: 2020\nregisters: {}\ndefinitions:\n  reconsideration:\n"
                    "    correction_rate: {denominator: applications}\n", encoding="utf-8")
    [p] = problems(path)
    assert p.column == "definitions.reconsideration.correction_rate.denominator"


def test_locate_finds_project_relative_paths_from_a_subfolder(root, monkeypatch):
    monkeypatch.chdir(root / "notebooks")
    assert locate("params/2020.yaml").resolve() == SAMPLE_PARAMS
