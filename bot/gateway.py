"""The one path every message takes: lock (+ load, + rate count) → deduplicate → step → save → reply → effects."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

from bot import metrics
from bot.messages import Inbound, Outcome
from dialogs.conversation import Conversation, Reply
from dialogs.engine import FINAL, Dialogue, Policy, StepResult, Turn
from intake.compact_json import dumps, loads
from intake.config import Settings
from intake.i18n import Catalog, catalog
from intake.lead import seal
from intake.status import latest
from intake.store import ConversationKey, Store
from intake.vault import Vault

log = logging.getLogger(__name__)
Effect = Callable[[Inbound, StepResult], Awaitable[None]]


class Hook(Protocol):
    """Work around the dialogue step, under the conversation lock (follow-up: 回访 answers, linking)."""

    async def intercept(self, key: ConversationKey, inbound: Inbound, conversation: Conversation,
                        now: float) -> list[Reply] | None:
        """Replies when the hook answers the message itself, so the dialogue never sees it; else None."""

    async def before_save(self, key: ConversationKey, inbound: Inbound, result: StepResult, now: float) -> None:
        """Change the result before it is saved: enrich or withhold its lead, add replies."""

    def prefetch(self, key: ConversationKey, now: float) -> None:
        """Start reads this sender's next step will likely need; started before the lock is taken,
        they go to the store in the same write as the lock's (one round trip for both on Redis)."""


PERSONAL = ("phone", "id_number", "complainant_name")
RECENT_IDS = 20  # platforms redeliver within minutes; older ids fall back to the store's marks
RATE_WINDOW = 60.0


