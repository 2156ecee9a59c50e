"""The audit report in Word (audit_report.docx): GB/T 9704 layout, every figure recomputed from the text, same bytes."""

from __future__ import annotations

import copy
import datetime
import os
import re
import subprocess
import time
import types
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from audit.audits import AUDITS
from audit.core import metrics as metrics_module
from audit.core.numbers import count, number, percent
from audit.documents import word
from audit.documents.word import write_audit_report
from audit.pipeline.plan import read_year

from .helpers import private_values
from conftest import ROOT, SAMPLE_PARAMS, system_tool

# a number as the report writes it: 1,234 · 26.67% · 85.6 · 2020
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d+(?:\.\d+)?%?")
ENUMERATOR = re.compile(r"^(\d+)\.")


@pytest.fixture(scope="module")
def first_year() -> tuple[dict[str, Any], dict, Any]:
    """The 2020 sample (the first year: no follow-up): metrics.json as computed, its registers and params."""
    inputs = read_year(SAMPLE_PARAMS)
    return metrics_module.compute_all(inputs.registers, inputs.params), inputs.registers, inputs.params


@pytest.fixture(scope="module")
def second_year(first_year) -> tuple[dict[str, Any], Any]:
    """The 2021 sample, with 2020's findings followed up."""
    inputs = read_year(ROOT / "params" / "2021.yaml")
    return metrics_module.compute_all(inputs.registers, inputs.params, first_year[0]), inputs.params


