"""Packaging: pyproject.toml and the conda environments agree; the package imports lean."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from conftest import ROOT

# pyproject name -> conda-forge name, where they differ
CONDA_NAMES = {
    "nbconvert": "nbconvert-core",  # the library alone; "nbconvert" adds pandoc
    "matplotlib": "matplotlib-base",  # the library alone; "matplotlib" adds the Qt backend (pyside6)
    "jupyter-client": "jupyter_client",
    "playwright": "playwright-python",  # conda-forge's "playwright" is the Node.js package
}
# not on conda-forge (or not in a version that fits): installed from PyPI, under `pip:`
PIP_ONLY = {"noto-cjk-sans-otc", "chinese-calendar", "pytest-notebook"}

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _wanted(requirements: list[str]) -> dict[tuple[str, str], SpecifierSet]:
    """pyproject requirements as {(section, name in that section): specifiers}: section "conda" or "pip"."""
    wanted = {}
    for text in requirements:
        req = Requirement(text)
        assert req.marker is None and not req.extras, f"{text}: conda cannot say this; list it under pip: by hand"
        name = canonicalize_name(req.name)
        key = ("pip", name) if name in PIP_ONLY else ("conda", CONDA_NAMES.get(name, name))
        wanted[key] = req.specifier
    return wanted


def _listed(filename: str) -> dict[tuple[str, str], SpecifierSet]:
    """An environment file's packages as {(section, name): specifiers}, less python, pip and the project."""
    env = yaml.safe_load((ROOT / filename).read_text(encoding="utf-8"))
    assert env["channels"][0] == "conda-forge" and set(env["channels"]) <= {"conda-forge", "nodefaults"}
    listed: dict[tuple[str, str], SpecifierSet] = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            assert "-e ." in dep["pip"], f"{filename} installs the project itself (pip: -e .)"
            for text in dep["pip"]:
                if not text.startswith("-"):
                    req = Requirement(text)
                    listed[("pip", canonicalize_name(req.name))] = req.specifier
        else:
            req = Requirement(dep)  # a conda spec written as name + PEP 440 specifiers
            assert ("conda", req.name) not in listed, f"{filename}: {req.name} twice"
            listed[("conda", req.name)] = req.specifier
    assert listed.pop(("conda", "python")) == SpecifierSet(PROJECT["requires-python"])
    assert listed.pop(("conda", "pip")) == SpecifierSet()
    return listed


def _differences(listed: dict, wanted: dict) -> dict:
    """Each package whose specifiers differ, or that only one side has: {name: (listed, wanted)}."""
    return {
        key: (str(listed.get(key, "absent")), str(wanted.get(key, "absent")))
        for key in listed.keys() | wanted.keys()
        if listed.get(key) != wanted.get(key)
    }


def test_environment_yml_has_the_runtime_requirements():
    """environment.yml: exactly pyproject's runtime dependencies, the same specifiers, under conda-forge's names."""
    assert _differences(_listed("environment.yml"), _wanted(PROJECT["dependencies"])) == {}


@pytest.mark.parametrize("extra", sorted(PROJECT["optional-dependencies"]))
def test_environment_dev_yml_has_each_extra(extra):
    """environment-dev.yml has each extra's requirements, with the same specifiers."""
    listed = _listed("environment-dev.yml")
    wanted = _wanted(PROJECT["optional-dependencies"][extra])
    assert _differences({key: listed.get(key, "absent") for key in wanted}, wanted) == {}


def test_environment_dev_yml_is_the_runtime_and_the_extras_and_nothing_else():
    wanted = _wanted(PROJECT["dependencies"])
    for extra in PROJECT["optional-dependencies"].values():
        wanted |= _wanted(extra)
    assert _differences(_listed("environment-dev.yml"), wanted) == {}


def test_the_name_map_names_real_dependencies():
    """Every renamed or pip-only package is one pyproject.toml asks for (no stale entry)."""
    names = {
        canonicalize_name(Requirement(r).name)
        for r in PROJECT["dependencies"] + sum(PROJECT["optional-dependencies"].values(), [])
    }
    assert set(CONDA_NAMES) | PIP_ONLY <= names


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
