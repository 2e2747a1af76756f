"""The reminder's text from the locale templates, and what one costs in segments and time."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.sms.base import segments
from intake.i18n import Catalog

SECTION = "broadcast"
_GAPS = re.compile(r" +(?=[ ,.;:!?])")  # left where an empty name or project was: "Hello , " → "Hello, "


@dataclass(frozen=True)
class Cost:
    """The preview's figures for one template over a recipient list at a TPS."""

    text: str
    characters: int
    segments: int
    recipients: int
    total_segments: int
    seconds: float | None


def template_key(template: str) -> str:
    """The catalogue key of a template name: rights_reminder → broadcast.rights_reminder."""
    return f"{SECTION}.{template}"


def render(texts: Catalog, lang: str, template: str, settings, name: str = "", project: str = "") -> str:
    """The reminder for one recipient; a missing name or project renders empty."""
    text = texts.text(lang, template_key(template), name=name, project=project,
                      hotline=settings.hotline, link=settings.public_url)
    return _GAPS.sub("", text)


def bulk_rate(settings, tps: int) -> float:
    """The TPS a broadcast may use: the provider's, less the share kept for conversation replies."""
    return tps * (1 - settings.broadcast_reply_share) if tps > 0 else 0.0


def cost(text: str, recipients: int, rate: float) -> Cost:
    """Segments for one and for all, and seconds to send them all at `rate` messages a second."""
    parts = segments(text)
    seconds = recipients / rate if rate > 0 else None
    return Cost(text, len(text), parts, recipients, parts * recipients, seconds)
