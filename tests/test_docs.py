"""The user documentation (docs/) is true to the code, and ships in the wheel.

Every doc is Chinese first, then English after a ``## English`` heading; each half is checked on
its own, so neither language falls behind. What is taken from the code, never written down here:

- params.md: every key of the params model (walked recursively: each audit's settings block,
  ``definitions:``, ``calendar:``, ``thresholds:``…), as a bullet ``- `key` — …`` for every key
  that holds a value, with its default, its allowed values and whether it is required;
- registers.md: every column of every register, in its register's section, as a table row with
  its Chinese header and aliases, its type, required or optional, personal data marked; every
  allowed value of a category; no row for a column that does not exist;
- metrics.md: every key of every audit's block of metrics.json (computed from the sample years),
  nested names too, and every declared metric with its label;
- commands.md: every subcommand of the parser with every option, an example and its exit status;
- reports.md: every report page and the files a year folder holds;
- the other way round: no key, column, metric, command or option documented that the code lacks;
- every ``docs/…`` path that a message or docstring under src/audit/ names exists, and none names
  the design folder's spec files, which auditors do not have;
- a wheel built from this tree holds every doc as ``audit/docs/<page>``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import typing
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from audit.audits import AUDITS, REGISTRY
from audit.core.params import Params, params_model

from conftest import PARAMS_FILES, ROOT

DOCS = ROOT / "docs"
PAGES = ("README.md", "params.md", "registers.md", "metrics.md", "commands.md", "reports.md")
ENGLISH = "\n## English\n"
LANGUAGES = ("zh", "en")
# The audits this package documents: the registry's own (an office's AUDIT_EXTRA_AUDITS are not)
BUILT_IN = tuple(a for a in AUDITS if a.package in REGISTRY)
MODEL = params_model(BUILT_IN)

REQUIRED = {"zh": "必填", "en": "required"}
OPTIONAL = {"zh": "选填", "en": "optional"}
PRIVATE = {"zh": "个人信息", "en": "personal data"}
KIND = {
    "zh": {
        "text": "文本",
        "date": "日期",
        "category": "类别",
        "flag": "是/否",
        "number": "数字",
        "integer": "整数",
        "list": "多项",
    },
    "en": {
        "text": "text",
        "date": "date",
        "category": "category",
        "flag": "yes/no",
        "number": "number",
        "integer": "whole number",
        "list": "list",
    },
}
EXIT_STATUS = {"zh": "退出码", "en": "Exit status"}


# ---- reading the docs ------------------------------------------------------------------------


def halves(page: str) -> dict[str, str]:
    """A doc's Chinese part and its English part."""
    text = (DOCS / page).read_text(encoding="utf-8")
    assert text.count(ENGLISH) == 1, f"docs/{page}: one '## English' heading, after the Chinese part"
    zh, en = text.split(ENGLISH)
    return {"zh": zh, "en": ENGLISH + en}


def _headings(text: str) -> list[tuple[int, int, str]]:
    """(offset, level, title) of the Markdown headings of `text`, those inside code blocks left out."""
    found, fenced, offset = [], False, 0
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"(#{1,6}) (.*)", line)):
            found.append((offset, len(match.group(1)), match.group(2)))
        offset += len(line)
    return found


def section(text: str, marker: str, page: str) -> str:
    """The part of `text` under the first heading naming `marker`, up to the next heading of its level or above."""
    headings = _headings(text)
    for i, (start, level, title) in enumerate(headings):
        if marker in title:
            end = next((s for s, lv, _ in headings[i + 1 :] if lv <= level), len(text))
            return text[start:end]
    pytest.fail(f"docs/{page}: no heading names {marker}")


def spans(text: str) -> list[str]:
    """The code spans (`…`) of `text`."""
    return re.findall(r"`([^`\n]+)`", text)


def tokens(text: str) -> set[str]:
    """Every name written inside the code spans of `text` (``by_unit[].mean_score`` gives by_unit and mean_score)."""
    return {part for span in spans(text) for part in re.split(r"\W+", span) if part}


def entry(text: str, pattern: str) -> str | None:
    """The bullet ``- `key` — …`` whose key matches `pattern`, up to the next bullet, heading or blank line."""
    match = re.search(rf"^- `(?:{pattern})`.*?(?=\n- |\n#|\n\n|\Z)", text, re.M | re.S)
    return match.group(0) if match else None


