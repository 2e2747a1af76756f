"""Step functions: what each state does with a worker's message. Pure: no I/O."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dialogs import intents
from dialogs.intake_flow import COLLECTING, FINAL, MAX_TRIES, SLOT_BY_NAME
from dialogs.merge import correct_name_part, filled, guessed, merge
from intake.extract import extract

if TYPE_CHECKING:
    from dialogs.conversation import Conversation
    from dialogs.engine import Dialogue, StepResult, Turn

# Topics that get a referral instead of a lead; "other" is merely unclear, and is asked about.
REFERRED_TOPICS = ("social_insurance", "injury", "contract", "policy", "business_dispute", "loan", "deposit")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")
_SKIP = re.compile(r"跳过|不想说|不想给|不告诉|保密|不方便|不给|没有|不知道|不晓得|不清楚|记不清|skip|rather not|don'?t know|no idea|none", re.I)
_OPTION_NUMBER = re.compile(r"[0-9]{1,2}")  # ASCII only: "¹".isdigit() is true but int("¹") fails
_DIGITS = re.compile(r"\d[\d\s-]{8,}\d")
# Words that make a short reply a sentence rather than a name (就我一个, 你问这个干嘛).
_NOT_A_NAME = re.compile(r"[我你他她的了吗呢吧啊就是个不没有什么干嘛怎]")


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
        return extract(self.text, self.turn.today, expecting=expecting)

    def learn(self, found, slot=None) -> set[str]:
        """Fold a reading into what is known; guessed facts stay on the list of things to ask."""
        changed = merge(self.data, found.fields, found.extras, slot, self.plain)
        unsure = self.conversation.unsure
        unsure.extend(name for name in guessed(changed, found.confidence) if name not in unsure
                      and (slot is None or name != slot.name))
        return changed


def handle(ctx: Context) -> None:
    """The whole step: clean the text, pick the language, run commands or the state's handler."""
    _prepare(ctx)
    if ctx.conversation.state in FINAL:
        ctx.conversation = ctx.conversation.fresh(ctx.turn.now.timestamp())
    _take_attachments(ctx)
    cmd = intents.command(ctx.plain) if ctx.plain else None
    if cmd:
        COMMANDS[cmd](ctx)
    elif not ctx.text and not ctx.turn.location and not _opened_from_project(ctx):
        _empty(ctx)
    elif _returning(ctx):
        ctx.dialogue.fire(ctx, "resume_later")
    else:
        ANSWERS.get(ctx.conversation.state, answer_slot)(ctx)


def _prepare(ctx: Context) -> None:
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
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        if plain != text:
            return "zh-Hant"
        return "zh-Hans" if intents.traditional(text) != text else None
    letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "en" if letters >= 3 else None


def _take_attachments(ctx: Context) -> None:
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


def _returning(ctx: Context) -> bool:
    """A worker back after a long silence mid-form is offered to resume."""
    conv = ctx.conversation
    idle = ctx.turn.now.timestamp() - (conv.updated_at or ctx.turn.now.timestamp())
    return conv.state in COLLECTING and conv.state != "RESUME" and idle > ctx.dialogue.policy.resume_after


def _opened_from_project(ctx: Context) -> bool:
    """A scanned QR code (/start CODE, a WeChat scene) opens a report on that project, with no text."""
    return ctx.conversation.state == "NEW" and bool(ctx.turn.project) and not ctx.turn.attachments


def _empty(ctx: Context) -> None:
    """No text: say what we need, then ask the current question again."""
    if ctx.turn.attachments:
        ctx.note("notice.photo_saved")
    else:
        ctx.note("notice.empty")
    _reprompt(ctx)


def _reprompt(ctx: Context) -> None:
    """Ask the current state's question again."""
    from dialogs.intake_flow import STATE_BY_NAME

    ctx.dialogue.render.prompt(ctx, STATE_BY_NAME[ctx.conversation.state])


# -- the first message ------------------------------------------------------------------------


