"""dev.py: every make target without make, command for command, with the Makefile's stamps."""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import pytest

from conftest import ROOT

MAKE = shutil.which("make")
needs_make = pytest.mark.skipif(MAKE is None, reason="make is not installed (dev.py is compared with make -n)")

# make's variables, and dev.py's options that set them
VARIABLES = {
    "OUT": "--out",
    "VENV": "--venv",
    "PLATFORM": "--platform",
    "PYTHON_VERSION": "--python-version",
    "EXTRAS": "--extras",
    "DEST": "--dest",
}
# the make targets (with variables) compared
CASES = [
    ("report", {}),
    ("report", {"OUT": "elsewhere"}),
    ("test", {}),
    ("test", {"VENV": "other-venv"}),
    ("lint", {}),
    ("golden", {}),
    ("lab", {}),
    ("wheelhouse", {}),
    ("wheelhouse", {"PLATFORM": "win_amd64", "PYTHON_VERSION": "3.11", "EXTRAS": "lab", "DEST": "wh"}),
]
T = 1_700_000_000  # pyproject.toml's mtime in the states below
# state: mtime of each file (relative to T), None for a file that is absent
STATES = {
    "no venv": {},
    "venv, nothing installed": {".venv/bin/python": 0},
    "installed": {".venv/bin/python": 0} | {f".venv/.installed-{s}": 100 for s in ("runtime", "test", "lab")},
    "pyproject.toml changed": {".venv/bin/python": 0}
    | {f".venv/.installed-{s}": -100 for s in ("runtime", "test", "lab")},
    "runtime reinstalled since the extras": {
        ".venv/bin/python": 0,
        ".venv/.installed-runtime": 200,
        ".venv/.installed-test": 100,
        ".venv/.installed-lab": 100,
    },
}


