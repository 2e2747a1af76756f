"""Step functions for the end of the form (read-back, confirmation, edits), the global
commands, and what entering a final state does. Pure: no I/O."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogs import intents
from dialogs.context import reprompt, retry
from dialogs.intake_flow import SLOT_BY_NAME
from dialogs.merge import merge
from intake.lead import build_lead

if TYPE_CHECKING:
    from dialogs.context import Context

# Confirmation compares what the worker restates with what we hold; only these can be restated.
_RESTATABLE = ("amount_yuan", "amount_range", "workers", "phone")


def answer_readback(ctx: Context) -> None:
    """The worker checks an amount we computed or rounded: yes, no, or a new figure."""
    conv = ctx.conversation
    found = ctx.read(expecting="amount")
    changed = merge(ctx.data, {k: found.fields[k] for k in ("amount_yuan", "amount_range")}, found.extras,
                    SLOT_BY_NAME["amount"])
    agreed = intents.yes_no(ctx.plain)
    if changed:
        ctx.dialogue.fire(ctx, "advance")
    elif agreed:
        conv.checked.append("amount")
        ctx.dialogue.fire(ctx, "advance")
    elif agreed is False:
        ctx.data.update(amount_yuan=None, amount_range=None)
        ctx.dialogue.fire(ctx, "recheck")
    else:
        retry(ctx, "amount_check", give_up=lambda: (conv.checked.append("amount"), ctx.dialogue.fire(ctx, "advance")))


def answer_confirm(ctx: Context) -> None:
    """Submit on yes; a restated different fact updates the summary; 改/不对 opens an edit."""
    wants_edit, target = intents.edit_target(ctx.plain)
    agreed = intents.yes_no(ctx.plain)
    found = ctx.read(expecting="confirm")
    restated = {k: v for k, v in found.fields.items() if k in _RESTATABLE and v is not None}
    changed = merge(ctx.data, restated, {"correction": True, "amount_needs_readback": False}, None)
    if changed:
        ctx.dialogue.fire(ctx, "advance")
    elif target and (wants_edit or agreed is False):
        _revise(ctx, target)
    elif wants_edit or agreed is False:
        ctx.dialogue.fire(ctx, "edit")
    elif agreed:
        ctx.dialogue.fire(ctx, "submit")
    else:
        retry(ctx, "confirm", give_up=lambda: ctx.dialogue.fire(ctx, "edit"))


def answer_edit(ctx: Context) -> None:
    """Which field to change: a field word or a quick reply."""
    _, target = intents.edit_target(ctx.plain)
    target = target or ctx.dialogue.render.option_key(ctx.plain, prefix="field.")
    if target:
        _revise(ctx, target)
    elif intents.yes_no(ctx.plain):
        ctx.dialogue.fire(ctx, "advance")
    else:
        reprompt(ctx)


def _revise(ctx: Context, slot: str) -> None:
    """Ask one slot again, wherever it was; the answer replaces the old value."""
    conv = ctx.conversation
    conv.skipped.pop(slot, None)
    conv.tries.pop(slot, None)
    conv.editing = slot
    ctx.dialogue.fire(ctx, "revise", target=slot)


def answer_resume(ctx: Context) -> None:
    """继续 picks up where the worker left; anything else starts again."""
    if intents.yes_no(ctx.plain) or ctx.dialogue.render.option_key(ctx.plain, prefix="command.resume_") == "yes":
        ctx.dialogue.fire(ctx, "advance")
    else:
        restart(ctx)


# -- global commands -------------------------------------------------------------------------


def show_help(ctx: Context) -> None:
    """Explain the commands, then ask the current question again."""
    ctx.note("command.help")
    if ctx.conversation.state != "NEW":
        reprompt(ctx)


def restart(ctx: Context) -> None:
    """Forget this conversation and start a new one."""
    ctx.conversation = ctx.conversation.fresh(ctx.turn.now.timestamp())
    ctx.result.conversation = ctx.conversation
    ctx.note("command.restarted")


def status(ctx: Context) -> None:
    """The gateway looks the worker's leads up; then the current question is asked again."""
    ctx.result.wants_status = True
    if ctx.conversation.state != "NEW":
        reprompt(ctx)


def handoff(ctx: Context) -> None:
    ctx.dialogue.fire(ctx, "handoff")


def cancel(ctx: Context) -> None:
    ctx.dialogue.fire(ctx, "cancel")


def abandon(ctx: Context) -> None:
    ctx.dialogue.fire(ctx, "abandon")


COMMANDS = {"help": show_help, "restart": restart, "status": status, "handoff": handoff,
            "cancel": cancel, "abandon": abandon}


# -- entering states -------------------------------------------------------------------------


def on_submitted(ctx: Context) -> None:
    """Build the lead; the gateway writes it with the conversation in one step."""
    _make_lead(ctx, handoff=False)


def on_handed_off(ctx: Context) -> None:
    """With consent, what is known becomes a `handoff` lead so that staff can call back."""
    if ctx.conversation.consented_at is not None:
        _make_lead(ctx, handoff=True)


def on_closed_without_lead(ctx: Context) -> None:
    """Refused, abandoned or cancelled: keep no personal data at all."""
    ctx.conversation.data = {"lang": ctx.conversation.lang}


def _make_lead(ctx: Context, handoff: bool) -> None:
    conv, turn = ctx.conversation, ctx.turn
    missing = [name for name, why in conv.skipped.items() if name in SLOT_BY_NAME]
    lead = build_lead(conv.data, conversation_id=conv.id, channel=turn.channel, sender=turn.sender_key,
                      reply_to=turn.sender,
                      now=turn.now, prefix=ctx.dialogue.policy.reference_prefix, handoff=handoff, missing=missing)
    ctx.result.lead = lead
    conv.reference = lead["reference"]
    conv.data = {"lang": conv.lang}  # the lead holds the facts now; the conversation keeps none


def no_action(ctx: Context) -> None:
    """States whose prompt is all they do."""


ANSWERS_AFTER = {"AMOUNT_CHECK": answer_readback, "CONFIRM": answer_confirm, "EDIT": answer_edit,
                 "RESUME": answer_resume}
ON_ENTER = {"SUBMITTED": on_submitted, "HANDED_OFF": on_handed_off, "DECLINED": on_closed_without_lead,
            "ABANDONED": on_closed_without_lead, "CANCELLED": on_closed_without_lead}
