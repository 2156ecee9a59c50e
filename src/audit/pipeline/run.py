"""Running years: plan each, execute all their notebooks through one runner, publish each as it finishes.

:func:`run_years` is ``audit run``: every year is planned (validated, its metrics computed) first;
then one :class:`~audit.pipeline.schedule.Runner` executes the notebooks of all the valid years
from one queue, and each year is published, logged and reported as soon as its last page is
written. A year that fails does not stop the others. A year's summary compares with last year's
published metrics.json, so it waits until last year's run is over (published or failed): the
pages are those of a run one year after the other. The index is made alongside, from the
metrics the years will publish (:func:`~audit.pipeline.publish.index_ahead`), and published if
they all are; else it is made again from what was published.

The caller holds the output folder's lock (:mod:`audit.pipeline.outlock`) for the whole run and
has recovered what a run killed earlier left (:mod:`audit.pipeline.recover`): the staging
folders in it belong to this run only.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from audit.core.errors import InputError, PreviousYearFailed
from audit.pipeline import fresh, publish, signoff
from audit.pipeline.plan import YearPlan, index_job, plan_year, previous_metrics, release_memory
from audit.pipeline.schedule import Batch, Job, Runner

Status = Literal["ok", "up_to_date", "invalid", "failed", "interrupted"]


@dataclass
class YearOutcome:
    """How one year of a run ended: its status, its plan (published where ``ok``) or its error, and the time."""

    params_file: Path
    status: Status
    seconds: float
    plan: YearPlan | None = None
    error: BaseException | None = None
    log_error: BaseException | None = None  # the run log could not be written (the year ended all the same)
    year_number: int | None = None  # the year of one that was not planned (up to date)

    @property
    def year(self) -> int | None:
        """The audited year, where its params could be read."""
        return self.plan.year if self.plan is not None else self.year_number

    @property
    def reports(self) -> list[str]:
        """The pages published (none unless ``ok``)."""
        return self.plan.reports if self.plan is not None and self.status == "ok" else []


@dataclass
class RunOutcome:
    """What a run did: every year's outcome in the order asked, and whether the index was rebuilt."""

    years: list[YearOutcome]
    index_error: BaseException | None = None
    index_warnings: list[str] = field(default_factory=list)
    index_made: bool = False  # the index was made again (not when every year and the index were up to date)

    @property
    def ok(self) -> bool:
        """True when every year was published and logged (or was up to date), and the index with them."""
        return (
            all(y.status in ("ok", "up_to_date") and y.log_error is None for y in self.years)
            and self.index_error is None
        )

    @property
    def changed(self) -> bool:
        """True when the run published a year (the pages above the years are made again)."""
        return any(y.status == "ok" for y in self.years)


def _nothing(*_: object) -> None:
    return None


@dataclass
class Listener:
    """What a run tells the one who started it, as it goes (the CLI prints it).

    `validating(path)` as a year's params and registers start to be read; `planned(pages)` once every
    year is validated, with the number of pages the run will write (the index included);
    `page(line)` for each page written (``2020 summary.html``); `year(outcome)` once a year is over, after
    it is logged; `describe(outcome)` gives the text the run log records for a year that was not
    published (in the language the run speaks).
    """

    validating: Callable[[Path], None] = _nothing
    planned: Callable[[int], None] = _nothing
    page: Callable[[str], None] = _nothing
    year: Callable[[YearOutcome], None] = _nothing
    describe: Callable[[YearOutcome], str] = lambda outcome: str(outcome.error)


def log_outcome(out: Path, outcome: YearOutcome, listener: Listener) -> None:
    """Append a year that is over to the run log of `out` (``ok`` with its manifest, else why not).

    A log that cannot be written does not undo the year: the error is kept on the outcome
    (``log_error``), and the run says so.
    """
    try:
        if outcome.status == "ok":
            publish.log_year(out, outcome.params_file, "ok", year=outcome.year)
        else:
            publish.log_year(out, outcome.params_file, outcome.status, listener.describe(outcome), outcome.year)
    except Exception as exc:  # the log unwritable: the year is over all the same, and the run says so
        outcome.log_error = exc


