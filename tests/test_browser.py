"""Every report as a reader sees it: opened in headless Chromium, checked from the rendered page."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from audit.audits import audits_for
from audit.core.params import load_params

from conftest import PARAMS_FILES

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("headless Chromium is not installed (.ci/run installs it)", allow_module_level=True)

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM, "CI must install Debian's chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def reports(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_every_report_renders_offline_with_its_charts_and_chinese_headings(sample_out, browser):
    pages = reports(sample_out)
    # the index, and every year's audits (those its registers allow), findings and summary
    expected = 1 + sum(len(audits_for(load_params(p).registers.present())) + 2 for p in PARAMS_FILES)
    assert len(pages) == expected
    for path in pages:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        fetched: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r, fetched=fetched: fetched.append(r.url))
        page.goto(path.as_uri(), wait_until="load")
        name = path.relative_to(sample_out).as_posix()
        assert errors == [], f"{name}: {errors}"
        assert [u for u in fetched if not u.startswith(("file:", "data:"))] == [], f"{name} fetches from the network"
        images = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth, e.alt])")
        assert all(done and width > 0 for done, width, _ in images), f"{name}: {images}"
        tables_only = name.endswith(("summary.html", "findings.html"))  # the year's pages are tables only
        assert images or tables_only, f"{name} has no chart"
        headings = page.locator("h1, h2").all_inner_texts()
        assert headings and all(CJK.search(h) for h in headings), f"{name}: {headings}"
        assert page.title() == headings[0] or page.title() in headings[0], name
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, f"{name} scrolls horizontally at 1280 px ({width} px)"
        assert "params_file" not in page.inner_text("body"), f"{name} shows code"
        page.close()


def test_on_a_phone_no_page_is_wider_than_the_screen_and_wide_tables_scroll_in_their_box(sample_out, browser):
    """At 390 px a wide table scrolls sideways inside its own box; a unit's name is never one character a line."""
    scrolled = 0
    for path in reports(sample_out):
        name = path.relative_to(sample_out).as_posix()
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(path.as_uri(), wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width} px wide at 390 px"
        scrolled += page.evaluate(
            "[...document.querySelectorAll('.audit-table-scroll')].filter(b => b.scrollWidth > b.clientWidth).length"
        )
        # a text cell is at least about four characters wide (CJK text may break between any two)
        narrow = page.evaluate(
            """() => [...document.querySelectorAll('td:not(.num)')].filter(td => {
                   const style = getComputedStyle(td);
                   const inner = td.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                   return td.textContent.trim().length > 3 && inner < 3.5 * parseFloat(style.fontSize);
               }).map(td => td.textContent.slice(0, 20))"""
        )
        assert narrow == [], f"{name}: cells squeezed at 390 px: {narrow[:5]}"
        page.close()
    assert scrolled > 0  # the wide tables (the case-file review's exceptions, the findings) do scroll


@pytest.fixture(scope="module")
def english_out(tmp_path_factory) -> Path:
    """The 2020 sample year run with `language: en` (its registers where the project keeps them)."""
    import subprocess
    import sys

    import yaml

    from conftest import ROOT, SAMPLE_PARAMS

    folder = tmp_path_factory.mktemp("english")
    params = yaml.safe_load(SAMPLE_PARAMS.read_text(encoding="utf-8"))
    params["language"] = "en"
    params["registers"] = {k: str((SAMPLE_PARAMS.parent / v).resolve()) for k, v in params["registers"].items()}
    (folder / "2020.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "audit.cli", "run", "--params", str(folder / "2020.yaml"), "--out", str(folder / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    return folder / "out"


def test_an_english_page_labels_everything_in_english_and_wraps_headers_between_words(english_out, browser):
    """Headers, captions, badges and chart descriptions are English (register text, such as a unit's name, is as
    written); a header breaks between words only ("Round", never "Roun d")."""
    pages = reports(english_out)
    assert len(pages) > 5
    for path in pages:
        name = path.relative_to(english_out).as_posix()
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri(), wait_until="load")
        assert page.evaluate("document.documentElement.lang") == "en"
        labels = page.eval_on_selector_all(
            "h1, h2, h3, th, caption, .rag, .audit-figure .label, img",
            "els => els.map(e => e.tagName === 'IMG' ? e.alt : e.textContent)",
        )
        assert labels and not [t for t in labels if CJK.search(t)], f"{name}: {[t for t in labels if CJK.search(t)]}"
        breaks = page.eval_on_selector_all(
            "th", "els => els.map(e => [getComputedStyle(e).wordBreak, getComputedStyle(e).overflowWrap])"
        )
        assert all(b == ["normal", "normal"] for b in breaks), f"{name}: {set(map(tuple, breaks))}"
        if name.endswith("case_file_review.html"):
            text = page.inner_text("body")
            assert all(g in text for g in ("excellent", "good", "Fail")) and "优秀" not in text
        page.close()