def answer_first(ctx: Context) -> None:
    """Read the complaint, refer what is not wage arrears, and ask for consent."""
    conv = ctx.conversation
    conv.created_at = conv.created_at or ctx.turn.now.timestamp()
    _prefill_project(ctx)
    found = ctx.read()
    ctx.learn(found)
    topic = found.extras.get("topic")
    if topic in REFERRED_TOPICS and not found.fields.get("is_wage_arrears") and not _asks_about_pay(ctx, topic):
        ctx.data["topic"] = topic
        ctx.dialogue.fire(ctx, "refer")
        return
    ctx.data["topic"] = "wage_arrears" if found.fields.get("is_wage_arrears") else None
    if ctx.data.get("urgent"):
        ctx.note("notice.urgent")
    ctx.dialogue.fire(ctx, "greet")


def _asks_about_pay(ctx: Context, topic: str) -> bool:
    """怎么投诉欠薪？ is a question for us, not a referral: we are where pay complaints go."""
    return topic == "policy" and bool(intents.MENTIONS_PAY.search(ctx.plain))


def _prefill_project(ctx: Context) -> None:
    """A conversation opened from a project's QR code knows the project and its place."""
    project = ctx.turn.project
    if not project:
        return
    ctx.note("notice.project_opened", project=project.get("name") or project.get("code"))
    for key, value in (
        ("project", project.get("name")), ("project_code", project.get("code")),
        ("general_contractor", project.get("general_contractor")), ("address", project.get("address")),
        ("province", project.get("province")), ("city", project.get("city")),
        ("district", project.get("district")), ("industry", project.get("industry")),
    ):
        if value:
            ctx.data[key] = value


# -- consent and topic -----------------------------------------------------------------------


def answer_consent(ctx: Context) -> None:
    """Consent lets the dialogue keep personal data; refusal ends it with nothing kept."""
    agreed = intents.yes_no(ctx.plain)
    if agreed:
        ctx.conversation.consented_at = ctx.turn.now.timestamp()
        ctx.dialogue.fire(ctx, "advance")
    elif agreed is False:
        ctx.dialogue.fire(ctx, "refuse")
    else:
        ctx.learn(ctx.read())
        _retry(ctx, "consent", give_up=lambda: ctx.dialogue.fire(ctx, "refuse"))


def answer_topic(ctx: Context) -> None:
    """Wage arrears go on; anything else gets a referral instead of a lead."""
    topic = ctx.dialogue.render.option_key(ctx.plain, prefix="topic.opt_")
    found = ctx.read(expecting="topic")
    topic = topic or found.extras.get("topic") or ("wage_arrears" if found.fields.get("is_wage_arrears") else None)
    if topic == "wage_arrears":
        ctx.data.update(topic=topic, is_wage_arrears=True)
        ctx.learn(found)
        ctx.dialogue.fire(ctx, "advance")
    elif topic in REFERRED_TOPICS:
        ctx.data["topic"] = topic
        ctx.dialogue.fire(ctx, "refer")
    else:
        _assume_wages(ctx)


def _assume_wages(ctx: Context) -> None:
    """An unclear answer goes on as a wage complaint: staff sort it out, the worker is not trapped."""
    ctx.data.update(topic="wage_arrears")
    ctx.dialogue.fire(ctx, "advance")


# -- slots -----------------------------------------------------------------------------------


def answer_slot(ctx: Context) -> None:
    """Fill the slot asked for (and any other facts given), or ask again, or move on."""
    name = ctx.dialogue.render.expecting(ctx.conversation.state)
    slot = SLOT_BY_NAME[name]
    found = ctx.read(expecting=name)
    changed = ctx.learn(found, slot)
    changed |= _partial_correction(ctx, found)
    if name in ctx.conversation.unsure:
        ctx.conversation.unsure.remove(name)
    if name == "name" and not filled(ctx.data, "name"):
        _bare_name(ctx)
    if name == "location" and ctx.data.get("city") and found.fields.get("city"):
        ctx.conversation.checked.append("location")  # answered as well as the place allows (东莞 has no 区)
    if filled(ctx.data, name) or (name == "location" and "location" in ctx.conversation.checked):
        _slot_done(ctx, name, changed)
    elif found.extras.get("declined") or _SKIP.search(ctx.plain) or (slot.optional and not _attempted(ctx, name)):
        ctx.conversation.skipped[name] = "declined"
        ctx.dialogue.fire(ctx, "advance")
    elif changed:
        _reprompt(ctx)  # a correction of something else: ask again without counting a try
    else:
        _retry(ctx, name, give_up=lambda: _give_up(ctx, name))


