"""The params file of one audited year (spec: shared/spec/PARAMS.md).

`load_params(path)` reads the YAML, validates it with pydantic (unknown keys are errors, so a
typo such as ``regsiters`` is caught) and resolves register paths against the params file's
own folder. Every problem becomes a :class:`~audit.problems.Problem` naming the file and the
dotted key, and all of them are raised together as one :class:`~audit.problems.InputError`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Callable, Literal

import yaml
from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt, StrictFloat,
                      StrictInt, StrictStr, ValidationError, model_validator)

from .problems import InputError, Problem

REGISTER_KEYS = ("reconsideration", "case_file_review", "training", "staff_roster", "litigation")


class RuleError(ValueError):
    """A rule of the params file broken: the English message, and the same in Chinese (`zh`).

    Raised by the model's own validators; pydantic keeps the exception in the error's
    ``ctx["error"]``, where :func:`_problems_from` finds the Chinese text.
    """

    def __init__(self, message: str, zh: str):
        super().__init__(message)
        self.zh = zh


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegisterRef(_Strict):
    """Where a register lives: a file, and for Excel optionally the sheet."""

    path: Path
    sheet: str | None = None


class Registers(_Strict):
    """The registers of the year; any subset (an absent register skips its audit)."""

    reconsideration: RegisterRef | None = None
    case_file_review: RegisterRef | None = None
    training: RegisterRef | None = None
    staff_roster: RegisterRef | None = None
    litigation: RegisterRef | None = None

    @model_validator(mode="before")
    @classmethod
    def _paths_as_refs(cls, data: object) -> object:
        if isinstance(data, dict):
            return {k: ({"path": v} if isinstance(v, str) else v) for k, v in data.items()}
        return data

    def present(self) -> dict[str, RegisterRef]:
        """The registers given, by key, in the spec's order."""
        return {k: getattr(self, k) for k in REGISTER_KEYS if getattr(self, k) is not None}


class ReconsiderationParams(_Strict):
    """Statutory time limits of administrative reconsideration (行政复议法)."""

    decision_days: PositiveInt = 60
    extension_days: NonNegativeInt = 30


class GradeBand(_Strict):
    """One grade of the case-file review standard: files scoring at least `min` get `name`."""

    name: str
    min: float = Field(ge=0, le=100)


DEFAULT_CATEGORIES = {
    "subject": 15.0,
    "evidence": 20.0,
    "legal_basis": 20.0,
    "procedure": 20.0,
    "documents": 15.0,
    "archiving": 10.0,
}
DEFAULT_VETO_ITEMS = {
    "subject_illegal": "主体不合法",
    "no_qualification": "无执法资格",
    "facts_unclear": "事实不清",
    "evidence_insufficient": "证据不足",
    "wrong_law": "适用法律错误",
    "procedure_illegal": "程序不合法",
    "single_officer": "执法人员少于2人",
    "ultra_vires": "超越职权",
}
DEFAULT_GRADES = (
    GradeBand(name="优秀", min=90),
    GradeBand(name="良好", min=80),
    GradeBand(name="合格", min=60),
    GradeBand(name="不合格", min=0),
)


class CaseFileReviewParams(_Strict):
    """The scoring standard of the case-file review (行政执法案卷评查); it differs by province."""

    categories: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    veto_items: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_VETO_ITEMS))
    veto_effect: Literal["fail", "cap"] = "fail"
    veto_cap_grade: str = "合格"
    grades: tuple[GradeBand, ...] = DEFAULT_GRADES
    pass_grade: str = "合格"

    @model_validator(mode="after")
    def _consistent(self) -> "CaseFileReviewParams":
        total = sum(self.categories.values())
        if abs(total - 100) > 1e-9:
            raise RuleError(f"category maxima must sum to 100, they sum to {total:g}",
                            f"各评查类别分值之和为 100（现为 {total:g}）")
        if any(v <= 0 for v in self.categories.values()):
            raise RuleError("every category maximum must be positive", "各评查类别分值均大于 0")
        mins = [g.min for g in self.grades]
        if len(self.grades) < 2:
            raise RuleError("at least two grade bands are needed", "至少两个等次")
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            raise RuleError("grade bands must be listed highest first, with distinct minimums",
                            "等次按分数线从高到低排列，分数线互不相同")
        if mins[-1] != 0:
            raise RuleError("the lowest grade band must start at 0", "最低等次的分数线为 0")
        names = [g.name for g in self.grades]
        if len(set(names)) != len(names):
            raise RuleError("grade names must be distinct", "等次名称互不相同")
        for key in ("pass_grade", "veto_cap_grade"):
            if getattr(self, key) not in names:
                raise RuleError(f"{key} {getattr(self, key)!r} is not one of the grades {names}",
                                f"{key} 为已设等次之一：{'、'.join(names)}（现为“{getattr(self, key)}”）")
        return self


