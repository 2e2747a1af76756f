"""In a real browser: an operator logs in, pastes a devset call, corrects a field, submits, finds the lead."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.console_kit import PASSWORD, add_user, make_app
from tests.loopback import serving
from tests.personas import load

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = pytest.mark.slow


@pytest.fixture
def console(tmp_path):
    """The app with one operator, served from a thread started before the browser's event loop."""
    app = make_app(tmp_path)
    asyncio.run(add_user(app, "wang.li", "operator"))
    with serving(app) as url:
        yield url


@pytest.fixture
def browser(console):
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("no Debian chromium at /usr/bin/chromium")
    with playwright.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def test_an_operator_submits_a_pasted_call_and_finds_it_in_the_inbox(console, browser):
    call = next(c for c in load("transcripts.jsonl") if c["id"] == "T01")
    ARTIFACTS.mkdir(exist_ok=True)
    url = console
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.goto(f"{url}/console")
    page.fill("#username", "wang.li")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/console/transcripts")
    page.fill("#transcript", call["text"])
    page.fill("#date", call["date"])
    page.click("text=读取通话记录")
    assert page.input_value("#f-employer") == call["gold"]["employer"]
    assert page.locator("#transcript-view mark").count() >= 5
    page.fill("#f-workers", "19")  # the caller corrected the head count after the call
    page.screenshot(path=str(ARTIFACTS / "console-01-check.png"), full_page=True)
    page.click("text=提交线索")
    page.wait_for_url("**/console/leads/*")
    reference = page.url.split("/")[-1].split("?")[0]
    assert page.locator("#v-workers").inner_text() == "19"
    assert "139****4417" in page.locator("#v-complainant-phone").inner_text()
    page.click("text=线索列表")
    page.fill("#q", call["gold"]["employer"][:6])
    page.click("text=筛选")
    assert page.locator(f"a:text('{reference}')").count() == 1
    page.screenshot(path=str(ARTIFACTS / "console-02-inbox.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.click(f"a:text('{reference}')")
    page.click("text=显示电话和身份证号")
    assert page.locator("#v-complainant-phone").inner_text() == "13926584417"
    page.screenshot(path=str(ARTIFACTS / "console-03-phone-revealed.png"), full_page=True)
