"""The normative documents audit as the registry will hold it, for the tests of its package.

Until ``audit.audits.normative_documents`` is a line of the registry, the params model and the
registry's lookups do not know it. For these tests only (the package's scope) the registry's
list of audits and the params model are given the audit, as ``AUDIT_EXTRA_AUDITS`` would give
them at import time; once the audit is registered this changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import audit.audits as audits
import audit.core.params as params_module
from audit.audits.normative_documents import AUDIT


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
