"""The generic register loader, exercised through the reconsideration register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from audit.audits.reconsideration.register import SCHEMA
from audit.core.errors import InputError
from audit.core.params import load_params
from audit.registers import load_register

from conftest import assert_chinese

EN = ["case_id", "received_on", "respondent", "intake", "accepted_on", "outcome", "decided_on", "extended"]
ZH = ["案件编号", "收案日期", "被申请人", "受理情况", "受理日期", "审理结果", "结案日期", "延期"]
ROWS = [
    ["A1", "2020-03-02", "区城管局", "accepted", "2020-03-05", "upheld", "2020-04-20", "no"],
    ["A2", "2020-05-06", "区住建局", "rejected", "", "", "", ""],
    ["A3", "2020-11-02", "区城管局", "accepted", "2020-11-04", "", "", "no"],
]
ROWS_ZH = [
    ["A1", "2020年3月2日", "区城管局", "受理", "2020/3/5", "维持", "2020.4.20", "否"],
    ["A2", "2020年5月6日", "区住建局", "不予受理", "", "", "", ""],
    ["A3", "2020年11月2日", "区城管局", "受理", "2020/11/4", "在审", "", "否"],
]


def load(tmp_path, params_file, path):
    params = load_params(params_file({"reconsideration": path.name}))
    return load_register(SCHEMA, path, params, path.name)


def problems_of(tmp_path, params_file, path):
    with pytest.raises(InputError) as caught:
        load(tmp_path, params_file, path)
    assert_chinese(caught.value.problems)
    return caught.value.problems


def test_english_and_chinese_headers_and_values_load_alike(tmp_path, csv_file, params_file):
    en = load(tmp_path, params_file, csv_file("en.csv", EN, ROWS))
    zh = load(tmp_path, params_file, csv_file("zh.csv", ZH, ROWS_ZH))
    columns = ["case_id", "received_on", "intake", "accepted_on", "outcome", "decided_on", "extended"]
    assert en.data[columns].equals(zh.data[columns])
    assert list(en.data["outcome"]) == ["upheld", "pending", "pending"]  # blank means pending
    assert zh.data["received_on"].iloc[0] == dt.datetime(2020, 3, 2)
    assert list(en.data["_row"]) == [2, 3, 4]


def test_headers_keep_their_written_form_in_problems(tmp_path, csv_file, params_file):
    rows = [r[:] for r in ROWS_ZH]
    rows[0][3] = "受理了"
    problems = problems_of(tmp_path, params_file, csv_file("zh.csv", ZH, rows))
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "受理情况", "受理了")]
    assert "受理" in problems[0].expected and "accepted" in problems[0].expected


def test_every_problem_of_a_file_is_reported_together(tmp_path, csv_file, params_file):
    rows = [r[:] for r in ROWS]
    rows[0][1] = "2020-02-30"  # impossible date
    rows[1][3] = "maybe"  # unknown category
    rows[2][7] = "perhaps"  # not yes/no
    rows.append(["A1", "2020-06-01", "", "accepted", "2020-06-02", "", "", ""])  # duplicate id, no respondent
    problems = problems_of(tmp_path, params_file, csv_file("bad.csv", EN, rows))
    found = {(p.row, p.column) for p in problems}
    assert {(2, "received_on"), (3, "intake"), (4, "extended"), (5, "case_id"), (5, "respondent")} <= found
    duplicate = next(p for p in problems if p.column == "case_id")
    assert "row 2" in duplicate.expected


def test_missing_required_column_is_named(tmp_path, csv_file, params_file):
    header = [h for h in EN if h != "intake"]
    rows = [[c for h, c in zip(EN, r) if h != "intake"] for r in ROWS]
    problems = problems_of(tmp_path, params_file, csv_file("no_intake.csv", header, rows))
    assert len(problems) == 1
    assert problems[0].column == "受理情况" and "intake" in problems[0].expected


def test_mixed_language_headers_are_rejected(tmp_path, csv_file, params_file):
    header = ZH[:4] + EN[4:]
    problems = problems_of(tmp_path, params_file, csv_file("mixed.csv", header, ROWS))
    assert any("one language" in p.expected for p in problems)


def test_extra_columns_are_kept_and_ignored(tmp_path, csv_file, params_file):
    register = load(tmp_path, params_file, csv_file("extra.csv", EN + ["备注"], [r + ["x"] for r in ROWS]))
    assert len(register.data) == 3


def test_blank_lines_are_skipped_without_renumbering(tmp_path, params_file):
    path = tmp_path / "blank.csv"
    lines = [",".join(EN), ",".join(ROWS[0]), "", ",".join(ROWS[1]), ",,,,,,,", ",".join(ROWS[2])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    register = load(tmp_path, params_file, path)
    assert list(register.data["_row"]) == [2, 4, 6]


def test_utf8_bom_and_gbk_csv_decode_to_the_same_text(tmp_path, csv_file, params_file):
    bom = load(tmp_path, params_file, csv_file("bom.csv", ZH, ROWS_ZH, encoding="utf-8-sig"))
    gbk = load(tmp_path, params_file, csv_file("gbk.csv", ZH, ROWS_ZH, encoding="gbk"))
    assert list(bom.data["respondent"]) == list(gbk.data["respondent"]) == ["区城管局", "区住建局", "区城管局"]


def test_undecodable_csv_is_a_clear_error(tmp_path, params_file):
    path = tmp_path / "latin.csv"
    path.write_bytes(",".join(EN).encode() + b"\n\xff\xfe\xfa,\x81\n")
    problems = problems_of(tmp_path, params_file, path)
    assert "UTF-8" in problems[0].expected


def test_empty_file_and_header_only(tmp_path, params_file, csv_file):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert "empty" in problems_of(tmp_path, params_file, empty)[0].expected
    header_only = csv_file("header.csv", EN, [])
    assert "only a header" in problems_of(tmp_path, params_file, header_only)[0].expected


def _xlsx(path, header, rows, title=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "行政复议"
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_with_real_dates_and_a_title_row(tmp_path, params_file):
    rows = [[r[0], dt.datetime.strptime(r[1], "%Y-%m-%d"), *r[2:]] for r in ROWS]
    path = _xlsx(
        tmp_path / "reg.xlsx",
        ZH,
        [[*r[:3], *ROWS_ZH[i][3:]] for i, r in enumerate(rows)],
        title="2020年行政复议案件登记表",
    )
    register = load(tmp_path, params_file, path)
    assert list(register.data["_row"]) == [3, 4, 5]
    assert register.data["received_on"].iloc[1] == dt.datetime(2020, 5, 6)


def test_xlsx_problem_rows_are_excel_rows(tmp_path, params_file):
    rows = [r[:] for r in ROWS_ZH]
    rows[2][1] = "2020-13-01"
    path = _xlsx(tmp_path / "bad.xlsx", ZH, rows)
    problems = problems_of(tmp_path, params_file, path)
    assert [(p.file, p.row, p.column) for p in problems] == [("bad.xlsx", 4, "收案日期")]


def test_xlsx_named_sheet(tmp_path, params_file):
    path = _xlsx(tmp_path / "book.xlsx", EN, ROWS)
    params = load_params(params_file({"reconsideration": {"path": "book.xlsx", "sheet": "行政复议"}}))
    assert len(load_register(SCHEMA, path, params, sheet="行政复议").data) == 3
    with pytest.raises(InputError) as caught:
        load_register(SCHEMA, path, params, sheet="Sheet9")
    assert "行政复议" in caught.value.problems[0].expected
    assert caught.value.problems[0].expected_zh == "工作簿中的工作表之一：行政复议"


def test_unsupported_file_type(tmp_path, params_file):
    path = tmp_path / "reg.pdf"
    path.write_bytes(b"%PDF")
    assert ".xlsx" in problems_of(tmp_path, params_file, path)[0].expected


def test_register_problems_point_at_rows_in_both_languages(tmp_path, csv_file, params_file):
    register = load(tmp_path, params_file, csv_file("zh.csv", ZH, ROWS_ZH))
    found = register.problems(
        register.data["intake"].eq("accepted"),
        "accepted_on",
        "a date on or after the date received",
        "不得早于收案日期",
    )
    assert [(p.file, p.row, p.column, p.value, p.expected, p.expected_zh) for p in found] == [
        ("zh.csv", 2, "受理日期", "2020/3/5", "a date on or after the date received", "不得早于收案日期"),
        ("zh.csv", 4, "受理日期", "2020/11/4", "a date on or after the date received", "不得早于收案日期"),
    ]
    assert register.problems(register.data["intake"].eq("referred"), "accepted_on", "x", "某") == []


def test_a_category_problem_names_each_allowed_value_once_in_chinese():
    """Problem messages list each value by its report label; the template's instructions list every synonym."""
    from audit.registers.schema import Choice, Column

    column = Column(
        "outcome",
        "审理结果",
        kind="category",
        blank="pending",
        choices=(Choice("upheld", "upheld", ("维持", "维持原行政行为")), Choice("pending", "pending", ("在审",))),
    )
    assert column.expectation("zh", brief=True) == "以下之一：维持、在审（空白视为在审）"
    assert "维持原行政行为" in column.expectation("zh") and "upheld" in column.expectation("zh")
    listed = Column("veto_items", "否决项", kind="list", choices=column.choices)
    assert listed.expectation("zh", brief=True) == "以下一项或多项（用 ; 分隔）：维持、在审"
    assert Column("n", "人数", kind="integer", minimum=0).expectation("zh", brief=True) == "整数，不小于 0"