class Gateway:
    """Carries messages from any channel through the dialogue and into the store."""

    def __init__(self, store: Store, settings: Settings, *, vault: Vault | None = None,
                 texts: Catalog | None = None, clock: Callable[[], float] = time.time):
        self.store, self.settings, self.clock = store, settings, clock
        self.vault = vault or Vault.from_settings(settings.secret_key, settings.data_dir)
        self.texts = texts or catalog()
        self.dialogue = Dialogue(self.texts, Policy(settings.hotline, settings.reference_prefix,
                                                    settings.max_text, settings.resume_after))
        self.tz = ZoneInfo(settings.timezone)
        self.effects: list[Effect] = []
        self.hooks: list[Hook] = []
        # A sender writes several messages in a row: their key is worked out once (in memory only).
        self._keys = lru_cache(maxsize=16384)(
            lambda channel, sender: ConversationKey(channel, self.vault.blind(f"{channel}:{sender}")))

    def key(self, channel: str, sender: str) -> ConversationKey:
        """The store key of a sender: a blind index, so no phone number becomes a key."""
        return self._keys(channel, sender)

    async def handle(self, inbound: Inbound) -> Outcome:
        """Take one inbound message along the whole path and return what to answer."""
        key = self.key(inbound.channel, inbound.sender)
        for hook in self.hooks:
            hook.prefetch(key, self.clock())
        async with self.store.lock(key, rate_window=RATE_WINDOW) as count:
            if count > self.settings.rate_limit:
                return self._limited(inbound, count)
            # Deduplicated under the lock, so a twin of this message that just finished is seen.
            conversation = self._open(await self.store.load(key))
            if await self._redelivered(key, inbound.message_id, conversation):
                return self._duplicate(inbound, conversation)
            started = time.perf_counter()
            result = await self._step(key, inbound, conversation)
            metrics.STEPS.observe(time.perf_counter() - started)
        await self._effects(inbound, result)
        return self._outcome("accepted", inbound, result)

    async def _redelivered(self, key: ConversationKey, message_id: str | None, conv: Conversation | None) -> bool:
        """Whether this message was processed before: the conversation remembers its last ids."""
        if not message_id:
            return False
        if conv is not None and (message_id in conv.recent or len(conv.recent) < RECENT_IDS):
            return message_id in conv.recent
        return await self.store.seen(key, message_id)

    async def _step(self, key: ConversationKey, inbound: Inbound, conversation: Conversation | None) -> StepResult:
        """Step and save: the part done under the conversation lock."""
        now = self.clock()
        conversation = conversation or Conversation(created_at=now)
        project = await self._project(inbound, conversation)
        turn = Turn(text=inbound.text, now=datetime.fromtimestamp(now, self.tz), channel=inbound.channel,
                    sender=inbound.sender, sender_key=key.sender, lang=inbound.lang,
                    attachments=inbound.attachments, location=inbound.location, project=project)
        replies = await self._intercept(key, inbound, conversation, now)
        result = StepResult(conversation, replies) if replies is not None else self.dialogue.step(conversation, turn)
        if result.wants_status:
            result.replies[:0] = await self._status(key, result.conversation.lang)
        for hook in self.hooks:
            await hook.before_save(key, inbound, result, now)
        conv = result.conversation
        if conversation.notices:  # news left while the worker was away (a status update) comes first
            result.replies[:0] = [Reply(n["text"], None, tuple(n["options"])) for n in conversation.notices]
            conversation.notices, conv.notices = [], []
        if inbound.message_id:  # kept to answer a redelivery alike; without an id there can be none
            conv.last = {"message_id": inbound.message_id, "replies": [r.to_json() for r in result.replies]}
            conv.recent = [*conv.recent[-(RECENT_IDS - 1):], inbound.message_id]
        else:
            conv.last = None
        lead = seal(result.lead, self.vault) if result.lead else None
        await self.store.save(key, self._seal(conv), self.settings.conversation_ttl,
                              message_id=inbound.message_id, lead=lead, records=result.records)
        return result

    async def _intercept(self, key: ConversationKey, inbound: Inbound, conversation: Conversation,
                         now: float) -> list[Reply] | None:
        """The first hook's own answer to the message, if one takes it."""
        for hook in self.hooks:
            replies = await hook.intercept(key, inbound, conversation, now)
            if replies is not None:
                conversation.updated_at = now  # still the worker's last message (WeChat's window counts from it)
                return replies
        return None

    def _limited(self, inbound: Inbound, count: int) -> Outcome:
        """One polite word to a sender over the limit, then silence until the minute is over."""
        metrics.MESSAGES.labels(inbound.channel, "limited").inc()
        replies = [Reply(self.texts.text(inbound.lang or "zh-Hans", "notice.rate_limited"))]
        return Outcome("limited", replies if count == self.settings.rate_limit + 1 else [], lang=inbound.lang or "zh-Hans")

    def _duplicate(self, inbound: Inbound, conv: Conversation | None) -> Outcome:
        """A redelivered message gets the replies the first delivery got, and nothing else happens."""
        metrics.MESSAGES.labels(inbound.channel, "duplicate").inc()
        last = self._last(conv) if conv else {}
        replies = [Reply(r["text"], r["expecting"], tuple(r["options"])) for r in last.get("replies", [])] \
            if last.get("message_id") == inbound.message_id else []
        return Outcome("duplicate", replies, conv.state if conv else "NEW", conv.reference if conv else None,
                       conv.lang if conv else "zh-Hans")

    async def _project(self, inbound: Inbound, conversation: Conversation) -> dict | None:
        """The registry record of the project code a conversation was opened with."""
        if not inbound.project_code or (conversation.state not in FINAL and conversation.state != "NEW"):
            return None
        return await self.store.get_record("project", inbound.project_code.strip().upper())

    async def _status(self, key: ConversationKey, lang: str) -> list[Reply]:
        """进度: the worker's leads and where each stands."""
        lines = []
        async for item in self.store.leads(key):
            label = self.texts.text(lang, f"status.{await latest(self.store, item)}")
            lines.append(self.texts.text(lang, "status.line", reference=item.reference, status=label))
            if len(lines) == 5:
                break
        if not lines:
            return [Reply(self.texts.text(lang, "status.none"))]
        return [Reply("\n".join([self.texts.text(lang, "status.head"), *lines]))]

    async def _effects(self, inbound: Inbound, result: StepResult) -> None:
        """After the state is saved: metrics and registered effects, each safe to repeat."""
        metrics.MESSAGES.labels(inbound.channel, "accepted").inc()
        for state in result.entered:
            metrics.ENTERED.labels(state).inc()
        if result.lead:
            metrics.LEADS.labels(inbound.channel, "handoff" if result.lead["handoff"] else "complaint").inc()
            log.info("lead %s written (channel %s, urgent %s)", result.lead["reference"], inbound.channel,
                     result.lead["urgent"])
        for effect in self.effects:
            try:
                await effect(inbound, result)
            except Exception:  # an effect failing must never lose the saved lead or the reply
                log.exception("effect %s failed", getattr(effect, "__name__", effect))

    def _outcome(self, status: str, inbound: Inbound, result: StepResult) -> Outcome:
        conv = result.conversation
        reference = result.lead["reference"] if result.lead else None
        return Outcome(status, result.replies, conv.state, reference, conv.lang, result.lead)

    def _seal(self, conversation: Conversation) -> dict:
        """The state as stored, with personal fields encrypted."""
        state = conversation.to_state()
        state["data"] = {k: self._sealed(conversation, k, v) if k in PERSONAL and isinstance(v, str) else v
                         for k, v in state["data"].items()}
        # The last replies are kept for redeliveries; the summary in them shows phone and ID numbers.
        last = state["last"]
        state["last"] = self.vault.encrypt(dumps(last)) if isinstance(last, dict) else last
        return state

    def _sealed(self, conversation: Conversation, name: str, plain: str) -> str:
        """The ciphertext of a personal field: the one it was loaded from, if it has not changed."""
        loaded = conversation.sealed.get(name)
        return loaded[1] if loaded is not None and loaded[0] == plain else self.vault.encrypt(plain)

    def _open(self, state: dict | None) -> Conversation | None:
        """The stored state with personal fields decrypted (the last replies stay sealed: only a
        redelivery reads them)."""
        conv = Conversation.from_state(state)
        if conv:
            for name in PERSONAL:
                cipher = conv.data.get(name)
                if isinstance(cipher, str):
                    plain = conv.data[name] = self.vault.decrypt(cipher)
                    if plain != cipher:  # a value found unencrypted (written by hand) is encrypted on save
                        conv.sealed[name] = (plain, cipher)
        return conv

    def _last(self, conv: Conversation) -> dict:
        """The replies the conversation's last message got, unsealed."""
        last = conv.last
        return loads(self.vault.decrypt(last)) if isinstance(last, str) else (last or {})
