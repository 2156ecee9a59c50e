"""The publicity page: each section in Chinese and English, the missing themes, escaping, privacy, the notebook."""

from __future__ import annotations

import csv
import json
import re

import pytest

from audit.audits.publicity import AUDIT
from audit.audits.publicity.page import _EN, _ZH

from .helpers import SAMPLE_CSV, event, make_params, register, report, sample

# every section of the page but the footer (which names the register as the registry does: tests/.../test_run.py)
SECTIONS = (
    "title",
    "headline",
    "required_themes",
    "themes",
    "theme_chart",
    "forms",
    "timeline_chart",
    "organisers",
    "incomplete",
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def build(reg, params) -> dict[str, str]:
    page = report(reg, params)
    return {name: str(getattr(page, name)()) for name in SECTIONS}


@pytest.fixture(scope="module", params=["zh", "en"])
def sample_pages(request) -> dict[str, str]:
    return build(*sample(make_params(language=request.param)))


@pytest.fixture(scope="module")
def zh_pages() -> dict[str, str]:
    return build(*sample())


def test_every_section_renders_in_both_languages(sample_pages):
    assert all(sample_pages[name] for name in SECTIONS)
    assert all("<img" in sample_pages[name] for name in ("theme_chart", "timeline_chart"))


def test_the_headline_reads_as_the_bureaus_report(zh_pages):
    head = zh_pages["headline"]
    for figure in ("306", "41,860", "63,120", "1,436", "15,380", "2 / 2"):
        assert f'<div class="value">{figure}</div>' in head
    assert (
        "2020年共开展综治、民法典、宪法、社区矫正法等主题法治宣传活动306场次，发放宣传资料41860份，"
        "直接受众63120人次，接受法律咨询1436人次。" in head
    )
    assert "其中民法典主题活动86场次，发放宣传资料15380份。" in head
    assert "必须开展的宪法、民法典主题均已开展。" in head and "3场活动" in head


def test_the_tables_add_up(zh_pages):
    assert zh_pages["themes"].count("<tr>") == 1 + 5 + 1
    assert (
        '<td>民法典</td><td class="num">86</td><td class="num">28.10%</td><td class="num">15,380</td>'
        in zh_pages["themes"]
    )
    assert '<td>合计</td><td class="num">306</td>' in zh_pages["themes"]
    assert '<td>直播</td><td class="num">5</td><td class="num">0</td><td class="num">8,505</td>' in zh_pages["forms"]
    assert zh_pages["organisers"].count("<tr>") == 1 + 41
    assert zh_pages["required_themes"].count("✓ 已开展") == 2 and "audit-warning" not in zh_pages["required_themes"]
    assert zh_pages["incomplete"].count("<tr>") == 1 + 3 and "《社区矫正法》施行网络直播解读" in zh_pages["incomplete"]


def test_the_english_page_reads_english(tmp_path):
    pages = build(*sample(make_params(language="en")))
    assert "Legal publicity audit" in pages["title"]
    assert "In 2020 the district held 306 legal publicity events" in pages["headline"]
    assert "handed out 41,860 copies of materials, reached a direct audience of 63,120" in pages["headline"]
    for name in ("title", "headline", "required_themes", "themes", "forms"):
        assert not CJK.search(re.sub(r"<img[^>]*>", "", pages[name])), name  # register text aside, no Chinese


def test_a_required_theme_not_covered_is_a_warning(tmp_path):
    pages = build(*register(tmp_path, [event(theme="民法典"), event(theme="其他")]))
    assert "✗ 未开展" in pages["required_themes"] and "✓ 已开展" in pages["required_themes"]
    assert '<p class="audit-warning">以下必须开展的主题全年没有登记活动：宪法。</p>' in pages["required_themes"]
    assert "必须开展的主题中，宪法主题全年没有登记活动。" in pages["headline"]
    assert '<div class="value">1 / 2</div>' in pages["headline"]
    assert "民法典等主题" in pages["headline"]  # the catch-all 其他 is not named among the themes


def test_only_other_events_still_name_a_theme(tmp_path):
    pages = build(*register(tmp_path, [event(theme="其他")]))
    assert "共开展其他等主题法治宣传活动1场次" in pages["headline"]


def test_without_required_themes_or_a_civil_code_theme(tmp_path):
    params = make_params(
        publicity={"themes": {"constitution": {"zh": "宪法", "en": "Constitution"}}, "required_themes": []}
    )
    pages = build(*register(tmp_path, [event(theme="宪法")], params=params))
    assert "本年度参数未规定必须开展的主题" in pages["required_themes"] and "本年度参数未规定" in pages["headline"]
    assert "《民法典》宣传资料" not in pages["headline"] and "不单列《民法典》宣传资料" in pages["themes"]


def test_a_complete_register_says_so(tmp_path):
    pages = build(*register(tmp_path, [event(theme="宪法"), event(theme="民法典")]))
    assert "每场活动的发放资料、受众和咨询人次均已填写。" in pages["incomplete"]
    assert "<table" not in pages["incomplete"] and "未填写" not in pages["headline"]


def test_register_text_is_escaped(tmp_path):
    rows = [
        event(title="<script>alert(1)</script>", organiser="<img src=x onerror=alert(1)>", materials=""),
        event(theme="宪法"),
    ]
    pages = build(*register(tmp_path, rows))
    text = "".join(pages.values())
    assert "<script>alert(1)</script>" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["incomplete"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages["organisers"]


def test_no_speaker_is_named_on_the_page(sample_pages):
    with open(SAMPLE_CSV, encoding="utf-8") as fh:
        speakers = {row["主讲人"] for row in csv.DictReader(fh)} - {""}
    assert len(speakers) > 20
    text = "".join(sample_pages.values())
    assert not [name for name in speakers if name in text]


def test_english_texts_exist_for_every_key():
    assert set(_ZH) == set(_EN)
    fields = lambda s: set(re.findall(r"{(\w+)}", s))  # noqa: E731
    assert {k for k in _ZH if fields(_EN[k]) != fields(_ZH[k])} == set()


def test_notebook_is_thin_without_outputs_and_calls_existing_sections():
    nb = json.loads(AUDIT.notebook_path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code[0]["metadata"]["tags"] == ["parameters"]
    assert "".join(code[0]["source"]) == (
        "# The year to audit: a params file (docs/params.md). Everything else comes from it.\n"
        'params_file = "params/2020.yaml"\n'
        "year = None  # given (papermill -f params/<year>.yaml gives it), it must be the params file's year"
    )
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert [c["id"] for c in nb["cells"]] == [f"cell-{i:02d}" for i in range(len(nb["cells"]))]
    assert "PublicityReport.open(params_file, year=year)" in "".join(code[1]["source"])
    called = re.findall(r"report\.(\w+)\(\)", "".join("".join(c["source"]) for c in code))
    assert called == [*SECTIONS, "footer"]
