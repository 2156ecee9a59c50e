"""A city of 13 jurisdictions × 5 years: a full `audit run --all`, a second one with nothing changed, one after an edit.

Run from the project root:

    PYTHONPATH=$PWD/src .venv/bin/python benchmarks/bench_city.py [--jurisdictions 13] [--years 5]

The script writes the city itself into a temporary folder (nothing of it is committed), from the
Cangshan sample the way tools/make_city_sample.py writes data/city/ (its functions are imported):
jurisdictions 359901, 359902, … (invented codes, no GB/T 2260 list has them), each keeping a fixed
share of the sample's rows, chosen by a hash of each row's case or document number, its names and
case numbers its own, no published figures and no rectification ledger. The sample has two years
of registers that follow each other (2020, and 2021 with the cases carried over from 2020), so
the years after them are those two re-dated: 2022 is 2020 moved two years on, 2023 is 2021 moved
two years on, 2024 is 2020 moved four — every year in dates, case and document numbers and
params moves together, so a case carried over into 2023 is one of 2022's, and a 29 February of a
year that has none becomes the 28th. The even years have the nine audits of the 2020 sample, the
odd ones the four of 2021. `--years` counts from 2020 (at most 5: 2020–2024); `--jurisdictions`
at most 13.

Then, each in a fresh process and with `--jobs 2`, of a copy of src/ taken at the start (a year's
fingerprint includes the code's bytes: an edit to src/ during the benchmark would make every year
stale):

  baseline  `audit run --params <first jurisdiction>/2020.yaml` into a folder of its own: one
            year alone (its pages, the jurisdiction's index, that year's roll-up, the front page);
  (a)       `audit run --all` of the whole city into an empty folder;
  (b)       `audit run --all` again, nothing changed;
  (c)       `audit run --all` after one lawsuit is appended to the litigation register of one
            year of the first jurisdiction (2022 at full size, the middle year; the first where
            there are only two).

It checks from the output folder which pages each run wrote (the files whose modification time
changed): where (b) wrote any page it says so and exits 1 after the table; it stops with an
error unless (c) wrote exactly that year, the next year of that jurisdiction (its summary
compares with the year before), the jurisdiction's index, the front page and the roll-up of
each of the two years whose metrics.json changed (the changed year's must: a lawsuit more; the
next year's changes only where last year's findings, which it follows up, did). It prints the seconds of each run, the ratio b/a (target ≤ 0.05) and the
seconds per notebook of (a) against the baseline's (target: (a) no slower per notebook). A
notebook is one page a run printed as written (✓).
"""

from __future__ import annotations

import argparse
import calendar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_city_sample as city  # noqa: E402  (tools/ is no package: its generator is imported from its folder)

ENV = {**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONIOENCODING": "utf-8"}
FIRST_YEAR = 2020
MAX_YEARS = 5  # 2020 and 2021 of the sample, then each re-dated: 2022, 2023, 2024
# the character of each district's name, which also replaces 仓 in its case numbers, and its share of the rows (%)
DISTRICTS = tuple(zip("东西南北中甲乙丙丁戊己庚辛", (60, 35, 80, 50, 95, 45, 70, 40, 85, 55, 65, 75, 90), strict=True))
# a year of four digits, alone or as a date's: 2020, 〔2020〕, 2020-1 (a review round), 2020-03-15
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?:-(\d\d)-(\d\d))?(?!\d)")


def jurisdictions(count: int) -> list[tuple[str, str, str, int]]:
    """The first `count` invented districts: (code, name, letter, share of the sample's rows)."""
    return [(f"3599{i + 1:02d}", f"榕{letter}区", letter, share) for i, (letter, share) in enumerate(DISTRICTS[:count])]


def base_of(year: int) -> tuple[int, int]:
    """The sample year `year` is made from and by how many years it is moved: 2020 or 2021, an even shift."""
    base = FIRST_YEAR + (year - FIRST_YEAR) % 2
    return base, year - base


def redate(text: str, shift: int) -> str:
    """`text` with every year in it `shift` years later; a 29 February that the new year lacks becomes the 28th.

    A year is any number of four digits from 2000 to 2099 (the sample registers have no other such
    number), alone or beginning a date.
    """

    def moved(match: re.Match[str]) -> str:
        year = int(match[1]) + shift
        if match[2] is None:
            return str(year)
        day = "28" if match[2] == "02" and match[3] == "29" and not calendar.isleap(year) else match[3]
        return f"{year}-{match[2]}-{day}"

    return _YEAR.sub(moved, text) if shift else text


