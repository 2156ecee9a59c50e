#!/usr/bin/env python3
"""Build a wheelhouse: every wheel `audit` needs on one platform and Python, for an offline install.

    python tools/wheelhouse.py                                   # this machine's platform and Python
    python tools/wheelhouse.py --platform win_amd64 --python-version 3.11
    python tools/wheelhouse.py --platform manylinux_2_28_aarch64 --python-version 3.11 --extras lab

writes ``wheelhouse/<platform>-py<version>/`` (or ``--dest``): the project's own wheel, the wheel of
every runtime dependency (and of the named extras'), ``install.bat``, ``install.sh``, ``README.txt``
(Chinese and English) and ``SHA256SUMS.txt``. Carried to a machine without network, ``install.bat``
(Windows) or ``install.sh`` (Linux) makes a virtual environment and installs from the folder only
(``pip install --no-index --find-links <folder>``).

Called by ``make wheelhouse`` and ``python dev.py wheelhouse``; needs only Python (3.11+) with pip.
Building needs the network (PyPI): the dependencies are downloaded with ``pip download
--only-binary=:all:`` for the target platform and Python; a dependency published only as a source
archive has its wheel built here with ``pip wheel --no-deps`` when that wheel is pure Python.

pip evaluates environment markers (``pywin32; sys_platform == "win32"``) for the machine it runs on,
not for ``--platform``: a Windows wheelhouse built on Linux would lack pywin32, colorama, pywinpty.
So pip is run with its marker environment set to the target's, and the folder is then checked: every
requirement of every wheel in it, under the target's markers, must be met by a wheel in it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shlex
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# pip run with the marker environment of the target platform (see the module's docstring).
_PIP_WITH_TARGET_MARKERS = (
    "import json, sys\n"
    "from pip._vendor.packaging import markers\n"
    "target = json.loads(sys.argv.pop(1))\n"
    "host = markers.default_environment\n"
    "markers.default_environment = lambda: {**host(), **target}\n"
    "from pip._internal.cli.main import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)

_MANYLINUX_LEGACY = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
_LEGACY_OF = {v: k for k, v in _MANYLINUX_LEGACY.items()}


def project_metadata(root: Path = ROOT) -> dict:
    """The ``[project]`` table of pyproject.toml."""
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def native_platform() -> str:
    """This machine's platform as a folder name: ``linux_x86_64``, ``win_amd64``, ``macosx_11_0_arm64``."""
    return re.sub(r"[-.]", "_", sysconfig.get_platform())


def native_python_version() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def pip_platforms(tag: str) -> list[str]:
    """The ``--platform`` values for a target: pip takes a manylinux tag literally, so
    ``manylinux_2_28_x86_64`` also accepts the wheels of every older glibc (2_27 … 2_17, manylinux2014 …)."""
    match = re.fullmatch(r"(manylinux1|manylinux2010|manylinux2014|manylinux_(\d+)_(\d+))_(.+)", tag)
    if match:
        major, minor = _MANYLINUX_LEGACY.get(match[1]) or (int(match[2]), int(match[3]))
        arch = match[4]
        floor = 5 if arch in ("x86_64", "i686") else 17  # manylinux1 and 2010 exist for x86 only
        tags = []
        for glibc in range(minor, floor - 1, -1) if major == 2 else []:
            tags.append(f"manylinux_2_{glibc}_{arch}")
            if (2, glibc) in _LEGACY_OF:
                tags.append(f"{_LEGACY_OF[(2, glibc)]}_{arch}")
        return tags or [tag]
    match = re.fullmatch(r"musllinux_1_(\d+)_(.+)", tag)
    if match:
        return [f"musllinux_1_{minor}_{match[2]}" for minor in range(int(match[1]), -1, -1)]
    return [tag]


def target_markers(tag: str | None, python_version: str) -> dict[str, str]:
    """The environment-marker values of the target that differ from this machine's (empty: the same)."""
    markers: dict[str, str] = {}
    if python_version != native_python_version():
        markers.update(
            python_version=python_version,
            python_full_version=f"{python_version}.0",  # the oldest patch release: a marker excludes the fewest
            implementation_version=f"{python_version}.0",
        )
    if tag is None or tag == native_platform():
        return markers
    markers.update(implementation_name="cpython", platform_python_implementation="CPython")
    if tag.startswith("win"):
        machine = {"win32": "x86", "win_amd64": "AMD64", "win_arm64": "ARM64"}.get(tag, "AMD64")
        return markers | dict(
            os_name="nt",
            sys_platform="win32",
            platform_system="Windows",
            platform_machine=machine,
            platform_release="10",
            platform_version="10.0.19045",
        )
    if tag.startswith("macosx"):
        arch = tag.rsplit("_", 1)[-1]
        return markers | dict(
            os_name="posix",
            sys_platform="darwin",
            platform_system="Darwin",
            platform_machine="arm64" if arch in ("arm64", "universal2") else arch,
            platform_release="23.0.0",
            platform_version="Darwin Kernel Version 23.0.0",
        )
    arch = re.sub(r"^(many|musl)?linux(\d+|_\d+_\d+)?_", "", tag)
    return markers | dict(
        os_name="posix",
        sys_platform="linux",
        platform_system="Linux",
        platform_machine=arch,
        platform_release="5.10.0",
        platform_version="#1 SMP",
    )


