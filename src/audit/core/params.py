"""The params file of one audited year (docs/params.md).

The model is built from the registry of audits: ``registers:`` has a key per register role,
each audit with settings has its block (``<audit>:``), and ``definitions:`` a block per
audit that defines rates; what every year has besides (year, language, as-of date, rounding,
thresholds, published figures) is declared here.

`load_params(path)` reads the YAML, validates it with pydantic (unknown keys are errors, so a
typo such as ``regsiters`` is caught) and resolves register paths against the params file's
own folder. Every problem becomes a :class:`~audit.core.errors.Problem` naming the file and the
dotted key, and all of them are raised together as one :class:`~audit.core.errors.InputError`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import functools
import hashlib
import math
import os
import re
import stat
import typing
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    NonNegativeInt,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from audit.core.calendar import Calendar
from audit.core.errors import InputError, Problem
from audit.core.model import RuleError, Strict
from audit.core.numbers import Rounding

if TYPE_CHECKING:
    from audit.audits.spec import Audit

# What a params file may cost (docs/params.md, "Bounds"): a file past one of these is refused with the bound named,
# before it can take the memory or the time it asks for.
MAX_PARAMS_BYTES = 1_000_000  # a params file is a few kilobytes; a megabyte is no params file
MAX_YAML_DEPTH = 32  # mappings and lists inside one another; the params nest 4 deep
MAX_YAML_NODES = 100_000  # values once every alias is expanded (a "billion laughs" of 1.7 KB expands to 10^9)
MAX_PARAMS_NUMBER = 10_000  # any number but a published figure: no limit in days, target, score or hours nears it
MAX_REPORTED = 10**12  # a published figure: a count or a percent, far below a trillion
MAX_REPORTED_DECIMALS = 6  # decimals of a published figure (26.67%: 2)
MAX_PERCENT_DECIMALS = 6  # definitions.percent_decimals


class RegisterRef(Strict):
    """Where a register lives: a file, and for Excel optionally the sheet.

    A path may be written with Windows' backslashes (``..\\data\\2020\\登记表.xlsx``) or with
    forward slashes; either reads the same on every OS, so a params file written on a bureau PC
    runs unchanged on Linux.
    """

    path: Path
    sheet: str | None = None

    @field_validator("path", mode="before")
    @classmethod
    def _either_slash(cls, value: object) -> object:
        if isinstance(value, str) and "\\" in value:
            return PureWindowsPath(value).as_posix()
        return value


class RegistersBase(Strict):
    """The registers of the year; any subset (an absent register skips its audit)."""

    @model_validator(mode="before")
    @classmethod
    def _paths_as_refs(cls, data: object) -> object:
        if isinstance(data, dict):
            return {k: ({"path": v} if isinstance(v, str) else v) for k, v in data.items()}
        return data

    def present(self) -> dict[str, RegisterRef]:
        """The registers given, by key, in the registry's order."""
        return {k: getattr(self, k) for k in type(self).model_fields if getattr(self, k) is not None}


class Threshold(Strict):
    """Red/amber/green limits of one headline metric (see audit.core.headlines for how they apply)."""

    green: float
    amber: float


def _check_thresholds(thresholds: dict[str, Threshold]) -> dict[str, Threshold]:
    from audit.audits import headlines

    ranked = {h.key: h for h in headlines() if h.direction in ("higher", "lower")}
    for key, limits in thresholds.items():
        if key not in ranked:
            raise RuleError(
                f"{key!r} is not a headline metric with a threshold; choose from {sorted(ranked)}",
                f"可设阈值的主要指标之一：{'、'.join(sorted(ranked))}（{key} 不是）",
            )
        higher = ranked[key].direction == "higher"
        if (limits.green < limits.amber) if higher else (limits.green > limits.amber):
            word = "at least" if higher else "at most"
            raise RuleError(
                f"{key}: green must be {word} amber ({ranked[key].direction} is better)",
                f"{key}：green（绿）{'不低于' if higher else '不高于'} amber（黄）"
                f"（该指标{'越高越好' if higher else '越低越好'}）",
            )
    return thresholds


