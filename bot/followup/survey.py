"""回访: some days after a lead is resolved or closed, the worker is asked 满意/不满意 and for a comment.

A due survey is a `survey_due` record per lead (asked once, even if `closed` follows
`resolved`); an open question is kept in the state of the conversation the question went to
(`Conversation.survey`), which the gateway's hook checks before the dialogue sees a message.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from bot.followup.notify import amend
from dialogs.conversation import Conversation, Reply
from dialogs.intents import command, simplified
from intake import events
from intake.i18n import Catalog
from intake.status import history
from intake.store import Store

DUE_KIND = "survey_due"
ASK_ON = ("resolved", "closed")
OPEN_FOR = 7 * 86400.0  # an unanswered question stops catching messages after a week
# What workers answer (input vocabulary, not texts we show); 不满意 is checked first.
_NO = re.compile(r"^(2|不满意|不太满意|没解决|没有解决|不好|差|not satisfied|unsatisfied|dissatisfied|no)\b", re.I)
_YES = re.compile(r"^(1|满意|很满意|非常满意|挺好|可以|解决了|好|satisfied|yes|good)\b", re.I)
_SKIP = re.compile(r"^(跳过|没有了?|没了|不用了?|无|skip|no|none|nothing)$", re.I)


async def schedule(store: Store, item_id: str, reference: str, status: str, at: float, delay: float) -> bool:
    """Plan the survey of a lead that was just resolved or closed; False if it was already planned."""
    if status not in ASK_ON or await store.get_record(DUE_KIND, item_id) is not None:
        return False
    await store.put_record(DUE_KIND, item_id, {"reference": reference, "due_at": at + delay, "state": "due"})
    return True


async def ask_due(store: Store, notifier, texts: Catalog, now: float) -> int:
    """Ask every survey that is due; returns how many were asked."""
    asked = 0
    async for lead_id, due in store.records(DUE_KIND):
        if due["state"] != "due" or due["due_at"] > now:
            continue
        item = await store.get_lead(lead_id)
        if item is not None:
            await _ask(store, notifier, texts, item.lead, now)
            asked += 1
        await store.put_record(DUE_KIND, lead_id, {**due, "state": "asked", "asked_at": now})
    return asked


async def _ask(store: Store, notifier, texts: Catalog, lead: dict[str, Any], now: float) -> None:
    """Send the question and open it under the conversation it went to."""
    lang = lead.get("lang") or "zh-Hans"
    options = (texts.text(lang, "followup.survey_yes"), texts.text(lang, "followup.survey_no"))
    question = texts.text(lang, "followup.survey_question", reference=lead["reference"])
    key = await notifier.tell(lead, question, options, now)
    opened = {"lead_id": lead["id"], "reference": lead["reference"], "lang": lang, "stage": "asked", "asked_at": now}
    await amend(store, key, lambda state: state.__setitem__("survey", opened), OPEN_FOR)


async def answer(store: Store, settings, texts: Catalog, conversation: Conversation, text: str,
                 now: float) -> list[Reply] | None:
    """The replies when this message answers the conversation's open survey; None when it does not.

    The question's progress is written to the conversation, which the gateway then saves.
    """
    survey = conversation.survey
    if survey is None or now - survey["asked_at"] > OPEN_FOR:
        return None
    plain = simplified((text or "").strip())
    if survey["stage"] == "asked":
        return _rating(texts, conversation, survey, plain)
    if command(plain):
        return None  # 进度, 帮助 and the like still work while a comment is awaited
    await _forward(store, settings, survey, "" if _SKIP.match(plain) else text.strip(), now)
    conversation.survey = None
    return [Reply(texts.text(survey["lang"], "followup.survey_thanks"))]


def _rating(texts: Catalog, conversation: Conversation, survey: dict[str, Any], plain: str) -> list[Reply] | None:
    """满意 or 不满意; anything else goes on to the dialogue and the question stays open."""
    satisfied = False if _NO.match(plain) else True if _YES.match(plain) else None
    if satisfied is None:
        return None
    conversation.survey = {**survey, "stage": "comment", "satisfied": satisfied}
    return [Reply(texts.text(survey["lang"], "followup.survey_comment"), "survey_comment")]


async def _forward(store: Store, settings, survey: dict[str, Any], comment: str, now: float) -> None:
    """Queue the answer for the backend (signed, retried)."""
    item = await store.get_lead(survey["lead_id"])
    body = {"event": "survey", "reference": survey["reference"], "lead_id": survey["lead_id"],
            "case_id": await _case_id(store, survey["lead_id"]),
            "satisfied": survey["satisfied"], "comment": comment,
            "at": datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")}
    if item is not None:
        await events.queue(store, settings, {"id": f"survey:{survey['lead_id']}", "target": "survey", "body": body}, now)


async def _case_id(store: Store, lead_id: str) -> str | None:
    """The backend's case id, as its last status callback gave it."""
    ids = [e["case_id"] for e in await history(store, lead_id) if e.get("case_id")]
    return ids[-1] if ids else None
