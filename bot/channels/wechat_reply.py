"""Answering inside WeChat's 5-second window, or late through the customer-service API.

WeChat drops a passive reply that takes longer than 5 seconds and redelivers the message. So a
step gets a budget; past it the webhook answers `success`, the step runs on, and its replies go
out through the customer-service API. A redelivery of a message answered that way gets
`success` too, so the worker never reads the same answer twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from bot.channels.base import SendError
from bot.gateway import Gateway
from bot.messages import Inbound, Outcome, Reply
from intake.i18n import Catalog

log = logging.getLogger(__name__)
REPLY_BUDGET = 4.0  # seconds; leaves WeChat's 5-second window room for the network
DRAIN_WAIT = 10.0  # seconds late replies get to finish when the app shuts down
SCENE_KIND = "wechat_scene"  # per sender: the project code of the QR code they last scanned
DEFERRED_KIND = "wechat_deferred"  # per sender: the message whose reply went out late


def compose(replies: list[Reply], lang: str, texts: Catalog) -> str:
    """One WeChat text from a step's replies; quick replies become a numbered list (text has no buttons)."""
    parts = []
    for reply in replies:
        lines = [reply.text]
        lines += [texts.text(lang, "wechat.option", number=n, label=label) for n, label in enumerate(reply.options, 1)]
        if reply.options:
            lines.append(texts.text(lang, "wechat.options_hint"))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


class Replier:
    """Runs the gateway for the webhook with a time budget; late replies go through `late`."""

    def __init__(self, gateway: Gateway):
        self.gateway = gateway
        self.budget = REPLY_BUDGET
        self.late = None  # the WeChatSender, when the AppID and AppSecret are set
        self._tasks: set[asyncio.Task] = set()

    async def within_budget(self, inbound: Inbound, sender: str, forget_scene: bool) -> Outcome | None:
        """The outcome to reply with passively, or None when the reply will go out late."""
        work = self._spawn(self._handle(inbound, sender, forget_scene))
        # Without API credentials nothing can go out late: wait, and let a redelivery pick the reply up.
        done, _ = await asyncio.wait({work}, timeout=self.budget if self.late else None)
        if work in done:
            return await self._in_time(work.result(), inbound, sender)
        await self.gateway.store.put_record(DEFERRED_KIND, sender, {"message_id": inbound.message_id})
        self._spawn(self._reply_late(work, inbound))
        log.info("wechat step over %.1f s: answered success, the reply follows via the API", self.budget)
        return None

    async def drain(self) -> None:
        """Let late replies finish before the app closes its store and HTTP client."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=DRAIN_WAIT)

    async def _handle(self, inbound: Inbound, sender: str, forget_scene: bool) -> Outcome:
        """The gateway path; a QR scene is forgotten once the conversation has moved on from it."""
        outcome = await self.gateway.handle(inbound)
        if forget_scene and outcome.state != "NEW":
            await self.gateway.store.put_record(SCENE_KIND, sender, None)
        return outcome

    async def _in_time(self, outcome: Outcome, inbound: Inbound, sender: str) -> Outcome | None:
        """A redelivery of a message whose reply went out late is not answered again."""
        if outcome.status != "duplicate":
            return outcome
        deferred = await self.gateway.store.get_record(DEFERRED_KIND, sender)
        return None if deferred and deferred.get("message_id") == inbound.message_id else outcome

    async def _reply_late(self, work: asyncio.Task, inbound: Inbound) -> None:
        """Send the step's replies through the customer-service API once it is done; failures are logged."""
        try:
            outcome = await work
            # Only the first delivery sends: a redelivery's outcome repeats replies already on their way.
            if outcome.status != "duplicate" and outcome.replies:
                await self.late.send_replies(inbound.sender, outcome.replies, outcome.lang)
        except SendError as exc:
            log.error("wechat late reply not sent (retryable: %s): %s", exc.retryable, exc.reason)
        except Exception:
            log.exception("wechat late reply failed")

    def _spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task:
        """A task kept referenced until done, so it is neither collected nor cut off by a closed request."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task
