"""Golden metrics: a fresh compute_all of every sample year equals tests/golden/<year>.json.

Breaking any figure by one unit fails here with the dotted key that moved. The golden files are
rewritten only on purpose: ``make golden`` (or ``pytest --update-golden``), then review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit.core import metrics as metrics_file
from audit.core.params import load_params
from audit.registers import load_registers

from conftest import PARAMS_FILES, ROOT
from golden_helpers import compare, golden_path, report

GOLDEN = ROOT / "tests" / "golden"


def fresh_metrics(params_file: Path) -> dict:
    params = load_params(params_file)
    return metrics_file.compute_all(load_registers(params), params)


def test_every_sample_year_is_covered():
    assert PARAMS_FILES, "no params/*.yaml found"


@pytest.mark.parametrize("params_file", PARAMS_FILES, ids=lambda p: p.stem)
def test_metrics_match_golden(params_file: Path, update_golden: bool):
    got = fresh_metrics(params_file)
    golden = golden_path(GOLDEN, params_file)
    if update_golden:
        metrics_file.write(got, golden)
    if not golden.is_file():
        pytest.fail(
            f"params/{params_file.name} has no golden metrics file tests/golden/{golden.name}; "
            "create it deliberately with `make golden` (pytest --update-golden) and review it"
        )
    expected = json.loads(golden.read_text(encoding="utf-8"))
    differences = compare(expected, got)
    assert not differences, report(differences, f"metrics of params/{params_file.name} vs tests/golden/{golden.name}")


@pytest.mark.parametrize("params_file", PARAMS_FILES, ids=lambda p: p.stem)
def test_golden_file_is_what_write_produces(params_file: Path):
    """The golden file is exactly metrics.json as `audit run` writes it (no hand edits, stable JSON)."""
    golden = golden_path(GOLDEN, params_file)
    if not golden.is_file():
        pytest.skip("no golden file (reported by test_metrics_match_golden)")
    assert golden.read_text(encoding="utf-8") == metrics_file.dumps(json.loads(golden.read_text(encoding="utf-8")))


def test_metrics_json_records_the_year_s_definitions():
    """Readers of metrics.json alone (the index, other tools) need the year's rounding and denominators."""
    from audit.core.metrics import compute_all
    from audit.core.params import Params

    params = Params.model_validate(
        {"year": 2020, "registers": {}, "definitions": {"rounding": "truncate", "percent_decimals": 1}}
    )
    metrics = compute_all({}, params)
    assert metrics["definitions"]["rounding"] == "truncate" and metrics["definitions"]["percent_decimals"] == 1
    assert metrics["definitions"]["reconsideration"]["correction_rate"] == {
        "denominator": "concluded",
        "numerator_scope": "year",
    }
