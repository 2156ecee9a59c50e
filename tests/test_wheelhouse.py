"""The offline wheelhouse (tools/wheelhouse.py): built here, installed with no index and no network.

Building downloads every wheel (≈90 MB for this platform, ≈80 MB for Windows; pip's cache serves a
second build): the tests that build one are skipped when PyPI cannot be reached.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT, pypi_reachable

TOOL = ROOT / "tools" / "wheelhouse.py"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


needs_pypi = pytest.mark.skipif(not pypi_reachable(), reason="PyPI is not reachable: no wheelhouse can be built")


def load_tool():
    spec = importlib.util.spec_from_file_location("wheelhouse", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def start(dest: Path, *options: str) -> subprocess.Popen[bytes]:
    """Start building a wheelhouse into `dest`; what it prints goes to <dest>.log."""
    with open(dest.with_suffix(".log"), "wb") as log:  # the child keeps its own copy of the file
        return subprocess.Popen(
            [sys.executable, str(TOOL), "--dest", str(dest), *options], stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )


def finish(build: subprocess.Popen[bytes], dest: Path) -> Path:
    code = build.wait()
    assert code == 0, dest.with_suffix(".log").read_text(encoding="utf-8", errors="replace")[-4000:]
    return dest


def offline_env(home: Path) -> dict[str, str]:
    """No pip configuration, no index, and every proxy a closed port: any attempt to reach the network fails."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PIP_")
        and k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
        and k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
    }
    closed = "http://127.0.0.1:9"
    return env | {
        "HOME": str(home),
        "PIP_CONFIG_FILE": os.devnull,  # neither /etc/pip.conf's find-links nor its extra indexes
        "PIP_NO_INDEX": "1",
        "PIP_INDEX_URL": f"{closed}/simple/",
        "PIP_COMPILE": "0",  # no .pyc at install: saves 10 s here, changes nothing the test checks
        "http_proxy": closed,
        "https_proxy": closed,
        "HTTP_PROXY": closed,
        "HTTPS_PROXY": closed,
    }


def wheel_platform(name: str) -> str:
    return name[: -len(".whl")].split("-")[-1]


@pytest.fixture(scope="module")
def wheelhouses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """This platform's wheelhouse and a Windows one (win_amd64, Python 3.11), built side by side."""
    folder = tmp_path_factory.mktemp("wheelhouse")
    targets = {"native": (), "win_amd64": ("--platform", "win_amd64", "--python-version", "3.11")}
    builds = {name: start(folder / name, *options) for name, options in targets.items()}
    return {name: finish(build, folder / name) for name, build in builds.items()}


@pytest.fixture
def native_wheelhouse(wheelhouses: dict[str, Path]) -> Path:
    return wheelhouses["native"]


