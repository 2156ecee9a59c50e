"""Build the three-district sample of a city (data/city/) from the Cangshan sample (data/sample/, params/).

    python tools/make_city_sample.py            # write data/city/
    python tools/make_city_sample.py --check    # exit 1 if data/city/ is not what this script writes

- 350104 仓山区 is the seed's district: its params are params/<year>.yaml with its jurisdiction
  named, reading the sample registers where they are.
- 359901 榕东区 and 359902 榕西县 are invented (their codes are in no GB/T 2260 list). Each keeps a
  fixed share of the sample's rows (60% and 35%), chosen by a hash of the row's case or document
  number (the whole row where it has none), so a case carried over from 2020 to 2021 is kept in both years or in
  neither; "仓山区" and the "仓" of every case number become the district's own. They publish no
  figures (no ``reported:``) and keep no rectification ledger.
- 榕西县 defines its mediation success rate over the cases concluded rather than the cases
  accepted: the roll-up cannot add that rate up, and says so.

The output is the same bytes on every run.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
CITY = ROOT / "data" / "city"
YEARS = (2020, 2021)
SEED = ("350104", "仓山区")
INVENTED = {
    # code: (name, the character that replaces 仓 in case numbers, share of rows kept, params added)
    "359901": ("榕东区", "东", 60, ""),
    "359902": (
        "榕西县",
        "西",
        35,
        "definitions:\n  reconsideration:\n    mediation_success_rate: {denominator: concluded}  # 榕西县's own definition\n",
    ),
}
KEPT_WHOLE = {"units.csv"}  # the list of units is the district's whole list, not a sample of rows


def kept(code: str, key: str, share: int) -> bool:
    """Whether a row whose first column is `key` is in district `code`'s sample (the same in every year)."""
    return int(hashlib.sha256(f"{code}|{key}".encode()).hexdigest(), 16) % 100 < share


def district_register(text: str, code: str, name: str, letter: str, share: int, whole: bool) -> str:
    """A sample register's text as district `code` keeps it: its share of the rows, its names and case numbers."""
    lines = text.splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    numbered = [i for i, name in enumerate(header.rstrip("\r\n").split(",")) if "编号" in name or "文号" in name]
    if not whole:  # by its case or document number where it has one (the same in every year), else the whole row
        rows = [row for row in rows if kept(code, row.split(",")[numbered[0]] if numbered else row, share)]
    return "".join([header, *rows]).replace("仓山区", name).replace("仓", letter)


def _without_block(text: str, key: str) -> str:
    """`text` (a params file) without its top-level `key:` block."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        if re.match(rf"{key}:", line):
            skipping = True
            continue
        if skipping and line.strip() and not line.startswith((" ", "#")):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def seed_params(year: int) -> str:
    """The seed district's params of `year`: the sample's, naming the jurisdiction, reading the sample registers."""
    text = (ROOT / "params" / f"{year}.yaml").read_text(encoding="utf-8")
    text = text.replace("../data/sample/", "../../../sample/")
    code, name = SEED
    return text.replace("\nyear:", f'\njurisdiction: {{code: "{code}", name: {name}}}\nyear:', 1)


def invented_params(year: int, code: str) -> str:
    """An invented district's params of `year`: the sample's settings, its own registers, no published figures."""
    name, _, share, extra = INVENTED[code]
    text = (ROOT / "params" / f"{year}.yaml").read_text(encoding="utf-8")
    text = _without_block(_without_block(text, "reported"), "definitions")
    text = re.sub(
        r"^# .*\n", f"# {name} {year}: an invented district ({share}% of the sample's rows); synthetic.\n", text
    )
    text = text.replace(f"../data/sample/{year}/", f"../../registers/{code}/{year}/")
    text = re.sub(r"^  rectification: .*\n", "", text, flags=re.MULTILINE)  # it keeps no ledger
    text = text.replace("仓山区", name)
    text = text.replace("\nyear:", f'\njurisdiction: {{code: "{code}", name: {name}}}\nyear:', 1)
    return text + extra


def files() -> dict[Path, str]:
    """Every file of data/city/ and its text."""
    out: dict[Path, str] = {}
    for year in YEARS:
        out[CITY / "params" / SEED[0] / f"{year}.yaml"] = seed_params(year)
        for code, (name, letter, share, _) in INVENTED.items():
            out[CITY / "params" / code / f"{year}.yaml"] = invented_params(year, code)
            for register in sorted((SAMPLE / str(year)).glob("*.csv")):
                if register.name == "rectification.csv":
                    continue
                text = register.read_text(encoding="utf-8-sig")
                out[CITY / "registers" / code / str(year) / register.name] = district_register(
                    text, code, name, letter, share, register.name in KEPT_WHOLE
                )
    return out


def main(argv: list[str] | None = None) -> int:
    """Write data/city/, or with --check say whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with data/city/ instead of writing it")
    args = parser.parse_args(argv)
    wanted = files()
    if args.check:
        stale = [p for p, text in wanted.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"differs: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    for path, text in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(wanted)} files under {CITY.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
