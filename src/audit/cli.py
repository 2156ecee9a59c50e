"""The `audit` command: run a year's audit, re-perform it, and check the run log."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from audit.console import say
from audit.core.errors import InputError, format_problems

if TYPE_CHECKING:
    from audit.pipeline.schedule import Runner

# The language of what the command prints; `entry` says "interrupted" in it too.
_SPOKEN = {"language": "zh"}


def _params_path(args: argparse.Namespace) -> Path:
    if args.params:
        return Path(args.params)
    return Path(args.params_dir) / f"{args.year}.yaml"


def _language(path: Path, args: argparse.Namespace | None = None) -> str:
    """The language to speak (kept for `entry`): ``--lang``, else the params file's (zh if unreadable)."""
    chosen = getattr(args, "lang", None)
    if chosen:
        _SPOKEN["language"] = chosen
        return chosen
    _SPOKEN["language"] = _read_language(path)
    return _SPOKEN["language"]


def _read_language(path: Path) -> str:
    try:
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        return "en" if isinstance(data, dict) and data.get("language") == "en" else "zh"
    except Exception:  # the params error itself is reported by load_params
        return "zh"


def cmd_run(args: argparse.Namespace) -> int:
    """audit run: validate, compute, execute the notebooks, publish the HTML reports, rebuild the index."""
    from audit.pipeline.schedule import Runner

    out = Path(args.out)
    with Runner() as runner:  # first: the kernel fork server's imports overlap the driver's own
        from audit.pipeline.plan import year_params

        if args.all:
            paths = year_params(Path(args.params_dir))
            if not paths:
                print(say(args.lang or "zh", "run.no_params", folder=args.params_dir), file=sys.stderr)
                return 2
        else:
            paths = [_params_path(args)]
        runner.kernels = args.jobs if args.jobs else (os.cpu_count() or 1)  # notebooks executing at once
        # the newest year's language, as the index page's
        return _run_years(paths, out, runner, _language(paths[-1], args), args.lang)


def _run_years(paths: list[Path], out: Path, runner: Runner, language: str = "zh", forced: str | None = None) -> int:
    """Run the years (:func:`audit.pipeline.run.run_years`), printing as they go; the exit status.

    The console speaks `language`; a year's problem table is in that year's own language unless
    `forced` (``--lang``) says otherwise.
    """
    from audit.console import status as shown
    from audit.console import table
    from audit.core.errors import NotebookFailed
    from audit.pipeline.run import Listener, YearOutcome, run_years

    def describe(outcome: YearOutcome) -> str:
        error = outcome.error
        if isinstance(error, InputError):
            return format_problems(error.problems, forced or _read_language(outcome.params_file))
        if isinstance(error, NotebookFailed):
            text = say(language, "run.report_failed", error=error)
            return text + (say(language, "run.kept", path=error.kept) if error.kept else "")
        return f"{type(error).__name__}: {error}"  # a kernel that would not start, a full disk

    def year_over(outcome: YearOutcome) -> None:
        if outcome.status == "ok":
            assert outcome.plan is not None
            for warning in outcome.plan.warnings:
                print(f"  ! {warning}", file=sys.stderr, flush=True)
        else:
            print(
                say(language, "run.year_failed", path=outcome.params_file, detail=describe(outcome), out=out),
                file=sys.stderr,
                flush=True,
            )

    listener = Listener(page=lambda line: print(f"  ✓ {line}", flush=True), year=year_over, describe=describe)
    result = run_years(paths, out, runner, listener)
    if any(y.status == "ok" for y in result.years):
        for text in result.index_warnings:
            print(say(language, "run.index_warning", text=text.strip()), file=sys.stderr)
        if result.index_error is None:
            print("  ✓ index.html", flush=True)
        else:
            print(say(language, "run.index_failed", error=result.index_error), file=sys.stderr, flush=True)
    rows = [
        (y.params_file.stem, str(len(y.reports)), shown(language, y.status), f"{y.seconds:.1f}") for y in result.years
    ]
    print(table(say(language, "run.header"), rows, right=(1, 3)))
    if len(paths) == 1 and result.years[0].status == "invalid":
        return 2
    return 0 if result.ok else 1


