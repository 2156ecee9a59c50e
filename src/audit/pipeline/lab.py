"""`audit lab`: a personal working copy of a year's notebooks, its parameters written in, for JupyterLab.

The shared notebooks (inside the package) default to the sample year; an auditor who opens one
in JupyterLab to look at another year would have to edit it. Instead each copy goes to
``<into>/<year>/`` with a cell of parameters as papermill injects them (``params_file`` relative to
the copy, ``year``), so the copy runs that year from wherever the project folder is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from audit.core.errors import AuditError


class CopyExists(AuditError):
    """The working copies asked for exist already (`paths`); they are personal, so never overwritten."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        super().__init__(", ".join(str(p) for p in paths))


@dataclass
class WorkingCopy:
    """The notebooks written for a year, in the order a reader takes them (each audit, then the summary)."""

    year: int
    folder: Path
    notebooks: list[Path]


def _relative(path: Path, folder: Path) -> str:
    """`path` as seen from `folder`, with forward slashes (a copy moves with its project folder).

    On Windows a path on another drive has no relative form: it is given whole.
    """
    try:
        return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def working_copy(params_path: Path, into: Path, out: Path, force: bool = False) -> WorkingCopy:
    """Write the notebooks of the year of `params_path` into ``into/<year>/``; raise InputError or CopyExists."""
    import nbformat

    from audit.audits import AUDITS
    from audit.core.params import load_params
    from audit.pipeline.plan import YEAR_PAGES
    from audit.pipeline.schedule import parameterize

    params = load_params(params_path)
    folder = into / str(params.year)
    present = params.registers.present()
    sources = [(a.notebook, a.notebook_path) for a in AUDITS if any(role.key in present for role in a.registers)]
    sources.extend(YEAR_PAGES)
    targets = [folder / f"{name}.ipynb" for name, _ in sources]
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        raise CopyExists(existing)
    folder.mkdir(parents=True, exist_ok=True)
    parameters = {"params_file": _relative(params_path, folder), "year": params.year}
    for (name, source), target in zip(sources, targets):
        extra = {"outputs_dir": _relative(out, folder)} if name in dict(YEAR_PAGES) else {}
        nbformat.write(parameterize(source, {**parameters, **extra}), target)
    return WorkingCopy(params.year, folder, targets)