def _slot_done(ctx: Context, name: str, changed: set[str]) -> None:
    """A slot is answered: forget its tries, re-check a changed amount, and move on."""
    conv = ctx.conversation
    conv.tries.pop(name, None)
    conv.skipped.pop(name, None)
    if changed & {"amount_yuan", "amount_range"} and "amount" in conv.checked:
        conv.checked.remove("amount")
    conv.editing = None
    ctx.dialogue.fire(ctx, "advance")


def _partial_correction(ctx: Context, found) -> set[str]:
    """不对 是三期: a correction of part of the project name, said while asked something else."""
    if not found.extras.get("correction"):
        return set()
    corrected = correct_name_part(ctx.data.get("project"), ctx.plain)
    if corrected:
        ctx.data["project"] = corrected
        return {"project"}
    return set()


def _bare_name(ctx: Context) -> None:
    """A short reply to 'what is your name' is the name, unless it declines."""
    text = ctx.text.strip(" 。.!！")
    if 2 <= len(text) <= 30 and not any(ch.isdigit() for ch in text) and not _SKIP.search(ctx.plain) \
            and not _NOT_A_NAME.search(intents.simplified(text)):
        ctx.data["complainant_name"] = re.sub(r"^(我叫|我是|叫我|my name is|i am|i'm)\s*", "", text, flags=re.I)


def _attempted(ctx: Context, name: str) -> bool:
    """An answer that tried to give an ID number (digits) deserves a second chance."""
    return name == "id_number" and bool(_DIGITS.search(ctx.text))


def _retry(ctx: Context, name: str, give_up) -> None:
    """Count a failed try; the third one gives up instead of trapping the worker."""
    tries = ctx.conversation.tries
    tries[name] = tries.get(name, 0) + 1
    if tries[name] >= MAX_TRIES:
        give_up()
        return
    ctx.note(_retry_key(ctx, name))
    _reprompt(ctx)


def _retry_key(ctx: Context, name: str) -> str:
    """The most helpful 'try again' text for what the worker sent."""
    if name == "phone" and _DIGITS.search(ctx.text):
        return "retry.phone_invalid"
    if name == "id_number" and _DIGITS.search(ctx.text):
        return "retry.id_invalid"
    if name == "amount" and ctx.read(expecting="amount").extras.get("invalid_amount"):
        return "retry.amount_invalid"
    return f"retry.{name}"


def _give_up(ctx: Context, name: str) -> None:
    """Mark the slot missing and move on."""
    ctx.conversation.skipped[name] = "missing"
    ctx.note("notice.slot_missing")
    ctx.dialogue.fire(ctx, "advance")


def needs(ctx: Context, dest: str) -> bool:
    """Whether `advance` should stop at `dest`: the guard behind every advance row."""
    conv, data = ctx.conversation, ctx.data
    if dest == "CONSENT":
        return conv.consented_at is None
    if dest == "TOPIC":
        return not data.get("topic") and not data.get("is_wage_arrears")
    if dest == "AMOUNT_CHECK":
        amount_known = data.get("amount_yuan") is not None or data.get("amount_range")
        return bool(amount_known and data.get("amount_needs_readback") and "amount" not in conv.checked)
    if dest == "CONFIRM":
        return True
    name = dest.lower()
    if name == "project" and data.get("industry") not in (None, "construction"):
        return False
    if name in conv.unsure:
        return True
    settled = filled(data, name) or (name == "location" and "location" in conv.checked)
    return name not in conv.skipped and not settled


from dialogs.closing import ANSWERS_AFTER, COMMANDS, ON_ENTER, no_action  # noqa: E402

ANSWERS = {"NEW": answer_first, "CONSENT": answer_consent, "TOPIC": answer_topic, **ANSWERS_AFTER}
__all__ = ["COMMANDS", "ON_ENTER", "Context", "handle", "needs", "no_action"]
