"""Turning states into replies: prompts, the confirmation summary and read-backs, in the
conversation's language. All wording comes from locales/."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dialogs import intents
from dialogs.conversation import Reply
from dialogs.intake_flow import SLOTS, STATE_BY_NAME, State
from intake.i18n import LANGS, Catalog

if TYPE_CHECKING:
    from dialogs.context import Context
    from dialogs.engine import Policy


class Renderer:
    """Texts for one dialogue; knows the catalogue and the deployment's hotline."""

    def __init__(self, catalog: Catalog, policy: Policy):
        self.catalog = catalog
        self.policy = policy
        # Every option label in every language, so a tapped quick reply is understood.
        self._options = {
            intents.simplified(catalog.text(lang, key)).lower(): key
            for state in STATE_BY_NAME.values() for key in state.options for lang in LANGS
        }

    def note(self, ctx: Context, key: str, **variables: Any) -> Reply:
        """A reply that informs and asks nothing."""
        return Reply(self.text(ctx, key, **variables))

    def text(self, ctx: Context, key: str, **variables: Any) -> str:
        """One catalogue text in the conversation's language."""
        return self.catalog.text(ctx.conversation.lang, key, hotline=self.policy.hotline, **variables)

    def prompt(self, ctx: Context, state: State) -> None:
        """Append the state's question (or closing words) with its quick replies."""
        if not state.prompt:
            return
        extra = PROMPT_VARIABLES.get(state.name, lambda _self, _ctx: {})(self, ctx)
        if state.name == "CONFIRM":
            ctx.result.replies.append(Reply(self.summary(ctx)))
        options = tuple(self.text(ctx, key) for key in state.options)
        ctx.result.replies.append(Reply(self.text(ctx, state.prompt, **extra), state.expecting, options))

    def expecting(self, state_name: str) -> str | None:
        """The slot a state asks for."""
        return STATE_BY_NAME[state_name].expecting

    def option_key(self, text: str, prefix: str) -> str | None:
        """The suffix of the option key a quick-reply text stands for, e.g. 'injury'."""
        key = self._options.get(text.strip().lower())
        return key[len(prefix):] if key and key.startswith(prefix) else None

    def summary(self, ctx: Context) -> str:
        """The facts collected, one line each, for the worker to check."""
        lines = [self.text(ctx, "confirm.summary_head")]
        for slot in SLOTS:
            value = self.value(ctx, slot.name)
            lines.append(f"{self.text(ctx, f'field.{slot.name}')}：{value}" if ctx.conversation.lang != "en"
                         else f"{self.text(ctx, f'field.{slot.name}')}: {value}")
        if ctx.data.get("attachments"):
            lines.append(self.text(ctx, "confirm.attachments", count=len(ctx.data["attachments"])))
        return "\n".join(lines)

    def value(self, ctx: Context, slot: str) -> str:
        """A slot's value as the worker should read it."""
        data = ctx.data
        shown = FORMATTERS[slot](self, ctx, data)
        return shown if shown else self.text(ctx, "confirm.unknown")

    def money(self, ctx: Context, data: dict[str, Any]) -> str:
        """35,000 元 or 5,000–6,000 元."""
        if data.get("amount_range"):
            low, high = data["amount_range"]
            return self.text(ctx, "confirm.money_range", low=f"{low:,.0f}", high=f"{high:,.0f}")
        if data.get("amount_yuan") is not None:
            return self.text(ctx, "confirm.money", amount=f"{data['amount_yuan']:,.0f}")
        return ""


def _employer(r: Renderer, ctx: Context, d: dict) -> str:
    kind = d.get("employer_kind")
    return f"{d['employer']}（{r.text(ctx, f'confirm.kind_{kind}')}）" if d.get("employer") and kind else d.get("employer") or ""


def _location(r: Renderer, ctx: Context, d: dict) -> str:
    parts = [d.get("province"), d.get("city") if d.get("city") != d.get("province") else None, d.get("district")]
    place = "".join(p for p in parts if p)
    return " ".join(p for p in (place, d.get("address")) if p)


def _period(r: Renderer, ctx: Context, d: dict) -> str:
    start, end = d.get("period_start"), d.get("period_end")
    if not start and not end:
        return ""
    return start if start == end else f"{start or '?'} – {end or '?'}"


FORMATTERS = {
    "employer": _employer,
    "project": lambda r, c, d: d.get("project") or "",
    "location": _location,
    "amount": lambda r, c, d: r.money(c, d),
    "period": _period,
    "workers": lambda r, c, d: str(d["workers"]) if d.get("workers") else "",
    "name": lambda r, c, d: d.get("complainant_name") or "",
    "phone": lambda r, c, d: d.get("phone") or "",
    "id_number": lambda r, c, d: d.get("id_number") or "",
}

PROMPT_VARIABLES = {
    "AMOUNT_CHECK": lambda r, c: {"amount": r.money(c, c.data)},
    "SUBMITTED": lambda r, c: {"reference": c.conversation.reference},
    "HANDED_OFF": lambda r, c: {"detail": r.text(c, "command.handoff_reference", reference=c.conversation.reference)
                                if c.result.lead else r.text(c, "command.handoff_no_lead")},
    "REFERRED": lambda r, c: {"referral": r.text(c, f"referral.{c.data.get('topic') or 'other'}")},
}
