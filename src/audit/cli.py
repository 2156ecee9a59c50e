"""The `audit` command: run a year's audit, re-perform it, sign it off, and check the run log."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from audit.console import say
from audit.core.errors import InputError, format_problems

if TYPE_CHECKING:
    from contextlib import ExitStack

    from audit.pipeline.jurisdictions import Jurisdiction
    from audit.pipeline.schedule import Runner
    from audit.pipeline.verify import Reperformance

# The language of what the command prints; `entry` says "interrupted" in it too.
_SPOKEN = {"language": "zh"}


def _language(path: Path, args: argparse.Namespace | None = None) -> str:
    """The language to speak (kept for `entry`): ``--lang``, else the params file's (zh if unreadable)."""
    chosen = getattr(args, "lang", None)
    if chosen:
        _SPOKEN["language"] = chosen
        return chosen
    _SPOKEN["language"] = _read_language(path)
    return _SPOKEN["language"]


def _read_language(path: Path) -> str:
    from audit.core.params import read_params_file

    try:  # read as load_params reads it: bounded, and never waiting on a FIFO
        _, data = read_params_file(path)
    except Exception:  # the params error itself is reported by load_params
        return "zh"
    return "en" if data.get("language") == "en" else "zh"


def _params_path(args: argparse.Namespace) -> Path:
    if args.params:
        return Path(args.params)
    from audit.pipeline.jurisdictions import params_path

    return params_path(Path(args.params_dir), args.year, getattr(args, "jurisdiction", None))


def _jurisdiction_of(path: Path, args: argparse.Namespace) -> str | None:
    """The jurisdiction of one params file: ``--jurisdiction``, else the folder it is in where it names that code."""
    from audit.pipeline.jurisdictions import named_code

    return str(args.jurisdiction) if getattr(args, "jurisdiction", None) else named_code(path)


def _out_of(args: argparse.Namespace, path: Path) -> Path:
    """The output folder of one year's params file: ``<out>/<code>`` for a jurisdiction's."""
    from audit.pipeline.jurisdictions import output_root

    return output_root(Path(args.out), path, getattr(args, "jurisdiction", None))


def cmd_run(args: argparse.Namespace) -> int:
    """audit run: validate, compute, execute the notebooks, publish the HTML reports, rebuild the index."""
    from audit.pipeline.jurisdictions import Jurisdiction, layout

    out = Path(args.out)
    params_dir = Path(args.params_dir)
    if args.all:
        try:
            groups = layout(params_dir)
        except InputError as exc:
            print(format_problems(exc.problems, args.lang or "zh"), file=sys.stderr)
            return 2
        if args.jurisdiction:
            groups = [g for g in groups if g.code == args.jurisdiction]
            if not groups:
                message = say(args.lang or "zh", "run.no_jurisdiction", folder=args.params_dir, code=args.jurisdiction)
                print(message, file=sys.stderr)
                return 2
        if not groups:
            print(say(args.lang or "zh", "run.no_params", folder=args.params_dir), file=sys.stderr)
            return 2
    else:
        path = _params_path(args)
        groups = [Jurisdiction(_jurisdiction_of(path, args), [path])]
    paths = [path for group in groups for path in group.paths]
    language = _language(max(paths, key=lambda p: p.stem), args)  # the newest year's, as the index page's
    # at once: what follows imports the libraries of the run for a second or two
    print(say(language, "run.starting", years=len(paths), out=out), flush=True)
    from audit.pipeline.logkey import LogKeyError
    from audit.pipeline.outlock import OutputLocked, OutputUnwritable
    from audit.pipeline.schedule import Runner

    try:  # the whole run holds the output folder (the city's, for its jurisdictions' too)
        held = _hold_out(out, [group.out(out) for group in groups], language, "audit run", args.wait)
    except (OutputLocked, OutputUnwritable, LogKeyError) as exc:  # another command holds it, or it cannot be written
        print(exc.message(language), file=sys.stderr)
        return 2
    with held, Runner() as runner:  # first: the kernel fork server's imports overlap the driver's own
        runner.kernels = args.jobs if args.jobs else (os.cpu_count() or 1)  # notebooks executing at once
        scheduler = getattr(args, "scheduler", None)
        return _run_years(groups, out, runner, language, args.lang, args.pdf, args.force, scheduler, args.jobs or None)


