"""WeChat API client: one shared access token across processes, refreshed once, and sends that say why they failed."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest

from bot.channels.base import SendError, senders
from bot.channels.wechat import sender
from bot.channels.wechat_api import APIError, WeChatAPI
from tests.test_wechat import settings
from tests.wechat_world import APP_SECRET, OPENID, StandIn


@pytest.fixture
async def stand_in(aiohttp_server):
    world = StandIn(token_delay=0.05)  # slow enough that concurrent callers overlap the fetch
    world.server = await aiohttp_server(world.app())
    return world


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


class Clock:
    def __init__(self, now: float = 1_768_550_400.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def apis(open_test_store, stand_in, tmp_path, http, count: int, clock=None) -> list[WeChatAPI]:
    """`count` API clients, each on its own store connection to one backing, as separate processes have."""
    conf = settings(tmp_path, str(stand_in.server.make_url("")), safe=False)
    return [WeChatAPI(conf, open_test_store(), http, **({"clock": clock} if clock else {})) for _ in range(count)]


async def test_concurrent_sends_from_many_processes_fetch_the_token_once(open_test_store, stand_in, tmp_path, http):
    clients = apis(open_test_store, stand_in, tmp_path, http, 3)
    await asyncio.gather(*(clients[i % 3].send_text(OPENID, f"第{i}条") for i in range(30)))
    assert stand_in.token_requests == 1 and len(stand_in.sent) == 30
    assert {m["text"]["content"] for m in stand_in.sent} == {f"第{i}条" for i in range(30)}


async def test_a_token_wechat_expired_is_refreshed_once_for_all_senders(open_test_store, stand_in, tmp_path, http):
    clients = apis(open_test_store, stand_in, tmp_path, http, 2)
    await clients[0].send_text(OPENID, "first")
    stand_in.expire_all()
    await asyncio.gather(*(clients[i % 2].send_text(OPENID, f"after {i}") for i in range(10)))
    assert stand_in.token_requests == 2 and len(stand_in.sent) == 11


async def test_the_token_is_refreshed_before_its_expiry(open_test_store, stand_in, tmp_path, http):
    clock = Clock()
    (api,) = apis(open_test_store, stand_in, tmp_path, http, 1, clock)
    first = await api.access_token()
    clock.now += 7200 - 400
    assert await api.access_token() == first
    clock.now += 150  # inside the safety margin before WeChat's expiry
    assert await api.access_token() != first and stand_in.token_requests == 2


async def test_the_app_secret_never_travels_in_a_url(open_test_store, stand_in, tmp_path, http):
    (api,) = apis(open_test_store, stand_in, tmp_path, http, 1)
    await api.send_text(OPENID, "你好")
    assert stand_in.token_bodies[0]["secret"] == APP_SECRET
    assert not any(APP_SECRET in url for url in stand_in.urls)


async def test_a_scene_qr_code_is_permanent_and_its_image_url_carries_the_ticket(open_test_store, stand_in, tmp_path, http):
    (api,) = apis(open_test_store, stand_in, tmp_path, http, 1)
    url = await api.create_scene_qr("LG-0031")
    assert stand_in.qr_requests == [{"action_name": "QR_LIMIT_STR_SCENE",
                                     "action_info": {"scene": {"scene_str": "LG-0031"}}}]
    assert url == ("https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket="
                   "gQH47joAAAAAAAAAASxodHRwOi8v%2Bd2VpeGlu%2FLnFxLmNvbS9xL2tUTUs%3D")


@pytest.mark.parametrize(("errcode", "retryable"), [(45015, False), (45047, True), (-1, True)])
async def test_a_refused_send_says_whether_a_retry_can_help(stand_in, tmp_path, http, errcode, retryable):
    stand_in.send_errcode = errcode
    wechat = sender(settings(tmp_path, str(stand_in.server.make_url("")), safe=False), http)
    with pytest.raises(SendError) as failure:
        await wechat.send(OPENID, "你好", ("同意", "不同意"))
    assert failure.value.retryable is retryable and str(errcode) in failure.value.reason


async def test_an_unreachable_api_is_retryable_and_the_error_names_no_token(tmp_path, http, caplog):
    from intake.store.sqlite import SQLiteStore

    api = WeChatAPI(settings(tmp_path, "http://127.0.0.1:9", safe=False), SQLiteStore(tmp_path / "s.db"), http)
    with caplog.at_level(logging.DEBUG), pytest.raises(APIError) as failure:
        await api.send_text(OPENID, "你好")
    assert failure.value.retryable and "ClientConnectorError" in str(failure.value)
    assert APP_SECRET not in caplog.text and "access_token" not in str(failure.value)


async def test_the_sender_sends_options_as_a_numbered_list_and_is_registered(stand_in, tmp_path, http):
    conf = settings(tmp_path, str(stand_in.server.make_url("")), safe=False)
    sent = await senders(conf, http)["wechat"].send(OPENID, "你的线索已转交", ("查进度", "找人工"))
    assert sent.channel == "wechat"
    assert stand_in.sent[0]["text"]["content"].startswith("你的线索已转交\n1. 查进度\n2. 找人工")


async def test_no_sender_without_the_app_secret(tmp_path, http):
    assert sender(settings(tmp_path, "http://127.0.0.1:9", safe=False, wechat_app_secret=""), http) is None
