"""benchmarks/bench_city.py: its city is valid, its re-dating exact, its pages right; and it runs (1 × 1)."""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import pytest

from audit.cli import main

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_city  # noqa: E402  (benchmarks/ is no package)


def _carried_over(register: Path) -> tuple[set[str], set[str]]:
    """A reconsideration register's case numbers: all of them, and those carried over from the year before."""
    with open(register, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {r["案件编号"] for r in rows}, {r["案件编号"] for r in rows if r["上年结转"] == "是"}


def test_every_generated_year_is_valid_and_carries_over_last_years_cases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    params = bench_city.generate(tmp_path, 1, bench_city.MAX_YEARS)
    years = range(bench_city.FIRST_YEAR, bench_city.FIRST_YEAR + bench_city.MAX_YEARS)
    code = "359901"
    for year in years:
        path = params / code / f"{year}.yaml"
        assert main(["check", "--params", str(path), "--lang", "en"]) == 0, capsys.readouterr()
        text = path.read_text(encoding="utf-8")
        assert f"\nyear: {year}\n" in text and f'jurisdiction: {{code: "{code}"' in text
        assert "reported:" not in text and "rectification" not in text
    capsys.readouterr()
    # 2023 is 2021 re-dated: the cases it carries over are among 2022's (2020 re-dated), as 2021's are among 2020's
    cases_2022, _ = _carried_over(tmp_path / "registers" / code / "2022" / "reconsideration.csv")
    cases_2023, carried = _carried_over(tmp_path / "registers" / code / "2023" / "reconsideration.csv")
    assert carried and carried <= cases_2022
    assert all("〔2022〕" in case or "〔2023〕" in case for case in cases_2023)


def test_redate_moves_every_year_and_keeps_dates_real() -> None:
    text = "仓司复〔2020〕1号,2020-02-29,(2019)闽03行初34号,2020-1,2020-001,仓政〔2016〕31号,12020,202,2000份"
    assert bench_city.redate(text, 2) == (
        "仓司复〔2022〕1号,2022-02-28,(2021)闽03行初34号,2022-1,2022-001,仓政〔2018〕31号,12020,202,2002份"
    )
    assert bench_city.redate("2020-02-29,2020-03-01", 4) == "2024-02-29,2024-03-01"
    assert bench_city.redate("2021-12-31", 0) == "2021-12-31"
    assert bench_city.base_of(2020) == (2020, 0)
    assert bench_city.base_of(2023) == (2021, 2)
    assert bench_city.base_of(2024) == (2020, 4)


def test_pages_and_what_a_run_rewrote(tmp_path: Path) -> None:
    files = [
        "359901/2020/summary.html",
        "359901/2020/manifest.json",
        "359901/index.html",
        "359901/audit-log.jsonl",
        "rollup/2020.html",
        "rollup/fingerprints.json",
        "index.html",
        "index.ipynb",
    ]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    before = bench_city.pages(tmp_path)
    assert set(before) == {"359901/2020", "359901/index", "rollup/2020", "index"}
    manifest = tmp_path / "359901/2020/manifest.json"
    stamp = manifest.stat().st_mtime_ns
    os.utime(manifest, ns=(stamp + 10**9, stamp + 10**9))
    (tmp_path / "359901/audit-log.jsonl").write_text("y", encoding="utf-8")  # the run log is no page
    assert bench_city.rewritten(before, bench_city.pages(tmp_path)) == {"359901/2020"}


@pytest.mark.e2e
def test_the_benchmark_runs_at_its_smallest_size(capsys: pytest.CaptureFixture[str]) -> None:
    # one jurisdiction, one year: the baseline, (a), (b) and (c) run and (b), (c) write what they should
    assert bench_city.main(["--jurisdictions", "1", "--years", "1"]) == 0
    printed = capsys.readouterr().out
    assert "(b) nothing changed:" in printed and "pages written: none" in printed
    assert "pages written: 359901/2020, 359901/index, index, rollup/2020" in printed
    assert "ratio b/a = " in printed
