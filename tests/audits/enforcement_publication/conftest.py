"""The enforcement publication audit as the registry will hold it, for the tests of its package.

Until ``audit.audits.enforcement_publication`` is a line of the registry, neither the registry's
lookups nor the params model know it. For these tests only (the package's scope) the registry's
list of audits and the params model are given the audit, as ``AUDIT_EXTRA_AUDITS`` would give
them at import time; once the audit is registered this changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import audit.audits as audits
import audit.core.params as params_module
from audit.audits.enforcement_publication import AUDIT


@pytest.fixture(scope="package", autouse=True)
def registered() -> Iterator[None]:
    if any(a.key == AUDIT.key for a in audits.AUDITS):
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        extended = (*audits.AUDITS, AUDIT)
        patch.setattr(audits, "AUDITS", extended)
        patch.setattr(params_module, "Params", params_module.params_model(extended))
        yield