def run_years(
    paths: list[Path],
    out: Path,
    runner: Runner,
    listener: Listener | None = None,
    pdf: bool = False,
    force: bool = False,
    jurisdiction: str | None = None,
) -> RunOutcome:
    """Plan, run and publish every year of `paths` into `out`, then the index; see the module's doc.

    `pdf`: every page of every year is printed to PDF as well (``audit run --pdf``). A year whose
    params, registers, code and last year's metrics are those it was published from
    (:mod:`audit.pipeline.fresh`) is not run again but reported ``up_to_date``, unless `force`.
    The index is made again when a year was published, or when what it shows changed.
    `jurisdiction`: the code of the jurisdiction whose folder the params files are in (each must
    name it; :mod:`audit.pipeline.jurisdictions`).
    """
    listener = listener or Listener()
    outcomes: dict[Path, YearOutcome] = {}
    lock = threading.Lock()
    plans: dict[Path, YearPlan] = {}

    def year_over(outcome: YearOutcome) -> None:
        with lock:
            log_outcome(out, outcome, listener)
            outcomes[outcome.params_file] = outcome
            listener.year(outcome)

    validation: dict[Path, float] = {}
    planned: dict[int, YearPlan] = {}
    try:
        for path in sorted(paths, key=year_of):  # oldest first: a year follows up the one before it
            listener.validating(path)
            started = time.perf_counter()
            try:
                current = None if force else _up_to_date(path, out, planned, pdf, jurisdiction)
                if current is not None:  # nothing it depends on changed since it was published
                    outcomes[path] = YearOutcome(path, "up_to_date", time.perf_counter() - started, year_number=current)
                    listener.year(outcomes[path])
                    continue
                plans[path] = _plan(path, out, planned, pdf, jurisdiction)
                planned[plans[path].year] = plans[path]
            except InputError as exc:
                year_over(YearOutcome(path, "invalid", time.perf_counter() - started, error=exc))
            release_memory()
            validation[path] = time.perf_counter() - started
    except BaseException:  # Ctrl-C while validating: no staging folder is left behind
        for plan in plans.values():
            plan.discard()
        raise
    over = {path: threading.Event() for path in plans}
    by_year = {plan.year: path for path, plan in plans.items()}
    first_job: dict[Path, float] = {}

    def year_batch(path: Path) -> Batch:
        plan = plans[path]

        def before(job: Job) -> None:
            first_job.setdefault(path, time.perf_counter())
            last_year = by_year.get(plan.year - 1)
            if job.notebook == "summary" and last_year is not None:
                over[last_year].wait()  # set when last year is over, or when the run is stopped
                last = outcomes.get(last_year)
                if last is None or last.status != "ok":  # it compares with figures that were not published
                    raise PreviousYearFailed(plan.year - 1)
            plan.before(job)

        def ended(error: BaseException | None) -> None:
            seconds = validation[path] + time.perf_counter() - first_job.get(path, time.perf_counter())
            plan.discard()
            if error is not None:
                publish.keep_failed(out, plan.year, error)
            year_over(YearOutcome(path, "ok" if error is None else "failed", seconds, plan, error))
            over[path].set()

        return Batch(
            plan.jobs,
            plan.staging,
            lambda job, stderr: listener.page(f"{jurisdiction}/" * bool(jurisdiction) + plan.page_written(job, stderr)),
            before,
            lambda: publish.publish_year(plan, path),  # its run-log entry written ahead (publish.log_year appends it)
            ended,
        )

    batches = [year_batch(path) for path in plans]
    listener.planned(sum(len(plan.jobs) for plan in plans.values()) + (1 if plans else 0))
    ahead = None
    result = RunOutcome([])
    try:
        index_stderr: list[str] = []
        index_language = newest_language(paths)
        if plans:  # the index, made ahead from the metrics the years will publish, in the newest year's language
            ahead = publish.index_ahead(out, list(plans.values()))
            batches.append(Batch([index_job(ahead, index_language)], ahead, lambda job, err: index_stderr.extend(err)))
        try:
            errors = runner.run_batches(batches)
        except BaseException:  # Ctrl-C: the run log records the years it stopped, as it records failures
            for event in over.values():  # no job of the run waits for a year that will not end
                event.set()
            with lock:
                for path, plan in plans.items():
                    if path not in outcomes:
                        _log_stopped(out, path, plan.year)
            raise
        if ahead is not None and any(outcomes[path].status == "ok" for path in plans):
            error = errors[-1]
            if (
                error is None
                and all(outcomes[path].status == "ok" for path in plans)
                and signoff.ahead_matches(ahead, out)  # a reviewed year re-run, or signed meanwhile: made again
            ):
                publish.publish_index(ahead, out)
            elif error is None:  # what was published is not what the index was made for: make it again
                try:
                    index_stderr = build_index(out, index_language, runner)
                except Exception as exc:
                    error = exc
            result.index_error = error
            result.index_warnings = index_stderr
            result.index_made = error is None
        elif not plans and any(o.status == "up_to_date" for o in outcomes.values()):
            if not fresh.index_up_to_date(out):  # a sign-off whose index failed, or an index deleted
                try:
                    result.index_warnings = build_index(out, index_language, runner)
                    result.index_made = True
                except Exception as exc:
                    result.index_error = exc
    finally:
        for plan in plans.values():
            plan.discard()
        if ahead is not None:
            shutil.rmtree(ahead, ignore_errors=True)
    result.years = [outcomes[path] for path in paths]
    return result


