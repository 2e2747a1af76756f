"""What happens to a message before any state sees it: clean it, pick the language, keep photos."""

from __future__ import annotations

import re
import unicodedata

from dialogs import intents
from dialogs.context import Context, reprompt
from dialogs.intake_flow import COLLECTING, SLOT_BY_NAME
from dialogs.merge import merge
from intake.extract import extract

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")
_OPTION_NUMBER = re.compile(r"[0-9]{1,2}")  # ASCII only: "¹".isdigit() is true but int("¹") fails


def prepare(ctx: Context) -> None:
    """Strip control characters, cut long pastes, and follow the worker's script."""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", ctx.turn.text or "")).strip()
    limit = ctx.dialogue.policy.max_text
    if len(text) > limit:
        text = text[:limit]
        ctx.note("notice.truncated", limit=limit)
    ctx.text, ctx.plain = text, intents.simplified(text)
    options = ctx.conversation.options
    if _OPTION_NUMBER.fullmatch(text) and 1 <= int(text) <= len(options):  # numbered quick replies (SMS)
        ctx.text = ctx.plain = intents.simplified(options[int(text) - 1])
    _pick_language(ctx)


def _pick_language(ctx: Context) -> None:
    """Answer in the language chosen, else in the script the worker writes in."""
    conv = ctx.conversation
    if ctx.turn.lang:
        conv.lang, conv.lang_fixed = ctx.turn.lang, True
    elif not conv.lang_fixed and ctx.text:
        conv.lang = _script(ctx.text, ctx.plain) or conv.lang
    conv.data["lang"] = conv.lang


def _script(text: str, plain: str) -> str | None:
    """zh-Hant, zh-Hans or en from the characters used; None when the text cannot tell.

    Most characters are the same in both scripts (同意, 对): only those that differ decide.
    """
    if _HAN.search(text):
        if plain != text:
            return "zh-Hant"
        return "zh-Hans" if intents.traditional(text) != text else None
    letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "en" if letters >= 3 else None


def take_attachments(ctx: Context) -> None:
    """Photos and shared locations are kept whenever they arrive."""
    if ctx.turn.attachments:
        ctx.data.setdefault("attachments", []).extend(ctx.turn.attachments)
    location = ctx.turn.location
    if location:
        label = location.get("label") or ""
        found = extract(label, ctx.turn.today, expecting="location") if label else None
        if found:
            merge(ctx.data, {k: found.fields[k] for k in ("province", "city", "district")}, {}, SLOT_BY_NAME["location"])
        ctx.data["address"] = label or ctx.data.get("address")
        ctx.data["geo"] = {k: location.get(k) for k in ("lat", "lon")}


def returning(ctx: Context) -> bool:
    """A worker back after a long silence mid-form is offered to resume."""
    conv = ctx.conversation
    idle = ctx.turn.now.timestamp() - (conv.updated_at or ctx.turn.now.timestamp())
    return conv.state in COLLECTING and conv.state != "RESUME" and idle > ctx.dialogue.policy.resume_after


def opened_from_project(ctx: Context) -> bool:
    """A scanned QR code (/start CODE, a WeChat scene) opens a report on that project, with no text."""
    return ctx.conversation.state == "NEW" and bool(ctx.turn.project) and not ctx.turn.attachments


def empty(ctx: Context) -> None:
    """No text: say what we need, then ask the current question again."""
    if ctx.turn.attachments:
        ctx.note("notice.photo_saved")
    else:
        ctx.note("notice.empty")
    reprompt(ctx)


_HAN = re.compile("[\u4e00-\u9fff]")