def year_params(year: int, code: str, name: str, share: int) -> str:
    """The params of an invented district's `year`: its sample year's settings, re-dated, reading its own registers."""
    base, shift = base_of(year)
    text = (ROOT / "params" / f"{base}.yaml").read_text(encoding="utf-8")
    text = city._without_block(city._without_block(text, "reported"), "definitions")
    text = re.sub(r"^  rectification: .*\n", "", text, flags=re.MULTILINE)  # it keeps no ledger
    text = text.replace(f"../data/sample/{base}/", f"../../registers/{code}/{base}/")
    text = redate(text.replace("仓山区", name), shift)
    heading = (
        f"# {name} {year}: an invented district ({share}% of the rows of the {base} sample, re-dated); synthetic.\n"
    )
    text = re.sub(r"^# .*\n", heading, text)
    return text.replace("\nyear:", f'\njurisdiction: {{code: "{code}", name: {name}}}\nyear:', 1)


def generate(folder: Path, count: int, years: int) -> Path:
    """Write `count` jurisdictions × `years` years under `folder` (params/, registers/); the params folder."""
    for code, name, letter, share in jurisdictions(count):
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            base, shift = base_of(year)
            params = folder / "params" / code / f"{year}.yaml"
            params.parent.mkdir(parents=True, exist_ok=True)
            params.write_text(year_params(year, code, name, share), encoding="utf-8", newline="\n")
            registers = folder / "registers" / code / str(year)
            registers.mkdir(parents=True, exist_ok=True)
            for register in sorted((city.SAMPLE / str(base)).glob("*.csv")):
                if register.name == "rectification.csv":
                    continue
                text = redate(register.read_text(encoding="utf-8-sig"), shift)
                kept = city.district_register(text, code, name, letter, share, register.name in city.KEPT_WHOLE)
                (registers / register.name).write_text(kept, encoding="utf-8", newline="\n")
    return folder / "params"


def add_lawsuit(folder: Path, code: str, year: int) -> Path:
    """Append one valid lawsuit (a copy of the register's last, under a new case number) to `year`'s litigation register."""
    register = folder / "registers" / code / str(year) / "litigation.csv"
    lines = register.read_text(encoding="utf-8").splitlines()
    last = lines[-1].split(",")
    last[0] = f"({year})闽0102行初9999号"
    register.write_text("\n".join([*lines, ",".join(last)]) + "\n", encoding="utf-8", newline="\n")
    return register


def snapshot(folder: Path) -> Path:
    """A copy of the package's source (src/) in `folder`, which the runs import: the code stays as it was.

    A year's fingerprint includes the bytes of every file of the package, so an edit made to src/
    while the benchmark runs would make every year of (b) and (c) stale and run again.
    """
    return Path(shutil.copytree(ROOT / "src", folder / "src", ignore=shutil.ignore_patterns("__pycache__")))


def run(src: Path, *args: str) -> tuple[float, str]:
    """`audit run <args> --jobs 2 --lang en` of the code in `src`, in a fresh process: its wall time and output.

    Exits the benchmark where the run fails.
    """
    command = [sys.executable, "-m", "audit.cli", "run", *args, "--jobs", "2", "--lang", "en"]
    env = {**ENV, "PYTHONPATH": str(src)}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8")
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"audit run {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout


def metrics(out: Path, code: str, year: int) -> bytes:
    """The metrics.json a year of jurisdiction `code` published in `out`."""
    return (out / code / str(year) / "metrics.json").read_bytes()


def notebooks(printed: str) -> int:
    """How many pages a run printed as written (one notebook each)."""
    return sum(1 for line in printed.splitlines() if line.startswith(("  ✓ ", "  √ ")))


def pages(out: Path) -> dict[str, int]:
    """Each page of `out`, as a run writes it, and the latest modification time of its files.

    A page is a published year (``<code>/<year>``), a jurisdiction's index (``<code>/index``), a
    roll-up (``rollup/<year>``) or the front page (``index``); the run logs and the roll-ups'
    fingerprints are not pages.
    """
    found: dict[str, int] = {}
    for path in out.rglob("*"):
        parts = path.relative_to(out).parts
        if not path.is_file() or path.name.startswith("audit-log.jsonl") or path.name == "fingerprints.json":
            continue
        if len(parts) >= 3 and parts[1].isdigit():
            page = f"{parts[0]}/{parts[1]}"
        elif len(parts) == 2:
            page = f"{parts[0]}/{Path(parts[1]).stem}"
        else:
            page = Path(parts[0]).stem
        found[page] = max(found.get(page, 0), path.stat().st_mtime_ns)
    return found


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """The pages written (or removed) between two looks at an output folder."""
    return {page for page in before.keys() | after.keys() if before.get(page) != after.get(page)}


