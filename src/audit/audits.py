"""The audits this package performs: which register each reads, its metrics and its notebook.

The runner walks this table; adding an audit means one module of metrics, one register schema,
one notebook and one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:
    from .params import Params
    from .registers import Register


@dataclass(frozen=True)
class Audit:
    """One audit: its metrics.json key, the register it needs, its metrics and its notebook."""

    key: str
    register: str
    notebook: str
    title: Mapping[str, str]
    compute: Callable[[Mapping[str, "Register"], "Params"], dict[str, Any]]


def _case_file_review(loaded: Mapping[str, "Register"], params: "Params") -> dict[str, Any]:
    from . import case_file_review

    return case_file_review.compute(loaded["case_file_review"], params)


def _reconsideration(loaded: Mapping[str, "Register"], params: "Params") -> dict[str, Any]:
    from . import reconsideration

    return reconsideration.compute(loaded["reconsideration"], params)


def _litigation(loaded: Mapping[str, "Register"], params: "Params") -> dict[str, Any]:
    from . import litigation

    return litigation.compute(loaded["litigation"], params)


def _training(loaded: Mapping[str, "Register"], params: "Params") -> dict[str, Any]:
    from . import training

    return training.compute(loaded["training"], loaded.get("staff_roster"), params)


AUDITS: tuple[Audit, ...] = (
    Audit("case_file_review", "case_file_review", "case_file_review",
          {"zh": "行政执法案卷评查审计报告", "en": "Case-file review audit"}, _case_file_review),
    Audit("training", "training", "training_compliance",
          {"zh": "法治培训审计报告", "en": "Rule-of-law training audit"}, _training),
    Audit("reconsideration", "reconsideration", "reconsideration",
          {"zh": "行政复议审计报告", "en": "Administrative reconsideration audit"}, _reconsideration),
    Audit("litigation", "litigation", "litigation",
          {"zh": "行政应诉审计报告", "en": "Administrative litigation audit"}, _litigation),
)


def audits_for(loaded: Mapping[str, "Register"]) -> list[Audit]:
    """The audits whose register the year provides, in report order."""
    return [a for a in AUDITS if a.register in loaded]
