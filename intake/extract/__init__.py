"""Read the facts of a wage-arrears complaint out of free Chinese (or English) text (issue 3).

    >>> from intake.extract import extract
    >>> extract("包工头张三欠我三万五", datetime.date(2026, 1, 6)).fields["amount_yuan"]
    35000
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from .pipeline import run

FIELDS: tuple[str, ...] = (
    "is_wage_arrears", "employer", "employer_kind", "project", "amount_yuan", "amount_range", "workers",
    "phone", "id_number", "period_start", "period_end", "province", "city", "district", "industry", "urgent",
)


@dataclass(frozen=True)
class Extraction:
    """The 16 fields with their evidence and confidence, extras for the dialogue, and the script used."""

    fields: dict
    evidence: dict = field(default_factory=dict)
    confidence: dict = field(default_factory=dict)
    extras: dict = field(default_factory=dict)
    script: str = "zh-Hans"

    def to_json(self, with_evidence: bool = True) -> dict:
        """The 16 keys, plus "evidence" and "confidence" objects when asked."""
        out = {k: self.fields.get(k) for k in FIELDS}
        if with_evidence:
            out["evidence"] = dict(self.evidence)
            out["confidence"] = dict(self.confidence)
        return out


log = logging.getLogger(__name__)


def empty_fields() -> dict:
    """All 16 fields unknown."""
    return {k: (False if k in ("is_wage_arrears", "urgent") else None) for k in FIELDS}


def extract(text: str, ref_date: dt.date | None = None, *, expecting: str | None = None) -> Extraction:
    """Pure: no I/O after the one-time, process-wide dictionary load. ref_date defaults to today."""
    ref = ref_date or dt.date.today()
    try:
        fields, evidence, confidence, extras, script = run(text, ref, expecting)
    except Exception:  # bad input must never break intake; an empty reading makes the dialogue ask
        log.exception("extraction failed on a %d-character text; answering with no facts", len(text or ""))
        return Extraction(empty_fields())
    return Extraction({k: fields.get(k) for k in FIELDS}, evidence, confidence, extras, script)


__all__ = ["FIELDS", "Extraction", "extract"]
