"""POST /api/chat, /healthz and /metrics over real HTTP: clear answers to bad input, never a 500."""

from __future__ import annotations

import pytest

from tests.chat_client import WebChat, running, settings_for


async def test_a_message_gets_the_documented_response_shape(tmp_path):
    async with running(settings_for(tmp_path)) as client:
        response = await client.post("/api/chat", json={"session": "shape-session-1", "text": "包工头跑了，欠俺三万五"})
        body = await response.json()
    assert response.status == 200 and set(body) == {"session", "state", "replies", "reference"}
    assert body["state"] == "CONSENT" and body["reference"] is None
    last = body["replies"][-1]
    assert last["expecting"] == "consent" and last["options"] == ["同意", "不同意"]


@pytest.mark.parametrize(("body", "reason"), [
    (b"{not json", "malformed JSON"),
    (b"[1, 2]", "JSON object"),
    (b'{"text": "hi"}', "'session'"),
    (b'{"session": "s", "text": "hi"}', "'session'"),
    (b'{"session": "good-session-1", "text": 5}', "'text'"),
    (b'{"session": "good-session-1", "text": "hi", "lang": "fr"}', "'lang'"),
    (b'{"session": "good-session-1", "text": "hi", "project": "../../etc"}', "'project'"),
    ('{"session": "good-session-1", "text": "\udcff"}'.encode("utf-8", "surrogatepass"), "malformed JSON"),
])
async def test_malformed_requests_get_400_with_a_reason(tmp_path, body, reason):
    async with running(settings_for(tmp_path)) as client:
        response = await client.post("/api/chat", data=body, headers={"Content-Type": "application/json"})
        assert response.status == 400
        assert reason in (await response.json())["error"]


async def test_a_body_over_the_limit_gets_413(tmp_path):
    async with running(settings_for(tmp_path, max_body=4096)) as client:
        response = await client.post("/api/chat", json={"session": "big-session-1", "text": "欠" * 5000})
        assert response.status == 413 and "too large" in (await response.json())["error"]


@pytest.mark.parametrize("text", ["", "🙏🙏", "\x00\x1b[2J", "<img src=x onerror=alert(1)>", "' OR 1=1 --",
                                  "欠我" + "钱" * 10_000, "欠我-5000元", "欠我999999999999元"])
async def test_odd_messages_get_a_reply_not_an_error(tmp_path, text):
    async with running(settings_for(tmp_path)) as client:
        chat = WebChat(client)
        turn = await chat.send(text)
        assert turn.replies and all(r["text"] for r in turn.replies)
        follow = await chat.send("同意")
        assert follow.replies


async def test_a_retried_message_id_gets_the_same_answer(tmp_path):
    async with running(settings_for(tmp_path)) as client:
        chat = WebChat(client)
        first = await chat.send("老板欠我钱", id="c-1")
        again = await chat.send("老板欠我钱", id="c-1")
        assert first == again


async def test_health_and_metrics(tmp_path):
    async with running(settings_for(tmp_path)) as client:
        await WebChat(client).send("老板欠我钱")
        health = await client.get("/healthz")
        status = (await health.json())["status"]
        metrics = await client.get("/metrics")
        text = await metrics.text()
    assert health.status == 200 and status == "ok"
    assert metrics.status == 200 and 'gongqian_messages_total{channel="web",status="accepted"}' in text
    assert "gongqian_dialogue_entered_total" in text and "gongqian_step_seconds_bucket" in text


async def test_a_superscript_digit_is_text_not_a_quick_reply_number(tmp_path):
    # Found by schemathesis: "¹".isdigit() is true, but int("¹") raises.
    async with running(settings_for(tmp_path)) as client:
        chat = WebChat(client)
        await chat.send("老板欠我钱")
        assert (await chat.send("¹")).replies


async def test_no_phone_id_number_or_secret_reaches_the_logs(tmp_path, caplog):
    # Raw records, before the redacting filter production logging adds: the code itself must not log them.
    caplog.set_level("DEBUG")
    async with running(settings_for(tmp_path)) as client:
        chat = WebChat(client)
        for text in ("包工头王建军欠我三万五 电话13953201234", "同意", "海棠花园二期", "青岛黄岛区", "去年十月到今年一月",
                     "就我一个", "李明", "412726198602143153", "对"):
            await chat.send(text)
    secret = (tmp_path / "secret.key").read_text().strip()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "lead GQ-" in logged, "the lead was logged (by reference), so the check is not vacuous"
    for private in ("13953201234", "412726198602143153", secret):
        assert private not in logged
