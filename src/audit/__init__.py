"""audit: re-perform a district justice bureau's yearly rule-of-law (法治政府建设) audit."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("audit")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"
