"""The inbox: leads filtered by status, urgency, district, industry, date and words; exports."""

from __future__ import annotations

import dataclasses

from aiohttp import web

from bot.app import GATEWAY
from bot.console import access
from bot.console.form import INDUSTRIES
from bot.console.guard import USER
from bot.console.layout import csrf_field, page
from bot.console.leadlist import Filters, matching, status_label, table
from bot.console.render import Html, fill, join, language, tag, text, void
from intake import export
from intake.status import STATUSES

DELIVERY = ("pending", "delivered", "dead")
EXPORT_LIMIT = 100_000


async def inbox(request: web.Request) -> web.Response:
    """GET /console/leads: the filtered list, newest first."""
    gateway, lang, user = request.app[GATEWAY], language(request), request[USER]
    filters = Filters.of(request.query)
    found = [pair async for pair in matching(gateway.store, gateway.vault, user, filters)]
    listing = await table(request, [i for i, _ in found], [s for _, s in found]) if found else \
        tag("p", text(lang, "no_leads"))
    body = fill("inbox", lang, q=filters.q, district=filters.district, since=filters.since, until=filters.until,
                urgent=Html(" checked" if filters.urgent else ""), table=listing,
                statuses=_options(lang, (*DELIVERY, *STATUSES), filters.status, status_label),
                industries=_options(lang, INDUSTRIES, filters.industry, lambda lg, v: text(lg, f"industry_{v}")),
                exports=_exports(request, lang, filters) if user.supervisor else Html(""))
    return page(request, text(lang, "inbox_title"), body)


async def download(request: web.Request) -> web.StreamResponse:
    """POST /console/leads/export (supervisors): the filtered leads as CSV or JSONL; full numbers are logged."""
    gateway, user = request.app[GATEWAY], request[USER]
    posted = await request.post()
    fmt, reveal = posted.get("format"), posted.get("reveal") == "1"
    if fmt not in ("csv", "jsonl"):
        raise web.HTTPBadRequest(text="format must be csv or jsonl")
    items = [i async for i, _ in matching(gateway.store, gateway.vault, user, Filters.of(posted), EXPORT_LIMIT)]
    if reveal:
        await access.record(gateway.store, user.username, f"export_{fmt}", [i.reference for i in items],
                            gateway.clock(), request.remote)
    rows = [export.readable(i, gateway.vault, reveal=reveal) for i in items]
    body = export.csv_header() + "".join(map(export.to_csv, rows)) if fmt == "csv" else \
        "".join(export.to_jsonl(r) + "\n" for r in rows)
    kind = "text/csv" if fmt == "csv" else "application/x-ndjson"
    return web.Response(text=body, content_type=kind, charset="utf-8", headers={
        "Content-Disposition": f'attachment; filename="leads.{fmt}"', "Cache-Control": "no-store"})


def _options(lang: str, values, chosen: str, label) -> Html:
    blank = tag("option", text(lang, "any"), value="")
    return join([blank, *(tag("option", label(lang, v), value=v, selected="selected" if v == chosen else None)
                          for v in values)])


def _exports(request: web.Request, lang: str, filters: Filters) -> Html:
    """The export form carries the current filters, so what is exported is what is listed."""
    hidden = join(void("input", type="hidden", name=k, value=("1" if v is True else v))
                  for k, v in dataclasses.asdict(filters).items() if v)
    return fill("exports", lang, csrf_field=csrf_field(request), hidden=hidden)