def cmd_check(args: argparse.Namespace) -> int:
    """audit check: validate the params and every register of a year; run no notebook."""
    from audit.pipeline.check import check_year, summary_line

    path = _params_path(args)
    language = _language(path, args)
    result = check_year(path)
    if not result.ok:
        print(format_problems(result.problems, language))
        return 2
    print(summary_line(result, language))
    return 0


def cmd_new_year(args: argparse.Namespace) -> int:
    """audit new-year: a params file carried over from the latest year, and an Excel template per register."""
    from audit.pipeline.newyear import YearExists, carried_from, new_year

    params_dir = Path(args.params_dir)
    source = carried_from(params_dir, args.year)
    language = _language(source if source else params_dir / f"{args.year}.yaml", args)  # the year carried over
    try:
        made = new_year(args.year, params_dir, Path(args.data_dir), source)
    except YearExists as exc:
        print(
            say(
                language,
                "new_year.exists",
                paths=(" and " if language == "en" else "、").join(exc.paths),
                exist="exists" if len(exc.paths) == 1 else "exist",
            ),
            file=sys.stderr,
        )
        return 2
    except InputError as exc:  # the year to carry settings from is not a valid params file
        print(format_problems(exc.problems, language), file=sys.stderr)
        return 2
    if made.carried_from:
        print(say(language, "new_year.carried", path=made.params_file, source=made.carried_from))
    else:
        print(say(language, "new_year.wrote", path=made.params_file))
    for template in made.templates:
        print(say(language, "new_year.wrote", path=template))
    print(say(language, "new_year.next", year=args.year, params_dir=args.params_dir))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """audit verify: re-run a year into a temporary folder and compare with its manifest."""
    from audit.core.errors import NotebookFailed
    from audit.pipeline.verify import reperform

    path = _params_path(args)
    language = _language(path, args)
    try:
        result = reperform(path, Path(args.out))
    except InputError as exc:
        print(format_problems(exc.problems, language), file=sys.stderr)
        return 2
    except NotebookFailed as exc:
        print(say(language, "verify.failed", error=exc), file=sys.stderr)
        return 2
    year = result.year
    if result.code_then != result.code_now:
        print(say(language, "verify.code", then=result.code_then, now=result.code_now))
    if result.outcome == "inputs_changed":
        print(say(language, "verify.inputs_changed", year=year))
        for line in result.changed_inputs:
            print(f"  - {line}")
        if result.differing_outputs:
            print(say(language, "verify.outputs_differ", names=", ".join(result.differing_outputs)))
        return 3
    if result.outcome == "differs":
        if result.edited_outputs:
            print(say(language, "verify.edited", year=year, names=", ".join(result.edited_outputs)))
        if result.differing_outputs:
            print(say(language, "verify.differs", year=year, names=", ".join(result.differing_outputs)))
        return 1
    print(say(language, "verify.identical", year=year))
    return 0


def cmd_log_verify(args: argparse.Namespace) -> int:
    """audit log verify: check the run log's hash chain and name the first broken entry."""
    from audit.pipeline import runlog

    language = _log_language(args)
    verdict = runlog.verify(Path(args.out) / runlog.LOG_NAME)
    if verdict.ok:
        print(say(language, "log.intact", entries=verdict.entries, ies="y" if verdict.entries == 1 else "ies"))
        return 0
    if verdict.broken_line == 0:
        print(verdict.reason, file=sys.stderr)
    else:
        print(
            say(language, "log.broken", line=verdict.broken_line, entries=verdict.entries, reason=verdict.reason),
            file=sys.stderr,
        )
    return 1


def cmd_log_show(args: argparse.Namespace) -> int:
    """audit log show: the run log as a table."""
    from audit.console import status, table
    from audit.pipeline import runlog

    language = _log_language(args)
    log = Path(args.out) / runlog.LOG_NAME
    if not log.is_file():
        print(say(language, "log.missing", path=log), file=sys.stderr)
        return 1
    rows = [
        (
            str(number),
            e.get("time", ""),
            e.get("user", ""),
            str(e.get("year", "")),
            status(language, e.get("status", "")),
            (e.get("params") or {}).get("path", ""),
            str(len(e.get("outputs") or {})),
            (e.get("commit") or "")[:12],
        )
        for number, e in enumerate(runlog.read(log), start=1)
    ]
    print(table(say(language, "log.header"), rows))
    return 0