def requirements(project: dict, extras: list[str]) -> list[str]:
    """The project's runtime requirements and those of the named extras."""
    wanted = list(project["dependencies"])
    optional = project.get("optional-dependencies", {})
    for extra in extras:
        if extra not in optional:
            raise SystemExit(f"no extra {extra!r} in pyproject.toml (there are: {', '.join(optional)})")
        wanted += optional[extra]
    return wanted


class Builder:
    """Builds one wheelhouse folder; ``dry_run`` prints the commands instead of running them."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.project = project_metadata()
        self.platform = args.platform
        self.python_version = args.python_version or native_python_version()
        self.extras = [e for e in (args.extras or "").split(",") if e]
        name = f"{self.platform or native_platform()}-py{self.python_version}"
        self.dest = Path(args.dest) if args.dest else ROOT / "wheelhouse" / name
        self.dry_run = args.dry_run
        self.markers = target_markers(self.platform, self.python_version)
        self.built_from_source: list[str] = []

    # -- commands ---------------------------------------------------------------------------
    def pip(self, *args: str, target_markers: bool = False) -> list[str]:
        if target_markers and self.markers:
            return [sys.executable, "-c", _PIP_WITH_TARGET_MARKERS, json.dumps(self.markers), *args]
        return [sys.executable, "-m", "pip", *args]

    def target_flags(self) -> list[str]:
        flags = ["--only-binary=:all:"]
        for tag in pip_platforms(self.platform) if self.platform else []:
            flags += ["--platform", tag]
        return flags + ["--python-version", self.python_version, "--implementation", "cp"]

    def run(self, argv: list[str], capture: bool = False) -> subprocess.CompletedProcess[str]:
        shown = argv if "-c" not in argv else [*argv[:1], "-c", "<pip-with-target-markers>", *argv[3:]]
        print("+", shlex.join(shown), flush=True)
        if self.dry_run:
            return subprocess.CompletedProcess(argv, 0, "", "")
        if not capture:
            return subprocess.run(argv, text=True)
        done = subprocess.run(argv, text=True, stderr=subprocess.PIPE)
        sys.stderr.write(done.stderr)
        return done

    # -- steps ------------------------------------------------------------------------------
    def build(self) -> int:
        print(f"wheelhouse: {self.dest}", flush=True)
        if not self.dry_run:
            self.dest.mkdir(parents=True, exist_ok=True)
            for old in self.dest.glob(f"{self.project['name']}-*.whl"):
                old.unlink()  # a wheel of this project from an earlier build
        if self.run(self.pip("wheel", "--no-deps", "--wheel-dir", str(self.dest), str(ROOT))).returncode:
            return 1
        if self.download(requirements(self.project, self.extras)):
            return 1
        if not self.dry_run:
            missing = self.check()
            if missing:
                print("the wheelhouse lacks, for the target platform:", *missing, sep="\n  ", file=sys.stderr)
                return 1
            self.write_scripts()
        for name in self.built_from_source:
            print(f"note: {name} has no wheel on the index; its wheel was built here from its source archive")
        print(f"done: {self.dest}")
        return 0

    def download(self, wanted: list[str]) -> int:
        """pip download with only wheels; a requirement with none gets one built from its sdist, if pure Python."""
        for _ in range(10):
            argv = self.pip(
                "download",
                "--dest",
                str(self.dest),
                "--find-links",
                str(self.dest),
                *self.target_flags(),
                *wanted,
                target_markers=True,
            )
            done = self.run(argv, capture=True)
            if done.returncode == 0:
                return 0
            lacking = re.search(r"No matching distribution found for (\S+)", done.stderr or "")
            if not lacking or not self.build_from_source(lacking[1]):
                return 1
        return 1

    def build_from_source(self, requirement: str) -> bool:
        """Build a pure-Python wheel of `requirement` from its source archive into the folder."""
        before = set(self.dest.glob("*.whl"))
        name = re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]
        argv = self.pip("wheel", "--no-deps", "--no-binary", name, "--wheel-dir", str(self.dest), requirement)
        if self.run(argv).returncode:
            return False
        made = set(self.dest.glob("*.whl")) - before
        for wheel in made:
            if not wheel.name.endswith("-none-any.whl"):
                wheel.unlink()
                print(f"{requirement}: no wheel for the target, and its source builds {wheel.name}", file=sys.stderr)
                return False
        self.built_from_source.append(requirement)
        return bool(made)

    def check(self) -> list[str]:
        """Every requirement, under the target's markers, that no wheel in the folder meets."""
        try:
            from packaging.markers import default_environment
            from packaging.requirements import Requirement
            from packaging.specifiers import SpecifierSet
            from packaging.utils import canonicalize_name, parse_wheel_filename
        except ImportError:  # pip always carries packaging
            from pip._vendor.packaging.markers import default_environment  # type: ignore[no-redef]
            from pip._vendor.packaging.requirements import Requirement  # type: ignore[no-redef]
            from pip._vendor.packaging.specifiers import SpecifierSet  # type: ignore[no-redef]
            from pip._vendor.packaging.utils import canonicalize_name, parse_wheel_filename  # type: ignore[no-redef]
        environment = {**default_environment(), **self.markers}
        wheels = {}
        for path in self.dest.glob("*.whl"):
            name, version, _, _ = parse_wheel_filename(path.name)
            wheels[name] = (version, path)

        def requires(path: Path) -> list[str]:
            with zipfile.ZipFile(path) as archive:
                meta = next(n for n in archive.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
                text = archive.read(meta).decode("utf-8")
            head = text.split("\n\n", 1)[0]
            return [line.split(":", 1)[1].strip() for line in head.splitlines() if line.startswith("Requires-Dist:")]

        missing: list[str] = []
        todo = [(r, "") for r in requirements(self.project, self.extras)]
        seen: set[tuple[str, str]] = set()
        while todo:
            text, extra = todo.pop()
            if (text, extra) in seen:
                continue
            seen.add((text, extra))
            req = Requirement(text)
            if req.marker and not req.marker.evaluate({**environment, "extra": extra}):
                continue
            name = canonicalize_name(req.name)
            found = wheels.get(name)
            if found is None or not SpecifierSet(str(req.specifier)).contains(found[0], prereleases=True):
                missing.append(f"{text}" + (f" (have {found[0]})" if found else ""))
                continue
            deps = requires(found[1])
            todo += [(d, "") for d in deps]
            todo += [(d, e) for d in deps for e in req.extras]
        return sorted(set(missing))

    # -- the folder's scripts ----------------------------------------------------------------
    def write_scripts(self) -> None:
        name, version = self.project["name"], self.project["version"]
        spec = f"{name}[{','.join(self.extras)}]=={version}" if self.extras else f"{name}=={version}"
        fields = dict(
            spec=spec,
            py=self.python_version,
            pytuple=", ".join(self.python_version.split(".")),
            target=self.platform or native_platform(),
            name=name,
            version=version,
        )
        files = {"install.bat": INSTALL_BAT, "install.sh": INSTALL_SH, "README.txt": README_TXT}
        files = {filename: template.format(**fields) for filename, template in files.items()}
        for filename, text in files.items():
            path = self.dest / filename
            if filename == "install.sh":
                path.write_text(text, encoding="utf-8", newline="\n")
                path.chmod(0o755)
            elif filename == "install.bat":
                path.write_text(text, encoding="ascii", newline="\r\n")  # cmd.exe: CRLF, no code page trouble
            else:
                path.write_text(text, encoding="utf-8-sig", newline="\r\n")  # Notepad reads a BOM as UTF-8
        sums = []
        for path in sorted(self.dest.iterdir()):
            if path.is_file() and path.name != "SHA256SUMS.txt":
                sums.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}")
        (self.dest / "SHA256SUMS.txt").write_text("\n".join(sums) + "\n", encoding="utf-8", newline="\n")


