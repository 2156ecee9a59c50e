"""How long a year's reports take: by hand (papermill + nbconvert CLIs) against `audit run`, and more.

Run from the project root:  PYTHONPATH=$PWD/src python benchmarks/bench_run.py [--rounds 3] [--parts abcde]

(a) hand run: for each of 2020's notebooks, the `papermill` CLI, then `jupyter nbconvert --to html
    --no-input` — what an auditor would otherwise type;
(b) `audit run --year 2020` (which also rebuilds the index page);
    (a) and (b) alternate, `--rounds` times, so both see the same machine;
(c) `audit run --all` with --jobs 1 and --jobs 2, alternated likewise, and the CPU time each run used
    (whole machine, /proc/stat): over the cores, the least time --jobs 2 could take with that work;
(d) each audit's metric function on a synthetic 1,000,000-row register: median time and peak
    memory (tracemalloc, in a run of its own);
(e) loading a 200,000-row .xlsx register (read + validate).
Medians are printed; the last line is the ratio b/a. Targets (not asserted anywhere): b/a ≤ 0.25,
--jobs 2 ≤ 0.65 × --jobs 1, every metric function under 2 s and 1 GiB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONWARNINGS": "ignore"}


def timed(command: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def hand_run(scratch: Path) -> float:
    """Every 2020 report the way an auditor would make it without `audit run`."""
    from audit.audits import audits_for
    from audit.core.params import load_params
    from audit.pipeline.plan import YEAR_PAGES
    from audit.registers import load_registers

    params = load_params(ROOT / "params/2020.yaml")
    notebooks = {a.notebook: a.notebook_path for a in audits_for(load_registers(params))}
    notebooks.update(YEAR_PAGES)
    out = scratch / "hand"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    total = 0.0
    for name, source in notebooks.items():
        executed = out / f"{name}.ipynb"
        extra = ["-p", "outputs_dir", str(out)] if name == "summary" else []
        total += timed(
            [
                str(BIN / "papermill"),
                str(source),
                str(executed),
                "-p",
                "params_file",
                "2020.yaml",
                *extra,
                "--cwd",
                str(ROOT / "params"),
            ]
        )
        total += timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)])
    return total


def audit_run(scratch: Path, *args: str) -> float:
    out = scratch / "audit"
    shutil.rmtree(out, ignore_errors=True)
    return timed([sys.executable, "-m", "audit.cli", "run", *args, "--out", str(out)])


# --- (d) synthetic registers of 1,000,000 rows, typed as the loader types them -------------------


def _days(rng, rows: int, start: str = "2020-01-01", span: int = 365) -> pd.Series:
    return pd.Series(pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, span, rows), unit="D"))


def reconsideration_register(rows: int, rng):
    from audit.audits.reconsideration.compute import OUTCOME_CODES
    from audit.audits.reconsideration.register import SCHEMA
    from audit.registers import ROW, Register

    intake = np.array(
        ["accepted", "rejected", "referred", "not_supplemented", "withdrawn_before_acceptance"], dtype=object
    )[np.minimum(rng.integers(0, 8, rows), 4)]
    accepted = intake == "accepted"
    received = _days(rng, rows)
    accepted_on = (received + pd.to_timedelta(rng.integers(0, 5, rows), unit="D")).where(accepted)
    outcome = np.array(OUTCOME_CODES, dtype=object)[rng.integers(0, len(OUTCOME_CODES), rows)]
    outcome = np.where(accepted, outcome, None)
    decided = (accepted_on + pd.to_timedelta(rng.integers(10, 100, rows), unit="D")).where(
        pd.Series(accepted & (outcome != "pending"))
    )
    agencies = np.array([f"区{i:02d}局" for i in range(40)], dtype=object)
    data = pd.DataFrame(
        {
            "case_id": np.arange(rows).astype(str),
            "received_on": received,
            "carried_over": False,
            "applicant": None,
            "applicant_type": "person",
            "respondent": agencies[rng.integers(0, 40, rows)],
            "matter": "行政处罚",
            "intake": intake,
            "accepted_on": accepted_on,
            "outcome": outcome,
            "decided_on": decided,
            "extended": rng.random(rows) < 0.1,
            ROW: np.arange(2, rows + 2),
        }
    )
    return Register(SCHEMA, "reconsideration", data, data, {})


def case_file_register(rows: int, rng, params):
    from audit.audits.case_file_review.register import deduction_column, schema
    from audit.registers import ROW, Register

    categories = params.case_file_review.categories
    vetoes = list(params.case_file_review.veto_items)
    units = np.array([f"单位{i:02d}" for i in range(30)], dtype=object)
    data = pd.DataFrame(
        {
            "round": np.array(["2020-1", "2020-2"], dtype=object)[rng.integers(0, 2, rows)],
            "unit": units[rng.integers(0, 30, rows)],
            "case_id": np.arange(rows).astype(str),
            "case_type": "penalty",
            "reviewer": None,
            **{deduction_column(c): np.floor(rng.random(rows) * m / 3) for c, m in categories.items()},
            "score": np.nan,
            "veto_items": pd.Series(
                [(vetoes[i % len(vetoes)],) if i % 50 == 0 else None for i in range(rows)], dtype=object
            ),
            "findings": None,
            ROW: np.arange(2, rows + 2),
        }
    )
    return Register(schema(params), "case_file_review", data, data, {})


def metric_functions(rows: int) -> list[tuple[str, object]]:
    """(name, zero-argument callable) for each audit's metric function on `rows` rows."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from audit.audits.case_file_review import compute as case_file_review
    from audit.audits.litigation import compute as litigation
    from audit.audits.reconsideration import compute as reconsideration
    from audit.audits.training import compute as training
    from audit.core.params import Params

    import litigation_compute
    import training_compute

    rng = np.random.default_rng(2020)
    params = Params.model_validate({"year": 2020, "registers": {}})
    recon = reconsideration_register(rows, rng)
    cases = case_file_register(rows, rng, params)
    events, roster, _ = training_compute.synthetic(rows)
    suits, _ = litigation_compute.synthetic(rows)
    return [
        ("case_file_review.compute", lambda: case_file_review.compute(cases, params)),
        ("training.compute (+ roster)", lambda: training.compute(events, roster, params)),
        ("reconsideration.compute", lambda: reconsideration.compute(recon, params)),
        ("litigation.compute", lambda: litigation.compute(suits, params)),
    ]


