"""The output folder's index: which years it holds."""

from __future__ import annotations

import json

from audit.index import collect_years


def test_index_of_a_missing_or_empty_output_folder_is_empty(tmp_path):
    assert collect_years(tmp_path / "never-run") == []
    (tmp_path / "2020").mkdir()  # a year folder without metrics.json is not a year yet
    assert collect_years(tmp_path) == []


def test_years_are_listed_oldest_first_with_their_reports(tmp_path):
    for year in (2021, 2020):
        folder = tmp_path / str(year)
        folder.mkdir()
        (folder / "metrics.json").write_text(json.dumps({"year": year, "reconsideration": {"received": year - 1965}}),
                                             encoding="utf-8")
        (folder / "summary.html").write_text("", encoding="utf-8")
    (tmp_path / ".2022-staging-x").mkdir()
    years = collect_years(tmp_path)
    assert [y.year for y in years] == [2020, 2021]
    assert years[0].reports == ("summary",) and years[1].get("reconsideration.received") == 56
    assert years[0].get("training.hours") is None
