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
