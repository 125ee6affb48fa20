"""The text of a pairing QR code shown by the central list (`kiosk central pair-code --qr`).

    CKPAIR:<server url>#<code>     e.g. CKPAIR:http://10.0.0.5:8421#ABCD-EF23
    CKPAIR:<code>                  the code alone (the kiosk already knows the URL)

A kiosk that scans one calls :meth:`kiosk.sync.engine.SyncEngine.pair` with the parts.
The QR text is a wire shape, written once in :mod:`kiosk.core.wire` with the central
list that shows it; this module checks what a person types.
"""

from __future__ import annotations

from kiosk.core.wire import PAIRING_CODE, PAIRING_PREFIX
from kiosk.core.wire import pairing_text as pairing_text
from kiosk.core.wire import parse_pairing_text as parse_pairing_text
from kiosk.errors import ConfigError

PREFIX = PAIRING_PREFIX


def normalize_code(text: str) -> str:
    """``"abcd ef23"`` -> ``"ABCD-EF23"``; :class:`ConfigError` in plain words for
    anything that cannot be a pairing code (checked before any network call)."""
    clean = "".join(text.split()).upper().replace("-", "")
    if len(clean) < 8:
        raise ConfigError("That pairing code is too short: it looks like ABCD-EF23 (the last "
                          "line of `kiosk central pair-code`).")
    code = f"{clean[:4]}-{clean[4:]}"
    if not PAIRING_CODE.match(code):
        raise ConfigError(f"{text.strip()!r} is not a pairing code: it looks like ABCD-EF23 "
                          "(the last line of `kiosk central pair-code`).")
    return code


def normalize_url(text: str) -> str:
    """The central list's base URL; ``10.0.0.5:8421`` means ``http://10.0.0.5:8421``."""
    url = text.strip().rstrip("/")
    if "://" not in url:
        url = "http://" + url
    if not url.startswith(("http://", "https://")) or len(url) <= len("https://"):
        raise ConfigError(f"{text!r} is not an http:// or https:// URL (for example "
                          "http://10.0.0.5:8421).")
    return url
