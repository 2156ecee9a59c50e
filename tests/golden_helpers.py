"""Compare two metrics.json documents key by key and say what moved.

Golden metrics (``tests/golden/<year>.json``) are compared with a fresh ``compute_all``:
integers, strings, booleans and None exactly, floats within an absolute tolerance, and a
change of type (a count that became a float, a rate that became None) is a difference too.
Every difference is named by its dotted key (``reconsideration.outcomes.upheld``,
``case_file_review.by_unit.0.mean_score``), the same keys the claims in params use.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FLOAT_TOLERANCE = 1e-12
MISSING = "<missing>"


@dataclass(frozen=True)
class Difference:
    """One key whose value differs: where, what the golden file says, what was computed."""

    key: str
    expected: Any
    got: Any

    def __str__(self) -> str:
        return f"{self.key}: expected {_show(self.expected)}, got {_show(self.got)}"


def _show(value: Any) -> str:
    if value is MISSING:
        return MISSING
    if isinstance(value, (dict, list, tuple)):
        text = json.dumps(value, ensure_ascii=False, default=str)
        return text if len(text) <= 80 else text[:79] + "…"
    return f"{value!r} ({type(value).__name__})" if isinstance(value, (int, float)) else repr(value)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "dict"
    return type(value).__name__


def compare(expected: Any, got: Any, tolerance: float = FLOAT_TOLERANCE, key: str = "") -> list[Difference]:
    """Every difference between `expected` and `got`, as dotted keys (list items by index)."""
    kind = _kind(expected)
    if kind != _kind(got):
        return [Difference(key or "(root)", expected, got)]
    if kind == "dict":
        out: list[Difference] = []
        for k in list(expected) + [k for k in got if k not in expected]:
            sub = f"{key}.{k}" if key else str(k)
            if k not in got:
                out.append(Difference(sub, expected[k], MISSING))
            elif k not in expected:
                out.append(Difference(sub, MISSING, got[k]))
            else:
                out += compare(expected[k], got[k], tolerance, sub)
        return out
    if kind == "list":
        out = []
        for i in range(max(len(expected), len(got))):
            sub = f"{key}.{i}" if key else str(i)
            if i >= len(got):
                out.append(Difference(sub, expected[i], MISSING))
            elif i >= len(expected):
                out.append(Difference(sub, MISSING, got[i]))
            else:
                out += compare(expected[i], got[i], tolerance, sub)
        return out
    if kind == "float":
        same = (math.isnan(expected) and math.isnan(got)) or abs(expected - got) <= tolerance
        return [] if same else [Difference(key or "(root)", expected, got)]
    return [] if expected == got else [Difference(key or "(root)", expected, got)]


def report(differences: list[Difference], title: str) -> str:
    """A readable failure message: one line per differing key."""
    lines = [f"{title}: {len(differences)} metric(s) moved"]
    lines += [f"  {d}" for d in differences]
    return "\n".join(lines)


def golden_path(golden_dir: Path, params_file: Path) -> Path:
    """Where the golden metrics of a params file live: tests/golden/<params file stem>.json."""
    return golden_dir / f"{params_file.stem}.json"
