#!/usr/bin/env python3
"""The Makefile's targets without make: for Windows (``py dev.py test``) and machines without make.

    python dev.py report            # = make report: creates .venv if missing, installs, runs every year
    python dev.py test              # = make test: lint and types, then the whole suite
    python dev.py lint              # = make lint
    python dev.py golden            # = make golden
    python dev.py lab               # = make lab
    python dev.py wheelhouse --platform win_amd64 --python-version 3.11   # = make wheelhouse PLATFORM=… PYTHON_VERSION=…
    python dev.py -n test           # = make -n test: print the commands, run nothing

Each target does what the Makefile's does, in the same order and with the same stamps: ``.venv`` is
created when its Python is missing, and the extras are installed again only when pyproject.toml is
newer than their stamp (``.venv/.installed-runtime``, ``-test``, ``-lab``). Tools run as
``<venv python> -m ruff|mypy|pytest|audit|jupyter``; the venv's Python is ``.venv\\Scripts\\python.exe``
on Windows and ``.venv/bin/python`` elsewhere. Only the standard library is used.
"""

import argparse
import os
import shlex
import subprocess
import sys
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

ROOT = Path(__file__).resolve().parent

if sys.version_info < (3, 11):  # noqa: UP036 -- dev.py may be started by an older Python: say so plainly
    _found = sys.version.split()[0]
    sys.exit(
        f"需要 Python 3.11 或更高版本，当前为 {_found}（见 README）。\n"
        f"Python 3.11 or later is needed, this is {_found} (see README)."
    )

# What each target means, as the Makefile's `## target:` comments say.
TARGETS = {
    "report": "run the sample year(s) and write the HTML reports into --out (default: outputs/)",
    "test": "lint and types, then the whole test suite",
    "lint": "ruff (lint and format) and mypy, as configured in pyproject.toml",
    "golden": "deliberately rewrite the golden metrics and the stored executed notebooks; review `git diff` after",
    "lab": "JupyterLab at the project root",
    "wheelhouse": "every wheel for an offline install, for --platform and --python-version (tools/wheelhouse.py)",
}

TOUCH = "touch"  # a recipe step that updates a stamp (done here, not by a `touch` program)


def venv_bin(venv: str, os_name: str = os.name) -> PurePath:
    """The venv's scripts folder: ``Scripts`` on Windows, ``bin`` elsewhere."""
    if os_name == "nt":
        return PureWindowsPath(venv) / "Scripts"
    return PurePosixPath(venv) / "bin"


def venv_python(venv: str = ".venv", os_name: str = os.name) -> PurePath:
    """The venv's Python: ``.venv\\Scripts\\python.exe`` on Windows, ``.venv/bin/python`` elsewhere."""
    return venv_bin(venv, os_name) / ("python.exe" if os_name == "nt" else "python")


class Rule:
    """A make rule: a target (a file, or phony), its prerequisites, its order-only ones, its recipe."""

    def __init__(
        self,
        target: str,
        recipe: list[list[str]],
        prereqs: tuple[str, ...] = (),
        order_only: tuple[str, ...] = (),
        phony: bool = False,
    ) -> None:
        self.target, self.recipe, self.prereqs, self.order_only, self.phony = (
            target,
            recipe,
            prereqs,
            order_only,
            phony,
        )


