"""Hatch build hook: record in the package the git commit it is built from (``audit/_build.py``).

An installed wheel has no ``.git`` to ask, so the wheel (and the sdist, for a wheel built from it)
carries ``audit/_build.py`` holding ``COMMIT = "<sha>"``, with ``-dirty`` when tracked files had
changed, exactly as :func:`audit.core.provenance.git_commit` names a checkout's commit: a page
made by a wheel names the commit a checkout of the same code names. Built where git cannot tell
(an unpacked sdist), the record the sdist carries is kept; with none, ``COMMIT = None`` and the
package says the commit is unknown. Editable installs run from the checkout and ask git.
The file is generated into a temporary folder, never into the source tree.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

RECORD = "src/audit/_build.py"


def git_commit(folder: Path) -> str | None:
    """The commit checked out in `folder`, with ``-dirty`` when tracked files changed; None outside git."""
    try:
        head = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        )
        if head.returncode != 0:
            return None
        dirty = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return head.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


class BuildRecordHook(BuildHookInterface):
    """Adds ``audit/_build.py`` to the wheel (``src/audit/_build.py`` to the sdist)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Write the record and include it in the artefact being built."""
        if version == "editable":
            return
        root = Path(self.root)
        target = "audit/_build.py" if self.target_name == "wheel" else RECORD
        commit = git_commit(root)
        kept = root / RECORD
        if commit is None and kept.is_file():  # an unpacked sdist: its record stands
            build_data["force_include"][str(kept)] = target
            return
        self._folder = Path(tempfile.mkdtemp(prefix="audit-build-"))
        record = self._folder / "_build.py"
        record.write_text(
            '"""Written by hatch_build.py when this package was built: the git commit it was built from."""\n\n'
            f"COMMIT = {commit!r}\n",
            encoding="utf-8",
        )
        build_data["force_include"][str(record)] = target

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the temporary folder of the record."""
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
