"""A turn's replies made into one SMS: options numbered, and shortened rather than split when long."""

from __future__ import annotations

from collections.abc import Sequence

from bot.sms.base import MULTI_SEGMENT, SINGLE_SEGMENT
from dialogs.conversation import Reply

ELLIPSIS = "…"
MIN_PART = 12  # characters; an earlier reply cut shorter than this says nothing, so it is dropped
SENTENCE_ENDS = "。！？；!?;\n"


def budget(max_segments: int) -> int:
    """Characters that fit in `max_segments` segments: 70 for one, 67 each for more."""
    return SINGLE_SEGMENT if max_segments <= 1 else max_segments * MULTI_SEGMENT


def numbered(options: Sequence[str]) -> str:
    """1.同意 2.不同意: the dialogue reads a bare "1" as the first option."""
    return " ".join(f"{i}.{option}" for i, option in enumerate(options, 1))


def shorten(text: str, limit: int) -> str:
    """The text cut to `limit` characters, at a sentence end when one is near, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: max(limit - 1, 0)]
    end = max(head.rfind(mark) for mark in SENTENCE_ENDS)
    if end >= limit // 2:  # a sentence end in the second half: cut there rather than mid-word
        head = head[: end + 1]
    return head.rstrip() + ELLIPSIS


def render(reply: Reply, limit: int) -> str:
    """One reply within `limit` characters; its options line is kept whole, the text gives way."""
    if not reply.options:
        return shorten(reply.text.strip(), limit)
    options = numbered(reply.options)
    text = shorten(reply.text.strip(), limit - len(options) - 1)
    return f"{text}\n{options}" if text else options


def fit_sms(replies: Sequence[Reply], max_segments: int = 3) -> str:
    """One SMS for a turn: the last reply (the question) first kept whole, earlier ones shortened or dropped."""
    limit = budget(max_segments)
    wanted = [r for r in replies if r.text.strip() or r.options]
    if not wanted:
        return ""
    kept = [render(wanted[-1], limit)]
    room = limit - len(kept[0])
    for reply in reversed(wanted[:-1]):
        room -= 1  # the newline that joins it
        if room < MIN_PART:
            break
        kept.insert(0, render(reply, room))
        room -= len(kept[0])
    return "\n".join(kept)
