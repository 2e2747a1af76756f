"""The intake dialogue as data: its states, what each asks, the slots, and the transitions.

`dialogs.engine` walks these tables with one `transitions` machine built once per process;
`docs/architecture.md` draws its diagram from them (see `dialogs.diagram`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    """A fact the dialogue asks for: its state, the fields it fills, and how hard it insists."""

    name: str
    fields: tuple[str, ...]
    optional: bool = False  # asked once; a reply without the value skips it

    @property
    def state(self) -> str:
        return self.name.upper()


@dataclass(frozen=True)
class State:
    """A dialogue state: the prompt shown on entry, the slot it expects and its quick replies."""

    name: str
    prompt: str | None = None
    expecting: str | None = None
    options: tuple[str, ...] = ()
    final: bool = False


# The order in which missing facts are asked for.
SLOTS: tuple[Slot, ...] = (
    Slot("employer", ("employer", "employer_kind")),
    Slot("project", ("project",), optional=True),
    Slot("location", ("province", "city", "district")),
    Slot("amount", ("amount_yuan", "amount_range")),
    Slot("period", ("period_start", "period_end")),
    Slot("workers", ("workers",)),
    Slot("name", ("complainant_name",), optional=True),
    Slot("phone", ("phone",)),
    Slot("id_number", ("id_number",), optional=True),
)
SLOT_BY_NAME = {slot.name: slot for slot in SLOTS}
MAX_TRIES = 3

YES_NO = ("answer.yes", "answer.no")
TOPICS = ("wage_arrears", "social_insurance", "injury", "contract", "policy", "other")

STATES: tuple[State, ...] = (
    State("NEW"),
    State("CONSENT", "consent.notice", "consent", ("consent.yes", "consent.no")),
    State("TOPIC", "topic.ask", "topic", tuple(f"topic.opt_{t}" for t in TOPICS)),
    *(State(slot.state, f"ask.{slot.name}", slot.name) for slot in SLOTS),
    State("AMOUNT_CHECK", "readback.amount", "confirm", YES_NO),
    State("CONFIRM", "confirm.ask", "confirm", ("confirm.yes", "confirm.edit")),
    State("EDIT", "confirm.which", None, tuple(f"field.{slot.name}" for slot in SLOTS)),
    State("RESUME", "command.resume", None, ("command.resume_yes", "command.resume_no")),
    State("SUBMITTED", "confirm.submitted", final=True),
    State("HANDED_OFF", "command.handoff", final=True),
    State("REFERRED", "topic.referral", final=True),
    State("DECLINED", "consent.declined", final=True),
    State("ABANDONED", "command.abandoned", final=True),
    State("CANCELLED", "command.cancelled", final=True),
)
STATE_BY_NAME = {state.name: state for state in STATES}
FINAL = frozenset(state.name for state in STATES if state.final)
# States in which the worker is filling in the form; `advance` leaves any of them.
COLLECTING = ("CONSENT", "TOPIC", *(slot.state for slot in SLOTS), "AMOUNT_CHECK", "CONFIRM", "EDIT", "RESUME")

# `advance` goes to the first destination whose condition holds, in this order.
ADVANCE_ORDER: tuple[str, ...] = (
    "CONSENT", "TOPIC", "EMPLOYER", "PROJECT", "LOCATION", "AMOUNT", "AMOUNT_CHECK",
    "PERIOD", "WORKERS", "NAME", "PHONE", "ID_NUMBER", "CONFIRM",
)

# How far a conversation got, for the chat funnel: the form's steps in order, then submission.
FUNNEL: tuple[str, ...] = (*(s for s in ADVANCE_ORDER if s != "AMOUNT_CHECK"), "SUBMITTED")

# Triggers with one row per destination, and a guard that picks the row: `advance` goes to the
# first step of ADVANCE_ORDER still needed (dialogs.answers.needs), `revise` to the slot named.
ROUTED = ("advance", "revise")

# (trigger, sources, destination). Rows whose source is "*" are the global commands.
TRANSITIONS: tuple[tuple[str, str | tuple[str, ...], str], ...] = (
    ("greet", "NEW", "CONSENT"),
    ("refer", ("NEW", "TOPIC"), "REFERRED"),
    ("refuse", "CONSENT", "DECLINED"),
    *(("advance", COLLECTING, dest) for dest in ADVANCE_ORDER),
    ("edit", ("CONFIRM", "EDIT"), "EDIT"),
    *(("revise", ("CONFIRM", "EDIT"), slot.state) for slot in SLOTS),
    ("recheck", "AMOUNT_CHECK", "AMOUNT"),
    ("submit", "CONFIRM", "SUBMITTED"),
    ("resume_later", COLLECTING, "RESUME"),
    ("handoff", "*", "HANDED_OFF"),
    ("abandon", "*", "ABANDONED"),
    ("cancel", "*", "CANCELLED"),
)
