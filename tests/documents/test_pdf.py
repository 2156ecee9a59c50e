"""PDF beside each page (`audit run --pdf`): every page printed on A4 with its Chinese font embedded, every
exception and finding on the paper, the same bytes on every run, and a clear error where WeasyPrint is missing."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from audit.cli import main
from audit.core.errors import InputError
from audit.documents import pdf
from audit.pipeline.plan import read_year

from conftest import ROOT, hashes, system_tool

pytestmark = pytest.mark.e2e


def test_relative_links_are_dropped_before_printing_and_their_text_kept():
    page = '<a href="summary.html">汇总</a> <a class="x" href="2020/a.html">A</a> <a href="https://x.org">X</a> <a href="#t">T</a>'
    assert pdf.printable(page) == '<a>汇总</a> <a class="x">A</a> <a href="https://x.org">X</a> <a href="#t">T</a>'


def test_without_weasyprint_a_year_asking_for_pdf_is_an_input_problem_in_both_languages(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` raises ImportError
    with pytest.raises(pdf.PdfUnavailable):
        pdf.engine()
    problem = pdf.unavailable("params/2020.yaml", "--pdf")
    assert problem is not None and problem.column == "--pdf" and problem.value == "pdf"
    assert "pip install" in problem.expected and "audit[pdf]" in problem.expected_zh and "Pango" in problem.expected_zh
    params = tmp_path / "2020.yaml"
    register = ROOT / "data/sample/2020/litigation.csv"
    params.write_text(f"year: 2020\nformats: [html, pdf]\nregisters:\n  litigation: {register}\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_year(params)  # `audit check` says so, as `audit run` would
    assert [p.column for p in raised.value.problems] == ["formats"]


def test_formats_must_name_known_formats(tmp_path):
    params = tmp_path / "2020.yaml"
    params.write_text("year: 2020\nformats: [html, docx]\nregisters: {}\n", encoding="utf-8")
    assert main(["check", "--params", str(params)]) == 2


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    """The 2020 sample run with --pdf."""
    out = tmp_path_factory.mktemp("pdf") / "out"
    assert main(["run", "--year", "2020", "--pdf", "--params-dir", str(ROOT / "params"), "--out", str(out)]) == 0
    return out


def _text(path: Path) -> str:
    done = subprocess.run([system_tool("pdftotext"), "-raw", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", done.stdout.decode("utf-8"))


def _in_order(needle: str, paper: str, start: int = 0) -> bool:
    """True when every character of `needle` is on the paper after `start`, in order: a table cell's text comes
    out of the PDF line by line, between its neighbours' lines, but all of it and in its order."""
    position = start
    for char in re.sub(r"\s+", "", needle):
        position = paper.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def test_every_page_has_its_pdf_on_a4_listed_in_the_manifest(printed: Path):
    folder = printed / "2020"
    pages = sorted(p.stem for p in folder.glob("*.html"))
    assert sorted(p.stem for p in folder.glob("*.pdf")) == pages
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {f"{p}.pdf" for p in pages} <= set(manifest["outputs"])
    for page in pages:
        info = subprocess.run([system_tool("pdfinfo"), str(folder / f"{page}.pdf")], capture_output=True, text=True)
        sizes = set(re.findall(r"Page size:\s+(.*)", info.stdout))
        assert sizes == {"595.276 x 841.89 pts (A4)"}, (page, sizes)
        fonts = subprocess.run([system_tool("pdffonts"), str(folder / f"{page}.pdf")], capture_output=True, text=True)
        rows = fonts.stdout.splitlines()[2:]
        assert rows and all(" yes yes " in row for row in rows), (page, fonts.stdout)  # embedded and subset
        assert any("Noto-Sans-CJK-SC" in row for row in rows)
        boxes = subprocess.run(
            [system_tool("pdftotext"), "-bbox", str(folder / f"{page}.pdf"), "-"], capture_output=True, text=True
        ).stdout
        right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes))
        assert right <= 595.3, f"{page}.pdf: text runs off the page ({right:.0f} pt of 595)"


def test_every_exception_and_finding_is_on_the_paper(printed: Path):
    from audit.audits.case_file_review.compute import file_frame

    year = read_year(ROOT / "params/2020.yaml")
    files = file_frame(year.registers["case_file_review"], year.params)
    listed = files[files["vetoed"] | ~files["passed"]]
    paper = _text(printed / "2020/case_file_review.pdf")
    for case_id, problems in zip(listed["case_id"], listed["findings"]):
        assert re.sub(r"\s+", "", case_id) in paper
        assert _in_order(problems, paper, paper.index(re.sub(r"\s+", "", case_id))), case_id  # never cut off
    findings = _text(printed / "2020/findings.pdf")
    metrics = json.loads((printed / "2020/metrics.json").read_text(encoding="utf-8"))
    assert metrics["findings"]
    for finding in metrics["findings"]:
        assert finding["id"] in findings
        assert _in_order(finding["text"]["zh"], findings, findings.index(finding["id"])), finding["id"]


def test_pdfs_are_the_same_bytes_in_another_folder_and_verify(printed: Path, tmp_path):
    again = tmp_path / "elsewhere" / "out"
    assert main(["run", "--year", "2020", "--pdf", "--params-dir", str(ROOT / "params"), "--out", str(again)]) == 0
    first = {k: v for k, v in hashes(printed).items() if k.endswith(".pdf")}
    assert first and first == {k: v for k, v in hashes(again).items() if k.endswith(".pdf")}
    assert main(["verify", "--year", "2020", "--params-dir", str(ROOT / "params"), "--out", str(again)]) == 0