# ---- params.md -------------------------------------------------------------------------------


class Key(typing.NamedTuple):
    """One key of the params model: its path (None for a name the user chooses), its field, whether it is a block."""

    path: tuple[str | None, ...]
    field: FieldInfo
    block: bool

    @property
    def shown(self) -> str:
        return ".".join("<name>" if part is None else part for part in self.path)

    def pattern(self) -> str:
        """The key as the doc may write it: a name the user chooses, or any part but the first and last, as ``<…>``."""
        placeholder = r"<[^>`]+>"
        parts = []
        for i, part in enumerate(self.path):
            if part is None:
                parts.append(placeholder)
            elif i in (0, len(self.path) - 1):
                parts.append(re.escape(part))
            else:
                parts.append(f"(?:{re.escape(part)}|{placeholder})")
        return r"\.".join(parts)


def _args(annotation: Any) -> Iterator[Any]:
    """`annotation` and everything inside it (Optional, unions, Annotated, containers)."""
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _args(arg)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    return next((a for a in _args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)), None)


def params_keys(model: type[BaseModel], prefix: tuple[str | None, ...] = ()) -> Iterator[Key]:
    """Every key the params model accepts: ``a.b`` nested, ``a[].b`` in a list of blocks, ``a.<…>.b`` in a mapping."""
    for name, field in model.model_fields.items():
        if field.exclude:  # not part of the YAML (where the file was read from)
            continue
        inner = _model_in(field.annotation)
        yield Key((*prefix, name), field, inner is not None)
        if inner is None:
            continue
        origin = typing.get_origin(field.annotation)
        if origin is dict:
            yield from params_keys(inner, (*prefix, name, None))
        elif origin is tuple:
            yield from params_keys(inner, (*prefix, f"{name}[]"))
        else:
            yield from params_keys(inner, (*prefix, name))


def shown(value: Any) -> list[str]:
    """How a default value is written in the doc: every scalar in it (an empty list or mapping as [] or {})."""
    if value is None:
        return []
    if isinstance(value, BaseModel):
        return shown(value.model_dump(mode="json"))
    if isinstance(value, dict):
        return ["{}"] if not value else [w for k, v in value.items() for w in (str(k), *shown(v))]
    if isinstance(value, (list, tuple)):
        return ["[]"] if not value else [w for v in value for w in shown(v)]
    if isinstance(value, float):
        return [f"{value:g}"]
    return [str(value)]


def literals(annotation: Any) -> list[str]:
    """The values a Literal inside `annotation` allows."""
    return [str(v) for a in _args(annotation) if typing.get_origin(a) is typing.Literal for v in typing.get_args(a)]


KEYS = list(params_keys(MODEL))


def test_the_params_walk_sees_every_block():
    """The walk reaches each audit's settings, definitions, the calendar and what every year has."""
    walked = {k.path[0] for k in KEYS}
    assert {"year", "language", "registers", "definitions", "calendar", "thresholds", "reported"} <= walked
    assert {a.key for a in BUILT_IN if a.settings} <= walked
    assert set(MODEL.model_fields) - {"source", "digest"} <= walked


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", KEYS, ids=[k.shown for k in KEYS])
def test_every_params_key_is_documented(key: Key, language: str):
    text = halves("params.md")[language]
    pattern = re.compile(rf"{key.pattern()}:?")
    assert any(pattern.fullmatch(span) for span in spans(text)), f"docs/params.md ({language}) never names {key.shown}"
    found = entry(text, key.pattern())
    if found is None:
        assert key.block, f"docs/params.md ({language}): no entry '- `{key.shown}` — …'"
        return
    if key.field.is_required():
        expected = [REQUIRED[language]]
    else:
        expected = shown(key.field.get_default(call_default_factory=True))
    expected += literals(key.field.annotation)
    missing = [word for word in expected if word not in found]
    assert not missing, f"docs/params.md ({language}), {key.shown}: the entry does not say {missing}:\n{found}"


