"""The publicity register: headers in both languages, every bad value reported with its row, the params' themes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from audit.audits.publicity.register import schema
from audit.audits.publicity.settings import PublicityParams
from audit.core.errors import InputError
from audit.core.model import RuleError

from .helpers import COLUMNS, ZH_COLUMNS, event, make_params, register
from conftest import assert_chinese


def problems(tmp_path, rows, **kwargs):
    with pytest.raises(InputError) as caught:
        register(tmp_path, rows, **kwargs)
    assert_chinese(caught.value.problems)
    return [(p.row, p.column, p.expected) for p in caught.value.problems]


def test_chinese_headers_and_labels_load(tmp_path):
    reg, _ = register(
        tmp_path,
        [
            event("2020-12-04", "宪法", "线下", materials="1,200", audience=300, consultations=12),
            event("2020年6月12日", "《民法典》", "云直播", materials=0, audience=3260, consultations=20),
            event("2020/7/1", "社区矫正", "线上", materials="", audience=450, consultations=""),
            event("2020.9.10", "综治宣传", "现场", audience=""),
            event("2020-03-16", "其它", "网络"),
        ],
    )
    d = reg.data
    assert list(d["theme"]) == ["constitution", "civil_code", "community_corrections", "public_order", "other"]
    assert list(d["form"]) == ["offline", "livestream", "online", "offline", "online"]
    assert d["materials"].iloc[0] == 1200 and d["materials"].isna().sum() == 1
    assert str(d["date"].iloc[1].date()) == "2020-06-12"
    assert reg.headers["materials"] == "发放资料（份）"


def test_english_headers_and_codes_load(tmp_path):
    reg, _ = register(
        tmp_path,
        [event(theme="civil_code", form="livestream"), event(theme="Constitution", form="offline")],
        header=COLUMNS,
    )
    assert list(reg.data["theme"]) == ["civil_code", "constitution"]
    assert list(reg.data["form"]) == ["livestream", "offline"]


def test_aliases_and_half_width_brackets_are_headers(tmp_path):
    header = ["活动日期", "宣传主题", "活动形式", "主办单位", "发放资料(份)", "受众人次", "咨询人次", "宣讲人"]
    reg, _ = register(
        tmp_path, [["2020-05-06", "民法典", "线下", "区人社局", "50", "40", "3", "某甲乙"]], header=header
    )
    assert reg.headers == {
        "date": "活动日期",
        "theme": "宣传主题",
        "form": "活动形式",
        "organiser": "主办单位",
        "materials": "发放资料(份)",
        "audience": "受众人次",
        "consultations": "咨询人次",
        "speaker": "宣讲人",
        "title": "活动名称",
        "venue": "地点",
    }


def test_the_speaker_is_personal_data_and_nothing_else_is():
    assert schema(make_params()).private_columns == ("speaker",)


def test_a_theme_outside_the_list_names_the_list(tmp_path):
    with pytest.raises(InputError) as caught:
        register(tmp_path, [event(theme="民法典"), event(theme="反诈")])
    (p,) = caught.value.problems
    assert (p.row, p.column, p.value) == (3, "主题", "反诈")
    assert p.expected_zh == "以下之一：宪法、民法典、社区矫正法、综治、其他"
    assert "civil_code (民法典/《民法典》/民法典宣传/民法典宣讲)" in p.expected


def test_the_themes_come_from_the_params(tmp_path):
    params = make_params(
        publicity={
            "themes": {
                "constitution": {"zh": "宪法", "en": "Constitution"},
                "anti_fraud": {"zh": "反诈", "en": "Anti-fraud", "aliases": ["反电信网络诈骗"]},
            },
            "required_themes": ["constitution"],
        }
    )
    reg, _ = register(tmp_path, [event(theme="反电信网络诈骗"), event(theme="宪法")], params=params)
    assert list(reg.data["theme"]) == ["anti_fraud", "constitution"]
    with pytest.raises(InputError) as caught:
        register(tmp_path, [event(theme="民法典")], params=params)
    assert caught.value.problems[0].expected_zh == "以下之一：宪法、反诈"


@pytest.mark.parametrize(
    ("cell", "value", "expected"),
    [
        ("date", "2020-13-01", "a date such as 2020-06-30, 2020/6/30 or 2020年6月30日"),
        (
            "form",
            "广播",
            "one of offline (线下/现场/线下活动/现场活动), online (线上/网络/线上活动/网上), "
            "livestream (直播/云直播/网络直播/线上直播)",
        ),
        ("materials", "-1", "a whole number ≥ 0"),
        ("materials", "12.5", "a whole number ≥ 0"),
        ("audience", "很多", "a whole number ≥ 0"),
        ("consultations", "1,5", "a whole number ≥ 0"),
    ],
)
def test_each_bad_value_is_reported_at_its_row(tmp_path, cell, value, expected):
    row = event()
    row[COLUMNS.index(cell)] = value
    found = problems(tmp_path, [event(), row])
    assert found == [(3, ZH_COLUMNS[COLUMNS.index(cell)], expected)]


@pytest.mark.parametrize("cell", ["date", "theme", "form", "organiser"])
def test_a_required_cell_left_blank(tmp_path, cell):
    row = event()
    row[COLUMNS.index(cell)] = ""
    assert problems(tmp_path, [row]) == [(2, ZH_COLUMNS[COLUMNS.index(cell)], "a value (required)")]


def test_a_required_column_missing(tmp_path):
    header = [h for h in ZH_COLUMNS if h != "组织单位"]
    row = [v for h, v in zip(ZH_COLUMNS, event()) if h != "组织单位"]
    (found,) = problems(tmp_path, [row], header=header)
    assert found[1] == "组织单位" and "required" in found[2]


def test_every_event_in_the_audited_year(tmp_path):
    found = problems(tmp_path, [event("2019-12-31"), event("2020-01-01"), event("2020-12-31"), event("2021-01-01")])
    assert found == [(2, "日期", "a date in 2020 (the audited year)"), (5, "日期", "a date in 2020 (the audited year)")]


def test_consultations_at_most_the_audience(tmp_path):
    found = problems(
        tmp_path,
        [
            event(audience=10, consultations=10),  # all of the audience asked: allowed
            event(audience=10, consultations=11),
            event(audience="", consultations=11),  # no audience recorded: nothing to compare
        ],
    )
    assert [(r, c) for r, c, _ in found] == [(3, "接受咨询（人次）")]
    assert "at most the event's audience" in found[0][2]


def test_every_problem_is_reported_together(tmp_path):
    with pytest.raises(InputError) as caught:
        register(
            tmp_path,
            [
                event("2021-02-01"),
                event(theme="普法"),
                event(form="", materials="-3"),
                event(audience=5, consultations=9),
                event(organiser=""),
            ],
        )
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (2, "日期"),
        (3, "主题"),
        (4, "形式"),
        (4, "发放资料（份）"),
        (5, "接受咨询（人次）"),
        (6, "组织单位"),
    }
    assert all(p.file == "publicity.csv" for p in caught.value.problems)
    assert_chinese(caught.value.problems)
    chinese = {(p.row, p.column): p.expected_zh for p in caught.value.problems}
    assert chinese[(2, "日期")] == "2020 年内的日期（审计年度）"
    assert chinese[(4, "发放资料（份）")] == "整数，不小于 0"
    assert chinese[(5, "接受咨询（人次）")] == "不超过该活动的受众人次：接受咨询的群众也是受众"


# ---- the params block publicity: -------------------------------------------------------------


def rule(**block) -> RuleError:
    with pytest.raises(ValidationError) as caught:
        PublicityParams.model_validate(block)
    (error,) = caught.value.errors()
    found = error["ctx"]["error"]
    assert isinstance(found, RuleError) and found.zh
    return found


def test_the_defaults_are_the_seeds_themes_and_the_constitution_and_civil_code():
    p = PublicityParams()
    assert list(p.themes) == ["constitution", "civil_code", "community_corrections", "public_order", "other"]
    assert [t.zh for t in p.themes.values()] == ["宪法", "民法典", "社区矫正法", "综治", "其他"]
    assert p.required_themes == ("constitution", "civil_code")


def test_a_required_theme_must_be_a_theme():
    found = rule(required_themes=["constitution", "anti_fraud"])
    assert found.key == "required_themes" and "anti_fraud" in str(found) and "宪法" in found.zh


def test_a_required_theme_once():
    assert rule(required_themes=["civil_code", "civil_code"]).key == "required_themes"


def test_two_themes_cannot_share_a_label():
    themes = {"a": {"zh": "宪法", "en": "A"}, "b": {"zh": "民法典", "en": "B", "aliases": ["宪法"]}}
    found = rule(themes=themes, required_themes=[])
    assert found.key == "themes" and "a" in str(found) and "b" in str(found)


def test_theme_codes_and_an_empty_list():
    assert rule(themes={"Civil Code": {"zh": "民法典", "en": "Civil Code"}}, required_themes=[]).key == "themes"
    assert rule(themes={}, required_themes=[]).key == "themes"


def test_no_required_theme_is_allowed():
    assert PublicityParams(required_themes=()).required_themes == ()
