"""One pass over a text: clean it, pick the caller's words, and read each field with its evidence."""

from __future__ import annotations

import datetime as dt
import re

from . import (
    amounts,
    contacts,
    normalize,
    numerals,
    parties,
    periods,
    places,
    topic,
    transcript,
    urgency,
    workers,
)
from . import fields as extras_mod

APPROXIMATE = re.compile(r"[几幾多来來余餘]|左右|上下")
FAST = True  # pre-checks that skip readers which cannot match; False only to test that they change nothing
WORDY = re.compile(r"[\u4e00-\u9fffA-Za-z]")
DISPUTE = re.compile(r"工程款|货款|材料款|进度款")
COUNTED_ONLY_IF_WAGE = ("amount_yuan", "amount_range", "workers", "period_start", "period_end")


class Reading:
    """Collects field values with evidence and confidence."""

    def __init__(self, doc: transcript.Doc, raw: str, clean: str):
        self.doc, self.raw, self.clean = doc, raw, clean
        self.fields: dict = {}
        self.evidence: dict = {}
        self.confidence: dict = {}

    def put(self, key: str, value, evidence: str | None, confidence: float) -> None:
        """Record a found value; the evidence is cut from the raw input where it can be located."""
        if value is None:
            return
        self.fields[key] = value
        self.confidence[key] = round(confidence, 2)
        if evidence:
            self.evidence[key] = self._raw(evidence)

    def name(self, value: str | None) -> str | None:
        """A name as the writer spelled it: a variant character (鼎昇) is not folded into another (鼎升)."""
        if not value:
            return value
        return normalize.keep_variants(self._raw(value), value)

    def _raw(self, ev: str) -> str:
        """The raw-text span that the clean evidence came from."""
        idx = self.doc.text.find(ev)
        if idx < 0:
            idx = self.clean.find(ev)
            return self.raw[idx:idx + len(ev)] if idx >= 0 else ev
        s, e = self.doc.raw_span(idx, idx + len(ev))
        return self.raw[s:e] or ev


def _answers(doc: transcript.Doc) -> dict[str, str]:
    """Caller turns grouped by the slot the operator (or the dialogue) asked for."""
    out: dict[str, str] = {}
    for s, e, slot in doc.answers:
        out[slot] = (out.get(slot, "") + "\n" + doc.text[s:e]).strip("\n")
    return out


def _mask(text: str) -> str:
    """Contact numbers blanked out, so amounts and counts never read their digits."""
    chars = list(text)
    for s, e in contacts.masks(text):
        chars[s:e] = "#" * (e - s)
    return "".join(chars)


def _contacts(r: Reading, body: str) -> None:
    """The complainant's own phone (last one given) and a valid ID number."""
    found = contacts.find(body)
    phones = [c for c in found if c.kind == "phone"]
    own = [c for c in phones if c.own] or phones
    if own:
        r.put("phone", own[-1].value, body[own[-1].start:own[-1].end], 0.95)
    ids = [c for c in found if c.kind == "id_number"]
    if ids:
        r.put("id_number", ids[-1].value, body[ids[-1].start:ids[-1].end], 0.95)


def _place(r: Reading, body: str, script: str) -> None:
    """Province, city and district of the workplace."""
    # 我们在眉山东坡区 … 成都蓉信达建筑劳务有限公司: the city at the head of a registered name is where the
    # firm is registered, not where the work was done, when the text names a place of its own
    unit, ev = places.resolve(body, r.doc.context, _firm_spans(body))
    if unit is None and _RX0.search(body):
        unit, ev = places.resolve_english(body), None
    if unit is None:
        return
    r.put("province", unit.province, ev, 0.9)
    r.put("city", unit.city, ev, 0.9 if unit.level != "province" else 0.7)
    r.put("district", unit.district, ev, 0.9)


def _firm_spans(body: str) -> tuple[tuple[int, int], ...]:
    """Where registered business names (…有限公司) stand: the place at their head is where the firm is
    registered, which need not be where the work was done."""
    return tuple((p, p + len(n)) for p, n in parties.companies(body) if _LEGAL.search(n))


def _amount(r: Reading, masked: str, ref: dt.date, workers_n: int | None, extras: dict,
            rough_count: bool = False) -> None:
    """amount_yuan or amount_range, never an invalid sum."""
    start, end = r.fields.get("period_start"), r.fields.get("period_end")
    months = None
    if start and end:
        months = (int(end[:4]) * 12 + int(end[5:])) - (int(start[:4]) * 12 + int(start[5:])) + 1
    fine = bool(_RX1.search(masked) or amounts.DISCIPLINE_RX.search(masked))
    money, value, derived = amounts.pick(masked, workers_n, months, fine, rough_count)
    if money is None or value is None:
        return
    ev = masked[money.num.start:money.num.end]
    if money.num.high and value == money.num.value:  # a range said (大概两三万), not computed from one
        lo, hi = money.num.value, money.num.high
        if amounts.valid(lo) and amounts.valid(hi):
            r.put("amount_range", [_whole(lo), _whole(hi)], ev, 0.8)
            extras["amount_needs_readback"] = True
        return
    if not amounts.valid(value):
        extras["invalid_amount"] = True
        return
    r.put("amount_yuan", _whole(value), ev, 0.7 if derived else 0.9)
    if derived or money.num.approx:
        extras["amount_needs_readback"] = True