@pytest.mark.parametrize(
    "xml, found",
    [
        (b'<row><c r="A1"><f>SUM(B1:B2)</f><v>3</v></c></row>', True),
        (b'<x:row><x:c r="A1"><x:f>1+1</x:f></x:c></x:row>', True),
        (b'<c r="A1" t="shared"><f t="shared" ref="A1:A9" si="0"/></c>', True),
        (b'<dataValidation><formula1>"a,b"</formula1></dataValidation><c><v>1</v></c>', False),
        (b'<c t="inlineStr"><is><t>note:f</t></is></c>', False),
        (b'<row><c r="A1"><v>1</v></c></row>', False),
    ],
)
def test_formula_elements_are_found_and_nothing_else(xml, found):
    from audit.registers.read import _has_formula

    assert _has_formula(xml) is found


def test_whether_a_workbook_holds_formulas_is_read_from_its_sheets(tmp_path):
    from audit.registers.read import _holds_formulas

    plain = _xlsx(tmp_path / "plain.xlsx", EN, ROWS)
    book = openpyxl.Workbook()
    book.active.append(["a", "b"])
    book.create_sheet("second").append([1, "=1+1"])
    book.save(tmp_path / "formula.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip archive")
    assert (_holds_formulas(plain), _holds_formulas(tmp_path / "formula.xlsx")) == (False, True)
    assert _holds_formulas(tmp_path / "broken.xlsx") is False


