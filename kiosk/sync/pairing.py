"""What a person gives to pair a kiosk: a pairing code and the central list's address
typed, the text of our central list's pairing QR, or pretix's device QR.

    CKPAIR:<server url>#<code>     e.g. CKPAIR:http://10.0.0.5:8421#ABCD-EF23
    CKPAIR:<code>                  the code alone (the kiosk already knows the URL)
    {"handshake_version": 1, "url": "https://pretix.eu", "token": "..."}   pretix

:func:`read_pairing` reads any of them into a :class:`PairingRequest` (checked before
any network call: a code is single-use) or raises :class:`~kiosk.errors.BadPairingInput`
whose ``problem`` (:class:`~kiosk.core.wire.PairingProblem`) a screen words itself;
``kiosk pair`` and the settings dialog (typed, pasted or shown to the camera) both use
it. The QR texts are wire shapes, written once in :mod:`kiosk.core.wire` with the
central list that shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.wire import PAIRING_CODE, PAIRING_PREFIX, PairingProblem, parse_pretix_handshake
from kiosk.core.wire import pairing_text as pairing_text
from kiosk.core.wire import parse_pairing_text as parse_pairing_text
from kiosk.errors import BadPairingInput, ConfigError

PREFIX = PAIRING_PREFIX


@dataclass(frozen=True)
class PairingRequest:
    """What to pair with: our central list at ``url`` (base URL, with ``#fingerprint``
    for https) with ``code``; or pretix (``pretix``), ``url`` its address and
    ``handshake`` the device QR's whole text."""

    url: str
    code: str = ""
    pretix: bool = False
    handshake: str = ""


def read_pairing(text: str, typed_url: str = "", *, typed_url_first: bool = False
                 ) -> PairingRequest:
    """``text`` (a code, or a QR's text) and the address typed beside it, as a request.

    A QR's own address wins over ``typed_url`` (it carries the certificate's fingerprint;
    a settings field still holds the old list's address), unless ``typed_url_first``
    (``kiosk pair URL CKPAIR:...``: the address given on purpose)."""
    clean = text.strip()
    if not clean:
        raise BadPairingInput("That pairing code is too short: it looks like ABCD-EF23 (the "
                              "last line of `kiosk central pair-code`).",
                              problem=PairingProblem.EMPTY)
    if clean.startswith("{"):
        handshake = parse_pretix_handshake(clean)
        if handshake is None:
            raise BadPairingInput(
                f"{clean[:40]!r} is neither a pairing code nor a pretix device QR.",
                problem=PairingProblem.NOT_A_PAIRING_QR)
        return PairingRequest(handshake[0], pretix=True, handshake=clean)
    url = typed_url.strip()
    if clean.upper().startswith(PREFIX):
        parsed = parse_pairing_text(clean)
        if parsed is None:
            raise BadPairingInput(f"{clean[:60]!r} is not a pairing QR's text: it looks "
                                  "like CKPAIR:http://10.0.0.5:8421#ABCD-EF23.",
                                  problem=PairingProblem.NOT_A_PAIRING_QR)
        qr_url, clean = parsed
        url = (url or qr_url or "") if typed_url_first else (qr_url or url)
    code = normalize_code(clean)
    if not url:
        raise BadPairingInput("Give the central list's URL and the pairing code, for "
                              "example: kiosk pair http://10.0.0.5:8421 ABCD-EF23 --db "
                              "kiosk.db", problem=PairingProblem.NO_ADDRESS)
    return PairingRequest(checked_url(url), code)


def checked_url(text: str) -> str:
    """The central list's address as pairing needs it: an http(s) URL, and for https the
    certificate's fingerprint after ``#`` (:mod:`kiosk.sync.pinning`)."""
    from kiosk.sync.pinning import split_url

    url = normalize_url(text)
    try:
        base, pin = split_url(url)
    except ConfigError as exc:
        raise BadPairingInput(str(exc), problem=PairingProblem.BAD_ADDRESS) from None
    if base.startswith("https://") and pin is None:
        raise BadPairingInput(
            "Pairing over https needs the central list's certificate fingerprint: scan the "
            "pairing QR, or give the URL as `kiosk central pair-code` prints it "
            "(https://...#xxxx-xxxx-xxxx-xxxx).", problem=PairingProblem.NO_FINGERPRINT)
    return url


def normalize_code(text: str) -> str:
    """``"abcd ef23"`` -> ``"ABCD-EF23"``; :class:`BadPairingInput` in plain words for
    anything that cannot be a pairing code (checked before any network call)."""
    clean = "".join(text.split()).upper().replace("-", "")
    if len(clean) < 8:
        raise BadPairingInput("That pairing code is too short: it looks like ABCD-EF23 "
                              "(the last line of `kiosk central pair-code`).",
                              problem=PairingProblem.NOT_A_CODE)
    code = f"{clean[:4]}-{clean[4:]}"
    if not PAIRING_CODE.match(code):
        raise BadPairingInput(f"{text.strip()!r} is not a pairing code: it looks like "
                              "ABCD-EF23 (the last line of `kiosk central pair-code`).",
                              problem=PairingProblem.NOT_A_CODE)
    return code


def normalize_url(text: str) -> str:
    """The central list's base URL; ``10.0.0.5:8421`` means ``http://10.0.0.5:8421``."""
    url = text.strip().rstrip("/")
    if "://" not in url:
        url = "http://" + url
    if not url.startswith(("http://", "https://")) or len(url) <= len("https://"):
        raise BadPairingInput(f"{text!r} is not an http:// or https:// URL (for example "
                              "http://10.0.0.5:8421).", problem=PairingProblem.BAD_ADDRESS)
    return url
