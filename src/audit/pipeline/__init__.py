"""The pipeline of a run: plan a year (params, registers, metrics), schedule its notebooks, render, publish.

:mod:`.plan` reads and validates a year and lists its notebook jobs; :mod:`.schedule` executes them
in kernels (:mod:`.forkserver` on Linux) and :mod:`.render` turns each into a page; :mod:`.publish`
moves a finished year into place with its manifest (:mod:`.manifest`) and run-log entry
(:mod:`.runlog`); :mod:`.run` ties these together for ``audit run``, and :mod:`.check`,
:mod:`.verify` and :mod:`.newyear` are the other commands' work.
"""

from __future__ import annotations

from pathlib import Path


def year_params(params_dir: Path) -> list[Path]:
    """Every params file of a folder (``<year>.yaml``), oldest year first."""
    return sorted((p for p in params_dir.glob("*.yaml") if p.stem.isdigit()), key=lambda p: int(p.stem))
