"""The output folder's index: which years it holds."""

from __future__ import annotations

import json
from pathlib import Path

from audit.report.years import collect_years


def test_index_of_a_missing_or_empty_output_folder_is_empty(tmp_path):
    assert collect_years(tmp_path / "never-run") == []
    (tmp_path / "2020").mkdir()  # a year folder without metrics.json is not a year yet
    assert collect_years(tmp_path) == []


def test_years_are_listed_oldest_first_with_their_reports(tmp_path):
    for year in (2021, 2020):
        folder = tmp_path / str(year)
        folder.mkdir()
        (folder / "metrics.json").write_text(
            json.dumps({"year": year, "reconsideration": {"received": year - 1965}}), encoding="utf-8"
        )
        (folder / "summary.html").write_text("", encoding="utf-8")
    (tmp_path / ".2022-staging-x").mkdir()
    years = collect_years(tmp_path)
    assert [y.year for y in years] == [2020, 2021]
    assert years[0].reports == ("summary",) and years[1].get("reconsideration.received") == 56
    assert years[0].get("training.hours") is None


def _year_folder(root, year: int, definitions: dict | None, rate: float) -> None:
    folder = root / str(year)
    folder.mkdir()
    metrics = {"year": year, "reconsideration": {"received": 10, "correction_rate": rate}}
    if definitions is not None:
        metrics["definitions"] = definitions
    (folder / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")


def test_each_year_s_rates_are_written_by_that_year_s_rounding_rule(tmp_path):
    """The index writes a rate as the year's own reports do, not by one rule for every year."""
    from audit.report.index import IndexReport

    _year_folder(tmp_path, 2019, None, 0.266666)  # written before metrics.json recorded its definitions
    _year_folder(tmp_path, 2020, {"rounding": "truncate", "percent_decimals": 1}, 0.266666)
    _year_folder(tmp_path, 2021, {"rounding": "half_up", "percent_decimals": 0}, 0.266666)
    years = {y.year: y for y in collect_years(tmp_path)}
    assert [years[y].percent(0.266666) for y in (2019, 2020, 2021)] == ["26.67%", "26.6%", "27%"]
    table = IndexReport(tmp_path, "zh").table()
    rows = {row.split("</td>")[0].rsplit(">", 1)[-1]: row for row in str(table).split("<tr")[2:]}
    assert "26.67%" in rows["2019"] and "26.6%" in rows["2020"] and "27%" in rows["2021"]
    assert "26.7%" not in str(table)


def test_every_report_has_a_short_link_name_in_both_languages():
    from audit.audits import AUDITS
    from audit.report.index import IndexReport

    for language in ("zh", "en"):
        index = IndexReport(Path("no-such-folder"), language)
        names = [index._link_name(name) for name in ("summary", *[a.notebook for a in AUDITS])]
        assert all(names) and len(set(names)) == len(names), (language, names)


def test_the_index_counts_each_years_findings_and_what_became_of_last_years(tmp_path):
    from audit.report.index import IndexReport

    tallies = {
        2020: {"raised": 51, "by_severity": {}, "previous": None},
        2021: {"raised": 28, "by_severity": {}, "previous": {"rectified": 10, "recurring": 12}},
    }
    for year, tally in tallies.items():
        folder = tmp_path / str(year)
        folder.mkdir()
        metrics = {"year": year, "findings_tally": tally}
        (folder / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
        (folder / "findings.html").write_text("", encoding="utf-8")
    (tmp_path / "2019").mkdir()
    (tmp_path / "2019" / "metrics.json").write_text(json.dumps({"year": 2019}), encoding="utf-8")  # before findings
    index = IndexReport(tmp_path)
    assert [index.findings_counts(y) for y in index.years] == [("—", "—", "—"), ("51", "—", "—"), ("28", "10", "12")]
    page = str(index.table())
    assert "发现问题" in page and "上年问题已整改" in page and 'href="2021/findings.html"' in page
