"""A PDF beside each HTML page (``audit run --pdf``, or ``formats: [html, pdf]`` in params).

The engine is WeasyPrint (the optional extra ``audit[pdf]``): it implements CSS paged media (the
report stylesheet's ``@page`` rules: A4, the title and page numbers in the margins, table headers
repeated, rows and charts kept whole), embeds a subset of the Chinese font the project ships
(``noto-cjk-sans-otc``) as a real font, so the text is searchable and copies out, and writes the same
bytes for the same page: no creation date unless the page asks for one, an /ID from the content.
Headless Chromium was measured too: it draws CJK text as Type 3 outlines and stamps the time of
printing and a random /ID into every file.

Fontconfig is given a configuration of its own that knows only the bundled font, so a PDF is the
same on every machine whatever fonts it has installed. Relative links (to the year's other pages)
are dropped before printing: resolved against the staging folder, they would name a path that
exists nowhere and differs between runs; the link text stays.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from audit.core.errors import Problem

INSTALL_HINT = {
    "en": 'PDF needs WeasyPrint and its system libraries: `pip install "audit[pdf]"` (offline: the wheelhouse), and '
    "Pango (Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0; Windows: the GTK runtime, see "
    "WeasyPrint's installation notes)",
    "zh": '生成 PDF 需要 WeasyPrint 及其系统库：`pip install "audit[pdf]"`（内网：用离线安装包），以及 Pango'
    "（Debian/Ubuntu：apt-get install libpango-1.0-0 libpangoft2-1.0-0；Windows：安装 GTK 运行库，见 WeasyPrint 安装说明）",
}
_RELATIVE_LINK = re.compile(r'<a\b([^>]*?)\shref="(?![a-z][a-z0-9+.-]*:|#)[^"]*"', re.IGNORECASE)


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or the system library it needs, is not installed; `reason` says what failed to load."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"{INSTALL_HINT['en']} ({reason})")


def _fontconfig() -> None:
    """Point fontconfig (read once, when WeasyPrint loads Pango) at the bundled CJK font only."""
    if os.environ.get("FONTCONFIG_FILE") and os.environ.get("FONTCONFIG_FILE") == os.environ.get("AUDIT_FONTCONFIG"):
        return  # set up already in this process
    from audit.report.charts import cjk_font_path

    folder = Path(tempfile.mkdtemp(prefix="audit-fontconfig-"))
    conf = folder / "fonts.conf"
    fonts = Path(cjk_font_path()).parent
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{fonts.as_posix()}</dir>\n  <cachedir>{(folder / 'cache').as_posix()}</cachedir>\n"
        "  <alias><family>sans-serif</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>\n"
        "  <alias><family>serif</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>\n"
        "  <alias><family>monospace</family><prefer><family>Noto Sans Mono CJK SC</family></prefer></alias>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    os.environ["FONTCONFIG_FILE"] = os.environ["AUDIT_FONTCONFIG"] = str(conf)


def engine() -> Any:
    """The WeasyPrint module, loaded with the bundled font; PdfUnavailable where it or Pango is missing."""
    _fontconfig()
    try:
        import weasyprint
    except ImportError as exc:
        raise PdfUnavailable(f"ImportError: {exc}") from exc
    except OSError as exc:  # the Python package is there, Pango is not (cffi cannot load it)
        raise PdfUnavailable(f"OSError: {exc}") from exc
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # CSS it does not implement (screen-only rules)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint


def unavailable(params_file: str, where: str) -> Problem | None:
    """The input problem of a year that asks for PDF (`where`: ``formats`` or ``--pdf``) where it cannot be made, or None."""
    from audit.core.errors import Problem

    try:
        engine()
    except PdfUnavailable as exc:
        return Problem(
            params_file,
            None,
            where,
            "pdf",
            f"{INSTALL_HINT['en']} ({exc.reason})",
            INSTALL_HINT["zh"] + f"（{exc.reason}）",
        )
    return None


def printable(page: str) -> str:
    """The page's HTML as it is printed: relative links dropped (their text kept)."""
    return _RELATIVE_LINK.sub(r"<a\1", page)


def write_pdf(html_path: Path, pdf_path: Path) -> None:
    """Print the page `html_path` to `pdf_path` (written whole under another name, then renamed)."""
    weasyprint = engine()
    page = printable(html_path.read_text(encoding="utf-8"))
    # a fixed base: nothing of the page is fetched (its images are data: URIs), nothing of the folder is written
    document = weasyprint.HTML(string=page, base_url="about:blank")
    partial = pdf_path.with_name(f".{pdf_path.name}.partial")
    try:
        document.write_pdf(partial)
        os.replace(partial, pdf_path)
    finally:
        partial.unlink(missing_ok=True)
