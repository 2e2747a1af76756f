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
from intake.together import Started

log = logging.getLogger(__name__)
EXPECTED = 10_000  # conversations remembered as about to confirm


def _remember(table: dict, key: str, value) -> None:
    """Keep at most EXPECTED entries: the oldest go first."""
    if len(table) >= EXPECTED:
        oldest = table.pop(next(iter(table)))
        if isinstance(oldest, Started):
            oldest.close()
    table[key] = value


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
        if conversation.survey is None or conversation.state in COLLECTING:
            return None
        replies = await survey.answer(self.store, self.settings, self.texts, conversation, inbound.text, now)
        if replies is not None:
            self.kick(now)
        return replies

    def prefetch(self, key: ConversationKey, now: float) -> None:
        """A conversation at its summary will likely confirm: read its lead's neighbourhood now."""
        digests = self.confirming.pop(str(key), None)
        if digests:
            # Started here, not in a Task: its reads join the lock's write, and the step that
            # awaits it finishes it without waiting a turn of the loop (see intake.together).
            started = Started(neighbourhood(self.store, self.settings, digests, now))
            _remember(self.ahead, str(key), started)  # a duplicate never reaches before_save to take it

    async def before_save(self, key: ConversationKey, inbound: Inbound, result: StepResult, now: float) -> None:
        """Link, route and flag a new lead, or withhold a repeated one."""
        read = await self._read_ahead(key)
        if result.lead is None:
            if result.conversation.state == "CONFIRM":
                self._expect_confirmation(key, result.conversation)
            return
        found = await enrich(self.store, self.vault, self.settings, result.lead, now, read)
        if found.earlier is not None:
            self._already_reported(result, found.earlier.reference, await latest(self.store, found.earlier))
            return
        result.records += found.records
        result.events += found.events

    async def _read_ahead(self, key: ConversationKey):
        """The neighbourhood read with this message's lock, if one was; its answer is already in."""
        ahead = self.ahead.pop(str(key), None)
        if ahead is None:
            return None
        try:
            return await ahead
        except Exception:  # enrich reads again
            log.warning("reading ahead for a confirmation failed; reading again", exc_info=True)
            return None

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
