"""A step in progress, and the moves every step function shares: ask again, count a failed try."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dialogs.intake_flow import MAX_TRIES, STATE_BY_NAME
from dialogs.merge import guessed, merge
from intake.extract import Extraction, extract

if TYPE_CHECKING:
    from dialogs.conversation import Conversation
    from dialogs.engine import Dialogue, StepResult, Turn

DIGITS = re.compile(r"\d[\d\s-]{8,}\d")


@dataclass
class Context:
    """One step in progress: the dialogue, the conversation, the turn and the result so far."""

    dialogue: Dialogue
    conversation: Conversation
    turn: Turn
    result: StepResult
    text: str = ""
    plain: str = ""  # the text in Simplified characters, for matching

    @property
    def data(self) -> dict[str, Any]:
        return self.conversation.data

    def note(self, key: str, **variables: Any) -> None:
        """Add an informational reply (no question) before the next prompt."""
        self.result.replies.append(self.dialogue.render.note(self, key, **variables))

    def read(self, expecting: str | None = None):
        """Extraction of this message, with the slot being asked for as a hint."""
        if len(self.text) > SHORT:
            return extract(self.text, self.turn.today, expecting=expecting)
        return _fresh(_read_short(self.text, self.turn.today, expecting))

    def learn(self, found, slot=None) -> set[str]:
        """Fold a reading into what is known; guessed facts stay on the list of things to ask."""
        changed = merge(self.data, found.fields, found.extras, slot, self.plain)
        unsure = self.conversation.unsure
        unsure.extend(name for name in guessed(changed, found.confidence) if name not in unsure
                      and (slot is None or name != slot.name))
        return changed


def reprompt(ctx: Context) -> None:
    """Ask the current state's question again."""
    ctx.dialogue.render.prompt(ctx, STATE_BY_NAME[ctx.conversation.state])


def retry(ctx: Context, name: str, give_up) -> None:
    """Count a failed try; the third one gives up instead of trapping the worker."""
    tries = ctx.conversation.tries
    tries[name] = tries.get(name, 0) + 1
    if tries[name] >= MAX_TRIES:
        give_up()
        return
    ctx.note(retry_key(ctx, name))
    reprompt(ctx)


def retry_key(ctx: Context, name: str) -> str:
    """The most helpful 'try again' text for what the worker sent."""
    if name == "phone" and DIGITS.search(ctx.text):
        return "retry.phone_invalid"
    if name == "id_number" and DIGITS.search(ctx.text):
        return "retry.id_invalid"
    if name == "amount" and ctx.read(expecting="amount").extras.get("invalid_amount"):
        return "retry.amount_invalid"
    return f"retry.{name}"


def give_up(ctx: Context, name: str) -> None:
    """Mark the slot missing and move on."""
    ctx.conversation.skipped[name] = "missing"
    ctx.note("notice.slot_missing")
    ctx.dialogue.fire(ctx, "advance")


# Short answers recur: quick-reply taps (同意, 对, 跳过) and common replies (就我一个, 不知道) are
# the same texts from worker after worker. Extraction is pure, so they are read once per day and
# slot; a long message is rarely seen twice and is not kept.
SHORT = 24


@lru_cache(maxsize=4096)
def _read_short(text: str, today, expecting: str | None) -> Extraction:
    return extract(text, today, expecting=expecting)


def _fresh(found: Extraction) -> Extraction:
    """A copy a step may change without changing the cached reading (values are flat: str, number, list)."""
    return Extraction(_copy(found.fields), dict(found.evidence), dict(found.confidence), _copy(found.extras),
                      found.script)


def _copy(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.copy() if isinstance(v, list | dict) else v for k, v in values.items()}