def _hold_out(out: Path, roots: list[Path], language: str, command: str, wait: float) -> ExitStack:
    """Hold the lock of the output folder `out`, recover it, check `roots` and their run logs can be written.

    Returns the lock held, to be released by the caller (``with``); raises OutputLocked or
    OutputUnwritable (:mod:`audit.pipeline.outlock`), or LogKeyError where the run log's key is
    configured but cannot be had, with nothing written but the recovery, which says what it did.
    """
    from contextlib import ExitStack

    from audit.pipeline import logkey, outlock
    from audit.pipeline.recover import recover

    logkey.key_from_environment()  # every entry this command appends is keyed: a bad key stops it first

    def waiting(holder: dict | None) -> None:
        line = outlock.locked_line(out, holder, language)
        print(say(language, "run.waiting", line=line, wait=wait), file=sys.stderr, flush=True)

    held = ExitStack()
    try:
        held.enter_context(outlock.hold(out, command, wait, waiting))
        for done in recover(out):
            print(done.message(language), file=sys.stderr, flush=True)
        for root in roots:
            outlock.check_writable(root)
            outlock.check_log(root)
    except BaseException:
        held.close()
        raise
    return held


def _recover(out: Path, language: str, command: str) -> None:
    """For a command that reads the output folder `out`: recover it first, where no other command is writing into it."""
    from audit.pipeline import outlock
    from audit.pipeline.recover import recover

    with outlock.attempt(out, command) as held:
        for done in recover(out) if held else []:
            print(done.message(language), file=sys.stderr, flush=True)


