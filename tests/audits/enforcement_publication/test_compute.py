"""Enforcement publication metrics: every figure, the limits' boundaries in working days, holidays, as-of."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from audit.audits.enforcement_publication import compute as publication
from audit.core.params import load_params
from audit.registers import load_registers

from .helpers import decision, register
from conftest import ROOT, write_params

SAMPLE = ROOT / "data" / "sample" / "2020" / "enforcement_publication.csv"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("y2020")
    params = load_params(
        write_params(folder, {"enforcement_publication": str(SAMPLE)}, audit_date=dt.date(2020, 12, 31))
    )
    return publication.compute(load_registers(params)["enforcement_publication"], params)


def compute(tmp_path, rows, **params):
    return publication.compute(*register(tmp_path, rows, **params))


def states(tmp_path, rows, **params):
    reg, p = register(tmp_path, rows, **params)
    frame = publication.decision_frame(reg, p)
    return dict(
        zip(frame["decision_id"], zip(frame["state"], frame["delay"].astype(object).where(frame["delay"].notna())))
    )


# ---- the 2020 sample ---------------------------------------------------------------------------


def test_the_2020_sample_is_the_seed_year(sample):
    """21 district enforcement units, every decision published (信用福州), a handful late over the holidays."""
    assert (sample["decisions"], sample["units"], sample["published"]) == (369, 21, 369)
    assert (sample["on_time"], sample["late"], sample["unpublished"], sample["not_yet_due"]) == (362, 7, 0, 0)
    assert sample["judged"] == 369 and sample["published_after_as_of"] == 7
    assert sample["on_time_rate"] == pytest.approx(362 / 369, abs=1e-12)
    assert sample["published_rate"] == 1.0
    assert sample["rate_basis"] == {
        "on_time_rate": {"numerator": 362, "denominator": 369},
        "published_rate": {"numerator": 369, "denominator": 369},
    }
    assert (sample["median_delay"], sample["max_delay"]) == (3.0, 21)
    assert sample["limits"] == {"licence": 7, "penalty": 7, "other": 20}
    kinds = sample["by_kind"]
    assert [(k, kinds[k]["decisions"], kinds[k]["on_time"], kinds[k]["late"]) for k in kinds] == [
        ("licence", 141, 139, 2),
        ("penalty", 196, 192, 4),
        ("other", 32, 31, 1),
    ]
    assert [kinds[k]["median_delay"] for k in kinds] == [2.0, 3.0, 10.0]
    assert sample["by_platform"] == [{"platform": "信用福州", "decisions": 369}]


def test_the_sample_late_decisions_are_the_holiday_cases(sample):
    late = {
        c["decision_id"]: (c["decided_on"], c["deadline"], c["published_on"], c["working_days"], c["calendar_days"])
        for c in sample["late_decisions"]
    }
    assert late == {
        "仓城管罚〔2020〕8号": ("2020-01-21", "2020-02-07", "2020-02-10", 8, 20),  # over the Spring Festival
        "仓建许〔2020〕4号": ("2020-04-21", "2020-04-29", "2020-04-30", 8, 9),  # Sunday 26 April was a working day
        "仓卫罚〔2020〕4号": ("2020-07-06", "2020-07-15", "2020-07-20", 10, 14),
        "仓环强〔2020〕2号": ("2020-09-15", "2020-10-19", "2020-10-20", 21, 35),  # 20 working days, National Day
        "仓市监罚〔2020〕39号": ("2020-09-29", "2020-10-15", "2020-10-16", 8, 17),  # over National Day
        "仓文旅许〔2020〕7号": ("2020-10-09", "2020-10-19", "2020-10-20", 8, 11),  # Saturday 10 October worked
        "仓交罚〔2020〕20号": ("2020-12-24", "2021-01-05", "2021-01-06", 8, 13),  # over New Year 2021
    }
    assert [c["decided_on"] for c in sample["late_decisions"]] == sorted(late[k][0] for k in late)
    assert sample["unpublished_decisions"] == [] and sample["not_yet_due_decisions"] == []


def test_the_sample_units(sample):
    units = sample["by_unit"]
    assert len(units) == 21 and sum(u["decisions"] for u in units) == 369
    assert units[0] == {
        "unit": "区市场监管局",
        "decisions": 60,
        "published": 60,
        "on_time": 59,
        "late": 1,
        "unpublished": 0,
        "not_yet_due": 0,
        "judged": 60,
        "on_time_rate": pytest.approx(59 / 60),
        "median_delay": 2.0,
    }
    assert [u["decisions"] for u in units] == sorted((u["decisions"] for u in units), reverse=True)
    assert sum(u["late"] for u in units) == 7 and sum(1 for u in units if u["late"]) == 7


def test_the_block_is_json_as_it_is(sample):
    assert json.loads(json.dumps(sample)) == sample


def test_late_exactly_when_the_working_days_taken_exceed_the_limit(tmp_path):
    reg, p = register(
        tmp_path,
        [
            decision(str(i), decided=f"2020-{m:02d}-{d:02d}", published=f"2020-{m:02d}-{d2:02d}")
            for i, (m, d, d2) in enumerate(
                [(1, 2, 31), (4, 20, 30), (9, 25, 30), (10, 9, 31), (12, 1, 19), (6, 22, 30)]
            )
        ],
    )
    frame = publication.decision_frame(reg, p)
    assert (frame["late"] == (frame["delay"] > frame["limit"])).all()


# ---- the limits, counted in working days -------------------------------------------------------


def test_the_last_working_day_is_on_time_and_the_next_is_late(tmp_path):
    # Monday 2 March 2020: the 7th working day after it is Wednesday 11 March
    found = states(
        tmp_path,
        [
            decision("p7", decided="2020-03-02", published="2020-03-11"),
            decision("p8", decided="2020-03-02", published="2020-03-12"),
            decision("l7", kind="licence", decided="2020-03-02", published="2020-03-11"),
            decision("l8", kind="licence", decided="2020-03-02", published="2020-03-12"),
            # other decisions: 20 working days, Monday 2 March to Monday 30 March
            decision("o20", kind="other", decided="2020-03-02", published="2020-03-30"),
            decision("o21", kind="other", decided="2020-03-02", published="2020-03-31"),
            decision("o8", kind="other", decided="2020-03-02", published="2020-03-12"),
        ],
    )
    assert found == {
        "p7": ("on_time", 7),
        "p8": ("late", 8),
        "l7": ("on_time", 7),
        "l8": ("late", 8),
        "o20": ("on_time", 20),
        "o21": ("late", 21),
        "o8": ("on_time", 8),
    }


def test_the_day_of_the_decision_is_not_counted(tmp_path):
    found = states(
        tmp_path,
        [
            decision("same", decided="2020-03-02", published="2020-03-02"),
            decision("sunday", decided="2020-03-08", published="2020-03-08"),  # decided and published on a Sunday
            decision("next", decided="2020-03-02", published="2020-03-03"),
        ],
    )
    assert found == {"same": ("on_time", 0), "sunday": ("on_time", 0), "next": ("on_time", 1)}


def test_a_publication_on_the_rest_day_after_the_last_day_is_late(tmp_path):
    # Wednesday 4 March: the 7th working day is Friday 13 March; Saturday 14 counts as Monday 16
    found = states(
        tmp_path,
        [
            decision("fri", decided="2020-03-04", published="2020-03-13"),
            decision("sat", decided="2020-03-04", published="2020-03-14"),
            decision("early_sat", decided="2020-03-04", published="2020-03-07"),  # counts as Monday 9 March: 3
        ],
    )
    assert found == {"fri": ("on_time", 7), "sat": ("late", 8), "early_sat": ("on_time", 3)}


def test_national_day_and_the_spring_festival_are_not_working_days(tmp_path):
    found = states(
        tmp_path,
        [
            # 29 September: 30 September, then 9, 10 (a Saturday worked), 12, 13, 14, 15 October
            decision("national_day", decided="2020-09-29", published="2020-10-15"),
            decision("national_day_late", decided="2020-09-29", published="2020-10-16"),
            # 20 January: 21, 22, 23 January, then 3, 4 February (the holiday extended to 2 February)
            decision("spring", decided="2020-01-20", published="2020-02-04"),
            decision("spring_late", decided="2020-01-21", published="2020-02-10"),
        ],
    )
    assert found == {
        "national_day": ("on_time", 7),
        "national_day_late": ("late", 8),
        "spring": ("on_time", 5),
        "spring_late": ("late", 8),
    }


def test_make_up_working_days_on_weekends_count(tmp_path):
    # Sunday 26 April and Saturday 10 October 2020 were working days (调休)
    m = compute(
        tmp_path,
        [
            decision("april", kind="licence", decided="2020-04-21", published="2020-04-30"),
            decision("october", kind="licence", decided="2020-10-09", published="2020-10-20"),
            decision("october_ok", kind="licence", decided="2020-10-09", published="2020-10-19"),
        ],
    )
    assert [(c["decision_id"], c["deadline"], c["working_days"], c["calendar_days"]) for c in m["late_decisions"]] == [
        ("april", "2020-04-29", 8, 9),
        ("october", "2020-10-19", 8, 11),
    ]
    assert m["on_time"] == 1 and m["by_kind"]["licence"]["late"] == 2


def test_the_limits_are_params(tmp_path):
    rows = [
        decision("p5", decided="2020-03-02", published="2020-03-09"),
        decision("p6", decided="2020-03-02", published="2020-03-10"),
        decision("l", kind="licence", decided="2020-03-02", published="2020-03-12"),
    ]
    limits = {"enforcement_publication": {"limits": {"penalty": 5, "licence": 10}}}
    m = compute(tmp_path, rows, **limits)
    assert m["limits"] == {"licence": 10, "penalty": 5, "other": 20}
    assert m["by_kind"]["penalty"]["limit_working_days"] == 5
    assert [c["decision_id"] for c in m["late_decisions"]] == ["p6"] and m["on_time"] == 2


def test_the_holidays_of_a_year_the_package_lacks_come_from_the_params(tmp_path):
    from audit.core.calendar import package_years

    last = package_years()[1]
    calendar = {"holidays": [dt.date(last + 1, 1, 1)], "workdays": []}
    found = states(
        tmp_path,
        [decision("1", decided=f"{last}-12-31", published=f"{last + 1}-01-11")],
        year=last,
        calendar=calendar,
    )
    weekdays = sum(1 for d in range(2, 12) if dt.date(last + 1, 1, d).weekday() < 5)
    assert found == {"1": ("on_time" if weekdays <= 7 else "late", weekdays)}


# ---- not published: past the limit, or not yet due at the as-of date -------------------------------


def test_unpublished_and_not_yet_due_at_the_as_of_date(tmp_path):
    m = compute(
        tmp_path,
        [
            decision("a", decided="2020-12-21", published=""),  # last day 30 December: past it
            decision("b", decided="2020-12-22", published=""),  # last day 31 December, the as-of date: not yet due
            decision("c", decided="2020-12-23", published=""),  # last day 4 January 2021: not yet due
            decision("d", kind="other", decided="2020-12-01", published=""),  # 20 working days: 29 December
            decision("e", kind="other", decided="2020-12-04", published=""),  # 4 January 2021
            decision("f", decided="2020-12-28", published="2021-01-06"),  # published after the as-of date: 6 days
            decision("g", decided="2020-12-24", published="2021-01-06"),  # 8 working days: late
        ],
        audit_date=dt.date(2020, 12, 31),
    )
    assert (m["on_time"], m["late"], m["unpublished"], m["not_yet_due"]) == (1, 1, 2, 3)
    assert m["judged"] == 4 and m["on_time_rate"] == pytest.approx(1 / 4)
    assert m["published_rate"] == pytest.approx(2 / 4) and m["published_after_as_of"] == 2
    assert [(c["decision_id"], c["deadline"], c["working_days"]) for c in m["unpublished_decisions"]] == [
        ("d", "2020-12-29", 22),
        ("a", "2020-12-30", 8),
    ]
    waiting = [(c["decision_id"], c["deadline"], c["working_days"]) for c in m["not_yet_due_decisions"]]
    assert sorted(waiting) == [("b", "2020-12-31", 7), ("c", "2021-01-04", 6), ("e", "2021-01-04", 19)]
    assert m["by_kind"]["other"]["not_yet_due"] == 1 and m["by_kind"]["other"]["on_time_rate"] == 0.0


def test_an_earlier_as_of_date_makes_more_decisions_not_yet_due(tmp_path):
    rows = [decision("a", decided="2020-06-01", published=""), decision("b", decided="2020-06-29", published="")]
    m = compute(tmp_path, rows, audit_date=dt.date(2020, 6, 30))
    assert (m["unpublished"], m["not_yet_due"], m["as_of"]) == (1, 1, "2020-06-30")
    assert m["on_time_rate"] == 0.0


def test_nothing_to_judge_gives_no_rate(tmp_path):
    m = compute(tmp_path, [decision("a", decided="2020-12-30", published="")])
    assert (m["judged"], m["not_yet_due"], m["on_time_rate"], m["published_rate"]) == (0, 1, None, None)
    assert (m["median_delay"], m["max_delay"]) == (None, None)
    assert m["by_unit"][0]["on_time_rate"] is None and m["by_unit"][0]["median_delay"] is None


def test_an_empty_year_gives_zeros_and_no_rates(tmp_path):
    reg, p = register(tmp_path, [decision("a")])
    empty = dataclasses.replace(reg, data=reg.data.iloc[:0], text=reg.text.iloc[:0])
    m = publication.compute(empty, p)
    assert (m["decisions"], m["units"], m["published"], m["judged"], m["late"]) == (0, 0, 0, 0, 0)
    assert (m["on_time_rate"], m["median_delay"]) == (None, None)
    assert all(k["decisions"] == 0 and k["on_time_rate"] is None for k in m["by_kind"].values())
    assert m["by_unit"] == [] and m["by_platform"] == [] and m["late_decisions"] == []


# ---- by kind and by unit -------------------------------------------------------------------------


def test_by_kind_has_every_kind_in_register_order(tmp_path):
    m = compute(tmp_path, [decision("a", kind="penalty")])
    assert list(m["by_kind"]) == ["licence", "penalty", "other"]
    assert m["by_kind"]["licence"] == {
        "limit_working_days": 7,
        "decisions": 0,
        "published": 0,
        "on_time": 0,
        "late": 0,
        "unpublished": 0,
        "not_yet_due": 0,
        "judged": 0,
        "on_time_rate": None,
        "published_rate": None,
        "median_delay": None,
        "max_delay": None,
    }


def test_by_unit_counts_rates_and_order(tmp_path):
    m = compute(
        tmp_path,
        [
            decision("1", unit="区城管局", decided="2020-03-02", published="2020-03-03"),
            decision("2", unit="区城管局", decided="2020-03-02", published="2020-03-12"),
            decision("3", unit="区城管局", decided="2020-03-02", published=""),
            decision("4", unit="区住建局", decided="2020-03-02", published="2020-03-05"),
            decision("5", unit="区住建局", decided="2020-12-30", published=""),
            decision("6", unit="区卫健局", decided="2020-03-02", published="2020-03-05"),
        ],
    )
    assert m["by_unit"] == [
        {
            "unit": "区城管局",
            "decisions": 3,
            "published": 2,
            "on_time": 1,
            "late": 1,
            "unpublished": 1,
            "not_yet_due": 0,
            "judged": 3,
            "on_time_rate": pytest.approx(1 / 3),
            "median_delay": 4.5,
        },
        {
            "unit": "区住建局",
            "decisions": 2,
            "published": 1,
            "on_time": 1,
            "late": 0,
            "unpublished": 0,
            "not_yet_due": 1,
            "judged": 1,
            "on_time_rate": 1.0,
            "median_delay": 3.0,
        },
        {
            "unit": "区卫健局",
            "decisions": 1,
            "published": 1,
            "on_time": 1,
            "late": 0,
            "unpublished": 0,
            "not_yet_due": 0,
            "judged": 1,
            "on_time_rate": 1.0,
            "median_delay": 3.0,
        },
    ]
    assert m["units"] == 3 and m["median_delay"] == 3.0 and m["max_delay"] == 8


def test_platforms_count_published_decisions(tmp_path):
    m = compute(
        tmp_path,
        [
            decision("1"),
            decision("2", platform="区政府门户网站"),
            decision("3", platform="区政府门户网站"),
            decision("4", platform=""),
            decision("5", published=""),
        ],
    )
    assert m["by_platform"] == [
        {"platform": "区政府门户网站", "decisions": 2},
        {"platform": "", "decisions": 1},
        {"platform": "信用福州", "decisions": 1},
    ]


def test_the_party_is_never_in_the_metrics(tmp_path):
    m = compute(
        tmp_path, [decision("1", party="林秀英"), decision("2", party="陈建华", decided="2020-03-02", published="")]
    )
    assert "林秀英" not in json.dumps(m, ensure_ascii=False) and "陈建华" not in json.dumps(m, ensure_ascii=False)


def test_the_order_of_the_rows_does_not_matter(tmp_path):
    params = load_params(write_params(tmp_path, {"enforcement_publication": str(SAMPLE)}))
    reg = load_registers(params)["enforcement_publication"]
    shuffled = reg.data.sample(frac=1, random_state=7)
    other = dataclasses.replace(reg, data=shuffled, text=reg.text.loc[shuffled.index])
    assert publication.compute(other, params) == publication.compute(reg, params)
