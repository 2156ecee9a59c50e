"""Writes the .xlsx files of the bad-input corpus (committed; rerun only to change them).

openpyxl writes formulas without a cached result, as a script or a web export would: Excel
computes them on opening, a reader of the file finds no value.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
HEADER = ["案件编号", "收案日期", "被申请人", "受理情况", "受理日期", "审理结果", "结案日期", "延期"]
ROWS = [
    ["X1", "2020-03-02", "区城管局", "受理", "2020-03-05", "维持", "2020-04-20", "否"],
    ["X2", "2020-05-06", "区住建局", "不予受理", "", "", "", "否"],
    ["X3", "2020-11-02", "区城管局", "受理", "2020-11-04", "", "", "否"],
]


def book(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> None:
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "行政复议"
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    wb.save(path)


def main() -> None:
    # a merged title row above the header, and a bad intake value in Excel row 4
    bad = [r[:] for r in ROWS]
    bad[1][3] = "受理了"
    book(HERE / "recon_title_row.xlsx", [["2020年行政复议案件登记表"], HEADER, *bad], ("A1:H1",))
    # a two-row header whose "日期" group is merged over 收案日期/受理日期/结案日期: the real
    # names are on row 2, row 1 holds a group banner per block of columns
    top = ["案件编号", "日期", "", "", "被申请人", "受理情况", "审理结果", "延期"]
    second = ["", "收案日期", "受理日期", "结案日期", "", "", "", ""]
    order = [0, 1, 4, 6, 2, 3, 5, 7]  # case, received, accepted, decided, respondent, intake, outcome, extended
    body = [[r[i] for i in order] for r in ROWS]
    book(HERE / "recon_merged_header.xlsx", [top, second, *body], ("B1:D1", "A1:A2", "E1:E2", "F1:F2", "G1:G2", "H1:H2"))
    # case-file review register whose 得分 is a formula without a cached value
    header = ["评查批次", "执法单位", "案卷编号", "执法主体扣分", "事实证据扣分", "法律适用扣分", "执法程序扣分",
              "文书制作扣分", "案卷管理扣分", "得分"]
    rows = [["2020-1", "区城管局", f"仓城管罚〔2020〕{i}号", 2, 0, 0, 0, 1, 0, f"=100-SUM(D{i + 1}:I{i + 1})"]
            for i in range(1, 4)]
    book(HERE / "cfr_formula_score.xlsx", [header, *rows])


if __name__ == "__main__" and "--new" not in __import__("sys").argv:
    main()


# ---- issue 25: inputs that gave wrong figures in silence, or cost without bound ---------------------------------

EN_HEADER = "case_id,received_on,respondent,intake,accepted_on,outcome,decided_on,extended\n"


def encoded(path: Path, text: str, encoding: str) -> None:
    path.write_bytes(text.encode(encoding))


def sheet_xml(cells: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{cells}</sheetData></worksheet>"
    )


def replace_sheet(path: Path, xml: str) -> None:
    """Rewrite a workbook's first worksheet with `xml` (what no spreadsheet program would let one type)."""
    import zipfile

    data = path.read_bytes()
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = xml.encode() if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info.filename)
            zout.writestr(info, body)


def new_cases() -> None:
    # a stale hidden first sheet (valid) before the visible register, whose row 3 has a bad intake
    wb = openpyxl.Workbook()
    stale = wb.active
    stale.title = "旧表"
    stale.sheet_state = "hidden"
    for row in [HEADER, *ROWS]:
        stale.append(row)
    current = wb.create_sheet("行政复议")
    bad = [r[:] for r in ROWS]
    bad[1][3] = "受理了"
    for row in [HEADER, *bad]:
        current.append(row)
    wb.save(HERE / "recon_hidden_first_sheet.xlsx")
    # Excel error values where a formula failed: calamine reads each as a blank cell
    wb = openpyxl.Workbook()
    sheet = wb.active
    for row in [HEADER, *ROWS]:
        sheet.append(row)
    for ref, error in (("C2", "#N/A"), ("E2", "#VALUE!"), ("C3", "#REF!"), ("G2", "#DIV/0!"), ("C4", "#NAME?")):
        sheet[ref].value = error
        sheet[ref].data_type = "e"
    wb.save(HERE / "recon_excel_errors.xlsx")
    # one value in the last cell of a sheet (XFD1048576) besides the register: 17 billion cells from A1
    book(HERE / "recon_last_cell.xlsx", [HEADER, *ROWS])
    cells = "".join(
        f'<row r="{i}">'
        + "".join(f'<c r="{chr(65 + j)}{i}" t="inlineStr"><is><t>{v}</t></is></c>' for j, v in enumerate(row) if v)
        + "</row>"
        for i, row in enumerate([HEADER, *ROWS], start=1)
    )
    replace_sheet(HERE / "recon_last_cell.xlsx", sheet_xml(cells + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    # text in legacy encodings that are not Chinese, read as GBK into other characters
    big5 = EN_HEADER + "".join(
        f"B{i},2020-0{i}-02,{unit},accepted,2020-0{i}-05,upheld,2020-0{i}-20,no\n"
        for i, unit in enumerate(["臺北市政府環境保護局", "區城市管理綜合執法局", "區住房和城鄉建設局"], start=1)
    )
    encoded(HERE / "recon_big5.csv", big5, "big5")
    sjis = EN_HEADER + "".join(
        f"J{i},2020-0{i}-02,{unit},accepted,2020-0{i}-05,upheld,2020-0{i}-20,no\n"
        for i, unit in enumerate(["東京都環境局", "大阪市建設局", "横浜市都市整備局"], start=1)
    )
    encoded(HERE / "recon_shift_jis.csv", sjis, "shift_jis")
    cp1252 = (
        "date,title,kind,audience,participants,hours,organizer\n"
        "2020-04-23,Formation des agents,staff_training,Agents,20,2,Département juridique\n"
        "2020-06-10,Séminaire de direction,leadership_course,Cadres,12,3,Comité régional\n"
    )
    encoded(HERE / "training_cp1252.csv", cp1252, "cp1252")


if __name__ == "__main__" and "--new" in __import__("sys").argv:
    new_cases()