def _run_years(
    groups: list[Jurisdiction],
    out: Path,
    runner: Runner,
    language: str = "zh",
    forced: str | None = None,
    pdf: bool = False,
    force: bool = False,
    scheduler: str | None = None,
    kernels: int | None = None,
) -> int:
    """Run the years of every jurisdiction (:func:`audit.pipeline.run.run_years`), printing as they go; the exit status.

    The console speaks `language`; a year's problem table is in that year's own language unless
    `forced` (``--lang``) says otherwise. Where the years are a city's jurisdictions', the roll-up
    pages and the front page above them are made again where what they show changed. With a
    `scheduler` address the years run on that Dask cluster (:mod:`audit.pipeline.cluster`), `kernels`
    notebooks at once on each worker (None: one per core of the worker).
    """
    from audit.console import status as shown
    from audit.console import table, tick
    from audit.core.errors import NotebookFailed, PreviousYearFailed
    from audit.pipeline.cluster import ClusterYearOutcome, NotAsPlanned
    from audit.pipeline.publish import OutputHeld
    from audit.pipeline.run import Listener, YearOutcome, run_years

    def describe(outcome: YearOutcome) -> str:
        error = outcome.error
        if isinstance(error, InputError):
            return format_problems(error.problems, forced or _read_language(outcome.params_file))
        if isinstance(error, NotebookFailed):
            text = say(language, "run.report_failed", error=error)
            return text + (say(language, "run.kept", path=error.kept) if error.kept else "")
        if isinstance(error, (OutputHeld, PreviousYearFailed, NotAsPlanned)):
            return error.message(language)
        return f"{type(error).__name__}: {error}"  # a kernel that would not start, a full disk

    codes = {path: group.code for group in groups for path in group.paths}

    def name(outcome: YearOutcome) -> str:
        code = codes.get(outcome.params_file)
        return f"{code}/{outcome.params_file.stem}" if code else outcome.params_file.stem

    def year_over(outcome: YearOutcome) -> None:
        if outcome.log_error is not None:
            print(say(language, "run.log_failed", error=outcome.log_error), file=sys.stderr, flush=True)
        if outcome.status == "up_to_date":
            print(say(language, "run.up_to_date", name=name(outcome)), flush=True)
        elif outcome.status == "ok":
            if isinstance(outcome, ClusterYearOutcome):  # run on a worker: the driver has no plan of it
                warnings = outcome.warnings
            else:
                assert outcome.plan is not None
                warnings = outcome.plan.warnings
            for warning in warnings:
                print(f"  ! {warning}", file=sys.stderr, flush=True)
        else:
            print(
                say(language, "run.year_failed", path=outcome.params_file, detail=describe(outcome), out=out),
                file=sys.stderr,
                flush=True,
            )

    progress = {"done": 0, "pages": 0}

    def planned(pages: int) -> None:
        progress["pages"] += pages
        if pages:
            print(say(language, "run.planned", pages=pages), flush=True)

    def page(line: str) -> None:
        progress["done"] += 1
        print(f"  {tick()} [{progress['done']}/{progress['pages']}] {line}", flush=True)

    listener = Listener(
        validating=lambda path: print(say(language, "run.validating", path=path), flush=True),
        planned=planned,
        page=page,
        year=year_over,
        describe=describe,
    )
    if scheduler is not None:
        from audit.pipeline.cluster import ClusterUnavailable, run_groups

        try:
            results = run_groups(groups, out, runner, scheduler, listener, pdf, force, kernels)
        except ClusterUnavailable as exc:
            print(exc.message(language), file=sys.stderr, flush=True)
            return 2
    else:
        results = [run_years(group.paths, group.out(out), runner, listener, pdf, force, group.code) for group in groups]
    for group, result in zip(groups, results, strict=True):
        for text in result.index_warnings:
            print(say(language, "run.index_warning", text=text.strip()), file=sys.stderr)
        index = f"{group.code}/index.html" if group.code else "index.html"
        if result.index_error is not None:
            print(say(language, "run.index_failed", error=result.index_error), file=sys.stderr, flush=True)
        elif result.index_made:
            progress["done"] += 1
            progress["pages"] = max(progress["pages"], progress["done"])  # an index made again though no year was
            print(f"  {tick()} [{progress['done']}/{progress['pages']}] {index}", flush=True)
    above_failed = False
    if any(group.code for group in groups):
        from audit.pipeline.jurisdictions import build_pages

        try:
            made, warnings = build_pages(out, language, runner, force)
        except Exception as exc:
            print(say(language, "run.above_failed", error=exc), file=sys.stderr, flush=True)
            above_failed = True
        else:
            for text in warnings:
                print(say(language, "run.index_warning", text=text.strip()), file=sys.stderr)
            for made_page in made:
                print(f"  {tick()} {made_page}", flush=True)
    years = [(y, group) for group, result in zip(groups, results, strict=True) for y in result.years]
    rows = [(name(y), str(len(y.reports)), shown(language, y.status), f"{y.seconds:.1f}") for y, _ in years]
    print(table(say(language, "run.header"), rows, right=(1, 3)))
    if len(years) == 1 and years[0][0].status == "invalid":
        return 2
    return 0 if all(result.ok for result in results) and not above_failed else 1


def cmd_check(args: argparse.Namespace) -> int:
    """audit check: validate the params and every register of a year; run no notebook."""
    from audit.pipeline.check import check_year, summary_line

    path = _params_path(args)
    language = _language(path, args)
    result = check_year(path, _jurisdiction_of(path, args))
    for notice in result.notices:
        print(f"! {notice.text(language)}", file=sys.stderr)
    if not result.ok:
        print(format_problems(result.problems, language))
        return 2
    print(summary_line(result, language))
    return 0


