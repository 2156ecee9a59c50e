"""The list of units (单位名录): spellings, suggestions, problems of the list, matching the registers to it."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from audit.core import units as units_module
from audit.core.errors import InputError
from audit.core.params import load_params
from audit.core.units import SCHEMA, Unit, UnitList, normalise_unit
from audit.registers import load_registers
from audit.registers.load import ROW

from conftest import ROOT, write_csv, write_params

UNITS_HEADER = ["单位名称", "简称/别名", "类别"]
UNITS = [
    ["区自然资源和规划局", "区资源规划局；区自规局", "政府工作部门"],
    ["区市场监管局", "区市场监督管理局", "政府工作部门"],
    ["区城管局", "区城市管理局、仓山区城市管理局", "政府工作部门"],
    ["区人社局", "区人力资源和社会保障局", "政府工作部门"],
    ["区司法局", "", ""],
    ["金山街道", "金山街道办事处", "街道"],
]
RECON_HEADER = ["案件编号", "收案日期", "申请人", "被申请人", "受理情况", "受理日期", "审理结果", "结案日期"]
LIT_HEADER = ["案件编号", "立案日期", "审理法院", "被告", "裁判结果"]


def unit_list() -> UnitList:
    """The list of UNITS, built directly."""
    return UnitList(
        Unit(name, tuple(a for a in aliases.replace("；", "、").split("、") if a)) for name, aliases, _ in UNITS
    )


def recon_row(case_id: str, respondent: str) -> list[str]:
    """An accepted, pending reconsideration case against `respondent`."""
    return [case_id, "2020-03-02", "张甲", respondent, "受理", "2020-03-05", "", ""]


def year(tmp_path: Path, registers: dict[str, list[list[str]] | None], units: list[list[str]] | None = None):
    """The params of a 2020 year whose registers hold the given rows (and the list of `units`, if given)."""
    headers = {"reconsideration": RECON_HEADER, "litigation": LIT_HEADER}
    named = {}
    for key, rows in registers.items():
        assert rows is not None
        write_csv(tmp_path / f"{key}.csv", headers[key], rows)
        named[key] = f"{key}.csv"
    if units is not None:
        write_csv(tmp_path / "units.csv", UNITS_HEADER, units)
        named["units"] = "units.csv"
    return load_params(write_params(tmp_path, named))


def problems(params) -> list:
    """The problems loading the year's registers gives (it must give some)."""
    with pytest.raises(InputError) as caught:
        load_registers(params)
    return caught.value.problems


def where(problem) -> tuple:
    """A problem's file name, row, column header and value."""
    return (Path(problem.file).name, problem.row, problem.column, problem.value)


# ---- the list ---------------------------------------------------------------------------------


def test_a_unit_is_found_by_its_name_and_every_alias():
    units = unit_list()
    assert units.canonical("区自然资源和规划局") == "区自然资源和规划局"
    assert units.canonical("区资源规划局") == "区自然资源和规划局"
    assert units.canonical("区自规局") == "区自然资源和规划局"
    assert units.canonical("仓山区城市管理局") == "区城管局"
    assert units.canonical("区财政局") is None
    assert units.names[0] == "区自然资源和规划局" and len(units) == len(UNITS)


def test_names_compare_without_whitespace_and_full_width_forms():
    units = UnitList([Unit("区司法局（本级）", ("ABC局",))])
    assert units.canonical(" 区 司法局 (本级)") == "区司法局（本级）"
    assert units.canonical("区司法局\u3000（本级）") == "区司法局（本级）"
    assert units.canonical("ａｂｃ局") == "区司法局（本级）"
    assert normalise_unit("Ａ Ｂ\u3000c") == "abc"


def test_an_unknown_name_gets_the_closest_known_names():
    units = UnitList(
        [Unit("区自然资源和规划局"), Unit("区人力资源和社会保障局"), Unit("区市场监管局"), Unit("区司法局")]
    )
    # an abbreviation: the characters of the full name, in order
    assert units.suggest("区资源规划局")[0] == "区自然资源和规划局"
    assert units.suggest("区人社局")[0] == "区人力资源和社会保障局"
    # a full name, of a unit listed by its abbreviation; a slip of the pen
    assert units.suggest("仓山区市场监督管理局")[0] == "区市场监管局"
    assert units.suggest("区司发局")[0] == "区司法局"
    assert units.suggest("莆田市中级人民法院") == []
    assert len(units.suggest("区局", n=2)) <= 2