def test_the_yaml_examples_of_params_md_are_valid_params():
    """Each example validates (a fragment without ``year`` is taken as a block of a year's file)."""
    import yaml

    examples = re.findall(r"```yaml\n(.*?)```", (DOCS / "params.md").read_text(encoding="utf-8"), re.S)
    assert examples
    for example in examples:
        data = yaml.safe_load(example)
        MODEL.model_validate(data if "year" in data else {"year": 2020, "registers": {}, **data})


def test_params_md_documents_no_key_that_does_not_exist():
    written = re.findall(r"^- `([^`]+)`", (DOCS / "params.md").read_text(encoding="utf-8"), re.M)
    assert written
    unknown = [w for w in written if not any(re.fullmatch(k.pattern(), w) for k in KEYS)]
    assert not unknown, f"docs/params.md documents keys the params model does not have: {unknown}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_thresholds_entry_names_every_metric_that_takes_one(language: str):
    found = entry(halves("params.md")[language], "thresholds")
    assert found is not None
    ranked = [m.key for a in BUILT_IN for m in a.metrics if m.headline and m.direction in ("higher", "lower")]
    assert ranked
    assert not [k for k in ranked if f"`{k}`" not in found], "docs/params.md: thresholds: metrics missing"


# ---- registers.md ----------------------------------------------------------------------------


def _roles() -> dict[str, Any]:
    from audit.audits import shared_roles

    roles: dict[str, Any] = {}
    for audit in BUILT_IN:
        for role in audit.registers:
            roles.setdefault(role.key, role)
    for role in shared_roles():  # the list of units, the findings, the rectification ledger
        roles.setdefault(role.key, role)
    return roles


ROLES = _roles()
DEFAULT_PARAMS = Params.model_validate({"year": 2020, "registers": {}})


