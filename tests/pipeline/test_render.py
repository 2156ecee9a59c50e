"""Report pages from executed notebooks: the same page as nbconvert's stock HTMLExporter makes, with the
report's own small stylesheet."""

from __future__ import annotations

import re

import nbformat
import pytest

from audit.pipeline.render import TEMPLATES, Exporter, css_string, focusable_cells, page_css, stylesheet

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
    css = stylesheet(title, language)
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


# What a page's stylesheets may weigh: report.css, print.css and the @page rule measure about 8 KB
# (JupyterLab's CSS, which the page carried before, is some 259 KB).
CSS_BOUND = 24 * 1024


def styles(page: str) -> list[str]:
    return re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.S)


@pytest.mark.parametrize("path", STORED[:3], ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_a_page_carries_only_the_reports_small_stylesheet(path, exporter):
    page = exporter.html(nbformat.read(path, as_version=4), path.stem, "zh")
    head = page.split("</head>", 1)[0]
    css = styles(head)
    assert len(css) == 1 and len(css[0].encode("utf-8")) < CSS_BOUND, [len(c) for c in css]
    assert "--jp-" not in css[0] and "Copyright (c) Jupyter" not in page  # no JupyterLab theme
    assert "<script" not in page and "<link" not in page  # nothing fetched: the page is the whole report
    assert "@page" in css[0] and "size: A4" in css[0]


def test_the_stylesheet_wraps_headers_between_words_and_never_cuts_text():
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    rules = dict(re.findall(r"^([^{}@/]+?) \{([^}]*)\}", css, flags=re.M))
    th, cells = rules["table.audit-table th"], rules["table.audit-table th, table.audit-table td"]
    assert "word-break: normal" in cells
    assert "overflow-wrap: normal" in th  # a header breaks only between words ("Round", never "Roun d")
    assert "break-word" not in css  # the old word-break: break-word broke headers mid-word
    printed = (TEMPLATES / "print.css").read_text(encoding="utf-8")
    for rule in ("display: table-header-group", "break-inside: avoid", "size: A4"):
        assert rule in printed


def test_the_page_rule_names_the_title_and_numbers_pages_in_the_pages_language():
    assert page_css("行政复议审计报告", "zh") == (
        '@page { @top-center { content: "行政复议审计报告"; } '
        '@bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; } }'
    )
    assert 'content: "Page " counter(page) " of " counter(pages)' in page_css("Reconsideration", "en")
    # a title is text: it never closes the style element or the CSS string
    assert css_string('a"b\\c</style>\n') == '"a\\22 b\\5c c\\3c /style\\3e \\a "'


def test_a_pages_title_is_printed_on_every_page(exporter):
    nb = nbformat.v4.new_notebook()
    page = exporter.html(nb, "Litigation audit", "en")
    assert '@top-center { content: "Litigation audit"; }' in page and '"Page " counter(page)' in page
