"""The run log's optional key: where it comes from, and the HMAC every entry carries when it is given.

An office that wants a forged or rewritten log to show keeps a secret key outside the output
folder and gives it to every `audit run` and `audit sign` through the environment:
``AUDIT_LOG_KEY_FILE`` (a file holding the key; leading and trailing white space ignored), else
``AUDIT_LOG_KEY`` (the key itself). Each entry then carries ``hmac``, HMAC-SHA256 of its content
with that key, and ``key_id``, a short tag telling which key made it (an HMAC of a fixed text:
it gives the key away no more than the entries' own HMACs do). The key itself is never written,
printed or logged; messages name only the file or the variable it came from.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

from audit.core.errors import SaidError

KEY_FILE_VARIABLE = "AUDIT_LOG_KEY_FILE"
KEY_VARIABLE = "AUDIT_LOG_KEY"
_KEY_ID_TEXT = b"audit run log key id"


class LogKeyError(SaidError):
    """The run log's key cannot be had (no such file, unreadable, empty); nothing was written. zh and en."""


@dataclass(frozen=True)
class LogKey:
    """A key for the run log and where it came from (`source`, shown in messages; the key never is)."""

    secret: bytes
    source: str

    def __repr__(self) -> str:  # never show the secret, even in a traceback's locals
        return f"LogKey(source={self.source!r})"

    @property
    def key_id(self) -> str:
        """A short tag naming this key in the entries it signed (16 hex digits)."""
        return hmac.new(self.secret, _KEY_ID_TEXT, hashlib.sha256).hexdigest()[:16]

    def sign(self, content: bytes) -> str:
        """HMAC-SHA256 of `content` with this key, in hex."""
        return hmac.new(self.secret, content, hashlib.sha256).hexdigest()

    def matches(self, content: bytes, claimed: object) -> bool:
        """True when `claimed` is this key's HMAC of `content` (compared in constant time)."""
        return isinstance(claimed, str) and hmac.compare_digest(self.sign(content), claimed)


def key_from_file(path: Path) -> LogKey:
    """The key held in the file at `path`; LogKeyError where it is missing, unreadable or empty."""
    shown = str(path)
    try:
        secret = path.read_bytes().strip()
    except FileNotFoundError:
        raise LogKeyError(
            f"运行日志密钥文件 {shown} 不存在：请检查路径（--key-file 或环境变量 {KEY_FILE_VARIABLE}）。",
            f"the run log's key file {shown} does not exist: check the path (--key-file or {KEY_FILE_VARIABLE}).",
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise LogKeyError(
            f"无法读取运行日志密钥文件 {shown}（{reason}）：请检查其权限。",
            f"the run log's key file {shown} cannot be read ({reason}): check its permissions.",
        ) from None
    if not secret:
        raise LogKeyError(
            f"运行日志密钥文件 {shown} 是空的：其中应有密钥。",
            f"the run log's key file {shown} is empty: it should hold the key.",
        )
    return LogKey(secret, shown)


def key_from_environment() -> LogKey | None:
    """The key the environment gives (``AUDIT_LOG_KEY_FILE``, else ``AUDIT_LOG_KEY``), or None where neither is set."""
    path = os.environ.get(KEY_FILE_VARIABLE)
    if path:
        return key_from_file(Path(path))
    secret = os.environ.get(KEY_VARIABLE)
    if secret is not None:
        if not secret.strip():
            raise LogKeyError(
                f"环境变量 {KEY_VARIABLE} 已设置但为空：其中应有密钥（或取消设置该变量）。",
                f"{KEY_VARIABLE} is set but empty: it should hold the key (or unset it).",
            )
        return LogKey(secret.strip().encode("utf-8"), KEY_VARIABLE)
    return None


def key_for(key_file: Path | None) -> LogKey | None:
    """The key of `key_file` where given, else the environment's (None where there is none)."""
    return key_from_file(key_file) if key_file is not None else key_from_environment()
