"""Privacy and HTML safety of a full run.

No applicant (申请人), officer (staff roster 姓名) or reviewer (评查人) name from a year's registers
may appear in any file the run writes; register text holding markup comes out escaped.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from audit.core.params import load_params

from conftest import PARAMS_FILES, run_audit

pytestmark = pytest.mark.e2e

SEPARATORS = re.compile(r"[、,，;；/ ]+")


def private_columns(params) -> dict[str, tuple[str, ...]]:
    """Register key -> the headers its private columns may be written under (the schemas say which)."""
    from audit.registers import schema_of

    found: dict[str, tuple[str, ...]] = {}
    for key in params.registers.present():
        schema = schema_of(key, params)
        headers = tuple(h for c in schema.columns if c.private for h in (c.zh, *c.zh_aliases, c.name))
        if headers:
            found[key] = headers
    return found


def private_names(params_file: Path) -> dict[str, set[str]]:
    """Every person named in a year's (CSV) registers, by column."""
    params = load_params(params_file)
    names: dict[str, set[str]] = {}
    for key, headers in private_columns(params).items():
        path = params.register_path(key)
        if path is None or path.suffix != ".csv":
            continue
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                for header in headers:
                    for name in SEPARATORS.split(row.get(header) or ""):
                        if name.strip():
                            names.setdefault(f"{key}.{header}", set()).add(name.strip())
    return names


def test_every_private_column_of_the_sample_names_people():
    """Each private column the 2020 sample has holds names, so the test below looks for them."""
    params = load_params(PARAMS_FILES[0])
    names = private_names(PARAMS_FILES[0])
    for key in private_columns(params):
        assert any(column.startswith(f"{key}.") and people for column, people in names.items()), key


def readable(path: Path) -> str:
    """A written file's text as a reader sees it: JSON unescaped (\\uXXXX), HTML entities decoded, a workbook's XML."""
    if path.suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(path) as book:
            return html.unescape("\n".join(book.read(name).decode("utf-8") for name in book.namelist()))
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".json", ".ipynb"):
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)


@pytest.mark.parametrize("params_file", PARAMS_FILES, ids=lambda p: p.stem)
def test_no_person_named_in_any_output(params_file, sample_runs):
    year = load_params(params_file).year
    names = private_names(params_file)
    assert names and all(names.values()), "the sample names no one?"
    files = sorted(p for p in sample_runs[year].rglob("*") if p.is_file())
    assert {p.suffix for p in files} >= {".html", ".ipynb", ".json", ".xlsx", ".docx"}
    leaks = []
    for path in files:
        text = readable(path)
        for column, people in names.items():
            found = sorted(n for n in people if n in text)
            if found:
                leaks.append(f"{path.name}: {column} {found[:5]}")
    assert not leaks, "personal names in the outputs:\n" + "\n".join(leaks)


INJECTIONS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


def _inject(source: Path, target: Path, columns: tuple[str, ...]) -> None:
    with open(source, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows):
        for column in columns:
            row[column] = f"{row[column]}{INJECTIONS[i % 2]}"
    with open(target, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_register_markup_is_escaped_in_every_report(tmp_path):
    params = load_params(PARAMS_FILES[0])
    fields = {
        "reconsideration": ("被申请人", "事项类别"),
        "case_file_review": ("主要问题",),
        "training": ("名称",),
        "legal_advisers": ("服务单位", "事项"),
        "publicity": ("活动名称", "组织单位"),
        "satisfaction": ("被调查单位", "意见建议"),
    }
    registers = {}
    for key in params.registers.present():
        if key == "units":  # unit names with markup in them are no units of the list: the year goes without it
            continue
        source = params.register_path(key)
        target = tmp_path / source.name
        if key in fields:
            _inject(source, target, fields[key])
        else:
            shutil.copy(source, target)
        registers[key] = target.name
    data = yaml.safe_load(PARAMS_FILES[0].read_text(encoding="utf-8"))
    data["registers"] = registers
    data.pop("reported", None)
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_audit("run", "--params", str(tmp_path / "params.yaml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    pages = sorted((tmp_path / "out" / str(params.year)).glob("*.html"))
    assert len(pages) == len(registers) + 1  # one per audit (roster with training), the findings and the summary
    shown = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, f"{page.name} runs register text"
        shown += text.count("&lt;script&gt;alert(1)&lt;/script&gt;") + text.count("&lt;img src=x onerror=alert(1)&gt;")
    assert shown, "the injected text should appear (escaped) in the reports"
    for name in ("reconsideration.html", "case_file_review.html", "training_compliance.html", "findings.html"):
        assert "&lt;" in (tmp_path / "out" / str(params.year) / name).read_text(encoding="utf-8"), name
