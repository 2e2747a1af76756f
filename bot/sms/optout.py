"""Who asked not to be texted (TD, 退订, T, STOP), kept by blind index, checked before every send."""

from __future__ import annotations

import re
import time

from intake.store import Store
from intake.vault import Vault

KIND = "sms_optout"
_WORDS = re.compile(r"^\s*(td|t|退订|退訂|stop|unsubscribe|取消订阅|取消訂閱)\s*[。.!！]*\s*$", re.IGNORECASE)


def is_opt_out(text: str) -> bool:
    """Whether an inbound SMS asks to stop messages."""
    return bool(_WORDS.match(text or ""))


async def opted_out(store: Store, vault: Vault, phone: str) -> bool:
    """Whether this number asked not to be texted."""
    return await store.get_record(KIND, vault.blind(f"sms:{phone}")) is not None


async def opt_out(store: Store, vault: Vault, phone: str, source: str) -> bool:
    """Record an opt-out; True the first time, so it is confirmed only once."""
    key = vault.blind(f"sms:{phone}")
    if await store.get_record(KIND, key) is not None:
        return False
    await store.put_record(KIND, key, {"at": time.time(), "source": source})
    return True