# Names as auditors type them: CJK characters, Latin letters and digits.
NAME = st.text(st.sampled_from("区市场监督管理局自然资源和规划城门镇街道ABCxyz0123"), min_size=1, max_size=12)


def _variant(name: str, data: st.DataObject) -> str:
    """`name` as typed differently: spaces around and between characters, ASCII as full-width, case changed."""
    out = []
    for ch in name:
        if ch.isascii() and data.draw(st.booleans()):
            ch = chr(ord(ch) + 0xFEE0)  # the full-width form
        if ch.isalpha() and ch.isascii() and data.draw(st.booleans()):
            ch = ch.swapcase()
        out.append(ch + data.draw(st.sampled_from(["", "", " ", "\u3000", "\t"])))
    return data.draw(st.sampled_from(["", " ", "\u3000"])) + "".join(out)


@given(st.lists(st.tuples(NAME, st.lists(NAME, max_size=3)), min_size=1, max_size=6), st.data())
def test_any_spelling_of_a_listed_unit_maps_to_its_name_however_typed(entries, data):
    units = UnitList(Unit(name, tuple(aliases)) for name, aliases in entries)
    owners = {}  # what the list says each spelling is: names first, then the first unit giving an alias
    for unit in units:
        owners.setdefault(normalise_unit(unit.name), unit.name)
    for unit in units:
        for alias in unit.aliases:
            owners.setdefault(normalise_unit(alias), unit.name)
    for unit in units:
        for spelling in unit.spellings:
            assert units.canonical(_variant(spelling, data)) == owners[normalise_unit(spelling)]
    if not units.clashes:  # a list without clashes: every spelling is its own unit's
        for unit in units:
            assert all(units.canonical(s) == unit.name for s in unit.spellings)


# ---- problems of the list itself --------------------------------------------------------------


def test_an_alias_two_units_share_and_an_alias_that_is_another_units_name(tmp_path):
    rows = [
        ["区城管局", "区城市管理局", ""],
        ["区城市管理综合执法大队", "区城市管理局；区城管局", "执法队伍"],  # row 3: both aliases clash
        ["区司法局", "", ""],
        [" 区司法局", "", ""],  # row 5: the same name again (spaces aside)
    ]
    got = problems(year(tmp_path, {}, rows))
    assert [where(p) for p in got] == [
        ("units.csv", 3, "简称/别名", "区城市管理局"),
        ("units.csv", 3, "简称/别名", "区城管局"),
        ("units.csv", 5, "单位名称", "区司法局"),
    ]
    shared, named, twice = got
    assert "already an alias of 区城管局 (row 2)" in shared.expected
    assert "已是区城管局（第 2 行）的别名" in shared.expected_zh
    assert "is the name of 区城管局 (row 2)" in named.expected
    assert "是区城管局（第 2 行）的名称" in named.expected_zh
    assert "the list already has 区司法局 (row 4)" in twice.expected and "名录中已有区司法局" in twice.expected_zh


def test_an_alias_that_is_a_later_units_name_is_the_aliass_problem():
    units = UnitList([Unit("区城市管理综合执法大队", ("区城管局",)), Unit("区城管局")])
    assert units.canonical("区城管局") == "区城管局"  # a unit's name is its own
    [clash] = units.clashes
    assert (clash.unit.name, clash.spelling, clash.alias, clash.other.name) == (
        "区城市管理综合执法大队",
        "区城管局",
        True,
        "区城管局",
    )


def test_an_alias_repeating_its_units_own_name_is_no_problem():
    assert UnitList([Unit("区司法局", ("区司法局", "区 司法局", "司法局", "司法局"))]).clashes == []


def test_the_schema_of_the_list():
    assert [c.name for c in SCHEMA.columns] == ["name", "aliases", "kind"]
    assert [c.name for c in SCHEMA.columns if c.required] == ["name"]
    assert units_module.ROLES[0].key == "units" and units_module.ROLES[0].required is False
    assert units_module.ROLES[0].title == {"zh": "单位名录", "en": "List of units"}


# ---- matching the registers -------------------------------------------------------------------