def main(argv: list[str] | None = None) -> int:
    """Generate the city, run it three times and a single year once, check what was redone, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jurisdictions", type=int, default=len(DISTRICTS), choices=range(1, len(DISTRICTS) + 1))
    parser.add_argument("--years", type=int, default=MAX_YEARS, choices=range(1, MAX_YEARS + 1), help="from 2020")
    args = parser.parse_args(argv)
    count, years = args.jurisdictions, args.years
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
        f"Python {sys.version.split()[0]}; city: {count} jurisdictions × {years} years "
        f"({FIRST_YEAR}–{FIRST_YEAR + years - 1})",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="audit-city-") as scratch:
        folder = Path(scratch)
        src = snapshot(folder)
        params = generate(folder, count, years)
        first = jurisdictions(count)[0][0]

        single, printed = run(
            src, "--params", str(params / first / f"{FIRST_YEAR}.yaml"), "--out", str(folder / "single")
        )
        single_notebooks = notebooks(printed)
        print(f"baseline: {first}/{FIRST_YEAR} alone, {single:.1f} s, {single_notebooks} notebooks", flush=True)

        out = folder / "out"
        a, printed = run(src, "--all", "--params-dir", str(params), "--out", str(out))
        a_notebooks = notebooks(printed)
        print(f"(a) full run: {a:.1f} s, {a_notebooks} notebooks", flush=True)

        before = pages(out)
        b, printed = run(src, "--all", "--params-dir", str(params), "--out", str(out))
        skipped = printed.count("up to date (params, registers")
        redone = rewritten(before, pages(out))
        print(f"(b) nothing changed: {b:.1f} s, {skipped} years up to date, pages written: {sorted(redone) or 'none'}")
        b_wrong = bool(redone) or skipped != count * years
        if b_wrong:  # told at once and in the exit status; (c) is measured all the same
            print(f"(b) WRONG: it should have written nothing and found {count * years} years up to date", flush=True)

        changed = FIRST_YEAR + min(years // 2, max(years - 2, 0))  # the middle year, one with a next where there is one
        register = add_lawsuit(folder, first, changed)
        following = [changed, changed + 1] if changed + 1 < FIRST_YEAR + years else [changed]
        metrics_before = {y: metrics(out, first, y) for y in following}
        before = pages(out)
        c, printed = run(src, "--all", "--params-dir", str(params), "--out", str(out))
        c_notebooks = notebooks(printed)
        skipped = printed.count("up to date (params, registers")
        redone = rewritten(before, pages(out))
        # a roll-up shows its year's metrics: made again for the years whose metrics.json changed
        moved = [y for y in following if metrics(out, first, y) != metrics_before[y]]
        expected = {f"{first}/{y}" for y in following} | {f"rollup/{y}" for y in moved} | {f"{first}/index", "index"}
        print(
            f"(c) one lawsuit added to {register.relative_to(folder).as_posix()}: {c:.1f} s, {c_notebooks} notebooks, "
            f"{skipped} years up to date; metrics changed in {moved}; pages written: {', '.join(sorted(redone))}",
            flush=True,
        )
        if changed not in moved or redone != expected or skipped != count * years - len(following):
            sys.exit(f"(c) should have written exactly {sorted(expected)}, not {sorted(redone)}:\n{printed}")

    per_single, per_a = single / single_notebooks, a / a_notebooks
    load = os.getloadavg()
    rows = [
        ("baseline: one year alone", f"{single:.1f}", str(single_notebooks), f"{per_single:.2f}"),
        ("(a) run --all, everything", f"{a:.1f}", str(a_notebooks), f"{per_a:.2f}"),
        ("(b) run --all, nothing changed", f"{b:.1f}", "0", ""),
        ("(c) run --all, one register changed", f"{c:.1f}", str(c_notebooks), f"{c / max(c_notebooks, 1):.2f}"),
    ]
    print(f"\n{'run':<37} {'seconds':>8} {'notebooks':>10} {'s/notebook':>11}")
    for row in rows:
        print(f"{row[0]:<37} {row[1]:>8} {row[2]:>10} {row[3]:>11}")
    print(f"(load average now {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")
    print(f"ratio b/a = {b / a:.3f}  (target ≤ 0.05)")
    print(f"seconds per notebook, (a) / baseline = {per_a / per_single:.2f}  (target ≤ 1)")
    if b_wrong:
        print("(b) wrote pages although nothing had changed (see above)")
    return 1 if b_wrong else 0


if __name__ == "__main__":
    sys.exit(main())
