"""GET /console/dashboard (supervisors): leads per day, district and industry; urgency; the chat funnel."""

from __future__ import annotations

import re

from aiohttp import web

from bot.app import GATEWAY
from bot.console import funnel, stats
from bot.console.charts import bars, columns
from bot.console.layout import page
from bot.console.render import fill, language, text

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


async def show(request: web.Request) -> web.Response:
    """The dashboard for the last 30 days, and the funnel of one month (?month=YYYY-MM)."""
    gateway, lang = request.app[GATEWAY], language(request)
    now = gateway.clock()
    month = request.query.get("month", "")
    month = month if _MONTH.match(month) else funnel.month_of(now, gateway.tz)
    summary = await stats.summary(gateway.store, now, gateway.tz)
    await request.app[funnel.TALLY].flush()  # this process's latest counts, not two seconds old ones
    reached, ended = await funnel.counts(gateway.store, month)
    body = fill("dashboard", lang, total=summary.total, urgent=summary.urgent,
                median=text(lang, "hours", n=summary.median_contact_hours) if summary.median_contact_hours is not None
                else "—", contacted=text(lang, "contacted_of", n=summary.contacted, total=summary.total),
                per_day=columns(summary.per_day, title=text(lang, "leads_per_day")),
                per_district=bars(summary.per_district, title=text(lang, "leads_per_district")),
                per_industry=bars([(_industry(lang, k), v) for k, v in summary.per_industry],
                                  title=text(lang, "leads_per_industry")),
                funnel=bars([(text(lang, f"step_{s}"), n) for s, n in reached], title=text(lang, "funnel"),
                            note=lambda i: _drop(lang, reached, i)),
                outcomes=bars([(text(lang, f"step_{s}"), n) for s, n in ended], title=text(lang, "outcomes")),
                funnel_note=text(lang, "funnel_note", month=month))
    return page(request, text(lang, "dashboard_title"), body)


def _drop(lang: str, reached: list[tuple[str, int]], i: int) -> str:
    """How many stopped at step i: reached it, but not the next one."""
    if i + 1 >= len(reached) or not reached[i][1]:
        return ""
    lost = reached[i][1] - reached[i + 1][1]
    return text(lang, "dropped", n=lost, pct=round(100 * lost / reached[i][1])) if lost > 0 else ""


def _industry(lang: str, key: str) -> str:
    return text(lang, f"industry_{key}") if key != "—" else "—"