INSTALL_BAT = r"""@echo off
rem Offline install of {spec} ({target}, Python {py}) from this folder: no network needed.
rem Usage: install.bat [VENV-FOLDER]   (default: .venv in the current folder)
setlocal
set "WHEELS=%~dp0."
set "VENV=%~1"
if "%VENV%"=="" set "VENV=.venv"
set "PYTHON=py -{py}"
py -{py} -c "" >nul 2>&1
if errorlevel 1 (
    python -c "import sys; sys.exit(sys.version_info[:2] != ({pytuple}))" >nul 2>&1
    if errorlevel 1 goto nopython
    set "PYTHON=python"
)
%PYTHON% -m venv "%VENV%"
if errorlevel 1 goto failed
"%VENV%\Scripts\python.exe" -m pip install --no-index --find-links "%WHEELS%" "{spec}"
if errorlevel 1 goto failed
echo.
echo Installed into %VENV%. Try: "%VENV%\Scripts\audit.exe" check --year 2020
exit /b 0
:nopython
echo Python {py} was not found (neither "py -{py}" nor "python"). Install Python {py} first: see README.txt.
exit /b 1
:failed
echo The installation failed: see the messages above.
exit /b 1
"""

INSTALL_SH = """#!/bin/sh
# Offline install of {spec} ({target}, Python {py}) from this folder: no network needed.
# Usage: sh install.sh [VENV-FOLDER]   (default: .venv in the current folder)
# PYTHON=/path/to/python3.11 sh install.sh   to name the interpreter.
set -eu
WHEELS=$(cd "$(dirname "$0")" && pwd)
VENV=${{1:-.venv}}
if [ -z "${{PYTHON:-}}" ]; then
    for candidate in python{py} python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != ({pytuple}))' 2>/dev/null; then
            PYTHON=$candidate
            break
        fi
    done
fi
if [ -z "${{PYTHON:-}}" ]; then
    echo "Python {py} was not found: install it first (see README.txt), or set PYTHON=/path/to/python{py}" >&2
    exit 1
fi
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --no-index --find-links "$WHEELS" "{spec}"
echo
echo "Installed into $VENV. Try: $VENV/bin/audit check --year 2020"
"""