class CalendarParams(Strict):
    """Days the holiday calendar does not know, or knows otherwise (``calendar:``; see audit.core.calendar).

    `holidays` are rest days that are not weekends, `workdays` weekend days that are working days
    (调休), as the State Council's notice for the year lists them. A year with any day listed is
    known: its other days follow the week.
    """

    holidays: tuple[dt.date, ...] = ()
    workdays: tuple[dt.date, ...] = ()

    def calendar(self) -> Calendar:
        """The working calendar: the State Council's arrangements, with these days added."""
        return _calendar(self.holidays, self.workdays)


@functools.lru_cache(maxsize=8)
def _calendar(holidays: tuple[dt.date, ...], workdays: tuple[dt.date, ...]) -> Calendar:
    return Calendar(holidays, workdays)


class Jurisdiction(Strict):
    """The district or county a year's audit is of: its code and its name (``jurisdiction:`` in params).

    The code names its folders (``params/<code>/<year>.yaml``, ``outputs/<code>/<year>/``): the
    administrative division code (行政区划代码, GB/T 2260) is the natural choice; any short name of
    letters, digits, ``-`` or ``_`` will do.
    """

    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    name: str = Field(min_length=1, max_length=60)


class ParamsBase(Strict):
    """One audited year. Register paths are resolved against the params file's folder.

    The registry's audits add the fields ``registers``, their settings blocks and
    ``definitions`` (:func:`params_model`); a block is read as an attribute (``params.training``).
    """

    year: int = Field(ge=1990, le=2100)
    language: Literal["zh", "en"] = "zh"
    audit_date: dt.date | None = None
    # what each page is written as besides HTML: "pdf" prints it too (audit.documents.pdf; `audit run --pdf`)
    formats: tuple[Literal["html", "pdf"], ...] = ("html",)
    # whose audit it is; required where params live in params/<jurisdiction>/ (audit.pipeline.jurisdictions)
    jurisdiction: Jurisdiction | None = None

    if TYPE_CHECKING:  # the fields params_model adds, as the type checker sees them
        registers: RegistersBase
        definitions: Any
        calendar: CalendarParams
        thresholds: dict[str, Threshold]
        reported: dict[str, str | int | float]
        source: Path | None
        digest: str | None

        def __getattr__(self, name: str) -> Any: ...

    @model_validator(mode="after")
    def _as_of_in_the_year(self) -> ParamsBase:
        if self.audit_date is not None and self.audit_date.year != self.year:
            raise RuleError(
                f"audit_date {self.audit_date} is not in {self.year}: the as-of date of an audit is a day of its year",
                f"audit_date（截止日）应为 {self.year} 年内的日期（现为 {self.audit_date}）",
                key="audit_date",
            )
        return self

    @property
    def as_of(self) -> dt.date:
        """The audit's "as of" date: `audit_date`, or 31 December of the year."""
        return self.audit_date or dt.date(self.year, 12, 31)

    @property
    def base_dir(self) -> Path:
        """The folder register paths are relative to."""
        return self.source.parent if self.source else Path.cwd()

    def register_path(self, key: str) -> Path | None:
        """Absolute path of a register, or None where the year has none."""
        ref = getattr(self.registers, key, None)
        return None if ref is None else (self.base_dir / ref.path).resolve()

    def register_sheet(self, key: str) -> str | None:
        """The Excel sheet named for a register, if any."""
        ref = getattr(self.registers, key, None)
        return None if ref is None else ref.sheet


