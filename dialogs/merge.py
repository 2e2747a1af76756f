"""Pure rules for folding what a message says into what the dialogue already knows."""

from __future__ import annotations

import re
from typing import Any

from dialogs.intake_flow import SLOT_BY_NAME, Slot

# Fields that travel together: setting one member from a message sets the others from the
# same message too (an amount is a figure or a range, never both; a kind belongs to its name).
GROUPS = (("amount_yuan", "amount_range"), ("employer", "employer_kind"))
_GROUP_OF = {f: group for group in GROUPS for f in group}
FLAGS = ("is_wage_arrears", "urgent")
EXTRAS = ("complainant_name", "address", "uscc")
# A name part that a worker corrects on its own: 是三期 / 应该是B标段 / 5号楼.
_NAME_PART = re.compile(r"(第?[一二三四五六七八九十百\d]+(?:期|标段|标|号楼|栋|地块|区))")


def merge(data: dict[str, Any], fields: dict[str, Any], extras: dict[str, Any], slot: Slot | None) -> set[str]:
    """Fold one message's facts into `data`; return the names of the fields that changed.

    Facts answering the slot just asked for, and facts in a message that corrects itself,
    replace what was known; anything else only fills gaps, so chatter cannot undo answers.
    """
    overriding = set(slot.fields if slot else ()) | (set(fields) if extras.get("correction") else set())
    changed: set[str] = set()
    for name, value in fields.items():
        if name in FLAGS or value is None:
            continue
        if name in overriding or data.get(name) is None:
            changed |= _assign(data, name, value, fields)
    for name in FLAGS:
        if fields.get(name) and not data.get(name):
            data[name] = True
    for name in EXTRAS:
        if extras.get(name) and (data.get(name) is None or (slot and name in slot.fields)):
            data[name] = extras[name]
    if changed & {"amount_yuan", "amount_range"}:
        data["amount_needs_readback"] = bool(extras.get("amount_needs_readback"))
    return changed


def _assign(data: dict[str, Any], name: str, value: Any, fields: dict[str, Any]) -> set[str]:
    """Set one field, and its group's other members from the same message."""
    changed = set()
    for member in _GROUP_OF.get(name, (name,)):
        new = value if member == name else fields.get(member)
        if data.get(member) != new:
            data[member] = new
            changed.add(member)
    return changed


def correct_name_part(current: str | None, text: str) -> str | None:
    """Apply a correction of one part of a name (二期 → 三期), or None if it does not fit."""
    if not current:
        return None
    new = _NAME_PART.findall(text)
    old = _NAME_PART.findall(current)
    if not new or not old or new[-1] == old[-1]:
        return None
    kind = new[-1][-1]
    if old[-1][-1] != kind:
        return None
    head, _, tail = current.rpartition(old[-1])
    return f"{head}{new[-1]}{tail}"


def filled(data: dict[str, Any], slot_name: str) -> bool:
    """Whether the facts a slot asks for are known well enough to move on."""
    if slot_name == "location":
        return bool(data.get("city") or data.get("district"))
    return any(data.get(f) is not None for f in SLOT_BY_NAME[slot_name].fields)
