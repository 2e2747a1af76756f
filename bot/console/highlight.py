"""The transcript with the words each field was read from marked, so the operator can check them."""

from __future__ import annotations

import unicodedata
from html import escape

from bot.console.render import Html


def _fold(char: str) -> str:
    # One character in, one out, so positions in the folded text are positions in the original.
    folded = unicodedata.normalize("NFKC", char).lower()
    return folded if len(folded) == 1 else char


def spans(transcript: str, evidence: dict[str, str]) -> list[tuple[int, int, list[str]]]:
    """(start, end, fields) of every evidence text found in the transcript, merged where they overlap."""
    folded = "".join(_fold(c) for c in transcript)
    found = []
    for name, words in evidence.items():
        needle = "".join(_fold(c) for c in (words or "").strip())
        at = folded.find(needle) if needle else -1
        if at >= 0:
            found.append((at, at + len(needle), [name]))
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, names in sorted(found):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] + names)
        else:
            merged.append((start, end, names))
    return merged


def highlight(transcript: str, evidence: dict[str, str], label) -> Html:
    """The transcript escaped, with <mark> around evidence; `label(field)` names a field in the tooltip."""
    out, at = [], 0
    for start, end, names in spans(transcript, evidence):
        title = escape("、".join(dict.fromkeys(label(n) for n in names)))
        out.append(escape(transcript[at:start]))
        out.append(f'<mark title="{title}">{escape(transcript[start:end])}</mark>')
        at = end
    out.append(escape(transcript[at:]))
    return Html("".join(out))
