"""`audit check` against `audit run` on one large year: the 2020 sample scaled up to millions of rows.

The script writes the year itself (nothing large is committed): every register of the 2020 sample
with each row repeated `--scale` times (2,000 by default: 5,146,000 rows in ten registers), the copies' keys
made unique (case numbers, officers' ids) so that the registers stay valid, and a params file naming
them. Then it times, alternated for `--rounds` rounds, in fresh processes:

  (1) `audit check --params <year>`                — read and validate every register once;
  (2) `audit run --params <year> --out <scratch>`  — the same, then metrics, pages, publishing;
  (3) `audit run` of a copy of the year with one register made invalid — how soon a bad year answers.

For each it reports the median wall time and the peak memory of the whole process tree (driver,
kernel server and kernels, sampled every 0.1 s; see :func:`measured`). Its last lines are the ratios run/check (target
≤ 1.5) and invalid run/check.

    PYTHONPATH=$PWD/src .venv/bin/python benchmarks/bench_scaled_year.py [--scale 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "params" / "2020.yaml"
# the columns whose value must stay unique when a register's rows are repeated (English or Chinese header)
KEYS = {
    "case_file_review": ("case_id", "案卷编号"),
    "reconsideration": ("case_id", "案件编号"),
    "litigation": ("case_id", "案件编号"),
    "staff_roster": ("person_id", "人员编号"),
    "normative_documents": ("number", "文号"),
    "enforcement_publication": ("decision_id", "决定书文号"),
    "legal_advisers": ("ref", "编号"),
}


def scaled_year(folder: Path, scale: int) -> tuple[Path, int]:
    """Write the 2020 sample with every row repeated `scale` times into `folder`; its params file and rows."""
    params = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    rows_written = 0
    registers = {}
    for key, relative in params["registers"].items():
        source = (SAMPLE.parent / relative).resolve()
        with open(source, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            rows = list(reader)
        unique = next((header.index(name) for name in KEYS.get(key, ()) if name in header), None)
        target = folder / source.name
        with open(target, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            for copy in range(scale):
                for row in rows:
                    if unique is not None:
                        row = [*row[:unique], f"{row[unique]}-{copy}", *row[unique + 1 :]]
                    writer.writerow(row)
        rows_written += len(rows) * scale
        registers[key] = target.name
    params["registers"] = registers
    params.pop("reported", None)  # published figures of the real year: the scaled one publishes none
    path = folder / "2020.yaml"
    path.write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, rows_written


def invalid_copy(year: Path, folder: Path) -> Path:
    """A copy of the scaled year whose reconsideration register has one impossible date in its last row."""
    folder.mkdir()
    for path in year.parent.iterdir():
        if path.is_file():
            shutil.copyfile(path, folder / path.name)
    register = folder / "reconsideration.csv"
    lines = register.read_text(encoding="utf-8").splitlines()
    last = next(csv.reader([lines[-1]]))
    header = next(csv.reader([lines[0]]))
    last[header.index("received_on") if "received_on" in header else header.index("收案日期")] = "2020-02-30"
    lines[-1] = ",".join(last)
    register.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / year.name


def measured(command: list[str]) -> tuple[float, float, float, int]:
    """Run `command`; its wall time, the peak memory of its process tree (MiB) and its exit status.

    The memory is sampled every 0.1 s as the sum over the tree of each process's proportional set
    size (PSS: a page shared by several processes, as the forked kernels share the kernel server's,
    counted once in all), and also as the plain sum of resident sizes (RSS), which counts a shared
    page once per process that maps it.
    """
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_pss = peak_rss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_pss, peak_rss
        while not done.is_set():
            try:
                tree = [process, *process.children(recursive=True)]
            except psutil.Error:
                tree = []
            pss = rss = 0
            for member in tree:
                try:
                    info = member.memory_full_info()
                except psutil.Error:
                    continue
                pss += getattr(info, "pss", info.rss)
                rss += info.rss
            peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = process.wait()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return seconds, peak_pss / 2**20, peak_rss / 2**20, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    audit = [sys.executable, "-m", "audit.cli"]
    with tempfile.TemporaryDirectory(prefix="audit-scaled-") as scratch:
        folder = Path(scratch)
        (folder / "year").mkdir()
        year, rows = scaled_year(folder / "year", args.scale)
        bad = invalid_copy(year, folder / "bad")
        size = sum(p.stat().st_size for p in year.parent.iterdir()) / 2**20
        print(f"scaled 2020 sample: {rows:,} rows in {len(list(year.parent.glob('*.csv')))} registers, {size:.0f} MiB")
        commands = {
            "check": [*audit, "check", "--params", str(year)],
            "run": [*audit, "run", "--params", str(year), "--out", str(folder / "out")],
            "invalid run": [*audit, "run", "--params", str(bad), "--out", str(folder / "out-bad")],
        }
        results: dict[str, list[tuple[float, float, float, int]]] = {name: [] for name in commands}
        for round_number in range(1, args.rounds + 1):
            for name, command in commands.items():
                shutil.rmtree(folder / "out", ignore_errors=True)
                results[name].append(measured(command))
                seconds, pss, rss, status = results[name][-1]
                print(
                    f"  round {round_number}: {name:<12} {seconds:6.1f} s  peak PSS {pss:6.0f} MiB "
                    f"(RSS {rss:6.0f} MiB)  exit {status}"
                )
        print(f"\n{'':<12} {'median s':>9} {'peak PSS MiB':>13} {'peak RSS MiB':>13}")
        medians = {}
        for name, runs in results.items():
            medians[name] = statistics.median(r[0] for r in runs)
            print(f"{name:<12} {medians[name]:9.1f} {max(r[1] for r in runs):13.0f} {max(r[2] for r in runs):13.0f}")
        expected = {"check": 0, "run": 0, "invalid run": 2}
        wrong = [name for name, runs in results.items() if any(r[3] != expected[name] for r in runs)]
        if wrong:
            print(f"unexpected exit status: {', '.join(wrong)}")
        print(f"invalid run / check: {medians['invalid run'] / medians['check']:.2f}")
        print(f"run / check: {medians['run'] / medians['check']:.2f}  (target ≤ 1.5)")


if __name__ == "__main__":
    main()
