"""The one folding rule for attendee search, shared by the desk's replica search and the
organisers' console: case- and accent-insensitive ("jose" finds "José")."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text``, as the desk's search sees it."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
