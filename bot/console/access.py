"""The access log: every time someone sees a phone or ID number in full, who, what and when."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from aiohttp import web

from bot.app import GATEWAY
from bot.console.layout import page
from bot.console.render import join, language, tag, text
from intake.store import Store

KIND = "console_access"
SHOWN = 200
log = logging.getLogger(__name__)


async def record(store: Store, who: str, action: str, references: list[str], now: float, remote: str | None) -> None:
    """Log one access; keys sort by time, so the log reads in order."""
    key = f"{now:017.6f}-{secrets.token_hex(4)}"
    await store.put_record(KIND, key, {"who": who, "action": action, "references": references[:1000],
                                       "count": len(references), "at": now, "remote": remote})
    log.info("access: %s %s %d lead(s)", who, action, len(references))


async def entries(store: Store) -> list[dict]:
    """The log, newest first."""
    found = [value async for _, value in store.records(KIND)]
    return found[::-1]


async def show(request: web.Request) -> web.Response:
    """GET /console/access (supervisors): the latest accesses."""
    lang, gateway = language(request), request.app[GATEWAY]
    head = tag("tr", *(tag("th", text(lang, f"col_{c}")) for c in ("at", "who", "action", "leads")))
    rows = [tag("tr", tag("td", _when(e["at"], gateway.tz)), tag("td", e["who"]),
                tag("td", text(lang, f"access_{e['action']}")),
                tag("td", ", ".join(e["references"][:5]) + (" …" if e["count"] > 5 else "")))
            for e in (await entries(gateway.store))[:SHOWN]]
    return page(request, text(lang, "access_title"),
                tag("div", tag("table", tag("thead", head), tag("tbody", join(rows))), class_="card"))


def _when(at: float, tz) -> str:
    return dt.datetime.fromtimestamp(at, tz).strftime("%Y-%m-%d %H:%M:%S")
