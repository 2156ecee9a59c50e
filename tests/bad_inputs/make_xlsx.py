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


if __name__ == "__main__":
    main()
