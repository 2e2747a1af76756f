"""GET /console/broadcasts (supervisors): the SMS broadcasts of issue 7 and how far each has got, read-only."""

from __future__ import annotations

import datetime as dt

from aiohttp import web

from bot.app import GATEWAY
from bot.broadcast import service
from bot.broadcast.model import KIND
from bot.console.layout import page
from bot.console.render import join, language, tag, text, void

DONE_STATES = ("sent", "failed", "opted_out", "unknown")
SHOWN = 50


async def show(request: web.Request) -> web.Response:
    """Newest broadcasts first, each with its state, counts and a progress bar."""
    gateway, lang = request.app[GATEWAY], language(request)
    ids = [key async for key, _ in gateway.store.records(KIND)][::-1][:SHOWN]
    rows = [_row(lang, await service.status(gateway.store, gateway.settings, bid), gateway.tz) for bid in ids]
    head = tag("tr", *(tag("th", text(lang, f"bc_{c}")) for c in ("id", "created", "state", "progress", "counts")))
    body = tag("table", tag("thead", head), tag("tbody", join(rows))) if rows else tag("p", text(lang, "bc_none"))
    return page(request, text(lang, "nav_broadcasts"), tag("div", body, class_="card"))


def _row(lang: str, info: dict, tz):
    counts, total = info.get("counts") or {}, max(int(info.get("recipients") or 0), 1)
    done = sum(counts.get(k, 0) for k in DONE_STATES)
    created = dt.datetime.fromtimestamp(info.get("created_at") or 0, tz).strftime("%Y-%m-%d %H:%M")
    detail = "、".join(f"{text(lang, 'bc_' + k)} {v}" for k, v in counts.items() if v)
    return tag("tr", tag("td", info["id"]), tag("td", created), tag("td", text(lang, f"bc_state_{info['state']}")),
               tag("td", void("progress", value=done, max=total), f" {done}/{info.get('recipients') or 0}"),
               tag("td", detail or "—"))
