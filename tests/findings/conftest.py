"""The sample years' inputs and metrics, read once for the findings tests."""

from __future__ import annotations

from typing import Any

import pytest

from audit.core import metrics as metrics_file
from audit.pipeline.plan import YearInputs, read_year

from conftest import ROOT


@pytest.fixture(scope="session")
def year_2020() -> YearInputs:
    """The 2020 sample year, validated."""
    return read_year(ROOT / "params" / "2020.yaml")


@pytest.fixture(scope="session")
def year_2021() -> YearInputs:
    """The 2021 sample year, validated."""
    return read_year(ROOT / "params" / "2021.yaml")


@pytest.fixture(scope="session")
def metrics_2020(year_2020: YearInputs) -> dict[str, Any]:
    """The 2020 sample's metrics.json (no year before it)."""
    return metrics_file.compute_all(year_2020.registers, year_2020.params)


@pytest.fixture(scope="session")
def metrics_2021(year_2021: YearInputs, metrics_2020: dict[str, Any]) -> dict[str, Any]:
    """The 2021 sample's metrics.json, following up 2020's."""
    return metrics_file.compute_all(year_2021.registers, year_2021.params, metrics_2020)
