"""Report fragments: escaping, plain-text form, embedded charts."""

from __future__ import annotations

from audit.report import html


def test_table_escapes_register_text():
    fragment = html.table(["问题"], [["<script>alert(1)</script>"], ['<img src=x onerror="alert(2)">']])
    assert "<script>" not in fragment and "&lt;script&gt;alert(1)&lt;/script&gt;" in fragment
    assert "<img src=x" not in fragment and "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in fragment


def test_numeric_columns_align_right():
    fragment = html.table(["a", "b"], [["x", "1"]], numeric=(1,))
    assert '<td class="num">1</td>' in fragment and "<td>x</td>" in fragment


def test_plain_text_form_is_readable_not_a_repr():
    fragment = html.section("复议指标", html.table(["指标", "比率"], [["调解成功率", "26.67%"]]))
    assert repr(fragment) == "复议指标\n指标 比率\n调解成功率 26.67%"
    assert fragment._repr_html_().startswith('<div class="audit-section">')


def test_figure_is_an_embedded_png_without_timestamps():
    from audit.report import charts

    first = html.figure(charts.bar_chart(["维持", "撤销"], [3, 1], "审理结果", "件数"), "审理结果")
    second = html.figure(charts.bar_chart(["维持", "撤销"], [3, 1], "审理结果", "件数"), "审理结果")
    assert 'src="data:image/png;base64,' in first and 'alt="审理结果"' in first
    assert first == second


def test_chinese_chart_labels_use_the_packaged_cjk_font_without_warnings():
    import warnings

    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties

    from audit.report import charts

    charts.use_report_style()
    path = font_manager.findfont(FontProperties(family=charts.CJK_FAMILY), fallback_to_default=False)
    assert path == charts.cjk_font_path()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning: it would fail here
        html.figure(charts.bar_chart(["区市场监管局", "街道办事处"], [3, 1], "各被申请人直接纠错件数", "件数"), "x")


def test_the_notebook_style_keeps_only_the_reports_own_rules():
    """In JupyterLab the report's rules apply; rules for the exported page (body, main, .jp-Cell) would restyle Lab."""
    import re

    from audit.report.html import notebook_style

    css = str(notebook_style()).removeprefix('<style class="audit-notebook-style">').removesuffix("</style>")
    rules = re.findall(r"([^{}]+)\{[^{}]*\}", css)
    assert rules and "table.audit-table" in css and ".rag-red" in css
    for selectors in rules:
        assert all(re.search(r"\.(audit-|rag|status-)", s) for s in selectors.split(",")), selectors
        # under JupyterLab's class for HTML output, they outrank its own rules (right-aligned cells)
        assert all(s.strip().startswith(".jp-RenderedHTMLCommon ") for s in selectors.split(",")), selectors
    assert "@media" not in css and "@page" not in css and "main {" not in css
    assert not re.search(r"(?<![\w-])body\b", css)  # the page's body rule (tbody is a table's)


def test_a_table_scrolls_in_a_box_of_its_own():
    fragment = html.table(["单位", "件数"], [["区司法局", "3"]], numeric=(1,))
    assert fragment.startswith('<div class="audit-table-scroll"><table class="audit-table">')
    assert fragment.endswith("</table></div>")
    assert repr(fragment) == "单位 件数\n区司法局 3"
