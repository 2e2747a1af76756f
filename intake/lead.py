"""A lead: the structured complaint handed to the case backend, and its reference number."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any

from intake.vault import Vault

SCHEMA = "lead-v1"
# No 0/O, 1/I/L: a reference is read out over the phone and copied by hand.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_NAMESPACE = uuid.UUID("6f1c8a52-6f7e-4f43-9a55-6b1f3e0c2a10")
PERSONAL = ("phone", "id_number")


def lead_id(conversation_id: str, kind: str = "complaint") -> str:
    """A lead id derived from the conversation, so re-submitting after a crash adds nothing."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{conversation_id}"))


def reference(prefix: str, lead: str, day: datetime) -> str:
    """A human-readable reference such as GQ-20261122-7K3M9P, derived from the lead id."""
    number = int.from_bytes(hashlib.sha256(lead.encode()).digest()[:8], "big")
    code = ""
    for _ in range(6):
        number, index = divmod(number, len(REFERENCE_ALPHABET))
        code += REFERENCE_ALPHABET[index]
    return f"{prefix}-{day:%Y%m%d}-{code}"


def parties(data: dict[str, Any]) -> dict[str, Any]:
    """Who and where, as a lead holds them: `employer`, `project` and `location` (what linking keys on)."""
    return {
        "employer": {"name": data.get("employer"), "kind": data.get("employer_kind"), "uscc": data.get("uscc")},
        "project": {
            "name": data.get("project"),
            "code": data.get("project_code"),
            "general_contractor": data.get("general_contractor"),
        },
        "location": {k: data.get(k) for k in ("province", "city", "district", "address")},
    }


def build_lead(
    data: dict[str, Any],
    *,
    conversation_id: str,
    channel: str,
    sender: str,
    reply_to: str | None = None,
    now: datetime,
    prefix: str,
    handoff: bool = False,
    operator: str | None = None,
    missing: list[str] | None = None,
) -> dict[str, Any]:
    """The lead for what a conversation (or an operator) collected."""
    ident = lead_id(conversation_id, "handoff" if handoff else "complaint")
    return {
        "schema": SCHEMA,
        "id": ident,
        "reference": reference(prefix, ident, now),
        "created_at": now.isoformat(timespec="seconds"),
        "channel": channel,
        "sender": sender,
        "reply_to": reply_to,
        "operator": operator,
        "handoff": handoff,
        "lang": data.get("lang"),
        "is_wage_arrears": bool(data.get("is_wage_arrears", True)),
        **parties(data),
        "amount_yuan": data.get("amount_yuan"),
        "amount_range": data.get("amount_range"),
        "period": {"start": data.get("period_start"), "end": data.get("period_end")},
        "workers": data.get("workers"),
        "complainant": {k: data.get(f) for k, f in (("name", "complainant_name"), ("phone", "phone"), ("id_number", "id_number"))},
        "industry": data.get("industry"),
        "urgent": bool(data.get("urgent")),
        "priority": "urgent" if data.get("urgent") else "normal",
        "priority_reasons": ["extraction"] if data.get("urgent") else [],
        "attachments": list(data.get("attachments") or []),
        "missing": sorted(missing or []),
        "status": "received",
    }


def is_urgent(lead: dict[str, Any]) -> bool:
    """Whether staff must act at once: what the worker said, or the bureau's escalation rules."""
    return bool(lead.get("urgent")) or lead.get("priority") == "urgent"


def seal(lead: dict[str, Any], vault: Vault) -> dict[str, Any]:
    """The lead as stored: phone, ID number and the sender's address encrypted.

    `sender` is already a blind index (see Vault.blind), so leads can be found by sender.
    """
    sealed = {**lead, "complainant": dict(lead["complainant"])}
    for key in PERSONAL:
        sealed["complainant"][key] = vault.encrypt(sealed["complainant"].get(key))
    sealed["reply_to"] = vault.encrypt(lead.get("reply_to"))
    return sealed


def unseal(lead: dict[str, Any], vault: Vault) -> dict[str, Any]:
    """The stored lead with its personal fields decrypted, for staff and the backend."""
    plain = {**lead, "complainant": dict(lead["complainant"])}
    for key in PERSONAL:
        plain["complainant"][key] = vault.decrypt(plain["complainant"].get(key))
    plain["reply_to"] = vault.decrypt(lead.get("reply_to"))
    return plain
