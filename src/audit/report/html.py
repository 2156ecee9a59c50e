"""Building blocks of a report page: headings, key figures, tables, charts, notes.

Every piece is an :class:`Html` fragment. In a notebook it displays as HTML; its plain-text
form (what the executed notebook stores as ``text/plain``) is the same content without tags,
so a regression test of the notebook sees the figures, not an object's repr. All text from
registers is escaped here: a finding reading ``<script>`` shows as text, never runs.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t]+")


class Html(str):
    """An HTML fragment that Jupyter displays as HTML (and as readable text elsewhere)."""

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return plain_text(self)

    def __add__(self, other: str) -> Html:
        return Html(str(self) + str(other))


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment: tags and embedded images removed, entities decoded."""
    text = re.sub(r"<img[^>]*>", "[chart]", fragment)
    text = re.sub(r"</(p|h\d|tr|div|li|caption)>", "\n", text)
    text = re.sub(r"</t[dh]>", "\t", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [_SPACE.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def esc(value: object) -> str:
    """Text escaped for HTML (None becomes empty); an Html fragment is already safe and kept."""
    if isinstance(value, Html):
        return str(value)
    return "" if value is None else html.escape(str(value), quote=True)


def badge(text: str, css_class: str) -> Html:
    """A short coloured marker for a table cell (status, ✓/✗)."""
    return Html(f'<span class="{esc(css_class)}">{esc(text)}</span>')


def link(text: str, href: str) -> Html:
    """A link to another report (relative, so the folder can be moved or mailed as a whole)."""
    return Html(f'<a href="{esc(href)}">{esc(text)}</a>')


def title(text: str, subtitle: str = "") -> Html:
    """The report's title block."""
    sub = f"<p>{esc(subtitle)}</p>" if subtitle else ""
    return Html(f'<div class="audit-title"><h1>{esc(text)}</h1>{sub}</div>')


def section(heading: str, *parts: str, note: str = "") -> Html:
    """A titled section holding already-built fragments, with an optional explanatory note."""
    body = "".join(parts)
    extra = f'<p class="note">{esc(note)}</p>' if note else ""
    return Html(f'<div class="audit-section"><h2>{esc(heading)}</h2>{body}{extra}</div>')


def paragraph(text: str) -> Html:
    """A paragraph of prose."""
    return Html(f"<p>{esc(text)}</p>")


def key_figures(figures: Iterable[tuple[str, str, str]]) -> Html:
    """Headline figures as cards: (label, value as written, note)."""
    cards = "".join(
        f'<div class="audit-figure"><div class="value">{esc(value)}</div>'
        f'<div class="label">{esc(label)}</div>' + (f'<div class="note">{esc(note)}</div>' if note else "") + "</div>"
        for label, value, note in figures
    )
    return Html(f'<div class="audit-figures">{cards}</div>')


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: Iterable[int] = (),
    caption: str = "",
    nowrap: Iterable[int] = (),
) -> Html:
    """A table of already formatted cells; columns whose index is in `numeric` align right.

    Cells of the columns in `nowrap` (dates, say) are never broken across lines on screen. The
    table sits in a box of its own that scrolls sideways where the table is wider than the
    screen (a phone), so the page itself never does.

    Cells are escaped, except cells that are :class:`Html` fragments built by this module
    (such as :func:`status`), which are inserted as they are.
    """
    right, whole = set(numeric), set(nowrap)

    def cell(tag: str, i: int, value: object) -> str:
        cls = ' class="num"' if i in right else ' class="nowrap"' if tag == "td" and i in whole else ""
        return f"<{tag}{cls}>{esc(value)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(r)) + "</tr>" for r in rows)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return Html(
        f'<div class="audit-table-scroll"><table class="audit-table">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def status(ok: bool, text: str) -> Html:
    """A pass/fail mark for a table cell: ✓ or ✗ before `text`, coloured by the page's CSS."""
    mark, cls = ("✓", "status-ok") if ok else ("✗", "status-bad")
    return Html(f'<span class="{cls}">{mark} {esc(text)}</span>')


def figure(fig: Figure, alt: str, dpi: int = 110) -> Html:
    """A matplotlib figure embedded as a PNG data URI (the report needs no other file)."""
    buffer = io.BytesIO()
    # constrained layout already fits labels and legends: no second, "tight" draw is needed
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return Html(f'<div class="audit-chart"><img alt="{esc(alt)}" src="data:image/png;base64,{data}"></div>')


_AUDIT_CLASS = re.compile(r"\.(audit-|rag|status-)")


def notebook_style() -> Html:
    """The report stylesheet's rules for the page's own elements, as a <style>, for a notebook opened in JupyterLab.

    Only the rules whose every selector names one of the report's classes (``.audit-…``,
    ``.rag…``, ``.status-…``) are kept: the others style the exported page as a whole and
    would restyle JupyterLab itself. Each selector is put under ``.jp-RenderedHTMLCommon`` (the
    class of every HTML output in JupyterLab), which outranks JupyterLab's own rules for the
    same elements, such as the one that right-aligns every table cell.
    """
    from audit.pipeline.render import TEMPLATES

    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)  # narrow screens: for the page, not Lab
    kept = []
    for rule in re.findall(r"[^{}]+\{[^{}]*\}", css):
        selectors, body = rule.split("{", 1)
        parts = [s.strip() for s in selectors.split(",")]
        if all(_AUDIT_CLASS.search(s) for s in parts):
            kept.append(", ".join(f".jp-RenderedHTMLCommon {s}" for s in parts) + " {" + body.strip())
    return Html('<style class="audit-notebook-style">' + "\n".join(kept) + "</style>")
