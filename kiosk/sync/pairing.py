"""The text of a pairing QR code shown by the central list (`kiosk central pair-code --qr`).

    CKPAIR:<server url>#<code>     e.g. CKPAIR:http://10.0.0.5:8421#ABCD-EF23
    CKPAIR:<code>                  the code alone (the kiosk already knows the URL)

A kiosk that scans one calls :meth:`kiosk.sync.engine.SyncEngine.pair` with the parts.
"""

from __future__ import annotations

import re

from kiosk.errors import ConfigError

PREFIX = "CKPAIR:"
_CODE = re.compile(r"^[A-Z2-9]{4}-?[A-Z2-9]{4}$")


def pairing_text(code: str, url: str | None = None) -> str:
    """The QR text for ``code`` (and the server ``url``, if given)."""
    return f"{PREFIX}{url}#{code}" if url else f"{PREFIX}{code}"


def parse_pairing_text(text: str) -> tuple[str | None, str] | None:
    """(url or None, code) from a scanned pairing QR; None if it is not one."""
    clean = text.strip()
    if not clean.upper().startswith(PREFIX):
        return None
    rest = clean[len(PREFIX):]
    url, sep, code = rest.rpartition("#")
    if not sep:
        url, code = "", rest
    code = code.strip().upper()
    if not _CODE.match(code):
        return None
    if url and not url.startswith(("http://", "https://")):
        return None
    return (url or None), code


def normalize_code(text: str) -> str:
    """``"abcd ef23"`` -> ``"ABCD-EF23"``; :class:`ConfigError` in plain words for
    anything that cannot be a pairing code (checked before any network call)."""
    clean = "".join(text.split()).upper().replace("-", "")
    if len(clean) < 8:
        raise ConfigError("That pairing code is too short: it looks like ABCD-EF23 (the last "
                          "line of `kiosk central pair-code`).")
    code = f"{clean[:4]}-{clean[4:]}"
    if not _CODE.match(code):
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
