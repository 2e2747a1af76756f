"""Phone numbers as providers write them (13800000000, 8613800000000, +86 138…) made one: E.164."""

from __future__ import annotations

import re

import phonenumbers

_MAINLAND = re.compile(r"^(?:\+?86|0086)?(1[3-9]\d{9})$")


def e164(raw: str | None) -> str | None:
    """+8613800000000 for any spelling of a mainland mobile; other valid numbers in E.164; else None."""
    digits = re.sub(r"[\s()\-]", "", raw or "")
    mainland = _MAINLAND.match(digits)
    if mainland:
        return f"+86{mainland[1]}"
    try:
        number = phonenumbers.parse(digits if digits.startswith("+") else f"+{digits}")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national(phone: str) -> str:
    """The number as Aliyun wants it: 11 digits for the mainland, country code and number otherwise."""
    return phone[3:] if phone.startswith("+86") else phone.lstrip("+")
