"""Time for the sender: an injectable clock, quiet hours and the --at schedule."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as daytime
from zoneinfo import ZoneInfo


class Clock:
    """Wall time and sleeping; tests swap in a clock whose sleep moves time on at once."""

    def now(self) -> float:
        """Seconds since the epoch."""
        return time.time()

    async def sleep(self, seconds: float) -> None:
        """Wait, letting the event loop run everything else meanwhile."""
        await asyncio.sleep(max(0.0, seconds))


@dataclass(frozen=True)
class QuietHours:
    """A daily window of local time (it may span midnight) when nobody is texted."""

    start: daytime
    end: daytime
    tz: ZoneInfo

    @classmethod
    def parse(cls, spec: str, tz: str) -> QuietHours | None:
        """'21:00-08:00' → QuietHours; 'off' (or nothing) means none."""
        if spec.strip().lower() in ("", "off", "none"):
            return None
        try:
            start, end = (daytime.fromisoformat(part.strip()) for part in spec.split("-"))
        except ValueError:
            raise ValueError(f"quiet hours must look like 21:00-08:00, not {spec!r}") from None
        return cls(start, end, ZoneInfo(tz))

    def until_end(self, now: float) -> float:
        """Seconds until sending may go on: 0 outside the window."""
        local = datetime.fromtimestamp(now, self.tz)
        clock = local.time().replace(tzinfo=None)
        inside = (self.start <= clock < self.end) if self.start <= self.end \
            else (clock >= self.start or clock < self.end)
        if not inside:
            return 0.0
        end = datetime.combine(local.date(), self.end, self.tz)
        if end <= local:
            end += timedelta(days=1)
        # Aware arithmetic in the zone: a DST shift (not in China, but elsewhere) still ends on time.
        return end.timestamp() - now


def parse_at(text: str, tz: str, now: float) -> float:
    """'2026-05-01 09:00' or '09:00' (the next such time) in local time → epoch seconds."""
    zone = ZoneInfo(tz)
    try:
        if len(text.strip()) <= 5:
            local = datetime.fromtimestamp(now, zone)
            when = datetime.combine(local.date(), daytime.fromisoformat(text.strip()), zone)
            return (when if when.timestamp() > now else when + timedelta(days=1)).timestamp()
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--at takes '2026-05-01 09:00' or '09:00', not {text!r}") from None
    return (when if when.tzinfo else when.replace(tzinfo=zone)).timestamp()