def _table_rows(text: str) -> dict[str, list[str]]:
    """The rows of the column tables in `text` (five cells, the first a code span), by that name."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("| `") else []
        if len(cells) >= 5 and (name := re.fullmatch(r"`([^`]+)`", cells[0])):
            rows[name.group(1)] = cells
    return rows


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", list(ROLES))
def test_every_register_column_is_documented(key: str, language: str):
    schema = ROLES[key].schema(DEFAULT_PARAMS)
    text = section(halves("registers.md")[language], f"`{key}`", "registers.md")
    title = schema.title_zh if language == "zh" else schema.title_en
    assert title in text.splitlines()[0], f"docs/registers.md ({language}): the section of {key} is not titled {title}"
    rows = _table_rows(text)
    assert set(rows) == {c.name for c in schema.columns}, (
        f"docs/registers.md ({language}), {key}: columns documented {sorted(rows)}, "
        f"in the schema {[c.name for c in schema.columns]}"
    )
    for column in schema.columns:
        name, header, kind, required, *notes = rows[column.name]
        where = f"docs/registers.md ({language}), {key}.{column.name}"
        assert column.zh in header and all(a in header for a in column.zh_aliases), f"{where}: header {header!r}"
        assert KIND[language][column.kind] in kind, f"{where}: type {kind!r}, is {column.kind}"
        assert required == (REQUIRED if column.required else OPTIONAL)[language], f"{where}: {required!r}"
        assert column.private == (PRIVATE[language] in " ".join(notes)), f"{where}: personal data or not"
        for choice in column.choices:
            labels = [*choice.zh, choice.en] if language == "en" else list(choice.zh)
            assert f"`{choice.code}`" in text, f"{where}: allowed value {choice.code} not listed"
            assert all(label in text for label in labels), f"{where}: the labels of {choice.code}: {labels}"


def test_the_sample_files_the_docs_name_exist():
    named = set(re.findall(r"data/sample/[\w/.\-]+\.\w+", (DOCS / "registers.md").read_text(encoding="utf-8")))
    assert named
    assert not [p for p in named if not (ROOT / p).is_file()]


# ---- metrics.md ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def metrics() -> list[dict[str, Any]]:
    """metrics.json of every sample year, as a run computes it."""
    from audit.core.metrics import compute_all
    from audit.core.params import load_params
    from audit.registers import load_registers

    years = []
    for path in PARAMS_FILES:
        params = load_params(path)
        years.append(compute_all(load_registers(params), params))
    return years


def names(value: Any) -> set[str]:
    """Every key of the mappings inside `value`, at any depth (in lists too)."""
    if isinstance(value, dict):
        return {str(k) for k in value} | {n for v in value.values() for n in names(v)}
    if isinstance(value, list):
        return {n for v in value for n in names(v)}
    return set()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("audit", BUILT_IN, ids=[a.key for a in BUILT_IN])
def test_every_metric_of_an_audit_is_documented(audit, language: str, metrics: list[dict[str, Any]]):
    blocks = [year[audit.key] for year in metrics if audit.key in year]
    assert blocks, f"no sample year (params/*.yaml) runs {audit.key}: its metrics cannot be checked"
    text = section(halves("metrics.md")[language], f"`{audit.key}`", "metrics.md")
    written = spans(text)
    top = {k for block in blocks for k in block}
    missing = [k for k in sorted(top) if not any(re.match(rf"{audit.key}\.{re.escape(k)}(?!\w)", s) for s in written)]
    assert not missing, f"docs/metrics.md ({language}): {audit.key} keys not documented: {missing}"
    nested = {n for block in blocks for v in block.values() for n in names(v)}
    assert not sorted(nested - tokens(text)), f"docs/metrics.md ({language}), {audit.key}: nested keys not named"
    for spec in audit.metrics:
        found = entry(text, re.escape(spec.key))
        assert found is not None, f"docs/metrics.md ({language}): no entry '- `{spec.key}` — …'"
        assert spec.label[language] in found, f"docs/metrics.md ({language}), {spec.key}: label {spec.label[language]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rest_of_metrics_json_is_documented(language: str, metrics: list[dict[str, Any]]):
    text = halves("metrics.md")[language]
    audits = {a.key for a in AUDITS}
    rest = {k: v for year in metrics for k, v in year.items() if k not in audits}
    assert {"year", "definitions", "claims"} <= set(rest)
    assert not [k for k in rest if f"`{k}`" not in text]
    assert not sorted({n for v in rest.values() for n in names(v)} - tokens(text))


def test_metrics_md_documents_no_metric_that_does_not_exist(metrics: list[dict[str, Any]]):
    blocks: dict[str, set[str]] = {}
    for year in metrics:
        for key, value in year.items():
            blocks.setdefault(key, set()).update(value if isinstance(value, dict) else ())
    audits = {a.key for a in AUDITS}
    unknown = []
    for written in re.findall(r"^- `([^`]+)`", (DOCS / "metrics.md").read_text(encoding="utf-8"), re.M):
        top, *rest = re.split(r"[.\[]", written)
        if top not in blocks or (top in audits and (not rest or rest[0] not in blocks[top])):
            unknown.append(written)
    assert not unknown, f"docs/metrics.md documents keys metrics.json does not have: {unknown}"


# ---- commands.md -----------------------------------------------------------------------------


def _subcommands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ("audit",)):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from _subcommands(sub, (*path, name))


def _parser() -> argparse.ArgumentParser:
    from audit.cli import build_parser

    return build_parser()


COMMANDS = [(" ".join(p), sub) for p, sub in _subcommands(_parser())]


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))]


def _named(option: str, text: str) -> bool:
    return any(re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", s) for s in spans(text))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("command", "parser"), COMMANDS, ids=[c for c, _ in COMMANDS])
def test_every_command_and_option_is_documented(command: str, parser: argparse.ArgumentParser, language: str):
    page = halves("commands.md")[language]
    text = section(page, f"`{command}`", "commands.md")
    for action in _options(parser):
        for option in action.option_strings or [action.dest]:
            assert _named(option, text), f"docs/commands.md ({language}), {command}: {option} not documented"
        missing = [str(c) for c in action.choices or () if f"`{c}`" not in page and not _named(str(c), page)]
        assert not missing, f"docs/commands.md ({language}), {command} {action.option_strings}: choices {missing}"
    leaf = not any(isinstance(a, argparse._SubParsersAction) for a in parser._actions)
    if leaf:
        blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
        assert any(command in b for b in blocks), f"docs/commands.md ({language}): no example of {command}"
        assert EXIT_STATUS[language] in text, f"docs/commands.md ({language}), {command}: exit status not given"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_commands_own_options_are_documented(language: str):
    page = halves("commands.md")[language]
    options = [o for a in _options(_parser()) for o in a.option_strings]
    assert not [o for o in options if not _named(o, page)], f"docs/commands.md ({language}): audit's own options"


def test_no_option_is_documented_that_does_not_exist():
    def every(parser: argparse.ArgumentParser) -> set[str]:
        return {o for a in parser._actions for o in a.option_strings} | {
            o for _, sub in _subcommands(parser) for a in sub._actions for o in a.option_strings
        }

    known = every(_parser())
    written = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", " ".join(spans((DOCS / "commands.md").read_text("utf-8")))))
    assert not written - known, f"docs/commands.md documents options the command does not have: {written - known}"


def test_no_section_documents_a_command_that_does_not_exist():
    documented = set(re.findall(r"^#+ .*?`(audit [a-z -]+?)`", (DOCS / "commands.md").read_text("utf-8"), re.M))
    assert documented <= {c for c, _ in COMMANDS}


# ---- reports.md ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_report_page_is_described(language: str):
    from audit.pipeline.manifest import MANIFEST
    from audit.pipeline.runlog import LOG_NAME

    text = halves("reports.md")[language]
    for audit in BUILT_IN:
        assert f"`{audit.notebook}.html`" in text, f"docs/reports.md ({language}): {audit.notebook}.html"
        assert audit.title[language] in text, f"docs/reports.md ({language}): {audit.title[language]}"
    for name in ("summary.html", "index.html", "metrics.json", MANIFEST, LOG_NAME):
        assert f"`{name}`" in text, f"docs/reports.md ({language}): {name}"


# ---- the docs named in the code --------------------------------------------------------------


def _sources() -> Iterator[tuple[Path, str]]:
    for path in sorted((ROOT / "src" / "audit").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".ipynb", ".j2", ".json", ".css"}:
            yield path, path.read_text(encoding="utf-8")


def test_every_doc_the_code_names_exists():
    named = {}
    for path, text in _sources():
        for rest in re.findall(r"(?<![\w/.\-])docs/([\w\-./]*)", text):
            named.setdefault(rest.rstrip("."), path.relative_to(ROOT).as_posix())
    assert "params.md" in named, "the params errors point to docs/params.md"
    missing = {f"docs/{rest}": where for rest, where in named.items() if not (DOCS / rest).exists()}
    assert not missing, f"documentation named in the code that does not exist: {missing}"


def test_the_code_names_no_spec_file_of_the_design_folder():
    pattern = re.compile(r"\bspec/|\b(?:PARAMS|REGISTERS|METRICS)\.md\b")
    found = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p, text in _sources() for m in pattern.finditer(text)]
    assert not found, f"point these to docs/ instead: {found}"


def test_every_doc_is_in_the_index():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    assert set(PAGES) == {p.name for p in DOCS.glob("*.md")}
    assert not [p for p in PAGES[1:] if index.count(f"]({p})") < 2], "docs/README.md links every page in both parts"


@pytest.mark.parametrize("page", PAGES)
def test_links_between_docs_resolve(page: str):
    text = (DOCS / page).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
        assert (DOCS / target).exists(), f"docs/{page} links to {target}, which does not exist"


# ---- the wheel -------------------------------------------------------------------------------


def _index_reachable() -> bool:
    import socket

    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package built as a wheel from this source tree (pip, with hatchling from the index)."""
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv", "outputs", "tests", "benchmarks", "*_cache", ".hypothesis"),
    )
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(folder), str(source)],
        capture_output=True,
        text=True,
    )
    if built.returncode != 0 and not _index_reachable():  # pip fetches hatchling, the build backend, from the index
        pytest.skip("the package index is not reachable and pip has no hatchling cached: no wheel can be built")
    assert built.returncode == 0, f"pip wheel failed:\n{built.stdout}\n{built.stderr}"
    (found,) = folder.glob("audit-*.whl")
    return found


def test_the_wheel_ships_the_docs(wheel: Path):
    """pyproject.toml's [tool.hatch.build.targets.wheel.force-include] puts docs/ into the package as audit/docs/."""
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
        missing = [f"audit/docs/{page}" for page in PAGES if f"audit/docs/{page}" not in shipped]
        assert not missing, f"{wheel.name} lacks {missing}"
        for page in PAGES:
            assert archive.read(f"audit/docs/{page}") == (DOCS / page).read_bytes(), f"audit/docs/{page} differs"
