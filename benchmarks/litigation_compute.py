"""Time litigation.compute on a synthetic year of 1,000,000 cases.

Run: PYTHONPATH=src python benchmarks/litigation_compute.py  (the target is under 2 seconds)
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from audit.audits.litigation import compute as litigation
from audit.audits.litigation.register import DERIVED_JUDGMENT_TYPE, SCHEMA
from audit.core.params import Params
from audit.registers import ROW, Register


def synthetic(rows: int, seed: int = 2020) -> tuple[Register, Params]:
    """A litigation register of `rows` cases, typed as the loader types them (and valid)."""
    rng = np.random.default_rng(seed)
    codes = np.array(litigation.OUTCOME_CODES, dtype=object)
    outcome = codes[rng.integers(0, len(codes), rows)]
    hearing = rng.random(rows) < 0.8
    appeared = hearing & (rng.random(rows) < 0.5)
    roles = np.array(["principal", "deputy", None], dtype=object)[rng.integers(0, 3, rows)]
    filed = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 200, rows), unit="D")
    closed = pd.Series(filed + pd.to_timedelta(rng.integers(10, 150, rows), unit="D"))
    written = pd.Series(outcome).map(DERIVED_JUDGMENT_TYPE).where(rng.random(rows) < 0.7, None)
    defendants = np.array([f"单位{i:02d}" for i in range(40)], dtype=object)
    data = pd.DataFrame(
        {
            "case_id": np.arange(rows).astype(str),
            "filed_on": filed,
            "court": "鼓楼法院",
            "defendant": defendants[rng.integers(0, 40, rows)],
            "matter": np.array(["行政处罚", "征收补偿", "政府信息公开"], dtype=object)[rng.integers(0, 3, rows)],
            "hearing_held": hearing,
            "head_appeared": appeared,
            "head_role": np.where(appeared, roles, None),
            "outcome": outcome,
            "judgment_type": written,
            "closed_on": closed.where(outcome != "pending"),
            ROW: np.arange(2, rows + 2),
        }
    )
    return Register(SCHEMA, "litigation", data, data, {}), Params.model_validate({"year": 2020, "registers": {}})


def main() -> None:
    register, params = synthetic(1_000_000)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        litigation.compute(register, params)
        times.append(time.perf_counter() - start)
    print(f"litigation.compute, 1,000,000 cases: median {sorted(times)[2]:.3f} s")


if __name__ == "__main__":
    main()
