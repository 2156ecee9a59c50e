"""Report pages from executed notebooks: the same page as nbconvert's stock HTMLExporter makes."""

from __future__ import annotations

import re

import nbformat
import pytest

from audit.pipeline.render import TEMPLATES, Exporter, focusable_cells

from conftest import ROOT

STORED = sorted((ROOT / "tests" / "notebooks").glob("*/*.ipynb"))  # executed sample notebooks, with outputs


def stock_page(nb, title: str, language: str) -> str:
    """The page as nbconvert's own HTMLExporter renders it through the audit template."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="audit",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.language_code = "zh-CN" if language == "zh" else "en"
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    nb.metadata["title"] = title
    return exporter.from_notebook_node(nb, resources={"metadata": {"name": title}, "audit_css": css})[0]


@pytest.fixture(scope="module")
def exporter() -> Exporter:
    return Exporter()


@pytest.mark.parametrize("path", STORED, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_page_is_the_stock_exporters_page(path, exporter):
    from bs4 import BeautifulSoup

    ours = exporter.html(nbformat.read(path, as_version=4), path.stem, "zh")
    stock = stock_page(nbformat.read(path, as_version=4), path.stem, "zh")
    # the stock exporter's page is BeautifulSoup's serialization of the rendered template
    assert str(BeautifulSoup(ours, features="html.parser")) == stock
    assert 'tabindex="0"' in ours
    assert not re.search(r"<img(?![^>]*\balt=)[^>]*>", ours), "an image without alt text"


def test_every_cell_input_and_output_area_is_focusable():
    page = (
        '<div class="jp-Cell-inputWrapper">x</div>'
        '<div class="jp-RenderedHTMLCommon jp-OutputArea-output jp-OutputArea-executeResult" '
        'data-mime-type="text/html"><div class="audit-section">y</div></div>'
        '<div class="jp-OutputArea-outputX">z</div>'
    )
    assert focusable_cells(page) == (
        '<div class="jp-Cell-inputWrapper" tabindex="0">x</div>'
        '<div class="jp-RenderedHTMLCommon jp-OutputArea-output jp-OutputArea-executeResult" '
        'data-mime-type="text/html" tabindex="0"><div class="audit-section">y</div></div>'
        '<div class="jp-OutputArea-outputX">z</div>'
    )


def test_escaped_register_text_is_never_made_focusable(exporter):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x", execution_count=1)
    text = '&lt;div class="jp-OutputArea-output"&gt;'
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/html": f"<p>{text}</p>"}, execution_count=1)]
    nb.cells.append(cell)
    page = Exporter().html(nb, "t", "en")
    assert f"<p>{text}</p>" in page
    assert page.count('tabindex="0"') == 1