def params_model(audits: tuple[Audit, ...]) -> type[ParamsBase]:
    """The params model of a registry of audits (the module's `Params` is that of the package's registry)."""
    from audit.audits import shared_roles

    roles: dict[str, None] = {}
    for audit in audits:
        roles.update({role.key: None for role in audit.registers})
    roles.update({role.key: None for role in shared_roles()})
    register_fields: dict[str, Any] = {key: (RegisterRef | None, None) for key in roles}
    registers: Any = create_model("Registers", __base__=RegistersBase, __module__=__name__, **register_fields)
    definitions_fields: dict[str, Any] = {a.key: (a.definitions, a.definitions()) for a in audits if a.definitions}
    definitions_fields.update(
        rounding=(Rounding, "half_up"),
        percent_decimals=(Annotated[NonNegativeInt, Field(le=MAX_PERCENT_DECIMALS)], 2),
    )
    definitions: Any = create_model(
        "Definitions",
        __base__=Strict,
        __module__=__name__,
        __doc__="Rate definitions and the rounding rule used wherever a rate is displayed or compared.",
        **definitions_fields,
    )
    fields: dict[str, Any] = {"registers": (registers, ...)}
    fields.update({a.key: (a.settings, a.settings()) for a in audits if a.settings})
    fields.update(
        definitions=(definitions, definitions()),
        calendar=(CalendarParams, CalendarParams()),
        thresholds=(Annotated[dict[str, Threshold], AfterValidator(_check_thresholds)], Field(default_factory=dict)),
        reported=(dict[str, StrictStr | StrictInt | StrictFloat], Field(default_factory=dict)),
        # Not part of the YAML: where the file was read from, and the SHA-256 of the bytes read.
        source=(Path | None, Field(default=None, exclude=True)),
        digest=(str | None, Field(default=None, exclude=True)),
    )
    return create_model("Params", __base__=ParamsBase, __module__=__name__, **fields)


def _registry_model() -> type[ParamsBase]:
    from audit.audits import AUDITS

    return params_model(AUDITS)


if TYPE_CHECKING:
    Params = ParamsBase
else:
    Params = _registry_model()
    # pickle finds the models by these names (the pipeline hands a year's params to its kernels)
    Registers = Params.model_fields["registers"].annotation
    Definitions = Params.model_fields["definitions"].annotation


def _dotted(loc: tuple) -> str:
    return ".".join(str(p) for p in loc)


# pydantic reports a value that matches no member of a union (``str | int | float``) once per
# member, with the member's type as the last part of the location; these are reported once.
# member type -> (English, Chinese)
_UNION_MEMBERS = {
    "str": ("text", "文本"),
    "int": ("a whole number", "整数"),
    "float": ("a number", "数字"),
    "bool": ("true/false", "true/false（是/否）"),
}


def _merge_unions(errors: list[dict]) -> list[dict]:
    merged: dict[tuple, dict] = {}
    out: list[dict] = []
    for e in errors:
        loc = tuple(e["loc"])
        if len(loc) > 1 and loc[-1] in _UNION_MEMBERS and e["type"].endswith("_type"):
            first = merged.get(loc[:-1])
            if first is None:
                first = merged[loc[:-1]] = {**e, "loc": loc[:-1], "type": "union", "members": []}
                out.append(first)
            first["members"].append(_UNION_MEMBERS[loc[-1]])
        else:
            out.append(e)
    for e in merged.values():
        e["msg"] = " or ".join(en for en, _ in e["members"])
    return out


def _number(value: float) -> str:
    return f"{value:g}"


def _literals(e: dict) -> str:
    """The allowed values of a literal error, as pydantic lists them ("'zh' or 'en'"), joined with 、."""
    expected = e["ctx"]["expected"]
    return "、".join(re.findall(r"'([^']*)'", expected)) or expected


def _either_zh(words: list[str]) -> str:
    """Alternatives in Chinese: 文本、整数或数字."""
    return "、".join(words[:-1]) + "或" + words[-1] if len(words) > 1 else words[0]


def _rule_zh(e: dict) -> str:
    error = e.get("ctx", {}).get("error")
    return error.zh if isinstance(error, RuleError) else _unforeseen_zh(e)


def _unforeseen_zh(e: dict) -> str:
    """The Chinese of an error type the table below does not know: pydantic's English, wrapped."""
    return f"有效的取值（{e['msg'].removeprefix('Value error, ')}）"


