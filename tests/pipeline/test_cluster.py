"""`audit run --all --scheduler`: the city's years on a Dask cluster give the local run's outputs, byte for byte."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from audit.cli import main
from audit.core.errors import InputError, NotebookFailed, PreviousYearFailed, Problem
from audit.pipeline import cluster
from audit.pipeline.jurisdictions import layout
from audit.pipeline.run import Listener
from audit.pipeline.schedule import Runner

from conftest import ROOT, hashes

pytestmark = pytest.mark.e2e
DISTRICTS = ("350104", "359901", "359902")


def _distributed() -> None:
    """Skip where distributed is not installed; fail under CI, which installs the cluster extra."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        message = 'distributed is not installed (pip install -e ".[cluster]"; make test installs it)'
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a two-worker LocalCluster on this machine, a process each."""
    _distributed()
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address


def _city(tmp_path: Path, districts: tuple[str, ...] = DISTRICTS) -> Path:
    """A copy of the sample city (its registers and the sample's) with `districts`; its params folder."""
    shutil.copytree(ROOT / "data" / "sample", tmp_path / "data" / "sample")
    shutil.copytree(ROOT / "data" / "city" / "registers", tmp_path / "data" / "city" / "registers")
    for code in districts:
        shutil.copytree(ROOT / "data" / "city" / "params" / code, tmp_path / "data" / "city" / "params" / code)
    return tmp_path / "data" / "city" / "params"


def _run(params: Path, out: Path, *extra: str) -> int:
    """`audit run --all` of the city; on the cluster (`extra`: --scheduler), each worker runs one notebook at a time."""
    jobs = "1" if "--scheduler" in extra else "2"
    return main(
        ["run", "--all", "--params-dir", str(params), "--out", str(out), "--jobs", jobs, "--lang", "en", *extra]
    )


def _log(path: Path) -> list[dict]:
    """A run log's entries without what differs from one run to the next (when, and the chain over it)."""
    varying = ("time", "command", "prev", "entry_sha256")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [{k: v for k, v in json.loads(line).items() if k not in varying} for line in lines]


def _inputs(register: Path) -> list[tuple[str, str, str]]:
    """The inputs of the year whose register `register` is, as the driver names them."""
    from audit.core.params import load_params
    from audit.core.provenance import sources

    year, code = register.parent.name, register.parent.parent.name
    path = register.parents[3] / "params" / code / f"{year}.yaml"
    return [(s.role, s.path, s.sha256) for s in sources(load_params(path))]


def test_a_cluster_run_is_the_local_run_byte_for_byte(
    scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    params = _city(tmp_path)
    out = tmp_path / "out"  # both runs write to the same path: the roll-ups' fingerprints hash their inputs' paths
    assert _run(params, out) == 0, capsys.readouterr()
    local = tmp_path / "local"
    out.rename(local)
    capsys.readouterr()

    assert _run(params, out, "--scheduler", scheduler) == 0, capsys.readouterr()
    printed = capsys.readouterr().out
    assert "359901/2021 summary.html" in printed
    made = hashes(out)
    assert made == hashes(local)
    assert {f"{code}/{year}/summary.html" for code in DISTRICTS for year in (2020, 2021)} <= set(made)
    assert {"index.html", "rollup/2020.html", "rollup/2021.html"} <= set(made)
    for code in DISTRICTS:
        entries = _log(out / code / "audit-log.jsonl")
        assert [(e["year"], e["status"]) for e in entries] == [(2020, "ok"), (2021, "ok")]
        assert entries == _log(local / code / "audit-log.jsonl")

    assert _run(params, out, "--scheduler", scheduler) == 0  # again: every year up to date, nothing sent
    printed = capsys.readouterr().out
    assert printed.count("up to date (params, registers") == 6
    assert hashes(out) == made


def test_a_failed_year_is_reported_and_the_other_years_published(scheduler: str, tmp_path: Path) -> None:
    params = _city(tmp_path, ("359901", "359902"))
    (params / "359902" / "2021.yaml").unlink()  # one year of notebooks besides: the test stays short
    out = tmp_path / "out"
    register = tmp_path / "data" / "city" / "registers" / "359901" / "2020" / "litigation.csv"

    def edit_after_planning(pages: int) -> None:  # as if the register were edited while the run goes on
        lines = register.read_text(encoding="utf-8").splitlines(keepends=True)
        register.write_text("".join(lines[:-1]), encoding="utf-8")

    listener = Listener(planned=edit_after_planning, describe=lambda outcome: str(outcome.error))
    with Runner(kernels=1) as runner:
        results = cluster.run_groups(layout(params), out, runner, scheduler, listener)

    by_code = dict(zip(("359901", "359902"), results, strict=True))
    assert [y.status for y in by_code["359902"].years] == ["ok"]
    assert by_code["359902"].ok and (out / "359902" / "index.html").is_file()
    assert (out / "359902" / "2020" / "summary.html").is_file()
    assert [e["status"] for e in _log(out / "359902" / "audit-log.jsonl")] == ["ok"]
    first, second = by_code["359901"].years
    assert (first.status, second.status) == ("failed", "failed")
    assert isinstance(first.error, cluster.NotAsPlanned)
    assert first.error.differences == [next(f"litigation: {p}" for r, p, _ in _inputs(register) if r == "litigation")]
    assert isinstance(second.error, PreviousYearFailed) and second.error.year == 2020
    assert not by_code["359901"].ok
    assert not (out / "359901" / "2020").exists() and not (out / "359901" / "2021").exists()
    assert [e["status"] for e in _log(out / "359901" / "audit-log.jsonl")] == ["failed", "failed"]


def test_a_worker_that_reads_other_inputs_runs_nothing(tmp_path: Path) -> None:
    from audit import __version__
    from audit.core.params import load_params
    from audit.core.provenance import sources
    from audit.pipeline import fresh

    path = _city(tmp_path, ("359902",)) / "359902" / "2020.yaml"
    planned = tuple((s.role, s.path, "0" * 64 if s.role == "params" else s.sha256) for s in sources(load_params(path)))
    task = cluster.YearTask(
        str(path), 2020, "359902", planned, fresh.code_digest(), __version__, None, False, None, None, 1
    )
    result = pickle.loads(pickle.dumps(cluster.run_task(task)))  # as it travels back from a worker
    assert result.status == "failed" and not result.files
    assert result.error is not None
    error = result.error.rebuilt()
    assert isinstance(error, cluster.NotAsPlanned)
    assert error.differences == [f"params: {planned[0][1]}"]
    assert "共享文件系统" in error.message("zh")


def test_the_errors_of_a_year_travel_back_whole() -> None:
    problem = Problem("params/2020.yaml", 3, "year", "20x0", "a year", "年度")
    carried = pickle.loads(pickle.dumps(cluster.CarriedError.of(InputError([problem]))))
    rebuilt = carried.rebuilt()
    assert isinstance(rebuilt, InputError) and rebuilt.problems == [problem]

    failed = NotebookFailed("summary", 4, "KeyError", "'rate'", ["line 1"])
    rebuilt = pickle.loads(pickle.dumps(cluster.CarriedError.of(failed))).rebuilt()
    assert isinstance(rebuilt, NotebookFailed)
    assert (rebuilt.notebook, rebuilt.cell, rebuilt.ename, rebuilt.evalue, rebuilt.traceback) == (
        "summary",
        4,
        "KeyError",
        "'rate'",
        ["line 1"],
    )
    rebuilt = pickle.loads(pickle.dumps(cluster.CarriedError.of(PreviousYearFailed(2020)))).rebuilt()
    assert isinstance(rebuilt, PreviousYearFailed) and rebuilt.year == 2020

    class Odd(Exception):
        def __init__(self, a: int, b: int) -> None:
            super().__init__(f"{a}/{b}")

    rebuilt = pickle.loads(pickle.dumps(cluster.CarriedError.of(Odd(1, 2)))).rebuilt()
    assert isinstance(rebuilt, cluster.WorkerError) and str(rebuilt) == "Odd: 1/2"


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    _distributed()
    with pytest.raises(cluster.ClusterUnavailable) as caught:
        cluster.connect("tcp://127.0.0.1:9", timeout=1)
    assert caught.value.reason == "unreachable"
    assert "tcp://127.0.0.1:9" in caught.value.message("en") and "无法连接调度器" in caught.value.message("zh")


def test_without_distributed_the_command_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    params = _city(tmp_path, ("359902",))
    assert _run(params, tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9") == 2
    assert 'pip install "audit[cluster]"' in capsys.readouterr().err
    assert not (tmp_path / "out" / "359902" / "2020").exists()
    assert not (tmp_path / "out" / "359902" / "audit-log.jsonl").exists()


def test_the_command_does_not_import_distributed_unless_asked() -> None:
    code = "import sys, audit.cli, audit.pipeline.cluster; sys.exit('distributed' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
