"""The litigation report page: figures against targets, escaping, both languages, the notebook."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from audit.audits import by_key
from audit.audits.litigation.page import _EN, _ZH, LitigationReport

from conftest import write_csv
from litigation_helpers import ZH_COLUMNS, case

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "params" / "2020.yaml"
NOTEBOOK = by_key("litigation").notebook_path
SECTIONS = (
    "title",
    "headline",
    "outcomes",
    "outcome_chart",
    "appearance",
    "appearance_chart",
    "loss",
    "losses",
    "loss_chart",
    "defendants",
    "matters",
    "footer",
)


def build(params_path: Path) -> dict[str, str]:
    report = LitigationReport.open(params_path)
    return {name: str(getattr(report, name)()) for name in SECTIONS}


@pytest.fixture(scope="module")
def sample_pages() -> dict[str, str]:
    return build(SAMPLE)


def write_year(tmp_path: Path, rows: list[list[str]], language: str = "zh", extra: str = "") -> Path:
    write_csv(tmp_path / "litigation.csv", ZH_COLUMNS, rows)
    path = tmp_path / "2020.yaml"
    path.write_text(
        f"year: 2020\nlanguage: {language}\nregisters:\n  litigation: litigation.csv\n{extra}", encoding="utf-8"
    )
    return path


def test_sample_page_shows_both_rates_against_their_targets(sample_pages):
    assert "行政应诉审计报告" in sample_pages["title"]
    head = sample_pages["headline"]
    for figure in ("32", "26", "23.08%", "20.00%"):
        assert f'<div class="value">{figure}</div>' in head
    assert "低于90.00%的年度目标" in head and "高于10.00%的年度目标" in head and "判决结案的20件" in head
    assert "✗ 未达标" in sample_pages["appearance"] and "≥ 90.00%" in sample_pages["appearance"]
    assert "✗ 未达标" in sample_pages["loss"] and "≤ 10.00%" in sample_pages["loss"]
    assert all("<img" in sample_pages[s] for s in ("outcome_chart", "appearance_chart", "loss_chart"))
    assert sample_pages["defendants"].count("<tr>") == 1 + 8
    assert sample_pages["losses"].count("<tr>") == 1 + 4
    assert "行政应诉案件登记表" in sample_pages["footer"]


def test_outcome_table_lists_form_of_conclusion_and_shares(sample_pages):
    page = sample_pages["outcomes"]
    assert '<td>败诉</td><td>判决</td><td class="num">4</td><td class="num">14.29%</td>' in page
    assert "<td>调解</td><td>调解书</td>" in page and "<td>在审</td><td>—</td>" in page


def test_matter_text_is_escaped(tmp_path):
    pages = build(write_year(tmp_path, [case("1", matter="<script>alert(1)</script>"), case("2", outcome="败诉")]))
    text = "".join(pages.values())
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["matters"]


def test_without_losses_a_sentence_says_so_and_no_chart(tmp_path):
    pages = build(
        write_year(tmp_path, [case("1", appeared="是", role="正职"), case("2", hearing="否", outcome="撤诉")])
    )
    assert "本年度没有败诉案件" in pages["losses"] and pages["loss_chart"] == ""
    assert "✓ 达标" in pages["appearance"] and "✓ 达标" in pages["loss"]


def test_the_concluded_denominator_is_named(tmp_path):
    extra = "definitions:\n  litigation:\n    loss_rate: {denominator: concluded}\n"
    pages = build(write_year(tmp_path, [case("1", outcome="败诉"), case("2", outcome="撤诉")], extra=extra))
    assert "以审结2件计，败诉率50.00%" in pages["headline"]


def test_english_texts_exist_for_every_key():
    assert set(_ZH) == set(_EN)
    fields = lambda s: set(re.findall(r"{(\w+)}", s))  # noqa: E731
    assert {k for k in _ZH if fields(_EN[k]) != fields(_ZH[k])} == set()


def test_the_english_page_builds_and_reads_english(tmp_path):
    pages = build(
        write_year(
            tmp_path,
            [case("1", appeared="是", role="副职"), case("2", hearing="否", outcome="判决撤销")],
            language="en",
        )
    )
    assert "Administrative litigation audit" in pages["title"]
    assert "below the target of 90.00%" not in pages["headline"] and "meeting the target of 90.00%" in pages["headline"]
    assert "above the target of 10.00%" in pages["headline"] and "✗ not met" in pages["loss"]
    assert not re.search(r"[\u4e00-\u9fff]", pages["headline"] + pages["loss"] + pages["appearance"])


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