def _published(out: Path, year: int) -> dict | None:
    """A year's published metrics.json in the output folder `out`, or None."""
    from audit.pipeline.plan import previous_metrics

    return previous_metrics(out, year + 1)


def cmd_new_year(args: argparse.Namespace) -> int:
    """audit new-year: a params file carried over from the latest year, and an Excel template per register."""
    from audit.pipeline.newyear import YearExists, carried_from, new_year

    params_dir = Path(args.params_dir)
    source = carried_from(params_dir, args.year)
    language = _language(source if source else params_dir / f"{args.year}.yaml", args)  # the year carried over
    try:
        made = new_year(args.year, params_dir, Path(args.data_dir), source, _published(Path(args.out), args.year - 1))
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
    _recover(Path(args.out), language, "audit verify")
    try:
        result = reperform(path, _out_of(args, path))
    except InputError as exc:
        print(format_problems(exc.problems, language), file=sys.stderr)
        return 2
    except NotebookFailed as exc:
        print(say(language, "verify.failed", error=exc), file=sys.stderr)
        return 2
    year = result.year
    if result.outcome == "inputs_changed":
        print(say(language, "verify.inputs_changed", year=year))
        for line in result.changed_inputs:
            print(f"  - {line}")
        if result.differing_outputs:
            print(say(language, "verify.outputs_differ", names=", ".join(result.differing_outputs)))
        code = 3
    elif result.outcome == "differs":
        if result.edited_outputs:
            print(say(language, "verify.edited", year=year, names=", ".join(result.edited_outputs)))
        if result.differing_outputs:
            print(say(language, "verify.differs", year=year, names=", ".join(result.differing_outputs)))
        code = 1
    else:
        print(say(language, "verify.identical", year=year))
        code = 0
    print(result.code_note(language))  # same code, other code, or cannot tell: after the verdict it qualifies
    _say_review(result, language)
    return code


def _say_review(result: Reperformance, language: str) -> None:
    """After verify's verdict: for a year signed off as reviewed, whether its report is still the one signed."""
    from audit.pipeline import signoff

    review = result.review
    if review is None or review.role is None:  # never reviewed: nothing to say
        return
    role = signoff.role_name(review.role, language)
    if review.state == "reviewed":
        print(signoff.say(language, "verify.reviewed", year=result.year, role=role))
        return
    print(signoff.say(language, "verify.changed", year=result.year, role=role))
    if review.signed != review.current:
        print(signoff.say(language, "verify.manifest", signed=review.signed, current=review.current))
    if review.edited:
        print(signoff.say(language, "verify.files", names=", ".join(review.edited)))


def cmd_lab(args: argparse.Namespace) -> int:
    """audit lab: a personal working copy of the year's notebooks, its parameters written in; JupyterLab on it."""
    from audit.pipeline.lab import CopyExists, working_copy

    path = _params_path(args)
    language = _language(path, args)
    _recover(Path(args.out), language, "audit lab")
    try:
        made = working_copy(path, Path(args.into), _out_of(args, path), force=args.force)
    except InputError as exc:
        print(format_problems(exc.problems, language), file=sys.stderr)
        return 2
    except CopyExists as exc:
        print(say(language, "lab.exists", paths=", ".join(str(p) for p in exc.paths)), file=sys.stderr)
        return 2
    for notebook in made.notebooks:
        print(say(language, "new_year.wrote", path=notebook))
    command = [sys.executable, "-m", "jupyterlab", made.notebooks[0].as_posix()]
    if not args.open:
        print(say(language, "lab.next", command=" ".join(["jupyter", "lab", made.notebooks[0].as_posix()])))
        return 0
    import importlib.util
    import subprocess

    if importlib.util.find_spec("jupyterlab") is None:
        print(say(language, "lab.missing"), file=sys.stderr)
        return 2
    return subprocess.call(command)