# The Chinese expectation of every pydantic error type the Params model can give (a test makes
# each of them); "union" is a value that matched no member of a union (see _merge_unions).
ERRORS_ZH: dict[str, Callable[[dict], str]] = {
    "missing": lambda e: "必填项：缺少此项",
    "extra_forbidden": lambda e: "无此参数项（请核对拼写；见 docs/params.md）",
    "invalid_key": lambda e: "文本形式的参数名",
    "int_parsing": lambda e: "整数",
    "int_type": lambda e: "整数",
    "int_from_float": lambda e: "整数（不带小数）",
    "float_parsing": lambda e: "数字",
    "float_type": lambda e: "数字",
    "string_type": lambda e: "文本",
    "path_type": lambda e: "文件路径（文本）",
    "date_type": lambda e: "日期，如 2020-12-31",
    "date_from_datetime_parsing": lambda e: "日期，如 2020-12-31",
    "date_from_datetime_inexact": lambda e: "日期（不含时间），如 2020-12-31",
    "literal_error": lambda e: f"下列值之一：{_literals(e)}",
    "greater_than": lambda e: f"大于 {_number(e['ctx']['gt'])}",
    "greater_than_equal": lambda e: f"不小于 {_number(e['ctx']['ge'])}",
    "less_than_equal": lambda e: f"不大于 {_number(e['ctx']['le'])}",
    "dict_type": lambda e: "YAML 键值对（见 docs/params.md）",
    "model_type": lambda e: "YAML 键值对（见 docs/params.md）",
    "tuple_type": lambda e: "YAML 列表（每项以 - 开头）",
    "union": lambda e: _either_zh([zh for _, zh in e["members"]]),
    "value_error": _rule_zh,
}


def _expected(e: dict) -> tuple[str, str]:
    """What one pydantic error expected: English (pydantic's words, or ours) and Chinese."""
    if e["type"] == "extra_forbidden":
        expected = "no such key (check the spelling; see docs/params.md)"
    elif e["type"] == "missing":
        expected = "a required key that is missing"
    else:
        expected = e["msg"].removeprefix("Value error, ")
    return expected, ERRORS_ZH.get(e["type"], _unforeseen_zh)(e)


def _problems_from(error: ValidationError, file: str, lines: dict[str, int]) -> list[Problem]:
    problems = []
    for e in _merge_unions(cast(list[dict], error.errors())):
        key = _dotted(e["loc"])
        value = None if e["type"] == "missing" else _short(e.get("input"))
        rule = e.get("ctx", {}).get("error")
        if isinstance(rule, RuleError) and rule.key is not None:  # a rule over the whole model, about one key
            key = f"{key}.{rule.key}" if key else rule.key
            value = _short(e.get("input", {}).get(rule.key)) if isinstance(e.get("input"), dict) else None
        problems.append(Problem(file, lines.get(key), key or "(top level)", value, *_expected(e)))
    return problems


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _key_lines(text: str) -> dict[str, int]:
    """Line numbers of dotted keys in a YAML document (for pointing at the right line)."""
    lines: dict[str, int] = {}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return lines

    def walk(node: yaml.Node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = f"{prefix}.{k.value}" if prefix else str(k.value)
                lines[key] = k.start_mark.line + 1
                walk(v, key)

    if root is not None:
        walk(root, "")
    return lines


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, noting every key a mapping gives twice (PyYAML keeps the last in silence)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int]] = []  # dotted key, its line, the line first given

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue  # a list or mapping as a key is PyYAML's own error; a merge (<<) may give a key again
            key = self.construct_object(key_node)  # as the mapping holds it: 1 and 01, true and yes are one key
            line = key_node.start_mark.line + 1
            try:
                first = seen.get(key)
            except TypeError:  # unhashable: PyYAML says so below
                continue
            if first is not None:
                self.duplicates.append((str(key), line, first))
            else:
                seen[key] = line
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> dt.date | dt.datetime:
        """A date as written, or an error at its line where no such day exists (2020-02-30)."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise _NoSuchDate(node.value, str(exc), node.start_mark) from None


class _NoSuchDate(yaml.constructor.ConstructorError):
    """A date in the params that no calendar has (2020-02-30, 2020-13-01)."""

    def __init__(self, written: str, reason: str, mark: yaml.Mark):
        super().__init__(None, None, f"a date that exists ({written}: {reason})", mark)
        self.written = written
        self.reason = reason


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def _yaml_cost(text: str, shown: str) -> None:
    """Refuse YAML nested deeper than MAX_YAML_DEPTH or holding more than MAX_YAML_NODES values with its aliases
    expanded, before it is composed (composing recurses; aliases are expanded by whatever walks the data).

    Walks the event stream, which PyYAML parses without recursion, keeping for each anchor the size of its node.
    """
    sizes: dict[str, int] = {}  # anchor -> values in its node, expanded
    stack: list[list[Any]] = []  # open collections: [anchor, values so far]
    total = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                size = sizes.get(event.anchor or "", 1)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append([event.anchor, 1])
                if len(stack) > MAX_YAML_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark is not None else None
                    raise InputError([_bound(shown, line, "MAX_YAML_DEPTH", MAX_YAML_DEPTH, "levels of nesting")])
                continue
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                anchor, size = stack.pop()
                if anchor:
                    sizes[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor:
                    sizes[event.anchor] = 1
            else:
                continue
            if stack:
                stack[-1][1] += size
            else:
                total += size
            if total + sum(s for _, s in stack) > MAX_YAML_NODES:
                line = event.start_mark.line + 1 if event.start_mark is not None else None
                raise InputError([_bound(shown, line, "MAX_YAML_NODES", MAX_YAML_NODES, "values (aliases expanded)")])
    except yaml.YAMLError:
        return  # the loader reports it, at its line


def _bound(shown: str, line: int | None, name: str, value: int, what: str, what_zh: str | None = None) -> Problem:
    """The problem of an input past one of the bounds on what it may cost (`name` = `value` of `what`)."""
    zh = {
        "levels of nesting": "层嵌套",
        "values (aliases expanded)": "个值（别名展开后）",
        "bytes": "字节",
    }.get(what, what_zh or what)
    return Problem(
        shown,
        line,
        None,
        None,
        f"at most {value:,} {what} (the bound {name}; see docs/params.md)",
        f"至多 {value:,} {zh}（上限 {name}，见 docs/params.md）",
    )


def _non_finite(data: object, prefix: str = "") -> list[tuple[str, float]]:
    """Dotted keys, with their values, whose value is a number that is not finite (YAML's .nan, .inf)."""
    if isinstance(data, float) and not math.isfinite(data):
        return [(prefix, data)]
    if isinstance(data, dict):
        return [
            found
            for key, value in data.items()
            for found in _non_finite(value, f"{prefix}.{key}" if prefix else str(key))
        ]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in _non_finite(value, f"{prefix}.{i}")]
    if isinstance(data, tuple):
        return [found for i, value in enumerate(data) for found in _non_finite(value, f"{prefix}.{i}")]
    return []


