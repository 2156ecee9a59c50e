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


def _run_one(path: Path, out: Path) -> tuple[str, object]:
    """Run one year; return ("ok", result), ("invalid", problems text) or ("failed", message)."""
    from .run import NotebookFailed, run_year

    try:
        result = run_year(path, out, progress=lambda line: print(f"  ✓ {line}", flush=True))
    except InputError as exc:
        return "invalid", format_problems(exc.problems, _language(path))
    except NotebookFailed as exc:
        return "failed", f"a report failed: {exc}"
    for warning in result.warnings:
        print(f"  ! {warning}", file=sys.stderr)
    return "ok", result


def cmd_run(args: argparse.Namespace) -> int:
    """audit run: validate, compute, execute the notebooks, publish the HTML reports, rebuild the index."""
    from .run import build_index, year_params

    out = Path(args.out)
    if args.all:
        paths = year_params(Path(args.params_dir))
        if not paths:
            print(f"No params files (<year>.yaml) in {args.params_dir}/.", file=sys.stderr)
            return 2
    else:
        paths = [_params_path(args)]
    rows, failed, language = [], False, "zh"
    for path in paths:
        started = time.perf_counter()
        status, detail = _run_one(path, out)
        seconds = time.perf_counter() - started
        if status == "ok":
            language = _language(path)
            rows.append((path.stem, len(detail.reports), "ok", seconds))  # type: ignore[attr-defined]
        else:
            failed = True
            print(f"{path}: {detail}\nNo report of that year was written; {out}/ keeps what it had.", file=sys.stderr)
            rows.append((path.stem, 0, status, seconds))
    if any(r[2] == "ok" for r in rows):
        for text in build_index(out, language):
            print(f"  ! index: {text.strip()}", file=sys.stderr)
        print(f"  ✓ index.html")
    print(f"{'year':<6} {'reports':>7}  {'status':<8} {'seconds':>7}")
    for year, reports, status, seconds in rows:
        print(f"{year:<6} {reports:>7}  {status:<8} {seconds:>7.1f}")
    if len(rows) == 1 and rows[0][2] == "invalid":
        return 2
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="audit", description="Re-perform a year's rule-of-law audit (法治政府建设审计).")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a year's audit notebooks and write the HTML reports")
    which = run.add_mutually_exclusive_group(required=True)
    which.add_argument("--year", type=int, help="the year; its params are <params-dir>/<year>.yaml")
    which.add_argument("--params", help="a params file (any year, any folder)")
    which.add_argument("--all", action="store_true", help="every <year>.yaml in the params folder, oldest first")
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