def test_aliases_become_canonical_names_and_the_text_keeps_the_cells(tmp_path):
    recon = [recon_row("F1", "区资源规划局"), recon_row("F2", "区 市场监督管理局"), recon_row("F3", "区城管局")]
    loaded = load_registers(year(tmp_path, {"reconsideration": recon}, UNITS))
    register = loaded["reconsideration"]
    assert register.data["respondent"].tolist() == ["区自然资源和规划局", "区市场监管局", "区城管局"]
    assert register.text["respondent"].tolist() == ["区资源规划局", "区 市场监督管理局", "区城管局"]
    assert list(loaded["units"].data["name"]) == [row[0] for row in UNITS]


def test_an_unknown_unit_is_a_problem_per_row_with_its_excel_row(tmp_path):
    lines = ["2020年行政复议案件登记表", ",".join(RECON_HEADER)]  # a title row: the header is row 2
    cases = [recon_row("F1", "区城管局"), recon_row("F2", "区资源规划"), [""] * 8, recon_row("F3", "区资源规划")]
    lines += [",".join(row) for row in cases]
    (tmp_path / "reconsideration.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_csv(tmp_path / "units.csv", UNITS_HEADER, UNITS)
    params = load_params(write_params(tmp_path, {"reconsideration": "reconsideration.csv", "units": "units.csv"}))
    got = problems(params)
    assert [where(p) for p in got] == [
        ("reconsideration.csv", 4, "被申请人", "区资源规划"),
        ("reconsideration.csv", 6, "被申请人", "区资源规划"),  # the blank row 5 keeps the numbering
    ]
    assert got[0].expected.startswith("a unit of the list of units (单位名录): closest: 区自然资源和规划局")
    assert got[0].expected_zh.startswith("单位名录中的单位：最接近的是区自然资源和规划局")


def test_an_unknown_unit_without_a_close_name(tmp_path):
    [problem] = problems(year(tmp_path, {"reconsideration": [recon_row("F1", "莆田市中级人民法院")]}, UNITS))
    assert "no known name is close" in problem.expected
    assert "名录中没有相近的名称" in problem.expected_zh


def test_every_problem_at_once_across_registers_and_with_other_problems(tmp_path):
    recon = [recon_row("F1", "区财政局"), recon_row("F1", "区城管局")]  # unknown unit; case id twice
    lit = [["L1", "2020-02-03", "鼓楼法院", "区司发局", ""], ["L2", "2020-13-40", "鼓楼法院", "金山街道办事处", ""]]
    got = problems(year(tmp_path, {"reconsideration": recon, "litigation": lit}, UNITS))
    found = {where(p) for p in got}
    assert found == {
        ("litigation.csv", 2, "被告", "区司发局"),
        ("litigation.csv", 3, "立案日期", "2020-13-40"),
        ("reconsideration.csv", 2, "被申请人", "区财政局"),
        ("reconsideration.csv", 3, "案件编号", "F1"),
    }
    assert "closest: 区司法局" in next(p for p in got if p.value == "区司发局").expected


def test_problems_of_the_list_and_of_the_registers_come_together(tmp_path):
    units = [*UNITS, ["区城市管理综合执法大队", "区城管局", ""]]
    got = problems(year(tmp_path, {"reconsideration": [recon_row("F1", "区财政局")]}, units))
    assert {(Path(p.file).name, p.column) for p in got} == {("units.csv", "简称/别名")}
    # a list that does not load matches nothing: the registers are still read, and their own problems told
    got = problems(year(tmp_path, {"reconsideration": [recon_row("F1", "区财政局"), recon_row("F1", "x")]}, units))
    assert {(Path(p.file).name, p.column) for p in got} == {
        ("units.csv", "简称/别名"),
        ("reconsideration.csv", "案件编号"),
    }


def test_the_list_is_matched_when_only_some_registers_are_asked_for(tmp_path):
    params = year(tmp_path, {"reconsideration": [recon_row("F1", "区资源规划局")]}, UNITS)
    loaded = load_registers(params, ["reconsideration"])
    assert list(loaded) == ["reconsideration"]
    assert loaded["reconsideration"].data["respondent"].tolist() == ["区自然资源和规划局"]


def test_without_a_list_unit_columns_are_as_written(tmp_path):
    recon = [recon_row("F1", "区资源规划局"), recon_row("F2", "区财政局")]
    register = load_registers(year(tmp_path, {"reconsideration": recon}))["reconsideration"]
    assert register.data["respondent"].tolist() == ["区资源规划局", "区财政局"]


def test_without_a_list_the_sample_year_loads_as_written(tmp_path):
    text = (ROOT / "params/2020.yaml").read_text(encoding="utf-8").replace("../data/", f"{ROOT / 'data'}/")
    without = "\n".join(line for line in text.splitlines() if "units.csv" not in line)
    (tmp_path / "2020.yaml").write_text(without, encoding="utf-8")
    loaded = load_registers(load_params(tmp_path / "2020.yaml"))
    assert "units" not in loaded
    for register in loaded.values():
        for column in register.schema.unit_columns:
            assert register.data[column].fillna("").equals(register.text[column]), (register.file, column)


def test_each_distinct_name_is_looked_up_once(tmp_path, monkeypatch):
    looked_up: Counter[str] = Counter()
    suggested: Counter[str] = Counter()
    canonical, suggest = UnitList.canonical, UnitList.suggest

    def counting_canonical(self, name):
        looked_up[name] += 1
        return canonical(self, name)

    def counting_suggest(self, name, n=3):
        suggested[name] += 1
        return suggest(self, name, n)

    monkeypatch.setattr(UnitList, "canonical", counting_canonical)
    monkeypatch.setattr(UnitList, "suggest", counting_suggest)
    names = ["区城管局", "区资源规划局", "区财政局", "区市场监督管理局"]
    recon = [recon_row(f"F{i}", names[i % 4]) for i in range(4000)]
    got = problems(year(tmp_path, {"reconsideration": recon}, UNITS))
    assert len(got) == 1000 and {p.value for p in got} == {"区财政局"}
    assert looked_up == Counter(names)
    assert suggested == Counter({"区财政局": 1})


# ---- the sample years with their lists --------------------------------------------------------


def _with_units(tmp_path: Path, year: int) -> Path:
    """A copy of params/<year>.yaml naming data/sample/<year>/units.csv too, with the registers where they are."""
    data = yaml.safe_load((ROOT / f"params/{year}.yaml").read_text(encoding="utf-8"))
    data["registers"] = {key: str((ROOT / "params" / path).resolve()) for key, path in data["registers"].items()}
    data["registers"]["units"] = str(ROOT / f"data/sample/{year}/units.csv")
    path = tmp_path / str(year) / f"{year}.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(ROOT / f"data/sample/{year}/units.csv", path.parent)
    return path


@pytest.fixture(scope="module")
def sample_years(tmp_path_factory) -> dict[int, dict]:
    """The registers of the sample years 2020 and 2021 loaded with their lists of units."""
    folder = tmp_path_factory.mktemp("units")
    return {y: load_registers(load_params(_with_units(folder, y))) for y in (2020, 2021)}


def test_the_sample_years_load_with_their_lists(sample_years):
    for loaded in sample_years.values():
        units = UnitList.from_register(loaded["units"])
        assert units.clashes == []
        for register in loaded.values():
            for column in register.schema.unit_columns:
                values = set(register.data[column].dropna())
                assert values <= set(units.names), (register.file, column, values - set(units.names))


def test_the_sample_years_group_by_the_same_canonical_names(sample_years):
    spelled: dict[str, set[str]] = {}  # each name as written, across both years: the canonical names it became
    for loaded in sample_years.values():
        for register in loaded.values():
            for column in register.schema.unit_columns:
                blank = register.text[column].eq("")
                for written, canonical in zip(register.text[column][~blank], register.data[column][~blank]):
                    spelled.setdefault(written, set()).add(canonical)
                # no row is lost or moved: each canonical unit counts the rows of all its spellings
                counts = register.data[column].value_counts()
                assert counts.sum() == (~blank).sum()
    assert all(len(c) == 1 for c in spelled.values()), {w: c for w, c in spelled.items() if len(c) > 1}
    assert spelled["区资源规划局"] == spelled["区自然资源和规划局"] == {"区自然资源和规划局"}
    assert spelled["区应急局"] == spelled["区应急管理局"] == {"区应急管理局"}
    assert spelled["建新镇政府"] == {"建新镇"} and spelled["仓山区人民政府"] == {"区政府"}
    # the two years' litigation: the same spellings grouped under the same units
    by_year = [set(sample_years[y]["litigation"].data["defendant"]) for y in (2020, 2021)]
    assert by_year[0] == by_year[1]
    assert ROW in sample_years[2020]["litigation"].data
