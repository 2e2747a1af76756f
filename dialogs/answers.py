"""Step functions: what each state does with a worker's message. Pure: no I/O."""

from __future__ import annotations

import re

from dialogs import intents
from dialogs.context import DIGITS, Context, give_up, reprompt, retry
from dialogs.intake_flow import FINAL, SLOT_BY_NAME
from dialogs.merge import correct_name_part, filled
from dialogs.prepare import empty, opened_from_project, prepare, returning, take_attachments

# Topics that get a referral instead of a lead; "other" is merely unclear, and is asked about.
REFERRED_TOPICS = ("social_insurance", "injury", "contract", "policy", "business_dispute", "loan", "deposit")
_SKIP = re.compile(r"跳过|不想说|不想给|不告诉|保密|不方便|不给|没有|不知道|不晓得|不清楚|记不清|skip|rather not|don'?t know|no idea|none", re.I)
# Words that make a short reply a sentence rather than a name (就我一个, 你问这个干嘛).
_NOT_A_NAME = re.compile(r"[我你他她的了吗呢吧啊就是个不没有什么干嘛怎]")


def handle(ctx: Context) -> None:
    """The whole step: clean the text, pick the language, run commands or the state's handler."""
    prepare(ctx)
    if ctx.conversation.state in FINAL:
        ctx.conversation = ctx.conversation.fresh(ctx.turn.now.timestamp())
    take_attachments(ctx)
    cmd = intents.command(ctx.plain) if ctx.plain else None
    if cmd:
        COMMANDS[cmd](ctx)
    elif not ctx.text and not ctx.turn.location and not opened_from_project(ctx):
        empty(ctx)
    elif returning(ctx):
        ctx.dialogue.fire(ctx, "resume_later")
    else:
        ANSWERS.get(ctx.conversation.state, answer_slot)(ctx)


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
        retry(ctx, "consent", give_up=lambda: ctx.dialogue.fire(ctx, "refuse"))


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
        reprompt(ctx)  # a correction of something else: ask again without counting a try
    else:
        retry(ctx, name, give_up=lambda: give_up(ctx, name))


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
    return name == "id_number" and bool(DIGITS.search(ctx.text))


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