def _log_stopped(out: Path, path: Path, year: int) -> None:
    """Log a year a run stopped before it was over: as published where it was (its entry written ahead), else interrupted."""
    pending = publish.pending_path(out, year)
    try:
        if publish.pending_published(pending, out):  # moved into place just before the run stopped
            publish.commit_pending(pending, out)
        else:
            pending.unlink(missing_ok=True)
            publish.log_year(out, path, "interrupted", "interrupted before its reports were finished", year)
    except Exception:  # noqa: S110 - the interruption is what is reported; the log is best effort (recovery redoes it)
        pass


def year_of(path: Path) -> int:
    """The year a params file says it audits (by its name, ``2021.yaml``, where its params cannot be read:
    such a year is reported invalid when planned); a file that says neither sorts last, in the order given."""
    from audit.core.params import read_params_file

    try:
        year = read_params_file(path)[1].get("year")
    except Exception:  # noqa: BLE001 - unreadable here; planning it reports why
        year = None
    if isinstance(year, int):
        return year
    return int(path.stem) if path.stem.isdigit() else 10_000


def newest_language(paths: list[Path]) -> str:
    """The language of the newest year's params (the index's), zh where it cannot be read."""
    from audit.core.params import read_params_file

    try:
        language = read_params_file(max(paths, key=year_of))[1].get("language") if paths else None
    except Exception:  # noqa: BLE001 - unreadable: reported as that year's problem
        language = None
    return language if language in ("zh", "en") else "zh"


def _up_to_date(
    path: Path, out: Path, planned: dict[int, YearPlan], pdf: bool, jurisdiction: str | None = None
) -> int | None:
    """The year of `path` where its published report is up to date (nothing it depends on changed), else None.

    Last year's metrics are those the run is about to publish, where it runs last year, else the
    published ones; raises InputError where the params cannot be read (planning would too).
    """
    from audit.core.params import load_params
    from audit.core.provenance import sources
    from audit.pipeline import fresh
    from audit.pipeline.jurisdictions import check_named

    params = load_params(path)
    check_named(params, jurisdiction)
    year = params.year
    previous = planned[year - 1].metrics if year - 1 in planned else previous_metrics(out, year)
    wanted = fresh.fingerprint(sources(params), previous, pdf or "pdf" in params.formats)
    return year if fresh.up_to_date(out / str(year), wanted) else None


def _plan(
    path: Path, out: Path, planned: dict[int, YearPlan], pdf: bool = False, jurisdiction: str | None = None
) -> YearPlan:
    """Plan one year of a run: it follows up the metrics the run is about to publish for last year, if it runs it."""
    from audit.core.params import load_params
    from audit.pipeline.jurisdictions import check_named

    params = load_params(path)
    check_named(params, jurisdiction)
    year = params.year
    if year - 1 in planned:
        return plan_year(path, out, previous=planned[year - 1].metrics, pdf=pdf)
    return plan_year(path, out, pdf=pdf)


def run_year(
    params_path: Path,
    out_root: Path,
    previous_root: Path | None = None,
    runner: Runner | None = None,
    pdf: bool = False,
) -> YearPlan:
    """Run every audit of one year into ``out_root/<year>``; raise InputError or NotebookFailed.

    Everything is written into a staging folder first and published only when every report
    succeeded. The summary compares with last year's metrics.json under `previous_root` (default:
    `out_root`). No run-log entry and no index: a re-performance (:mod:`.verify`) writes elsewhere.
    """
    if runner is None:
        with Runner() as runner:  # started first: its imports overlap the validation below
            return run_year(params_path, out_root, previous_root, runner, pdf)
    plan = plan_year(params_path, out_root, previous_root, pdf=pdf)
    try:
        runner.run(plan.jobs, plan.staging, lambda job, stderr: plan.page_written(job, stderr), plan.before)
        publish.publish_year(plan)
    finally:
        plan.discard()
    return plan


def build_index(out_root: Path, language: str, runner: Runner | None = None) -> list[str]:
    """Rebuild ``out_root/index.html`` from every year's metrics.json in the folder; the notebook's stderr.

    The page is made in a staging folder and moved into place file by file, so a failure
    leaves the previous index as it was.
    """
    if runner is None:
        with Runner() as runner:
            return build_index(out_root, language, runner)
    out_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".index-staging-", dir=out_root))
    stderr: list[str] = []
    try:
        runner.run([index_job(out_root, language)], staging, lambda job, err: stderr.extend(err))
        publish.publish_index(staging, out_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return stderr
