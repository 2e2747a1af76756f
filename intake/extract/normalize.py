"""Length-preserving clean-up: markup, full-width forms, Traditional script, dialect and typos.

Every step maps one character to one character (or a span to a span of the same length), so a
position in the clean text is the same position in the raw text and evidence can be cut from it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_CHARS = 60_000  # longer pastes keep their tail, where summaries and contacts usually are

# Same-length rewrites of colloquial spellings, typos and pinyin shorthand seen in worker chat.
REWRITES = (
    ("工姿", "工资"), ("公资", "工资"), ("包公头", "包工头"), ("包工投", "包工头"), ("包功头", "包工头"), ("老版", "老板"), ("老扳", "老板"),
    ("係", "是"), ("喺", "在"), ("嘅", "的"), ("唔", "不"), ("冇", "没"), ("咗", "了"), ("佢", "他"),
    # Hakka 𠊎 (I) and the Hakka/Cantonese classifier 只 before 月 (两只月 = 两个月).
    ("𠊎", "我"), ("只月", "个月"),
    # Cantonese plural and "now": 我哋 (我们), 而家 (现在)
    ("哋", "们"), ("而家", "现在"),
)
ASCII_SHORTHAND = re.compile(r"(?<![A-Za-z])(lb|LB|gz|GZ|qx|QX)(?![A-Za-z])")
SHORTHAND = {"lb": "老板", "gz": "工资", "qx": "欠薪"}
TAG = re.compile(r"<[^<>\n]{0,400}>")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@lru_cache(maxsize=1)
def _t2s():
    """The OpenCC Traditional→Simplified converter, built once per process."""
    import opencc

    return opencc.OpenCC("t2s")


def _fold_width(text: str) -> str:
    """Full-width digits, letters and punctuation to their one-character NFKC forms."""
    out = []
    for ch in text:
        if "\uff01" <= ch <= "\uff5e" or ch == "\u3000":
            n = unicodedata.normalize("NFKC", ch)
            out.append(n if len(n) == 1 else ch)
        else:
            out.append(ch)
    return "".join(out)


def _to_simplified(text: str) -> tuple[str, int]:
    """Simplified text and how many characters changed; falls back per character if lengths drift."""
    if _in_gb2312_all(text):
        return text, 0  # every character is already in the Simplified set, and those are kept as written
    conv = _t2s().convert(text)
    if len(conv) != len(text):
        conv = "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)
    # A character that GB 2312 already has (昇, 乾, 著) is valid Simplified: keep it as written,
    # so names like 鼎昇 survive; only characters outside the Simplified set are converted.
    out = [a if a != b and _in_gb2312(a) else b for a, b in zip(text, conv, strict=True)]
    changed = sum(1 for a, b in zip(text, out, strict=True) if a != b)
    return "".join(out), changed


def _in_gb2312_all(text: str) -> bool:
    """Whether the whole text encodes in GB 2312 (one C call instead of a conversion)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=1)
def _s2t():
    """The OpenCC Simplified→Traditional converter, built once per process."""
    import opencc

    return opencc.OpenCC("s2t")


def keep_variants(raw: str, simple: str) -> str:
    """A name with the writer's variant characters kept (鼎昇, not 鼎升), other characters simplified.

    A raw character is only a Traditional spelling when the phrase-level Traditional rendering of
    the simplified name has it at that place (制品 → 製品); otherwise it is a variant used on purpose.
    """
    if raw == simple or len(raw) != len(simple):
        return simple
    back = _s2t().convert(simple)
    if len(back) != len(simple):
        return simple
    return "".join(r if r != c and b != r and "\u4e00" <= r <= "\u9fff" else c
                   for r, c, b in zip(raw, simple, back, strict=True))


def _in_gb2312(ch: str) -> bool:
    """Whether a character belongs to the GB 2312 Simplified character set."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def detect_script(raw: str, changed: int) -> str:
    """zh-Hans, zh-Hant or en, so the bot can answer in the writer's script."""
    cjk = len(CJK.findall(raw))
    if cjk < 3 and len(LATIN_WORD.findall(raw)) >= 2:
        return "en"
    return "zh-Hant" if changed >= 1 else "zh-Hans"


def clean(raw: object) -> tuple[str, str, str]:
    """(raw text, clean text of the same length, script) for any input, never raising."""
    if raw is None:
        raw = ""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    text = str(raw)
    if len(text) > MAX_CHARS:
        text = text[-MAX_CHARS:]
    text = CONTROL.sub(" ", text)
    text = TAG.sub(lambda m: " " * len(m.group()), text)
    text = _fold_width(text)
    simple, changed = _to_simplified(text)
    if "鉅" in text:  # OpenCC folds 鉅 into 巨; the standard simplification (通用规范汉字表) is 钜, as in names
        simple = "".join("钜" if a == "鉅" else b for a, b in zip(text, simple, strict=True))
    for old, new in REWRITES:
        if old in simple:
            simple = simple.replace(old, new)
    simple = ASCII_SHORTHAND.sub(lambda m: SHORTHAND[m.group().lower()], simple)
    return text, simple, detect_script(text, changed)
