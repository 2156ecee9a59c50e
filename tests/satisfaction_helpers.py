"""Small satisfaction registers for tests, and the registry with the satisfaction audit in it.

Until the audit is in the registry (``audit.audits.REGISTRY``), :func:`registered` puts it there
for the tests of its package (``tests/audits/satisfaction/conftest.py``): the registry's audits
and the params model then include it, as they will once it is registered; once it is, nothing
is patched.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from audit.audits.satisfaction import AUDIT
from audit.audits.satisfaction.register import SCHEMA
from audit.core.params import Params, load_params
from audit.registers import Register, load_register

from conftest import write_csv, write_params

RESPONSE_COLUMNS = ["survey_id", "unit", "surveyed_on", "method", "respondent_name", "case_id", "answer", "comment"]
RESPONSE_ZH = ["调查编号", "被调查单位", "调查日期", "调查方式", "被调查人", "执法案件编号", "评价", "意见建议"]
SURVEY_COLUMNS = ["survey_id", "unit", "surveyed_on", "method", "respondents", "satisfied"]
SURVEY_ZH = ["调查编号", "被调查单位", "调查日期", "调查方式", "调查人数", "满意人数"]
ALL_COLUMNS = [*RESPONSE_COLUMNS, "respondents", "satisfied"]


@contextmanager
def registered() -> Iterator[None]:
    """The registry and the params model with the satisfaction audit, for as long as the block runs."""
    import audit.audits as registry
    import audit.core.params as params_module

    if any(a.key == AUDIT.key for a in registry.AUDITS):
        yield
        return
    audits = (*registry.AUDITS, AUDIT)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(registry, "AUDITS", audits)
        patch.setattr(params_module, "Params", params_module.params_model(audits))
        yield


def response(
    unit: str = "区城管局",
    answer: str = "满意",
    on: str = "2020-06-01",
    name: str = "林志强",
    case_id: str = "",
    comment: str = "",
    method: str = "电话回访",
    survey_id: str = "仓司满调〔2020〕1号",
) -> list[str]:
    """One response row (columns RESPONSE_COLUMNS)."""
    return [survey_id, unit, on, method, name, case_id, answer, comment]


def survey(
    unit: str = "区城管局",
    respondents: object = 20,
    satisfied: object = 19,
    on: str = "2020-06-01",
    survey_id: str = "",
    method: str = "问卷调查",
) -> list[str]:
    """One survey row (columns SURVEY_COLUMNS)."""
    return [survey_id, unit, on, method, str(respondents), str(satisfied)]


def register(
    folder: Path, rows: list[list[str]], header: list[str] = RESPONSE_COLUMNS, **params: object
) -> tuple[Register, Params]:
    """Write rows as a CSV register plus a params file in `folder`; load and validate both."""
    path = write_csv(folder / "satisfaction.csv", header, rows)
    p = load_params(write_params(folder, {"satisfaction": path.name}, **params))
    return load_register(SCHEMA, path, p, path.name), p
