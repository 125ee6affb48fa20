"""The one folding rule for attendee search, shared by the desk's replica search and the
organisers' console: finding people as staff type their names on any keyboard.

Names are folded to plain ASCII with a maintained transliteration table (``anyascii``,
ISC): ø→o, ł→l, ı→i, ß→ss, æ→ae, ü→u, é→e, 陈伟→chenwei. German umlauts also index their
ue/oe/ae spelling ("mueller" finds Müller), and apostrophes, hyphens and the spaces
between a name's words are ignored: "obrien" finds O'Brien, "jeanluc" Jean-Luc and
"vanderberg" van der Berg (:func:`name_keys`; the replica indexes them,
kiosk/replica/search.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
#: Apostrophes and hyphens of every kind: ignored inside names.
_JOINERS = re.compile(r"['’ʼ`´\-‐‑–]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII, apostrophes/hyphens dropped, other punctuation a space."""
    ascii_text = text if text.isascii() else anyascii(text)
    return _NOT_WORD.sub(" ", _JOINERS.sub("", ascii_text.lower())).strip()


@lru_cache(maxsize=65536)
def _word_forms(word: str) -> tuple[str, tuple[str, ...]]:
    """One written word: its folded form (written together) and every searchable form
    (folded, its parts, the umlaut spelling). Cached: first names, surnames and
    organisations repeat across a list, and imports fold a million of them."""
    lower = word.lower()
    joined = fold(lower).replace(" ", "")
    forms = [joined] if joined else []
    spellings = (lower, lower.translate(_UMLAUTS)) if any(c in lower for c in "äöü") \
        else (lower,)
    for spelling in spellings:
        if spelling is not lower:
            forms.append(fold(spelling).replace(" ", ""))
        # "berg-hansen" is also "berg" and "hansen"; "o'brien" also "brien".
        ascii_text = spelling if spelling.isascii() else anyascii(spelling)
        forms.extend(p for p in _NOT_WORD.split(ascii_text.lower()) if p)
    return joined, tuple(dict.fromkeys(f for f in forms if f))


def _forms(word: str) -> tuple[str, tuple[str, ...]]:
    """:func:`_word_forms`, with a plain ASCII word (letters and digits only: most
    words, and every number) answered without the cache: it is its own only form."""
    if word.isascii() and word.isalnum():
        lower = word.lower()
        return lower, (lower,)
    return _word_forms(word)


def _text_keys(text: str) -> list[str]:
    words = text.split()
    if len(words) == 1:
        return list(_forms(words[0])[1])
    keys: list[str] = []
    folded_words = []
    for word in words:
        joined, forms = _forms(word)
        folded_words.append(joined)
        keys.extend(forms)
    # Every run of words to the end, written together: "vanderberg", "derberg".
    for start in range(len(folded_words) - 1):
        keys.append("".join(folded_words[start:]))
    return keys


def _name_only_keys(name: str) -> str:
    return " ".join(dict.fromkeys(_text_keys(name)))


@lru_cache(maxsize=4096)
def _organisation_keys(organisation: str) -> tuple[str, ...]:
    # Cached: a list has few organisations, and each attendee names one.
    return tuple(_text_keys(organisation))


def name_keys(name: str | None, organisation: str | None = None) -> str:
    """The tokens the name index holds for one attendee (space-separated). Called for
    every attendee written to a replica (a million at a first download): kept lean."""
    if not organisation:
        return _name_only_keys(name) if name else ""
    keys = _text_keys(name) if name else []
    keys.extend(_organisation_keys(organisation))
    return " ".join(dict.fromkeys(keys))


def names_query(text: str) -> str:
    """An FTS5 query over ``attendee_names`` for typed text: every folded word a prefix."""
    words = [fold(w).replace(" ", "") for w in text.split()]
    return " ".join(f'"{w}"*' for w in words if w)
