"""Regular-expression helpers shared by the extractor's readers: a first-character look-ahead for long alternations."""

from __future__ import annotations

import re

HAN = r"\u4e00-\u9fff"


def compiled_fast(pattern: str, flags: int = 0) -> re.Pattern:
    """re.compile with a first-character look-ahead, so long alternations skip most positions quickly."""
    return re.compile(first_chars(pattern, flags) + "(?:" + pattern + ")", flags)


def first_chars(pattern: str, flags: int = 0) -> str:
    """A look-ahead on the characters a match of pattern can start with, or "" when that set is open.

    Python's re tries every alternative of a long alternation at every position of the text; a
    one-character look-ahead in front lets it skip the positions where no alternative can start.
    The look-ahead only ever skips positions where the pattern cannot match, so results are unchanged.
    """
    try:
        from re import _parser as sre  # the parser of the re module itself (Python 3.11+)

        chars = _first(sre, sre.parse(pattern, flags).data)
    except Exception:  # any construct not understood here: no look-ahead, same results
        return ""
    if not chars or chars[1]:
        return ""
    out = set()
    for ch in chars[0]:
        out.add(ch)
        if flags & re.I:
            out.update((ch.lower(), ch.upper()))
    return "(?=[" + "".join(re.escape(c) for c in sorted(out)) + "])"


def _first(sre, items) -> tuple[set, bool] | None:
    """(characters a sequence of parsed items can start with, whether it can match empty), or None if open."""
    found: set = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return found | {chr(av)}, False
        if name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue  # zero-width: look at what follows
        if name == "IN":
            for iop, iav in av:
                if str(iop) == "LITERAL":
                    found.add(chr(iav))
                elif str(iop) == "RANGE" and iav[1] - iav[0] < 64:
                    found.update(chr(c) for c in range(iav[0], iav[1] + 1))
                else:
                    return None
            return found, False
        if name == "BRANCH":
            nullable = False
            for alt in av[1]:
                sub = _first(sre, alt.data if hasattr(alt, "data") else alt)
                if sub is None:
                    return None
                found |= sub[0]
                nullable = nullable or sub[1]
            if not nullable:
                return found, False
            continue
        if name == "SUBPATTERN":
            sub = _first(sre, av[3].data)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            sub = _first(sre, av[2].data)
            if sub is not None and av[0] == 0:
                sub = (sub[0], True)
        else:
            return None
        if sub is None:
            return None
        found |= sub[0]
        if not sub[1]:
            return found, False
    return found, True


