"""Every catalogue has every key, and every key the code uses exists."""

import re
from pathlib import Path

import pytest

from dialogs.intake_flow import SLOTS, STATES, TOPICS
from intake.i18n import LANGS, Catalog

ROOT = Path(__file__).resolve().parent.parent
CATALOG = Catalog.load()
# Keys written literally in code: note("x.y"), text(lang, "x.y"), and prompt/options in the tables.
_LITERAL = re.compile(r"""(?:note|text)\((?:[^()"']*?,\s*)?["']([a-z_]+\.[a-z_]+)["']""")
REFERRALS = ("social_insurance", "injury", "contract", "policy", "business_dispute", "loan", "deposit", "other")
STATUSES = ("received", "pending", "delivered", "accepted", "assigned", "in_progress", "resolved", "closed",
            "rejected", "dead")


def keys_in_code() -> set[str]:
    found = set()
    for folder in ("bot", "dialogs", "intake"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def keys_in_tables() -> set[str]:
    keys = {s.prompt for s in STATES if s.prompt} | {o for s in STATES for o in s.options}
    keys |= {f"ask.{s.name}" for s in SLOTS} | {f"retry.{s.name}" for s in SLOTS} | {f"field.{s.name}" for s in SLOTS}
    keys |= {f"topic.opt_{t}" for t in TOPICS} | {f"referral.{t}" for t in REFERRALS}
    keys |= {f"status.{s}" for s in STATUSES} | {f"confirm.kind_{k}" for k in ("company", "person")}
    return keys


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalogue_has_every_key(lang):
    assert CATALOG.keys(lang) == CATALOG.keys("zh-Hans")


@pytest.mark.parametrize("lang", LANGS)
def test_every_text_fills_the_same_variables(lang):
    for key in CATALOG.keys("zh-Hans"):
        want = set(re.findall(r"{(\w+)}", CATALOG.text("zh-Hans", key)))
        assert set(re.findall(r"{(\w+)}", CATALOG.text(lang, key))) == want, key


def test_every_key_the_code_uses_exists():
    used = keys_in_code() | keys_in_tables()
    assert used, "found no keys: the scan is broken"
    assert sorted(k for k in used if not CATALOG.has(k)) == []


def test_traditional_catalogue_is_written_in_traditional_characters():
    assert "這" in CATALOG.text("zh-Hant", "consent.notice") and "这" not in CATALOG.text("zh-Hant", "consent.notice")
