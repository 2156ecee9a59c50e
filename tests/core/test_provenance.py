"""The code a report names: the commit from git in a checkout, from the build record elsewhere; the code files' digest."""

from __future__ import annotations

import shutil
from pathlib import Path

from audit.core import provenance
from audit.core.provenance import built_commit, code_commit, code_files, describe_code, git_commit

from conftest import ROOT


def small_package(folder: Path) -> Path:
    package = folder / "audit"
    (package / "core").mkdir(parents=True)
    (package / "__init__.py").write_text('"""audit"""\n', encoding="utf-8")
    (package / "core" / "numbers.py").write_text("X = 1\n", encoding="utf-8")
    return package


def test_in_the_checkout_the_commit_is_gits():
    assert code_commit(provenance.PACKAGE) == git_commit(str(ROOT))


def test_outside_git_the_commit_is_the_build_records(tmp_path):
    package = small_package(tmp_path)
    code_commit.cache_clear()
    assert code_commit(package) is None  # neither a checkout nor a build record: unknown, not guessed
    (package / "_build.py").write_text('"""record"""\n\nCOMMIT = "' + "a" * 40 + '-dirty"\n', encoding="utf-8")
    code_commit.cache_clear()
    assert code_commit(package) == "a" * 40 + "-dirty"
    (package / "_build.py").write_text("COMMIT = None\n", encoding="utf-8")
    assert built_commit(package) is None


def test_the_code_files_digest_leaves_out_caches_the_record_and_the_docs(tmp_path):
    package = small_package(tmp_path)
    before = code_files(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (package / "_build.py").write_text("COMMIT = None\n", encoding="utf-8")
    (package / "docs").mkdir()
    (package / "docs" / "README.md").write_text("docs\n", encoding="utf-8")
    code_files.cache_clear()
    assert code_files(package) == before
    (package / "core" / "numbers.py").write_text("X = 2\n", encoding="utf-8")
    code_files.cache_clear()
    assert code_files(package) != before
    copy = tmp_path / "copy"
    shutil.copytree(package, copy / "audit")
    code_files.cache_clear()
    assert code_files(copy / "audit") == code_files(package)  # where it lies does not count


def test_the_code_in_words():
    assert describe_code({"package": "0.1.0", "commit": None}, "zh") == "audit 0.1.0，提交 未知"
    assert describe_code({"package": "0.1.0", "commit": "c" * 40}, "en") == f"audit 0.1.0, commit {'c' * 40}"
    assert describe_code(None, "en") == "audit unknown, commit unknown"