def _out_of_bounds(data: dict[str, Any]) -> list[tuple[str, object, str, str]]:
    """Dotted keys whose number is past its bound, with the value and what was expected (English, Chinese).

    A published figure (``reported:``) is at most MAX_REPORTED in size with MAX_REPORTED_DECIMALS decimals
    (as written: "26.67%" has 2); every other number at most MAX_PARAMS_NUMBER. A limit of a billion days
    would overflow the dates it is added to, a 29-digit figure the decimal arithmetic it is compared with.
    """
    from audit.core import written

    found: list[tuple[str, object, str, str]] = []
    for key, value in _numbers(data):
        if key.startswith("reported."):
            figure = written.read(value) if isinstance(value, str) else None
            size = abs(figure.number) if figure is not None else abs(value) if not isinstance(value, str) else 0
            decimals = figure.decimals() if figure is not None else 0
            if size > MAX_REPORTED or decimals > MAX_REPORTED_DECIMALS:
                found.append(
                    (
                        key,
                        value,
                        f"a published figure of at most {MAX_REPORTED:,} with at most {MAX_REPORTED_DECIMALS} "
                        "decimals (the bounds MAX_REPORTED, MAX_REPORTED_DECIMALS; see docs/params.md)",
                        f"不超过 {MAX_REPORTED:,}、至多 {MAX_REPORTED_DECIMALS} 位小数的公开数据"
                        "（上限 MAX_REPORTED、MAX_REPORTED_DECIMALS，见 docs/params.md）",
                    )
                )
        elif key != "definitions.percent_decimals" and not isinstance(value, str) and abs(value) > MAX_PARAMS_NUMBER:
            found.append(
                (
                    key,
                    value,
                    f"a number from -{MAX_PARAMS_NUMBER:,} to {MAX_PARAMS_NUMBER:,} "
                    "(the bound MAX_PARAMS_NUMBER; see docs/params.md)",
                    f"-{MAX_PARAMS_NUMBER:,} 至 {MAX_PARAMS_NUMBER:,} 之间的数（上限 MAX_PARAMS_NUMBER，见 docs/params.md）",
                )
            )
    return found


