"""Charts for the reports, with a CJK font that ships with the project's own install.

matplotlib's default font has no Chinese glyphs: labels would become boxes and every missing
glyph a warning in the report. :func:`use_report_style` registers Noto Sans CJK SC (OFL, from
the ``noto-cjk-sans-otc`` wheel; no root, any OS) with matplotlib's font manager and makes it
the family of every chart. Chart functions return matplotlib figures; the report embeds them
with :func:`audit.report.html.figure`.

Every text a chart draws is literal: register text (a unit called ``区市场监管局$\alpha{$``) goes
into titles, tick labels, legends and bar labels, and matplotlib would read what lies between two
``$`` as mathtext (and fail the page on a formula it cannot parse). :func:`use_report_style` turns
mathtext and TeX off for every text artist (``text.parse_math``, ``text.usetex``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

CJK_FAMILY = "Noto Sans CJK SC"
PALETTE = ("#1f4e79", "#2e86c1", "#f39c12", "#c0392b", "#27ae60", "#8e44ad", "#7f8c8d", "#16a085")
_configured = False


def cjk_font_path() -> str:
    """Path of the packaged Noto Sans CJK collection."""
    from noto_cjk_sans_otc import FONT_PATH

    return str(FONT_PATH)


def use_report_style() -> None:
    """Set up matplotlib once per process: Agg backend, the CJK font, a plain report style."""
    global _configured
    if _configured:
        return
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    font_manager.fontManager.addfont(cjk_font_path())
    matplotlib.rcParams.update(
        {
            "font.family": [CJK_FAMILY, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 12,
            "axes.titleweight": "normal",  # the packaged font has one weight
            "figure.dpi": 100,
            "svg.hashsalt": "audit",
            # register text is drawn as written: "$…$" is not mathtext, nothing goes to TeX
            "text.parse_math": False,
            "text.usetex": False,
        }
    )
    _configured = True


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    use_report_style()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    value_label: str,
    horizontal: bool = True,
    value_format: str = "{:g}",
    colors: Sequence[str] | None = None,
    reference: float | None = None,
    reference_label: str = "",
    value_labels: Sequence[str] | None = None,
) -> Figure:
    """Bars with their values written on them; horizontal bars read best with long Chinese labels.

    `value_labels` replaces the formatted values (e.g. percentages rounded by the year's rule).
    """
    height = max(2.4, 0.38 * len(labels) + 1.2) if horizontal else 3.6
    fig, ax = _figure(7.5, height)
    colors = list(colors) if colors else [PALETTE[0]] * len(labels)
    if horizontal:
        positions = range(len(labels))[::-1]
        bars = ax.barh(list(positions), values, color=colors)
        ax.set_yticks(list(positions), labels)
        ax.set_xlabel(value_label)
        if reference is not None:
            ax.axvline(reference, color=PALETTE[3], linestyle="--", linewidth=1, label=reference_label)
    else:
        bars = ax.bar(range(len(labels)), values, color=colors)
        ax.set_xticks(range(len(labels)), labels)
        ax.set_ylabel(value_label)
        if reference is not None:
            ax.axhline(reference, color=PALETTE[3], linestyle="--", linewidth=1, label=reference_label)
    written = list(value_labels) if value_labels is not None else [value_format.format(v) for v in values]
    ax.bar_label(bars, labels=written, padding=3, fontsize=9)
    if all(float(v).is_integer() for v in values):
        from matplotlib.ticker import MaxNLocator

        (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    if horizontal:
        ax.set_xlim(0, max([*values, reference or 0, 1]) * 1.15)
    else:
        ax.set_ylim(0, max([*values, reference or 0, 1]) * 1.15)
    if reference is not None and reference_label:
        ax.legend(loc="lower right", frameon=False, fontsize=9)
    ax.set_title(title)
    return fig


def stacked_columns(
    categories: Sequence[str], series: Mapping[str, Sequence[float]], title: str, value_label: str
) -> Figure:
    """Columns per category, stacked by series (e.g. cases per month by intake result)."""
    fig, ax = _figure(7.5, 3.4)
    bottom = [0.0] * len(categories)
    for i, (name, values) in enumerate(series.items()):
        ax.bar(range(len(categories)), values, bottom=bottom, label=name, color=PALETTE[i % len(PALETTE)])
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_xticks(range(len(categories)), categories)
    ax.set_ylabel(value_label)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=9, ncols=min(len(series), 4), loc="upper left")
    ax.set_ylim(0, max([*bottom, 1]) * 1.3)
    return fig


def histogram(
    values: Sequence[float],
    bins: Sequence[float],
    title: str,
    value_label: str,
    count_label: str,
    limits: dict[str, float] | None = None,
) -> Figure:
    """A histogram with optional labelled vertical limit lines (e.g. the statutory 60/90 days)."""
    fig, ax = _figure(7.5, 3.2)
    ax.hist(list(values), bins=list(bins), color=PALETTE[1], edgecolor="white")
    for i, (label, x) in enumerate((limits or {}).items()):
        ax.axvline(x, color=PALETTE[3 - i], linestyle="--", linewidth=1.2, label=label)
    ax.set_xlabel(value_label)
    ax.set_ylabel(count_label)
    ax.set_title(title)
    if limits:
        ax.legend(frameon=False, fontsize=9)
    return fig


def trend_chart(
    years: Sequence[int],
    series: Mapping[str, Sequence[float | None]],
    title: str,
    value_label: str,
    percent: bool = True,
) -> Figure:
    """Lines of rates across years (a gap where a year has no value)."""
    fig, ax = _figure(7.5, 3.4)
    for i, (name, values) in enumerate(series.items()):
        points = [(y, v * 100 if percent else v) for y, v in zip(years, values) if v is not None]
        if points:
            ax.plot(
                [p[0] for p in points], [p[1] for p in points], marker="o", label=name, color=PALETTE[i % len(PALETTE)]
            )
    ax.set_xticks(list(years), [str(y) for y in years])
    if len(years) == 1:
        ax.set_xlim(years[0] - 1, years[0] + 1)
    if percent:
        ax.set_ylim(0, 105)
    ax.set_ylabel(value_label)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=3)
    return fig


def month_grid(
    rows: Sequence[str],
    months: Sequence[str],
    counts: Sequence[Sequence[int]],
    title: str,
    colors: Sequence[str] | None = None,
) -> Figure:
    """A timeline of events: one row per category, one column per month, a dot sized by the count.

    `counts[i][j]` is the number of events of row `i` in month `j`; the count is written in
    the dot, and an empty cell stays empty, so a month without any event shows as a gap.
    """
    fig, ax = _figure(7.5, max(2.2, 0.5 * len(rows) + 1.2))
    colors = list(colors) if colors else [PALETTE[i % len(PALETTE)] for i in range(len(rows))]
    top = max([n for line in counts for n in line] + [1])
    for i, line in enumerate(counts):
        y = len(rows) - 1 - i
        ax.axhline(y, color="#e3e8ee", linewidth=0.8, zorder=0)
        for j, n in enumerate(line):
            if n:
                ax.scatter([j], [y], s=120 + 260 * n / top, color=colors[i], zorder=2)
                ax.annotate(str(n), (j, y), ha="center", va="center", color="white", fontsize=8, zorder=3)
    ax.set_xticks(range(len(months)), months)
    ax.set_yticks(range(len(rows))[::-1], rows)
    ax.set_xlim(-0.6, len(months) - 0.4)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    if title:
        ax.set_title(title)
    return fig
