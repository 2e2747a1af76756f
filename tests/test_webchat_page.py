"""The chat page and its photo upload, over HTTP: texts from the catalogue, limits that say why, a rate limit that never 500s."""

from __future__ import annotations

import asyncio
import io
import json
import re
import time

import aiohttp
import pytest
from PIL import Image

from bot.app import GATEWAY
from bot.gateway import RATE_WINDOW
from intake.i18n import catalog
from intake.store.sqlite import SQLiteStore
from tests.chat_client import WebChat, running, settings_for

PROJECT = {"code": "SZ001", "name": "龙岗锦澜湾三期", "district": "龙岗区", "city": "深圳市", "province": "广东省"}
LIMIT = 64 * 1024


def photo(kind: str = "JPEG", size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, kind)
    return buffer.getvalue()


@pytest.fixture
async def client(tmp_path):
    store = SQLiteStore(tmp_path / "gongqian.sqlite3")
    await store.put_record("project", "SZ001", PROJECT)
    async with running(settings_for(tmp_path, webchat_photo_max=LIMIT, rate_limit=20), store=store) as c:
        yield c


def config(page: str) -> dict:
    return json.loads(re.search(r'<script id="config" type="application/json">(.*?)</script>', page, re.S)[1])


async def test_a_project_page_names_the_site_and_carries_every_page_text_in_every_language(client):
    response = await client.get("/p/sz001", headers={"Accept-Language": "zh-TW,zh;q=0.8"})
    page = await response.text()
    conf = config(page)
    assert response.status == 200 and '<html lang="zh-Hant">' in page and conf["lang"] == "zh-Hant"
    assert conf["project"] == "SZ001" and conf["projectName"] == "龙岗锦澜湾三期"
    texts = catalog()
    for lang in ("zh-Hans", "zh-Hant", "en"):
        assert conf["texts"][lang]["intro"] == texts.text(lang, "page.intro")
        assert set(conf["texts"][lang]) == {k.removeprefix("page.") for k in texts.keys(lang) if k.startswith("page.")}
    assert conf["keypads"] == {"amount": "numeric", "workers": "numeric", "phone": "tel", "id_number": "numeric"}
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


async def test_the_page_and_its_assets_are_served_without_a_cdn(client):
    page = await (await client.get("/")).text()
    assert "//" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', page))  # nothing from another host
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        response = await client.get(asset)
        assert response.status == 200 and "immutable" in response.headers["Cache-Control"]
    assert (await client.get("/static/secret.key")).status == 404
    assert (await client.get("/p/<script>")).status == 404


async def test_a_project_name_cannot_break_out_of_the_page_script(client):
    await client.server.app[GATEWAY].store.put_record("project", "EVIL", {**PROJECT, "name": "</script><script>alert(1)"})
    page = await (await client.get("/p/EVIL")).text()
    assert "</script><script>alert" not in page and config(page)["projectName"] == "</script><script>alert(1)"


async def upload(client, data: bytes, content_type="image/jpeg", **fields):
    form = aiohttp.FormData()
    for name, value in {"session": "photo-session-1", **fields}.items():
        form.add_field(name, value)
    form.add_field("photo", data, filename="p.jpg", content_type=content_type)
    return await client.post("/api/chat/photo", data=form)


async def test_a_photo_is_kept_under_a_random_name_and_reaches_the_dialogue(client, tmp_path):
    chat = WebChat(client, "photo-session-1")
    await chat.send("包工头欠我三万五")
    response = await upload(client, photo("PNG"), content_type="application/octet-stream", id="m-77")
    body = await response.json()
    assert response.status == 200 and body["replies"][0]["text"] == catalog().text("zh-Hans", "notice.photo_saved")
    stored = list((tmp_path / "photos").iterdir())
    assert len(stored) == 1 and stored[0].suffix == ".png" and "photo-session" not in stored[0].name
    assert stored[0].read_bytes() == photo("PNG") and stored[0].stat().st_mode & 0o077 == 0
    gateway = client.server.app[GATEWAY]
    conv = gateway._open(await gateway.store.load(gateway.key("web", "photo-session-1")))
    assert conv.data["attachments"] == [{"type": "photo", "file": f"photos/{stored[0].name}",
                                         "content_type": "image/png", "bytes": len(photo("PNG"))}]


async def test_a_retried_upload_is_answered_once_and_kept_once(client, tmp_path):
    first = await (await upload(client, photo(), id="retry-1")).json()
    again = await (await upload(client, photo(), id="retry-1")).json()
    assert again["replies"] == first["replies"] and len(list((tmp_path / "photos").iterdir())) == 1


@pytest.mark.parametrize(("data", "status"), [
    (b"%PDF-1.7 not a photo", 415),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", 415),
    (b"GIF89a" + b"\0" * 32, 415),
    (b"\xff\xd8\xff" + b"\0" * LIMIT, 413),
    (b"", 400),
])
async def test_uploads_that_are_not_photos_or_too_large_are_refused_and_nothing_is_kept(client, tmp_path, data, status):
    response = await upload(client, data)
    assert response.status == status and (await response.json())["error"]
    assert not (tmp_path / "photos").exists() or not any((tmp_path / "photos").iterdir())


async def test_an_oversized_body_is_refused_before_it_is_read(client):
    response = await client.post("/api/chat/photo", data=b"x" * (LIMIT + 64 * 1024),
                                 headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert response.status == 413


@pytest.mark.parametrize("fields", [{"session": "short"}, {"session": "photo-session-1", "lang": "fr"}])
async def test_an_upload_with_bad_fields_gets_400(client, fields):
    assert (await upload(client, photo(), **fields)).status == 400


async def test_a_flood_from_one_session_gets_one_polite_reply_then_silence_and_never_a_500(client):
    chat = WebChat(client, "flooding-session")
    if time.time() % RATE_WINDOW > RATE_WINDOW - 5:  # the store counts per clock minute: start inside one
        await asyncio.sleep(RATE_WINDOW - time.time() % RATE_WINDOW + 0.05)
    statuses, replies = [], []
    for number in range(25):
        response = await client.post("/api/chat", json={"session": chat.session, "text": f"包工头欠我钱 {number}"})
        statuses.append(response.status)
        replies.append((await response.json())["replies"])
    assert statuses == [200] * 25
    assert all(replies[:20])
    assert [r["text"] for r in replies[20]] == [catalog().text("zh-Hans", "notice.rate_limited")]
    assert replies[21:] == [[]] * 4
    other = await WebChat(client, "a-calm-session").send("包工头欠我三万五")
    assert other.replies  # one sender's flood does not silence another
