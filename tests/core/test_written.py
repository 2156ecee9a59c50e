"""Figures as reports write them: every written form, at and just outside its bounds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from audit.core.written import read

D = Decimal


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        # 余 / 多 / 以上 / 超过: at least the figure, below the next unit of its last non-zero place
        ("64余", [64], [63, 65]),
        ("64余次", [64], [63, 65]),
        ("1400余", [1400, 1499], [1399, 1500]),
        ("1400余人次", [1400, 1499], [1399, 1500]),
        ("4万余", [40_000, 49_999], [39_999, 50_000]),
        ("4万余份", [40_000, 49_999], [39_999, 50_000]),
        ("15000余份", [15_000, 15_999], [14_999, 16_000]),
        ("三十余万", [300_000, 399_999], [299_999, 400_000]),
        ("三十余万人次", [300_000, 399_999], [299_999, 400_000]),
        ("40多", [40, 49], [39, 50]),
        ("超过90%", [D("90"), D("99.99")], [D("89.99"), D("100")]),
        ("90%以上", [D("90"), D("99.99")], [D("89.99"), D("100")]),
        # 约 / 近 / 左右, and a figure with 万 / 亿: the figure at its written precision (half up)
        ("6.3万", [62_500, 63_499], [62_499, 63_500]),
        ("6.3万人次", [62_500, 63_499], [62_499, 63_500]),
        ("约19.2%", [D("19.15"), D("19.2499")], [D("19.1499"), D("19.25")]),
        ("近20%", [D("19.5"), D("20.4999")], [D("19.4999"), D("20.5")]),
        ("20%左右", [D("19.5"), D("20.4999")], [D("19.4999"), D("20.5")]),
        ("1.5亿元", [145_000_000, 154_999_999], [144_999_999, 155_000_000]),
        ("两万", [15_000, 24_999], [14_999, 25_000]),
        # exact: at its written precision
        ("100%", [D("99.5"), D("100.4999")], [D("99.4999"), D("100.5")]),
        ("26.67%", [D("26.665"), D("26.6749")], [D("26.6649"), D("26.675")]),
        ("55", [D("54.5"), 55], [D("54.4999"), D("55.5")]),
        ("共55件", [55], [54, 56]),
        ("306场次", [306], [305, 307]),
    ],
)
def test_a_written_figure_admits_what_its_words_say(text, inside, outside):
    written = read(text)
    assert written is not None, text
    assert all(written.admits(D(v), "half_up") for v in inside), (text, inside)
    assert not any(written.admits(D(v), "half_up") for v in outside), (text, outside)


def test_truncating_reports_round_down():
    assert read("26.66%").admits(D("26.6667"), "truncate") and not read("26.66%").admits(D("26.6667"), "half_up")
    assert read("6.3万").admits(D(63_999), "truncate") and not read("6.3万").admits(D(62_999), "truncate")


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("4万余", "不少于 40,000（少于 50,000）", "at least 40,000 (below 50,000)"),
        ("1400余人次", "不少于 1,400（少于 1,500）", "at least 1,400 (below 1,500)"),
        ("约19.2%", "约 19.2%（精确到 0.1%）", "about 19.2% (to the nearest 0.1%)"),
        ("6.3万", "63,000（精确到 1,000）", "63,000 (to the nearest 1,000)"),
        ("55", "55", "55"),
        ("26.67%", "26.67%", "26.67%"),
    ],
)
def test_the_verdict_table_says_what_a_written_form_means(text, zh, en):
    assert (read(text).meaning("zh"), read(text).meaning("en")) == (zh, en)


@pytest.mark.parametrize("text", ["abc", "", "超过90%以上", "约64余", "一些", True, None, "4万余万余"])
def test_what_is_not_a_figure_is_not_guessed(text):
    assert read(text) is None


def test_numbers_from_yaml_are_read_as_written():
    assert (read(55).number, read(55).place) == (D(55), D(1))
    assert (read(0.2667).number, read(0.2667).place, read(0.2667).percent) == (D("0.2667"), D("0.0001"), False)
    assert read("1,400").number == D(1400)
