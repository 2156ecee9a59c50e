"""A run of several years: each follows up the metrics the run is about to publish for the year before it,
and a year whose year before failed in the same run is not published either."""

from __future__ import annotations

import threading
from pathlib import Path

from audit.core.errors import PreviousYearFailed
from audit.core.metrics import read as read_metrics
from audit.pipeline.run import run_years
from audit.pipeline.schedule import Batch

from conftest import ROOT


class PagesWithoutKernels:
    """A runner that writes every page as an empty file, one batch after the other, in threads as the real one
    does (a year's summary waits for the year before); a job named in `failing` raises instead."""

    def __init__(self, failing: set[tuple[str, str]] = frozenset()):
        self.failing = failing

    def run_batches(self, batches: list[Batch]) -> list[BaseException | None]:
        errors: list[BaseException | None] = [None] * len(batches)

        def run(i: int, batch: Batch) -> None:
            try:
                for job in batch.jobs:
                    batch.before(job)
                    if (str(job.parameters.get("params_file", "")), job.notebook) in self.failing:
                        raise RuntimeError(f"{job.notebook} failed")
                    (batch.staging / f"{job.notebook}.html").write_text("<p>page</p>", encoding="utf-8")
                    (batch.staging / f"{job.notebook}.ipynb").write_text("{}", encoding="utf-8")
                    batch.done(job, [])
                batch.finish()
            except BaseException as exc:
                errors[i] = exc
            batch.ended(errors[i])

        threads = [threading.Thread(target=run, args=(i, b)) for i, b in enumerate(batches)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return errors


PARAMS = [ROOT / "params" / "2020.yaml", ROOT / "params" / "2021.yaml"]


def test_each_year_follows_up_the_one_before_it_in_the_same_run(tmp_path: Path):
    out = tmp_path / "out"
    result = run_years(list(reversed(PARAMS)), out, PagesWithoutKernels())  # asked newest first: planned oldest first
    assert [y.status for y in result.years] == ["ok", "ok"]
    published = read_metrics(out / "2021" / "metrics.json")
    last_year = read_metrics(out / "2020" / "metrics.json")
    assert [f["id"] for f in published["follow_up"]] == [f["id"] for f in last_year["findings"]]
    mismatched = [f["subject"] for f in published["findings"] if f["rule"] == "carried_over_mismatch"]
    assert mismatched == ["仓司复〔2020〕29号", "仓司复〔2020〕47号", "仓司复〔2020〕48号"]


def test_a_year_whose_year_before_failed_in_the_run_is_not_published(tmp_path: Path):
    out = tmp_path / "out"
    result = run_years(PARAMS, out, PagesWithoutKernels({("2020.yaml", "findings")}))
    by_year = {y.year: y for y in result.years}
    assert by_year[2020].status == "failed"
    assert by_year[2021].status == "failed" and isinstance(by_year[2021].error, PreviousYearFailed)
    assert "2020" in by_year[2021].error.message("zh") and "2020" in str(by_year[2021].error)
    assert not (out / "2021").exists() and not (out / "2020").exists()


def test_a_year_alone_follows_up_the_published_year_before(tmp_path: Path):
    out = tmp_path / "out"
    assert [y.status for y in run_years(PARAMS[:1], out, PagesWithoutKernels()).years] == ["ok"]
    assert [y.status for y in run_years(PARAMS[1:], out, PagesWithoutKernels()).years] == ["ok"]
    follow_up = read_metrics(out / "2021" / "metrics.json")["follow_up"]
    assert [f["id"] for f in follow_up] == [f["id"] for f in read_metrics(out / "2020" / "metrics.json")["findings"]]


def test_years_are_planned_by_the_year_their_params_say_whatever_the_file_names(tmp_path: Path):
    import shutil

    named = []
    for source, name in ((PARAMS[1], "b.yaml"), (PARAMS[0], "a-later.yaml")):  # 2021 first, neither named by year
        target = tmp_path / "params" / name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(source, target)
        named.append(target)
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    out = tmp_path / "out"
    result = run_years(named, out, PagesWithoutKernels())
    assert [y.status for y in result.years] == ["ok", "ok"]
    follow_up = read_metrics(out / "2021" / "metrics.json")["follow_up"]
    assert follow_up is not None and len(follow_up) == len(read_metrics(out / "2020" / "metrics.json")["findings"])
