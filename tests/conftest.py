"""Shared fixtures: the project's sample year, and small registers and params written to tmp_path."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PARAMS = ROOT / "params" / "2020.yaml"
# Every sample year the project ships: golden metrics and stored notebooks exist for each.
PARAMS_FILES = sorted((ROOT / "params").glob("*.yaml"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/<year>.json and tests/notebooks/<year>/*.ipynb from the current code "
        "(deliberately, after a reviewed change of figures or report text; see README)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to regenerate the golden files (pytest --update-golden)."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def root() -> Path:
    """The project's source tree."""
    return ROOT


def system_tool(*names: str) -> str:
    """The path of a system program the test needs (the first of `names` found on PATH).

    Missing, the test is skipped on a developer's machine, and fails under CI (``CI`` set), whose
    ``.ci/run`` installs it: a test CI depends on is never skipped there in silence.
    """
    import os
    import shutil

    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"{' / '.join(names)} is not installed (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], encoding: str = "utf-8") -> Path:
    """Write a small CSV register."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_chinese(problems: Iterable) -> None:
    """Every problem's Chinese expectation is Chinese (has CJK characters) and not its English one."""
    wrong = [p for p in problems if not CJK.search(p.expected_zh) or p.expected_zh == p.expected]
    assert not wrong, f"problems without a Chinese expectation: {wrong}"


def deny_open(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Make ``os.open`` of `path` fail as a file this user may not read does (PermissionError), even as root."""
    real = os.open

    def denied(file, flags, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)


def write_params(folder: Path, registers: dict[str, str], **extra: object) -> Path:
    """Write a params file for `year` (default 2020) into `folder` naming the given registers."""
    data = {"year": 2020, "registers": registers, **extra}
    path = folder / f"{data['year']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def csv_file(tmp_path: Path):
    """Factory: csv_file(name, header, rows) -> path of a CSV in tmp_path."""
    return lambda name, header, rows, encoding="utf-8": write_csv(tmp_path / name, header, rows, encoding)


@pytest.fixture
def params_file(tmp_path: Path):
    """Factory: params_file({key: filename}, **extra) -> path of a params file in tmp_path."""
    return lambda registers, **extra: write_params(tmp_path, registers, **extra)


def run_all(out: Path) -> None:
    """`audit run --all` of the sample years into `out`; fails on any error or leaked stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "audit.cli", "run", "--all", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    assert " ! " not in result.stderr, result.stderr  # no warning was stripped out of a report


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory) -> Path:
    """One full run of every sample year, shared by the end-to-end tests (read-only for them)."""
    out = tmp_path_factory.mktemp("sample-out")
    run_all(out)
    return out


@pytest.fixture(scope="session")
def sample_runs(sample_out: Path) -> dict[int, Path]:
    """{year: folder} of the shared sample run (read-only for the tests)."""
    return {int(p.stem): sample_out / p.stem for p in PARAMS_FILES}


def hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below `folder` but the run log (which every run appends to) and its lock."""
    import hashlib

    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in ("audit-log.jsonl", "audit-log.jsonl.lock")
    }


def run_audit(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`audit …` as an auditor runs it: a separate process, so exit status and stderr are real."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "audit.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def pypi_reachable() -> bool:
    """Whether pypi.org answers on its HTTPS port within 5 s (the wheelhouse tests need it)."""
    import socket

    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


def reconsideration_year(folder: Path) -> Path:
    """A 2020 params file in `folder` with the sample's reconsideration register beside it (and one published figure)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "data" / "sample" / "2020" / "reconsideration.csv", folder / "reconsideration.csv")
    params = folder / "2020.yaml"
    params.write_text(
        "year: 2020\nregisters:\n  reconsideration: reconsideration.csv\nreported:\n  reconsideration.received: 55\n",
        encoding="utf-8",
    )
    return params