def rules(options: argparse.Namespace, os_name: str = os.name) -> dict[str, Rule]:
    """The Makefile's rules, with its variables (PYTHON, VENV, OUT, PLATFORM …) taken from `options`."""
    venv = options.venv
    py = str(venv_python(venv, os_name))
    sep = "\\" if os_name == "nt" else "/"
    runtime, test, lab = (f"{venv}{sep}.installed-{name}" for name in ("runtime", "test", "lab"))
    paths = ["src", "tests", "benchmarks", "tools", "dev.py", "hatch_build.py"]
    wheelhouse = [py, "tools/wheelhouse.py" if os_name != "nt" else "tools\\wheelhouse.py"]
    for flag, value in (
        ("--platform", getattr(options, "platform", None)),
        ("--python-version", getattr(options, "python_version", None)),
        ("--extras", getattr(options, "extras", None)),
        ("--dest", getattr(options, "dest", None)),
    ):
        if value:
            wheelhouse += [flag, value]
    found = [
        Rule(py, [[options.python, "-m", "venv", venv], [py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"]]),
        Rule(
            runtime,
            [[py, "-m", "pip", "install", "--quiet", "-e", "."], [TOUCH, runtime]],
            ("pyproject.toml",),
            (py,),
        ),
        Rule(
            test,
            [[py, "-m", "pip", "install", "--quiet", "-e", ".[test,lint,cluster]"], [TOUCH, test]],
            ("pyproject.toml", runtime),
        ),
        Rule(lab, [[py, "-m", "pip", "install", "--quiet", "-e", ".[lab]"], [TOUCH, lab]], ("pyproject.toml", runtime)),
        Rule("report", [[py, "-m", "audit", "run", "--all", "--out", options.out]], (runtime,), phony=True),
        Rule("test", [[py, "-m", "pytest"]], ("lint",), phony=True),
        Rule(
            "lint",
            [
                [py, "-m", "ruff", "check", *paths],
                [py, "-m", "ruff", "format", "--check", *paths],
                [py, "-m", "mypy"],
            ],
            (test,),
            phony=True,
        ),
        Rule(
            "golden",
            [[py, "-m", "pytest", "tests/test_metrics.py", "tests/test_notebooks.py", "--update-golden", "-q"]],
            (test,),
            phony=True,
        ),
        Rule("lab", [[py, "-m", "jupyter", "lab", "."]], (lab,), phony=True),
        Rule("wheelhouse", [wheelhouse], (py,), phony=True),
    ]
    return {rule.target: rule for rule in found}


def plan(target: str, options: argparse.Namespace, root: Path = ROOT, os_name: str = os.name) -> list[list[str]]:
    """The commands `target` runs now, in order, as ``make -n`` works them out: a file target is
    remade when it is missing, when a prerequisite is newer, or when a prerequisite is remade."""
    table = rules(options, os_name)
    remade: dict[str, bool] = {}
    steps: list[list[str]] = []

    def mtime(name: str) -> int | None:
        path = root.joinpath(*PureWindowsPath(name).parts) if os_name == "nt" else root / name
        try:
            return path.stat().st_mtime_ns
        except OSError:
            return None

    def update(name: str) -> bool:
        if name in remade:
            return remade[name]
        rule = table.get(name)
        if rule is None:  # a source file, such as pyproject.toml
            if mtime(name) is None:
                raise SystemExit(f"dev.py: no rule to make {name!r}, and it does not exist")
            remade[name] = False
            return False
        changed = [update(p) for p in rule.prereqs]
        for prereq in rule.order_only:
            update(prereq)
        own = mtime(name)
        stale = (
            rule.phony
            or own is None
            or any(changed)
            or any((mtime(p) or 0) > own for p in rule.prereqs if p not in table or not table[p].phony)
        )
        if stale:
            steps.extend(rule.recipe)
        remade[name] = stale
        return stale

    update(target)
    return steps


def shown(argv: list[str], os_name: str = os.name) -> str:
    """A command as a shell of the platform would read it."""
    return subprocess.list2cmdline(argv) if os_name == "nt" else shlex.join(argv)


def run(steps: list[list[str]], root: Path = ROOT) -> int:
    """Run the steps in order, echoing each as make does; stop at the first that fails."""
    for argv in steps:
        print(shown(argv), flush=True)
        if argv[0] == TOUCH:
            stamp = root / argv[1]
            stamp.touch()
            os.utime(stamp)  # touch(1): now, also when the file was there
            continue
        program = argv[0]
        if os.sep in program or (os.altsep and os.altsep in program):
            program = os.path.abspath(root / program)  # not resolve(): the venv's python is a link
        code = subprocess.call([program, *argv[1:]], cwd=root)
        if code:
            print(f"dev.py: {shown(argv)!r} failed (exit status {code})", file=sys.stderr)
            return code
    return 0


def parser() -> argparse.ArgumentParser:
    def common(defaults: bool) -> argparse.ArgumentParser:
        # the options go before or after the target; after it, they must not reset what came before
        given = argparse.ArgumentParser(add_help=False)
        keep = {} if defaults else {"default": argparse.SUPPRESS}
        given.add_argument(
            "-n", "--dry-run", action="store_true", help="print the commands, run nothing (as make -n)", **keep
        )
        given.add_argument(
            "--venv", help="the virtual environment (make's VENV; default: .venv)", **(keep or {"default": ".venv"})
        )
        given.add_argument(
            "--python",
            help="the Python that creates the venv (make's PYTHON; default: the one running dev.py)",
            **(keep or {"default": sys.executable}),
        )
        return given

    top = argparse.ArgumentParser(
        prog="dev.py",
        description=__doc__,
        parents=[common(defaults=True)],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="target", required=True, metavar="target")
    for name, text in TARGETS.items():
        target = sub.add_parser(name, help=text, description=text, parents=[common(defaults=False)])
        if name == "report":
            target.add_argument("--out", default="outputs", help="the output folder (make's OUT; default: outputs)")
        if name == "wheelhouse":
            target.add_argument("--platform", help="e.g. win_amd64, manylinux_2_28_x86_64 (default: this machine's)")
            target.add_argument("--python-version", help="e.g. 3.11 (default: the venv's)")
            target.add_argument("--extras", help="extras to include too, comma-separated, e.g. lab")
            target.add_argument("--dest", help="the folder (default: wheelhouse/<platform>-py<version>)")
    return top


def main(argv: list[str] | None = None) -> int:
    options = parser().parse_args(argv)
    options.out = getattr(options, "out", "outputs")
    steps = plan(options.target, options)
    if options.dry_run:
        for argv_ in steps:
            print(shown(argv_))
        return 0
    return run(steps)


if __name__ == "__main__":
    sys.exit(main())