def write(tmp_path: Path, metrics: Mapping[str, Any], params: Any, name: str = "audit_report.docx") -> Path:
    path = tmp_path / name
    write_audit_report(metrics, params, path)
    return path


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """Every paragraph of the body as (style name, text)."""
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def sections(path: Path) -> dict[str, list[str]]:
    """The body paragraphs under each level-1 heading (level-2 headings left out), by the heading without its number."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for style, text in paragraphs(path):
        if style == "Heading 1":
            current = found.setdefault(re.sub(r"^(?:[一二三四五六七八九十]+、|\d+\. )", "", text), [])
        elif style not in ("Title", "Heading 2"):
            current.append(text)
    return found


def numbers_in(text: str, known: list[str] = ()) -> list[str]:
    """The numbers written in `text`, in order, once the strings `known` (names and labels of metrics.json) are removed."""
    for string in sorted(known, key=len, reverse=True):
        text = text.replace(string, " ")
    return NUMBER.findall(text)


def strings(value: Any) -> list[str]:
    """Every string of a block of metrics.json that is not itself a number (names, labels, codes)."""
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    if isinstance(value, str) and len(value) > 1 and not NUMBER.fullmatch(value):
        return [value]
    return []


def formatted_leaves(value: Any, pct: Callable[[Any], str]) -> set[str]:
    """Every way the report may write a figure of a block: as a count, a measure or a percent."""
    if isinstance(value, Mapping):
        return {s for v in value.values() for s in formatted_leaves(v, pct)}
    if isinstance(value, list | tuple):
        return {s for v in value for s in formatted_leaves(v, pct)}
    if isinstance(value, bool) or not isinstance(value, int | float):
        return set()
    return {count(value), number(value), pct(value)}


# --- what each audit's sentences say, recomputed from metrics.json ------------------------------------------------


def expected_zh(key: str, b: Mapping[str, Any], year: int, pct: Callable[[Any], str]) -> dict[str, list[str]]:
    """The figures each Chinese sentence of the audit `key` must write, in order, keyed by a phrase of the sentence."""
    c, n, y = count, number, str(year)

    def target(metric: str) -> list[str]:
        return [pct(t["target"]) for t in b.get("targets") or [] if t.get("metric") == metric and t["met"] is not None]

    if key == "case_file_review":
        units = b["by_unit"]
        return {
            "共组织开展行政执法案卷评查": [
                y,
                c(b["rounds"]),
                c(b["units"]),
                c(b["files"]),
                n(b["score"]["mean"]),
                n(b["score"]["max"]),
                n(b["score"]["min"]),
                *[c(v) for v in b["grades"].values()],
                pct(b["pass_rate"]),
            ],
            "触发否决项的案卷": [
                c(b["veto_files"]),
                pct(b["legality_rate"]),
                *[c(v["count"]) for v in b["top_veto_items"]],
            ],
            "按执法单位平均得分排名": [n(units[0]["mean_score"]), n(units[-1]["mean_score"])],
        }
    if key == "training":
        targets = [
            v
            for t in b["targets"]
            for v in (c(t["target"]), c(t["actual"]), *([] if t["met"] else [c(t["shortfall"])]))
        ]
        blanks = [c(b[k]) for k in ("participants_blank", "hours_blank") if b[k]]
        return {
            "共举办法治培训活动": [
                y,
                c(b["events_total"]),
                *[c(v) for v in b["events"].values() if v],
                c(b["participants"]),
                n(b["hours"]),
            ],
            "对照年度培训目标": targets,
            "执法人员培训学时台账": [
                c(b["staff"]),
                n(b["hours_target"]),
                c(b["staff_meeting_hours_target"]),
                c(b["staff_below_hours_target"]),
                pct(b["staff_hours_rate"]),
            ],
            **({"未计入合计": blanks} if blanks else {}),
        }
    if key == "reconsideration":
        rates = ("acceptance_rate", "correction_rate", "mediation_success_rate", "closure_rate")
        return {
            "共收到行政复议申请": [
                y,
                *[c(b[k]) for k in ("received", "accepted", "rejected", "referred", "not_supplemented")],
                *([c(b["withdrawn_before_acceptance"])] if b["withdrawn_before_acceptance"] else []),
                *([c(b["carried_over"])] if b["carried_over"] else []),
            ],
            "在审理的": [
                *[c(b[k]) for k in ("under_review", "upheld_or_dismissed", "direct_corrections", "mediated")],
                *([c(b["settled"])] if b["settled"] else []),
                c(b["concluded"]),
                c(b["pending"]),
            ],
            "全年行政复议案件": [pct(b[k]) for k in rates if b[k] is not None],
            "超期审结": [
                n(b["days_to_decision"]["median"]),
                n(b["days_to_decision"]["max"]),
                c(b["overdue"]),
                pct(b["on_time_rate"]),
                c(b["open_overdue"]),
                *([c(b["acceptance_review"]["late"])] if b["acceptance_review"]["late"] else []),
            ],
        }
    if key == "litigation":
        outcomes = [
            c(b["outcomes"][k]) for k in ("won", "lost", "withdrawn", "dismissed", "mediated") if b["outcomes"][k]
        ]
        return {
            "共办理行政应诉案件": [
                y,
                *[
                    c(b[k])
                    for k in ("cases", "hearings", "head_appearances", "principal_appearances", "deputy_appearances")
                ],
                pct(b["head_appearance_rate"]),
                *target("head_appearance_rate"),
            ],
            "已审结": [
                c(b["concluded"]),
                *outcomes,
                c(b["pending"]),
                c(b["judgments"]),
                pct(b["loss_rate"]),
                *target("loss_rate"),
            ],
            **({"未填写职务": [c(b["appearances_without_rank"])]} if b["appearances_without_rank"] else {}),
        }
    if key == "normative_documents":
        filing = [
            v
            for body in ("city", "congress")
            for v in (
                *[c(b["filing"][body][k]) for k in ("due", "on_time", "late", "not_filed")],
                *([c(b["filing"][body]["not_yet_due"])] if b["filing"][body]["not_yet_due"] else []),
            )
        ]
        cleanup = b["cleanup"]
        return {
            "共发布规范性文件": [y, c(b["issued"]), c(b["reviewed"]), c(b["not_reviewed"]), pct(b["review_rate"])],
            "内报备": [c(b["filing_days"]), *filing, pct(b["filed_on_time_rate"])],
            "本年发布的规范性文件中": [c(b["published"]), c(b["not_published"]), pct(b["publication_rate"])],
            "开展规范性文件清理": [
                *[c(cleanup[k]) for k in ("batches", "documents", "issued_earlier", "issued_this_year")],
                *[c(v) for v in cleanup["results"].values() if v],
            ],
        }
    if key == "enforcement_publication":
        return {
            "个行政执法单位共作出": [
                y,
                c(b["units"]),
                c(b["decisions"]),
                *[c(v) for v in b["limits"].values()],
                *[c(b[k]) for k in ("published", "on_time", "late", "unpublished")],
                *([c(b["not_yet_due"])] if b["not_yet_due"] else []),
            ],
            "执法决定按期公示率": [
                pct(b["on_time_rate"]),
                pct(b["published_rate"]),
                n(b["median_delay"]),
                n(b["max_delay"]),
            ],
        }
    if key == "satisfaction":
        return {
            "开展行政执法满意度调查": [
                y,
                *([c(b["surveys"])] if b["surveys"] is not None else []),
                c(b["responses"]),
                *([c(b["not_counted"])] if b["not_counted"] else []),
                c(b["respondents"]),
                c(b["satisfied"]),
                pct(b["rate"]),
                pct(b["target_rate"]),
            ],
            "被调查单位": [c(b["units"]), c(b["units_below_target"])],
        }
    if key == "legal_advisers":
        kinds = [c(b["by_kind"][k]) for k in ("major_decision", "consultation", "litigation") if b["by_kind"][k]]
        return {
            "名法律顾问共完成": [
                y,
                *[
                    c(b[k])
                    for k in ("advisers", "works", "major_project_reviews", "contract_reviews", "legal_meetings")
                ],
                *kinds,
                c(b["units_served"]),
            ],
            "应有法律顾问的": [c(b["units_expected"]), c(b["units_with_adviser"]), pct(b["units_coverage_rate"])],
        }
    if key == "publicity":
        blanks = [c(b[k]) for k in ("materials_blank", "audience_blank", "consultations_blank") if b[k]]
        return {
            "共开展法治宣传活动": [y, *[c(b[k]) for k in ("events", "materials", "audience", "consultations")]],
            "按主题分": [
                *[c(v["events"]) for v in b["by_theme"].values() if v["events"]],
                c(b["civil_code_materials"]),
            ],
            **({"未计入合计": blanks} if blanks else {}),
        }
    raise AssertionError(f"no expectation for the audit {key}: write one here")


def check_figures(path: Path, metrics: Mapping[str, Any], params: Any) -> list[str]:
    """Every figure of the Chinese report recomputed from `metrics`: the problems found (none when all agree)."""
    d = params.definitions

    def pct(rate: Any) -> str:
        return percent(rate, d.percent_decimals, d.rounding)

    problems: list[str] = []
    body = sections(path)
    year = metrics["year"]

    def expect(where: str, text: str, wanted: list[str], known: list[str] = ()) -> None:
        got = numbers_in(text, known)
        if got != wanted:
            problems.append(f"{where}: {got} written, {wanted} from metrics.json: {text}")

    for audit in (a for a in AUDITS if a.key in metrics):
        block = metrics[audit.key]
        texts = body[word.section_name(audit, "zh")]
        known = strings(block)
        for phrase, wanted in expected_zh(audit.key, block, year, pct).items():
            matching = [t for t in texts if phrase in t]
            if len(matching) != 1:
                problems.append(f"{audit.key}: {len(matching)} sentences with {phrase!r}")
                continue
            expect(audit.key, matching[0], wanted, known)
        for text in texts:  # a sentence no phrase names writes no figure
            if not any(phrase in text for phrase in expected_zh(audit.key, block, year, pct)):
                expect(audit.key, text, [], known)
    tally = metrics["findings_tally"]
    overview = body["总体情况"]
    expect("overview", overview[0], [str(year)])
    severity = tally["by_severity"]
    expect("overview", overview[1], [count(tally["raised"]), *[count(severity[k]) for k in ("high", "medium", "low")]])
    claims = metrics["claims_tally"]
    if claims["published"]:
        wanted = [count(claims[k]) for k in ("published", "match", "mismatch")]
        wanted += [count(claims[k]) for k in ("no_register", "unverifiable") if claims[k]]
        expect("overview", next(t for t in overview if "公开报告" in t), wanted)
    previous = tally["previous"]
    if previous:
        expect("overview", overview[-1], [count(previous["findings"]), count(previous["rectified"])])
    by_id = {f["id"]: f for f in metrics["findings"]}
    for text in body["审计发现的主要问题"]:
        found = re.search(r"【([^】]+)】", text)
        assert found and found.group(1) in by_id, text
        f = by_id[found.group(1)]
        own = [
            f["text"]["zh"].rstrip("。；"),
            f["basis"]["zh"].rstrip("。；"),
            f["recommendation"]["zh"].rstrip("。；"),
        ]
        expect("findings", text, [ENUMERATOR.match(text).group(1)], [*own, f["id"], f["unit"] or ""])
    if metrics["follow_up"] is not None:
        texts = body["上年审计发现问题整改情况"]
        keys = ("findings", "rectified", "past_deadline", "within_deadline", "cannot_rectify", "no_record", "recurring")
        expect("follow-up", texts[0], [count(previous[k]) for k in keys])
        followed = {f["id"]: f for f in metrics["follow_up"]}
        for text in texts[1:]:
            f = followed[re.search(r"【([^】]+)】", text).group(1)]
            y, m, day = (str(int(part)) for part in f["deadline"].split("-"))
            own = [f["text"]["zh"], f["id"], f["unit"], f["status"], f["responsible_role"]]
            expect("follow-up", text, [ENUMERATOR.match(text).group(1), str(f["raised_in"]), y, m, day], own)
    for text in body["审计建议"]:
        expect("advice", text, [])
    return problems


# --- the tests ----------------------------------------------------------------------------------------------------


def test_layout_is_gb_t_9704(tmp_path, first_year):
    computed, _, params = first_year
    document = docx.Document(str(write(tmp_path, computed, params)))
    section = document.sections[0]
    for length, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(length.mm - mm) < 0.1, (length.mm, mm)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars" and grid.get(qn("w:linePitch")) == "579"
    char_pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096  # 28 characters of 3号 fill the 156 mm
    assert 27.9 < (156 / 25.4 * 72) / char_pitch < 28.1
    assert 22 * 579 <= (297 - 37 - 35) / 25.4 * 1440 < 23 * 579  # 22 lines of 28.95 pt fill the 225 mm

    def east_asia(style: Any) -> str:
        return style.element.rPr.rFonts.get(qn("w:eastAsia"))

    styles = document.styles
    assert east_asia(styles["Title"]) == "方正小标宋简体" and styles["Title"].font.size == Pt(22)
    assert east_asia(styles["Normal"]) == "仿宋" and styles["Normal"].font.size == Pt(16)
    assert east_asia(styles["Heading 1"]) == "黑体" and east_asia(styles["Heading 2"]) == "楷体"
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        fmt = styles[name].paragraph_format
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(28.95), name
        assert styles[name].font.size in (Pt(16), Pt(22)) and not styles[name].font.bold
    spacing = styles["Normal"].element.rPr.find(qn("w:spacing"))  # a quarter point narrower: 28 fit in LibreOffice too
    assert spacing is not None and 28 * (16 + int(spacing.get(qn("w:val"))) / 20) <= 156 / 25.4 * 72
    assert styles["Title"].element.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
    body_ind = styles["Normal"].element.pPr.ind
    assert body_ind.get(qn("w:firstLineChars")) == "200" and styles["Normal"].paragraph_format.first_line_indent == Pt(
        32
    )
    assert not any(a.endswith("Theme") or a.endswith("theme") for a in styles["Normal"].element.rPr.rFonts.attrib)
    assert (
        document.paragraphs[0].style.name == "Title" and document.paragraphs[0].text == "2020年度法治政府建设审计报告"
    )
    assert document.settings.odd_and_even_pages_header_footer
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        xml = footer._element.xml
        assert "<w:instrText" in xml and " PAGE " in xml and 'w:fldCharType="begin"' in xml
        assert footer.paragraphs[0].text == "— 1 —"
        assert f'<w:jc w:val="{side}"/>' in xml and 'w:eastAsia="宋体"' in xml and '<w:sz w:val="28"/>' in xml
    with zipfile.ZipFile(tmp_path / "audit_report.docx") as archive:
        fonts = archive.read("word/fontTable.xml").decode()
        assert "docProps/thumbnail.jpeg" not in archive.namelist()
    for name in ("方正小标宋简体", "仿宋", "黑体", "楷体", "宋体"):
        assert f'w:name="{name}"' in fonts
    assert '<w:altName w:val="宋体"/>' in fonts  # the title's font where an office has not installed it


def test_one_section_per_audit_in_the_registry_order(tmp_path, first_year):
    computed, _, params = first_year
    headings = [t for s, t in paragraphs(write(tmp_path, computed, params)) if s == "Heading 1"]
    ran = [word.section_name(a, "zh") for a in AUDITS if a.key in computed]
    assert len(ran) == 9
    numbered = [f"{word.chinese_numeral(i)}、{name}" for i, name in enumerate(["总体情况", *ran], 1)]
    assert headings[: len(numbered)] == numbered
    assert headings[len(numbered) :] == ["十一、审计发现的主要问题", "十二、审计建议"]  # no follow-up in the first year


def test_every_figure_is_recomputed_from_the_text(tmp_path, first_year, second_year):
    computed, _, params = first_year
    assert check_figures(write(tmp_path, computed, params), computed, params) == []
    later, later_params = second_year
    assert check_figures(write(tmp_path, later, later_params, "2021.docx"), later, later_params) == []
    # the seed's own sentence, word for word
    texts = sections(tmp_path / "audit_report.docx")["行政复议"]
    assert texts[0] == "2020年，共收到行政复议申请55件（受理45件、不予受理5件、告知3件、未补正2件）。"
    assert "调解成功率26.67%" in texts[2]


MUTATIONS = (
    ("case_file_review", "files"),
    ("case_file_review", "pass_rate"),
    ("training", "participants"),
    ("reconsideration", "received"),
    ("reconsideration", "mediation_success_rate"),
    ("litigation", "hearings"),
    ("normative_documents", "issued"),
    ("enforcement_publication", "decisions"),
    ("satisfaction", "rate"),
    ("legal_advisers", "major_project_reviews"),
    ("publicity", "audience"),
    ("findings_tally", "raised"),
)


@pytest.mark.parametrize(("block", "key"), MUTATIONS)
def test_a_changed_metric_fails_the_check(tmp_path, first_year, block, key):
    computed, _, params = first_year
    changed = copy.deepcopy(computed)
    value = changed[block][key]
    changed[block][key] = value + 1 if isinstance(value, int) else value - 0.01
    problems = check_figures(write(tmp_path, changed, params), computed, params)
    assert problems, f"{block}.{key} changed and no sentence disagrees"


def test_every_number_of_a_section_is_a_figure_of_its_audit(tmp_path, first_year):
    """Whatever the sentence, Chinese or English: no number in an audit's section that its block does not hold."""
    computed, _, params = first_year
    d = params.definitions

    def pct(rate: Any) -> str:
        return percent(rate, d.percent_decimals, d.rounding)

    for language in ("zh", "en"):
        english = params.model_copy(update={"language": language})
        body = sections(write(tmp_path, computed, english, f"{language}.docx"))
        for audit in (a for a in AUDITS if a.key in computed):
            block = computed[audit.key]
            allowed = formatted_leaves(block, pct) | {str(computed["year"])}
            for text in body[word.section_name(audit, language)]:
                stray = [n for n in numbers_in(text, strings(block)) if n not in allowed]
                assert not stray, (language, audit.key, stray, text)


