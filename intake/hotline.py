"""Hotline intake: a call transcript read into a draft lead, checked, and submitted (issue 6).

The console, the call-centre API and the batch import all go through here, so a transcript
becomes the same lead whichever way it arrives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from intake import events
from intake.enrich import enrich
from intake.extract import FIELDS, extract
from intake.lead import build_lead, seal
from intake.store import Store
from intake.vault import Vault

CHANNEL = "hotline"
# What an inspector needs to act on a lead: who owes, where, how much, and how to call back.
REQUIRED: dict[str, tuple[str, ...]] = {
    "employer": ("employer",),
    "location": ("city", "district"),
    "amount": ("amount_yuan", "amount_range"),
    "phone": ("phone",),
}
# Facts a lead is better with; a lead without them names them in its `missing` list, as chat leads do.
OPTIONAL: dict[str, tuple[str, ...]] = {
    "project": ("project",), "period": ("period_start", "period_end"), "workers": ("workers",),
    "name": ("complainant_name",), "id_number": ("id_number",),
}
# Extras the extraction reads beside the 16 fields, kept on the form and the lead.
EXTRA_FIELDS = ("complainant_name", "address")
# Below this an extracted value is shown to the operator as one to check.
LOW_CONFIDENCE = 0.7
MAX_TRANSCRIPT = 20000


@dataclass
class Draft:
    """A lead as read from a transcript, before the operator checks it."""

    fields: dict[str, Any]
    evidence: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        """Required facts with no value."""
        return missing(self.fields)

    @property
    def low_confidence(self) -> list[str]:
        """Fields found, but with a confidence worth a second look."""
        return sorted(k for k, v in self.confidence.items() if v < LOW_CONFIDENCE and self.fields.get(k) is not None)

    def to_json(self) -> dict[str, Any]:
        """The fields keyed as in `gongqian extract`, with evidence, confidence and what is missing."""
        return {**{k: self.fields.get(k) for k in FIELDS}, **{k: self.fields.get(k) for k in EXTRA_FIELDS},
                "evidence": self.evidence, "confidence": self.confidence,
                "missing": self.missing, "low_confidence": self.low_confidence}


def draft(text: str, ref_date: dt.date | None = None) -> Draft:
    """Read a transcript into a draft lead."""
    found = extract(text[:MAX_TRANSCRIPT], ref_date)
    values = {k: found.fields.get(k) for k in FIELDS}
    values.update({k: (found.extras or {}).get(k) for k in EXTRA_FIELDS})
    return Draft(values, dict(found.evidence), dict(found.confidence))


def missing(values: dict[str, Any], facts: dict[str, tuple[str, ...]] = REQUIRED) -> list[str]:
    """The facts (names of REQUIRED, by default) for which every field is empty."""
    return [name for name, keys in facts.items() if all(values.get(k) in (None, "", []) for k in keys)]


def transcript_id(text: str) -> str:
    """The same transcript, however it is spaced, is one conversation: resubmitting adds nothing."""
    normal = "".join(unicodedata.normalize("NFKC", text).split())
    return "hotline:" + hashlib.sha256(normal.encode("utf-8")).hexdigest()[:32]


def lead_for(values: dict[str, Any], *, text: str, operator: str, now: dt.datetime, prefix: str,
             vault: Vault) -> dict[str, Any]:
    """The lead for checked values, from `operator` (a console user, or api:<token name>)."""
    data = {k: v for k, v in values.items() if v not in ("", [])}
    # Filed under a blind index of the caller's phone, so the worker's own 进度 query can find it.
    sender = vault.blind(f"{CHANNEL}:{data.get('phone') or transcript_id(text)}")
    return build_lead(data, conversation_id=transcript_id(text), channel=CHANNEL, sender=sender,
                      now=now, prefix=prefix, operator=operator,
                      missing=missing(data, REQUIRED | OPTIONAL))


@dataclass(frozen=True)
class Submitted:
    """What became of a submission: the lead's reference, and whether it is new."""

    reference: str
    created: bool
    repeats: bool = False  # the caller already has this complaint open; nothing new was saved


async def submit(store: Store, vault: Vault, settings, lead: dict[str, Any], now: float) -> Submitted:
    """Link, route and flag the lead as chat leads are, then put it in the outbox, sealed."""
    if (known := await store.get_lead(lead["id"])) is not None:
        return Submitted(known.reference, False)
    operator_urgent = bool(lead.get("urgent"))
    found = await enrich(store, vault, settings, lead, now)
    if found.earlier is not None:
        return Submitted(found.earlier.reference, False, repeats=True)
    # The operator heard the call: their urgent mark stands even when no alert rule fires.
    lead["urgent"] = bool(lead.get("urgent")) or operator_urgent
    for record in found.records:  # the index entries first, as a chat lead's are saved
        await store.put_record(*record)
    created = await store.add_lead(seal(lead, vault))
    for event in found.events:  # the delivery worker's job sends them
        await events.queue(store, settings, event, now)
    return Submitted(lead["reference"], created)
