"""A city's three sample districts: run, rolled up, and run again only where something changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audit.cli import main

ROOT = Path(__file__).resolve().parents[1]
DISTRICTS = ("350104", "359901", "359902")

pytestmark = pytest.mark.e2e


def _files(out: Path) -> dict[str, int]:
    """Every file under `out` (the run log aside) and when it was last written."""
    return {
        p.relative_to(out).as_posix(): p.stat().st_mtime_ns
        for p in out.rglob("*")
        if p.is_file() and p.name not in ("audit-log.jsonl", "audit-log.jsonl.lock")
    }


def _run(params: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["run", "--all", "--params-dir", str(params), "--out", str(out), "--jobs", "2", "--lang", "en"])
    return status, capsys.readouterr().out


def test_three_districts_run_roll_up_and_rerun_only_what_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "data" / "city", tmp_path / "data" / "city")
    shutil.copytree(ROOT / "data" / "sample", tmp_path / "data" / "sample")
    params, out = tmp_path / "data" / "city" / "params", tmp_path / "out"

    status, printed = _run(params, out, capsys)
    assert status == 0, printed
    for code in DISTRICTS:
        for year in (2020, 2021):
            assert (out / code / str(year) / "summary.html").is_file()
        assert (out / code / "index.html").is_file()
    rollup = (out / "rollup" / "2020.html").read_text(encoding="utf-8")
    assert "榕西县" in rollup and "仓山区" in rollup
    # 榕西县 defines its mediation rate over the cases concluded: that rate has no city total
    assert "Mediation success rate: the jurisdictions define it differently" in rollup
    front = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{code}/index.html"' in front for code in DISTRICTS)
    assert 'href="rollup/2021.html"' in front

    before = _files(out)
    status, printed = _run(params, out, capsys)
    assert status == 0, printed
    assert printed.count("up to date (params, registers") == 6
    assert _files(out) == before  # nothing written again: no year, no index, no roll-up

    register = tmp_path / "data" / "city" / "registers" / "359901" / "2020" / "litigation.csv"
    lines = register.read_text(encoding="utf-8").splitlines(keepends=True)
    register.write_text("".join(lines[:-1]), encoding="utf-8")  # one lawsuit fewer
    status, printed = _run(params, out, capsys)
    assert status == 0, printed
    after = _files(out)
    rewritten = {"/".join(name.split("/")[:2]) for name in after if after[name] != before.get(name)}
    # that year, the next one (its summary compares with it), their index, the roll-ups and the front page
    expected = {"359901/2020", "359901/2021", "359901/index.html", "rollup/2020.html", "rollup/2021.html", "index.html"}
    assert expected <= rewritten
    assert not any(name.startswith(("350104/", "359902/")) for name in rewritten), rewritten
    assert printed.count("up to date (params, registers") == 4
