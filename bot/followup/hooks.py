"""The follow-up's part of the gateway path: 回访 answers, pending notices, linking and alerts."""

from __future__ import annotations

import asyncio
import logging

import aiohttp

from bot.followup import survey
from bot.gateway import Gateway
from bot.messages import Inbound
from dialogs.conversation import Conversation, Reply
from dialogs.engine import StepResult
from dialogs.intake_flow import COLLECTING
from intake import events
from intake.enrich import enrich, expected_subjects, neighbourhood
from intake.status import latest
from intake.store import ConversationKey

log = logging.getLogger(__name__)
EXPECTED = 10_000  # conversations remembered as about to confirm


def _remember(table: dict, key: str, value) -> None:
    """Keep at most EXPECTED entries: the oldest go first."""
    if len(table) >= EXPECTED:
        del table[next(iter(table))]
    table[key] = value


def _quietly(task: asyncio.Task) -> None:
    """A read ahead nobody awaited (the worker did not confirm) must not log 'never retrieved'."""
    if not task.cancelled():
        task.exception()


class Followup:
    """A gateway hook and effect; sends events in the background so no reply waits for them."""

    def __init__(self, gateway: Gateway):
        self.gateway, self.store, self.vault = gateway, gateway.store, gateway.vault
        self.settings, self.texts = gateway.settings, gateway.texts
        self.http: aiohttp.ClientSession | None = None
        self.tasks: set[asyncio.Task] = set()
        self.sending = asyncio.Lock()  # one flush at a time, so two kicks never post one event twice
        # Conversations just shown their summary: the subjects their lead will have, and the reads
        # started with the next message's lock (most next messages confirm). Bounded, in memory.
        self.confirming: dict[str, tuple[str, ...]] = {}
        self.ahead: dict[str, asyncio.Task] = {}

    def install(self) -> None:
        """Join the gateway's path: a hook under the lock, an effect after the save."""
        self.gateway.hooks.append(self)
        self.gateway.effects.append(self.alert)

    async def intercept(self, key: ConversationKey, inbound: Inbound, conversation: Conversation,
                        now: float) -> list[Reply] | None:
        """An answer to an open 回访 question; a worker in the middle of a report is not interrupted."""
        if conversation.state in COLLECTING:
            return None
        replies = await survey.answer(self.store, self.settings, self.texts, key, inbound.text, now)
        if replies is not None:
            self.kick(now)
        return replies

    def prefetch(self, key: ConversationKey, now: float) -> None:
        """A conversation at its summary will likely confirm: read its lead's neighbourhood now."""
        digests = self.confirming.pop(str(key), None)
        if digests:
            task = asyncio.ensure_future(neighbourhood(self.store, self.settings, digests, now))
            task.add_done_callback(_quietly)
            _remember(self.ahead, str(key), task)  # a duplicate never reaches before_save to take it

    async def before_save(self, key: ConversationKey, inbound: Inbound, result: StepResult, now: float) -> None:
        """Link, route and flag a new lead, or withhold a repeated one."""
        ahead = self.ahead.pop(str(key), None)
        if result.lead is None:
            if result.conversation.state == "CONFIRM":
                self._expect_confirmation(key, result.conversation)
            return
        read = None
        if ahead is not None:
            try:
                read = await ahead
            except Exception:  # the read is made again below
                log.warning("reading ahead for a confirmation failed; reading again", exc_info=True)
        found = await enrich(self.store, self.vault, self.settings, result.lead, now, read)
        if found.earlier is not None:
            self._already_reported(result, found.earlier.reference, await latest(self.store, found.earlier))
            return
        result.records += found.records
        result.events += found.events

    def _expect_confirmation(self, key: ConversationKey, conversation: Conversation) -> None:
        _remember(self.confirming, str(key), expected_subjects(self.vault, conversation.data))

    def _already_reported(self, result: StepResult, reference: str, status: str) -> None:
        """No second lead: the worker is told the one they have and where it stands."""
        conv, lang = result.conversation, result.conversation.lang
        log.info("lead %s repeats %s; not saved", result.lead["reference"], reference)
        result.lead, conv.reference = None, reference
        label = self.texts.text(lang, f"status.{status}")
        result.replies[:] = [Reply(self.texts.text(lang, "followup.already_reported", reference=reference,
                                                   status=label))]

    async def alert(self, inbound: Inbound, result: StepResult) -> None:
        """After the save: queue the urgent alert and 预警 warnings, and send them in the background."""
        now = self.gateway.clock()
        queued = [await events.queue(self.store, self.settings, event, now) for event in result.events]
        if any(queued):
            self.kick(now)

    def kick(self, now: float) -> None:
        """Send due events now, without waiting; the worker's job retries what fails."""
        task = asyncio.get_running_loop().create_task(self._flush(now))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _flush(self, now: float) -> None:
        try:
            async with self.sending:
                self.http = self.http or aiohttp.ClientSession()
                await events.flush(self.store, self.http, self.settings, now)
        except Exception:  # the job retries; a background send must never take the gateway down
            log.exception("sending events failed")

    async def close(self) -> None:
        """Let sends in flight finish (briefly), then close the HTTP session."""
        if self.tasks:
            await asyncio.wait(self.tasks, timeout=5)
        if self.http:
            await self.http.close()
