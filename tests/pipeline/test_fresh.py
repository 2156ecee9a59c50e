"""The fingerprint of a year: what its pages depend on, and when a published year is up to date."""

from __future__ import annotations

import json
from pathlib import Path

from audit.core.provenance import Source
from audit.pipeline import fresh

SOURCES = [Source("params", "params/2020.yaml", "a" * 64), Source("training", "data/t.csv", "b" * 64)]


def test_the_fingerprint_moves_with_every_input_last_years_metrics_and_pdf(monkeypatch) -> None:
    base = fresh.fingerprint(SOURCES, {"year": 2019}, False)
    assert fresh.fingerprint(SOURCES, {"year": 2019}, False) == base
    changed = [Source("params", "params/2020.yaml", "a" * 64), Source("training", "data/t.csv", "c" * 64)]
    assert fresh.fingerprint(changed, {"year": 2019}, False) != base
    assert fresh.fingerprint(SOURCES, {"year": 2019, "x": 1}, False) != base
    assert fresh.fingerprint(SOURCES, None, False) != base
    assert fresh.fingerprint(SOURCES, {"year": 2019}, True) != base
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1609372800")
    assert fresh.fingerprint(SOURCES, {"year": 2019}, False) != base


def test_the_code_is_fingerprinted_by_the_packages_files(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    before = fresh.code_digest.__wrapped__(tmp_path)
    (tmp_path / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert fresh.code_digest.__wrapped__(tmp_path) != before
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.pyc").write_bytes(b"compiled")
    assert fresh.code_digest.__wrapped__(tmp_path) == fresh.code_digest.__wrapped__(tmp_path)


def test_a_year_is_up_to_date_only_with_its_fingerprint_and_every_page(tmp_path: Path) -> None:
    folder = tmp_path / "2020"
    folder.mkdir()
    assert not fresh.up_to_date(folder, "f")
    (folder / "summary.html").write_text("page", encoding="utf-8")
    manifest = {"fingerprint": "f", "outputs": {"summary.html": "0"}}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert fresh.up_to_date(folder, "f")
    assert not fresh.up_to_date(folder, "g")
    (folder / "summary.html").unlink()
    assert not fresh.up_to_date(folder, "f")
    (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    assert not fresh.up_to_date(folder, "f")


def test_an_index_made_ahead_is_up_to_date_once_published_after_the_last_log_entry(tmp_path: Path) -> None:
    import os

    from audit.pipeline.publish import publish_index
    from audit.pipeline.runlog import LOG_NAME

    out, ahead = tmp_path / "out", tmp_path / "ahead"
    (out / "2020").mkdir(parents=True)
    ahead.mkdir()
    for name in ("index.ipynb", "index.html"):
        (ahead / name).write_text(name, encoding="utf-8")
        os.utime(ahead / name, ns=(1_000_000_000, 1_000_000_000))  # made while the years ran
    (out / "2020" / "manifest.json").write_text("{}", encoding="utf-8")
    (out / LOG_NAME).write_text("{}\n", encoding="utf-8")  # the last year's entry, after the index was made
    assert not fresh.index_up_to_date(out)
    publish_index(ahead, out)
    assert fresh.index_up_to_date(out)
