"""Drive a devset-style persona through any channel, and compare what the bot recorded.

A persona answers the slot the bot is `expecting`, following the devset README: a list is
sent one item per turn (the next item on the following turn, whatever the bot asked), a used-up
list repeats its last item, and a question that matches no slot gets 不知道.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OWN = ROOT / "tests" / "data"
FINAL = {"SUBMITTED", "HANDED_OFF", "REFERRED", "DECLINED", "ABANDONED", "CANCELLED"}
OUTCOME_STATE = {"complete": "SUBMITTED", "handoff": "HANDED_OFF", "abandoned": "ABANDONED",
                 "no_consent": "DECLINED", "redirect": "REFERRED"}
FIELDS = ("is_wage_arrears", "employer", "employer_kind", "project", "amount_yuan", "amount_range", "workers",
          "phone", "id_number", "period_start", "period_end", "province", "city", "district", "industry", "urgent")
MAX_TURNS = 40


def devset_dir() -> Path | None:
    """The shared devset, if this checkout has one beside it."""
    path = Path(os.environ.get("GONGQIAN_DEVSET", ROOT.parent / "shared" / "devset"))
    return path if (path / "dialogues.jsonl").exists() else None


def load(name: str) -> list[dict]:
    """Records of a devset file; skips the test without the devset, except under CI."""
    folder = devset_dir()
    if folder is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the devset (../shared/devset) is missing under CI")
        pytest.skip("no ../shared/devset beside this checkout (set GONGQIAN_DEVSET to use one)")
    return [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def own(name: str) -> list[dict]:
    """The project's own test table of the same shape, which every checkout has."""
    return [json.loads(line) for line in (OWN / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class Turn:
    state: str
    replies: list[dict]
    reference: str | None = None


@dataclass
class Transcript:
    turns: list[tuple[str, Turn]] = field(default_factory=list)

    @property
    def last(self) -> Turn:
        return self.turns[-1][1]

    def asked(self) -> list[str]:
        return [r["expecting"] for _, t in self.turns for r in t.replies if r.get("expecting")]

    def dump(self) -> str:
        return "\n".join(f">> {sent}\n" + "\n".join(f"<< [{r.get('expecting')}] {r['text']}" for r in t.replies)
                         for sent, t in self.turns)


Send = Callable[[str], Awaitable[Turn]]


async def drive(persona: dict, send: Send) -> Transcript:
    """Play the persona against the bot until the conversation ends."""
    transcript = Transcript()
    answers = persona["answers"]
    used: dict[str, int] = {}
    pending: str | None = None  # a list slot whose next item goes on the following turn
    message = persona["first_message"]
    for _ in range(MAX_TURNS):
        turn = await send(message)
        transcript.turns.append((message, turn))
        if turn.state in FINAL or (persona.get("exit_at") and message == _exit_message(persona)):
            return transcript
        asked = next((r["expecting"] for r in reversed(turn.replies) if r.get("expecting")), None)
        slot = pending if pending and used.get(pending, 0) < len(answers[pending]) else asked
        pending = None
        if slot not in answers:
            message = "不知道"
            continue
        value = answers[slot]
        if isinstance(value, list):
            index = min(used.get(slot, 0), len(value) - 1)
            used[slot] = index + 1
            message = value[index]
            pending = slot if used[slot] < len(value) else None
        else:
            message = value
    return transcript


def _exit_message(persona: dict) -> str | None:
    exit_at = persona.get("exit_at")
    if exit_at == "first_message":
        return persona["first_message"]
    value = persona["answers"].get(exit_at) if exit_at else None
    return value[-1] if isinstance(value, list) else value


# -- comparing the record with the persona's facts (the devset README's scoring rules) --------

_ROLE = re.compile(r"^(包工头|工头|老板|班组长|带班|项目经理|经理|雇主)")
_SUFFIX = re.compile(r"(工地|项目部|项目)+$")


def _text(value) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).strip(".。,，;；:：!！?？").lower()
    return value or None


def norm(name: str, value):
    """A field value normalised as the devset scorer does."""
    if name in ("is_wage_arrears", "urgent"):
        return bool(value)
    if value in (None, "", []):
        return None
    if name == "employer":
        text = _text(value)
        stripped = _ROLE.sub("", text)
        return stripped if len(stripped) >= 2 else text
    if name == "project":
        return _SUFFIX.sub("", _text(value))
    if name == "amount_yuan":
        return round(float(value))
    if name == "amount_range":
        return tuple(round(float(v)) for v in value)
    if name == "workers":
        return int(value)
    return _text(value)


def record_of(lead: dict) -> dict:
    """The 16 devset fields of a lead."""
    return {
        "is_wage_arrears": lead["is_wage_arrears"], "employer": lead["employer"]["name"],
        "employer_kind": lead["employer"]["kind"], "project": lead["project"]["name"],
        "amount_yuan": lead["amount_yuan"], "amount_range": lead["amount_range"], "workers": lead["workers"],
        "phone": lead["complainant"]["phone"], "id_number": lead["complainant"]["id_number"],
        "period_start": lead["period"]["start"], "period_end": lead["period"]["end"],
        **{k: lead["location"][k] for k in ("province", "city", "district")},
        "industry": lead["industry"], "urgent": lead["urgent"],
    }


def mismatches(record: dict, facts: dict, only_filled: bool = False) -> dict:
    """Fields whose normalised values differ; with only_filled, fields left empty are not counted."""
    wrong = {}
    for name in FIELDS:
        got, want = norm(name, record.get(name)), norm(name, facts.get(name))
        if only_filled and got in (None, False):
            continue
        if got != want:
            wrong[name] = (record.get(name), facts.get(name))
    return wrong