def excel_load(scratch: Path, rows: int) -> float:
    """Read and validate a reconsideration register of `rows` rows saved as .xlsx."""
    import csv

    from openpyxl import Workbook

    from audit.audits.reconsideration.register import SCHEMA
    from audit.core.params import Params
    from audit.registers import load_register

    with open(ROOT / "data/sample/2020/reconsideration.csv", encoding="utf-8-sig") as fh:
        header, *body = list(csv.reader(fh))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("行政复议")
    sheet.append(header)
    for i in range(rows):
        row = list(body[i % len(body)])
        row[0] = f"仓司复〔2020〕{i}号"
        sheet.append(row)
    path = scratch / "reconsideration.xlsx"
    book.save(path)
    params = Params.model_validate({"year": 2020, "registers": {}})
    start = time.perf_counter()
    load_register(SCHEMA, path, params)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--parts", default="abcde", help="which measures to take (letters of the docstring; a and b go together)"
    )
    args = parser.parse_args()
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
        f"Python {sys.version.split()[0]}",
        flush=True,
    )
    scratch = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    try:
        if "d" in args.parts:
            metric_timings()
        if "e" in args.parts:
            print("\n(e) 200,000-row .xlsx reconsideration register, read + validated", flush=True)
            print(f"  {excel_load(scratch, 200_000):.2f} s", flush=True)
        if "c" in args.parts:
            jobs_timings(scratch, args.rounds)
        if "a" in args.parts or "b" in args.parts:
            hand_against_audit_run(scratch, args.rounds)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def metric_timings() -> None:
    """(d): median time and peak memory of each metric function on 1,000,000 rows."""
    print("\n(d) metric functions, 1,000,000 rows each (target: < 2 s, < 1 GiB)", flush=True)
    for name, compute in metric_functions(1_000_000):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            compute()
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        compute()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"  {name:<30} median {statistics.median(times):6.3f} s   peak {peak / 2**20:7.1f} MiB", flush=True)


