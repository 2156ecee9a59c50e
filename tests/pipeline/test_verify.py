"""Re-performance (`audit verify`) and the run log through the CLI, on a small copy of the sample year."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from audit.cli import main
from audit.pipeline.verify import Reperformance, same_code

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


@pytest.mark.parametrize(
    "damage, said",
    [
        (lambda text: text[: len(text) // 2], "JSON"),  # truncated
        (lambda text: "[1, 2]\n", "JSON 对象"),  # not an object
        (lambda text: text.replace('"outputs"', '"outputz"'), "`outputs`"),  # a key missing
        (lambda text: text.replace('"inputs": [', '"inputs": [7, ', 1), "`inputs`"),  # an input that is no input
    ],
    ids=["truncated", "not-an-object", "no-outputs", "bad-inputs"],
)
def test_verify_with_a_corrupt_manifest_is_a_clear_error(project, capsys, damage, said):
    """Exit 2 with the manifest named and what was wrong, never a traceback."""
    manifest = project / "outputs/2020/manifest.json"
    original = manifest.read_text(encoding="utf-8")
    manifest.write_text(damage(original), encoding="utf-8")
    try:
        capsys.readouterr()
        assert verify(project) == 2
        captured = capsys.readouterr()
        assert str(manifest) in captured.err and said in captured.err and "Traceback" not in captured.err
        assert captured.out == ""
    finally:
        manifest.write_text(original, encoding="utf-8")


def test_verify_names_the_code_and_says_it_is_the_same(project, capsys):
    from audit.core.provenance import code_commit

    assert verify(project, "--lang", "en") == 0
    out = capsys.readouterr().out
    commit = code_commit() or "unknown"
    assert f"code: the same as when the report was made (audit {_version()}, commit {commit})." in out


def test_verify_says_when_the_code_differs(project, capsys):
    """A report made by other code (its manifest's code files and commit edited): the verdict and the note."""
    manifest = project / "outputs/2020/manifest.json"
    original = manifest.read_text(encoding="utf-8")
    data = json.loads(original)
    data["code"].update(files="0" * 64, commit="1" * 40)
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    try:
        assert verify(project) == 0  # the pages are the same: only the code named in the manifest is other
        out = capsys.readouterr().out
        assert "2020：一致（IDENTICAL）" in out
        assert f"代码：与生成报告时不同——报告由 audit {_version()}，提交 {'1' * 40} 生成" in out
    finally:
        manifest.write_text(original, encoding="utf-8")


def _version() -> str:
    import audit

    return audit.__version__


@pytest.mark.parametrize(
    "then, now, expected",
    [
        (
            {"package": "0.1.0", "commit": "a" * 40, "files": "f1"},
            {"package": "0.1.0", "commit": None, "files": "f1"},
            "same",
        ),
        (
            {"package": "0.1.0", "commit": "a" * 40, "files": "f1"},
            {"package": "0.1.0", "commit": "a" * 40, "files": "f2"},
            "different",
        ),
        ({"package": "0.1.0", "commit": "a" * 40}, {"package": "0.1.0", "commit": "a" * 40, "files": "f2"}, "same"),
        (
            {"package": "0.1.0", "commit": "a" * 40},
            {"package": "0.1.0", "commit": "b" * 40, "files": "f2"},
            "different",
        ),
        (
            {"package": "0.1.0", "commit": "a" * 40},
            {"package": "0.2.0", "commit": "a" * 40, "files": "f2"},
            "different",
        ),
        (
            {"package": "0.1.0", "commit": "a" * 40 + "-dirty"},
            {"package": "0.1.0", "commit": "a" * 40 + "-dirty", "files": "f"},
            "unknown",
        ),
        ({"package": "0.1.0", "commit": None}, {"package": "0.1.0", "commit": None, "files": "f"}, "unknown"),
    ],
    ids=["files-same", "files-differ", "old-manifest-commit", "commits-differ", "versions-differ", "dirty", "none"],
)
def test_code_is_compared_like_with_like(then, now, expected):
    assert same_code(then, now) == expected


def test_the_code_note_in_words():
    result = Reperformance(2020, differing_outputs=["summary.html"])
    result.code_then = {"package": "0.1.0", "commit": None}
    result.code_now = {"package": "0.1.0", "commit": None, "files": "f"}
    assert (
        result.code_note("zh")
        == "代码：无法判断是否与生成报告时相同（报告：audit 0.1.0，提交 未知；当前：audit 0.1.0，提交 未知）。"
    )
    result.code_then = {"package": "0.1.0", "commit": "c" * 40, "files": "f"}
    result.code_now = {"package": "0.1.0", "commit": "c" * 40, "files": "f"}
    assert result.code_note("en") == (
        f"code: the same as when the report was made (audit 0.1.0, commit {'c' * 40}), "
        "so the differences above do not come from a change of code."
    )


def test_the_same_files_named_otherwise_are_said_so():
    """A copy without git or build record: its files are the report's code, but it cannot name the commit the pages name."""
    result = Reperformance(2020, differing_outputs=["summary.html"])
    result.code_then = {"package": "0.1.0", "commit": "c" * 40, "files": "f"}
    result.code_now = {"package": "0.1.0", "commit": None, "files": "f"}
    assert result.code == "same"
    note = result.code_note("en")
    assert note.startswith("code: the same code files as when the report was made (their SHA-256 agree)")
    assert f"(report: audit 0.1.0, commit {'c' * 40}; now: audit 0.1.0, commit unknown)" in note
    assert note.endswith(
        "its commit cannot be known: verify in a git checkout or with the package installed from a wheel."
    )
    zh = result.code_note("zh")
    assert "提交 未知" in zh and zh.endswith("请在 git 检出中或以 wheel 安装后核验。")
    result.code_now = {"package": "0.1.0", "commit": "d" * 40, "files": "f"}
    assert "cannot be known" not in result.code_note("en")
