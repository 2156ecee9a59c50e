"""Register text in charts is drawn as written: `$…$` is never mathtext (issue 25: `check` passed, the page failed)."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.report import charts

NASTY = st.text(st.sampled_from("区市场监管局$\\alpha{}^_%#&~ ab1"), min_size=1, max_size=20)


def _render(figure) -> None:
    figure.savefig(io.BytesIO(), format="png")


def test_the_unit_name_that_failed_a_page_is_drawn():
    name = "区市场监管局$\\alpha{$"
    _render(charts.bar_chart([name, "b$x$"], [1, 2], f"{name} 标题", name, reference=1.5, reference_label=name))
    _render(charts.stacked_columns([name], {name: [1]}, name, name))
    _render(charts.histogram([1, 2], [0, 1, 2, 3], name, name, name, {name: 2}))
    _render(charts.trend_chart([2020, 2021], {name: [0.5, None]}, name, name))
    _render(charts.month_grid([name], ["1月$"], [[1]], name))


@settings(max_examples=15, deadline=None)
@given(labels=st.lists(NASTY, min_size=1, max_size=3), title=NASTY)
def test_any_register_text_is_drawn_literally(labels, title):
    figure = charts.bar_chart(labels, list(range(1, len(labels) + 1)), title, title, horizontal=len(title) % 2 == 0)
    _render(figure)
    texts = [t.get_text() for t in figure.axes[0].get_yticklabels() + figure.axes[0].get_xticklabels()]
    assert all(label in texts for label in labels) or not figure.axes[0].get_yticklabels()
