"""The satisfaction report page: the rate against the target, both kinds of register, both languages, no names."""

from __future__ import annotations

import csv
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from audit.audits import EXTRA_AUDITS, REGISTRY
from audit.audits.satisfaction import AUDIT
from audit.audits.satisfaction.page import _EN, _ZH, SatisfactionReport

from conftest import ROOT, write_csv
from satisfaction_helpers import RESPONSE_COLUMNS, RESPONSE_ZH, SURVEY_ZH, response, survey

SAMPLE = ROOT / "data" / "sample" / "2020" / "satisfaction.csv"
NOTEBOOK = AUDIT.notebook_path
SECTIONS = (
    "title",
    "headline",
    "definition",
    "answer_chart",
    "units",
    "unit_chart",
    "below_target",
    "exceptions",
    "surveys",
    "months",
    "methods",
    "footer",
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def build(params_path: Path) -> dict[str, str]:
    report = SatisfactionReport.open(params_path)
    return {name: str(getattr(report, name)()) for name in SECTIONS}


def write_year(
    folder: Path, rows: list[list[str]], header: list[str] = RESPONSE_ZH, language: str = "zh", extra: str = ""
) -> Path:
    write_csv(folder / "satisfaction.csv", header, rows)
    path = folder / "2020.yaml"
    path.write_text(
        f"year: 2020\nlanguage: {language}\nregisters:\n  satisfaction: satisfaction.csv\n{extra}", encoding="utf-8"
    )
    return path


def sample_names() -> set[str]:
    with open(SAMPLE, encoding="utf-8") as fh:
        return {row["被调查人"] for row in csv.DictReader(fh) if row["被调查人"]}


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("sample")
    path = folder / "2020.yaml"
    path.write_text(f"year: 2020\nregisters:\n  satisfaction: {SAMPLE}\n", encoding="utf-8")
    return build(path)


def test_sample_page_shows_the_rate_against_the_target(sample_pages):
    assert "行政执法满意度审计报告" in sample_pages["title"]
    head = sample_pages["headline"]
    for figure in ("98.95%", "950", "940", "10", "2", "3"):
        assert f'<div class="value">{figure}</div>' in head, figure
    assert "目标 ≥ 95.00%" in head and "共 20 个单位" in head
    assert "执法满意率98.95%，达到95.00%的年度目标" in head
    assert "评价为不了解的3人次未对执法作出评价，不计入满意率" in head
    assert "满意率低于目标的单位2个：城门镇、区城管局。" in head
    assert all("<img" in sample_pages[s] for s in ("answer_chart", "unit_chart"))
    assert sample_pages["units"].count("<tr>") == 1 + 20 and sample_pages["units"].count("✗ 未达标") == 2
    assert sample_pages["below_target"].count("<tr>") == 1 + 2
    assert (
        '<td>区城管局</td><td class="num">110</td><td class="num">104</td><td class="num">94.55%</td>'
        in (sample_pages["below_target"])
    )
    assert sample_pages["exceptions"].count("<tr>") == 1 + 10 and "仓城管罚〔2020〕" not in sample_pages["exceptions"]
    assert sample_pages["surveys"] == ""  # a register of responses has no survey rows
    assert "执法满意度调查登记表" in sample_pages["footer"]


def test_the_definition_names_each_answer_and_how_it_counts(sample_pages):
    page = sample_pages["definition"]
    assert '<td>满意</td><td>计为满意</td><td class="num">808</td><td class="num">85.05%</td>' in page
    assert '<td>基本满意</td><td>计为满意</td><td class="num">132</td>' in page
    assert '<td>不满意</td><td>未表示满意</td><td class="num">8</td>' in page
    assert '<td>不了解</td><td>不计入</td><td class="num">3</td><td class="num"></td>' in page
    assert "<td>非常不满意</td>" not in page  # given by no one, and no definition names it
    assert "satisfaction.satisfied_answers" in page and "本单位的年度目标" in page


def test_no_respondent_is_named_on_the_page(sample_pages):
    names = sample_names()
    text = html.unescape("".join(sample_pages.values()))
    assert names and not [n for n in names if n in text]


def test_register_text_is_escaped(tmp_path):
    rows = [
        response(unit="<b>区城管局</b>", answer="不满意", comment="<script>alert(1)</script>", case_id="<i>1</i>"),
        response(),
    ]
    pages = build(write_year(tmp_path, rows))
    text = "".join(pages.values())
    assert "<script>alert(1)</script>" not in text and "<b>区城管局</b>" not in text and "<i>1</i>" not in text
    assert "alert(1)" not in text  # a comment is never shown (it may name the respondent)
    assert "&lt;b&gt;区城管局&lt;/b&gt;" in pages["units"]


def test_without_shortfalls_sentences_say_so(tmp_path):
    pages = build(write_year(tmp_path, [response(), response(unit="区住建局", answer="基本满意")]))
    assert "各被调查单位的满意率均达到目标。" in pages["headline"]
    assert "各被调查单位的满意率均达到95.00%的目标。" in pages["below_target"]
    assert "本年度没有未表示满意的答卷。" in pages["exceptions"]


def test_the_years_target_and_definition_are_used(tmp_path):
    extra = "satisfaction:\n  target_rate: 0.99\n  satisfied_answers: [满意]\n"
    pages = build(write_year(tmp_path, [response(), response(answer="基本满意")], extra=extra))
    assert "执法满意率50.00%，低于99.00%的年度目标" in pages["headline"]
    assert "<td>基本满意</td><td>未表示满意</td>" in pages["definition"]
    assert "✗ 未达标" in pages["units"] and "≥ 99.00%" in pages["units"]


def test_a_register_of_surveys_shows_each_survey(tmp_path):
    rows = [
        survey("区城管局", 40, 37, on="2020-09-01", survey_id="S2"),
        survey("区城管局", 60, 60, on="2020-03-01", survey_id="S1"),
        survey("区住建局", 20, 19, on="2020-03-01"),
    ]
    pages = build(write_year(tmp_path, rows, header=SURVEY_ZH))
    assert "2020年共开展满意度调查3次，涉及2个被调查单位，调查120人，满意116人，执法满意率96.67%" in pages["headline"]
    assert "每行是一次调查" in pages["definition"] and "<table" not in pages["definition"]
    assert pages["answer_chart"] == ""
    assert pages["surveys"].count("<tr>") == 1 + 3 and pages["surveys"].index("S1") < pages["surveys"].index("S2")
    assert "满意率低于目标的调查" in pages["exceptions"] and pages["exceptions"].count("<tr>") == 1 + 1
    assert "92.50%" in pages["exceptions"] and "问卷调查" in pages["methods"]


def test_english_texts_exist_for_every_key():
    assert set(_ZH) == set(_EN)
    fields = lambda s: set(re.findall(r"{(\w+)}", s))  # noqa: E731
    assert {k for k in _ZH if fields(_EN[k]) != fields(_ZH[k])} == set()


def test_the_english_page_reads_english(tmp_path):
    rows = [
        response(unit="Urban management", answer="satisfied", method="phone", survey_id="S-1"),
        response("Urban management", "dissatisfied", method="phone", case_id="C-1", comment="slow", survey_id="S-1"),
        response(unit="Housing", answer="no_opinion", method="online", survey_id="S-1"),
    ]
    pages = build(write_year(tmp_path, rows, header=RESPONSE_COLUMNS, language="en"))
    assert "Enforcement satisfaction audit" in pages["title"]
    assert "a satisfaction rate of 50.00%, below the target of 95.00%" in pages["headline"]
    assert "1 of them (no opinion) rate nothing" in pages["headline"]
    assert "Units below the target (1): Urban management." in pages["headline"]
    assert "✗ not met" in pages["units"] and "Responses not satisfied" in pages["exceptions"]
    readable = "".join(pages[s] for s in SECTIONS if s not in ("footer", "answer_chart", "unit_chart"))
    assert not CJK.search(readable)


def test_notebook_is_thin_without_outputs_and_calls_existing_sections():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code[0]["metadata"]["tags"] == ["parameters"]
    assert "".join(code[0]["source"]) == (
        "# The year to audit: a params file (docs/params.md). Everything else comes from it.\n"
        'params_file = "params/2020.yaml"\n'
        "year = None  # given (papermill -f params/<year>.yaml gives it), it must be the params file's year"
    )
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert [c["id"] for c in nb["cells"]] == [f"cell-{i:02d}" for i in range(len(nb["cells"]))]
    called = re.findall(r"report\.(\w+)\(\)", "".join("".join(c["source"]) for c in code))
    assert called == list(SECTIONS)


@pytest.mark.e2e
def test_a_run_writes_the_page_and_names_no_respondent_anywhere(tmp_path):
    """`audit run` of the sample register: the page, metrics.json and the executed notebook, with no name in them."""
    params = tmp_path / "params" / "2020.yaml"
    params.parent.mkdir()
    params.write_text(
        f'year: 2020\nregisters:\n  satisfaction: {SAMPLE}\nreported:\n  satisfaction.rate: "98.95%"\n',
        encoding="utf-8",
    )
    env = dict(os.environ)
    extra = [n.strip() for n in env.get(EXTRA_AUDITS, "").split(",") if n.strip()]
    if AUDIT.package not in (*REGISTRY, *extra):  # not registered yet: the registry's extension hook adds it
        env[EXTRA_AUDITS] = ",".join([*extra, AUDIT.package])
    run = subprocess.run(
        [sys.executable, "-m", "audit.cli", "run", "--params", str(params), "--out", "out"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    year = tmp_path / "out" / "2020"
    metrics = json.loads((year / "metrics.json").read_text(encoding="utf-8"))
    assert [(c["key"], c["verdict"]) for c in metrics["claims"]] == [("satisfaction.rate", "match")]
    assert {"satisfaction.html", "satisfaction.ipynb", "metrics.json"} <= {p.name for p in year.iterdir()}
    names = sample_names()
    for path in (p for p in (tmp_path / "out").rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix in (".json", ".ipynb"):
            text = json.dumps(json.loads(text), ensure_ascii=False)
        text = html.unescape(text)
        assert not [n for n in names if n in text], path.name
