"""The satisfaction audit's tests run with it in the registry (see satisfaction_helpers.registered)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from satisfaction_helpers import registered


@pytest.fixture(scope="package", autouse=True)
def _satisfaction_registered() -> Iterator[None]:
    with registered():
        yield