def cmd_sign(args: argparse.Namespace) -> int:
    """audit sign: record a sign-off (编制/复核/审定) of a published year in the run log, then rebuild the index."""
    from contextlib import nullcontext

    from audit.pipeline.logkey import LogKeyError
    from audit.pipeline.outlock import OutputLocked, OutputUnwritable

    out = Path(args.out) / args.jurisdiction if args.jurisdiction else Path(args.out)
    language = args.lang or _index_language(out)
    if not Path(args.out).is_dir():  # nothing published: said by sign, and no folder made for it
        held = None
    else:
        try:  # the log and the index are written as no run writes into the folder
            held = _hold_out(Path(args.out), [out] if out.is_dir() else [], language, "audit sign", args.wait)
        except (OutputLocked, OutputUnwritable, LogKeyError) as exc:
            print(exc.message(language), file=sys.stderr)
            return 2
    with held or nullcontext():
        return _sign(args, out, language)


def _sign(args: argparse.Namespace, out: Path, language: str) -> int:
    """audit sign with the output folder held: the sign-off, then the index made again."""
    from audit.pipeline import logkey, signoff

    try:
        entry = signoff.sign(out, args.year, args.role, args.name)
    except (signoff.SignError, logkey.LogKeyError) as exc:
        print(exc.message(language), file=sys.stderr)
        return 2
    except InputError as exc:  # a damaged manifest.json
        print(format_problems(exc.problems, language), file=sys.stderr)
        return 2
    role = signoff.role_name(entry["role"], language)
    print(
        signoff.say(
            language, "signed", year=args.year, role=role, sha=entry["manifest"]["sha256"], log=out / "audit-log.jsonl"
        )
    )
    state = signoff.review_states(out, [args.year])[args.year].state
    print(signoff.say(language, "state", year=args.year, state=signoff.state_name(state, language)))
    from audit.pipeline.run import build_index

    try:  # the index in its own language, whatever the command speaks
        for text in build_index(out, _index_language(out)):
            print(say(language, "run.index_warning", text=text.strip()), file=sys.stderr)
    except Exception as exc:  # the sign-off stands; the index says so at the next rebuild
        print(signoff.say(language, "index_failed", error=exc), file=sys.stderr)
        return 1
    return 0


def cmd_log_verify(args: argparse.Namespace) -> int:
    """audit log verify: check the run log's chain, its keys, and that it records every published year.

    Each jurisdiction's log where `--out` is a city's folder. Exit status: 0 intact, 1 broken,
    2 the key cannot be had or is not the log's.
    """
    from audit.pipeline import logkey, runlog

    language = _log_language(args)
    try:  # the key itself is never printed: only where it came from
        key = logkey.key_for(Path(args.key_file) if args.key_file else None)
    except logkey.LogKeyError as exc:
        print(exc.message(language), file=sys.stderr)
        return 2
    with runlog.keyed(key):  # an entry the recovery appends is keyed with the key given
        _recover(Path(args.out), language, "audit log verify")
    folders = runlog.log_folders(Path(args.out))
    worst = 0
    for folder in folders:
        report = runlog.verify_folder(folder, key)
        if len(folders) > 1:
            print(say(language, "log.folder", path=folder))
        verdict = report.verdict
        ies = "y" if verdict.entries == 1 else "ies"
        if report.ok:
            print(say(language, "log.intact", entries=verdict.entries, ies=ies))
        elif verdict.ok:
            print(say(language, "log.chain_only", entries=verdict.entries, ies=ies), file=sys.stderr)
        elif verdict.broken_line:
            print(
                say(
                    language,
                    "log.broken",
                    line=verdict.broken_line,
                    entries=verdict.entries,
                    reason=verdict.why(language),
                ),
                file=sys.stderr,
            )
        for finding in report.findings:
            stream = sys.stderr if finding.level == "error" else sys.stdout
            print(say(language, f"log.{finding.level}", text=finding.text(language)), file=stream)
        worst = max(worst, report.status)
    return worst


