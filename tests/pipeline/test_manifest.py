"""manifest.json: what it records of the code, and a damaged one named as such (never a traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit.core.errors import InputError
from audit.pipeline.manifest import EVERY_KEY, InvalidManifest, read_manifest

GOOD = {
    "year": 2020,
    "inputs": [{"role": "params", "path": "params/2020.yaml", "sha256": "0" * 64}],
    "code": {"package": "0.1.0", "commit": None, "files": "1" * 64},
    "outputs": {"summary.html": "2" * 64},
}


def write(folder: Path, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "manifest.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_a_good_manifest_reads_as_written(tmp_path):
    write(tmp_path, json.dumps(GOOD))
    assert read_manifest(tmp_path, needs=EVERY_KEY) == GOOD


@pytest.mark.parametrize(
    "text, column, found",
    [
        (json.dumps(GOOD)[:40], None, "line 1"),
        ("[1, 2]", None, "list"),
        ('"manifest"', None, "str"),
        (b"\xff\xfe{}", None, "UnicodeDecodeError"),
        (json.dumps({**GOOD, "outputs": ["summary.html"]}), "outputs", "['summary.html']"),
        (json.dumps({**GOOD, "inputs": [{"role": "params"}]}), "inputs", "[{'role': 'params'}]"),
        (json.dumps({**GOOD, "year": "2020"}), "year", "'2020'"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "code"}), "code", "missing"),
    ],
    ids=["truncated", "a-list", "a-string", "not-utf8", "outputs-a-list", "input-without-sha", "year-text", "no-code"],
)
def test_a_damaged_manifest_is_an_input_error_naming_the_file(tmp_path, text, column, found):
    path = write(tmp_path, text)
    with pytest.raises(InvalidManifest) as raised:
        read_manifest(tmp_path, needs=EVERY_KEY)
    assert isinstance(raised.value, InputError) and isinstance(raised.value, ValueError)
    [problem] = raised.value.problems
    assert problem.file == str(path) and problem.column == column and found in (problem.value or "")
    assert "audit run" in problem.expected_zh and "audit run" in problem.expected


def test_what_a_reader_does_not_need_may_be_missing_but_not_wrong(tmp_path):
    write(tmp_path, json.dumps({"fingerprint": "f", "outputs": {"summary.html": "0"}}))
    assert read_manifest(tmp_path)["fingerprint"] == "f"  # reading the outputs only (audit.pipeline.fresh)
    with pytest.raises(InvalidManifest) as raised:
        read_manifest(tmp_path, needs=EVERY_KEY)
    assert [p.column for p in raised.value.problems] == ["code", "inputs", "year"]
    write(tmp_path, json.dumps({"outputs": {"summary.html": "0"}, "year": None}))
    with pytest.raises(InvalidManifest):
        read_manifest(tmp_path)


def test_no_manifest_is_not_a_damaged_one(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_manifest(tmp_path)