def _numbers(data: object, prefix: str = "") -> list[tuple[str, int | float | str]]:
    """Dotted keys with their finite numbers (and, under ``reported:``, their texts), everywhere in `data`."""
    if isinstance(data, bool):
        return []
    if isinstance(data, int) or (isinstance(data, float) and math.isfinite(data)):
        return [(prefix, data)]
    if isinstance(data, str) and prefix.startswith("reported."):
        return [(prefix, data)]
    if isinstance(data, dict):
        return [
            found for key, value in data.items() for found in _numbers(value, f"{prefix}.{key}" if prefix else str(key))
        ]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in _numbers(value, f"{prefix}.{i}")]
    return []


def display_path(path: Path) -> str:
    """A path as shown to the auditor: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the working directory; or a symlink loop (RuntimeError)
        return str(path)


_NOT_FOUND_ZH = "存在的文件：未找到此文件"
_KIND = {
    stat.S_IFDIR: ("a folder", "文件夹"),
    stat.S_IFIFO: ("a FIFO (named pipe)", "命名管道（FIFO）"),
    stat.S_IFCHR: ("a device", "设备"),
    stat.S_IFBLK: ("a device", "设备"),
    stat.S_IFSOCK: ("a socket", "套接字"),
}


def file_problem(
    path: Path, shown: str, limit: int | None = None, bound: str = "", doc: str = "registers.md"
) -> Problem | None:
    """Why `path` cannot be read as an input file, without opening it (None if it may be).

    Missing, a symlink loop, not a regular file (a folder; a FIFO, which would block the reader forever; a
    device), or larger than `limit` bytes (the bound named `bound`, documented in docs/`doc`).
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        return _os_problem(shown, exc)
    except (RuntimeError, ValueError) as exc:  # a path the OS cannot take (a NUL byte in it)
        return Problem(shown, None, None, None, f"a file path ({exc})", f"有效的文件路径（{exc}）")
    if not stat.S_ISREG(info.st_mode):
        en, zh = _KIND.get(stat.S_IFMT(info.st_mode), ("not a regular file", "非普通文件"))
        return Problem(shown, None, None, None, f"a regular file (this is {en})", f"普通文件（此路径是{zh}）")
    if limit is not None and info.st_size > limit:
        return file_problem_size(shown, info.st_size, limit, bound, doc)
    return None


