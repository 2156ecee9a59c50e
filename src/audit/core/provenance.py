"""Where a report's figures came from: the params file, each register and its SHA-256, the code.

Paths are written relative to the project root (the nearest folder above the params file that
holds ``params/`` or a ``.git``), never as this machine's absolute paths, so two auditors on
two machines get the same report.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from audit import __version__

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


def code_version(params: Params) -> dict[str, str | None]:
    """The package version and, where the project is a git checkout, its commit."""
    assert params.source is not None
    return {"package": __version__, "commit": git_commit(str(project_root(params.source)))}
