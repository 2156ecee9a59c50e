"""pyproject.toml and environment.yml list the same dependencies with the same version ranges."""

from __future__ import annotations

import re
import tomllib

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
