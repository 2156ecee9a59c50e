"""Time training.compute on a synthetic year of 1,000,000 events and 1,000,000 officers.

Run: PYTHONPATH=src python benchmarks/training_compute.py  (the target is under 2 seconds)
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from audit.audits.training import compute as training
from audit.audits.training.register import ROSTER_SCHEMA, SCHEMA
from audit.core.params import TRAINING_KINDS, Params
from audit.registers import ROW, Register


def synthetic(rows: int, seed: int = 2020) -> tuple[Register, Register, Params]:
    """A training register and a roster of `rows` rows each, typed as the loader types them."""
    rng = np.random.default_rng(seed)
    days = rng.integers(0, 366, rows)
    events = pd.DataFrame(
        {
            "date": pd.Timestamp("2020-01-01") + pd.to_timedelta(days, unit="D"),
            "title": "培训",
            "kind": pd.Series(np.array(TRAINING_KINDS, dtype=object)[rng.integers(0, len(TRAINING_KINDS), rows)]),
            "audience": None,
            "participants": rng.integers(0, 300, rows).astype("float64"),
            "hours": np.where(rng.random(rows) < 0.1, np.nan, rng.integers(1, 24, rows)).astype("float64"),
            "organizer": None,
            ROW: np.arange(2, rows + 2),
        }
    )
    units = np.array([f"单位{i:02d}" for i in range(21)], dtype=object)
    roster = pd.DataFrame(
        {
            "person_id": [f"P{i}" for i in range(rows)],
            "unit": units[rng.integers(0, 21, rows)],
            "hours": rng.integers(0, 120, rows).astype("float64"),
            "name": None,
            ROW: np.arange(2, rows + 2),
        }
    )
    return (
        Register(SCHEMA, "events", events, events, {}),
        Register(ROSTER_SCHEMA, "roster", roster, roster, {}),
        Params.model_validate({"year": 2020, "registers": {}}),
    )


def main() -> None:
    events, roster, params = synthetic(1_000_000)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        training.compute(events, roster, params)
        times.append(time.perf_counter() - start)
    print(f"training.compute, 1,000,000 events + 1,000,000 officers: median {sorted(times)[2]:.3f} s")


if __name__ == "__main__":
    main()
