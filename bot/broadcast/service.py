"""The broadcast API the command line and the console share: plain async functions over the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.sms import PROVIDERS
from intake.i18n import LANGS, catalog
from intake.store import Store
from intake.vault import Vault

from . import model, recipients
from .clock import Clock, QuietHours, parse_at
from .journal import open_journal
from .message import bulk_rate, cost, render, template_key
from .model import Broadcast, BroadcastError
from .run import join_reports, run, send_running
from .sender import opted_out_of

__all__ = ["create", "preview", "start", "pause", "resume", "cancel", "status", "run", "send_running",
           "BroadcastError"]
CHUNK = 1000


async def create(store: Store, settings, vault: Vault, *, template: str, source: Path, lang: str = "zh-Hans",
                 at: str | None = None, tps: int | None = None, provider: str | None = None,
                 clock: Clock | None = None, on_rows: Callable[[int], None] | None = None) -> Broadcast:
    """Check the request, import the recipients into a new journal, and keep the broadcast as created."""
    clock = clock or Clock()
    now = clock.now()
    bc = Broadcast(id=model.new_id(now, settings.timezone), template=template, lang=lang,
                   provider=_provider_name(settings, provider), tps=settings.broadcast_tps if tps is None else tps,
                   at=_when(at, settings, now), created_at=now, source=Path(source).name)
    _check(bc)
    journal = open_journal(settings, bc.id, getattr(store, "prefix", "gq"))
    try:
        await _import(store, settings, vault, bc, journal, Path(source), on_rows)
    except BaseException:
        await journal.drop()
        raise
    finally:
        await journal.close()
    await model.save(store, bc)
    return bc


def _provider_name(settings, asked: str | None) -> str:
    """The provider asked for, else GONGQIAN_SMS_PROVIDER, else the log provider."""
    name = asked or getattr(settings, "sms_provider", "") or "log"
    if name not in PROVIDERS:
        raise BroadcastError(f"no SMS provider named {name!r} (known: {', '.join(PROVIDERS)})")
    return name


def _when(at: str | None, settings, now: float) -> float | None:
    """The scheduled start, parsed in local time."""
    try:
        return parse_at(at, settings.timezone, now) if at else None
    except ValueError as exc:
        raise BroadcastError(str(exc)) from None


def _check(bc: Broadcast) -> None:
    """Refuse an unknown template or language and a negative TPS before reading any file."""
    if not catalog().has(template_key(bc.template)):
        raise BroadcastError(f"no template {bc.template!r} in the [broadcast] table of locales/")
    if bc.lang not in LANGS:
        raise BroadcastError(f"--lang must be one of {', '.join(LANGS)}")
    if bc.tps < 0:
        raise BroadcastError("--tps must be 0 (no limit) or more")


async def _import(store, settings, vault, bc: Broadcast, journal, source: Path, on_rows) -> None:
    """Stream the file in chunks: opt-outs dropped, numbers encrypted, duplicates left to the journal."""
    summary, texts = recipients.Summary(), catalog()
    segments = longest = 0
    rows = recipients.read(source, summary)
    while chunk := [row for _, row in zip(range(CHUNK), rows, strict=False)]:
        stopped = await opted_out_of(store, vault, [r.phone for r in chunk])
        summary.dropped["opted_out"] += sum(stopped)
        kept = [r for r, out in zip(chunk, stopped, strict=True) if not out]
        added = await journal.add([(vault.blind(f"broadcast:{r.phone}"), vault.encrypt(r.phone),
                                    vault.encrypt(r.name) if r.name else "", r.project) for r in kept])
        summary.dropped["duplicate"] += len(kept) - added
        summary.kept += added
        for r in kept:  # duplicates counted too: a close upper bound, without a second pass
            text = render(texts, bc.lang, bc.template, settings, r.name, r.project)
            segments, longest = segments + cost(text, 1, 0).segments, max(longest, len(text))
        if on_rows:
            on_rows(len(chunk))
    bc.recipients, bc.summary = summary.kept, {**summary.as_dict(), "segments": segments, "longest": longest}
    if not summary.read:
        raise BroadcastError(f"{source} has no rows")


async def preview(store: Store, settings, broadcast_id: str) -> dict:
    """The rendered text, its length and segments, and the cost of the whole run in segments and time."""
    bc = await _get(store, broadcast_id)
    text = render(catalog(), bc.lang, bc.template, settings)
    rate = bulk_rate(settings, bc.tps)
    figures = cost(text, bc.recipients, rate)
    return {"id": bc.id, "text": text, "characters": figures.characters, "segments": figures.segments,
            "recipients": bc.recipients, "total_segments": bc.summary.get("segments", figures.total_segments),
            "longest": bc.summary.get("longest", figures.characters), "rate": rate, "seconds": figures.seconds,
            "quiet_hours": settings.broadcast_quiet_hours, "at": bc.at}


async def start(store: Store, settings, broadcast_id: str) -> Broadcast:
    """Mark it running; a `broadcast start --wait` or the worker process does the sending."""
    QuietHours.parse(settings.broadcast_quiet_hours, settings.timezone)  # a bad setting fails here, not later
    return await _move(store, broadcast_id, "start")


async def pause(store: Store, settings, broadcast_id: str) -> Broadcast:
    """Stop after the batch in hand; `resume` goes on where it stopped."""
    return await _move(store, broadcast_id, "pause")


async def resume(store: Store, settings, broadcast_id: str) -> Broadcast:
    """Running again after a pause."""
    return await _move(store, broadcast_id, "resume")


async def cancel(store: Store, settings, broadcast_id: str) -> Broadcast:
    """Stop for good; nobody not yet texted will be."""
    return await _move(store, broadcast_id, "cancel")


async def _move(store: Store, broadcast_id: str, command: str) -> Broadcast:
    """Apply a command if the broadcast's state allows it."""
    bc = await _get(store, broadcast_id)
    sources, target = model.MOVES[command]
    if bc.state not in sources:
        raise BroadcastError(f"{bc.id} is {bc.state}; cannot {command} it")
    bc.state = target
    await model.save(store, bc)
    return bc


async def status(store: Store, settings, broadcast_id: str, *, reports: bool = False) -> dict:
    """Where a run stands: state, counts per recipient state, delivery reports (joined now if asked), rate."""
    bc = await _get(store, broadcast_id)
    journal = open_journal(settings, bc.id, getattr(store, "prefix", "gq"))
    try:
        if reports:  # one lookup per sent message still without a report: on request, not on every poll
            await join_reports(store, journal)
        counts, delivery = await journal.counts(), await journal.delivery()
    finally:
        await journal.close()
    progress = await store.get_record(model.PROGRESS, bc.id) or {}
    return {**bc.to_record(), "counts": counts, "delivery": delivery, "rate": progress.get("rate", 0.0),
            "updated": progress.get("at")}


async def _get(store: Store, broadcast_id: str) -> Broadcast:
    """The broadcast, or an error naming the id."""
    bc = await model.load(store, broadcast_id)
    if bc is None:
        raise BroadcastError(f"no broadcast {broadcast_id}")
    return bc