def cmd_log_show(args: argparse.Namespace) -> int:
    """audit log show: the run log as a table, then its sign-offs and each year's review state."""
    from audit.console import status, table
    from audit.pipeline import runlog, signoff

    language = _log_language(args)
    _recover(Path(args.out), language, "audit log show")
    log = Path(args.out) / runlog.LOG_NAME
    if not log.is_file():
        print(say(language, "log.missing", path=log), file=sys.stderr)
        return 1
    entries = runlog.read(log)
    rows = [
        (
            str(number),
            e.get("time", ""),
            e.get("user", ""),
            str(e.get("year", "")),
            signoff.say(language, "log.status", role=signoff.role_name(e.get("role", ""), language))
            if signoff.is_signoff(e)
            else status(language, e.get("status", "")),
            (e.get("params") or {}).get("path", ""),
            str(len(e.get("outputs") or {})) if not signoff.is_signoff(e) else "",
            (e.get("commit") or "")[:12],
        )
        for number, e in enumerate(entries, start=1)
    ]
    print(table(say(language, "log.header"), rows))
    signs = [
        (
            str(number),
            e.get("time", ""),
            str(e.get("year", "")),
            signoff.role_name(e.get("role", ""), language),
            e.get(
                "name", ""
            ),  # the log is the auditor's own record: the signer's name is shown here, never in a report
            (e.get("manifest") or {}).get("sha256", ""),
        )
        for number, e in enumerate(entries, start=1)
        if signoff.is_signoff(e)
    ]
    if signs:
        print("\n" + signoff.say(language, "log.signoffs"))
        print(table(signoff.say(language, "log.sign_header"), signs))
    states = signoff.review_states(Path(args.out))
    if states:
        print("\n" + signoff.say(language, "log.states"))
        shown = [(str(year), signoff.state_name(r.state, language)) for year, r in states.items()]
        print(table(signoff.say(language, "log.state_header"), shown))
    return 0


def _log_language(args: argparse.Namespace) -> str:
    """A run log has no params of its own: ``--lang``, else the language of the folder's index page (zh if none)."""
    return args.lang or _index_language(Path(args.out))


def _index_language(out: Path) -> str:
    """The language of the output folder's index page (zh if it has none)."""
    index = out / "index.html"
    try:
        with open(index, encoding="utf-8") as page:
            head = page.read(2000)
    except OSError:
        return "zh"
    return "en" if '<html lang="en"' in head else "zh"


def _which_year(command: argparse.ArgumentParser, text: dict[str, str], all_years: bool = False) -> None:
    """--year or --params (or, for `run`, --all): exactly one; and --params-dir."""
    which = command.add_mutually_exclusive_group(required=True)
    which.add_argument("--year", type=int, help=text["year"])
    which.add_argument("--params", help=text["params"])
    if all_years:
        which.add_argument("--all", action="store_true", help=text["all"])
    command.add_argument("--params-dir", default="params", help=text["params_dir"])
    command.add_argument("--jurisdiction", metavar="CODE", help=text["jurisdiction"])


def _positive(language: str):
    """The type of --jobs: a whole number of at least 1 (argparse reports anything else as a usage error, exit 2)."""

    def positive(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"应为整数（笔记本数），而不是 {text!r}"
                if language == "zh"
                else f"a whole number of notebooks, not {text!r}"
            ) from None
        if value < 1:
            raise argparse.ArgumentTypeError(
                f"至少同时执行 1 个笔记本，而不是 {value}"
                if language == "zh"
                else f"at least 1 notebook at a time, not {value}"
            )
        if value > MAX_JOBS:
            raise argparse.ArgumentTypeError(
                f"至多同时执行 {MAX_JOBS} 个笔记本（每个约占 130 MB 内存），而不是 {value}"
                if language == "zh"
                else f"at most {MAX_JOBS} notebooks at a time (each takes about 130 MB of memory), not {value}"
            )
        return value

    return positive


