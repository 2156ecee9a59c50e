"""The `audit` command: run a year's audit and write its reports."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .problems import InputError, format_problems


def _params_path(args: argparse.Namespace) -> Path:
    if args.params:
        return Path(args.params)
    return Path(args.params_dir) / f"{args.year}.yaml"


def _language(path: Path) -> str:
    """The report language a params file asks for (zh when it cannot be read)."""
    try:
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        return "en" if isinstance(data, dict) and data.get("language") == "en" else "zh"
    except Exception:  # the params error itself is reported by load_params
        return "zh"


def cmd_run(args: argparse.Namespace) -> int:
    """audit run: validate, compute, execute the notebooks and publish the HTML reports."""
    from .run import NotebookFailed, run_year

    path = _params_path(args)
    started = time.perf_counter()
    try:
        result = run_year(path, Path(args.out), progress=lambda line: print(f"  ✓ {line}", flush=True))
    except InputError as exc:
        print(format_problems(exc.problems, _language(path)), file=sys.stderr)
        print(f"\nNo report was written; {args.out}/ is unchanged.", file=sys.stderr)
        return 2
    except NotebookFailed as exc:
        print(f"A report failed: {exc}\nNo report was written; {args.out}/ is unchanged.", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"  ! {warning}", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(f"{result.year}: {len(result.reports)} report(s) in {result.folder}/ ({seconds:.1f} s)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="audit", description="Re-perform a year's rule-of-law audit (法治政府建设审计).")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a year's audit notebooks and write the HTML reports")
    which = run.add_mutually_exclusive_group(required=True)
    which.add_argument("--year", type=int, help="the year; its params are <params-dir>/<year>.yaml")
    which.add_argument("--params", help="a params file (any year, any folder)")
    run.add_argument("--params-dir", default="params", help="where --year looks for params (default: params)")
    run.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    run.set_defaults(func=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `audit` console script."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