def test_a_file_that_is_not_a_workbook_is_a_problem_not_a_crash(tmp_path, params_file):
    path = tmp_path / "reg.xlsx"
    path.write_bytes(b"not a zip archive")
    problems = problems_of(tmp_path, params_file, path)
    assert [(p.file, p.row, p.column) for p in problems] == [("reg.xlsx", None, None)]
    assert problems[0].expected.startswith("an Excel workbook (.xlsx), but the file is not one")


@pytest.mark.parametrize(
    ("cut", "words"),
    [(0, "the file is empty (0 bytes)"), (1500, "the file is cut off (1,500 bytes)"), (-30, "the file is cut off")],
)
def test_an_empty_or_cut_off_workbook_says_so_in_plain_words(tmp_path, params_file, cut, words):
    """What a copy or save that did not finish leaves: not calamine's "Cannot detect file format"."""
    whole = _xlsx(tmp_path / "whole.xlsx", EN, ROWS).read_bytes()
    path = tmp_path / "reg.xlsx"
    path.write_bytes(whole[:cut])
    problems = problems_of(tmp_path, params_file, path)
    assert len(problems) == 1 and words in problems[0].expected, problems[0].expected
    assert "截断" in problems[0].expected_zh or "为空" in problems[0].expected_zh


def test_an_xls_saved_under_an_xlsx_name_is_not_called_incomplete():
    from audit.registers.read import incomplete_workbook

    assert incomplete_workbook(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xlsx") is None


def test_gb18030_characters_beyond_gbk_are_read(tmp_path, params_file, csv_file):
    """GBK lacks some characters of names and places (䶮, 𠀀); a GB18030 file is read, not rejected."""
    rows = [r[:] for r in ROWS_ZH]
    rows[0][2] = "䶮𠀀区城管局"
    register = load(tmp_path, params_file, csv_file("gb18030.csv", ZH, rows, encoding="gb18030"))
    assert register.data["respondent"].iloc[0] == "䶮𠀀区城管局"


@pytest.mark.parametrize("owner", ["~$reg.xlsx", "~$gister-2020.xlsx"])
def test_a_workbook_open_in_excel_is_noticed(tmp_path, params_file, owner):
    from audit.pipeline.check import check_year

    name = "reg.xlsx" if owner == "~$reg.xlsx" else "register-2020.xlsx"
    _xlsx(tmp_path / name, EN, ROWS)
    params = params_file({"reconsideration": name})
    assert check_year(params).notices == []
    (tmp_path / owner).write_bytes(b"\x05owner")
    result = check_year(params)
    assert result.ok and [Path(n.file).name for n in result.notices] == [name]
    assert "open in Excel" in result.notices[0].text("en") and "尚未保存的修改" in result.notices[0].text("zh")


# ---- a header meant for a column the audit reads, written otherwise --------------------------------


@pytest.mark.parametrize("header, meant", [("是否延期", "延期"), ("延期（备注）", "延期"), ("extnded", "延期")])
def test_a_header_like_an_optional_column_is_a_problem_not_a_column_left_out(tmp_path, header, meant):
    from audit.audits.reconsideration.register import SCHEMA
    from audit.core.params import load_params

    from conftest import write_csv, write_params
    from recon_helpers import COLUMNS, case

    columns = [c for c in COLUMNS if c != "extended"] + [header]
    rows = [case("1", outcome="upheld", decided="2020-04-01", extended="yes")]  # the flag stays last
    path = write_csv(tmp_path / "reconsideration.csv", columns, rows)
    params = load_params(write_params(tmp_path, {"reconsideration": path.name}))
    with pytest.raises(InputError) as caught:
        load_register(SCHEMA, path, params, path.name)
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (1, header) and meant in problem.expected and meant in problem.expected_zh


def test_an_unrelated_extra_column_is_kept_and_ignored(tmp_path):
    from audit.audits.reconsideration.register import SCHEMA
    from audit.core.params import load_params

    from conftest import write_csv, write_params
    from recon_helpers import COLUMNS, case

    path = write_csv(tmp_path / "reconsideration.csv", [*COLUMNS, "备注"], [case("1") + ["见附件"]])
    params = load_params(write_params(tmp_path, {"reconsideration": path.name}))
    assert len(load_register(SCHEMA, path, params, path.name).data) == 1


def test_a_decimal_comma_is_a_problem_not_a_number_ten_times_larger(tmp_path):
    from audit.audits.training.register import SCHEMA as TRAINING
    from audit.core.params import load_params

    from conftest import write_csv, write_params

    header = ["日期", "名称", "类别", "参训人数", "学时"]
    rows = [["2020-06-01", "培训", "执法人员培训", "1,200", "3"], ["2020-06-02", "培训", "执法人员培训", "30", "1,5"]]
    path = write_csv(tmp_path / "training.csv", header, rows)
    params = load_params(write_params(tmp_path, {"training": path.name}))
    with pytest.raises(InputError) as caught:
        load_register(TRAINING, path, params, path.name)
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (3, "学时", "1,5")
    rows[1][4] = "1.5"
    loaded = load_register(TRAINING, write_csv(tmp_path / "training.csv", header, rows), params, path.name)
    assert loaded.data["participants"].tolist() == [1200.0, 30.0] and loaded.data["hours"].tolist() == [3.0, 1.5]


def test_full_width_digits_do_not_hide_a_duplicate_case_number(tmp_path):
    from recon_helpers import case
    from recon_helpers import register as recon_register

    with pytest.raises(InputError) as caught:
        recon_register(tmp_path, [case("仓司复〔2020〕1号"), case("仓司复〔2020〕１号")])
    [problem] = caught.value.problems
    assert problem.row == 3 and "row 2" in problem.expected


def test_the_first_visible_sheet_is_read_never_a_hidden_one(tmp_path):
    from audit.core.params import load_params

    from conftest import write_params
    from recon_helpers import COLUMNS, case

    book = openpyxl.Workbook()
    stale = book.active
    stale.title = "旧表"
    stale.append(COLUMNS)
    stale.append(case("旧1"))
    stale.sheet_state = "hidden"
    current = book.create_sheet("行政复议")
    current.append(COLUMNS)
    current.append(case("新1"))
    current.append(case("新2"))
    book.active = 1
    path = tmp_path / "reconsideration.xlsx"
    book.save(path)
    params = load_params(write_params(tmp_path, {"reconsideration": path.name}))
    loaded = load_register(SCHEMA, path, params, path.name)
    assert loaded.data["case_id"].tolist() == ["新1", "新2"]
