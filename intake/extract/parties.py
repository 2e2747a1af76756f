"""Who owes the wages (a business by name first, else a named person) and the project by name.

The readers live in businesses.py, persons.py and projects.py; this module keeps the public entry points."""

from __future__ import annotations

import re

from .businesses import (
    CALLED_THEN_KIND,
    COMPANY,
    LATIN_CAPITAL,
    NAME_CHARS,
    NOT_GIVEN,
    ROLE_IN,
    SHOP_CALLED,
    SHOP_THEN_CALLED,
    companies,
    is_generic,
    place_prefix,
    prefer_payer,
    strip_lead,
)
from .fastre import first_chars
from .lexicon import CHUNK_SPLIT, SURNAMES, VAGUE_WORD
from .persons import EN_PERSON, _person, answer_person
from .projects import project

PERSONAL = re.compile(r"[我俺他她]|老板|老总|经理|主管|师傅|店长|厂长|老乡|朋友|男人|老公|老婆|儿子|女儿")


def _business_answer(answer: str) -> str | None:
    """The bare name given when asked for a shop's or firm's name (老昌春饼，船营区那个老昌春饼 → 老昌春饼)."""
    for chunk in CHUNK_SPLIT.split(answer):
        name = strip_lead(chunk).strip("“”\"'「」")
        if not name or NOT_GIVEN.search(chunk) or ROLE_IN.search(name) or VAGUE_WORD.search(name):
            continue
        if not NAME_CHARS.fullmatch(name) or is_generic(name) or answer_person(name) == (name, name):
            continue
        return name
    return None


def employer(text: str, answer: str | None = None, dispute: bool = False,
             business: str | None = None) -> tuple[str | None, str | None, str | None]:
    """(employer, kind, evidence): business names first, then named persons; None without a name.

    In a payment dispute between companies (dispute), the general contractor is the party that owes.
    business is the reply to a question about the shop's or firm's name (a hotline transcript).
    """
    found = companies(text, keep_contractor=dispute)
    if found:
        name = prefer_payer(found, text)
        return name, "company", name
    named = _business_answer(business) if business else None
    for m in CALLED_THEN_KIND.finditer(text) if not named and "叫" in text else ():
        cand = m.group(1)
        if not VAGUE_WORD.search(cand) and not is_generic(cand) and not place_prefix(cand):
            named = cand
    for m in SHOP_CALLED.finditer(text) if not named else ():
        cand = m.group(1)
        if not VAGUE_WORD.search(cand) and not is_generic(cand) and not place_prefix(cand) \
                and answer_person(cand) != (cand, cand):
            named = cand
    for m in SHOP_THEN_CALLED.finditer(text) if not named and "叫" in text else ():
        cand = m.group(2)
        if ROLE_IN.search(m.group(1)) or PERSONAL.search(m.group(1)):
            continue  # 厂里的老板叫…, 店里我师傅叫…: the name after 叫 is a person's
        if not VAGUE_WORD.search(cand) and not is_generic(cand) and not place_prefix(cand):
            named = cand
    if named:
        return named, "company", named
    if answer:
        full = answer_person(answer)
        titled = _person(answer)
        pick = full if full and (not titled or len(full[0]) >= 3 and full[0][0] == titled[0][0]) else titled
        if pick:
            return pick[0], "person", pick[1]
    person = _person(text)
    if person:
        return person[0], "person", person[1]
    m = EN_PERSON.search(text) if LATIN_CAPITAL.search(text) else None
    if m:  # my boss Zhang Wei: English names stay as given
        return m.group(1), "person", m.group()
    return None, None, None




__all__ = ["COMPANY", "SURNAMES", "answer_person", "companies", "employer", "first_chars", "project"]
