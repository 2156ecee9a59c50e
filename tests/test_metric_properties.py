"""Properties of the metric functions over generated valid registers (hypothesis).

Registers are written as CSV files and loaded through the real loader, so every example is a
register an auditor could hand in. Checked: counts add up, every rate is in [0, 1] or None, and
the metrics do not depend on the order of the rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.audits.case_file_review import compute as case_file_review
from audit.audits.case_file_review import register as cfr_register
from audit.audits.reconsideration import compute as reconsideration
from audit.audits.reconsideration import register as recon_register
from audit.audits.training import compute as training
from audit.audits.training import register as training_register
from audit.core.params import Params
from audit.registers import load_register

from golden_helpers import compare, report

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARAMS = Params.model_validate({"year": 2020, "registers": {}})
START = dt.date(2020, 1, 1)
RESPONDENTS = ["区城管局", "区住建局", "区市场监管局", "金山街道办事处"]
MATTERS = ["行政处罚", "政府信息公开", ""]


def load(schema, header: list[str], rows: list[list[Any]]):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
        return load_register(schema, path, PARAMS)


def rates(metrics: Any, key: str = "") -> list[tuple[str, Any]]:
    """Every value under a key that names a rate or a share."""
    found = []
    if isinstance(metrics, dict):
        for k, v in metrics.items():
            sub = f"{key}.{k}" if key else k
            if (k.endswith("rate") or key.endswith("grade_shares")) and not isinstance(v, (dict, list)):
                found.append((sub, v))
            found += rates(v, sub)
    elif isinstance(metrics, list):
        for i, v in enumerate(metrics):
            found += rates(v, f"{key}.{i}")
    return found


def assert_rates_in_unit_interval(metrics: dict) -> None:
    bad = [(k, v) for k, v in rates(metrics) if not (v is None or (isinstance(v, float) and 0 <= v <= 1))]
    assert not bad, bad


def assert_same(first: dict, second: dict) -> None:
    differences = compare(first, second)
    assert not differences, report(differences, "metrics changed when the rows were shuffled")


# ---- reconsideration ----------------------------------------------------------------------

RECON_HEADER = [
    "case_id",
    "received_on",
    "carried_over",
    "respondent",
    "matter",
    "intake",
    "accepted_on",
    "outcome",
    "decided_on",
    "extended",
]


@st.composite
def recon_case(draw, i: int) -> list[Any]:
    carried = draw(st.booleans()) if i % 5 == 0 else False
    received = (dt.date(2019, 6, 1) if carried else START) + dt.timedelta(draw(st.integers(0, 200)))
    intake = "accepted" if carried else draw(st.sampled_from(reconsideration.INTAKE_CODES))
    accepted_on = outcome = decided_on = ""
    if intake == "accepted":
        accepted = received + dt.timedelta(draw(st.integers(0, 10)))
        accepted_on = accepted.isoformat()
        outcome = draw(st.sampled_from(reconsideration.OUTCOME_CODES + ("",)))
        if outcome not in ("", "pending"):
            decided_on = (accepted + dt.timedelta(draw(st.integers(0, 120)))).isoformat()
    return [
        f"C{i}",
        received.isoformat(),
        "yes" if carried else "no",
        draw(st.sampled_from(RESPONDENTS)),
        draw(st.sampled_from(MATTERS)),
        intake,
        accepted_on,
        outcome,
        decided_on,
        draw(st.sampled_from(["yes", "no", ""])),
    ]


@st.composite
def recon_rows(draw) -> list[list[Any]]:
    n = draw(st.integers(1, 30))
    return [draw(recon_case(i)) for i in range(n)]


@SETTINGS
@given(rows=recon_rows(), data=st.data())
def test_reconsideration_counts_add_up_and_ignore_row_order(rows, data):
    m = reconsideration.compute(load(recon_register.SCHEMA, RECON_HEADER, rows), PARAMS)
    assert m["received"] == sum(m[code] for code in reconsideration.INTAKE_CODES)
    assert m["received"] + m["carried_over"] == len(rows)
    assert m["under_review"] == m["accepted"] + m["carried_over"] == m["concluded"] + m["pending"]
    assert sum(m["outcomes"].values()) == m["under_review"]
    assert m["pending"] == m["outcomes"]["pending"]
    assert sum(r["cases"] for r in m["by_respondent"]) == sum(r["cases"] for r in m["by_matter"]) == len(rows)
    assert sum(r["direct_corrections"] for r in m["by_respondent"]) == m["direct_corrections"]
    assert m["overdue"] <= m["concluded"] and m["open_overdue"] <= m["pending"]
    # the rates count the year's flows (numerator_scope: year): a carried-over case concluded this year may
    # take one above 1; counted within their denominators they never leave [0, 1]
    assert_rates_in_unit_interval({k: v for k, v in m.items() if k not in reconsideration.RATES})
    for rate, variants in m["definition_variants"].items():
        basis = m["rate_basis"][rate]
        assert m[rate] == (basis["numerator"] / basis["denominator"] if basis["denominator"] else None), rate
        for v in variants:
            assert v["numerator"] >= 0 and (v["scope"] == "year" or v["numerator"] <= v["denominator"]), (rate, v)
            assert v["numerator"] <= m["under_review"], (rate, v)
    shuffled = data.draw(st.permutations(rows))
    assert_same(m, reconsideration.compute(load(recon_register.SCHEMA, RECON_HEADER, shuffled), PARAMS))


# ---- case-file review ---------------------------------------------------------------------

CATEGORIES = dict(PARAMS.case_file_review.categories)
CFR_HEADER = ["round", "unit", "case_id", *(f"deduction_{c}" for c in CATEGORIES), "score", "veto_items"]
VETO = list(PARAMS.case_file_review.veto_items)


@st.composite
def cfr_file(draw, i: int) -> list[Any]:
    if draw(st.booleans()):
        deductions = [draw(st.integers(0, int(top) * 2)) / 2 for top in CATEGORIES.values()]
        score = ""
    else:
        deductions = [""] * len(CATEGORIES)
        score = draw(st.integers(0, 100))
    veto = draw(st.lists(st.sampled_from(VETO), max_size=2)) if draw(st.integers(0, 4)) == 0 else []
    return [
        draw(st.sampled_from(["2020-1", "2020-2", "2020-10"])),
        draw(st.sampled_from(RESPONDENTS)),
        f"F{i}",
        *deductions,
        score,
        ";".join(veto),
    ]


@st.composite
def cfr_rows(draw) -> list[list[Any]]:
    return [draw(cfr_file(i)) for i in range(draw(st.integers(1, 30)))]


@SETTINGS
@given(rows=cfr_rows(), data=st.data())
def test_case_file_counts_add_up_and_ignore_row_order(rows, data):
    schema = cfr_register.schema(PARAMS)
    m = case_file_review.compute(load(schema, CFR_HEADER, rows), PARAMS)
    assert m["files"] == len(rows) == sum(m["grades"].values())
    assert sum(u["files"] for u in m["by_unit"]) == sum(r["files"] for r in m["by_round"]) == m["files"]
    for unit in m["by_unit"]:
        assert sum(unit["grades"].values()) == unit["files"]
    assert abs(sum(m["grade_shares"].values()) - 1) < 1e-9
    assert m["veto_files"] == sum(1 for r in rows if r[-1])
    assert 0 <= m["score"]["min"] <= m["score"]["mean"] <= m["score"]["max"] <= 100
    assert_rates_in_unit_interval(m)
    shuffled = data.draw(st.permutations(rows))
    assert_same(m, case_file_review.compute(load(schema, CFR_HEADER, shuffled), PARAMS))


# ---- training -----------------------------------------------------------------------------

TRAINING_HEADER = ["date", "title", "kind", "participants", "hours"]


@st.composite
def training_rows(draw) -> list[list[Any]]:
    n = draw(st.integers(1, 25))
    return [
        [
            (START + dt.timedelta(draw(st.integers(0, 365)))).isoformat(),
            f"培训{i}",
            draw(st.sampled_from(training_register.TRAINING_KINDS)),
            draw(st.one_of(st.just(""), st.integers(0, 200))),
            draw(st.one_of(st.just(""), st.integers(0, 16))),
        ]
        for i in range(n)
    ]


@SETTINGS
@given(rows=training_rows(), data=st.data())
def test_training_targets_count_the_events_and_ignore_row_order(rows, data):
    m = training.compute(load(training_register.SCHEMA, TRAINING_HEADER, rows), None, PARAMS)
    assert m["events_total"] == len(rows) == sum(m["events"].values())
    for target in m["targets"]:
        assert target["actual"] == m["events"][target["kind"]] == sum(1 for r in rows if r[2] == target["kind"])
        assert target["met"] == (target["actual"] >= target["target"])
        assert target["shortfall"] == max(0, target["target"] - target["actual"])
    assert m["all_targets_met"] == all(t["met"] for t in m["targets"])
    assert m["participants"] == sum(r[3] for r in rows if r[3] != "")
    assert m["participants_blank"] == sum(1 for r in rows if r[3] == "")
    assert_rates_in_unit_interval(m)
    shuffled = data.draw(st.permutations(rows))
    assert_same(m, training.compute(load(training_register.SCHEMA, TRAINING_HEADER, shuffled), None, PARAMS))
