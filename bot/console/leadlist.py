"""Which leads a user may see, filtered; and the table that lists them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiohttp import web

from bot.app import GATEWAY
from bot.console.accounts import User
from bot.console.render import Html, join, language, tag, text
from intake import status
from intake.lead import is_urgent, unseal
from intake.store import OutboxItem, Store
from intake.vault import Vault

PAGE = 100


@dataclass(frozen=True)
class Filters:
    """The inbox filters, as read from the query string."""

    status: str = ""
    urgent: bool = False
    district: str = ""
    industry: str = ""
    since: str = ""  # YYYY-MM-DD, inclusive
    until: str = ""
    q: str = ""

    @classmethod
    def of(cls, query) -> Filters:
        """Filters from a query (unknown keys ignored, every value cut short)."""
        get = lambda k: str(query.get(k, "")).strip()[:64]  # noqa: E731
        return cls(get("status"), get("urgent") in ("1", "on", "true"), get("district"), get("industry"),
                   get("since"), get("until"), get("q"))


def may_see(user: User, item: OutboxItem) -> bool:
    """Supervisors see every lead; an operator sees the leads they submitted."""
    return user.supervisor or item.lead.get("operator") == user.username


async def matching(store: Store, vault: Vault, user: User, filters: Filters,
                   limit: int = PAGE) -> AsyncIterator[tuple[OutboxItem, str]]:
    """(lead, current status) of the visible leads that pass the filters, newest first."""
    count = 0
    async for item in store.leads():
        if count >= limit:
            return
        if not may_see(user, item) or not _passes(item.lead, filters, vault):
            continue
        current = await status.latest(store, item)
        if filters.status and current != filters.status:
            continue
        count += 1
        yield item, current


def _passes(lead: dict, f: Filters, vault: Vault) -> bool:
    day = (lead.get("created_at") or "")[:10]
    place = lead.get("location") or {}
    return ((not f.urgent or is_urgent(lead))
            and (not f.district or f.district in (place.get("district") or ""))
            and (not f.industry or lead.get("industry") == f.industry)
            and (not f.since or day >= f.since) and (not f.until or day <= f.until)
            and (not f.q or _mentions(lead, f.q, vault)))


def _mentions(lead: dict, words: str, vault: Vault) -> bool:
    """Text search over the reference, parties, place and the complainant (phone by its digits)."""
    plain = unseal(lead, vault)
    person, place = plain.get("complainant") or {}, plain.get("location") or {}
    haystack = " ".join(str(v or "") for v in (
        plain.get("reference"), plain["employer"].get("name"), plain["project"].get("name"),
        plain["project"].get("code"), *place.values(), person.get("name"), person.get("phone")))
    return words.lower() in haystack.lower()


async def table(request: web.Request, items: list[OutboxItem], statuses: list[str] | None = None) -> Html:
    """The leads as a table: reference, date, place, employer, amount, status."""
    lang = language(request)
    store = request.app[GATEWAY].store
    head = tag("tr", *(tag("th", text(lang, f"col_{c}")) for c in ("reference", "created", "district",
                                                                     "employer", "amount", "status")))
    rows = []
    for i, item in enumerate(items):
        current = statuses[i] if statuses else await status.latest(store, item)
        rows.append(_row(lang, item, current))
    return tag("table", tag("thead", head), tag("tbody", join(rows)))


def _row(lang: str, item: OutboxItem, current: str) -> Html:
    lead = item.lead
    amount = lead.get("amount_yuan") if lead.get("amount_yuan") is not None else \
        "–".join(str(v) for v in lead.get("amount_range") or []) or "—"
    urgent = tag("span", text(lang, "urgent"), class_="urgent") if is_urgent(lead) else ""
    link = tag("a", item.reference, href=f"/console/leads/{item.reference}")
    return tag("tr", tag("td", link, " ", urgent), tag("td", (lead.get("created_at") or "")[:16].replace("T", " ")),
               tag("td", (lead.get("location") or {}).get("district") or "—"),
               tag("td", (lead.get("employer") or {}).get("name") or "—"), tag("td", amount),
               tag("td", status_label(lang, current)))


def status_label(lang: str, value: str) -> str:
    """A status in words, from the chat's status table (the worker and the operator read the same)."""
    from intake.i18n import catalog

    texts = catalog()
    return texts.text(lang, f"status.{value}") if texts.has(f"status.{value}") else value
