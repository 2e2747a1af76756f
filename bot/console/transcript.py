"""The transcript page: paste a call, check the lead read from it, see related leads, submit."""

from __future__ import annotations

import datetime as dt

from aiohttp import web

from bot.app import GATEWAY
from bot.console import form
from bot.console.guard import USER
from bot.console.highlight import highlight
from bot.console.layout import csrf_field, notice, page, redirect
from bot.console.leadlist import table
from bot.console.render import Html, fill, language, tag, text
from intake import hotline, linking
from intake.hotline import Draft


async def paste(request: web.Request) -> web.Response:
    """GET /console/transcripts: the box to paste a transcript into."""
    lang = language(request)
    body = fill("paste", lang, csrf_field=csrf_field(request), today=_today(request).isoformat())
    return page(request, text(lang, "transcript_title"), body)


async def read(request: web.Request) -> web.Response:
    """POST /console/transcripts/read: extraction fills the form beside the transcript."""
    posted = await request.post()
    transcript, day = _transcript(posted), _date(request, posted.get("date"))
    return await _check(request, transcript, day, hotline.draft(transcript, day))


async def submit(request: web.Request) -> web.Response:
    """POST /console/transcripts/submit: re-check the corrections, or put the lead in the outbox."""
    gateway, lang = request.app[GATEWAY], language(request)
    posted = await request.post()
    transcript, day = _transcript(posted), _date(request, posted.get("date"))
    values, bad = form.read(posted)
    read_again = hotline.draft(transcript, day)
    checked = Draft(values, read_again.evidence, {k: c for k, c in read_again.confidence.items()
                                                  if values.get(k) == read_again.fields.get(k)})
    if posted.get("action") != "submit" or bad or checked.missing:
        message = text(lang, "fix_fields") if bad or checked.missing else None
        return await _check(request, transcript, day, checked, bad, message)
    lead = _lead(request, checked.fields, transcript)
    done = await hotline.submit(gateway.store, gateway.vault, gateway.settings, lead, gateway.clock())
    flag = "repeats" if done.repeats else ("submitted" if done.created else "known")
    return redirect(f"/console/leads/{done.reference}?{flag}=1")


async def _check(request: web.Request, transcript: str, day: dt.date, draft: Draft,
                 bad: list[str] = (), message: str | None = None) -> web.Response:
    lang = language(request)
    related = await _related(request, draft, transcript)
    body = fill("check", lang, csrf_field=csrf_field(request), date=day.isoformat(), transcript=transcript,
                highlighted=highlight(transcript, draft.evidence, lambda f: text(lang, f"field_{f}")),
                inputs=form.inputs(lang, draft, list(bad)), related=related,
                notice=notice(message or _gaps(lang, draft), error=bool(message or draft.missing)),
                legend=text(lang, "legend"))
    return page(request, text(lang, "check_title"), body)


async def _related(request: web.Request, draft: Draft, transcript: str) -> Html:
    """Open leads about the same employer and project: the operator may be hearing a repeat."""
    gateway = request.app[GATEWAY]
    lead = _lead(request, draft.fields, transcript)
    items = await linking.related(gateway.store, gateway.vault, lead, gateway.clock())
    if not items:
        return tag("p", text(language(request), "no_related"), class_="evidence")
    return await table(request, items)


def _lead(request: web.Request, values: dict, transcript: str) -> dict:
    gateway = request.app[GATEWAY]
    now = dt.datetime.fromtimestamp(gateway.clock(), gateway.tz)
    return hotline.lead_for(values, text=transcript, operator=request[USER].username, now=now,
                            prefix=gateway.settings.reference_prefix, vault=gateway.vault)


def _gaps(lang: str, draft: Draft) -> str | None:
    if not draft.missing:
        return None
    return text(lang, "missing_required", fields="、".join(text(lang, f"fact_{m}") for m in draft.missing))


def _transcript(posted) -> str:
    value = str(posted.get("transcript", "")).strip()
    if not value:
        raise web.HTTPBadRequest(text="paste a transcript first")
    return value[: hotline.MAX_TRANSCRIPT]


def _date(request: web.Request, raw) -> dt.date:
    try:
        return dt.date.fromisoformat(str(raw)) if raw else _today(request)
    except ValueError:
        return _today(request)


def _today(request: web.Request) -> dt.date:
    gateway = request.app[GATEWAY]
    return dt.datetime.fromtimestamp(gateway.clock(), gateway.tz).date()