def _whole(v: float):
    """An int when the amount has no fractional yuan."""
    return int(v) if float(v).is_integer() else round(v, 2)


def run(text: str, ref: dt.date, expecting: str | None):
    """(fields, evidence, confidence, extras, script) for one text."""
    # numerals.find, contacts.find and contacts._groups are memoised so one extraction reads each text
    # once; the memo is emptied per call so nothing is carried between messages.
    numerals.find.cache_clear()
    contacts.find.cache_clear()
    contacts._groups.cache_clear()
    parties.companies.cache_clear()
    urgency.urgent_signal.cache_clear()
    places.scan.cache_clear()
    raw, clean, script = normalize.clean(text)
    doc = transcript.build(clean, expecting)
    body = doc.text
    r = Reading(doc, raw, clean)
    answers = _answers(doc)
    masked = _mask(body)
    extras: dict = {}

    # Every word-based reader (topic, place, names, industry, urgency) needs a Chinese or Latin letter:
    # a bare number (a phone or ID answer) skips them all with the same result.
    wordy = not FAST or bool(WORDY.search(body))
    subject = topic.topic(body, doc.owed_presumed) if wordy else ("policy" if "?" in body else "other")
    is_wage = subject == "wage_arrears"
    r.fields["is_wage_arrears"] = is_wage
    if body.strip():
        extras["topic"] = subject
    _contacts(r, body)
    if wordy:
        _place(r, body, script)
        kind_name, kind, ev = parties.employer(body, answers.get("employer"),
                                               dispute=not is_wage and (subject == "business_dispute" or
                                                                        "款" in body and bool(DISPUTE.search(body))),
                                               business=answers.get("employer_business"))
        r.put("employer", r.name(kind_name), ev, 0.85)
        r.put("employer_kind", kind, ev, 0.85)
    if wordy or answers.get("project") is not None:
        proj, ev = parties.project(body, answers.get("project"))
        r.put("project", r.name(proj), ev, 0.75)
    if wordy:
        ind, ev = topic.industry(body)
        if ind is None and WORDY.search(r.fields.get("project") or ""):
            ind, ev = "construction", r.evidence.get("project")  # a named site is building work (README)
        r.put("industry", ind, ev, 0.8)
    start, end, ev = periods.resolve(masked, ref)
    if start:
        r.put("period_start", start, ev, 0.85)
        r.put("period_end", end, ev, 0.85)
    n, ev = workers.count(masked, answers.get("workers"))
    # A count that is only implied (我) or rounded (四十几个) is worth confirming, so it scores low.
    r.put("workers", n, ev, 0.8 if ev and not APPROXIMATE.search(ev) else 0.6)
    _amount(r, masked, ref, n, extras, rough_count=bool(ev and APPROXIMATE.search(ev)))
    signal = urgency.urgent_signal(body) if wordy else None
    r.fields["urgent"] = bool(is_wage and signal)
    if r.fields["urgent"]:
        r.put("urgent", True, signal, 0.9)

    if not is_wage and expecting is None:
        for key in COUNTED_ONLY_IF_WAGE:
            r.fields.pop(key, None)
            r.evidence.pop(key, None)
            r.confidence.pop(key, None)
    _extras(extras, body, expecting, r, wordy)
    return r.fields, r.evidence, r.confidence, extras, script


def _extras(extras: dict, body: str, expecting: str | None, r: Reading, wordy: bool = True) -> None:
    """Name, address, USCC, refusal and correction flags for the dialogue."""
    if not wordy:
        code = contacts.find_uscc(body)
        if code:
            extras["uscc"] = code
        return
    name = extras_mod.complainant_name(body, expecting)
    if name:
        extras["complainant_name"] = name
    addr = extras_mod.address(body)
    if addr:
        extras["address"] = addr
    code = contacts.find_uscc(body)
    if code:
        extras["uscc"] = code
    if expecting and extras_mod.declined(body) and not _slot_filled(expecting, r.fields):
        extras["declined"] = True
    if extras_mod.corrected(body):
        extras["correction"] = True


SLOT_FIELDS = {"employer": "employer", "project": "project", "amount": "amount_yuan", "workers": "workers",
               "period": "period_start", "location": "province", "phone": "phone", "id_number": "id_number"}


def _slot_filled(slot: str, fields: dict) -> bool:
    """Whether the asked-for slot got a value (then a 没有 in the reply is not a refusal)."""
    key = SLOT_FIELDS.get(slot)
    return bool(key and fields.get(key) is not None) or slot == "amount" and fields.get("amount_range") is not None


# Patterns used inside functions, compiled once at import (no re cache lookup per call).
_RX0 = re.compile(r"[A-Za-z]{3,}")
_RX1 = re.compile(r"罚款|罚了|罚钱")
_LEGAL = re.compile(r"有限|股份|集团")