def _log_language(args: argparse.Namespace) -> str:
    """A run log has no params of its own: ``--lang``, else the language of the folder's index page (zh if none)."""
    if args.lang:
        return args.lang
    index = Path(args.out) / "index.html"
    try:
        with open(index, encoding="utf-8") as page:
            head = page.read(2000)
    except OSError:
        return "zh"
    return "en" if '<html lang="en"' in head else "zh"


def _which_year(command: argparse.ArgumentParser, all_years: bool = False) -> None:
    """--year or --params (or, for `run`, --all): exactly one; and --params-dir."""
    which = command.add_mutually_exclusive_group(required=True)
    which.add_argument("--year", type=int, help="the year; its params are <params-dir>/<year>.yaml")
    which.add_argument("--params", help="a params file (any year, any folder)")
    if all_years:
        which.add_argument("--all", action="store_true", help="every <year>.yaml in the params folder, oldest first")
    command.add_argument("--params-dir", default="params", help="where --year looks for params (default: params)")


def _positive(text: str) -> int:
    """A whole number of at least 1 (argparse reports anything else as a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number of notebooks, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"at least 1 notebook at a time, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(
        prog="audit", description="Re-perform a year's rule-of-law audit (法治政府建设审计)."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    speak = argparse.ArgumentParser(add_help=False)
    speak.add_argument(
        "--lang",
        choices=("zh", "en"),
        help="language of what the command prints (default: the year's, as its params say; "
        "for log, the output folder's)",
    )
    run = sub.add_parser("run", parents=[speak], help="run a year's audit notebooks and write the HTML reports")
    _which_year(run, all_years=True)
    run.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    run.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=0,
        metavar="N",
        help="notebooks executing at once (default: the number of cores); with --all, the "
        "notebooks of every year share one queue",
    )
    run.set_defaults(func=cmd_run)

    check = sub.add_parser(
        "check",
        parents=[speak],
        help="validate a year's params and registers without running a report (exit 0 clean, 2 problems found)",
    )
    _which_year(check)
    check.set_defaults(func=cmd_check)

    new = sub.add_parser(
        "new-year",
        parents=[speak],
        help="start a year: its params (carried over from the latest year) and an Excel template for every register",
    )
    new.add_argument("year", type=int, help="the new year")
    new.add_argument("--params-dir", default="params", help="where params files live (default: params)")
    new.add_argument("--data-dir", default="data", help="where the year's register folder goes (default: data)")
    new.set_defaults(func=cmd_new_year)

    verify = sub.add_parser(
        "verify",
        parents=[speak],
        help="re-run a year and compare every output with its manifest.json "
        "(exit 0 identical, 1 differs, 3 inputs changed, 2 cannot verify)",
    )
    _which_year(verify)
    verify.add_argument("--out", default="outputs", help="the output folder holding the report (default: outputs)")
    verify.set_defaults(func=cmd_verify)

    log = sub.add_parser("log", help="the hash-chained run log of an output folder")
    log_sub = log.add_subparsers(dest="log_command", required=True)
    for name, func, text in (
        ("verify", cmd_log_verify, "check the chain; name the first broken entry"),
        ("show", cmd_log_show, "print the log as a table"),
    ):
        cmd = log_sub.add_parser(name, parents=[speak], help=text)
        cmd.add_argument("--out", default="outputs", help="the output folder (default: outputs)")
        cmd.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `audit` console script."""
    args = build_parser().parse_args(argv)
    return args.func(args)


def entry() -> None:
    """The console script: run, flush the output, and exit without tearing the libraries down.

    Every file is closed and every child process stopped when :func:`main` returns; what is
    left is the interpreter's teardown of pandas, matplotlib and nbconvert, which is skipped.

    numpy's OpenBLAS gets one thread (unless the environment says otherwise), here and so in the
    kernel fork server and every kernel: the audit multiplies no matrices, and a pool of BLAS
    threads would spin when numpy is imported, in this process and in the kernel server at the
    same moment, while both cores are busy starting up. It also leaves the fork server a single
    thread, so forking kernels from it is safe.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        status = main()
    except KeyboardInterrupt:  # Ctrl-C: what was not finished was not published, and nothing else changed
        print(say(_SPOKEN["language"], "run.interrupted"), file=sys.stderr)
        status = 130
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    entry()
