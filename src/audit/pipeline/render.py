"""Executed notebooks to self-contained HTML report pages, without code, with nbconvert.

One :class:`Exporter` serves a whole run: nbconvert is imported and each language's template
compiled once. Pages are rendered by nbconvert's HTMLExporter through the ``audit`` template
(the report's own stylesheet instead of JupyterLab's, nothing loaded from the network; see
:func:`stylesheet`), with two savings that leave the page as the stock exporter makes it:

- the notebook is validated once per page, after the preprocessors, not after each of the
  twelve (``optimistic_validation``; nbformat has validated it on writing anyway);
- the stock exporter parses every finished page again with BeautifulSoup, to give images
  without ``alt`` a generic one and to make each cell's input and output focusable
  (``tabindex="0"``). Every image of a report has its own ``alt``
  (:func:`audit.report.html.figure`), and the template's cell tags are made focusable here,
  so no page is parsed again and no CSS selector is compiled. A test checks that the two
  exporters make the same page.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parents[1] / "report" / "templates"
# The page number at the foot of every printed page, in the page's language.
PAGE_NUMBER = {
    "zh": '"第 " counter(page) " 页 / 共 " counter(pages) " 页"',
    "en": '"Page " counter(page) " of " counter(pages)',
}
# The opening tag of a cell's input (a markdown cell's text) or of an output area in the lab
# template: class first, then e.g. data-mime-type.
_FOCUSABLE_TAG = re.compile(r'(<div class="[^"]*\b(?:jp-Cell-inputWrapper|jp-OutputArea-output)\b[^"]*"[^>]*)>')


def lean_nbformat() -> None:
    """Keep jsonschema from building the RFC 3987 grammar on nbformat's import: the notebooks need none.

    With jupyterlab or pytest-notebook installed, `rfc3987-syntax` is present and jsonschema builds
    its grammar on import (shared/STACK-NOTES.md). Notebook validation checks no IRI format, and
    jsonschema treats the module as absent when it cannot be imported.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def css_string(text: str) -> str:
    """`text` as a quoted CSS string; quotes, backslashes, angle brackets and control characters escaped."""
    return '"' + "".join(c if c.isprintable() and c not in '"\\<>' else f"\\{ord(c):x} " for c in text) + '"'


def page_css(title: str, language: str) -> str:
    """The page's own @page rule: its title in the top margin of every printed page, the page number at the foot.

    Written for each page, as both engines that print it (a browser, WeasyPrint) take a margin box's
    text from a rule: Chromium has no ``string-set``, and a rule can name no element's language.
    """
    number = PAGE_NUMBER["zh" if language == "zh" else "en"]
    return f"@page {{ @top-center {{ content: {css_string(title)}; }} @bottom-center {{ content: {number}; }} }}"


def base_stylesheet() -> str:
    """The stylesheet every page carries: report.css (the screen) and print.css (paper)."""
    return "\n".join((TEMPLATES / name).read_text(encoding="utf-8") for name in ("report.css", "print.css"))


def stylesheet(title: str, language: str, base: str | None = None) -> str:
    """A page's whole stylesheet: `base` (:func:`base_stylesheet`, read again when not given) and its @page rule."""
    return (base_stylesheet() if base is None else base) + page_css(title, language) + "\n"


def focusable_cells(page: str) -> str:
    """The page with every cell input and output area focusable by keyboard (``tabindex="0"``), as nbconvert makes it."""
    return _FOCUSABLE_TAG.sub(r'\1 tabindex="0">', page)


_EXPORTER: list[type] = []


def _exporter_class() -> type:
    """nbconvert's HTMLExporter, rendering a page in one pass (see the module's docstring)."""
    if not _EXPORTER:
        from nbconvert import HTMLExporter
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        class ReportExporter(HTMLExporter):  # type: ignore[misc, valid-type]
            def from_notebook_node(self, nb, resources=None, **kw):  # type: ignore[override]
                # HTMLExporter.from_notebook_node's filters, then the page as its template renders it
                info = nb.metadata.get("language_info", {})
                lexer = info.get("pygments_lexer", info.get("name", None))
                highlight = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
                resources = self._init_resources(resources)
                data_types = WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources
                )
                self.register_filter("highlight_code", highlight)
                self.register_filter("filter_data_type", data_types)
                page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
                return focusable_cells(page), resources

        _EXPORTER.append(ReportExporter)
    return _EXPORTER[0]


class Exporter:
    """Renders executed notebooks as self-contained HTML pages without code (one nbconvert exporter per language)."""

    def __init__(self) -> None:
        self._exporters: dict[str, Any] = {}
        self._css = base_stylesheet()

    def prepare(self, language: str) -> None:
        """Import nbconvert, compile the template, start its filters: the first page would wait for them."""
        import nbformat

        self._exporter(language).from_notebook_node(nbformat.v4.new_notebook(), resources={"audit_css": ""})

    def _exporter(self, language: str):
        if language not in self._exporters:
            lean_nbformat()
            exporter = _exporter_class()(
                template_name="audit",
                extra_template_basedirs=[str(TEMPLATES)],
                exclude_input=True,
                exclude_input_prompt=True,
                exclude_output_prompt=True,
                optimistic_validation=True,
            )
            exporter.language_code = "zh-CN" if language == "zh" else "en"
            self._exporters[language] = exporter
        return self._exporters[language]

    def html(self, nb, title: str, language: str) -> str:
        """One report page."""
        nb.metadata["title"] = title
        resources = {"metadata": {"name": title}, "audit_css": stylesheet(title, language, self._css)}
        body, _ = self._exporter(language).from_notebook_node(nb, resources=resources)
        return body
