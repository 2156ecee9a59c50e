"""The reports on paper: the 2020 case-file review printed with WeasyPrint (the engine of `audit run --pdf`),
read back with poppler's pdftotext and pdfinfo, as a reader holding the printout would read it."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import system_tool

pytestmark = pytest.mark.e2e

A4 = "595.28 x 841.89 pts"


def weasyprint():
    """WeasyPrint, with the project's font set-up where audit.documents.pdf provides it."""
    try:
        from audit.documents.pdf import engine
    except ImportError:
        engine = None
    try:
        if engine is not None:
            return engine()
        import weasyprint as module

        return module
    except Exception as exc:  # WeasyPrint or Pango missing: CI installs both
        if os.environ.get("CI"):
            pytest.fail(f"WeasyPrint cannot load: {exc}")
        pytest.skip(f"WeasyPrint cannot load: {exc}")


@pytest.fixture(scope="module")
def printed(sample_out, tmp_path_factory) -> tuple[Path, Path, object]:
    """(page, PDF, WeasyPrint's laid-out document) of the 2020 case-file review."""
    page = sample_out / "2020" / "case_file_review.html"
    document = weasyprint().HTML(filename=str(page)).render()
    pdf = tmp_path_factory.mktemp("print") / "case_file_review.pdf"
    document.write_pdf(pdf)
    return page, pdf, document


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(
        [system_tool("pdftotext"), *args, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def exceptions(page: Path) -> list[tuple[str, str]]:
    """(case number, 主要问题) of every row of the page's table of failing and vetoed files."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    section = next(s for s in soup.select(".audit-section") if s.h2 and s.h2.get_text() == "不合格及存在否决项的案卷")
    heads = [th.get_text() for th in section.select("thead th")]
    case, findings = heads.index("案卷编号"), heads.index("主要问题")
    rows = [[td.get_text() for td in tr.select("td")] for tr in section.select("tbody tr")]
    return [(r[case], r[findings]) for r in rows]


def test_every_page_is_a4(printed):
    _, pdf, document = printed
    info = subprocess.run(
        [system_tool("pdfinfo"), "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert len(sizes) == len(document.pages) > 1
    assert all(f"{float(w):.2f} x {float(h):.2f} pts" == A4 for w, h in sizes), sizes


def test_every_failing_file_and_its_findings_are_on_paper(printed):
    """Nothing is cut at the page's edge: each case number and 主要问题 text is in the PDF, whole."""
    page, pdf, _ = printed
    rows = exceptions(page)
    assert len(rows) == 6
    text = re.sub(r"\s+", "", pdftotext(pdf, "-raw"))  # a cell's lines follow each other in the raw order
    for case, findings in rows:
        assert re.sub(r"\s+", "", case) in text, case
        assert re.sub(r"\s+", "", findings) in text, findings


def test_no_page_is_nearly_empty(printed):
    """Sections flow on from page to page: only the last page may hold a few lines."""
    from weasyprint.formatting_structure import boxes

    _, pdf, document = printed
    for number, page in enumerate(document.pages[:-1], start=1):
        lines = [line for line in pdftotext(pdf, "-layout", "-f", str(number), "-l", str(number)).splitlines()]
        assert sum(1 for line in lines if line.strip()) >= 5, f"page {number} has fewer than 5 lines"
        box = page._page_box
        bottom = top = box.content_box_y()
        stack = [box]
        while stack:
            b = stack.pop()
            if isinstance(b, boxes.MarginBox):
                continue
            if isinstance(b, (boxes.LineBox, boxes.ReplacedBox, boxes.TableRowBox)):
                bottom = max(bottom, b.position_y + b.margin_height())
            stack.extend(getattr(b, "children", ()) or ())
        assert (bottom - top) / box.height > 0.3, f"page {number} is filled to {(bottom - top) / box.height:.0%}"


def test_the_title_and_the_page_number_are_in_the_margins(printed):
    page, pdf, document = printed
    pages = len(document.pages)
    first = pdftotext(pdf, "-layout", "-f", "1", "-l", "1")
    last = pdftotext(pdf, "-layout", "-f", str(pages), "-l", str(pages))
    # pdftotext drops the spaces of "第 1 页 / 共 5 页"
    assert f"第1页/共{pages}页" in re.sub(r"[ \t]+", "", first)
    assert f"第{pages}页/共{pages}页" in re.sub(r"[ \t]+", "", last)
    assert last.splitlines()[0].strip() == "行政执法案卷评查审计报告"  # the title heads every page, the last too


def test_an_english_page_numbers_its_pages_in_english(tmp_path):
    from audit.pipeline.render import stylesheet

    page = tmp_path / "page.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="en"><head><style>{stylesheet("Litigation audit", "en")}</style></head>'
        "<body><main><h1>Litigation audit</h1></main></body></html>",
        encoding="utf-8",
    )
    pdf = tmp_path / "page.pdf"
    weasyprint().HTML(filename=str(page)).write_pdf(pdf)
    text = pdftotext(pdf, "-layout")
    assert "Page 1 of 1" in text and "Litigation audit" in text and "页" not in text
