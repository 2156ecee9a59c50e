"""Families of bad register input that gave wrong figures with exit 0, or cost without bound (issue 25).

Each family is tried as a family: a hypothesis property (or a loop) over its members, sized to run in
seconds; the corpus (tests/bad_inputs) holds one example of each, run through `audit check` and `audit run`.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.audits.reconsideration.register import SCHEMA
from audit.audits.training.register import SCHEMA as TRAINING
from audit.core.errors import InputError
from audit.core.params import load_params
from audit.registers import load_register, open_elsewhere
from audit.registers import read as reader
from audit.registers.load import MAX_REGISTER_NUMBER
from audit.registers.read import EXCEL_ERRORS, MAX_REGISTER_BYTES, read_csv

from conftest import assert_chinese, deny_open, write_params

ZH = ["案件编号", "收案日期", "被申请人", "受理情况", "受理日期", "审理结果", "结案日期", "延期"]
ROW = ["A1", "2020-03-02", "区城管局", "受理", "2020-03-05", "维持", "2020-04-20", "否"]
TRAINING_HEADER = "日期,名称,类别,对象,参训人数,学时,主办单位\n"
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _params(folder: Path, key: str = "reconsideration", name: str = "reg.csv"):
    return load_params(write_params(folder, {key: name}))


def _load(folder: Path, name: str, content: bytes, schema=SCHEMA, key: str = "reconsideration"):
    path = folder / name
    path.write_bytes(content)
    return load_register(schema, path, _params(folder, key, name), name)


def _problems(folder: Path, name: str, content: bytes, schema=SCHEMA, key: str = "reconsideration"):
    with pytest.raises(InputError) as caught:
        _load(folder, name, content, schema, key)
    assert_chinese(caught.value.problems)
    return caught.value.problems


def _csv(rows: list[list[str]], header: list[str] = ZH) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def _training(hours: str = "2", participants: str = "20", organizer: str = "区司法局") -> bytes:
    return (
        TRAINING_HEADER + f'2020-04-23,执法人员培训,执法人员培训,执法人员,"{participants}","{hours}",{organizer}\n'
    ).encode()


# ---- numbers: a decimal comma, not finite, too large ----------------------------------------------------------


@FAST
@given(whole=st.integers(0, 999), fraction=st.integers(0, 99_999))
def test_a_comma_is_a_thousands_separator_only(tmp_path, whole, fraction):
    written = f"{whole},{fraction}"
    grouped = len(str(fraction)) == 3 and str(fraction) == f"{fraction:03d}"
    if grouped:
        register = _load(tmp_path, "t.csv", _training(hours=written), TRAINING, "training")
        assert register.data["hours"].iloc[0] == whole * 1000 + fraction
    else:
        problems = _problems(tmp_path, "t.csv", _training(hours=written), TRAINING, "training")
        assert [(p.row, p.column, p.value) for p in problems] == [(2, "学时", written)]


@FAST
@given(
    value=st.one_of(
        st.sampled_from(["inf", "-inf", "Infinity", "-Infinity", "1e400", "-1e309", "nan", "NaN"]),
        st.floats(allow_nan=False, allow_infinity=False, min_value=0).map(repr),
    )
)
def test_a_number_that_is_not_finite_or_past_the_bound_is_a_problem(tmp_path, value):
    as_float = float(value)
    content = _training(hours=value)
    if as_float == as_float and abs(as_float) <= MAX_REGISTER_NUMBER and as_float >= 0:
        assert _load(tmp_path, "t.csv", content, TRAINING, "training").data["hours"].iloc[0] == as_float
        return
    problems = _problems(tmp_path, "t.csv", content, TRAINING, "training")
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "学时", value)]
    if as_float == as_float and abs(as_float) > MAX_REGISTER_NUMBER:
        assert "MAX_REGISTER_NUMBER" in problems[0].expected and "MAX_REGISTER_NUMBER" in problems[0].expected_zh


# ---- Excel error values -----------------------------------------------------------------------------------------


@FAST
@given(
    error=st.sampled_from(sorted(EXCEL_ERRORS) + ["Err:502", "err:504"]), upper=st.booleans(), column=st.integers(0, 2)
)
def test_an_excel_error_value_is_a_problem_in_any_column(tmp_path, error, upper, column):
    written = error.upper() if upper else error
    cells = {"participants": "20", "hours": "2", "organizer": "区司法局"}
    key = ["participants", "hours", "organizer"][column]
    cells[key] = written
    problems = _problems(tmp_path, "t.csv", _training(**cells), TRAINING, "training")
    header = {"participants": "参训人数", "hours": "学时", "organizer": "主办单位"}[key]
    assert [(p.row, p.column, p.value) for p in problems] == [(2, header, written)]
    assert "Excel" in problems[0].expected_zh


def test_excel_error_cells_of_a_workbook_are_problems_not_blanks(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(ZH)
    sheet.append(ROW)
    sheet.append(["A2", "2020-05-06", "区住建局", "受理", "2020-05-08", "维持", "2020-06-20", "否"])
    for ref, error in zip(["C2", "E3", "H3"], ["#N/A", "#VALUE!", "#REF!"]):
        sheet[ref].value = error
        sheet[ref].data_type = "e"
    book.save(tmp_path / "reg.xlsx")
    with pytest.raises(InputError) as caught:
        load_register(SCHEMA, tmp_path / "reg.xlsx", _params(tmp_path, name="reg.xlsx"), "reg.xlsx")
    assert sorted((p.row, p.column, p.value) for p in caught.value.problems) == [
        (2, "被申请人", "#N/A"),
        (3, "受理日期", "#VALUE!"),
        (3, "延期", "#REF!"),
    ]


# ---- encodings --------------------------------------------------------------------------------------------------

COMMON = "区司法局城管住建行政复议案件受理维持驳回撤销法治培训领导干部执法人员单位年度登记表审查备案公开"
RARE = "堃喆昇燊犇淼"  # characters of names that GB2312 lacks and GBK has
KANA = "あいうえおかきくけこさしすせそたちつてとアイウエオカキクケコ東京都環境局"


@FAST
@given(st.text(st.sampled_from(COMMON), min_size=1, max_size=40), st.text(st.sampled_from(RARE), max_size=2))
def test_chinese_text_in_gbk_is_read_as_it_was_written(text, rare):
    written = "案件编号,被申请人\nA1," + text + rare + "\n"  # a Chinese header, as registers have
    assert read_csv(written.encode("gbk"), "reg.csv").rows[1] == ["A1", text + rare]


@FAST
@given(st.text(st.sampled_from(KANA), min_size=1, max_size=30))
def test_shift_jis_text_is_never_read_as_gbk_characters(text):
    data = ("case_id,respondent\nA1," + text + "\n").encode("shift_jis")
    try:
        rows = read_csv(data, "reg.csv").rows
    except InputError as exc:
        assert "UTF-8" in exc.problems[0].expected
        return
    assert rows[1][1] == text, "Shift-JIS text read as other characters in silence"


@FAST
@given(
    st.lists(st.sampled_from(["é", "è", "à", "ü", "ö", "ñ", "ç"]), min_size=1, max_size=8),
    st.sampled_from("abcdelmnrst"),
)
def test_windows_1252_text_is_never_read_as_gbk_characters(accents, after):
    text = " ".join(f"D{accent}{after}partement" for accent in accents)
    data = ("case_id,respondent\nA1," + text + "\n").encode("cp1252")
    with pytest.raises(InputError):
        read_csv(data, "reg.csv")


@pytest.mark.parametrize(
    "text",
    ["臺北市政府環境保護局", "區城市管理綜合執法局、區住房和城鄉建設局", "行政復議案件登記表：維持、駁回、撤銷"],
)
def test_big5_text_is_not_read_as_gbk_characters(text):
    data = ("case_id,respondent\nA1," + text + "\n").encode("big5")
    with pytest.raises(InputError):
        read_csv(data, "reg.csv")


@pytest.mark.parametrize("data", ["case_id\nA1\n".encode("utf-16"), b"case_id\x00\nA1\n"])
def test_utf16_or_nul_bytes_are_a_problem_not_garbled_headers(data):
    with pytest.raises(InputError) as caught:
        read_csv(data, "reg.csv")
    assert "NUL" in caught.value.problems[0].expected


# ---- keys that look the same --------------------------------------------------------------------------------------

WIDE = {ch: chr(ord(ch) + 0xFEE0) for ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


@FAST
@given(
    key=st.text(st.sampled_from("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"), min_size=1, max_size=6),
    how=st.sampled_from(["wide", "zero-width", "word-joiner", "bom"]),
    data=st.data(),
)
def test_a_case_number_written_another_way_is_still_a_duplicate(tmp_path, key, how, data):
    if how == "wide":
        at = data.draw(st.integers(0, len(key) - 1))
        twin = key[:at] + WIDE[key[at]] + key[at + 1 :]
    else:
        mark = {"zero-width": "\u200b", "word-joiner": "\u2060", "bom": "\ufeff"}[how]
        at = data.draw(st.integers(1, len(key))) if len(key) > 1 else 1
        twin = key[:at] + mark + key[at:]
    rows = [["仓" + key, *ROW[1:]], ["仓" + twin, *ROW[1:]]]
    problems = _problems(tmp_path, "reg.csv", _csv(rows))
    assert [(p.row, p.column) for p in problems] == [(3, "案件编号")]


# ---- dates with a time ---------------------------------------------------------------------------------------------


@FAST
@given(hour=st.integers(0, 99), minute=st.integers(0, 99), second=st.one_of(st.none(), st.integers(0, 99)))
def test_a_time_after_a_date_must_be_a_time_of_day(tmp_path, hour, minute, second):
    time = f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if second is not None else "")
    rows = [["A1", f"2020-03-02 {time}", *ROW[2:]]]
    valid = hour < 24 and minute < 60 and (second is None or second < 60)
    if valid:
        assert str(_load(tmp_path, "reg.csv", _csv(rows)).data["received_on"].iloc[0].date()) == "2020-03-02"
    else:
        problems = _problems(tmp_path, "reg.csv", _csv(rows))
        assert (2, "收案日期", f"2020-03-02 {time}") in [(p.row, p.column, p.value) for p in problems]


# ---- headers like a column the audit reads --------------------------------------------------------------------------


@FAST
@given(
    before=st.sampled_from(["", "是否", "有无", "是否已"]),
    after=st.sampled_from(["", "（备注）", "(备注)", "（是/否）", "情况", " "]),
)
def test_a_header_containing_an_optional_column_name_is_a_problem(tmp_path, before, after):
    header = before + "延期" + after
    if header.strip() == "延期":
        return
    problems = _problems(tmp_path, "reg.csv", _csv([ROW], ZH[:-1] + [header]))
    assert [(p.row, p.value) for p in problems] == [(1, header.strip())]
    assert "延期" in problems[0].expected_zh


def test_a_register_says_which_optional_columns_it_lacks_and_which_it_does_not_read(tmp_path):
    register = _load(tmp_path, "reg.csv", _csv([[*ROW, "x"]], [*ZH, "备用列"]))
    assert "carried_over" in register.absent and "extended" not in register.absent
    assert register.unread == ("备用列",)


# ---- hidden sheets ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_first_sheet_is_never_read_and_the_auditor_is_told(tmp_path, state):
    book = openpyxl.Workbook()
    stale = book.active
    stale.title = "旧"
    stale.sheet_state = state
    stale.append(ZH)
    stale.append(["OLD", *ROW[1:]])
    current = book.create_sheet("新")
    current.append(ZH)
    current.append(ROW)
    book.save(tmp_path / "reg.xlsx")
    params = _params(tmp_path, name="reg.xlsx")
    register = load_register(SCHEMA, tmp_path / "reg.xlsx", params, "reg.xlsx")
    assert list(register.data["case_id"]) == ["A1"] and register.sheet == "新"
    (notice,) = open_elsewhere(params)
    assert "旧" in notice.text("zh") and "新" in notice.text("zh") and "sheet:" in notice.text("en")
    named = load_params(write_params(tmp_path, {"reconsideration": {"path": "reg.xlsx", "sheet": "旧"}}))
    assert open_elsewhere(named) == []  # the sheet named is read as named, without a notice


# ---- bounds: file size, cells, zip members ---------------------------------------------------------------------


def _workbook_with_last_cell(path: Path, last: str) -> None:
    book = openpyxl.Workbook()
    book.active.append(ZH)
    book.active.append(ROW)
    book.save(path)
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(
                    b"</sheetData>",
                    f'<row r="{last[1]}"><c r="{last[0]}{last[1]}"><v>1</v></c></row></sheetData>'.encode(),
                )
            zout.writestr(info, body)


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(3, 400), columns=st.integers(9, 400))
def test_a_sheet_past_max_cells_is_refused_before_it_is_read(tmp_path, monkeypatch, rows, columns):
    monkeypatch.setattr(reader, "MAX_CELLS", 5_000)
    path = tmp_path / "reg.xlsx"
    _workbook_with_last_cell(path, (_letters(columns), rows))
    params = _params(tmp_path, name="reg.xlsx")
    try:
        load_register(SCHEMA, path, params, "reg.xlsx")
    except InputError as exc:
        bound = [p for p in exc.problems if "MAX_CELLS" in p.expected]
        assert bool(bound) == (rows * columns > 5_000), exc
        if bound:
            assert bound[0].value == f"Sheet!A1:{_letters(columns)}{rows}"
    else:
        assert rows * columns <= 5_000


def test_the_last_cell_of_a_sheet_is_refused_without_allocating_it(tmp_path):
    path = tmp_path / "reg.xlsx"
    _workbook_with_last_cell(path, ("XFD", 1_048_576))
    with pytest.raises(InputError) as caught:
        load_register(SCHEMA, path, _params(tmp_path, name="reg.xlsx"), "reg.xlsx")
    (problem,) = caught.value.problems
    assert problem.value == "Sheet!A1:XFD1048576" and "MAX_CELLS" in problem.expected_zh


def test_a_zip_bomb_is_refused_by_its_uncompressed_size(tmp_path):
    """1.1 GB of zeros in 1 MB: refused from the sizes its zip declares, before anything is decompressed."""
    path = tmp_path / "reg.xlsx"
    book = openpyxl.Workbook()
    book.active.append(ZH)
    book.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/media/bomb.bin", "w", force_zip64=True) as member:
            chunk = b"\0" * (16 << 20)
            for _ in range(reader.MAX_UNCOMPRESSED_BYTES // len(chunk) + 1):
                member.write(chunk)
    assert path.stat().st_size < 5_000_000
    with pytest.raises(InputError) as caught:
        load_register(SCHEMA, path, _params(tmp_path, name="reg.xlsx"), "reg.xlsx")
    (problem,) = caught.value.problems
    assert "MAX_UNCOMPRESSED_BYTES" in problem.expected and "MAX_UNCOMPRESSED_BYTES" in problem.expected_zh


@pytest.mark.parametrize("declared", [10, 10_000])
def test_a_workbook_of_many_parts_or_a_large_part_is_refused(tmp_path, monkeypatch, declared):
    monkeypatch.setattr(reader, "MAX_ZIP_MEMBERS", 50)
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED_BYTES", 50_000)
    path = tmp_path / "reg.xlsx"
    book = openpyxl.Workbook()
    book.active.append(ZH)
    book.save(path)
    with zipfile.ZipFile(path, "a") as archive:
        for i in range(60 if declared == 10 else 1):
            archive.writestr(f"xl/media/{i}.bin", b"\0" * declared * (1 if declared == 10 else 10))
    with pytest.raises(InputError) as caught:
        load_register(SCHEMA, path, _params(tmp_path, name="reg.xlsx"), "reg.xlsx")
    assert ("MAX_ZIP_MEMBERS" if declared == 10 else "MAX_UNCOMPRESSED_BYTES") in caught.value.problems[0].expected


def test_a_register_past_max_register_bytes_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "reg.csv"
    path.write_bytes(_csv([ROW]))
    with open(path, "r+b") as handle:  # sparse: 200 MB that take no disk
        handle.truncate(MAX_REGISTER_BYTES + 1)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    with pytest.raises(InputError) as caught:
        load_register(SCHEMA, path, _params(tmp_path), "reg.csv")
    (problem,) = caught.value.problems
    assert "MAX_REGISTER_BYTES" in problem.expected and f"{MAX_REGISTER_BYTES:,}" in problem.expected
    assert read == []


def test_a_csv_past_max_cells_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_CELLS", 100)
    with pytest.raises(InputError) as caught:
        _load(tmp_path, "reg.csv", _csv([ROW] * 20))
    assert "MAX_CELLS" in caught.value.problems[0].expected


# ---- files that are not files ----------------------------------------------------------------------------------------


def _register_problem(tmp_path: Path, path: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_register(SCHEMA, path, load_params(write_params(tmp_path, {})), "reg.csv")
    (problem,) = caught.value.problems
    assert_chinese([problem])
    return problem.expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_register_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "reg.csv")
    assert "FIFO" in _register_problem(tmp_path, tmp_path / "reg.csv")
    with pytest.raises(InputError) as caught:  # named by the params: refused when they are loaded
        load_params(write_params(tmp_path, {"reconsideration": "reg.csv"}))
    assert "FIFO" in caught.value.problems[0].expected


def test_a_symlink_loop_or_a_folder_is_refused(tmp_path):
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    assert "symlink loop" in _register_problem(tmp_path, tmp_path / "a.csv")
    (tmp_path / "folder.csv").mkdir()
    assert "folder" in _register_problem(tmp_path, tmp_path / "folder.csv")


def test_an_unreadable_register_is_a_problem(tmp_path, monkeypatch):
    path = tmp_path / "reg.csv"
    path.write_bytes(_csv([ROW]))
    deny_open(monkeypatch, path)
    assert "Permission denied" in _register_problem(tmp_path, path)