MAX_JOBS = 64  # notebooks at once: each is a kernel of its own, about 130 MB resident while a page runs, started ahead of its notebook
MAX_WAIT = 24 * 3600  # seconds --wait may give: a day


def _seconds(language: str):
    """The type of --wait: a number of seconds from 0 to MAX_WAIT (not negative, not infinite, not NaN)."""

    def seconds(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not 0 <= value <= MAX_WAIT:  # NaN too
            raise argparse.ArgumentTypeError(
                f"应为 0 至 {MAX_WAIT} 之间的秒数，而不是 {text!r}"
                if language == "zh"
                else f"a number of seconds from 0 to {MAX_WAIT}, not {text!r}"
            )
        return value

    return seconds


def build_parser(language: str = "zh") -> argparse.ArgumentParser:
    """The command-line interface, its help in `language` (see :mod:`audit.helptext`)."""
    from audit import __version__
    from audit.helptext import HELP

    text = HELP[language]
    raw = argparse.RawDescriptionHelpFormatter

    def command(sub: argparse._SubParsersAction, name: str, key: str, parents=()) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            parents=list(parents),
            help=text[key],
            description=text.get(f"{key}.description", text[key]),
            epilog=text.get(f"{key}.epilog"),
            formatter_class=raw,
        )

    parser = argparse.ArgumentParser(
        prog="audit", description=text["description"], epilog=text["epilog"], formatter_class=raw
    )
    parser.add_argument("--version", action="version", version=f"audit {__version__}", help=text["version"])
    parser.add_argument("--lang", dest="top_lang", choices=("zh", "en"), help=text["lang"])
    sub = parser.add_subparsers(dest="command", required=True, title=text["commands"], metavar="{run,check,…}")
    speak = argparse.ArgumentParser(add_help=False)
    speak.add_argument("--lang", choices=("zh", "en"), help=text["lang"])

    run = command(sub, "run", "run", [speak])
    _which_year(run, text, all_years=True)
    run.add_argument("--out", default="outputs", help=text["out"])
    run.add_argument("--jobs", "-j", type=_positive(language), default=0, metavar="N", help=text["jobs"])
    run.add_argument("--pdf", action="store_true", help=text["pdf"])
    run.add_argument("--force", action="store_true", help=text["force"])
    run.add_argument("--scheduler", metavar="ADDRESS", help=text["scheduler"])
    run.add_argument("--wait", type=_seconds(language), default=10.0, metavar="SECONDS", help=text["wait"])
    run.set_defaults(func=cmd_run)

    check = command(sub, "check", "check", [speak])
    _which_year(check, text)
    check.set_defaults(func=cmd_check)

    new = command(sub, "new-year", "new_year", [speak])
    new.add_argument("year", type=int, help=text["new_year.year"])
    new.add_argument("--params-dir", default="params", help=text["new_year.params_dir"])
    new.add_argument("--data-dir", default="data", help=text["new_year.data_dir"])
    new.add_argument("--out", default="outputs", help=text["new_year.out"])
    new.set_defaults(func=cmd_new_year)

    verify = command(sub, "verify", "verify", [speak])
    _which_year(verify, text)
    verify.add_argument("--out", default="outputs", help=text["verify.out"])
    verify.set_defaults(func=cmd_verify)

    signing = command(sub, "sign", "sign", [speak])
    signing.add_argument("--year", type=int, required=True, help=text["sign.year"])
    signing.add_argument("--role", required=True, help=text["sign.role"])
    signing.add_argument("--name", help=text["sign.name"])
    signing.add_argument("--out", default="outputs", help=text["sign.out"])
    signing.add_argument("--wait", type=_seconds(language), default=10.0, metavar="SECONDS", help=text["wait"])
    signing.add_argument("--jurisdiction", metavar="CODE", help=text["jurisdiction"])
    signing.set_defaults(func=cmd_sign)

    log = command(sub, "log", "log")
    log_sub = log.add_subparsers(dest="log_command", required=True, title=text["commands"])
    for name, func in (("verify", cmd_log_verify), ("show", cmd_log_show)):
        cmd = log_sub.add_parser(name, parents=[speak], help=text[f"log.{name}"], description=text[f"log.{name}"])
        cmd.add_argument("--out", default="outputs", help=text["log.out"])
        if name == "verify":
            cmd.add_argument("--key-file", metavar="PATH", help=text["log.key_file"])
        cmd.set_defaults(func=func)

    lab = command(sub, "lab", "lab", [speak])
    _which_year(lab, text)
    lab.add_argument("--into", default="lab", help=text["lab.into"])
    lab.add_argument("--out", default="outputs", help=text["out"])
    lab.add_argument("--force", action="store_true", help=text["lab.force"])
    lab.add_argument("--open", action="store_true", help=text["lab.open"])
    lab.set_defaults(func=cmd_lab)
    sub.metavar = "{" + ",".join(sub.choices) + "}"
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `audit` console script."""
    from audit.helptext import argparse_speaking, help_language

    argv = sys.argv[1:] if argv is None else argv
    language = help_language(argv)
    with argparse_speaking(language):
        args = build_parser(language).parse_args(argv)
    if getattr(args, "lang", None) is None:
        args.lang = args.top_lang
    return args.func(args)


def entry(exit_deadline: float = 60) -> None:
    """The console script: run, flush the output, and exit without tearing the libraries down.

    Every file is closed and every child process stopped when :func:`main` returns; what is
    left is the interpreter's teardown of pandas, matplotlib and nbconvert, which is skipped.

    numpy's OpenBLAS gets one thread (unless the environment says otherwise), here and so in the
    kernel fork server and every kernel: the audit multiplies no matrices, and a pool of BLAS
    threads would spin when numpy is imported, in this process and in the kernel server at the
    same moment, while both cores are busy starting up. It also leaves the fork server a single
    thread, so forking kernels from it is safe.

    Ctrl-C exits with status 130. Every wait of the shutdown that follows is bounded
    (:mod:`audit.pipeline.schedule`); should they add up to more than `exit_deadline` seconds, the
    process exits 130 all the same (its kernels die with the kernel server, which then reads the
    end of its stdin).
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import signal
    import threading
    from types import FrameType

    from audit.console import tolerate

    tolerate(sys.stdout)
    tolerate(sys.stderr)

    def give_up() -> None:  # in the timer's thread: written past sys.stderr, whose lock the main thread may hold
        text = say(_SPOKEN["language"], "run.interrupted") + "\n"
        try:
            os.write(sys.stderr.fileno(), text.encode(sys.stderr.encoding or "utf-8", "replace"))
        except (OSError, ValueError):
            pass
        schedule = sys.modules.get("audit.pipeline.schedule")
        if schedule is not None:  # the kernels die with their server as this process exits: nothing of theirs stays
            try:
                schedule.remove_socket_folders(wait=0)
            except Exception:  # noqa: S110 - exiting all the same
                pass
        os._exit(130)

    deadline = threading.Timer(exit_deadline, give_up)
    deadline.daemon = True

    class CtrlC:
        """Python's own SIGINT handler (KeyboardInterrupt) that starts the deadline; the runner calls on_interrupt."""

        def on_interrupt(self) -> None:
            if deadline.ident is None:
                deadline.start()

        def __call__(self, signum: int, frame: FrameType | None) -> None:
            self.on_interrupt()
            signal.default_int_handler(signum, frame)

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not where Ctrl-C is ignored (nohup, &)
        signal.signal(signal.SIGINT, CtrlC())
    try:
        status = main()
    except BaseException as exc:  # Ctrl-C: what was not finished was not published, and nothing else changed
        if not isinstance(exc, KeyboardInterrupt) and deadline.ident is None:
            raise
        print(say(_SPOKEN["language"], "run.interrupted"), file=sys.stderr)
        status = 130
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    entry()