def test_findings_and_follow_up(tmp_path, first_year, second_year):
    computed, _, params = first_year
    body = sections(write(tmp_path, computed, params))
    items = body["审计发现的主要问题"]
    ids = [re.search(r"【([^】]+)】", t).group(1) for t in items]
    assert sorted(ids) == sorted(f["id"] for f in computed["findings"])
    rank = {"high": 0, "medium": 1, "low": 2}
    by_id = {f["id"]: f for f in computed["findings"]}
    audits = [by_id[i]["audit"] for i in ids]
    order = [a.key for a in AUDITS]
    assert audits == sorted(audits, key=order.index)  # grouped by audit, in the registry's order
    for audit in set(audits):
        severities = [rank[by_id[i]["severity"]] for i in ids if by_id[i]["audit"] == audit]
        assert severities == sorted(severities), audit  # most severe first
    first = by_id[ids[0]]
    assert "依据：" + first["basis"]["zh"] in items[0] and "整改建议：" + first["recommendation"]["zh"] in items[0]
    assert f"责任单位：{first['unit']}" in items[0]
    assert "上年审计发现问题整改情况" not in body
    assert any("明确责任领导、责任部门、责任人和完成时限" in t for t in body["审计建议"])

    later, later_params = second_year
    document = paragraphs(write(tmp_path, later, later_params, "2021.docx"))
    body = sections(tmp_path / "2021.docx")
    followed = body["上年审计发现问题整改情况"]
    assert "已整改10项、逾期未整改3项" in followed[0]
    listed = {re.search(r"【([^】]+)】", t).group(1) for t in followed[1:]}
    wanted = {f["id"] for f in later["follow_up"] if f["category"] in ("past_deadline", "cannot_rectify")}
    assert listed == wanted and len(wanted) == 4
    subheadings = [t for s, t in document if s == "Heading 2"]
    assert "（一）逾期未整改的问题" in subheadings and "（二）无法整改的问题" in subheadings
    assert [t for s, t in document if s == "Heading 1"][-2:] == ["七、上年审计发现问题整改情况", "八、审计建议"]


