"""The auditor's workflow commands: `audit new-year` (params + Excel templates) and `audit check`."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from audit.audits import register_roles
from audit.cli import main
from audit.core.params import load_params
from audit.pipeline.newyear import INSTRUCTIONS
from audit.registers import load_registers

from conftest import ROOT, system_tool

SAMPLE_FILES = {
    "case_file_review": "case_reviews.csv",
    "training": "trainings.csv",
    "staff_roster": "staff_roster.csv",
    "reconsideration": "reconsideration.csv",
    "litigation": "litigation.csv",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with the sample 2020 params (registers by absolute path) and nothing else."""
    (tmp_path / "params").mkdir()
    text = (ROOT / "params/2020.yaml").read_text(encoding="utf-8").replace("../data/", f"{ROOT / 'data'}/")
    text = text.replace(
        "language: zh", "language: zh\nthresholds: {reconsideration.closure_rate: {green: 0.9, amber: 0.8}}"
    )
    (tmp_path / "params/2020.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def new_year(project: Path, year: int) -> int:
    return main(["new-year", str(year), "--params-dir", str(project / "params"), "--data-dir", str(project / "data")])


def check(project: Path, year: int) -> int:
    return main(["check", "--year", str(year), "--params-dir", str(project / "params")])


def test_new_year_carries_settings_over_but_not_the_published_figures(project):
    assert new_year(project, 2021) == 0
    old = yaml.safe_load((project / "params/2020.yaml").read_text(encoding="utf-8"))
    new = yaml.safe_load((project / "params/2021.yaml").read_text(encoding="utf-8"))
    assert new["year"] == 2021 and "reported" not in new and "audit_date" not in new
    for key in ("language", "reconsideration", "training", "thresholds"):
        assert new[key] == old[key], key
    assert new["registers"] == {key: f"../data/2021/{key}.xlsx" for key in register_roles()}
    assert sorted(p.name for p in (project / "data/2021").iterdir()) == sorted(f"{k}.xlsx" for k in register_roles())


def test_new_year_never_overwrites_a_year(project, capsys):
    assert new_year(project, 2021) == 0
    params = project / "params/2021.yaml"
    params.write_text(params.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert new_year(project, 2021) == 2
    assert "不会覆盖已有年度" in capsys.readouterr().err  # in the language of the year carried over (zh)
    assert (
        main(
            [
                "new-year",
                "2021",
                "--params-dir",
                str(project / "params"),
                "--data-dir",
                str(project / "data"),
                "--lang",
                "en",
            ]
        )
        == 2
    )
    assert "never overwrites" in capsys.readouterr().err
    assert params.read_text(encoding="utf-8").endswith("# edited\n")
    shutil.rmtree(project / "data/2021")  # the params file alone is enough to refuse
    assert new_year(project, 2021) == 2 and not (project / "data/2021").exists()


def test_new_year_names_every_problem_of_the_year_it_would_carry_over(project, capsys):
    source = project / "params/2020.yaml"
    text = source.read_text(encoding="utf-8")
    bad = text.replace("decision_days: 60", "decision_days: sixty").replace(
        "hours_per_officer: 60", "hours_per_officer: -1"
    )
    source.write_text(bad, encoding="utf-8")
    assert new_year(project, 2021) == 2
    err = capsys.readouterr().err
    lines = bad.splitlines()
    for key, value in (("reconsideration.decision_days", "sixty"), ("training.hours_per_officer", "-1")):
        line = next(i for i, t in enumerate(lines, 1) if t.strip().startswith(key.split(".")[1] + ":"))
        row = next(r for r in err.splitlines() if key in r)
        assert str(line) in row.split() and value in row and "2020.yaml" in row, row
    assert "应为" in err and "整数" in err  # in the language of the year carried from (zh)
    assert not (project / "params/2021.yaml").exists() and not (project / "data/2021").exists()

    source.write_text(text.replace("year: 2020", "year: [2020"), encoding="utf-8")
    assert new_year(project, 2021) == 2
    assert "YAML" in capsys.readouterr().err
    assert not (project / "data/2021").exists()


def test_templates_have_headers_drop_downs_date_formats_and_instructions(project):
    assert new_year(project, 2021) == 0
    params = load_params(project / "params/2021.yaml")
    for key, role in register_roles().items():
        schema_of = role.schema
        schema = schema_of(params)
        book = load_workbook(project / f"data/2021/{key}.xlsx")
        sheet = book.worksheets[0]
        assert [c.value for c in sheet[1]] == [c.zh for c in schema.columns], key
        assert sheet.freeze_panes == "A2"
        lists = {
            str(dv.sqref).split(":")[0]: dv.formula1
            for dv in sheet.data_validations.dataValidation
            if dv.type == "list"
        }
        for number, column in enumerate(schema.columns, start=1):
            letter = sheet.cell(row=1, column=number).column_letter
            if column.kind == "category":
                assert lists[f"{letter}2"] == '"' + ",".join(c.zh_label for c in column.choices) + '"', column.name
            elif column.kind == "flag":
                assert lists[f"{letter}2"] == '"是,否"'
            else:
                assert f"{letter}2" not in lists
            if column.kind == "date":
                assert sheet.column_dimensions[letter].number_format == "yyyy-mm-dd"
        notes = book[INSTRUCTIONS]
        rows = [[c.value for c in row] for row in notes.iter_rows(min_row=5, max_row=4 + len(schema.columns))]
        assert [r[0] for r in rows] == [c.zh for c in schema.columns]
        assert [r[3] for r in rows] == ["必填" if c.required else "选填" for c in schema.columns]
    veto = load_workbook(project / "data/2021/case_file_review.xlsx")[INSTRUCTIONS]
    assert any("主体不合法" in str(c.value) for row in veto.iter_rows() for c in row)  # the year's veto items


def _must_have_rows() -> list[str]:
    """The registers whose fresh template is empty and must get rows: not the list of units (carried over from
    last year), nor those that may stay empty (findings added by hand, the rectification ledger)."""
    params = load_params(ROOT / "params/2020.yaml")
    return [k for k, role in register_roles().items() if k != "units" and not role.schema(params).may_be_empty]


def test_check_on_fresh_templates_says_no_data_rows_yet(project, capsys):
    assert new_year(project, 2021) == 0
    capsys.readouterr()
    assert check(project, 2021) == 2
    out = capsys.readouterr().out
    empty = _must_have_rows()
    assert out.count("尚无数据行（只有表头）") == len(empty) and "Traceback" not in out
    assert out.startswith(f"发现 {len(empty)} 个输入问题")  # the language of the year's params
    assert "no data rows yet" not in out


def fill(template: Path, sample: Path) -> None:
    """Type a sample CSV's rows under a template's header, column by column, as an auditor would."""
    book = load_workbook(template)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    with open(sample, encoding="utf-8-sig") as fh:
        for record in csv.DictReader(fh):
            sheet.append([_typed(record.get(h, "")) for h in header])
    book.save(template)


def _typed(text: str) -> object:
    """What Excel stores for a typed cell: a number where the text is one."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text or None


def test_templates_filled_in_load_like_the_sample_csvs(project, capsys):
    (project / "params/2021.yaml").unlink(missing_ok=True)
    assert new_year(project, 2021) == 0
    for key, name in SAMPLE_FILES.items():
        fill(project / f"data/2021/{key}.xlsx", ROOT / "data/sample/2021" / name)
    # the registers this office does not keep in 2021 leave the params, as an auditor would take them out
    params_file = project / "params/2021.yaml"
    data = yaml.safe_load(params_file.read_text(encoding="utf-8"))
    data["registers"] = {k: v for k, v in data["registers"].items() if k in SAMPLE_FILES or k == "units"}
    params_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    capsys.readouterr()
    assert check(project, 2021) == 0
    assert f"检查通过：{len(SAMPLE_FILES) + 1} 个登记表" in capsys.readouterr().out
    from_templates = load_registers(load_params(project / "params/2021.yaml"))
    from_csv = load_registers(load_params(ROOT / "params/2021.yaml"))
    for key in SAMPLE_FILES:
        assert from_templates[key].data.equals(from_csv[key].data), key


def test_check_lists_every_problem_with_file_row_and_column(project, capsys):
    bad = project / "reconsideration.csv"
    text = (ROOT / "data/sample/2020/reconsideration.csv").read_text(encoding="utf-8")
    bad.write_text(text.replace(",受理,", ",受理了,", 1), encoding="utf-8")
    params = project / "params/2020.yaml"
    params.write_text(
        params.read_text(encoding="utf-8")
        .replace(f"{ROOT / 'data'}/sample/2020/reconsideration.csv", str(bad))
        .replace("language: zh", "language: en"),
        encoding="utf-8",
    )
    assert main(["check", "--params", str(params)]) == 2
    out = capsys.readouterr().out
    assert out.startswith("1 problem in the inputs") and "受理情况" in out and "受理了" in out
    assert "file" in out and "expected" in out


def test_check_of_a_clean_year(capsys):
    assert main(["check", "--year", "2020", "--params-dir", str(ROOT / "params")]) == 0
    registers = len(load_params(ROOT / "params/2020.yaml").registers.present())
    assert f"检查通过：{registers} 个登记表" in capsys.readouterr().out


def test_a_register_saved_by_libreoffice_loads(project, tmp_path, capsys):
    libreoffice = system_tool("libreoffice", "soffice")
    assert new_year(project, 2021) == 0
    out = tmp_path / "converted"
    subprocess.run(
        [
            libreoffice,
            "--headless",
            "--infilter=CSV:44,34,76,1",  # comma, double quote, UTF-8, row 1
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(ROOT / "data/sample/2021/reconsideration.csv"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.copy(out / "reconsideration.xlsx", project / "data/2021/reconsideration.xlsx")
    params = load_params(project / "params/2021.yaml")
    loaded = load_registers(params, ["reconsideration"])["reconsideration"]
    expected = load_registers(load_params(ROOT / "params/2021.yaml"), ["reconsideration"])["reconsideration"]
    assert loaded.data.equals(expected.data)


def test_new_year_carries_the_list_of_units_over(project):
    assert new_year(project, 2021) == 0
    units = load_registers(load_params(project / "params/2021.yaml"), ["units"])["units"]
    sample = load_registers(load_params(project / "params/2020.yaml"), ["units"])["units"]
    assert units.data["name"].tolist() == sample.data["name"].tolist()
    assert units.data["aliases"].tolist() == sample.data["aliases"].tolist()


def test_the_ledger_template_lists_every_open_finding_of_the_year_before(project, tmp_path):
    from audit.core import metrics as metrics_file
    from audit.pipeline.newyear import new_year as write_year

    last_year = load_params(project / "params/2020.yaml")
    metrics = metrics_file.compute_all(load_registers(last_year), last_year)
    metrics["findings"][0]["text"]["zh"] = "=1+1 looks like a formula"
    write_year(2021, project / "params", project / "data", project / "params/2020.yaml", metrics)
    sheet = load_workbook(project / "data/2021/rectification.xlsx").worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == [f["id"] for f in metrics["findings"]]
    assert rows[0][1] == "=1+1 looks like a formula" and sheet["B2"].data_type == "s"
    assert {r[5] for r in rows} == {"未整改"}
    ledger = load_registers(load_params(project / "params/2021.yaml"), ["rectification"])["rectification"]
    assert ledger.data["status"].eq("open").all() and len(ledger.data) == len(rows)
