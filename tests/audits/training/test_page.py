"""The training report page: marks, wording, privacy, escaping, both languages, the notebook."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from audit.audits import by_key
from audit.audits.training.page import _EN, _ZH, TrainingReport
from audit.core.params import load_params
from audit.registers import load_registers
from audit.report import html

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "params" / "2020.yaml"
NOTEBOOK = by_key("training").notebook_path
SECTIONS = ("title", "headline", "compliance", "timeline_chart", "evidence", "roster", "footer")


def build(params_path: Path) -> dict[str, str]:
    report = TrainingReport.open(params_path)
    return {name: str(getattr(report, name)()) for name in SECTIONS}


@pytest.fixture(scope="module")
def sample_pages() -> dict[str, str]:
    return build(SAMPLE)


def write_year(tmp_path: Path, titles: list[str], language: str = "zh", roster: bool = False) -> Path:
    with open(tmp_path / "trainings.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["日期", "名称", "类别", "参训人数", "学时"])
        for i, title in enumerate(titles):
            w.writerow(
                [f"2020-0{i % 9 + 1}-15", title, ["领导班子法治专题讲座", "执法人员培训", "其他"][i % 3], 10, ""]
            )
    registers = "  training: trainings.csv\n"
    if roster:
        (tmp_path / "roster.csv").write_text(
            "人员编号,姓名,执法单位,年度学时\nP1,某甲乙,区司法局,61\nP2,某丙丁,区司法局,20\n", encoding="utf-8"
        )
        registers += "  staff_roster: roster.csv\n"
    path = tmp_path / "2020.yaml"
    path.write_text(f"year: 2020\nlanguage: {language}\nregisters:\n{registers}", encoding="utf-8")
    return path


def test_compliance_marks_and_what_is_missing(sample_pages):
    page = sample_pages["compliance"]
    assert page.count('class="status-bad"') == 2 and page.count('class="status-ok"') == 1
    assert "✗ 未达标" in page and "✓ 达标" in page
    assert "还差 1 期领导干部法治专题培训班" in page and "还差 1 期领导班子法治专题讲座" in page
    assert "已完成，超出 2 次" in page
    assert "还差" in sample_pages["headline"]


def test_evidence_lists_every_event_with_its_target(sample_pages):
    page = sample_pages["evidence"]
    assert page.count("<tr>") == 1 + 15 + 1  # header, events, total
    assert "新条例背景下政府信息依申请公开业务的办理" in page
    assert "区委理论学习中心组（扩大）会" in page and "举办区政府领导班子法治专题讲座" in page
    assert "参训人数未填写 2 条、学时未填写 3 条，合计时按 0 计" in page


def test_roster_section_counts_officers_below_target_by_unit(sample_pages):
    page = sample_pages["roster"]
    assert page.count("<tr>") == 1 + 21 + 1
    assert ">39<" in page and "88.32%" in page and "<img" in page
    assert page.index("区医保局") < page.index("区消防救援大队")


def test_no_officer_name_appears_in_any_section(sample_pages):
    with open(ROOT / "data" / "sample" / "2020" / "staff_roster.csv", encoding="utf-8") as fh:
        names = [row["姓名"] for row in csv.DictReader(fh)]
    assert len(names) > 200
    text = "".join(sample_pages.values())
    assert [n for n in names if n in text] == []


def test_register_text_is_escaped(tmp_path):
    pages = build(write_year(tmp_path, ["<script>alert(1)</script>", "普通培训"]))
    assert "<script>alert(1)</script>" not in "".join(pages.values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["evidence"]


def test_without_a_roster_a_sentence_says_so(tmp_path):
    pages = build(write_year(tmp_path, ["讲座", "培训"]))
    assert "未提供执法人员培训学时台账" in pages["roster"] and "<table" not in pages["roster"]
    assert "未核查执法人员个人学时" in pages["headline"]


def test_english_texts_exist_for_every_key():
    assert set(_ZH) == set(_EN)
    # English has no measure words (期/次), so it may use fewer of the values; never others
    fields = lambda s: set(re.findall(r"{(\w+)}", s))  # noqa: E731
    assert {k for k in _EN if not fields(_EN[k]) <= fields(_ZH[k])} == set()
    assert {k for k, v in _EN.items() if not v and not k.startswith("unit.")} == set()


def test_the_english_page_builds_and_reads_english(tmp_path):
    pages = build(write_year(tmp_path, ["Lecture", "Staff training", "Other"], language="en", roster=True))
    assert "Rule-of-law training audit" in pages["title"]
    assert "1 more leadership lecture needed" in pages["compliance"]
    assert "✓ met" in pages["compliance"]
    assert "50.00%" in pages["roster"]
    assert not re.search(r"[\u4e00-\u9fff]", pages["compliance"] + pages["headline"])


def test_notebook_is_thin_without_outputs_and_calls_existing_sections():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code[0]["metadata"]["tags"] == ["parameters"] and 'params_file = "params/2020.yaml"' in "".join(
        code[0]["source"]
    )
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert [c["id"] for c in nb["cells"]] == [f"cell-{i:02d}" for i in range(len(nb["cells"]))]
    called = re.findall(r"report\.(\w+)\(\)", "".join("".join(c["source"]) for c in code))
    assert called == list(SECTIONS)


def test_report_loads_only_its_registers():
    params = load_params(SAMPLE)
    assert set(load_registers(params, TrainingReport.register_keys())) == {"training", "staff_roster"}


def test_status_cells_keep_their_markup_while_text_cells_are_escaped():
    page = html.table(["a", "b", "c"], [(html.status(False, "未达标"), "<b>x</b>", "2020-06-18")], nowrap=(2,))
    assert '<td><span class="status-bad">✗ 未达标</span></td>' in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and '<td class="nowrap">2020-06-18</td>' in page
    assert html.status(True, "<i>") == '<span class="status-ok">✓ &lt;i&gt;</span>'