def machine_cpu_seconds() -> float | None:
    """CPU time every process of the machine has used so far (Linux's /proc/stat), or None elsewhere.

    The kernels of a run are not children the benchmark can wait for (the fork server reaps them),
    so the run's CPU time is read for the whole machine: user, nice, system, irq and softirq time,
    not idle, iowait or time stolen by the host.
    """
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            ticks = [int(field) for field in stat.readline().split()[1:8]]
    except OSError:
        return None
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def jobs_timings(scratch: Path, rounds: int) -> None:
    """(c): `audit run --all` with one and with two notebooks at a time, alternated.

    Also the CPU time each run used (whole machine): with every core busy from start to end, a run
    takes its CPU time divided by the cores, so that over --jobs 1's time is the ratio --jobs 2
    could reach with the same work.
    """
    print(f"\n(c) audit run --all (2 years), --jobs 1 / --jobs 2, {rounds} rounds alternated", flush=True)
    wall: dict[str, list[float]] = {"1": [], "2": []}
    cpu: dict[str, list[float]] = {"1": [], "2": []}
    for _ in range(rounds):
        for jobs in ("1", "2"):
            before = machine_cpu_seconds()
            wall[jobs].append(audit_run(scratch, "--all", "--jobs", jobs))
            after = machine_cpu_seconds()
            if before is not None and after is not None:
                cpu[jobs].append(after - before)
        used = [f" (CPU {cpu[j][-1]:.1f} s, {cpu[j][-1] / wall[j][-1]:.1f} cores)" if cpu[j] else "" for j in "12"]
        print(f"  round: jobs 1 {wall['1'][-1]:.1f} s{used[0]}, jobs 2 {wall['2'][-1]:.1f} s{used[1]}", flush=True)
    one, two = statistics.median(wall["1"]), statistics.median(wall["2"])
    print(f"  medians: jobs 1 {one:.1f} s, jobs 2 {two:.1f} s; ratio jobs2/jobs1 = {two / one:.2f}", flush=True)
    if cpu["2"]:
        floor = statistics.median(cpu["2"]) / (os.cpu_count() or 1)
        print(
            f"  CPU time of a run: jobs 1 {statistics.median(cpu['1']):.1f} s, "
            f"jobs 2 {statistics.median(cpu['2']):.1f} s; jobs 2 with every core busy throughout "
            f"would take {floor:.1f} s, ratio {floor / one:.2f}",
            flush=True,
        )


def hand_against_audit_run(scratch: Path, rounds: int) -> None:
    """(a) and (b), alternated; the last line printed is the ratio b/a."""
    print(
        f"\n(a) hand run (papermill + nbconvert CLIs per notebook) vs (b) audit run --year 2020, "
        f"{rounds} rounds alternated",
        flush=True,
    )
    hand, run = [], []
    for _ in range(rounds):
        hand.append(hand_run(scratch))
        run.append(audit_run(scratch, "--year", "2020"))
        print(f"  round: hand {hand[-1]:.1f} s, audit run {run[-1]:.1f} s", flush=True)
    a, b = statistics.median(hand), statistics.median(run)
    load = os.getloadavg()
    print(f"  medians: hand run {a:.1f} s, audit run {b:.1f} s (load average now {load[0]:.2f})")
    print(f"ratio audit_run/hand_run = {b / a:.2f}")


if __name__ == "__main__":
    main()
