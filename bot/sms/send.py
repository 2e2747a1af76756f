"""The one way an SMS leaves: the provider named in the settings, and never to a number that opted out."""

from __future__ import annotations

import importlib

import aiohttp

from bot.channels.base import SendError, Sent
from bot.sms import PROVIDERS
from bot.sms.base import SmsProvider
from bot.sms.optout import opted_out
from intake.store import Store
from intake.vault import Vault


class OptedOut(SendError):
    """The number sent TD/退订/STOP; nothing goes to it, and retrying will not change that."""

    def __init__(self) -> None:
        super().__init__("the recipient opted out", retryable=False)


async def send(store: Store, vault: Vault, provider: SmsProvider, phone: str, text: str, *,
               reference: str | None = None) -> Sent:
    """Send through `provider` unless the number opted out (then OptedOut, a permanent SendError)."""
    if await opted_out(store, vault, phone):
        raise OptedOut()
    return await provider.send(phone, text, reference=reference)


def choose(settings, http: aiohttp.ClientSession | None) -> SmsProvider:
    """The provider GONGQIAN_SMS_PROVIDER names; ValueError saying what is wrong when it cannot be made."""
    name = settings.sms_provider
    if name not in PROVIDERS:
        raise ValueError(f"GONGQIAN_SMS_PROVIDER={name!r} is not one of: {', '.join(PROVIDERS)}")
    made = importlib.import_module(f"bot.sms.{name}").provider(settings, http)
    if made is None:
        raise ValueError(f"GONGQIAN_SMS_PROVIDER={name} but its GONGQIAN_SMS_{name.upper()}_* settings are incomplete")
    return made