@needs_pypi
@pytest.mark.e2e
@pytest.mark.skipif(os.name == "nt", reason="installs with install.sh")
def test_installs_offline_from_the_wheelhouse_and_runs_a_year(native_wheelhouse, tmp_path):
    """install.sh makes a venv and installs from the folder only; the installed `audit` (not the source
    tree's) checks and runs the sample year: its notebooks, templates and font came in the wheels."""
    env = offline_env(tmp_path) | {"PYTHON": sys.executable}
    venv = tmp_path / "venv"
    install = subprocess.run(
        ["sh", str(native_wheelhouse / "install.sh"), str(venv)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    assert "Looking in indexes" not in install.stdout  # pip looked in the folder only
    assert "Successfully installed" in install.stdout and f"audit-{PROJECT['version']}" in install.stdout

    python, audit = venv / "bin" / "python", venv / "bin" / "audit"
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import audit; print(audit.__version__); print(audit.__file__); "
            "from audit.core.provenance import code_commit; print(code_commit())",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert where[0] == PROJECT["version"]
    assert Path(where[1]).is_relative_to(venv)  # the installed package, not src/
    from audit.core.provenance import git_commit

    # no git to ask in the venv: the commit recorded in the wheel when it was built, the one git names here
    assert where[2] == str(git_commit.__wrapped__(str(ROOT)))

    check = subprocess.run(
        [str(audit), "check", "--params", "params/2020.yaml"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "检查通过" in check.stdout
    out = tmp_path / "outputs"
    run = subprocess.run(
        [str(audit), "run", "--params", "params/2020.yaml", "--out", str(out), "--jobs", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert (out / "2020" / "summary.html").is_file() and (out / "index.html").is_file()


@needs_pypi
def test_the_wheelhouse_folder(native_wheelhouse):
    """The project's wheel and the scripts are there, and SHA256SUMS.txt lists every file."""
    names = {p.name for p in native_wheelhouse.iterdir()}
    assert f"{PROJECT['name']}-{PROJECT['version']}-py3-none-any.whl" in names
    assert {"install.bat", "install.sh", "README.txt", "SHA256SUMS.txt"} <= names
    lines = (native_wheelhouse / "SHA256SUMS.txt").read_text().splitlines()
    sums = {name: digest for digest, name in (line.split("  ", 1) for line in lines)}
    assert set(sums) == names - {"SHA256SUMS.txt"}
    for name, digest in sums.items():
        assert hashlib.sha256((native_wheelhouse / name).read_bytes()).hexdigest() == digest
    readme = (native_wheelhouse / "README.txt").read_bytes()
    assert readme.startswith(b"\xef\xbb\xbf") and b"\r\n" in readme  # Notepad: UTF-8 with a BOM, CRLF
    text = readme.decode("utf-8-sig")
    assert "离线安装" in text and "offline" in text


@needs_pypi
def test_a_windows_wheelhouse(wheelhouses):
    """Every dependency has a win_amd64 wheel for Python 3.11 (`pip download --platform win_amd64
    --only-binary=:all:` succeeds), the Windows-only dependencies are there though this is not Windows
    (markers evaluated for the target), and install.bat installs from the folder only."""
    dest = wheelhouses["win_amd64"]
    wheels = sorted(p.name for p in dest.glob("*.whl"))
    assert {wheel_platform(w) for w in wheels} <= {"any", "win_amd64"}, wheels
    binary = [w for w in wheels if wheel_platform(w) == "win_amd64"]
    assert any(w.startswith(("numpy-", "pandas-")) for w in binary) and any("-cp311-" in w for w in binary)
    assert any(w.startswith("colorama-") for w in wheels)  # ipython's `colorama; sys_platform == "win32"`
    assert not any(w.startswith("pexpect-") for w in wheels)  # ipython's `pexpect; sys_platform != "win32"`

    raw = (dest / "install.bat").read_bytes()
    assert raw.isascii() and raw.count(b"\r\n") == raw.count(b"\n")  # cmd.exe: CRLF throughout
    bat = raw.decode("ascii").splitlines()
    version = PROJECT["version"]
    assert 'set "PYTHON=py -3.11"' in bat and '%PYTHON% -m venv "%VENV%"' in bat
    assert f'"%VENV%\\Scripts\\python.exe" -m pip install --no-index --find-links "%WHEELS%" "audit=={version}"' in bat
    assert 'set "WHEELS=%~dp0."' in bat  # the folder of install.bat, wherever it is run from


def test_platform_tags_and_markers():
    tool = load_tool()
    many = tool.pip_platforms("manylinux_2_28_x86_64")
    assert many[0] == "manylinux_2_28_x86_64" and {"manylinux2014_x86_64", "manylinux1_x86_64"} <= set(many)
    assert tool.pip_platforms("manylinux2014_aarch64")[-1] == "manylinux2014_aarch64"
    assert tool.pip_platforms("win_amd64") == ["win_amd64"]
    win = tool.target_markers("win_amd64", "3.11")
    assert win["sys_platform"] == "win32" and win["os_name"] == "nt" and win["platform_system"] == "Windows"
    arm = tool.target_markers("manylinux_2_28_aarch64", "3.12")
    assert arm["platform_machine"] == "aarch64" and arm["python_version"] == "3.12" and arm["sys_platform"] == "linux"


@needs_pypi
def test_a_dependency_with_only_a_source_archive_gets_a_wheel_built(tmp_path, monkeypatch):
    """A requirement with no wheel on the index: its pure-Python wheel is built into the folder from
    its source archive, and the download then finds it there."""
    sdists = tmp_path / "sdists"
    source = tmp_path / "src" / "tinypkg-1.0"
    (source / "tinypkg").mkdir(parents=True)
    (source / "tinypkg" / "__init__.py").write_text("")
    (source / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["flit_core>=3.4,<4"]\nbuild-backend = "flit_core.buildapi"\n'
        '[project]\nname = "tinypkg"\nversion = "1.0"\ndescription = "a package with no wheel"\n'
    )
    (source / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: tinypkg\nVersion: 1.0\n")
    sdists.mkdir()
    with tarfile.open(sdists / "tinypkg-1.0.tar.gz", "w:gz") as archive:
        archive.add(source, arcname="tinypkg-1.0")
    monkeypatch.setenv("PIP_FIND_LINKS", str(sdists))
    tool = load_tool()
    dest = tmp_path / "wh"
    builder = tool.Builder(
        argparse.Namespace(platform="win_amd64", python_version="3.11", extras=None, dest=str(dest), dry_run=False)
    )
    dest.mkdir()
    assert builder.download(["tinypkg==1.0"]) == 0
    [wheel] = [p.name for p in dest.glob("*.whl")]
    assert wheel.startswith("tinypkg-1.0-") and wheel.endswith("-none-any.whl")
    assert builder.built_from_source == ["tinypkg==1.0"]
