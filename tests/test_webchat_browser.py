"""The chat page in a real browser: Debian's Chromium, headless, driven by Playwright on a phone-sized screen.

Screenshots for review are saved to tests/artifacts/webchat-*.png.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from bot.app import build_app
from intake.i18n import catalog
from intake.store.sqlite import SQLiteStore
from tests.chat_client import settings_for
from tests.personas import Turn, drive, load

playwright = pytest.importorskip("playwright.async_api")
pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"
PROJECT = {"code": "SZ001", "name": "龙岗锦澜湾三期", "district": "龙岗区", "city": "深圳市", "province": "广东省",
           "industry": "construction"}
TEXTS = catalog()


@pytest.fixture
async def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("no Debian chromium: apt-get install chromium")
        pytest.skip("no Debian chromium at /usr/bin/chromium (apt-get install chromium)")
    async with playwright.async_playwright() as driver:
        launched = await driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def site(aiohttp_server, tmp_path):
    store = SQLiteStore(tmp_path / "gongqian.sqlite3")
    await store.put_record("project", "SZ001", PROJECT)
    server = await aiohttp_server(build_app(settings_for(tmp_path, webchat_photo_max=200_000), store=store))
    return str(server.make_url("")).rstrip("/")


@pytest.fixture
async def phone(browser):
    context = await browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                        device_scale_factor=2, locale="zh-CN")
    page = await context.new_page()
    yield page
    await context.close()


async def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"webchat-{name}.png"))


class PageChat:
    """A worker using the page: taps a quick reply when one matches, else types; reads what the page received."""

    def __init__(self, page):
        self.page, self.keypads, self.tapped, self.expecting = page, {}, [], None

    async def send(self, text: str) -> Turn:
        page = self.page
        quick = page.locator("#quick").get_by_role("button", name=text, exact=True)
        async with page.expect_response(lambda r: r.url.endswith("/api/chat")) as answered:
            if await quick.count():
                self.tapped.append(text)
                await quick.click()
            else:
                self.keypads[self.expecting] = await page.get_attribute("#text", "inputmode")
                await page.fill("#text", text)
                await page.press("#text", "Enter")
        body = await (await answered.value).json()
        await self.shown(body)
        self.expecting = next((r["expecting"] for r in reversed(body["replies"]) if r["expecting"]), self.expecting)
        if self.expecting in ("amount", "confirm") and body["replies"]:
            await shot(page, f"03-{self.expecting}")
        return Turn(body["state"], body["replies"], body["reference"])

    async def shown(self, body: dict) -> None:
        """The page marks the message delivered and shows the last reply."""
        expect = playwright.expect
        await expect(self.page.locator(".msg.me").last.locator(".status")).to_have_text(TEXTS.text("zh-Hans", "page.sent"))
        if body["replies"]:
            await expect(self.page.locator(".msg.bot").last).to_contain_text(body["replies"][-1]["text"].splitlines()[0])


async def test_a_worker_completes_a_complaint_on_a_360_px_phone(phone, site):
    persona = load("dialogues.jsonl")[0]
    await phone.goto(f"{site}/p/SZ001")
    await playwright.expect(phone.locator("#project")).to_contain_text("龙岗锦澜湾三期")
    await shot(phone, "01-opened")
    chat = PageChat(phone)
    transcript = await drive(persona, chat.send)
    assert transcript.last.state == "SUBMITTED" and transcript.last.reference, transcript.dump()
    await playwright.expect(phone.locator(".msg.bot").last).to_contain_text(transcript.last.reference)
    await shot(phone, "04-submitted")
    assert "同意" in chat.tapped  # consent by quick reply
    assert {k: chat.keypads.get(k) for k in ("amount", "workers", "phone", "id_number")} == \
        {"amount": "numeric", "workers": "numeric", "phone": "tel", "id_number": "numeric"}
    await phone.set_viewport_size({"width": 320, "height": 640})
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 320  # nothing wider than the screen
    await shot(phone, "05-320px")


async def test_a_lost_answer_shows_failed_and_a_tap_resends_the_same_message_once(phone, site):
    posted = []
    phone.on("request", lambda r: posted.append(r.post_data_json["id"]) if r.url.endswith("/api/chat") else None)
    await phone.goto(site)

    async def lost(route):  # the server gets the message, the phone never hears back
        await route.fetch()
        await route.abort("internetdisconnected")

    await phone.route("**/api/chat", lost)
    await phone.fill("#text", "包工头欠我三万五，不给钱")
    await phone.press("#text", "Enter")
    failed = phone.locator(".msg.me.failed")
    await playwright.expect(failed.locator(".status")).to_have_text(TEXTS.text("zh-Hans", "page.failed"))
    await playwright.expect(phone.locator("#notice")).to_be_hidden()  # no browser jargon, the bubble says it
    await shot(phone, "02-failed-retry")
    await phone.unroute("**/api/chat")
    await failed.click()
    await playwright.expect(phone.locator(".msg.me .status")).to_have_text(TEXTS.text("zh-Hans", "page.sent"))
    assert len(posted) == 2 and posted[0] == posted[1]  # the retry is the same message, deduplicated
    await playwright.expect(phone.locator(".msg.bot")).to_have_count(2)  # the intro and one answer, not two
    await phone.reload()
    await playwright.expect(phone.locator(".msg")).to_have_count(3)  # the conversation survives a reload
    async with phone.expect_response(lambda r: r.url.endswith("/api/chat")) as answered:
        await phone.locator("#quick").get_by_role("button", name="同意", exact=True).click()
    assert (await (await answered.value).json())["state"] not in ("NEW", "CONSENT")


async def test_the_language_switch_and_photos_with_their_checks(phone, site):
    await phone.goto(site)
    await phone.get_by_role("button", name="English").click()
    await playwright.expect(phone.locator("h1")).to_have_text(TEXTS.text("en", "page.heading"))
    assert await phone.get_attribute("#text", "placeholder") == TEXTS.text("en", "page.placeholder")
    await phone.set_input_files("#photo", files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hi"}])
    await playwright.expect(phone.locator("#notice")).to_have_text(TEXTS.text("en", "page.photo_type"))
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (40, 120, 200)).save(buffer, "PNG")
    async with phone.expect_response(lambda r: r.url.endswith("/api/chat/photo")) as uploaded:
        await phone.set_input_files("#photo", files=[{"name": "slip.png", "mimeType": "image/png", "buffer": buffer.getvalue()}])
    response = await uploaded.value
    assert response.status == 200
    await playwright.expect(phone.locator(".msg.bot").last).to_have_text(TEXTS.text("en", "notice.photo_saved"))
    await playwright.expect(phone.locator(".msg.me img")).to_have_count(1)
    await shot(phone, "06-english-photo")
