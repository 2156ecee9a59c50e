"""Publicity metrics: every figure, blanks, required themes, groupings, the 2020 sample against the seed."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from audit.audits.publicity import compute as publicity
from audit.audits.publicity.register import schema
from audit.registers import ROW, Register

from .helpers import event, make_params, register, sample

KEYS = {
    "events",
    "materials",
    "audience",
    "consultations",
    "materials_blank",
    "audience_blank",
    "consultations_blank",
    "civil_code_materials",
    "required_themes",
    "required_themes_met",
    "required_themes_missing",
    "by_theme",
    "by_form",
    "by_organiser",
    "by_month",
    "incomplete_events",
}


@pytest.fixture(scope="module")
def seed():
    reg, params = sample()
    return publicity.compute(reg, params)


def test_the_2020_sample_gives_the_seeds_figures(seed):
    """共开展…法治宣传活动306场次，发放宣传资料4万余份，直接受众6.3万人次，接受法律咨询1400余人次；民法典海报、折页15000余份."""
    assert seed["events"] == 306
    assert 40_000 <= seed["materials"] < 50_000 and seed["materials"] == 41_860
    assert 62_500 <= seed["audience"] < 63_500 and seed["audience"] == 63_120
    assert 1_400 <= seed["consultations"] < 1_500 and seed["consultations"] == 1_436
    assert 15_000 <= seed["civil_code_materials"] < 16_000 and seed["civil_code_materials"] == 15_380


def test_the_2020_sample_is_pinned(seed):
    """The rest of the sample's figures, pinned so that a change never moves them unseen."""
    assert {code: t["events"] for code, t in seed["by_theme"].items()} == {
        "constitution": 40,
        "civil_code": 86,
        "community_corrections": 30,
        "public_order": 104,
        "other": 46,
    }
    assert {code: f["events"] for code, f in seed["by_form"].items()} == {"offline": 277, "online": 24, "livestream": 5}
    assert seed["by_form"]["livestream"]["audience"] == 8_505
    assert (seed["materials_blank"], seed["audience_blank"], seed["consultations_blank"]) == (2, 0, 1)
    assert [e["row"] for e in seed["incomplete_events"]] == [51, 97, 142]
    assert seed["required_themes"] == [
        {"theme": "constitution", "events": 40, "met": True},
        {"theme": "civil_code", "events": 86, "met": True},
    ]
    assert seed["required_themes_met"] is True and seed["required_themes_missing"] == []
    assert seed["by_organiser"][0] == {
        "organiser": "区司法局",
        "events": 43,
        "materials": 4_710,
        "audience": 14_708,
        "consultations": 191,
    }
    assert len(seed["by_organiser"]) == 41
    assert [m["events"] for m in seed["by_month"]] == [8, 7, 10, 16, 8, 46, 41, 30, 46, 20, 31, 43]


def test_every_key_is_present_and_the_block_is_json(seed):
    assert set(seed) == KEYS
    assert json.loads(json.dumps(seed, ensure_ascii=False)) == seed


@pytest.mark.parametrize("group", ["by_theme", "by_form"])
def test_the_groups_add_up_to_the_totals(seed, group):
    for figure in ("events", "materials", "audience", "consultations"):
        assert sum(g[figure] for g in seed[group].values()) == seed[figure], (group, figure)


@pytest.mark.parametrize("group", ["by_organiser", "by_month"])
def test_the_lists_add_up_to_the_totals(seed, group):
    for figure in ("events", "materials", "audience", "consultations"):
        assert sum(g[figure] for g in seed[group]) == seed[figure], (group, figure)


def test_totals_by_theme_and_form(tmp_path):
    reg, params = register(
        tmp_path,
        [
            event(theme="民法典", form="线下", materials=200, audience=150, consultations=10),
            event(theme="民法典", form="直播", materials=0, audience=3000, consultations=20),
            event(theme="宪法", form="线下", materials=80, audience=60, consultations=0),
            event(theme="综治", form="线上", materials=0, audience=400, consultations=3),
        ],
    )
    m = publicity.compute(reg, params)
    assert (m["events"], m["materials"], m["audience"], m["consultations"]) == (4, 280, 3610, 33)
    assert m["civil_code_materials"] == 200
    assert m["by_theme"]["civil_code"] == {"events": 2, "materials": 200, "audience": 3150, "consultations": 30}
    assert m["by_theme"]["community_corrections"] == {"events": 0, "materials": 0, "audience": 0, "consultations": 0}
    assert list(m["by_theme"]) == ["constitution", "civil_code", "community_corrections", "public_order", "other"]
    assert m["by_form"] == {
        "offline": {"events": 2, "materials": 280, "audience": 210, "consultations": 10},
        "online": {"events": 1, "materials": 0, "audience": 400, "consultations": 3},
        "livestream": {"events": 1, "materials": 0, "audience": 3000, "consultations": 20},
    }


def test_blank_counts_are_zero_in_the_totals_and_listed(tmp_path):
    reg, params = register(
        tmp_path,
        [
            event(materials="", audience=100, consultations=2, title="线上宣传"),
            event(materials=50, audience="", consultations="", title=""),
            event(materials=0, audience=0, consultations=0),  # zeros written: complete
        ],
    )
    m = publicity.compute(reg, params)
    assert (m["materials"], m["audience"], m["consultations"]) == (50, 100, 2)
    assert (m["materials_blank"], m["audience_blank"], m["consultations_blank"]) == (1, 1, 1)
    assert m["incomplete_events"] == [
        {"row": 2, "date": "2020-06-15", "title": "线上宣传", "missing": ["materials"]},
        {"row": 3, "date": "2020-06-15", "title": None, "missing": ["audience", "consultations"]},
    ]


