"""`audit run --all --jobs N`: years in parallel give the same bytes as one after the other; a failed year
does not stop the others."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import PARAMS_FILES, ROOT, hashes
from conftest import run_audit as audit

pytestmark = pytest.mark.e2e


def run_table(stdout: str) -> dict[str, tuple[str, str]]:
    """The final table of `audit run`: year -> (reports, status as shown)."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:1] in (["年度"], ["year"]))
    return {cells[0]: (cells[1], cells[2]) for cells in (line.split() for line in lines[start + 1 :])}


def year_pages() -> dict[str, int]:
    """Pages a run writes per sample year: the audits its registers allow, the findings and the summary."""
    from audit.audits import audits_for
    from audit.core.params import load_params

    return {p.stem: len(audits_for(load_params(p).registers.present())) + 2 for p in PARAMS_FILES}


def test_parallel_years_write_the_same_bytes_as_sequential(tmp_path):
    out = tmp_path / "out"
    sequential = audit("run", "--all", "--jobs", "1", "--out", str(out))
    assert sequential.returncode == 0, sequential.stderr
    before = hashes(out)
    shutil.rmtree(out)
    parallel = audit("run", "--all", "--jobs", "2", "--out", str(out))
    assert parallel.returncode == 0, parallel.stderr
    assert hashes(out) == before
    assert "2021/summary.html" in before
    # one progress line per report, and the final table
    pages = year_pages()
    total = sum(pages.values()) + 1
    assert f"共 {total} 页报告待生成" in parallel.stdout
    assert all(len(re.findall(rf"✓ \[\d+/{total}\] {year} ", parallel.stdout)) == n for year, n in pages.items())
    assert f"✓ [{total}/{total}] index.html" in parallel.stdout  # the last page written: n/N counts every page
    assert run_table(parallel.stdout) == {year: (str(n), "完成") for year, n in pages.items()}
    assert "Kernel is running over TCP" not in parallel.stderr


@pytest.fixture
def three_years(tmp_path: Path) -> Path:
    """Params for 2019–2021 with the reconsideration register only; 2020's register is broken."""
    params = tmp_path / "params"
    params.mkdir()
    data = ROOT / "data/sample"
    bad = tmp_path / "bad.csv"
    text = (data / "2020/reconsideration.csv").read_text(encoding="utf-8")
    bad.write_text(text.replace(",受理,", ",受理了,", 1), encoding="utf-8")
    for year, register in (
        (2019, data / "2020/reconsideration.csv"),
        (2020, bad),
        (2021, data / "2021/reconsideration.csv"),
    ):
        (params / f"{year}.yaml").write_text(
            f"year: {year}\nregisters:\n  reconsideration: {register}\n", encoding="utf-8"
        )
    # 2019 reads a register of 2020: its dates are outside the year, so 2019 is invalid too — keep it valid:
    (params / "2019.yaml").write_text("year: 2019\nregisters: {}\n", encoding="utf-8")
    return tmp_path


def test_a_failed_year_is_reported_and_the_others_finish(three_years):
    out = three_years / "out"
    result = audit("run", "--all", "--jobs", "2", "--params-dir", str(three_years / "params"), "--out", str(out))
    assert result.returncode == 1
    assert "受理了" in result.stderr and "params/2020.yaml" in result.stderr  # the cause, with its year
    assert (out / "2021/summary.html").is_file() and (out / "2019/summary.html").is_file()
    assert not (out / "2020").exists()
    # in the newest year's language (no language in these params: Chinese)
    assert run_table(result.stdout) == {"2019": ("2", "完成"), "2020": ("0", "输入有误"), "2021": ("3", "完成")}
    assert (out / "index.html").is_file()


