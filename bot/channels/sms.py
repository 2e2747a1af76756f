"""SMS: provider webhooks in at POST /webhooks/sms/<provider>, replies out through GONGQIAN_SMS_PROVIDER.

Each provider module in bot/sms checks its own request (signature or URL token) and turns it into
neutral messages and delivery reports; this module treats them the same for all: opt-out words are
stored and confirmed once, other texts go through the gateway, reports are recorded by message id.
The provider is answered at once; replies are sent after, so a slow send API never makes a
provider time out and redeliver.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging

import aiohttp
from aiohttp import web

from bot.channels.base import SendError, Sent
from bot.gateway import Gateway
from bot.messages import Inbound
from bot.sms import PROVIDERS
from bot.sms.base import SmsProvider
from bot.sms.fit import fit_sms
from bot.sms.inbound import Forged, Hook, Malformed, SmsMessage
from bot.sms.optout import is_opt_out, language, opt_out
from bot.sms.reports import record
from bot.sms.send import choose, send
from dialogs.conversation import Reply
from intake.config import Settings
from intake.privacy import mask_phone
from intake.store import Store, open_store
from intake.vault import Vault

NAME = "sms"
ROUTE = "/webhooks/sms/{provider}"
RETRY_DELAYS = (1.0, 5.0)  # a reply that met throttling or an outage is tried twice more, then logged
log = logging.getLogger(__name__)


def setup(app: web.Application, gateway: Gateway, settings: Settings) -> bool:
    """On when at least one provider's webhook secret is set; the route 404s for the others."""
    hooks = {name: module for name in PROVIDERS
             if (module := importlib.import_module(f"bot.sms.{name}"))
             and getattr(module, "webhook_enabled", lambda _s: False)(settings)}
    if not hooks:
        return False
    channel = SmsChannel(gateway, settings, hooks)
    app[SMS] = channel
    app.cleanup_ctx.append(channel.lifetime)
    app.router.add_post(ROUTE, channel.webhook)
    return True


class SmsChannel:
    """The webhook, and the replies it sends in the background."""

    def __init__(self, gateway: Gateway, settings: Settings, hooks: dict):
        self.gateway, self.settings, self.hooks = gateway, settings, hooks
        self.provider: SmsProvider | None = None
        self.tasks: set[asyncio.Task] = set()

    async def lifetime(self, app: web.Application):
        """One HTTP session and one provider per process; replies under way finish before shutdown."""
        async with aiohttp.ClientSession() as http:
            self.provider = choose(self.settings, http)  # a misconfigured provider stops start-up, loudly
            yield
            await self.drain()
            getattr(self.provider, "close", lambda: None)()

    async def webhook(self, request: web.Request) -> web.Response:
        """POST /webhooks/sms/<provider>: verify, handle every event, answer as the platform expects."""
        name = request.match_info["provider"]
        module = self.hooks.get(name)
        if module is None:
            return _error(404, f"SMS provider {name!r} is not configured here")
        # Signatures cover the URL the provider called: the public one, not the one we listen on.
        hook = Hook(self.settings.public_url.rstrip("/") + request.raw_path, request.headers, request.query,
                    await request.read(), self.gateway.clock())
        try:
            events = module.read(hook, self.settings)
        except Forged as exc:
            log.warning("sms webhook %s rejected: %s", name, exc)
            return _error(403, str(exc))
        except Malformed as exc:
            return _error(400, str(exc))
        for event in events:
            if isinstance(event, SmsMessage):
                await self.message(name, event)
            else:
                await record(self.gateway.store, name, event)
        return web.Response(status=module.ACK.status, text=module.ACK.body, content_type=module.ACK.content_type)

    async def message(self, source: str, message: SmsMessage) -> None:
        """An opt-out word is stored and confirmed; any other text goes through the gateway."""
        if is_opt_out(message.text):
            await self.opt_out(source, message)
            return
        inbound = Inbound(NAME, message.phone, message.text, message_id=f"{source}:{message.message_id}")
        outcome = await self.gateway.handle(inbound)
        if outcome.status != "duplicate" and outcome.replies:
            self.reply(message.phone, fit_sms(outcome.replies, self.settings.sms_max_segments), outcome.reference)

    async def opt_out(self, source: str, message: SmsMessage) -> None:
        """Confirmed only the first time; that confirmation is the last text the number gets."""
        if await opt_out(self.gateway.store, self.gateway.vault, message.phone, source):
            log.info("sms %s opted out via %s", mask_phone(message.phone), source)
            text = self.gateway.texts.text(language(message.text), "sms.opted_out", hotline=self.settings.hotline)
            self.reply(message.phone, text, confirming=True)

    def reply(self, phone: str, text: str, reference: str | None = None, *, confirming: bool = False) -> None:
        """Send in the background, tracked so shutdown waits for it."""
        task = asyncio.create_task(self._deliver(phone, text, reference, confirming))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _deliver(self, phone: str, text: str, reference: str | None, confirming: bool) -> None:
        """Send, retrying what may pass later; a failure is logged with the number masked, never raised."""
        store, vault = self.gateway.store, self.gateway.vault
        for delay in (*RETRY_DELAYS, None):
            try:
                if confirming:  # the opt-out confirmation itself must pass the opt-out check
                    await self.provider.send(phone, text, reference=reference)
                else:
                    await send(store, vault, self.provider, phone, text, reference=reference)
                return
            except SendError as exc:
                if not exc.retryable or delay is None:
                    log.warning("sms reply to %s not sent: %s", mask_phone(phone), exc.reason)
                    return
                await asyncio.sleep(delay)

    async def drain(self) -> None:
        """Wait for every reply under way."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)


SMS = web.AppKey("sms", SmsChannel)


def _error(status: int, reason: str) -> web.Response:
    return web.Response(status=status, text=json.dumps({"error": reason}), content_type="application/json")


class SmsSender:
    """Outbound SMS for notifications and status updates, fitted to SMS and refused to opted-out numbers."""

    channel = NAME

    def __init__(self, provider: SmsProvider, store: Store, vault: Vault, max_segments: int):
        self.provider, self.store, self.vault, self.max_segments = provider, store, vault, max_segments

    async def send(self, address: str, text: str, options: tuple[str, ...] = ()) -> Sent:
        """Deliver one message or raise SendError (OptedOut for a number that sent TD)."""
        body = fit_sms([Reply(text, None, tuple(options))], self.max_segments)
        return await send(self.store, self.vault, self.provider, address, body)


def sender(settings: Settings, http: aiohttp.ClientSession, store: Store | None = None,
           vault: Vault | None = None) -> SmsSender | None:
    """The SMS sender over GONGQIAN_SMS_PROVIDER; None (with a warning) when that provider is not set up."""
    try:
        provider = choose(settings, http)
    except ValueError as exc:
        log.warning("sms sender off: %s", exc)
        return None
    store = store or open_store(settings.redis_url or None, settings.data_dir, settings.redis_cluster)
    vault = vault or Vault.from_settings(settings.secret_key, settings.data_dir)
    return SmsSender(provider, store, vault, settings.sms_max_segments)