# The kinds of training event (codes of the training register's 类别 column).
TRAINING_KINDS = ("leadership_course", "leadership_lecture", "staff_training", "pre_meeting_study", "other")


class TrainingParams(_Strict):
    """Training targets of the year (defaults: the seed's 2021 plan, 60 h per officer)."""

    targets: dict[str, NonNegativeInt] = Field(
        default_factory=lambda: {"leadership_course": 1, "leadership_lecture": 2, "staff_training": 1}
    )
    hours_per_officer: float = Field(default=60, ge=0)

    @model_validator(mode="after")
    def _known_kinds(self) -> "TrainingParams":
        unknown = [k for k in self.targets if k not in TRAINING_KINDS]
        if unknown:
            raise RuleError(f"unknown training kind(s) {', '.join(unknown)}; known: {', '.join(TRAINING_KINDS)}",
                            f"培训类别代码之一：{'、'.join(TRAINING_KINDS)}（{'、'.join(unknown)} 不是培训类别）")
        return self


class LitigationTargets(_Strict):
    """Targets of administrative litigation: head-of-agency appearance in court, loss rate."""

    head_appearance_rate: float = Field(default=0.9, ge=0, le=1)
    loss_rate: float = Field(default=0.10, ge=0, le=1)


class LitigationParams(_Strict):
    """Administrative litigation (行政应诉) targets of the year."""

    targets: LitigationTargets = LitigationTargets()


RateDenominator = Literal["received", "accepted", "under_review", "concluded"]


class RateDefinition(_Strict):
    """How one published rate is defined: over which count it is taken."""

    denominator: RateDenominator


DEFAULT_RECONSIDERATION_DENOMINATORS: dict[str, RateDenominator] = {
    "acceptance_rate": "received",
    "correction_rate": "concluded",
    "comprehensive_correction_rate": "concluded",
    "mediation_success_rate": "accepted",
    "upheld_rate": "concluded",
    "closure_rate": "under_review",
}


class ReconsiderationDefinitions(_Strict):
    """Denominators of the reconsideration rates (METRICS.md "Definitions and rounding")."""

    acceptance_rate: RateDefinition = RateDefinition(denominator="received")
    correction_rate: RateDefinition = RateDefinition(denominator="concluded")
    comprehensive_correction_rate: RateDefinition = RateDefinition(denominator="concluded")
    mediation_success_rate: RateDefinition = RateDefinition(denominator="accepted")
    upheld_rate: RateDefinition = RateDefinition(denominator="concluded")
    closure_rate: RateDefinition = RateDefinition(denominator="under_review")

    def denominator(self, rate: str) -> RateDenominator:
        """The count a rate is divided by."""
        return getattr(self, rate).denominator


class LossRateDefinition(_Strict):
    """Over which cases the litigation loss rate (败诉率) is taken."""

    denominator: Literal["judgments", "concluded"] = "judgments"


class LitigationDefinitions(_Strict):
    """Denominators of the litigation rates: loss rate over judgments (default) or all concluded cases."""

    loss_rate: LossRateDefinition = LossRateDefinition()


class Definitions(_Strict):
    """Rate definitions and the rounding rule used wherever a rate is displayed or compared."""

    reconsideration: ReconsiderationDefinitions = ReconsiderationDefinitions()
    litigation: LitigationDefinitions = LitigationDefinitions()
    rounding: Literal["half_up", "truncate"] = "half_up"
    percent_decimals: NonNegativeInt = 2


class Threshold(_Strict):
    """Red/amber/green limits of one headline metric (see audit.summary for how they apply)."""

    green: float
    amber: float


def _check_thresholds(thresholds: dict[str, Threshold]) -> dict[str, Threshold]:
    from .summary import HEADLINES

    ranked = {h.key: h for h in HEADLINES if h.direction in ("higher", "lower")}
    for key, limits in thresholds.items():
        if key not in ranked:
            raise RuleError(f"{key!r} is not a headline metric with a threshold; choose from {sorted(ranked)}",
                            f"可设阈值的主要指标之一：{'、'.join(sorted(ranked))}（{key} 不是）")
        higher = ranked[key].direction == "higher"
        if (limits.green < limits.amber) if higher else (limits.green > limits.amber):
            word = "at least" if higher else "at most"
            raise RuleError(f"{key}: green must be {word} amber ({ranked[key].direction} is better)",
                            f"{key}：green（绿）{'不低于' if higher else '不高于'} amber（黄）"
                            f"（该指标{'越高越好' if higher else '越低越好'}）")
    return thresholds


