"""Telegram: python-telegram-bot builds the updates we post to our webhook; our replies reach a Bot API stand-in."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import aiohttp
import pytest
from telegram import Chat, Location, Message, PhotoSize, Update, User, Venue

from bot.app import GATEWAY, build_app
from bot.channels.base import SendError, senders
from bot.channels.telegram import SECRET_HEADER, WEBHOOK
from bot.channels.telegram_bot import TelegramSender
from bot.cli import main
from intake.config import Settings
from intake.i18n import catalog
from intake.lead import unseal
from intake.store.sqlite import SQLiteStore
from tests.loopback import serving
from tests.personas import Turn, drive, load, mismatches, record_of
from tests.telegram_standin import SECRET, TOKEN, BotAPI, options

PROJECT = {"code": "SZ001", "name": "龙岗锦澜湾三期", "address": "深圳市龙岗区坪地街道", "district": "龙岗区",
           "city": "深圳市", "province": "广东省", "general_contractor": "深圳建工集团", "industry": "construction"}


@pytest.fixture
async def api(aiohttp_server):
    bot_api = BotAPI()
    # The stand-in plays Telegram's servers: their access log (with the token in its URLs) is not ours.
    bot_api.server = await aiohttp_server(bot_api.app(), access_log=None)
    return bot_api


def settings(tmp_path, api: BotAPI | None, **more) -> Settings:
    values = {"data_dir": tmp_path, "telegram_token": TOKEN, "telegram_secret": SECRET,
              "telegram_api_base": str(api.server.make_url("/bot")) if api else "http://127.0.0.1:9/bot"}
    return Settings(**{**values, **more})


@pytest.fixture
async def user(api, tmp_path, aiohttp_client):
    store = SQLiteStore(tmp_path / "gongqian.sqlite3")
    await store.put_record("project", "SZ001", PROJECT)
    return TelegramUser(await aiohttp_client(build_app(settings(tmp_path, api), store=store)), api)


class TelegramUser:
    """One person in a private chat with the bot; each message is an Update built by python-telegram-bot."""

    def __init__(self, client, api: BotAPI, chat_id: int = 5550001, chat_type: str = "private"):
        self.client, self.api, self.chat_id = client, api, chat_id
        self.chat = Chat(chat_id, chat_type)
        self.person = User(chat_id, "国庆", is_bot=False, language_code="zh-hans")
        self.update_id = 860000

    def update(self, **fields) -> Update:
        self.update_id += 1
        message = Message(self.update_id, datetime.now(UTC), self.chat, from_user=self.person, **fields)
        return Update(self.update_id, message=message)

    async def post(self, update: Update | dict, secret: str | None = SECRET):
        body = update.to_dict() if isinstance(update, Update) else update
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        return await self.client.post(WEBHOOK, json=body, headers=headers)

    async def send(self, text: str) -> Turn:
        """Post a text; the turn is what reached the Bot API, checked against what the dialogue said."""
        before = len(self.api.sent(self.chat_id))
        response = await self.post(self.update(text=text))
        assert response.status == 200, await response.text()
        arrived = self.api.sent(self.chat_id)[before:]
        conversation = await self.conversation()
        said = self.client.server.app[GATEWAY]._last(conversation)["replies"]
        assert [m["text"] for m in arrived] == [r["text"] for r in said]
        replies = [{"text": m["text"], "expecting": r["expecting"], "options": options(m)} for m, r in zip(arrived, said, strict=True)]
        return Turn(conversation.state, replies, conversation.reference)

    async def conversation(self):
        gateway = self.client.server.app[GATEWAY]
        return gateway._open(await gateway.store.load(gateway.key("telegram", str(self.chat_id))))

    async def lead(self, reference: str) -> dict:
        gateway = self.client.server.app[GATEWAY]
        return unseal((await gateway.store.get_lead(reference)).lead, gateway.vault)


async def test_a_devset_persona_reports_from_a_helmet_deep_link_to_a_lead(user):
    persona = load("dialogues.jsonl")[0]
    response = await user.post(user.update(text="/start SZ001"))
    assert response.status == 200
    assert any("龙岗锦澜湾三期" in m["text"] for m in user.api.sent(user.chat_id))  # the welcome names the site
    transcript = await drive(persona, user.send)
    assert transcript.last.state == "SUBMITTED", transcript.dump()
    lead = await user.lead(transcript.last.reference)
    assert mismatches(record_of(lead), persona["facts"]) == {}, transcript.dump()
    assert lead["project"]["name"] == PROJECT["name"]


async def test_options_become_a_one_time_reply_keyboard_and_the_phone_question_offers_sharing(user):
    turn = await user.send("包工头欠我三万五")
    consent = user.api.sent(user.chat_id)[-1]["reply_markup"]
    assert options(user.api.sent(user.chat_id)[-1]) == list(turn.replies[-1]["options"]) == ["同意", "不同意"]
    assert consent["one_time_keyboard"] is True and consent["resize_keyboard"] is True
    for answer in ("同意", "老板叫胡长江", "龙岗锦澜湾三期", "深圳龙岗区", "三万五", "去年六月到十二月", "就我一个", "李国庆"):
        turn = await user.send(answer)
    assert turn.replies[-1]["expecting"] == "phone", turn
    buttons = [b for row in user.api.sent(user.chat_id)[-1]["reply_markup"]["keyboard"] for b in row]
    assert any(b.get("request_contact") for b in buttons)


async def test_a_shared_contact_answers_the_phone_question(user):
    from telegram import Contact

    await user.send("包工头欠我三万五")
    update = user.update(contact=Contact("15036227481", "国庆", user_id=user.chat_id))
    assert (await user.post(update)).status == 200
    assert (await user.conversation()).data.get("phone") == "15036227481"


async def test_a_redelivered_update_gets_no_second_reply(user):
    update = user.update(text="包工头欠我三万五，不给钱")
    first = await user.post(update)
    sent = len(user.api.sent())
    again = await user.post(update)
    assert (await first.json())["status"] == "accepted" and (await again.json())["status"] == "duplicate"
    assert len(user.api.sent()) == sent == 1


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x", SECRET[:-1]])
async def test_a_forged_update_gets_403_and_nothing_happens(user, secret):
    response = await user.post(user.update(text="包工头欠我三万五"), secret=secret)
    assert response.status == 403
    assert user.api.sent() == [] and await user.conversation() is None


async def test_photos_are_kept_by_file_id_and_locations_fill_the_place(user):
    await user.send("包工头欠我三万五")
    sizes = (PhotoSize("AgACAgsmall", "uniq-small", 90, 67), PhotoSize("AgACAgLARGE", "uniq-large", 1280, 960))
    assert (await user.post(user.update(photo=sizes, caption="工资条"))).status == 200
    venue = Venue(Location(114.25, 22.72), "锦澜湾三期工地", "深圳市龙岗区坪地街道")
    assert (await user.post(user.update(venue=venue, location=Location(114.25, 22.72)))).status == 200
    data = (await user.conversation()).data
    assert data["attachments"] == [{"type": "photo", "file_id": "AgACAgLARGE", "file_unique_id": "uniq-large"}]
    assert data["geo"] == {"lat": 22.72, "lon": 114.25} and data.get("district") == "龙岗区"


async def test_group_chats_and_edits_are_ignored(user, api):
    group = TelegramUser(user.client, api, chat_id=-100123, chat_type="group")
    response = await group.post(group.update(text="包工头欠我三万五"))
    assert response.status == 200 and (await response.json())["status"] == "ignored"
    edit = user.update(text="改一下").to_dict()
    edit["edited_message"] = edit.pop("message")
    assert (await (await user.post(edit)).json())["status"] == "ignored"
    assert api.sent() == []


@pytest.mark.parametrize("body", ["not json", "[]", '{"message": {}}', '{"update_id": 5, "message": {"chat": 1}}'])
async def test_a_malformed_update_gets_400(user, body):
    response = await user.client.post(WEBHOOK, data=body, headers={SECRET_HEADER: SECRET})
    assert response.status == 400 and "error" in await response.json()


@pytest.mark.parametrize("missing", ["telegram_token", "telegram_secret"])
async def test_the_channel_is_off_without_token_and_secret(tmp_path, aiohttp_client, missing):
    client = await aiohttp_client(build_app(settings(tmp_path, None, **{missing: ""})))
    assert (await client.post(WEBHOOK, json={"update_id": 1}, headers={SECRET_HEADER: SECRET})).status == 404


async def test_no_token_secret_phone_or_id_number_reaches_the_logs(user, caplog):
    caplog.set_level(logging.DEBUG)
    for text in ("包工头欠我三万五", "同意", "我叫李国庆，电话15036227481，身份证411625198309171590"):
        await user.send(text)
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert caplog.records, "nothing was logged: the check proves nothing"
    for secret in (TOKEN, TOKEN.split(":")[1], SECRET, "15036227481", "411625198309171590"):
        assert secret not in logged


@pytest.mark.parametrize(("status", "retryable"), [(403, False), (400, False), (502, True)])
async def test_a_failed_send_says_whether_a_retry_can_help(api, tmp_path, status, retryable):
    api.refuse = (status, "refused by the stand-in")
    sender = TelegramSender(settings(tmp_path, api), catalog())
    with pytest.raises(SendError) as failed:
        await sender.send("5550001", "你的线索已转交")
    await sender.close()
    assert failed.value.retryable is retryable and TOKEN not in failed.value.reason


async def test_the_outbound_sender_is_offered_with_a_token(api, tmp_path):
    async with aiohttp.ClientSession() as http:
        sender = senders(settings(tmp_path, api), http)["telegram"]
        sent = await sender.send("5550001", "进度：已转交", ("进度",))
        await sender.close()
    assert sent.channel == "telegram" and api.sent("5550001")[0]["text"] == "进度：已转交"


def test_set_webhook_registers_the_url_and_the_secret(tmp_path, monkeypatch, capsys):
    bot_api = BotAPI()
    with serving(bot_api.app()) as base:
        env(monkeypatch, tmp_path, base)
        assert main(["telegram", "set-webhook", "--url", "https://gq.example.org/webhooks/telegram"]) == 0
        assert main(["telegram", "webhook-info"]) == 0
    assert bot_api.webhook["url"] == "https://gq.example.org/webhooks/telegram"
    assert bot_api.webhook["secret_token"] == SECRET and bot_api.webhook["allowed_updates"] == ["message"]
    out = capsys.readouterr()
    assert "https://gq.example.org/webhooks/telegram" in out.out and TOKEN not in out.out + out.err


def test_set_webhook_refuses_plain_http_and_a_rejected_token_without_printing_it(tmp_path, monkeypatch, capsys):
    bot_api = BotAPI()
    with serving(bot_api.app()) as base:
        env(monkeypatch, tmp_path, base)
        assert main(["telegram", "set-webhook"]) == 2  # the default public URL is http://127.0.0.1:8080
        monkeypatch.setenv("GONGQIAN_TELEGRAM_TOKEN", "1234:not-the-token")
        assert main(["telegram", "set-webhook", "--url", "https://gq.example.org/webhooks/telegram"]) == 2
    err = capsys.readouterr().err
    assert "HTTPS" in err and "rejected" in err and "not-the-token" not in err
    assert bot_api.webhook == {}


def env(monkeypatch, tmp_path, base: str) -> None:
    for name, value in {"GONGQIAN_DATA_DIR": str(tmp_path), "GONGQIAN_TELEGRAM_TOKEN": TOKEN,
                        "GONGQIAN_TELEGRAM_SECRET": SECRET, "GONGQIAN_TELEGRAM_API_BASE": f"{base}/bot"}.items():
        monkeypatch.setenv(name, value)
