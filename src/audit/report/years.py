"""The output folder's index: which years have reports, and the figures to compare across years."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from audit.core import metrics as metrics_file
from audit.core.headlines import lookup


@dataclass(frozen=True)
class YearResult:
    """One year found in the output folder: its metrics and the HTML reports beside them."""

    year: int
    metrics: dict[str, Any]
    reports: tuple[str, ...]

    def percent(self, rate: float | None) -> str:
        """A rate written as this year's reports write it: its rounding rule and percent decimals.

        A metrics.json from before definitions were recorded in it gets the defaults (half up,
        two decimals), which were then the only rule.
        """
        from audit.core.numbers import percent

        definitions = self.metrics.get("definitions") or {}
        return percent(rate, definitions.get("percent_decimals", 2), definitions.get("rounding", "half_up"))

    def get(self, key: str) -> Any:
        """A metric by dotted key, or None where the year does not have it."""
        try:
            return lookup(self.metrics, key)
        except KeyError:
            return None


def collect_years(outputs_dir: Path) -> list[YearResult]:
    """Every ``<year>/metrics.json`` in the output folder, oldest year first (none if no such folder)."""
    if not outputs_dir.is_dir():
        return []
    found = []
    for folder in sorted(p for p in outputs_dir.iterdir() if p.is_dir() and p.name.isdigit()):
        path = folder / "metrics.json"
        if path.is_file():
            reports = tuple(sorted(p.stem for p in folder.glob("*.html")))
            found.append(YearResult(int(folder.name), metrics_file.read(path), reports))
    return found