class Params(_Strict):
    """One audited year. Register paths are resolved against the params file's folder."""

    year: int = Field(ge=1990, le=2100)
    language: Literal["zh", "en"] = "zh"
    audit_date: dt.date | None = None
    registers: Registers
    reconsideration: ReconsiderationParams = ReconsiderationParams()
    case_file_review: CaseFileReviewParams = CaseFileReviewParams()
    training: TrainingParams = TrainingParams()
    litigation: LitigationParams = LitigationParams()
    definitions: Definitions = Definitions()
    thresholds: Annotated[dict[str, Threshold], AfterValidator(_check_thresholds)] = Field(default_factory=dict)
    reported: dict[str, StrictStr | StrictInt | StrictFloat] = Field(default_factory=dict)

    # Not part of the YAML: where the file was read from.
    source: Path | None = Field(default=None, exclude=True)

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
        ref = getattr(self.registers, key)
        return None if ref is None else (self.base_dir / ref.path).resolve()

    def register_sheet(self, key: str) -> str | None:
        """The Excel sheet named for a register, if any."""
        ref = getattr(self.registers, key)
        return None if ref is None else ref.sheet


def _dotted(loc: tuple) -> str:
    return ".".join(str(p) for p in loc)


# pydantic reports a value that matches no member of a union (``str | int | float``) once per
# member, with the member's type as the last part of the location; these are reported once.
# member type -> (English, Chinese)
_UNION_MEMBERS = {"str": ("text", "文本"), "int": ("a whole number", "整数"), "float": ("a number", "数字"),
                  "bool": ("true/false", "true/false（是/否）")}


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
    "extra_forbidden": lambda e: "无此参数项（请核对拼写；见 spec/PARAMS.md）",
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
    "dict_type": lambda e: "YAML 键值对（见 spec/PARAMS.md）",
    "model_type": lambda e: "YAML 键值对（见 spec/PARAMS.md）",
    "tuple_type": lambda e: "YAML 列表（每项以 - 开头）",
    "union": lambda e: _either_zh([zh for _, zh in e["members"]]),
    "value_error": _rule_zh,
}


def _expected(e: dict) -> tuple[str, str]:
    """What one pydantic error expected: English (pydantic's words, or ours) and Chinese."""
    if e["type"] == "extra_forbidden":
        expected = "no such key (check the spelling; see spec/PARAMS.md)"
    elif e["type"] == "missing":
        expected = "a required key that is missing"
    else:
        expected = e["msg"].removeprefix("Value error, ")
    return expected, ERRORS_ZH.get(e["type"], _unforeseen_zh)(e)


def _problems_from(error: ValidationError, file: str, lines: dict[str, int]) -> list[Problem]:
    problems = []
    for e in _merge_unions(error.errors()):
        key = _dotted(e["loc"])
        value = None if e["type"] == "missing" else _short(e.get("input"))
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


def display_path(path: Path) -> str:
    """A path as shown to the auditor: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_params_file(path: Path) -> tuple[str, dict[str, Any]]:
    """The text of a params file and its YAML mapping; raise InputError if it is missing, not YAML or not a mapping."""
    shown = display_path(path)
    if not path.is_file():
        raise InputError([Problem(shown, None, None, None, "an existing params file (YAML)",
                                  "已有的参数文件（YAML）：未找到此文件")])
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise InputError([Problem(shown, line, None, None, f"valid YAML ({reason})",
                                  f"有效的 YAML（{reason}）")]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(shown, None, None, None, "a YAML mapping of keys (see spec/PARAMS.md)",
                                  "YAML 键值对（见 spec/PARAMS.md）")])
    return text, data


def validate_params(data: dict[str, Any], source: Path, text: str, shown: str | None = None) -> Params:
    """Params from a YAML mapping; raise InputError listing every problem, each at its line of `text`.

    `source` is where the params file is (register paths are relative to it); problems name
    `shown` (default: `source` as the auditor would write it).
    """
    try:
        return Params.model_validate({**data, "source": source.resolve()})
    except ValidationError as exc:
        raise InputError(_problems_from(exc, shown or display_path(source), _key_lines(text))) from None


def load_params(path: str | Path) -> Params:
    """Load and validate one params file; raise InputError listing every problem in it."""
    path = Path(path)
    text, data = read_params_file(path)
    params = validate_params(data, path, text)
    shown = display_path(path)
    missing = [
        Problem(shown, _key_lines(text).get(f"registers.{key}"), f"registers.{key}", str(ref.path),
                "an existing register file (paths are relative to the params file)",
                "存在的登记表文件（路径相对于参数文件所在的文件夹）")
        for key, ref in params.registers.present().items()
        if not params.register_path(key).is_file()
    ]
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