def _os_problem(shown: str, exc: OSError) -> Problem:
    """The problem of a file the OS would not let us have (`exc` from stat or open), in plain words."""
    if exc.errno == errno.ENOENT or exc.errno == errno.ENOTDIR:
        return Problem(shown, None, None, None, "an existing file: there is none at this path", _NOT_FOUND_ZH)
    if exc.errno == errno.ELOOP:
        return Problem.of_file(
            shown,
            "a file, not a symbolic link that leads back to itself (a symlink loop)",
            "文件，而不是指向自身的符号链接（符号链接循环）",
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Problem.of_file(
            shown,
            f"a file this user may read ({exc.strerror}): ask for read permission",
            f"当前用户有权读取的文件（{exc.strerror}）：请取得读取权限",
        )
    return Problem(shown, None, None, None, f"a readable file ({exc.strerror})", f"可读取的文件（{exc.strerror}）")


def read_input_file(path: Path, shown: str, limit: int, bound: str, doc: str = "registers.md") -> bytes:
    """The bytes of an input file, checked by :func:`file_problem` first and read to at most `limit` bytes.

    Opened without blocking (so a FIFO swapped in after the check cannot hang the reader) and checked again
    once open; raises InputError naming the file.
    """
    problem = file_problem(path, shown, limit, bound, doc)
    if problem is not None:
        raise InputError([problem])
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError([_os_problem(shown, exc)]) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError([Problem(shown, None, None, None, "a regular file", "普通文件")])
        with os.fdopen(fd, "rb", closefd=False) as handle:
            content = handle.read(limit + 1)
    except OSError as exc:
        raise InputError([_os_problem(shown, exc)]) from None
    finally:
        os.close(fd)
    if len(content) > limit:  # grew since the check
        raise InputError([file_problem_size(shown, len(content), limit, bound, doc)])
    return content


def file_problem_size(shown: str, size: int, limit: int, bound: str, doc: str = "registers.md") -> Problem:
    """The problem of a file of `size` bytes, over `limit` (the bound named `bound`, documented in docs/`doc`)."""
    return Problem(
        shown,
        None,
        None,
        f"{size:,} bytes",
        f"a file of at most {limit:,} bytes (the bound {bound}; see docs/{doc})",
        f"不超过 {limit:,} 字节的文件（上限 {bound}，见 docs/{doc}）",
    )


def _key_at(text: str, line: int | None) -> str | None:
    """The dotted key written on `line` of a params file, if one is (for a value PyYAML could not take)."""
    if line is None:
        return None
    try:
        lines = _key_lines(text)
    except RecursionError:
        return None
    keys = [key for key, at in lines.items() if at == line]
    return keys[-1] if keys else None


def read_params_file(path: Path) -> tuple[str, dict[str, Any]]:
    """The text of a params file and its YAML mapping; raise InputError if it is missing, not YAML or not a mapping."""
    _, text, data = read_params_source(path)
    return text, data


def read_params_source(path: Path) -> tuple[bytes, str, dict[str, Any]]:
    """A params file read once: its bytes, their text and its YAML mapping (InputError as :func:`read_params_file`).

    The file must be a regular file (a FIFO would wait for a writer forever) of at most MAX_PARAMS_BYTES, in UTF-8,
    and its YAML within MAX_YAML_DEPTH and MAX_YAML_NODES: each is checked before what it would cost is spent.
    """
    shown = display_path(path)
    problem = file_problem(path, shown, MAX_PARAMS_BYTES, "MAX_PARAMS_BYTES", "params.md")
    if problem is not None and problem.expected_zh == _NOT_FOUND_ZH:
        raise InputError(
            [Problem(shown, None, None, None, "an existing params file (YAML)", "已有的参数文件（YAML）：未找到此文件")]
        )
    content = read_input_file(path, shown, MAX_PARAMS_BYTES, "MAX_PARAMS_BYTES", "params.md")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise InputError(
            [Problem(shown, line, None, None, "a params file encoded as UTF-8", "UTF-8 编码的参数文件")]
        ) from None
    _yaml_cost(text, shown)
    loader = _StrictLoader(text)
    try:
        data = loader.get_single_data()
    except _NoSuchDate as exc:
        at = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise InputError(
            [
                Problem(
                    shown,
                    at,
                    _key_at(text, at),
                    exc.written,
                    f"a date that exists ({exc.reason})",
                    f"存在的日期（{exc.written} 不存在：{exc.reason}）",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise InputError(
            [Problem(shown, at, None, None, f"valid YAML ({reason})", f"有效的 YAML（{reason}）")]
        ) from None
    except RecursionError:  # past what _yaml_cost measures (it cannot see into a broken stream)
        raise InputError([_bound(shown, None, "MAX_YAML_DEPTH", MAX_YAML_DEPTH, "levels of nesting")]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise InputError(
            [
                Problem(
                    shown,
                    line,
                    _key_at(text, line) or key,
                    None,
                    f"each key once: {key!r} is given again (line {first})",
                    f"每个参数项只能出现一次：“{key}”已在第 {first} 行给出",
                )
                for key, line, first in loader.duplicates
            ]
        )
    if not isinstance(data, dict):
        raise InputError(
            [
                Problem.of_file(
                    shown,
                    "a YAML mapping of keys (see docs/params.md)",
                    "YAML 键值对（见 docs/params.md）",
                )
            ]
        )
    return content, text, data


def validate_params(
    data: dict[str, Any], source: Path, text: str, shown: str | None = None, digest: str | None = None
) -> Params:
    """Params from a YAML mapping; raise InputError listing every problem, each at its line of `text`.

    `source` is where the params file is (register paths are relative to it); problems name
    `shown` (default: `source` as the auditor would write it). `digest` is the SHA-256 of the
    bytes `data` was read from.
    """
    shown = shown or display_path(source)
    lines = _key_lines(text)
    problems = [
        Problem(shown, lines.get(key), key, str(value), "a finite number", "有限的数值（不能是 .nan 或 .inf）")
        for key, value in _non_finite(data)
    ]
    problems += [
        Problem(shown, lines.get(key), key, _short(value), expected, expected_zh)
        for key, value, expected, expected_zh in _out_of_bounds(data)
    ]
    year = data.get("year")
    if source.stem.isdigit() and isinstance(year, int) and int(source.stem) != year:  # 2021.yaml saying 2020
        problems.append(
            Problem(
                shown,
                lines.get("year"),
                "year",
                str(year),
                f"{source.stem}, the year the file is named for (or name the file {year}.yaml)",
                f"{source.stem}：与文件名所示年度一致（或将文件改名为 {year}.yaml）",
            )
        )
    flagged = {p.column for p in problems}
    try:
        params = Params.model_validate({**data, "source": source.resolve(), "digest": digest})
    except ValidationError as exc:
        problems += [_with_suggestion(p, Params) for p in _problems_from(exc, shown, lines) if p.column not in flagged]
    else:  # a text pydantic read as a number (".inf" quoted, "1e999", which YAML reads as text) is no finite number
        problems += [
            Problem(shown, lines.get(key), key, str(value), "a finite number", "有限的数值（不能是 .nan 或 .inf）")
            for key, value in _non_finite(params.model_dump(exclude={"source", "digest"}))
            if key not in flagged
        ]
    if problems:
        raise InputError(problems)
    return params


def _model_at(model: type[BaseModel], path: list[str]) -> type[BaseModel] | None:
    """The block of params at the dotted `path` below `model` (None if the path leads to no block)."""
    for part in path:
        field = model.model_fields.get(part)
        if field is None:
            return None
        candidates = [field.annotation, *typing.get_args(field.annotation)]
        blocks = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        if not blocks:
            return None
        model = blocks[0]
    return model


def _with_suggestion(problem: Problem, model: type[BaseModel]) -> Problem:
    """An unknown key's problem, with the valid key of its block it most resembles (a typo's likely meaning)."""
    if problem.column is None or problem.expected_zh != ERRORS_ZH["extra_forbidden"]({}):
        return problem
    *parents, key = problem.column.split(".")
    block = _model_at(model, parents)
    if block is None:
        return problem
    valid = [name for name, field in block.model_fields.items() if not field.exclude]
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    if not close:
        return problem
    near = ".".join([*parents, close[0]])
    return replace(
        problem,
        expected=f"{problem.expected}; did you mean {near}?",
        expected_zh=f"{problem.expected_zh}；是否应为 {near}？",
    )


def load_params(path: str | Path) -> Params:
    """Load and validate one params file; raise InputError listing every problem in it."""
    path = Path(path)
    content, text, data = read_params_source(path)
    params = validate_params(data, path, text, digest=hashlib.sha256(content).hexdigest())
    shown = display_path(path)
    lines = _key_lines(text)
    missing = []
    for key, ref in params.registers.present().items():
        problem = file_problem(params.base_dir / ref.path, shown)
        if problem is None:
            continue
        if problem.expected_zh == _NOT_FOUND_ZH:
            expected, expected_zh = (
                "an existing register file (paths are relative to the params file)",
                "存在的登记表文件（路径相对于参数文件所在的文件夹）",
            )
        else:
            expected, expected_zh = f"a register file: {problem.expected}", f"登记表文件：{problem.expected_zh}"
        missing.append(
            Problem(shown, lines.get(f"registers.{key}"), f"registers.{key}", str(ref.path), expected, expected_zh)
        )
    if missing:
        raise InputError(missing)
    return params


def locate(path: str | Path) -> Path:
    """Find a project-relative path from the working directory or any folder above it.

    Lets a notebook's default ``params_file = "params/2020.yaml"`` work both from the project
    root (papermill CLI) and from ``notebooks/`` (JupyterLab).
    """
    path = Path(path)
    if path.is_absolute() or path.exists():
        return path
    for folder in Path.cwd().resolve().parents:
        if (folder / path).exists():
            return folder / path
    return path
