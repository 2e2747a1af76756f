"""Delivery reports, kept by the provider's message id (the `Sent.platform_id` a send returned)."""

from __future__ import annotations

import time
from typing import Any

from bot.sms.inbound import SmsReport
from intake.store import Store

KIND = "sms_report"


async def record(store: Store, provider: str, report: SmsReport) -> None:
    """Keep the report; a late interim status (sent) never replaces a final one (delivered, failed)."""
    earlier = await store.get_record(KIND, report.message_id)
    if earlier and earlier.get("delivered") is not None and report.delivered is None:
        return  # callbacks arrive out of order: "sent" after "delivered" says nothing new
    await store.put_record(KIND, report.message_id, {
        "provider": provider, "status": report.status, "delivered": report.delivered,
        "error": report.error, "detail": report.detail, "at": time.time()})


async def report_of(store: Store, message_id: str) -> dict[str, Any] | None:
    """The latest report for a message we sent, or None while none has come."""
    return await store.get_record(KIND, message_id)
