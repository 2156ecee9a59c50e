"""Where a report's figures came from: the params file, each register and its SHA-256, the code.

Paths are written relative to the project root (the nearest folder above the params file that
holds ``params/`` or a ``.git``), never as this machine's absolute paths, so two auditors on
two machines get the same report.

The code is named by the package version and the git commit it was made from. Where the package
runs from a git checkout (its files tracked there) the commit is asked of git; where it was
installed from a wheel (or a copy without ``.git``) it is the one the build recorded in
``audit/_build.py`` (``hatch_build.py`` writes it), so a wheel built from a commit names the
same commit a checkout of it does. :func:`code_files` is the SHA-256 of the package's own files,
the same for a checkout and a wheel of the same code, whatever their commits say.
"""

from __future__ import annotations

import ast
import hashlib
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from audit import __version__

PACKAGE = Path(__file__).resolve().parents[1]  # the audit package (src/audit in a checkout)
BUILD_FILE = "_build.py"  # written into a wheel by hatch_build.py; never in the checkout's git tree
# Not code: caches, and what a wheel has that the checkout's package folder has not (the build
# record; docs/, the user documentation force-included as audit/docs).
_NOT_CODE = {"__pycache__", ".ipynb_checkpoints"}
_WHEEL_ONLY = {BUILD_FILE, "docs"}

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.registers import Register


@dataclass(frozen=True)
class Source:
    """One input file: what it is, where it is (project-relative) and its SHA-256."""

    role: str
    path: str
    sha256: str


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def project_root(start: Path) -> Path:
    """The project folder a params file belongs to (its parent when nothing better is found)."""
    start = start.resolve()
    for folder in [start.parent, *start.parent.parents]:
        if (folder / ".git").exists() or (folder / "pyproject.toml").is_file():
            return folder
    return start.parent.parent if start.parent.name == "params" else start.parent


def relative(path: Path, root: Path) -> str:
    """`path` relative to `root` with forward slashes, or its bare name when outside it."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.name


def sources(params: Params, registers: Mapping[str, Register] | None = None) -> list[Source]:
    """The params file and every register of the year, with their SHA-256.

    Where the params and `registers` were loaded by this process, the hashes are those of the
    bytes they were read from; files not read (or every file, without `registers`) are hashed now.
    """
    assert params.source is not None
    root = project_root(params.source)
    found = [Source("params", relative(params.source, root), params.digest or sha256_file(params.source))]
    for key in params.registers.present():
        path = params.register_path(key)
        assert path is not None
        read = registers.get(key) if registers is not None else None
        found.append(Source(key, relative(path, root), read.sha256 if read is not None else sha256_file(path)))
    return found


@cache
def git_commit(folder: str) -> str | None:
    """The commit checked out in `folder` (with ``-dirty`` when tracked files changed), if a git checkout."""
    try:
        head = subprocess.run(["git", "-C", folder, "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
        if head.returncode != 0:
            return None
        dirty = subprocess.run(
            ["git", "-C", folder, "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def _tracked(package: Path) -> bool:
    """True when `package` is a folder tracked in a git checkout (a wheel installed under one is not)."""
    try:
        found = subprocess.run(
            ["git", "-C", str(package), "ls-files", "--error-unmatch", "__init__.py"],
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return found.returncode == 0


def built_commit(package: Path = PACKAGE) -> str | None:
    """The commit ``audit/_build.py`` records (written when the wheel was built), if there is one."""
    path = package / BUILD_FILE
    if not path.is_file():
        return None
    for node in ast.parse(path.read_text(encoding="utf-8")).body:  # read, not imported: it holds literals only
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["COMMIT"]:
            commit = node.value.value if isinstance(node.value, ast.Constant) else None
            return commit if isinstance(commit, str) and commit else None
    return None


@cache
def code_commit(package: Path = PACKAGE) -> str | None:
    """The commit the running code was made from: git's where the package is tracked in a checkout,
    else the one recorded at build time; None where neither can tell."""
    if _tracked(package):
        return git_commit(str(package))
    return built_commit(package)


@cache
def code_files(package: Path = PACKAGE) -> str:
    """SHA-256 over the relative path and bytes of every file of the package that is code.

    Caches, the build record and the documentation a wheel adds are left out, so a checkout and a
    wheel built from it give the same digest: the same digest means the same code.
    """
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        parts = path.relative_to(package).parts
        if not path.is_file() or _NOT_CODE & set(parts) or parts[0] in _WHEEL_ONLY or path.suffix == ".pyc":
            continue
        digest.update("/".join(parts).encode("utf-8") + b"\0")
        digest.update(bytes.fromhex(sha256_file(path)))
    return digest.hexdigest()


def code_version(params: Params | None = None) -> dict[str, str | None]:
    """The code that makes the reports: the package version and the commit it was made from (None if unknown).

    It is that of the running package, whichever project `params` belongs to.
    """
    return {"package": __version__, "commit": code_commit()}


def describe_code(code: Mapping[str, object] | None, language: str) -> str:
    """A recorded or current code version in words: ``audit 0.1.0, commit <sha>`` (the commit "unknown" if none)."""
    code = code or {}
    commit = code.get("commit") or ("未知" if language == "zh" else "unknown")
    package = code.get("package") or ("未知" if language == "zh" else "unknown")
    return f"audit {package}，提交 {commit}" if language == "zh" else f"audit {package}, commit {commit}"
