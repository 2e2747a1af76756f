"""Who asked not to be texted (TD, 退订, T, STOP), kept by blind index, checked before every send."""

from __future__ import annotations

import re
import time

from bot.sms.phone import e164
from intake.store import ConversationKey, Store
from intake.vault import Vault

KIND = "sms_optout"
# The language a confirmation is written in, by the word that asked for it; zh-Hans otherwise.
LANGUAGE = {"stop": "en", "unsubscribe": "en", "退訂": "zh-Hant", "取消訂閱": "zh-Hant"}
_WORDS = re.compile(r"^\s*(td|t|退订|退訂|stop|unsubscribe|取消订阅|取消訂閱)\s*[。.!！]*\s*$", re.IGNORECASE)


def is_opt_out(text: str) -> bool:
    """Whether an inbound SMS asks to stop messages."""
    return bool(_WORDS.match(text or ""))


def language(text: str) -> str:
    """The language to confirm an opt-out in."""
    return LANGUAGE.get(re.sub(r"[\s。.!！]", "", text or "").lower(), "zh-Hans")


def _key(vault: Vault, phone: str) -> str:
    """One key per number however it is spelt (13800000000, +86 138…), and no number in the store."""
    return vault.blind(f"sms:{e164(phone) or phone}")


async def opted_out(store: Store, vault: Vault, phone: str) -> bool:
    """Whether this number asked not to be texted."""
    return await store.get_record(KIND, _key(vault, phone)) is not None


async def opt_out(store: Store, vault: Vault, phone: str, source: str) -> bool:
    """Record an opt-out; True the first time, so it is confirmed only once."""
    key = _key(vault, phone)
    async with store.lock(ConversationKey(KIND, key)):  # two deliveries of one TD confirm once, not twice
        if await store.get_record(KIND, key) is not None:
            return False
        await store.put_record(KIND, key, {"at": time.time(), "source": source})
    return True
