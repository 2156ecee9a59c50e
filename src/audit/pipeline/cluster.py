"""Running the years on a Dask cluster: ``audit run --all --scheduler tcp://host:8786``.

A national or provincial roll-up is thousands of independent jurisdiction-years. Here the
driver (the machine that runs ``audit run``) does what :func:`audit.pipeline.run.run_years`
does before and after the notebooks: it validates each year's params, hashes its inputs and
decides which years are up to date (:mod:`audit.pipeline.fresh`; ``--force`` runs them all),
and afterwards publishes and logs each year, in year order, and makes each jurisdiction's index
and the pages above them as a local run does. In between, each jurisdiction-year is one Dask
task (:func:`run_task`) that plans and runs the year on a worker with the same functions as a
local run (:func:`~audit.pipeline.plan.plan_year`, a :class:`~audit.pipeline.schedule.Runner`
of the worker's own, :func:`~audit.pipeline.publish.publish_year`) into a scratch folder of the
worker, and returns the year folder's files. Dask's scheduler places and orders the tasks: a
year's task takes last year's (:func:`handover`) as an argument, so it starts once last year
is over and compares with the metrics last year's task computed, as a local run does.

The workers read the params and registers at the paths the driver reads them (a shared file
system, mounted at the same place) and run the same code: every task checks that the SHA-256 of
each input it read, the package's code and ``SOURCE_DATE_EPOCH`` are those the driver planned
with, and fails the year (:class:`NotAsPlanned`) where they are not. The output folder need not
be shared: only the driver writes into it.

``distributed`` (the ``cluster`` extra) is imported only here and only when a cluster is used.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from audit.core.errors import AuditError, InputError, NotebookFailed, PreviousYearFailed, Problem
from audit.pipeline import fresh, publish
from audit.pipeline.run import Listener, RunOutcome, Status, YearOutcome, build_index, log_outcome

if TYPE_CHECKING:
    from audit.pipeline.jurisdictions import Jurisdiction
    from audit.pipeline.schedule import Runner

CONNECT_TIMEOUT = 30.0  # seconds to reach the scheduler and to see a first worker
INSTALL = 'pip install "audit[cluster]"'


class ClusterUnavailable(AuditError):
    """The cluster cannot be used: ``distributed`` is not installed, or the scheduler (or any worker) not reached."""

    def __init__(self, reason: Literal["missing", "unreachable", "no_workers"], address: str, detail: object = None):
        self.reason = reason
        self.address = address
        self.detail = detail
        super().__init__(self.message("en"))

    def message(self, language: str) -> str:
        """What happened and what to do, in `language`."""
        detail = f" ({self.detail})" if self.detail else ""
        if language == "zh":
            return {
                "missing": f"使用 --scheduler 需要 Dask distributed，但未安装：请运行 {INSTALL}（每台工作机也需安装）",
                "unreachable": f"无法连接调度器 {self.address}{detail}：请确认 `dask scheduler` 已启动且地址、端口正确",
                "no_workers": f"调度器 {self.address} 没有可用的工作进程{detail}：请在各工作机上运行 `dask worker {self.address}`",
            }[self.reason]
        return {
            "missing": f"--scheduler needs Dask distributed, which is not installed: {INSTALL} (on every worker too)",
            "unreachable": f"cannot reach the scheduler at {self.address}{detail}: is `dask scheduler` running there, "
            "at that address and port?",
            "no_workers": f"the scheduler at {self.address} has no worker{detail}: "
            f"start `dask worker {self.address}` on the workers",
        }[self.reason]


class NotAsPlanned(AuditError):
    """A worker read other inputs, or runs other code, than the driver planned the year with: it is not published."""

    def __init__(self, year: int, differences: list[str], worker: str = ""):
        self.year = year
        self.differences = list(differences)
        self.worker = worker
        super().__init__(self.message("en"))

    def __reduce__(self) -> tuple[Any, ...]:  # sent back from the worker whole
        return (type(self), (self.year, self.differences, self.worker))

    def message(self, language: str) -> str:
        """What differs and what to do, in `language`."""
        what = "; ".join(self.differences)
        where = f" {self.worker}" if self.worker else ""
        if language == "zh":
            return (
                f"{self.year} 年：工作机{where}读到的输入、运行的代码或传回的文件与调度端规划的不同（{what}）。"
                "各工作机须在相同路径读到相同的参数与登记表（共享文件系统），并安装相同版本的 audit；"
                "运行期间请勿修改输入文件。本年度报告不予发布。"
            )
        return (
            f"{self.year}: what the worker{where} read, ran or sent back is not what the driver planned ({what}). "
            "Every worker must read the same params and registers at the same paths (a shared file system) and "
            "have the same audit installed; do not edit the inputs while the run goes on. The year is not published."
        )


class WorkerError(AuditError):
    """An error raised on a worker that cannot travel back as itself: its type's name and its text."""

    def __init__(self, name: str, text: str):
        self.name = name
        self.text = text
        super().__init__(f"{name}: {text}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.name, self.text))


@dataclass(frozen=True)
class YearTask:
    """What the driver sends a worker for one jurisdiction-year (every path as the workers see it)."""

    params_file: str
    year: int
    jurisdiction: str | None
    sources: tuple[tuple[str, str, str], ...]  # (role, path, sha256) of every input, as the driver read them
    code: str  # fresh.code_digest() of the driver's package
    version: str
    source_date_epoch: str | None
    pdf: bool
    previous: bytes | None  # last year's published metrics.json: followed where last year is not run (or invalid)
    published: str | None  # the fingerprint of the published year where its folder is whole (None: run it)
    kernels: int | None = None  # notebooks at once on the worker (None: one per core of the worker)


@dataclass(frozen=True)
class CarriedError:
    """A year's error in a form that survives the trip back from the worker (the audit's errors do not pickle)."""

    kind: Literal["input", "notebook", "previous", "other"]
    problems: tuple[Problem, ...] = ()
    notebook: tuple[str, int | None, str, str, tuple[str, ...]] | None = None  # NotebookFailed's fields
    executed: str | None = None  # the failed notebook as far as it ran (nbformat JSON)
    year: int | None = None  # of PreviousYearFailed
    other: BaseException | None = None

    @classmethod
    def of(cls, error: BaseException) -> CarriedError:
        """The carried form of `error`."""
        import pickle

        if isinstance(error, InputError):
            return cls("input", problems=tuple(error.problems))
        if isinstance(error, NotebookFailed):
            executed = None
            if error.executed is not None:
                import nbformat

                executed = nbformat.writes(error.executed)  # type: ignore[arg-type]
            fields = (error.notebook, error.cell, error.ename, error.evalue, tuple(error.traceback))
            return cls("notebook", notebook=fields, executed=executed)
        if isinstance(error, PreviousYearFailed):
            return cls("previous", year=error.year)
        try:
            back = pickle.loads(pickle.dumps(error))
            same = type(back) is type(error) and str(back) == str(error)
        except Exception:  # noqa: BLE001 - not picklable: carried as its name and text
            same = False
        return cls("other", other=error if same else WorkerError(type(error).__name__, str(error)))

    def rebuilt(self) -> BaseException:
        """The error as the driver reports it (what a local run would have raised)."""
        if self.kind == "input":
            return InputError(self.problems)
        if self.kind == "notebook":
            assert self.notebook is not None
            name, cell, ename, evalue, traceback = self.notebook
            error = NotebookFailed(name, cell, ename, evalue, list(traceback))
            if self.executed is not None:
                import nbformat

                error.executed = nbformat.reads(self.executed, as_version=nbformat.NO_CONVERT)
            return error
        if self.kind == "previous":
            assert self.year is not None
            return PreviousYearFailed(self.year)
        assert self.other is not None
        return self.other


@dataclass
class YearResult:
    """What a year's task returns: how it ended, the year folder's files ({name: bytes}) and its pages."""

    year: int
    status: Literal["ok", "up_to_date", "invalid", "failed"]
    seconds: float
    files: dict[str, bytes] = field(default_factory=dict)
    reports: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: CarriedError | None = None


@dataclass(frozen=True)
class Handover:
    """What a year's task hands the task of the year after: how it ended and the metrics.json it made."""

    status: str
    metrics: bytes | None


def handover(result: YearResult) -> Handover:
    """The part of `result` the next year's task needs (run on the worker that holds `result`)."""
    return Handover(result.status, result.files.get("metrics.json"))


# One year at a time in a worker process: its Runner executes the year's notebooks on every core,
# and SOURCE_DATE_EPOCH, which dates the pages, is the process's environment.
_WORKER_LOCK = threading.Lock()
_RUNNERS: dict[int | None, Runner] = {}


def _runner(kernels: int | None) -> Runner:
    """The worker process's runner (its kernel fork server is started once, stopped at exit)."""
    if kernels not in _RUNNERS:
        from audit.pipeline.schedule import Runner

        _RUNNERS[kernels] = Runner(kernels)
        atexit.register(_RUNNERS[kernels].close)
    return _RUNNERS[kernels]


@contextlib.contextmanager
def _source_date(epoch: str | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH as the driver has it, for the length of a task."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):  # called outside a worker (a test, a local call)
        return ""


def _differences(task: YearTask, read: list[tuple[str, str, str]]) -> list[str]:
    """How the inputs the worker read and its code differ from what the driver planned with."""
    from audit import __version__

    planned = {role: (path, sha) for role, path, sha in task.sources}
    found = {role: (path, sha) for role, path, sha in read}
    differences = [
        f"{role}: {(found.get(role) or planned[role])[0]}"
        for role in sorted(set(planned) | set(found))
        if planned.get(role) != found.get(role)
    ]
    if task.code != fresh.code_digest() or task.version != __version__:
        differences.append(
            f"code: audit {__version__} ({fresh.code_digest()[:12]}), driver {task.version} ({task.code[:12]})"
        )
    return differences


def run_task(task: YearTask, last: Handover | None = None) -> YearResult:
    """Run one jurisdiction-year on a worker; its files, or how it failed (a Dask task: see the module's doc).

    `last` is what last year's task of the same jurisdiction handed over, where last year runs in
    the same run: the year compares with the metrics it made, and fails (PreviousYearFailed) where
    it failed. Otherwise the year follows ``task.previous``, last year's published metrics.
    Planned inputs that differ from those read fail the year before any notebook runs.
    """
    with _WORKER_LOCK, _source_date(task.source_date_epoch):
        started = time.perf_counter()
        try:
            return _run_task(task, last, started)
        except InputError as exc:
            return YearResult(task.year, "invalid", time.perf_counter() - started, error=CarriedError.of(exc))
        except Exception as exc:  # noqa: BLE001 - any failure is the year's, reported by the driver
            return YearResult(task.year, "failed", time.perf_counter() - started, error=CarriedError.of(exc))


def _run_task(task: YearTask, last: Handover | None, started: float) -> YearResult:
    from audit.core.params import load_params
    from audit.core.provenance import sources
    from audit.pipeline.jurisdictions import check_named
    from audit.pipeline.plan import plan_year

    if last is not None and last.status == "failed":
        raise PreviousYearFailed(task.year - 1)
    previous = last.metrics if last is not None and last.status == "ok" else task.previous
    params_path = Path(task.params_file)
    params = load_params(params_path)
    check_named(params, task.jurisdiction)
    if task.published is not None:  # up to date unless last year's run changed its metrics
        read = sources(params)
        differences = _differences(task, [(s.role, s.path, s.sha256) for s in read])
        if differences:
            raise NotAsPlanned(task.year, differences, _worker_name())
        last_metrics = json.loads(previous) if previous is not None else None
        wanted = fresh.fingerprint(read, last_metrics, task.pdf or "pdf" in params.formats)
        if wanted == task.published:
            return YearResult(task.year, "up_to_date", time.perf_counter() - started)
    scratch = Path(tempfile.mkdtemp(prefix="audit-cluster-"))
    try:
        if previous is not None:  # where plan_year finds last year's metrics.json
            (scratch / str(task.year - 1)).mkdir()
            (scratch / str(task.year - 1) / "metrics.json").write_bytes(previous)
        plan = plan_year(params_path, scratch, previous_root=scratch, pdf=task.pdf)
        try:
            differences = _differences(task, [(s.role, s.path, s.sha256) for s in plan.sources])
            if differences:
                raise NotAsPlanned(task.year, differences, _worker_name())
            _runner(task.kernels).run(plan.jobs, plan.staging, plan.page_written, plan.before)
            publish.publish_year(plan)
        finally:
            plan.discard()
        folder = scratch / str(task.year)
        files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
        return YearResult(task.year, "ok", time.perf_counter() - started, files, plan.reports, plan.warnings)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Any:
    """A ``distributed.Client`` of the scheduler at `address` with a worker; raise ClusterUnavailable."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterUnavailable("missing", address) from exc
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterUnavailable("unreachable", address, exc) from exc
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise ClusterUnavailable("no_workers", address, f"{timeout:g} s") from exc
    return client


@dataclass
class ClusterYearOutcome(YearOutcome):
    """A year run on the cluster: the driver has its pages and warnings, not its plan."""

    pages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def reports(self) -> list[str]:
        """The pages published (none unless ``ok``)."""
        return self.pages if self.status == "ok" else []


@dataclass
class _Year:
    """A year the driver planned: its params file, what it sent, and its task's future (None: not submitted)."""

    path: Path
    year: int
    seconds: float  # the driver's validation
    task: YearTask | None = None
    future: Any = None
    pages: int = 0


@dataclass
class _Group:
    """One jurisdiction of the run: its output folder and its years, oldest first."""

    jurisdiction: Jurisdiction
    out: Path
    years: list[_Year] = field(default_factory=list)
    outcomes: dict[Path, YearOutcome] = field(default_factory=dict)
    next: int = 0  # the first of `years` not yet over


def run_groups(
    groups: list[Jurisdiction],
    out: Path,
    runner: Runner,
    address: str,
    listener: Listener | None = None,
    pdf: bool = False,
    force: bool = False,
    kernels: int | None = None,
    timeout: float = CONNECT_TIMEOUT,
) -> list[RunOutcome]:
    """Run every jurisdiction's years on the cluster at `address`; each jurisdiction's outcome, as run_years'.

    The years are planned on the driver (validated, inputs hashed, up to date or not), run on the
    workers (:func:`run_task`), published into `out` and logged by the driver in year order as they
    come back, each jurisdiction's index made with `runner`. Raises ClusterUnavailable before
    anything is planned where the cluster cannot be used.
    """
    listener = listener or Listener()
    client = connect(address, timeout)
    try:
        planned = [_plan_group(group, out, listener, pdf, force, kernels) for group in groups]
        listener.planned(sum(y.pages for g in planned for y in g.years) + sum(1 for g in planned if _submits(g)))
        _submit(client, planned)
        _gather(client, planned, listener)
        return [_finish(group, runner) for group in planned]
    finally:
        client.close()


def _submits(group: _Group) -> bool:
    return any(y.task is not None for y in group.years)


def _log(group: _Group, outcome: YearOutcome, listener: Listener) -> None:
    """Log a year that is over in its jurisdiction's run log (not one up to date), then tell the listener."""
    if outcome.status != "up_to_date":
        log_outcome(group.out, outcome, listener)
    group.outcomes[outcome.params_file] = outcome
    listener.year(outcome)


def _plan_group(
    jurisdiction: Jurisdiction, out: Path, listener: Listener, pdf: bool, force: bool, kernels: int | None
) -> _Group:
    """Validate the params of a jurisdiction's years and decide which to run, as run_years does; the tasks to send."""
    from audit import __version__
    from audit.audits import audits_for
    from audit.core.params import load_params
    from audit.core.provenance import sources
    from audit.pipeline.jurisdictions import check_named
    from audit.pipeline.plan import YEAR_PAGES
    from audit.pipeline.run import year_of

    group = _Group(jurisdiction, jurisdiction.out(out))
    running: set[int] = set()
    for path in sorted(jurisdiction.paths, key=year_of):  # oldest first: a year follows the one before it
        listener.validating(path)
        started = time.perf_counter()
        try:
            params = load_params(path)
            check_named(params, jurisdiction.code)
        except InputError as exc:
            _log(group, YearOutcome(path, "invalid", time.perf_counter() - started, error=exc), listener)
            continue
        read = sources(params)
        print_pdf = pdf or "pdf" in params.formats
        folder = group.out / str(params.year)
        previous = _published_metrics(group.out, params.year)
        if not force and params.year - 1 not in running:
            wanted = fresh.fingerprint(read, json.loads(previous) if previous is not None else None, print_pdf)
            if fresh.up_to_date(folder, wanted):
                outcome = YearOutcome(path, "up_to_date", time.perf_counter() - started, year_number=params.year)
                group.outcomes[path] = outcome
                listener.year(outcome)
                continue
        task = YearTask(
            str(path.absolute()),
            params.year,
            jurisdiction.code,
            tuple((s.role, s.path, s.sha256) for s in read),
            fresh.code_digest(),
            __version__,
            os.environ.get("SOURCE_DATE_EPOCH"),
            pdf,
            previous,
            None if force else _whole(folder),
            kernels,
        )
        pages = len(audits_for(params.registers.present())) + len(YEAR_PAGES)
        group.years.append(_Year(path, params.year, time.perf_counter() - started, task, pages=pages))
        running.add(params.year)
    return group


def _published_metrics(out: Path, year: int) -> bytes | None:
    """Last year's published metrics.json under `out`, as bytes (None where there is none)."""
    path = out / str(year - 1) / "metrics.json"
    return path.read_bytes() if path.is_file() else None


def _whole(folder: Path) -> str | None:
    """The fingerprint a published year folder was made with, where every page of it is there (else None)."""
    from audit.pipeline.manifest import MANIFEST, read_manifest

    try:
        recorded = read_manifest(folder).get("fingerprint") if (folder / MANIFEST).is_file() else None
    except (OSError, ValueError, AttributeError):
        return None
    return recorded if isinstance(recorded, str) and fresh.up_to_date(folder, recorded) else None


def _submit(client: Any, groups: list[_Group]) -> None:
    """One task per year; a year's task takes its jurisdiction's last year's handover, where last year runs."""
    run = uuid.uuid4().hex[:8]
    for group in groups:
        last: dict[int, Any] = {}
        for item in group.years:
            assert item.task is not None
            name = f"{group.jurisdiction.code or 'audit'}-{item.year}-{run}"
            item.future = client.submit(run_task, item.task, last.get(item.year - 1), key=f"year-{name}", pure=False)
            last[item.year] = client.submit(handover, item.future, key=f"handover-{name}", pure=False)


def _gather(client: Any, groups: list[_Group], listener: Listener) -> None:
    """Publish and log every year as its task comes back, each jurisdiction's in year order."""
    from distributed import as_completed

    owner = {item.future.key: group for group in groups for item in group.years}
    try:
        for done in as_completed([item.future for group in groups for item in group.years], loop=client.loop):
            group = owner[done.key]
            while group.next < len(group.years) and group.years[group.next].future.done():
                _year_over(group, group.years[group.next], listener)
                group.years[group.next].future = None  # its result is released on the cluster
                group.next += 1
    except BaseException:  # Ctrl-C: the run log records the years it stopped, as a local run does
        for group in groups:
            for item in group.years[group.next :]:
                if item.future is not None:
                    item.future.cancel()
                with contextlib.suppress(Exception):  # the interruption is what is reported; the log is best effort
                    publish.log_year(
                        group.out, item.path, "interrupted", "interrupted before its reports were finished", item.year
                    )
        raise


def _year_over(group: _Group, item: _Year, listener: Listener) -> None:
    """Publish a year whose task is over (or record why not), log it and tell the listener."""
    last = next((group.outcomes.get(y.path) for y in group.years if y.year == item.year - 1), None)
    try:
        result: YearResult = item.future.result()
    except Exception as exc:  # the task did not end: its worker was lost, or last year's task was
        lost: BaseException = PreviousYearFailed(item.year - 1) if last is not None and last.status == "failed" else exc
        result = YearResult(item.year, "failed", 0.0, error=CarriedError("other", other=lost))
    seconds = item.seconds + result.seconds
    if result.status == "up_to_date":
        outcome: YearOutcome = ClusterYearOutcome(item.path, "up_to_date", seconds, year_number=item.year)
        group.outcomes[item.path] = outcome
        listener.year(outcome)
        return
    error = result.error.rebuilt() if result.error is not None else None
    if result.status == "ok":
        try:
            _publish(group.out, item.year, result.files, item.path)
        except Exception as exc:  # an output folder held open, a full disk: the year is not published
            error = exc
        else:
            for name in result.reports:
                listener.page(f"{group.jurisdiction.code}/" * bool(group.jurisdiction.code) + f"{item.year} {name}")
    status: Status = "invalid" if result.status == "invalid" else "ok" if error is None else "failed"
    if status == "failed" and error is not None:
        publish.keep_failed(group.out, item.year, error)
    outcome = ClusterYearOutcome(
        item.path, status, seconds, error=error, year_number=item.year, pages=result.reports, warnings=result.warnings
    )
    _log(group, outcome, listener)


def _publish(out: Path, year: int, files: dict[str, bytes], params_file: Path) -> None:
    """Write a year folder's files into a staging folder in `out`, check them against their manifest, publish it.

    As :func:`~audit.pipeline.publish.publish_year` does once the manifest is written (here, by the
    worker): :func:`~audit.pipeline.publish.publish_folder`, the year's run-log entry written ahead.
    """
    from audit.core.provenance import sha256_file
    from audit.pipeline.manifest import MANIFEST, read_manifest

    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{year}-staging-", dir=out))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a report folder is meant to be shared
        for name, data in files.items():
            target = staging / name
            if Path(name).is_absolute() or ".." in Path(name).parts:
                raise NotAsPlanned(year, [f"output outside the year folder: {name}"])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        outputs = read_manifest(staging).get("outputs", {})
        received = {p.name: sha256_file(p) for p in staging.iterdir() if p.is_file() and p.name != MANIFEST}
        if received != outputs:
            wrong = sorted(n for n in set(received) | set(outputs) if received.get(n) != outputs.get(n))
            raise NotAsPlanned(year, [f"outputs received unlike the worker's manifest: {', '.join(wrong)}"])
        publish.publish_folder(staging, out, year, params_file)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _finish(group: _Group, runner: Runner) -> RunOutcome:
    """The jurisdiction's outcome; its index made again where a local run would make it."""
    from audit.pipeline.run import newest_language

    paths = group.jurisdiction.paths
    result = RunOutcome([group.outcomes[path] for path in paths])
    statuses = [y.status for y in result.years]
    stale = "ok" not in statuses and "failed" not in statuses and "up_to_date" in statuses
    if "ok" in statuses or (stale and not fresh.index_up_to_date(group.out)):
        try:
            result.index_warnings = build_index(group.out, newest_language(paths), runner)
            result.index_made = True
        except Exception as exc:
            result.index_error = exc
    return result
