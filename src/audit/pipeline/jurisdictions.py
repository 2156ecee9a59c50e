"""A city's jurisdictions: where their params and outputs live, and the pages made above them.

A params folder holds either one jurisdiction's years (``params/<year>.yaml``, published into
``<out>/<year>/`` as always) or one folder per jurisdiction (``params/<code>/<year>.yaml``, each
published into ``<out>/<code>/<year>/`` with its own index and run log), never both. A params file
in a jurisdiction's folder names that jurisdiction (``jurisdiction: {code, name}``), its code the
folder's name. Above the jurisdictions, a run makes a roll-up of every year
(``<out>/rollup/<year>.html``, :mod:`audit.rollup`) and a front page (``<out>/index.html``) that
links each jurisdiction's index and each roll-up; they are made again only when what they show
changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from audit.core.errors import InputError, Problem
from audit.core.params import Params, display_path
from audit.pipeline import year_params
from audit.pipeline.schedule import Batch, Job, Runner

ROLLUP_NOTEBOOK = Path(__file__).resolve().parents[1] / "rollup" / "rollup.ipynb"
OVERVIEW_NOTEBOOK = Path(__file__).resolve().parents[1] / "rollup" / "overview.ipynb"
ROLLUP_FOLDER = "rollup"
FINGERPRINTS = "rollup/fingerprints.json"  # what the roll-ups and the front page were last made from


@dataclass(frozen=True)
class Jurisdiction:
    """The years of one jurisdiction in a params folder: its code (None in a flat folder) and params files."""

    code: str | None
    paths: list[Path]

    def out(self, root: Path) -> Path:
        """Where its years are published: ``<root>/<code>``, or `root` itself for a flat params folder."""
        return root / self.code if self.code else root


def layout(params_dir: Path) -> list[Jurisdiction]:
    """The jurisdictions of a params folder, by code; raise InputError where it mixes the two layouts."""
    flat = year_params(params_dir)
    folders = (
        sorted(d for d in params_dir.iterdir() if d.is_dir() and not d.name.startswith(".") and year_params(d))
        if params_dir.is_dir()
        else []
    )
    if flat and folders:
        shown = display_path(params_dir)
        raise InputError(
            [
                Problem(
                    shown,
                    None,
                    None,
                    ", ".join([*(p.name for p in flat), *(f"{d.name}/" for d in folders)]),
                    "either one jurisdiction's params/<year>.yaml or a folder per jurisdiction "
                    "(params/<code>/<year>.yaml), not both: move the flat files into their jurisdiction's folder",
                    "参数文件夹应为单一地区的 params/<年度>.yaml，或每个地区一个文件夹（params/<代码>/<年度>.yaml），"
                    "不能两者并存：请将直接放在其中的参数文件移入所属地区的文件夹",
                )
            ]
        )
    if folders:
        return [Jurisdiction(d.name, year_params(d)) for d in folders]
    return [Jurisdiction(None, flat)] if flat else []


def check_named(params: Params, code: str | None) -> None:
    """Raise InputError where a params file in jurisdiction `code`'s folder does not name that jurisdiction."""
    if code is None:
        return
    named = params.jurisdiction.code if params.jurisdiction is not None else None
    if named == code:
        return
    assert params.source is not None
    raise InputError(
        [
            Problem(
                display_path(params.source),
                None,
                "jurisdiction.code",
                named,
                f"the code of the jurisdiction whose folder it is in ({code}): jurisdiction: {{code: {code}, name: …}}",
                f"所在地区文件夹的代码（{code}）：jurisdiction: {{code: {code}, name: …}}",
            )
        ]
    )


def params_path(params_dir: Path, year: int, code: str | None) -> Path:
    """The params file of `year` (of jurisdiction `code`, where given)."""
    return (params_dir / code if code else params_dir) / f"{year}.yaml"


def named_code(params_file: Path) -> str | None:
    """The jurisdiction a params file is of: the code it names where it is in that code's folder (else None).

    Read as load_params reads it (bounded, never waiting on a FIFO); None too where it cannot be
    read, which planning the year reports.
    """
    from audit.core.params import read_params_file

    try:
        _, data = read_params_file(params_file)
    except Exception:  # noqa: BLE001 - unreadable: planning reports why
        return None
    named = data.get("jurisdiction")
    code = named.get("code") if isinstance(named, dict) else None
    return str(code) if code is not None and str(code) == params_file.parent.name else None