def test_kernels_without_the_fork_server_write_the_same_pages(tmp_path):
    """Where fork is not available each kernel is a process of its own: same pages, byte for byte."""
    from audit.pipeline.run import run_year
    from audit.pipeline.schedule import Runner

    (tmp_path / "2020.yaml").write_text(
        f"year: 2020\nregisters:\n  reconsideration: {ROOT / 'data/sample/2020/reconsideration.csv'}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    pages = []
    for fork in (True, False):
        with Runner(kernels=2, fork=fork) as runner:
            run_year(tmp_path / "2020.yaml", out, runner=runner)
        pages.append(hashes(out))
    assert pages[0] == pages[1] and "2020/reconsideration.html" in pages[0]


def test_each_kernel_starts_once_and_the_next_ones_after_the_first(tmp_path, monkeypatch):
    """With two kernels at a time the first two jobs' kernels start at once; the kernels of later jobs
    start ahead, while a notebook runs, not while the first kernels are starting; none starts twice."""
    from audit.pipeline import schedule as execute
    from audit.pipeline.run import run_year

    events: list[tuple[str, int]] = []
    original = execute.Runner._start

    async def recording_start(self, job, sockets, number):
        events.append(("start", number))
        kernel = await original(self, job, sockets, number)
        events.append(("ready", number))
        return kernel

    monkeypatch.setattr(execute.Runner, "_start", recording_start)
    with execute.Runner(kernels=2) as runner:
        result = run_year(ROOT / "params/2020.yaml", tmp_path / "out", runner=runner)
    started = [number for event, number in events if event == "start"]
    assert sorted(started) == list(range(len(result.reports)))
    first_ready = events.index(next(e for e in events if e[0] == "ready"))
    assert sorted(number for _, number in events[:first_ready]) == [0, 1]


def test_kernel_clients_retry_a_refused_connection_soon():
    """A client connects before its new kernel listens; it retries after 10 ms, not zmq's 100 ms."""
    import asyncio
    import tempfile

    import zmq

    from audit.pipeline.schedule import RECONNECT_MS, Job, Runner

    sockets = Path(tempfile.mkdtemp(prefix="audit-test-"))  # short: an IPC path has a length limit
    job = Job("x", "x", "zh", {}, sockets, sockets / "x.ipynb")

    async def retry_interval(runner: Runner) -> int:
        kernel = await runner._start(job, sockets, 0)
        try:
            return kernel.kc.shell_channel.socket.getsockopt(zmq.RECONNECT_IVL)
        finally:
            await kernel.stop()

    try:
        for fork in (True, False):
            with Runner(kernels=1, fork=fork) as runner:
                assert asyncio.run(retry_interval(runner)) == RECONNECT_MS == 10
    finally:
        shutil.rmtree(sockets, ignore_errors=True)


def test_a_report_that_fails_fails_its_year_and_the_year_following_it_up(tmp_path, monkeypatch, capsys):
    """A notebook error in one year: that year is not published, nor the next year, which compares with and
    follows up figures that were not published (it says so); the other years and the index are."""
    from audit import cli
    from audit.core.errors import NotebookFailed
    from audit.pipeline import schedule as execute

    from conftest import ROOT as root

    original = execute.Runner._execute

    async def execute_or_fail(job, nb, kernel):
        if job.notebook == "training_compliance" and job.parameters.get("params_file") == "2020.yaml":
            raise NotebookFailed("training_compliance", 3, "ValueError", "boom")
        return await original(job, nb, kernel)

    monkeypatch.setattr(execute.Runner, "_execute", staticmethod(execute_or_fail))
    out = tmp_path / "out"
    status = cli.main(
        ["run", "--all", "--jobs", "2", "--params-dir", str(root / "params"), "--out", str(out), "--lang", "en"]
    )
    captured = capsys.readouterr()
    assert status == 1
    assert "2020.yaml: a report failed: training_compliance.ipynb, cell 3: ValueError: boom" in captured.err
    assert not (out / "2020").exists() and not (out / "2021").exists() and (out / "2024/summary.html").is_file()
    assert "2021.yaml: the 2020 reports failed: this year compares with and follows up figures" in captured.err
    assert (out / "index.html").is_file() and re.search(r"✓ \[\d+/\d+\] index.html", captured.out)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "a staging folder was left behind"
    failed = ("2020", "2021")
    assert run_table(captured.out) == {
        year: ("0", "failed") if year in failed else (str(n), "ok") for year, n in year_pages().items()
    }
    assert "2020 training_compliance.html" not in captured.out
    log = [json.loads(line) for line in (out / "audit-log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((e["year"], e["status"]) for e in log) == [
        (int(year), "failed" if year in failed else "ok") for year in year_pages()
    ]


def test_the_index_made_ahead_is_the_index_made_afterwards(sample_out, tmp_path):
    """`audit run` makes the index alongside the years, from the metrics they will publish: it must be
    the page that a rebuild from the published folders gives, byte for byte."""
    from audit.pipeline.run import build_index

    out = tmp_path / "out"
    shutil.copytree(sample_out, out)
    (out / "index.html").unlink()
    (out / "index.ipynb").unlink()
    assert build_index(out, "zh") == []
    for name in ("index.html", "index.ipynb"):
        assert (out / name).read_bytes() == (sample_out / name).read_bytes(), name


def test_index_ahead_mirrors_published_and_running_years(tmp_path):
    """The folder the index is made in ahead: published years as they are, running years as they will be."""
    from audit.pipeline.publish import index_ahead

    out = tmp_path / "out"
    (out / "2019").mkdir(parents=True)
    (out / "2019/metrics.json").write_text('{"year": 2019}', encoding="utf-8")
    (out / "2019/summary.html").write_text("<html>", encoding="utf-8")
    (out / "2020").mkdir()  # a year folder without metrics is not a year the index lists
    (out / "notes").mkdir()
    staging = tmp_path / "staging-2021"
    staging.mkdir()
    (staging / "metrics.json").write_text('{"year": 2021}', encoding="utf-8")

    class Year:  # what index_ahead reads of a YearPlan
        year = 2021
        jobs = [type("J", (), {"notebook": n})() for n in ("reconsideration", "summary")]

    Year.staging = staging
    ahead = index_ahead(out, [Year()])
    made = sorted(str(p.relative_to(ahead)) for p in ahead.rglob("*"))
    assert made == [
        "2019",
        "2019/metrics.json",
        "2019/summary.html",
        "2021",
        "2021/metrics.json",
        "2021/reconsideration.html",
        "2021/summary.html",
        "audit-log.jsonl",  # the run log as it will be, for the review states (audit.pipeline.signoff)
        "audit-log.jsonl.lock",
    ]
    assert (ahead / "2021/metrics.json").read_text(encoding="utf-8") == '{"year": 2021}'
    assert (ahead / "2019/summary.html").read_bytes() == b""
    assert ahead.parent == out and ahead.name.startswith(".index-staging-")


def test_ctrl_c_stops_the_run_and_leaves_no_half_written_report(sample_out, tmp_path):
    """Ctrl-C reaches the whole process group (driver, kernel fork server, kernels): the run stops with
    status 130, no traceback, no staging folder, no process left, and every year folder is whole."""
    import os
    import signal
    import subprocess
    import sys
    import tempfile

    out = tmp_path / "out"
    shutil.copytree(sample_out, out)
    before = hashes(out)
    temp = Path(tempfile.mkdtemp(prefix="audit-test-"))  # the run's temp folder (short: IPC paths have a limit)
    # Ctrl-C handled as in a terminal even where pytest was started with SIGINT ignored (in the background of a
    # script), which a new Python would inherit: the exec below gives the console script the default disposition
    launcher = (
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.executable, sys.argv[1:])"
    )
    run = subprocess.Popen(
        # --force: the copied years are up to date, and this run must be writing pages when it is stopped
        [sys.executable, "-c", launcher, sys.executable, "-m", "audit.cli", "run", "--all", "--jobs", "2", "--force"]
        + ["--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore", "TMPDIR": str(temp)},
    )
    assert run.stdout is not None
    first = run.stdout.readline()
    while first and "✓" not in first:  # the validation lines, then the first page written: notebooks are running
        first = run.stdout.readline()
    assert "✓" in first, first
    os.killpg(run.pid, signal.SIGINT)
    try:
        rest, err = run.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)  # not left running for the rest of the suite
        run.communicate()
        raise
    assert run.returncode == 130, err
    assert not list(temp.glob("audit-kernels-*")), "a kernel socket folder was left behind"
    shutil.rmtree(temp, ignore_errors=True)
    assert "Traceback" not in err and "已中断" in err  # the sample years speak Chinese
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "a staging folder was left behind"
    log = [json.loads(line) for line in (out / "audit-log.jsonl").read_text(encoding="utf-8").splitlines()]
    stopped = [e for e in log if e["status"] == "interrupted"]
    assert stopped and all(e["error"] == "interrupted before its reports were finished" for e in stopped)
    years = {int(p.stem) for p in PARAMS_FILES}
    assert {e["year"] for e in stopped} <= years and all(isinstance(e["year"], int) for e in stopped)
    after = hashes(out)
    for year in map(str, sorted(years)):  # each year is as it was, or wholly new (published before Ctrl-C)
        old = {k: v for k, v in before.items() if k.startswith(f"{year}/")}
        new = {k: v for k, v in after.items() if k.startswith(f"{year}/")}
        assert new == old or (new.keys() == old.keys() and f"] {year} summary.html" in first + rest), year
    import time

    for _ in range(50):  # a kernel notices within a second that its parent has gone
        try:
            os.killpg(run.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("a process of the run is still running")
