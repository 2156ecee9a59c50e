"""The working papers (workpapers.xlsx): sheets and index, text never a formula, no names, same bytes."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import re
import subprocess
import time
import types
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from audit.audits import AUDITS
from audit.core import metrics as metrics_module
from audit.documents import workpapers
from audit.documents.workpapers import write_workpapers
from audit.findings.model import SEVERITY_LABELS
from audit.pipeline.plan import read_year
from audit.registers import ROW

from .helpers import private_values
from conftest import SAMPLE_PARAMS, system_tool

# Register text a spreadsheet would take for a formula (OWASP's CSV injection starts, and blanks before one).
FORMULAS = ("=1+1", "@SUM(A1)", "-2", "+3", "\t=2+2", ' =HYPERLINK("http://example.com")', "\r=3")


@pytest.fixture(scope="module")
def year() -> tuple[dict[str, Any], dict, Any]:
    """The 2020 sample: its metrics.json as computed, its registers and params."""
    inputs = read_year(SAMPLE_PARAMS)
    computed = metrics_module.compute_all(inputs.registers, inputs.params)
    return computed, inputs.registers, inputs.params


def write(tmp_path: Path, metrics: dict, registers: dict, params: Any, name: str = "workpapers.xlsx") -> Path:
    path = tmp_path / name
    write_workpapers(metrics, registers, params, path)
    return path


def cells(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's values, row by row."""
    book = openpyxl.load_workbook(path)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def header_and_rows(rows: list[list[Any]], first: str) -> tuple[list[Any], list[list[Any]]]:
    """The table under the header row whose first cell is `first`, up to the next empty row."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == first)
    body = []
    for row in rows[start + 1 :]:
        if all(v is None for v in row):
            break
        body.append(row)
    return rows[start], body


def finding(**fields: Any) -> dict[str, Any]:
    """A hand-made finding of the case-file review, as metrics.json has it."""
    base: dict[str, Any] = {
        "id": "CFR-00000001",
        "audit": "case_file_review",
        "rule": "vetoed_file",
        "subject": "仓测〔2020〕1号",
        "unit": "区城管局",
        "severity": "high",
        "basis": {"zh": "依据", "en": "basis"},
        "text": {"zh": "发现", "en": "found"},
        "recommendation": {"zh": "建议", "en": "advice"},
        "evidence": ["仓测〔2020〕1号"],
        "rows": {"register": "case_file_review", "rows": [2]},
        "source": "computed",
    }
    base.update(fields)
    return base


def test_sheets_and_the_index_lists_every_sheet(tmp_path, year):
    computed, registers, params = year
    book = openpyxl.load_workbook(write(tmp_path, computed, registers, params))
    ran = [a for a in AUDITS if a.key in computed]
    assert len(book.sheetnames) == 1 + len(ran) + 1  # no follow-up: the sample has no last year
    assert book.sheetnames[0] == "索引" and book.sheetnames[-1] == "B 发现问题"
    assert [name.split(" ", 1)[0] for name in book.sheetnames[1:-1]] == [f"A-{i}" for i in range(1, len(ran) + 1)]
    header, index = header_and_rows([list(r) for r in book["索引"].iter_rows(values_only=True)], "底稿索引号")
    assert header == ["底稿索引号", "工作表", "标题", "内容", "编制人", "复核人", "日期"]
    assert {row[1] for row in index} == set(book.sheetnames)
    assert all(row[4] is None and row[5] is None and row[6] is None for row in index)  # filled in by hand
    numbers = [row[0] for row in index]
    assert len(numbers) == len(set(numbers)) == len(book.sheetnames) + len(computed["findings"])
    assert re.fullmatch(r"A-1-0[1-9]", numbers[2]), numbers[:4]
    provenance = [list(r) for r in book["索引"].iter_rows(max_row=5, values_only=True)]
    assert ["审计年度", 2020] == provenance[1][:2]
    assert ["截止日", "2020-12-31"] == provenance[2][:2]
    assert provenance[3][1] == params.digest and len(params.digest) == 64
    for ws in book.worksheets:
        assert ws.freeze_panes is not None and ws.print_title_rows
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert book["B 发现问题"].page_setup.orientation == "landscape"


def test_findings_sheet_and_figures_read_back(tmp_path, year):
    computed, registers, params = year
    path = write(tmp_path, computed, registers, params)
    sheets = cells(path)
    header, rows = header_and_rows(sheets["B 发现问题"], "底稿索引号")
    assert [row[1] for row in rows] == [f["id"] for f in computed["findings"]]
    first = computed["findings"][0]
    severity = SEVERITY_LABELS["zh"][first["severity"]]
    assert rows[0][4:8] == [first["subject"], first["unit"], severity, first["text"]["zh"]]
    assert rows[0][10] == "；".join(first["evidence"])
    book = openpyxl.load_workbook(path)
    for number, audit in enumerate((a for a in AUDITS if a.key in computed), 1):
        ws = book[f"A-{number} {audit.short_title['zh']}"]
        _, figures = header_and_rows([list(r) for r in ws.iter_rows(values_only=True)], "指标")
        expected = list(workpapers._flatten(computed[audit.key]))
        assert [row[0] for row in figures] == [key for key, _ in expected]
        for row, (_, value) in zip(figures, expected):
            if isinstance(value, bool):
                assert row[2] == ("是" if value else "否")
            elif isinstance(value, int | float):
                assert row[2] == pytest.approx(value)
            else:
                assert row[2] == value
    # a percent figure the registry declares is shown as a percent, its label beside it
    ws = book["A-1 案卷评查"]
    cell = next(r[2] for r in ws.iter_rows() if r[0].value == "pass_rate")
    assert cell.number_format == "0.00%" and ws.cell(row=cell.row, column=2).value


def test_register_rows_behind_the_findings(tmp_path, year):
    computed, registers, params = year
    sheets = cells(write(tmp_path, computed, registers, params))
    header, rows = header_and_rows(sheets["A-1 案卷评查"], "行号")
    assert header[:3] == ["行号", "发现编号", "底稿索引号"] and "案卷编号" in header and "评查人" not in header
    expected = [
        (r, f["id"])
        for f in computed["findings"]
        if f["rows"] and f["audit"] == "case_file_review"
        for r in f["rows"]["rows"]
    ]
    assert [(row[0], row[1]) for row in rows] == expected
    register = registers["case_file_review"]
    at = register.data.index[register.data[ROW] == expected[0][0]][0]
    assert rows[0][header.index("案卷编号")] == register.text.at[at, "case_id"]


def test_no_private_value_anywhere(tmp_path, year):
    computed, registers, params = year
    names = private_values(registers)
    assert len(names) > 100, "the sample's private columns hold names"
    # every finding with register rows, so that every register's rows are listed
    path = write(tmp_path, computed, registers, params)
    everything = "\n".join(str(v) for rows in cells(path).values() for row in rows for v in row if v is not None)
    with zipfile.ZipFile(path) as archive:
        everything += "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    leaked = sorted(n for n in names if n in everything)
    assert not leaked, leaked[:10]


def test_every_register_rows_without_private_columns(tmp_path, year):
    """A finding on every register (its first rows) lists them with no private value, whatever the audit."""
    computed, registers, params = year
    names = private_values(registers)
    made = []
    for key, register in registers.items():
        owner = next((a.key for a in AUDITS if any(r.key == key for r in a.registers) and a.key in computed), None)
        if owner is not None:
            rows = [int(r) for r in register.data[ROW].head(5)]
            made.append(finding(id=f"X-{key}", audit=owner, rows={"register": key, "rows": rows}))
    private = {k for k, r in registers.items() if any(c.private for c in r.schema.columns)}
    assert private and private <= {f["rows"]["register"] for f in made}
    path = write(tmp_path, {**computed, "findings": made}, registers, params)
    sheets = cells(path)
    everything = "\n".join(str(v) for rows in sheets.values() for row in rows for v in row if v is not None)
    assert not sorted(n for n in names if n in everything)[:10]
    audit_sheets = [rows for name, rows in sheets.items() if name.startswith("A-")]
    listed = [row for rows in audit_sheets for row in rows if isinstance(row[1], str) and row[1].startswith("X-")]
    assert len(listed) == sum(len(f["rows"]["rows"]) for f in made)


def formula_inputs(year: tuple) -> tuple[dict, dict]:
    """Metrics with one finding and a register row whose text starts like formulas."""
    computed, registers, params = year
    register = registers["case_file_review"]
    text = register.text.copy()
    at = register.data.index[register.data[ROW] == 2][0]
    for column, value in zip(("round", "unit", "case_id", "findings", "veto_items", "case_type", "score"), FORMULAS):
        text.at[at, column] = value
    changed = {**registers, "case_file_review": dataclasses.replace(register, text=text)}
    made = finding(
        subject="=1+1",
        unit="@SUM(A1)",
        text={"zh": "-2 未整改", "en": "-2"},
        basis={"zh": "+3", "en": "+3"},
        recommendation={"zh": "\t=2+2", "en": "x"},
        evidence=['=HYPERLINK("http://example.com")'],
    )
    return {**computed, "findings": [made]}, changed


def test_text_that_looks_like_a_formula_is_text(tmp_path, year):
    metrics, registers = formula_inputs(year)
    path = write(tmp_path, metrics, registers, year[2])
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            xml = archive.read(name)
            assert b"<f>" not in xml and b"<f " not in xml, name
    book = openpyxl.load_workbook(path)
    found: dict[str, Any] = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and workpapers._FORMULA_START.match(cell.value):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    found.setdefault(cell.value, cell)
    expected = {v.replace("\r", "\n") for v in FORMULAS}  # a carriage return is written as a line feed
    assert expected <= set(found), expected - set(found)
    assert {"-2 未整改", "+3", "\t=2+2"} <= set(found)
    _, rows = header_and_rows([list(r) for r in book["B 发现问题"].iter_rows(values_only=True)], "底稿索引号")
    assert rows[0][4:6] == ["=1+1", "@SUM(A1)"]


def test_same_bytes_on_every_run(tmp_path, year, monkeypatch):
    computed, registers, params = year
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = write(tmp_path / "a", computed, registers, params)

    class Later(datetime.datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz)

    later = types.SimpleNamespace(datetime=Later, timezone=datetime.timezone)
    monkeypatch.setattr(openpyxl.writer.excel, "datetime", later)
    monkeypatch.setattr(openpyxl.packaging.core, "datetime", later)
    monkeypatch.setattr(zipfile, "time", types.SimpleNamespace(time=lambda: 1.95e9, localtime=time.localtime))
    second = write(tmp_path / "b" / "c", computed, registers, params, "other.xlsx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2020, 12, 31, 0, 0, 0)}
        assert archive.namelist()[0] == "[Content_Types].xml"
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2020-12-31T00:00:00Z") == 2 and "2031" not in core
    assert not list(first.parent.glob(".*partial"))


def test_the_environment_never_dates_the_document(tmp_path, year, monkeypatch):
    """SOURCE_DATE_EPOCH set or not, the workbook is dated by the audit's as-of date: a re-performance in
    another environment gives the same bytes."""
    computed, registers, params = year
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = write(tmp_path / "a", computed, registers, params).read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert write(tmp_path / "b", computed, registers, params).read_bytes() == first


def test_columns_that_lead_to_a_person_are_not_listed(tmp_path, year):
    computed, registers, params = year
    made = [
        finding(id="S-00000001", audit="satisfaction", rows={"register": "satisfaction", "rows": [2, 3]}),
        finding(id="T-00000001", audit="training", rows={"register": "staff_roster", "rows": [2, 3]}),
    ]
    path = write(tmp_path, {**computed, "findings": made}, registers, params)
    with zipfile.ZipFile(path) as archive:
        text = "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    for key, column in (("satisfaction", "case_id"), ("satisfaction", "comment"), ("staff_roster", "person_id")):
        register = registers[key]
        assert register.schema.column(column).identifying
        header = register.schema.column(column).zh
        assert header not in text, (key, column)
        for value in register.data.loc[register.data["_row"].isin([2, 3]), column].dropna().astype(str):
            assert len(value) < 4 or value not in text, (key, column, value)


def test_evidence_rows_are_capped_and_the_rest_counted(tmp_path, year, monkeypatch):
    computed, registers, params = year
    monkeypatch.setattr(workpapers, "MAX_EVIDENCE_ROWS", 2)
    made = [
        finding(rows={"register": "case_file_review", "rows": [2, 3, 4]}),
        finding(id="CFR-00000002", rows={"register": "case_file_review", "rows": [5, 999_999]}),
        finding(id="CFR-00000003", rows={"register": "not_loaded", "rows": [7, 8]}),
    ]
    sheets = cells(write(tmp_path, {**computed, "findings": made}, registers, params))
    header, rows = header_and_rows(sheets["A-1 案卷评查"], "行号")
    assert [row[0] for row in rows] == [2, 3]
    notes = [row[0] for row in sheets["A-1 案卷评查"] if isinstance(row[0], str)]
    assert any("另有 3 行未列出" in n for n in notes), notes[-5:]
    assert any("CFR-00000003" in n and "not_loaded" in n and "2 行" in n for n in notes), notes[-5:]


def test_row_numbers_missing_from_the_register_are_named(tmp_path, year):
    computed, registers, params = year
    made = [finding(rows={"register": "case_file_review", "rows": [2, 999_999]})]
    sheet = cells(write(tmp_path, {**computed, "findings": made}, registers, params))["A-1 案卷评查"]
    _, rows = header_and_rows(sheet, "行号")
    assert [row[0] for row in rows] == [2]
    assert any(isinstance(row[0], str) and "999999" in row[0] for row in sheet)


def test_typed_values_where_the_text_is_not_kept(tmp_path, year):
    computed, registers, params = year
    register = registers["case_file_review"]
    bare = {**registers, "case_file_review": dataclasses.replace(register, text=pd.DataFrame())}
    row = register.data.iloc[0]
    made = [finding(rows={"register": "case_file_review", "rows": [int(row[ROW])]})]
    header, rows = header_and_rows(
        cells(write(tmp_path, {**computed, "findings": made}, bare, params))["A-1 案卷评查"], "行号"
    )
    listed = dict(zip(header, rows[0]))
    assert listed["案卷编号"] == row["case_id"]
    assert listed["案件类型"] == register.text.at[0, "case_type"]  # the category's Chinese label, not its code
    assert listed["得分"] == register.text.at[0, "score"]


def test_follow_up_sheet(tmp_path, year):
    computed, registers, params = year
    followed = {
        **finding(id="CFR-0000000F", subject="+仓测〔2019〕9号"),
        "status": "整改中",
        "deadline": "2020-06-30",
        "completed_on": None,
        "responsible_role": "分管副局长",
        "evidence_ref": "=整改报告",
        "verified_by": "法制科科长",
        "category": "past_deadline",
        "recurring": True,
    }
    path = write(tmp_path, {**computed, "follow_up": [followed]}, registers, params)
    sheets = cells(path)
    assert list(sheets)[-1] == "C 上年问题整改"
    header, rows = header_and_rows(sheets["C 上年问题整改"], "底稿索引号")
    shown = dict(zip(header, rows[0]))
    assert shown["底稿索引号"] == "C-01" and shown["问题对象"] == "+仓测〔2019〕9号"
    assert shown["整改情况"] == "逾期未整改" and shown["本年再次发现"] == "是" and shown["佐证材料"] == "=整改报告"
    _, index = header_and_rows(sheets["索引"], "底稿索引号")
    assert ["C", "C 上年问题整改"] == index[-2][:2] and index[-1][0] == "C-01"


def test_english_workbook(tmp_path, year):
    computed, registers, params = year
    english = params.model_copy(update={"language": "en"})
    book = openpyxl.load_workbook(write(tmp_path, computed, registers, english))
    assert (
        book.sheetnames[0] == "Index" and book.sheetnames[1] == "A-1 Case files" and book.sheetnames[-1] == "B Findings"
    )
    header, rows = header_and_rows([list(r) for r in book["A-1 Case files"].iter_rows(values_only=True)], "Row")
    assert "case_id" in header and "reviewer" not in header and rows


def test_findings_of_an_audit_without_a_sheet(tmp_path, year):
    computed, registers, params = year
    made = [finding(id="M-1", audit="manual_audit", rows=None)]
    sheets = cells(write(tmp_path, {**computed, "findings": made}, registers, params))
    _, index = header_and_rows(sheets["索引"], "底稿索引号")
    assert ["B-01", "B 发现问题"] == index[-1][:2]
    _, rows = header_and_rows(sheets["B 发现问题"], "底稿索引号")
    assert rows[0][:3] == ["B-01", "M-1", "manual_audit"]


def test_sheet_names_are_valid_and_distinct():
    taken: set[str] = set()
    names = [workpapers._sheet_name(n, taken) for n in ("a/b:c*d?[e]", "A" * 40, "a" * 40, "'x'")]
    assert names[0] == "a_b_c_d__e_" and len(names[1]) == 31 and names[2].endswith("(2)") and len(names[2]) <= 31
    assert names[3] == "x"


def test_libreoffice_opens_it(tmp_path, year):
    soffice = system_tool("soffice", "libreoffice")
    metrics, registers = formula_inputs(year)
    path = write(tmp_path, metrics, registers, year[2])
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    for target in ("pdf", "csv:Text - txt - csv (StarCalc):44,34,76"):
        subprocess.run(
            [soffice, profile, "--headless", "--convert-to", target, "--outdir", str(tmp_path / "out"), str(path)],
            check=True,
            capture_output=True,
            timeout=300,
        )
    pdf = tmp_path / "out" / "workpapers.pdf"
    assert pdf.stat().st_size > 10_000 and pdf.read_bytes().startswith(b"%PDF")
    index = (tmp_path / "out" / "workpapers.csv").read_text(encoding="utf-8")  # the first sheet: the index
    assert "底稿索引号" in index and "A-1 案卷评查" in index and "B 发现问题" in index


def test_copy_of_metrics_is_not_changed(tmp_path, year):
    computed, registers, params = year
    before = copy.deepcopy(computed)
    write(tmp_path, computed, registers, params)
    assert computed == before