def test_an_audit_without_a_narrative_says_so(tmp_path, first_year, monkeypatch):
    computed, _, params = first_year
    monkeypatch.setattr(word, "narrative_module", lambda audit: None)
    body = sections(write(tmp_path, computed, params))
    assert body["行政复议"] == [
        "本审计事项暂无报告文字，其数据见该事项的审计报告页面（reconsideration.html）和 metrics.json。"
    ]


def test_english_report(tmp_path, first_year, second_year):
    computed, _, params = first_year
    english = params.model_copy(update={"language": "en"})
    document = paragraphs(write(tmp_path, computed, english))
    assert document[0] == ("Title", "Audit of the rule-of-law government, 2020")
    headings = [t for s, t in document if s == "Heading 1"]
    assert headings[0] == "1. Overview" and headings[-2:] == ["11. Findings", "12. Recommendations"]
    text = "\n".join(t for _, t in document)
    assert "In 2020, the bureau received 55 applications for reconsideration" in text
    assert "mediation success rate 26.67%" in text and "共收到" not in text and "审计建议" not in text
    later, later_params = second_year
    body = sections(write(tmp_path, later, later_params.model_copy(update={"language": "en"}), "2021.docx"))
    assert body["Last year's findings followed up"][0].startswith("Of last year's 50 findings, 10 have been rectified")