def test_a_required_theme_without_an_event_is_missing(tmp_path):
    reg, params = register(tmp_path, [event(theme="民法典"), event(theme="综治")])
    m = publicity.compute(reg, params)
    assert m["required_themes"] == [
        {"theme": "constitution", "events": 0, "met": False},
        {"theme": "civil_code", "events": 1, "met": True},
    ]
    assert m["required_themes_met"] is False and m["required_themes_missing"] == ["constitution"]


def test_one_event_of_a_required_theme_is_enough(tmp_path):
    reg, params = register(tmp_path, [event(theme="民法典"), event(theme="宪法")])
    m = publicity.compute(reg, params)
    assert m["required_themes_met"] is True and [r["events"] for r in m["required_themes"]] == [1, 1]


def test_the_years_own_required_themes(tmp_path):
    params = make_params(publicity={"required_themes": ["community_corrections", "public_order", "civil_code"]})
    reg, _ = register(tmp_path, [event(theme="社区矫正法"), event(theme="民法典")], params=params)
    m = publicity.compute(reg, params)
    assert [r["theme"] for r in m["required_themes"]] == ["community_corrections", "public_order", "civil_code"]
    assert m["required_themes_missing"] == ["public_order"]
    none = make_params(publicity={"required_themes": []})
    m = publicity.compute(register(tmp_path, [event(theme="其他")], params=none)[0], none)
    assert m["required_themes"] == [] and m["required_themes_met"] is True


def test_without_a_civil_code_theme_there_are_no_civil_code_materials(tmp_path):
    params = make_params(
        publicity={"themes": {"constitution": {"zh": "宪法", "en": "Constitution"}}, "required_themes": []}
    )
    reg, _ = register(tmp_path, [event(theme="宪法")], params=params)
    m = publicity.compute(reg, params)
    assert m["civil_code_materials"] is None and list(m["by_theme"]) == ["constitution"]


def test_organisers_most_events_first_then_audience_then_name(tmp_path):
    reg, params = register(
        tmp_path,
        [
            event(organiser="区民政局", audience=10),
            event(organiser="城门司法所", audience=50),
            event(organiser="区教育局", audience=50),
            event(organiser="区民政局", audience=10),
        ],
    )
    m = publicity.compute(reg, params)
    assert [(o["organiser"], o["events"], o["audience"]) for o in m["by_organiser"]] == [
        ("区民政局", 2, 20),
        ("区教育局", 1, 50),
        ("城门司法所", 1, 50),
    ]


def test_months_from_the_first_to_the_last_day_of_the_year(tmp_path):
    reg, params = register(tmp_path, [event("2020-01-01"), event("2020-12-31", audience=7), event("2020-12-01")])
    m = publicity.compute(reg, params)
    assert [x["month"] for x in m["by_month"]] == [f"2020-{i:02d}" for i in range(1, 13)]
    assert [x["events"] for x in m["by_month"]] == [1] + [0] * 10 + [2]
    table = publicity.theme_months(reg, params)
    assert list(table.index) == list(range(1, 13)) and list(table.columns)[0] == "constitution"
    assert table.loc[12, "civil_code"] == 2 and int(table.to_numpy().sum()) == 3


def test_an_empty_year_gives_zeros_and_the_required_themes_missing():
    params = make_params()
    s = schema(params)
    data = pd.DataFrame({c.name: pd.Series(dtype="object") for c in s.columns})
    data["date"] = pd.Series(dtype="datetime64[ns]")
    for c in ("materials", "audience", "consultations"):
        data[c] = pd.Series(dtype="float64")
    data[ROW] = pd.Series(dtype="int64")
    empty = Register(s, "publicity.csv", data, data.astype(str), {})
    m = publicity.compute(empty, params)
    assert (m["events"], m["materials"], m["audience"], m["consultations"]) == (0, 0, 0, 0)
    assert m["civil_code_materials"] == 0 and m["incomplete_events"] == [] and m["by_organiser"] == []
    assert m["required_themes_missing"] == ["constitution", "civil_code"] and m["required_themes_met"] is False
    assert all(month["events"] == 0 for month in m["by_month"])
    assert json.loads(json.dumps(m)) == m


def test_row_order_does_not_change_a_figure(tmp_path):
    rows = [
        event(theme=t, form=f, organiser=o, materials=a, audience=b, consultations=c, date=d)
        for t, f, o, a, b, c, d in [
            ("宪法", "线下", "区司法局", 10, 20, 1, "2020-12-04"),
            ("民法典", "线上", "区教育局", 0, 300, 4, "2020-06-01"),
            ("综治", "线下", "区城管局", 40, 90, 0, "2020-09-09"),
            ("民法典", "直播", "区司法局", 0, 900, 7, "2020-06-12"),
        ]
    ]
    first = publicity.compute(*register(tmp_path, rows))
    second = publicity.compute(*register(tmp_path, rows[::-1]))
    first.pop("incomplete_events"), second.pop("incomplete_events")
    assert first == second
