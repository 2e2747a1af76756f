"""Message catalogues: every text a user reads, from locales/<lang>.toml, keyed `flow.purpose`."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LANGS = ("zh-Hans", "zh-Hant", "en")
DEFAULT_LANG = "zh-Hans"


class _Blank(dict):
    """format_map helper: a variable nobody supplied renders empty, never raises."""

    def __missing__(self, key: str) -> str:
        return ""


class Catalog:
    """Texts by language, with zh-Hans as the fallback for a key a language lacks."""

    def __init__(self, tables: dict[str, dict[str, str]]):
        self._tables = tables

    @classmethod
    def load(cls, directory: Path = LOCALES_DIR) -> Catalog:
        """Read every locales/<lang>.toml into flat `section.key` tables."""
        return cls({lang: flatten(tomllib.loads((directory / f"{lang}.toml").read_text("utf-8"))) for lang in LANGS})

    def text(self, lang: str, key: str, **variables: object) -> str:
        """The text for `key` in `lang`, with {variables} filled in."""
        table = self._tables.get(lang) or self._tables[DEFAULT_LANG]
        template = table.get(key) or self._tables[DEFAULT_LANG][key]
        return template.format_map(_Blank(variables)) if variables else template

    def has(self, key: str) -> bool:
        """Whether the default catalogue defines `key`."""
        return key in self._tables[DEFAULT_LANG]

    def keys(self, lang: str) -> set[str]:
        """Every key one language defines."""
        return set(self._tables[lang])


def flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    """{'a': {'b': 'x'}} → {'a.b': 'x'}."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def accepted_lang(header: str) -> str:
    """The first catalogue language in an Accept-Language header (or a ?lang= value), else the default."""
    for part in header.lower().replace(" ", "").split(","):
        code = part.split(";")[0]
        if code.startswith(("zh-hant", "zh-tw", "zh-hk", "zh-mo")):
            return "zh-Hant"
        if code.startswith("zh"):
            return "zh-Hans"
        if code.startswith("en"):
            return "en"
    return DEFAULT_LANG


@cache
def catalog() -> Catalog:
    """The process-wide catalogue, read once."""
    return Catalog.load()
