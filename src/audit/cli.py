"""The `audit` command: run a year's audit, re-perform it, and check the run log."""

from __future__ import annotations

import argparse
import os
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


def _run_one(path: Path, out: Path, runner, before_summary=lambda: None) -> tuple[str, object, float]:
    """Run one year; return (status, detail, seconds).

    status is "ok" (detail: the RunResult), "invalid" (detail: the problems as a table) or
    "failed" (detail: the cause).
    """
    from .run import NotebookFailed, run_year

    started = time.perf_counter()
    try:
        result = run_year(path, out, progress=lambda line: print(f"  ✓ {line}", flush=True),
                          before_summary=before_summary, runner=runner)
    except InputError as exc:
        return "invalid", format_problems(exc.problems, _language(path)), time.perf_counter() - started
    except NotebookFailed as exc:
        return "failed", f"a report failed: {exc}", time.perf_counter() - started
    except Exception as exc:  # a kernel that would not start, a full disk: this year fails, others go on
        return "failed", f"{type(exc).__name__}: {exc}", time.perf_counter() - started
    for warning in result.warnings:
        print(f"  ! {warning}", file=sys.stderr, flush=True)
    return "ok", result, time.perf_counter() - started


# Set in each worker process of a parallel run: year -> event set once that year's run is over,
# and the driver's runner, whose kernel fork server and prepared HTML exporter the workers share.
_FINISHED: dict[int, object] = {}
_DRIVER: list[object] = []


def _init_worker(finished: dict[int, object], driver: object) -> None:
    _FINISHED.update(finished)
    _DRIVER[:] = [driver]


def _run_in_worker(path: Path, out: Path, kernels: int) -> tuple[str, object, float]:
    """One year in a worker process; its summary waits until last year's run is over."""
    from .execute import Runner

    previous = _FINISHED.get(int(path.stem) - 1)
    driver = _DRIVER[0] if _DRIVER else None
    with Runner(kernels, server=getattr(driver, "server", None), exporter=getattr(driver, "exporter", None)) as runner:
        return _run_one(path, out, runner, before_summary=previous.wait if previous is not None else lambda: None)


def _run_each(paths: list[Path], out: Path, runner):
    """The years one after another in this process; yield (path, status, detail, seconds)."""
    for path in paths:
        yield (path, *_run_one(path, out, runner))


