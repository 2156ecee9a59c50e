"""Reproducible across folders: the sample year run into two output folders gives the same bytes, no
output holds an absolute path of this machine, and an output folder copied elsewhere verifies."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest

from audit.cli import main
from audit.pipeline.runlog import LOG_NAME

from conftest import ROOT

pytestmark = pytest.mark.e2e

PARAMS = ROOT / "params" / "2020.yaml"
# The run log records when and by whom each run was made, and the command line as typed: it is the
# one file expected to differ between two runs (tests/pipeline/test_runlog.py covers it).
NOT_COMPARED = {LOG_NAME, LOG_NAME + ".lock"}
# base64 runs (embedded charts and fonts): random text in which any short string may occur by chance
_BASE64 = re.compile(rb"[A-Za-z0-9+/=]{200,}")


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample year run into two output folders of different names and depths."""
    base = tmp_path_factory.mktemp("two-runs")
    first, second = base / "outputs", base / "deeper" / "still deeper" / "报告-out"
    for out in (first, second):
        assert main(["run", "--params", str(PARAMS), "--out", str(out), "--jobs", "2"]) == 0
    return first, second


def files_of(out: Path) -> dict[str, bytes]:
    """Every file of an output folder but the run log, by its path relative to the folder."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in NOT_COMPARED
    }


def texts_of(name: str, data: bytes) -> list[bytes]:
    """The searchable text of an output: a zip's (docx, xlsx) XML members, else the file; base64 runs removed."""
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [archive.read(m) for m in archive.namelist() if m.endswith((".xml", ".rels"))]
    else:
        members = [data]
    return [_BASE64.sub(b"", member) for member in members]


def test_two_output_folders_get_the_same_bytes(two_runs):
    first, second = (files_of(out) for out in two_runs)
    assert sorted(first) == sorted(second) and "2020/summary.ipynb" in first and "index.html" in first
    assert [name for name in first if first[name] != second[name]] == []


def test_no_output_holds_an_absolute_path_of_this_machine(two_runs):
    """Neither output folder, nor the checkout, the home folder or the temporary folder appears in any output."""
    places = {*two_runs, ROOT, Path.home(), Path(tempfile.gettempdir())}
    needles = {str(p.resolve()).encode("utf-8") + b"/" for p in places} | {str(p).encode("utf-8") for p in two_runs}
    found = []
    for out in two_runs:
        for name, data in files_of(out).items():
            for text in texts_of(name, data):
                found += [(out.name, name, needle) for needle in needles if needle in text]
    assert found == []


def test_an_output_folder_copied_elsewhere_verifies(two_runs, tmp_path, capsys):
    copy = tmp_path / "elsewhere" / "copied outputs"
    shutil.copytree(two_runs[0], copy)
    capsys.readouterr()
    assert main(["verify", "--params", str(PARAMS), "--out", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "2020：一致（IDENTICAL）" in out and "代码：与生成报告时相同" in out