def output_root(out: Path, params_file: Path, code: str | None = None) -> Path:
    """The output folder a year is published in: ``<out>/<code>`` for a jurisdiction's (`code`, else the one it names)."""
    code = code or named_code(params_file)
    return out / code if code else out


def _digest(paths: list[Path], extra: object) -> str:
    from audit.pipeline.fresh import code_digest

    digest = hashlib.sha256(json.dumps([extra, code_digest()], sort_keys=True).encode("utf-8"))
    for path in paths:
        digest.update(path.as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-")
    return digest.hexdigest()


def _wanted(out: Path, language: str) -> dict[str, str]:
    """The fingerprint of each page above the jurisdictions: the roll-up of each year, and the front page."""
    from audit.rollup.compute import years_of

    years = years_of(out)
    jurisdictions = (
        sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")) if out.is_dir() else []
    )
    wanted = {}
    for year in years:
        members = [j / str(year) for j in jurisdictions if (j / str(year) / "metrics.json").is_file()]
        pages = [sorted(p.name for p in m.glob("*.html")) for m in members]
        wanted[f"{ROLLUP_FOLDER}/{year}.html"] = _digest(
            [m / "metrics.json" for m in members],
            [language, year, [m.relative_to(out).as_posix() for m in members], pages],
        )
    # the front page names each jurisdiction and its years: it changes with any roll-up
    wanted["index.html"] = _digest([], [language, sorted(wanted.items())])
    return wanted


def _recorded(out: Path) -> dict[str, str]:
    try:
        return json.loads((out / FINGERPRINTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def stale_pages(out: Path, language: str) -> dict[str, str]:
    """The pages above the jurisdictions that are missing or were made from something else, with their fingerprints."""
    recorded = _recorded(out)
    return {
        page: digest
        for page, digest in _wanted(out, language).items()
        if recorded.get(page) != digest or not (out / page).is_file()
    }


def page_jobs(out: Path, pages: list[str], language: str) -> list[Job]:
    """The notebook jobs that make `pages` (``rollup/<year>.html``, ``index.html``), run from `out`."""
    from audit.rollup.page import TEXT

    jobs = []
    for page in pages:
        if page == "index.html":
            parameters: dict[str, object] = {"outputs_dir": ".", "language": language}
            jobs.append(Job("index", TEXT[language]["overview.title"], language, parameters, out, OVERVIEW_NOTEBOOK))
        else:
            year = int(Path(page).stem)
            parameters = {"outputs_dir": ".", "year": year, "language": language}
            title = TEXT[language]["title"].format(year=year)
            jobs.append(Job(str(year), title, language, parameters, out, ROLLUP_NOTEBOOK))
    return jobs


def build_pages(out: Path, language: str, runner: Runner, force: bool = False) -> tuple[list[str], list[str]]:
    """Make the roll-ups and the front page of `out` that are stale (all of them where `force`).

    Returns the pages made and the notebooks' stderr. They are made in a staging folder and moved
    into place page by page, so a failure leaves the pages as they were; raises the failure.
    """
    stale = _wanted(out, language) if force else stale_pages(out, language)
    if not stale:
        return [], []
    order = sorted(stale, key=lambda page: (page == "index.html", page))  # the front page last
    staging = Path(tempfile.mkdtemp(prefix=".rollup-staging-", dir=out))
    stderr: list[str] = []
    try:
        errors = runner.run_batches(
            [Batch(page_jobs(out, order, language), staging, lambda job, err: stderr.extend(err))]
        )
        if errors[0] is not None:
            raise errors[0]
        (out / ROLLUP_FOLDER).mkdir(exist_ok=True)
        for page in order:
            made = Path(page).stem if page != "index.html" else "index"
            for suffix in (".ipynb", ".html"):
                os.replace(staging / f"{made}{suffix}", out / Path(page).with_suffix(suffix))
        recorded = _recorded(out)
        recorded.update(stale)
        (out / FINGERPRINTS).parent.mkdir(exist_ok=True)
        (out / FINGERPRINTS).write_text(json.dumps(recorded, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return order, stderr
