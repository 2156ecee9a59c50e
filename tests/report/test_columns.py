"""What a page says of its registers' columns (audit.report.columns): the optional columns a file does not
have, what that means for the figures, and the file's columns the audit does not read."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from audit.audits.reconsideration.page import ReconsiderationReport
from audit.audits.reconsideration.register import SCHEMA
from audit.core.params import load_params
from audit.registers import Choice, Column, Register, RegisterSchema, load_register
from audit.report.columns import ColumnNote, blank_meaning, column_notes, notes_list

from conftest import run_audit, write_csv, write_params
from recon_helpers import COLUMNS, case

# the reconsideration register without its 延期 column, and with a column of the bureau's own (备注)
WITHOUT_EXTENDED = [c for c in COLUMNS if c != "extended"] + ["备注"]
EXTENDED_NOTE_ZH = "未提供“延期”列（extended）：每件均按未延期计算；审理期限不加延长期，按期审结率据此计算"
EXTENDED_NOTE_EN = (
    "No extended column (“延期”): no case read as extended; no time limit gets the extension, "
    "and the on-time rate is computed so"
)
UNREAD_NOTE_ZH = "文件中的“备注”列本审计不读取，不影响任何数据"


def cases_without_extended(folder: Path, language: str = "zh") -> Path:
    """A params file naming a reconsideration register that lacks 延期 and has a 备注 column."""
    rows = [
        case("F1", outcome="upheld", decided="2020-04-20")[:-1] + ["申请人来电三次"],
        case("F2", received="2020-05-11")[:-1] + [""],
    ]
    path = write_csv(folder / "reconsideration.csv", WITHOUT_EXTENDED, rows)
    return write_params(folder, {"reconsideration": path.name}, language=language)


def loaded(folder: Path) -> Register:
    params_file = cases_without_extended(folder)
    return load_register(SCHEMA, folder / "reconsideration.csv", load_params(params_file), "reconsideration.csv")


def small_register(absent: tuple[str, ...], unread: tuple[str, ...] = ()) -> Register:
    """A register of a made-up schema with one column of each kind, `absent` and `unread` as given."""
    schema = RegisterSchema(
        "things",
        "things",
        "事项",
        (
            Column("ref", "编号", required=True),
            Column("checked", "已核对", "flag"),
            Column("stage", "阶段", "category", choices=(Choice("open", "open", ("未结",)),), blank="open"),
            Column("kind", "类别", "category", choices=(Choice("a", "kind a", ("甲类",)),)),
            Column("points_a", "甲项扣分", "number"),
            Column("points_b", "乙项扣分", "number"),
            Column("on", "日期", "date"),
        ),
    )
    empty = pd.DataFrame()
    return Register(schema, "things.csv", empty, empty, {}, absent=absent, unread=unread)


def test_an_absent_column_means_what_a_blank_cell_of_its_kind_means():
    register = small_register(("checked", "stage", "kind", "points_a", "on"))
    column = register.schema.column
    assert blank_meaning(column("checked"), "zh") == "每行均按“否”计算"
    assert blank_meaning(column("checked"), "en") == "read as “no” in every row"
    assert blank_meaning(column("stage"), "zh") == "每行均按“未结”计算"
    assert blank_meaning(column("stage"), "en") == "read as “open” in every row"
    for name in ("kind", "points_a", "on"):
        assert blank_meaning(column(name), "zh") == "每行均按未填写计算"
        assert blank_meaning(column(name), "en") == "read as not given in every row"


def test_the_notes_name_each_absent_column_by_both_names_then_the_columns_not_read():
    notes = column_notes("things", small_register(("checked", "on"), ("备注", "Remarks")), "zh")
    assert [n.sentence("zh") for n in notes] == [
        "未提供“已核对”列（checked）：每行均按“否”计算",
        "未提供“日期”列（on）：每行均按未填写计算",
        "文件中的“备注”列本审计不读取，不影响任何数据",
        "文件中的“Remarks”列本审计不读取，不影响任何数据",
    ]
    english = column_notes("things", small_register(("checked",), ("备注",)), "en")
    assert [n.sentence("en") for n in english] == [
        "No checked column (“已核对”): read as “no” in every row",
        "The file's column “备注” is not read by this audit and affects no figure",
    ]


def test_a_page_says_what_an_absent_column_means_for_its_own_figures():
    texts = {
        "absent.things.checked": "每件均按未核对计算，核对率据此计算",
        "absent.things.points_*": "该项平均扣分不计算",
        "absent.other.on": "not this register's",
    }
    notes = column_notes("things", small_register(("checked", "points_a", "points_b", "on")), "zh", texts)
    assert [n.meaning for n in notes] == [
        "每件均按未核对计算，核对率据此计算",
        "该项平均扣分不计算",
        "该项平均扣分不计算",
        "每行均按未填写计算",
    ]


def test_a_register_with_every_column_read_has_no_notes():
    assert column_notes("things", small_register(()), "zh") == []
    assert notes_list([], "zh", str) == ""


def test_the_list_groups_the_notes_by_register_and_escapes_headers():
    notes = [
        ColumnNote("things", "unread", "<b>备注</b>", "<b>备注</b>", ""),
        ColumnNote("others", "absent", "日期", "on", "每行均按未填写计算"),
        ColumnNote("things", "absent", "已核对", "checked", "每行均按“否”计算"),
    ]
    shown = str(notes_list(notes, "zh", {"things": "事项登记表", "others": "其他登记表"}.__getitem__))
    assert "<b>备注</b>" not in shown and "&lt;b&gt;备注&lt;/b&gt;" in shown
    assert shown.index("事项登记表") < shown.index("其他登记表")
    things = shown[shown.index("事项登记表") : shown.index("其他登记表")]
    assert things.count("<li>") == 2 and "未提供“已核对”列（checked）" in things


def test_the_loader_records_what_the_page_then_says(tmp_path):
    register = loaded(tmp_path)
    assert "extended" in register.absent and register.unread == ("备注",)
    texts = ReconsiderationReport.TEXT["zh"]
    sentences = [n.sentence("zh") for n in column_notes("reconsideration", register, "zh", texts)]
    assert EXTENDED_NOTE_ZH in sentences and sentences[-1] == UNREAD_NOTE_ZH


@pytest.mark.parametrize(("language", "note"), [("zh", EXTENDED_NOTE_ZH), ("en", EXTENDED_NOTE_EN)])
def test_the_footer_shows_the_notes_in_the_pages_language_and_no_cell_value(tmp_path, language, note):
    footer = str(ReconsiderationReport.open(cases_without_extended(tmp_path, language)).footer())
    assert note in footer
    assert "备注" in footer
    assert "申请人来电三次" not in footer and "张三" not in footer  # column names only, never a cell's value


def test_a_year_page_has_no_notes(tmp_path):
    from audit.report.summary import SummaryReport

    params_file = cases_without_extended(tmp_path)
    page = SummaryReport(load_params(params_file), {"reconsideration": loaded(tmp_path)})
    assert page.column_notes() == ""


@pytest.mark.e2e
def test_the_published_page_shows_the_absent_column(tmp_path):
    """`audit run` of a year whose reconsideration register lacks 延期: its page says so, beside its sources."""
    params_file = cases_without_extended(tmp_path)
    result = run_audit("run", "--params", str(params_file), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "2020" / "reconsideration.html").read_text(encoding="utf-8")
    footer = page[page.index('<div class="audit-footer">') :]
    assert EXTENDED_NOTE_ZH in footer and UNREAD_NOTE_ZH in footer
    assert "申请人来电三次" not in page
