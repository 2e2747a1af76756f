"""A lead's page: its facts, status history, routing and related leads; numbers shown on request."""

from __future__ import annotations

import datetime as dt

from aiohttp import web

from bot.app import GATEWAY
from bot.console import access
from bot.console.form import INDUSTRIES
from bot.console.guard import USER
from bot.console.layout import csrf_field, notice, page
from bot.console.leadlist import may_see, status_label
from bot.console.render import Html, join, language, tag, text
from intake import export, status

# (text key, path into the readable lead) in the order an inspector reads a lead.
FACTS = (
    ("col_reference", "reference"), ("col_created", "created_at"), ("field_channel", "channel"),
    ("field_operator", "operator"), ("field_employer", "employer.name"), ("field_project", "project.name"),
    ("field_project_code", "project.code"), ("field_province", "location.province"),
    ("field_city", "location.city"), ("field_district", "location.district"),
    ("field_address", "location.address"), ("field_amount_yuan", "amount_yuan"),
    ("field_amount_range", "amount_range"), ("field_workers", "workers"), ("field_period_start", "period.start"),
    ("field_period_end", "period.end"), ("field_complainant_name", "complainant.name"),
    ("field_phone", "complainant.phone"), ("field_id_number", "complainant.id_number"),
    ("field_industry", "industry"), ("field_urgent", "urgent"), ("field_missing", "missing"),
)
BANNERS = ("submitted", "known", "repeats")


async def show(request: web.Request) -> web.Response:
    """GET /console/leads/{reference}: numbers masked."""
    return await _render(request, reveal=False)


async def reveal(request: web.Request) -> web.Response:
    """POST /console/leads/{reference}/reveal: the same page with full numbers, logged as an access."""
    return await _render(request, reveal=True)


async def _render(request: web.Request, reveal: bool) -> web.Response:
    gateway, lang, user = request.app[GATEWAY], language(request), request[USER]
    item = await gateway.store.get_lead(request.match_info["reference"].strip().upper()[:64])
    if item is None or not may_see(user, item):
        raise web.HTTPNotFound(text="no such lead, or not one of yours")
    if reveal:
        await access.record(gateway.store, user.username, "reveal", [item.reference], gateway.clock(), request.remote)
    lead = export.readable(item, gateway.vault, reveal=reveal)
    history = await status.history(gateway.store, item.lead_id)
    banner = next((text(lang, f"banner_{b}") for b in BANNERS if request.query.get(b)), None)
    body = join([notice(banner), tag("div", _facts(lang, lead), _reveal_form(request, lang, item.reference, reveal),
                                     class_="card"),
                 tag("div", tag("h2", text(lang, "history")), _history(lang, history, gateway.tz),
                     tag("h2", text(lang, "routing")), _routing(lang, lead),
                     tag("h2", text(lang, "related")), _related(lead), class_="card")])
    return page(request, item.reference, body)


def _dig(lead: dict, path: str):
    value = lead
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _facts(lang: str, lead: dict) -> Html:
    rows = []
    for key, path in FACTS:
        value = _dig(lead, path)
        if isinstance(value, list):
            value = "–".join(map(str, value)) if path == "amount_range" else "、".join(map(str, value))
        if isinstance(value, bool):
            value = text(lang, "yes" if value else "no")
        elif path == "industry" and value in INDUSTRIES:
            value = text(lang, f"industry_{value}")
        elif path == "created_at" and value:
            value = str(value)[:16].replace("T", " ")
        rows.append(join([tag("dt", text(lang, key)), tag("dd", "—" if value in (None, "") else value,
                                                          id=f"v-{path.replace('.', '-')}")]))
    return tag("dl", join(rows))


def _reveal_form(request: web.Request, lang: str, reference: str, revealed: bool) -> Html:
    if revealed:
        return tag("p", text(lang, "revealed_logged"), class_="evidence")
    return tag("form", csrf_field(request), tag("button", text(lang, "reveal"), type="submit", class_="quiet"),
               method="post", action=f"/console/leads/{reference}/reveal")


def _history(lang: str, history: list[dict], tz) -> Html:
    if not history:
        return tag("p", text(lang, "no_history"), class_="evidence")
    rows = [tag("tr", tag("td", dt.datetime.fromtimestamp(e["at"], tz).strftime("%Y-%m-%d %H:%M")),
                tag("td", status_label(lang, e["status"])), tag("td", e.get("note") or ""),
                tag("td", e.get("case_id") or "")) for e in history]
    return tag("table", tag("tbody", join(rows)))


def _routing(lang: str, lead: dict) -> Html:
    routes = lead.get("routing") or []
    if not routes:
        return tag("p", text(lang, "no_routing"), class_="evidence")
    return tag("ul", join(tag("li", f"{r.get('kind', '')}: {r.get('target', '')}") for r in routes))


def _related(lead: dict) -> Html:
    refs = lead.get("related") or []
    if not refs:
        return tag("p", "—", class_="evidence")
    return tag("ul", join(tag("li", tag("a", ref, href=f"/console/leads/{ref}")) for ref in refs))