def test_same_bytes_on_every_run(tmp_path, second_year, monkeypatch):
    later, params = second_year
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = write(tmp_path / "a", later, params)

    class Later(datetime.datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return datetime.datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz)

    import docx.opc.parts.coreprops

    monkeypatch.setattr(
        docx.opc.parts.coreprops, "dt", types.SimpleNamespace(datetime=Later, timezone=datetime.timezone)
    )
    monkeypatch.setattr(zipfile, "time", types.SimpleNamespace(time=lambda: 1.95e9, localtime=time.localtime))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    second = write(tmp_path / "b" / "c", later, params, "other.docx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2021, 12, 31, 0, 0, 0)}
        assert archive.namelist()[0] == "[Content_Types].xml"
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2021-12-31T00:00:00Z") == 2 and "2031" not in core and "python-docx" not in core
    assert not list(first.parent.glob(".*partial"))


def test_no_private_value_anywhere(tmp_path, first_year):
    computed, registers, params = first_year
    names = private_values(registers)
    assert len(names) > 100, "the sample's private columns hold names"
    everything = ""
    for language in ("zh", "en"):
        path = write(tmp_path, computed, params.model_copy(update={"language": language}), f"{language}.docx")
        with zipfile.ZipFile(path) as archive:
            everything += "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    leaked = sorted(n for n in names if n in everything)
    assert not leaked, leaked[:10]


def test_copy_of_metrics_is_not_changed(tmp_path, second_year):
    later, params = second_year
    before = copy.deepcopy(later)
    write(tmp_path, later, params)
    assert later == before


def test_libreoffice_converts_it_to_pdf(tmp_path, second_year):
    soffice = system_tool("soffice", "libreoffice")
    later, params = second_year
    path = write(tmp_path, later, params)
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    done = subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = tmp_path / "out" / "audit_report.pdf"
    if not pdf.exists() and "could not be loaded" in done.stdout + done.stderr:
        # LibreOffice without Writer (only libreoffice-calc-nogui): it cannot open a .docx at all
        message = "LibreOffice Writer is not installed (Debian: libreoffice-writer-nogui; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    pdftotext = system_tool("pdftotext")
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60).stdout
    flat = re.sub(r"\s+", "", text)  # the character grid spaces characters out
    assert "2021年度法治政府建设审计报告" in flat and "调解成功率40.00%" in flat
    assert all(f["id"] in flat for f in later["findings"])
    assert "—2—" in flat  # the page number in its dashes


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_jurisdictions_report_names_it_in_its_title(tmp_path, first_year, language):
    from audit.core.params import Jurisdiction

    metrics, _, params = first_year
    named = params.model_copy(update={"jurisdiction": Jurisdiction(code="350104", name="仓山区"), "language": language})
    path = write(tmp_path, metrics, named)
    title = next(text for style, text in paragraphs(path) if style == "Title")
    expected = (
        "仓山区2020年度法治政府建设审计报告"
        if language == "zh"
        else "Audit of the rule-of-law government, 仓山区, 2020"
    )
    assert title == expected
    assert docx.Document(str(path)).core_properties.title == expected
    unnamed = next(
        text for style, text in paragraphs(write(tmp_path, metrics, params, "plain.docx")) if style == "Title"
    )
    assert unnamed == "2020年度法治政府建设审计报告"