def _run_parallel(paths: list[Path], out: Path, workers: int, kernels: int, driver):
    """The years in `workers` processes, oldest first; yield (path, status, detail, seconds) as each finishes.

    A year's summary compares with last year's published metrics.json, so it waits until last
    year's run is over (published or failed): the same pages as a run one year after the other.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from .execute import preload

    preload()  # once here rather than in every worker
    for language in sorted({_language(p) for p in paths}):
        driver.exporter.prepare(language)
    sys.stdout.flush(), sys.stderr.flush()  # a forked worker must not repeat what is still buffered
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    finished = {int(p.stem): context.Event() for p in paths if p.stem.isdigit()}
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(finished, driver)) as pool:
        futures = {pool.submit(_run_in_worker, path, out, kernels): path for path in paths}
        for future in as_completed(futures):
            path = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # the worker process died
                outcome = ("failed", f"the worker process failed: {type(exc).__name__}: {exc}", 0.0)
            if path.stem.isdigit():
                finished[int(path.stem)].set()
            yield (path, *outcome)


def _log_run(out: Path, path: Path, status: str, detail: object) -> None:
    """Append this year's run to the output folder's hash-chained run log."""
    from . import runlog
    from .provenance import sha256_file

    fields: dict[str, object] = {"status": status, "params": {"path": str(path),
                                 "sha256": sha256_file(path) if path.is_file() else None}}
    if status == "ok":
        from .manifest import read_manifest

        manifest = read_manifest(detail.folder)  # type: ignore[attr-defined]
        fields.update(year=manifest["year"], inputs=manifest["inputs"], outputs=manifest["outputs"],
                      package=manifest["code"]["package"], commit=manifest["code"]["commit"])
    else:
        from . import __version__

        fields.update(package=__version__, error=str(detail).splitlines()[0])
    runlog.append(out / runlog.LOG_NAME, runlog.new_entry(**fields))


def cmd_run(args: argparse.Namespace) -> int:
    """audit run: validate, compute, execute the notebooks, publish the HTML reports, rebuild the index."""
    from .execute import Runner
    from .run import year_params

    out = Path(args.out)
    if args.all:
        paths = year_params(Path(args.params_dir))
        if not paths:
            print(f"No params files (<year>.yaml) in {args.params_dir}/.", file=sys.stderr)
            return 2
    else:
        paths = [_params_path(args)]
    jobs = args.jobs if args.jobs else (os.cpu_count() or 1)  # notebooks executing at once
    workers = min(jobs, len(paths))
    with Runner(kernels=jobs if workers <= 1 else 1) as runner:
        if workers <= 1:
            return _run_and_report(paths, out, _run_each(paths, out, runner), runner)
        runs = _run_parallel(paths, out, workers, max(1, jobs // workers), runner)
        return _run_and_report(paths, out, runs, runner)


def _run_and_report(paths: list[Path], out: Path, runs, runner) -> int:
    """Log each year's run as it finishes, rebuild the index, print the table; the exit status."""
    from .run import build_index

    results: dict[Path, tuple[str, object, float]] = {}
    for path, status, detail, seconds in runs:
        _log_run(out, path, status, detail)
        results[path] = (status, detail, seconds)
        if status != "ok":
            print(f"{path}: {detail}\nNo report of that year was written; {out}/ is unchanged.",
                  file=sys.stderr, flush=True)
    rows = [(p.stem, len(d.reports) if s == "ok" else 0, s, sec)  # type: ignore[attr-defined]
            for p in paths for s, d, sec in [results[p]]]
    ok = [p for p in paths if results[p][0] == "ok"]
    if ok:  # the index speaks the language of the newest year reported
        for text in build_index(out, _language(ok[-1]), runner):
            print(f"  ! index: {text.strip()}", file=sys.stderr)
        print(f"  ✓ index.html")
    print(f"{'year':<6} {'reports':>7}  {'status':<8} {'seconds':>7}")
    for year, reports, status, seconds in rows:
        print(f"{year:<6} {reports:>7}  {status:<8} {seconds:>7.1f}")
    if len(rows) == 1 and rows[0][2] == "invalid":
        return 2
    return 0 if len(ok) == len(paths) else 1


def cmd_check(args: argparse.Namespace) -> int:
    """audit check: validate the params and every register of a year; run no notebook."""
    from .check import check_year, summary_line

    path = _params_path(args)
    language = _language(path)
    result = check_year(path)
    if not result.ok:
        print(format_problems(result.problems, language))
        return 2
    print(summary_line(result, language))
    return 0


