"""Certificate pinning: the kiosk trusts exactly the certificate it was paired with.

The central list's certificate is self-signed (or the organiser's own), so no
certificate authority vouches for it. The pairing code carries its SHA-256 fingerprint
(the whole of it in the QR, the first 16 hex digits when typed); at pairing the kiosk
checks the certificate the server presents against it and keeps the full fingerprint in
the replica's meta (``server_cert_sha256``). Every later connection presents the
certificate to :func:`pinned_context`'s check right after the TLS handshake, before a
single byte of HTTP (so before the device token) is sent; any other certificate ends
the connection with :class:`CertificateChanged`.

Where the fingerprint travels: after a ``#`` on the server URL, so the pairing QR text
``CKPAIR:https://10.0.0.5:8421#sha256=<64 hex>#ABCD-EF23`` and the typed
``kiosk pair 'https://10.0.0.5:8421#3f2a-9c01-77be-4410' ABCD-EF23`` both work.
"""

from __future__ import annotations

import hashlib
import re
import ssl
from typing import Any

from kiosk.errors import CertificateChanged, ConfigError, NotPaired

__all__ = ["CertificateChanged", "certificate_problem", "client_options", "normalize_pin",
           "pinned_context", "split_url"]

#: Fewest hex digits of the fingerprint accepted at pairing (64 bits).
MIN_PIN_DIGITS = 16
META_KEY = "server_cert_sha256"
_HEX = re.compile(r"^[0-9a-f]+$")


class _Mismatch(ssl.SSLCertVerificationError):
    """Raised inside the handshake; private and outside kiosk/errors.py on purpose: it
    must be an ``ssl`` error (an OSError), so httpx reports a connect error that keeps it
    as the cause, where :func:`certificate_problem` finds it and raises the public
    :class:`~kiosk.errors.CertificateChanged`."""

    def __init__(self, expected: str, actual: str) -> None:
        super().__init__(f"certificate fingerprint {actual[:16]}... is not the pinned "
                         f"{expected[:16]}...")
        self.expected, self.actual = expected, actual


def normalize_pin(text: str) -> str:
    """``sha256=3F:2A:...`` / ``3f2a-9c01-...`` -> lowercase hex; ConfigError for
    anything that is not at least :data:`MIN_PIN_DIGITS` hex digits of a SHA-256."""
    clean = text.strip().lower()
    if clean.startswith("sha256="):
        clean = clean[len("sha256="):]
    clean = re.sub(r"[\s:\-]", "", clean)
    if not _HEX.match(clean) or not MIN_PIN_DIGITS <= len(clean) <= 64:
        raise ConfigError(f"{text.strip()!r} is not a certificate fingerprint: give at "
                          f"least the first {MIN_PIN_DIGITS} hex digits that `kiosk central "
                          "pair-code` prints (like 3f2a-9c01-77be-4410).")
    return clean


def split_url(url: str) -> tuple[str, str | None]:
    """``https://host:8421#<pin>`` -> (``https://host:8421``, pin or None)."""
    base, sep, fragment = url.partition("#")
    if not sep or not fragment.strip():
        return base, None
    return base, normalize_pin(fragment)


def fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def pinned_context(pin: str, seen: dict[str, str] | None = None) -> ssl.SSLContext:
    """An SSL context that accepts only a certificate whose SHA-256 starts with ``pin``
    (the full fingerprint once paired). ``seen["fingerprint"]`` gets the presented
    certificate's full fingerprint (what pairing stores)."""
    expected = normalize_pin(pin)

    class _PinnedSocket(ssl.SSLSocket):
        def do_handshake(self, block: bool = False) -> None:
            super().do_handshake(block)
            der = self.getpeercert(binary_form=True)
            actual = fingerprint(der) if der else ""
            if seen is not None:
                seen["fingerprint"] = actual
            if not actual.startswith(expected):
                raise _Mismatch(expected, actual)

    # No CA and no host name to check: the fingerprint is the whole of the trust.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.sslsocket_class = _PinnedSocket
    return context


def certificate_problem(exc: BaseException) -> CertificateChanged | None:
    """The plain-words error if ``exc`` (an httpx error) was a pin mismatch."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _Mismatch):
            return CertificateChanged(
                "The central list's certificate changed: it is not the one this kiosk was "
                f"paired with (pinned SHA-256 {current.expected[:16]}..., presented "
                f"{current.actual[:16]}...). Nothing was sent. If the organiser replaced "
                "the certificate, pair this kiosk again; otherwise another machine may be "
                "pretending to be the central list.")
        current = current.__cause__ or current.__context__
    return None


def client_options(url: str, pin: str | None) -> dict[str, Any]:
    """``verify=`` for an httpx client talking to ``url``: the pinned context for
    https (a pin is required), nothing for plain http."""
    if not url.startswith("https://"):
        return {}
    if not pin:
        raise NotPaired("This kiosk has no pinned certificate for the central list at "
                        f"{url}: pair it again with the pairing code (its QR or the "
                        "fingerprint printed with it).")
    return {"verify": pinned_context(pin)}
