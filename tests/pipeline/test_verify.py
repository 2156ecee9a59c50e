"""Re-performance (`audit verify`) and the run log through the CLI, on a small copy of the sample year."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from audit.cli import main

from conftest import ROOT

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project folder with the 2020 reconsideration register only (fast to run), already reported."""
    root = tmp_path_factory.mktemp("project")
    (root / "params").mkdir()
    (root / "data").mkdir()
    shutil.copy(ROOT / "data/sample/2020/reconsideration.csv", root / "data/reconsideration.csv")
    (root / "params/2020.yaml").write_text(
        "year: 2020\nregisters:\n  reconsideration: ../data/reconsideration.csv\n"
        "reported:\n  reconsideration.received: 55\n",
        encoding="utf-8",
    )
    assert main(["run", "--params", str(root / "params/2020.yaml"), "--out", str(root / "outputs")]) == 0
    return root


def verify(project: Path, *extra: str) -> int:
    return main(["verify", "--params", str(project / "params/2020.yaml"), "--out", str(project / "outputs"), *extra])


def test_verify_an_unchanged_year_is_identical(project, capsys):
    assert verify(project) == 0
    assert "2020：一致（IDENTICAL）" in capsys.readouterr().out  # the year's language: Chinese by default
    assert verify(project, "--lang", "en") == 0
    assert "2020: IDENTICAL — the registers give exactly the published report." in capsys.readouterr().out


def test_verify_after_an_html_edit_names_the_file(project, capsys):
    page = project / "outputs/2020/reconsideration.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"26.67%", b"36.67%", 1))
    try:
        assert verify(project) == 1
        out = capsys.readouterr().out
        assert "以下报告文件在发布后被改动：reconsideration.html" in out
        assert "生成了不同的输出" not in out  # the re-run itself still matches the manifest
        assert verify(project, "--lang", "en") == 1
        out = capsys.readouterr().out
        assert "changed since they were published: reconsideration.html" in out
        assert "now give other outputs" not in out
    finally:
        page.write_bytes(original)


def test_verify_after_an_input_edit_names_the_register(project, capsys):
    data = project / "data/reconsideration.csv"
    original = data.read_text(encoding="utf-8")
    data.write_text(original.replace(",维持,", ",驳回,", 1), encoding="utf-8")
    try:
        assert verify(project) == 3
        out = capsys.readouterr().out
        assert "INPUTS CHANGED" in out and "reconsideration: data/reconsideration.csv" in out
    finally:
        data.write_text(original, encoding="utf-8")


def test_every_run_is_logged_and_the_log_verifies(project, capsys):
    out = str(project / "outputs")
    assert main(["log", "verify", "--out", out]) == 0
    assert main(["log", "show", "--out", out]) == 0
    shown = capsys.readouterr().out
    assert "params/2020.yaml" in shown and " 完成 " in shown and "哈希链未断" in shown
    assert main(["log", "show", "--out", out, "--lang", "en"]) == 0
    assert " ok " in capsys.readouterr().out
    log = project / "outputs/audit-log.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    try:
        log.write_text(
            lines[0].replace('"status":"ok"', '"status":"failed"') + "\n" + "\n".join(lines[1:]) + "\n",
            encoding="utf-8",
        )
        assert main(["log", "verify", "--out", out]) == 1
        assert "第 1 条记录处断裂" in capsys.readouterr().err
        assert main(["log", "verify", "--out", out, "--lang", "en"]) == 1
        assert "BROKEN at entry 1" in capsys.readouterr().err
    finally:
        log.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_failed_run_is_logged_too(project, tmp_path):
    bad = tmp_path / "2020.yaml"
    bad.write_text("year: 2020\nregisters:\n  reconsideration: missing.csv\n", encoding="utf-8")
    out = project / "outputs"
    before = len((out / "audit-log.jsonl").read_text(encoding="utf-8").splitlines())
    assert main(["run", "--params", str(bad), "--out", str(out)]) == 2
    lines = (out / "audit-log.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == before + 1 and '"status":"invalid"' in lines[-1]
    assert main(["log", "verify", "--out", str(out)]) == 0
