"""Which attendee details (the CSV's extra columns: notes, T-shirt size, diet...) show
where, and under which label.

The public kiosk shows none unless staff list them (``kiosk_details``): the queue reads
the screen. The desk shows all by default (``desk_details`` = ``*``). Labels the
organisers commonly use, in English or Indonesian, are shown in the screen's language;
any other column keeps the name the organiser gave it.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

# lupdate finds translate("Context", "text") calls; the alias keeps lines short.
translate = QCoreApplication.translate


def _key(label: str) -> str:
    return "".join(c for c in label.casefold() if c.isalnum())


#: Column names organisers use (folded: lower case, letters and digits only).
_KNOWN = {
    "notes": ("notes", "note", "catatan", "keterangan", "remarks", "comments"),
    "tshirt": ("tshirtsize", "tshirt", "shirtsize", "ukurankaos", "kaos", "ukurankaus"),
    "diet": ("diet", "dietary", "dietaryrequirements", "makanan", "pantangan",
             "pantanganmakanan"),
    "accessibility": ("accessibility", "aksesibilitas", "kebutuhankhusus"),
}
_BY_KEY = {alias: kind for kind, aliases in _KNOWN.items() for alias in aliases}


def detail_label(label: str) -> str:
    """The label in the screen's language for a column organisers commonly use, else the
    organiser's own name for it."""
    kind = _BY_KEY.get(_key(label))
    if kind == "notes":
        return translate("Details", "Notes")
    if kind == "tshirt":
        return translate("Details", "T-shirt size")
    if kind == "diet":
        return translate("Details", "Diet")
    if kind == "accessibility":
        return translate("Details", "Accessibility")
    return label


def shown_details(details: Iterable[tuple[str, str]], spec: str) -> list[tuple[str, str]]:
    """The (label, value) pairs a screen with setting ``spec`` shows: ``*`` all, empty
    none, else the listed columns (by the organiser's name or a translated label)."""
    spec = spec.strip()
    if not spec:
        return []
    wanted = {_key(w) for w in spec.split(",") if w.strip()}
    out = []
    for label, value in details:
        if not str(value).strip():
            continue
        if spec == "*" or _key(label) in wanted or _key(detail_label(label)) in wanted \
                or _BY_KEY.get(_key(label)) in {_BY_KEY.get(w) for w in wanted} - {None}:
            out.append((detail_label(label), str(value)))
    return out