def load_dev():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def makefile_targets() -> set[str]:
    """The Makefile's .PHONY targets that have a rule (.PHONY also names clean-outputs, which has none)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = {name for line in re.findall(r"^\.PHONY:(.*)$", text, re.M) for name in line.split()}
    defined = set(re.findall(r"^([A-Za-z][\w.-]*)\s*:(?![:=])", text, re.M))
    return phony & defined


def test_dev_offers_every_make_target():
    targets = makefile_targets()
    assert {"report", "test", "lint", "golden", "lab", "wheelhouse"} <= targets
    dev = load_dev()
    assert set(dev.TARGETS) == targets
    parser = dev.parser()
    for target in targets:  # each is a sub-command
        assert parser.parse_args([target]).target == target


def _project(tmp_path: Path, state: dict[str, int]) -> Path:
    """A copy of the Makefile, pyproject.toml and dev.py, with the venv files of `state` (empty files)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    for name in ("Makefile", "pyproject.toml", "dev.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    os.utime(tmp_path / "pyproject.toml", (T, T))
    for name, offset in state.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        os.utime(path, (T + offset, T + offset))
    return tmp_path


def _clean_env() -> dict[str, str]:
    drop = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", *VARIABLES, "PYTHON"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def _normalised_make(lines: list[str]) -> list[list[str]]:
    """make -n's commands as argv lists, `<venv>/bin/<tool>` written as dev.py runs it: `<venv>/bin/python -m <tool>`."""
    commands = []
    for line in lines:
        if not line.strip() or re.match(r"make(\[\d+\])?:", line):
            continue
        argv = []
        for word in shlex.split(line):
            tool = re.fullmatch(r"(.*/bin)/(ruff|mypy|audit|jupyter)", word)
            argv += [f"{tool[1]}/python", "-m", tool[2]] if tool else [word]
        commands.append(argv)
    return commands


@needs_make
@pytest.mark.parametrize("state", STATES)
def test_dev_dry_run_prints_what_make_n_runs(tmp_path, state):
    """In each state of the venv and its stamps, `dev.py -n <target>` lists the commands `make -n <target>`
    lists, in the same order (make's tools written as `python -m <tool>`)."""
    project = _project(tmp_path, STATES[state])
    env = _clean_env()
    for target, variables in CASES:
        make = subprocess.run(
            [MAKE, "--no-print-directory", "-n", target, f"PYTHON={sys.executable}"]
            + [f"{k}={v}" for k, v in variables.items()],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
        assert make.returncode == 0, make.stderr
        options = [word for k, v in variables.items() for word in (VARIABLES[k], v)]
        dev = subprocess.run(
            [sys.executable, "dev.py", "-n", target, *options],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
        assert dev.returncode == 0, dev.stderr
        made = _normalised_make(make.stdout.splitlines())
        assert made, f"make -n {target} printed nothing"
        assert [shlex.split(line) for line in dev.stdout.splitlines()] == made, (target, variables)


def test_stamps_are_remade_as_make_remakes_them(tmp_path):
    """The states above, on their own: what is reinstalled when."""
    dev = load_dev()
    options = argparse.Namespace(venv=".venv", python="python3", out="outputs")

    def installs(state: str) -> list[str]:
        root = _project(tmp_path / state.replace(" ", "-").replace(",", ""), STATES[state])
        return [" ".join(step) for step in dev.plan("lint", options, root) if "install" in step or "venv" in step]

    pip = ".venv/bin/python -m pip install --quiet"
    assert installs("no venv") == [
        "python3 -m venv .venv",
        f"{pip} --upgrade pip",
        f"{pip} -e .",
        f"{pip} -e .[test,lint,cluster]",
    ]
    assert installs("venv, nothing installed") == [f"{pip} -e .", f"{pip} -e .[test,lint,cluster]"]
    assert installs("installed") == []
    assert installs("pyproject.toml changed") == [f"{pip} -e .", f"{pip} -e .[test,lint,cluster]"]
    assert installs("runtime reinstalled since the extras") == [f"{pip} -e .[test,lint,cluster]"]


def test_the_venv_python_on_windows_and_elsewhere():
    dev = load_dev()
    assert str(dev.venv_python(".venv", "nt")) == r".venv\Scripts\python.exe"
    assert dev.venv_python(".venv", "nt") == PureWindowsPath(".venv/Scripts/python.exe")
    assert str(dev.venv_python(".venv", "posix")) == ".venv/bin/python"


def test_a_simulated_windows_plan(tmp_path):
    """With os.name "nt", every command runs the venv's `Scripts\\python.exe`, and the stamps are looked
    for where Windows puts them."""
    dev = load_dev()
    options = argparse.Namespace(venv=".venv", python=r"C:\Python311\python.exe", out="outputs")
    root = _project(tmp_path, {})
    py = r".venv\Scripts\python.exe"
    steps = dev.plan("test", options, root, os_name="nt")
    assert steps == [
        [r"C:\Python311\python.exe", "-m", "venv", ".venv"],
        [py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        [py, "-m", "pip", "install", "--quiet", "-e", "."],
        [dev.TOUCH, r".venv\.installed-runtime"],
        [py, "-m", "pip", "install", "--quiet", "-e", ".[test,lint,cluster]"],
        [dev.TOUCH, r".venv\.installed-test"],
        [py, "-m", "ruff", "check", "src", "tests", "benchmarks", "tools", "dev.py", "hatch_build.py"],
        [py, "-m", "ruff", "format", "--check", "src", "tests", "benchmarks", "tools", "dev.py", "hatch_build.py"],
        [py, "-m", "mypy"],
        [py, "-m", "pytest"],
    ]
    assert dev.shown(steps[4], "nt") == r".venv\Scripts\python.exe -m pip install --quiet -e .[test,lint,cluster]"
    # an installed Windows venv: only the tools run
    _project(tmp_path, {".venv/Scripts/python.exe": 0, ".venv/.installed-runtime": 100, ".venv/.installed-test": 100})
    assert [step[2] for step in dev.plan("test", options, root, os_name="nt")] == ["ruff", "ruff", "mypy", "pytest"]
    assert dev.plan("report", options, root, os_name="nt") == [[py, "-m", "audit", "run", "--all", "--out", "outputs"]]


@pytest.mark.skipif(os.name == "nt", reason="the stand-in for the venv's python is a shell script")
def test_dev_runs_the_commands_and_touches_the_stamps(tmp_path):
    """A real run (the venv's python a stand-in that logs its arguments): the commands run in order, the
    stamps are touched, a second run installs nothing, and a failing command stops the target with its status."""
    root = _project(tmp_path, STATES["pyproject.toml changed"])
    log = tmp_path / "calls.log"
    fake = root / ".venv/bin/python"
    fake.write_text(f'#!/bin/sh\necho "$*" >> {shlex.quote(str(log))}\ncase "$*" in *mypy*) exit 3;; esac\n')
    fake.chmod(0o755)
    os.utime(fake, (T, T))
    dev = [sys.executable, "dev.py"]
    run = subprocess.run([*dev, "lint"], cwd=root, capture_output=True, text=True, env=_clean_env())
    assert run.returncode == 3, run.stderr
    assert log.read_text().splitlines() == [
        "-m pip install --quiet -e .",
        "-m pip install --quiet -e .[test,lint,cluster]",
        "-m ruff check src tests benchmarks tools dev.py hatch_build.py",
        "-m ruff format --check src tests benchmarks tools dev.py hatch_build.py",
        "-m mypy",
    ]
    pyproject = (root / "pyproject.toml").stat().st_mtime_ns
    for stamp in ("runtime", "test"):
        assert (root / f".venv/.installed-{stamp}").stat().st_mtime_ns > pyproject
    assert (root / ".venv/.installed-lab").stat().st_mtime_ns < pyproject  # lint does not install the lab extra
    again = subprocess.run([*dev, "-n", "lint"], cwd=root, capture_output=True, text=True, env=_clean_env())
    assert "install" not in again.stdout and "mypy" in again.stdout
