"""audit: re-perform a district justice bureau's yearly rule-of-law (法治政府建设) audit."""

from __future__ import annotations

_VERSION: list[str] = []


def __getattr__(name: str) -> str:
    """``audit.__version__``, looked up when first asked for.

    importlib.metadata is imported only then: `audit run` starts its kernel server before it needs
    the version, and a command that never asks for it does not pay for the import.
    """
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not _VERSION:
        from importlib.metadata import PackageNotFoundError, version

        try:
            _VERSION.append(version("audit"))
        except PackageNotFoundError:  # running from a source tree that was not installed
            _VERSION.append("0.0.0+unknown")
    return _VERSION[0]
