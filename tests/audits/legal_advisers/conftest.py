"""The legal advisers audit in the registry for these tests, whether or not the package's registry lists it yet.

An audit comes into the registry (and the params model) at import; one added by
``AUDIT_EXTRA_AUDITS`` too. Until ``audit.audits.REGISTRY`` names this package, the tests of this
folder put it there themselves, for as long as they run; once it does, this does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="package", autouse=True)
def legal_advisers_registered() -> Iterator[None]:
    import audit.audits as registry
    import audit.core.params as params
    from audit.audits.legal_advisers import AUDIT

    if any(a.key == AUDIT.key for a in registry.AUDITS):
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        audits = (*registry.AUDITS, AUDIT)
        patch.setattr(registry, "AUDITS", audits)
        patch.setattr(params, "Params", params.params_model(audits))
        yield
