"""The dialogue engine: one `transitions` machine, built once, stepping stored conversations.

`Dialogue.step` is pure: it reads the turn and the conversation, and returns the replies and
the lead to write. Storage, sending and delivery happen in the gateway, after the step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from transitions import EventData, Machine

from dialogs import answers
from dialogs.context import Context
from dialogs.conversation import Conversation, Reply
from dialogs.intake_flow import (
    ADVANCE_ORDER,
    FINAL,
    FUNNEL,
    ROUTED,
    SLOT_BY_NAME,
    SLOTS,
    STATE_BY_NAME,
    STATES,
    TRANSITIONS,
)
from dialogs.render import Renderer
from intake.extract import extract
from intake.i18n import Catalog


@dataclass(frozen=True)
class Turn:
    """One inbound message as the dialogue sees it."""

    text: str
    now: datetime
    channel: str = "web"
    sender: str = ""
    sender_key: str = ""
    lang: str | None = None
    attachments: tuple[dict[str, Any], ...] = ()
    location: dict[str, Any] | None = None
    project: dict[str, Any] | None = None

    @property
    def today(self) -> date:
        return self.now.date()


@dataclass
class StepResult:
    """What a step decided: replies to send, a lead to write, and requests for the gateway."""

    conversation: Conversation
    replies: list[Reply] = field(default_factory=list)
    lead: dict[str, Any] | None = None
    wants_status: bool = False
    entered: list[str] = field(default_factory=list)
    reached: list[str] = field(default_factory=list)  # funnel steps this message reached for the first time
    # Left by the gateway's hooks: records saved with the lead (before it), events to send after.
    records: list[tuple[str, str, dict[str, Any] | None]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Policy:
    """Deployment facts a step needs: hotline, reference prefix, limits."""

    hotline: str = "12333"
    reference_prefix: str = "GQ"
    max_text: int = 2000
    resume_after: float = 3600.0


class Dialogue:
    """The intake dialogue; holds the machine and the texts, shared by every conversation."""

    def __init__(self, catalog: Catalog, policy: Policy = Policy()):
        self.render = Renderer(catalog, policy)
        self.policy = policy
        self.machine = _build_machine(self._on_enter)

    def warm_up(self) -> None:
        """Read one typical first message, so the tables extraction loads once are loaded now."""
        extract("包工头王建国欠我们三万五 在青岛黄岛区海棠花园干的 电话13953201234", date.today())

    def step(self, conversation: Conversation, turn: Turn) -> StepResult:
        """Advance one conversation by one inbound message."""
        ctx = Context(self, conversation, turn, StepResult(conversation))
        answers.handle(ctx)
        ctx.conversation.updated_at = turn.now.timestamp()
        ctx.result.conversation = ctx.conversation
        if ctx.result.replies:
            ctx.conversation.options = list(ctx.result.replies[-1].options)
        return ctx.result

    def fire(self, ctx: Context, trigger: str, target: str | None = None) -> None:
        """Fire a trigger of the machine for this conversation.

        A routed trigger has one row per destination; its guard picks the row here, so the
        machine runs exactly one transition instead of trying each row in turn.
        """
        if trigger in ROUTED:
            dest = next(d for d in ADVANCE_ORDER if answers.needs(ctx, d)) if trigger == "advance" else target.upper()
            trigger = f"{trigger}>{dest}"
        self.machine.events[trigger].trigger(ctx.conversation, ctx=ctx, target=target)

    def _on_enter(self, event: EventData) -> None:
        """Entering a state shows its prompt, after whatever the state itself does."""
        ctx: Context = event.kwargs["ctx"]
        name = event.transition.dest
        ctx.result.entered.append(name)
        _reach(ctx, name)
        answers.ON_ENTER.get(name, answers.no_action)(ctx)
        self.render.prompt(ctx, STATE_BY_NAME[name])


def _reach(ctx: Context, state: str) -> None:
    """Note the funnel steps a state passes: skipped steps count as reached (they were answered)."""
    if state not in FUNNEL:
        return
    conv, index = ctx.conversation, FUNNEL.index(state) + 1
    if index > conv.furthest:
        ctx.result.reached.extend(FUNNEL[conv.furthest:index])
        conv.furthest = index


def _build_machine(on_enter) -> Machine:
    """The one machine per process; conversations are attached per message, not added."""
    machine = Machine(
        model=None,
        states=[s.name for s in STATES],
        initial="NEW",
        auto_transitions=False,
        send_event=True,
    )
    for trigger, source, dest in TRANSITIONS:
        name = f"{trigger}>{dest}" if trigger in ROUTED else trigger
        machine.add_transition(name, list(source) if isinstance(source, tuple) else source, dest)
    for state in STATES:
        machine.get_state(state.name).on_enter.append(on_enter)
    return machine


__all__ = ["ADVANCE_ORDER", "FINAL", "SLOTS", "SLOT_BY_NAME", "Dialogue", "Policy", "StepResult", "Turn"]
