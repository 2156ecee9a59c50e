"""manifest.json: what a year's reports were made from and the SHA-256 of every file made.

It holds no wall-clock time, so the same inputs and code give the same manifest; the time of a
run is recorded in the run log instead. Where ``SOURCE_DATE_EPOCH`` is set (reproducible-build
convention) its date is recorded as the report date.

Its ``code`` names the code that made the year: the package version, the git commit (None where
it could not be known) and ``files``, the SHA-256 of the package's code files
(:func:`audit.core.provenance.code_files`), which `audit verify` compares like with like.
A manifest that cannot be read as one is an :class:`InvalidManifest` naming the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.core.errors import InputError, Problem
from audit.core.provenance import code_files, code_version, sha256_file

if TYPE_CHECKING:
    from audit.core.params import Params
    from audit.core.provenance import Source

MANIFEST = "manifest.json"


def build_manifest(
    params: Params, folder: Path, inputs: list[Source], fingerprint: str | None = None
) -> dict[str, Any]:
    """The manifest of a finished year folder (every file in it except the manifest itself).

    `inputs` are what the year was made from, with the SHA-256 of the bytes that were read;
    `fingerprint` is that of everything the pages depend on (:mod:`audit.pipeline.fresh`).
    """
    manifest: dict[str, Any] = {
        "year": params.year,
        "inputs": [{"role": s.role, "path": s.path, "sha256": s.sha256} for s in inputs],
        "code": {**code_version(params), "files": code_files()},
        "outputs": {p.name: sha256_file(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != MANIFEST},
    }
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        manifest["source_date"] = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    if fingerprint is not None:
        manifest["fingerprint"] = fingerprint
    return manifest


def write_manifest(params: Params, folder: Path, inputs: list[Source], fingerprint: str | None = None) -> None:
    """Write manifest.json into a year folder."""
    text = json.dumps(build_manifest(params, folder, inputs, fingerprint), ensure_ascii=False, indent=2) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


class InvalidManifest(InputError, ValueError):
    """A manifest.json that is not one: unreadable, not JSON, or without what every manifest has."""


def _invalid(path: Path, found: str | None, expected: str, expected_zh: str) -> InvalidManifest:
    return InvalidManifest([Problem(str(path), None, None, found, expected, expected_zh)])


def _sha_map(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _input_list(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(i, dict) and all(isinstance(i.get(k), str) for k in ("role", "path", "sha256")) for i in value
    )


# what each key of a manifest holds; `audit run` writes them all
_VALID = {
    "year": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "inputs": _input_list,
    "outputs": _sha_map,
    "code": lambda v: isinstance(v, dict) and "package" in v and "commit" in v,
}
EVERY_KEY = tuple(_VALID)


def read_manifest(folder: Path, needs: tuple[str, ...] = ("outputs",)) -> dict[str, Any]:
    """Read a year folder's manifest.json: InvalidManifest, naming the file, where it is no JSON object,
    a key of it holds what no manifest holds, or a key in `needs` is missing."""
    path = folder / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:  # no report at all: each caller says what that means for it
        raise
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise _invalid(
            path,
            reason,
            "a readable UTF-8 manifest.json as `audit run` writes it",
            "`audit run` 写出的、可读取的 UTF-8 编码 manifest.json",
        ) from exc
    try:
        manifest = json.loads(text)
    except ValueError as exc:
        raise _invalid(
            path,
            f"line {exc.lineno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else str(exc),
            "JSON as `audit run` writes it (the file is damaged or truncated: run the year again)",
            "`audit run` 写出的 JSON（文件已损坏或不完整：请重新运行该年度）",
        ) from exc
    if not isinstance(manifest, dict):
        raise _invalid(
            path, type(manifest).__name__, "a JSON object as `audit run` writes it", "`audit run` 写出的 JSON 对象"
        )
    wrong = [key for key, valid in _VALID.items() if key in needs + tuple(manifest) and not valid(manifest.get(key))]
    if wrong:
        raise InvalidManifest(
            Problem(
                str(path),
                None,
                key,
                "missing" if key not in manifest else repr(manifest[key])[:60],
                f"`{key}` as `audit run` writes it (run the year again)",
                f"`audit run` 写出的 `{key}`（请重新运行该年度）",
            )
            for key in wrong
        )
    return manifest
