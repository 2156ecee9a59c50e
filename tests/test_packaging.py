"""Packaging: pyproject.toml and environment.yml agree; the package imports lean."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib

import pytest
import yaml

from conftest import ROOT


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_split(r) for r in project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted.update(_split(r) for r in extra)
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed: dict[str, str] = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            listed.update(_split(r) for r in dep["pip"] if not r.startswith("-e"))
        else:
            listed.update([_split(dep)])
    listed.pop("python"), listed.pop("pip")
    assert listed == wanted


def test_version_is_looked_up_only_when_asked_for():
    code = (
        "import sys, audit; assert 'importlib.metadata' not in sys.modules; "
        "from audit import __version__; print(__version__, audit.__version__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    ).stdout.split()
    assert out[0] == out[1] and out[0][0].isdigit()
    with pytest.raises(AttributeError):
        import audit

        audit.no_such_attribute  # noqa: B018


@pytest.mark.parametrize("preset, expected", [(None, "1"), ("4", "4")])
def test_the_command_gives_openblas_one_thread_before_numpy_loads(preset, expected):
    """`audit` sets OPENBLAS_NUM_THREADS=1 (unless set) before anything imports numpy, so the driver,
    the kernel server and the kernels start no BLAS thread pool."""
    code = (
        "import os, sys; from audit import cli; assert 'numpy' not in sys.modules; "
        "cli.main = lambda: print(os.environ['OPENBLAS_NUM_THREADS']) or 0; cli.entry()"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if preset is not None:
        env["OPENBLAS_NUM_THREADS"] = preset
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**env, "PYTHONPATH": str(ROOT / "src")},
    ).stdout
    assert out.strip() == expected