README_TXT = """{name} {version} 离线安装包 / offline installation ({target}, Python {py})
======================================================================

【中文】
本文件夹包含安装 {spec} 所需的全部 wheel 文件，适用于 {target} 平台、Python {py}。
安装时不需要联网，也不访问任何软件源。

1. 先在目标电脑上安装 Python {py}。
   Windows：python.org 的安装程序（3.11 的最后一个安装程序是 python-3.11.9-amd64.exe），
   勾选 "Add python.exe to PATH" 和 "py launcher"。Python 3.11 需要 Windows 8.1 或更高版本，
   3.12 起需要 Windows 10；Windows 7 不能运行。
   Linux（统信 UOS、麒麟等）：系统自带的 Python 低于 {py} 时，见项目 README 的“Python 版本”一节。
2. 把整个文件夹拷入内网电脑（U 盘、光盘均可）。用 SHA256SUMS.txt 核对文件是否完整：
   Windows：certutil -hashfile 文件名 SHA256；Linux：sha256sum -c SHA256SUMS.txt
3. 在存放 params 和 data 的工作目录中运行（在当前目录创建 .venv）：
   Windows：  <本文件夹>\\install.bat
   Linux：    sh <本文件夹>/install.sh
4. 之后使用：
   Windows：  .venv\\Scripts\\audit check --year 2020
              .venv\\Scripts\\audit run --all
   Linux：    .venv/bin/audit run --all

【English】
This folder holds every wheel that {spec} needs on {target} with Python {py}.
Installing needs no network and contacts no package index.

1. Install Python {py} on the target machine first.
   Windows: python.org's installer (the last one for 3.11 is python-3.11.9-amd64.exe), with
   "Add python.exe to PATH" and the "py launcher". Python 3.11 needs Windows 8.1 or later, 3.12 and
   later need Windows 10; Windows 7 cannot run them.
   Linux (UOS, Kylin, ...): where the system's Python is older than {py}, see the project README.
2. Copy the whole folder to the offline machine (USB stick, disc). Check it arrived whole with
   SHA256SUMS.txt: Windows: certutil -hashfile FILE SHA256; Linux: sha256sum -c SHA256SUMS.txt
3. From the working folder that holds params and data, run (it creates .venv there):
   Windows:   <this folder>\\install.bat
   Linux:     sh <this folder>/install.sh
4. Then:
   Windows:   .venv\\Scripts\\audit check --year 2020
              .venv\\Scripts\\audit run --all
   Linux:     .venv/bin/audit run --all

Made by tools/wheelhouse.py (make wheelhouse / python dev.py wheelhouse).
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--platform",
        help="the target's platform tag: win_amd64, win32, manylinux_2_28_x86_64, manylinux_2_28_aarch64, "
        "macosx_11_0_arm64 … (default: this machine's)",
    )
    parser.add_argument("--python-version", help="the target's Python, e.g. 3.11 (default: this Python's)")
    parser.add_argument("--extras", help="extras to include as well, comma-separated, e.g. lab")
    parser.add_argument("--dest", help="the folder (default: wheelhouse/<platform>-py<version>)")
    parser.add_argument("--dry-run", "-n", action="store_true", help="print the commands, run nothing")
    args = parser.parse_args(argv)
    if args.python_version and not re.fullmatch(r"3\.\d+", args.python_version):
        parser.error(f"--python-version: a version such as 3.11, not {args.python_version!r}")
    return Builder(args).build()


if __name__ == "__main__":
    sys.exit(main())