def cmd_new_year(args: argparse.Namespace) -> int:
    """audit new-year: a params file carried over from the latest year, and an Excel template per register."""
    from .newyear import new_year

    try:
        made = new_year(args.year, Path(args.params_dir), Path(args.data_dir))
    except FileExistsError as exc:
        print(exc, file=sys.stderr)
        return 2
    except InputError as exc:
        print(format_problems(exc.problems, "en"), file=sys.stderr)
        return 2
    carried = f" (settings carried over from {made.carried_from})" if made.carried_from else ""
    print(f"wrote {made.params_file}{carried}")
    for template in made.templates:
        print(f"wrote {template}")
    print(f"Fill in the registers, then: audit check --year {args.year} --params-dir {args.params_dir}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """audit verify: re-run a year into a temporary folder and compare with its manifest."""
    from .run import NotebookFailed
    from .verify import reperform

    path = _params_path(args)
    try:
        result = reperform(path, Path(args.out))
    except InputError as exc:
        print(format_problems(exc.problems, _language(path)), file=sys.stderr)
        return 2
    except NotebookFailed as exc:
        print(f"The re-run failed: {exc}", file=sys.stderr)
        return 2
    if result.code_then != result.code_now:
        print(f"note: the report was made by code {result.code_then}, this is {result.code_now}")
    if result.outcome == "inputs_changed":
        print(f"{result.year}: INPUTS CHANGED since the report was made:")
        for line in result.changed_inputs:
            print(f"  - {line}")
        if result.differing_outputs:
            print(f"  so these outputs differ: {', '.join(result.differing_outputs)}")
        return 3
    if result.outcome == "differs":
        if result.edited_outputs:
            print(f"{result.year}: DIFFERS — report files changed since they were published: "
                  f"{', '.join(result.edited_outputs)}")
        if result.differing_outputs:
            print(f"{result.year}: DIFFERS — the same inputs now give other outputs: {', '.join(result.differing_outputs)}")
        return 1
    print(f"{result.year}: IDENTICAL — the registers give exactly the published report.")
    return 0


def cmd_log_verify(args: argparse.Namespace) -> int:
    """audit log verify: check the run log's hash chain and name the first broken entry."""
    from . import runlog

    verdict = runlog.verify(Path(args.out) / runlog.LOG_NAME)
    if verdict.ok:
        print(f"run log intact: {verdict.entries} entr{'y' if verdict.entries == 1 else 'ies'}, chain unbroken")
        return 0
    if verdict.broken_line == 0:
        print(verdict.reason, file=sys.stderr)
    else:
        print(f"run log BROKEN at entry {verdict.broken_line} of {verdict.entries}: {verdict.reason}", file=sys.stderr)
    return 1


def cmd_log_show(args: argparse.Namespace) -> int:
    """audit log show: the run log as a table."""
    from . import runlog
    from .problems import display_width

    log = Path(args.out) / runlog.LOG_NAME
    if not log.is_file():
        print(f"no run log at {log}", file=sys.stderr)
        return 1
    rows = [("#", "time (UTC)", "user", "year", "status", "params", "outputs", "commit")]
    for number, e in enumerate(runlog.read(log), start=1):
        rows.append((str(number), e.get("time", ""), e.get("user", ""), str(e.get("year", "")), e.get("status", ""),
                     (e.get("params") or {}).get("path", ""), str(len(e.get("outputs") or {})),
                     (e.get("commit") or "")[:12]))
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(r)).rstrip())
    return 0


def _which_year(command: argparse.ArgumentParser, all_years: bool = False) -> None:
    """--year or --params (or, for `run`, --all): exactly one; and --params-dir."""
    which = command.add_mutually_exclusive_group(required=True)
    which.add_argument("--year", type=int, help="the year; its params are <params-dir>/<year>.yaml")
    which.add_argument("--params", help="a params file (any year, any folder)")
    if all_years:
        which.add_argument("--all", action="store_true", help="every <year>.yaml in the params folder, oldest first")
    command.add_argument("--params-dir", default="params", help="where --year looks for params (default: params)")


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="audit", description="Re-perform a year's rule-of-law audit (法治政府建设审计).")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a year's audit notebooks and write the HTML reports")
    _which_year(run, all_years=True)
    run.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    run.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                     help="notebooks executing at once (default: the number of cores); with --all, years run "
                          "in min(N, years) worker processes")
    run.set_defaults(func=cmd_run)

    check = sub.add_parser("check", help="validate a year's params and registers without running a report "
                                         "(exit 0 clean, 2 problems found)")
    _which_year(check)
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new-year", help="start a year: its params (carried over from the latest year) and an "
                                          "Excel template for every register")
    new.add_argument("year", type=int, help="the new year")
    new.add_argument("--params-dir", default="params", help="where params files live (default: params)")
    new.add_argument("--data-dir", default="data", help="where the year's register folder goes (default: data)")
    new.set_defaults(func=cmd_new_year)

    verify = sub.add_parser("verify", help="re-run a year and compare every output with its manifest.json "
                                           "(exit 0 identical, 1 differs, 3 inputs changed, 2 cannot verify)")
    _which_year(verify)
    verify.add_argument("--out", default="outputs", help="the output folder holding the report (default: outputs)")
    verify.set_defaults(func=cmd_verify)

    log = sub.add_parser("log", help="the hash-chained run log of an output folder")
    log_sub = log.add_subparsers(dest="log_command", required=True)
    for name, func, text in (("verify", cmd_log_verify, "check the chain; name the first broken entry"),
                             ("show", cmd_log_show, "print the log as a table")):
        cmd = log_sub.add_parser(name, help=text)
        cmd.add_argument("--out", default="outputs", help="the output folder (default: outputs)")
        cmd.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `audit` console script."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
