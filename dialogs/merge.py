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
_SAID_PART = re.compile(r"(?:是|应该是|改成|改为|换成)\s*(第?[一二三四五六七八九十百\d]+(?:期|标段|标|号楼|栋|地块|区))")


def merge(data: dict[str, Any], fields: dict[str, Any], extras: dict[str, Any], slot: Slot | None,
          text: str = "") -> set[str]:
    """Fold one message's facts into `data`; return the names of the fields that changed.

    Facts answering the slot just asked for, and facts in a message that corrects itself,
    replace what was known; anything else only fills gaps, so chatter cannot undo answers.
    """
    overriding = set(slot.fields if slot else ()) | (set(fields) if extras.get("correction") else set())
    if extras.get("correction"):
        fields = keep_period_end(data, fields, text)
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
    """Apply a correction of one part of a name (不对 是三期 → 二期 becomes 三期), or None if it does not fit."""
    old = _NAME_PART.findall(current or "")
    said = _SAID_PART.search(text)
    new = said.group(1) if said else next(iter(_NAME_PART.findall(text)), None)
    if not old or not new or new == old[-1] or new[-1] != old[-1][-1]:
        return None
    head, _, tail = current.rpartition(old[-1])
    return f"{head}{new}{tail}"


_STARTS_ONLY = re.compile(r"开始|起(?!码)|since", re.I)


def keep_period_end(data: dict[str, Any], fields: dict[str, Any], text: str) -> dict[str, Any]:
    """是十月开始的: a correction that names only where the period starts keeps where it ends."""
    start, end, old_end = fields.get("period_start"), fields.get("period_end"), data.get("period_end")
    if start and start == end and old_end and old_end > start and _STARTS_ONLY.search(text):
        return {**fields, "period_end": old_end}
    return fields


def filled(data: dict[str, Any], slot_name: str) -> bool:
    """Whether the facts a slot asks for are known; a place needs its district (the team it goes to)."""
    if slot_name == "location":
        return bool(data.get("district"))
    return any(data.get(f) is not None for f in SLOT_BY_NAME[slot_name].fields)


def guessed(changed: set[str], confidence: dict[str, float], threshold: float = 0.7) -> list[str]:
    """Slots this message filled only by a guess (an implied or rounded count), to be asked anyway."""
    return [slot.name for slot in SLOT_BY_NAME.values()
            if any(f in changed and confidence.get(f, 1.0) < threshold for f in slot.fields)]
