"""Ticket codes: signed (Ed25519) codes we issue, and classification of scanned text.

A signed code is ``CK1-`` followed by RFC 4648 base32 (no padding) of::

    u8   flags (reserved, 0)
    4    key id            (first 4 bytes of SHA-256 of the event's public key)
    u8+  attendee id       (length-prefixed UTF-8)
    u8+  ticket type       (length-prefixed UTF-8)
    u16  valid from        (days since 2000-01-01, 0 = open)
    u16  valid until       (days since 2000-01-01, 0 = open)
    64   Ed25519 signature over b"CK1" + event id + NUL + all of the above

The key id (not the event id) travels in the code to keep it short; the verifier maps
it back to the event, and the event id is bound by the signature.

Why base32 rather than base45: every character is in QR alphanumeric mode *and* is
either a capital letter or a digit, so keyboard-wedge USB scanners type it identically
on any keyboard layout (base45's ``:/%*+`` and its space do not survive all layouts, and
a trailing space is eaten by strip()). The cost is about 7% more characters.

Kiosks hold only the public key of each event, so a ticket issued after their last sync
is still accepted offline and a forged or altered one is refused.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from kiosk.core.wire import PAIRING_PREFIX
from kiosk.errors import ForgedCode, TicketError

PREFIX = "CK1-"
_SIGNED_PREFIX = re.compile(r"^CK(\d+)-", re.IGNORECASE)
_EPOCH = date(2000, 1, 1)
_SIG_LEN = 64
MAX_FIELD = 64


class CodeKind(StrEnum):
    SIGNED = "signed"  # has our signed-code shape (may still fail verification)
    OPAQUE = "opaque"  # could be an imported code: look it up
    NOT_A_TICKET = "not_a_ticket"  # URL, Wi-Fi QR, vCard, garbage


@dataclass(frozen=True)
class TicketPayload:
    event_id: str
    attendee_id: str
    ticket_type: str = ""
    valid_from: date | None = None
    valid_until: date | None = None

    def valid_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_until and day > self.valid_until:
            return False
        return True


# -- keys ------------------------------------------------------------------------------


def generate_keypair() -> tuple[str, str]:
    """A new Ed25519 key pair as (private, public), each base64 of the raw 32 bytes."""
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    raw_public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw_private).decode(), base64.b64encode(raw_public).decode()


def public_key_of(private_b64: str) -> str:
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_b64))
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


# -- encoding --------------------------------------------------------------------------


def _days(d: date | None) -> int:
    if d is None:
        return 0
    n = (d - _EPOCH).days
    if not 0 < n < 65536:
        raise TicketError(f"Date {d} is out of range for a ticket.")
    return n


def _undays(n: int) -> date | None:
    return None if n == 0 else _EPOCH + timedelta(days=n)


def _field(text: str) -> bytes:
    raw = text.encode("utf-8")
    if len(raw) > MAX_FIELD:
        raise TicketError(f"Ticket field too long ({len(raw)} bytes, max {MAX_FIELD}): {text!r}")
    return bytes([len(raw)]) + raw


def key_id(public_b64: str) -> bytes:
    import hashlib

    return hashlib.sha256(base64.b64decode(public_b64)).digest()[:4]


def _message(event_id: str, body: bytes) -> bytes:
    return b"CK1" + event_id.encode("utf-8") + b"\x00" + body


def _body(p: TicketPayload, kid: bytes) -> bytes:
    return (
        b"\x00"
        + kid
        + _field(p.attendee_id)
        + _field(p.ticket_type)
        + struct.pack(">HH", _days(p.valid_from), _days(p.valid_until))
    )


def _parse_body(body: bytes, event_id: str) -> TicketPayload:
    pos = 5
    fields = [event_id]
    for _ in range(2):
        n = body[pos]
        fields.append(body[pos + 1 : pos + 1 + n].decode("utf-8"))
        pos += 1 + n
    start, end = struct.unpack(">HH", body[pos : pos + 4])
    if pos + 4 != len(body):
        raise ValueError("trailing bytes")
    return TicketPayload(fields[0], fields[1], fields[2], _undays(start), _undays(end))


#: RFC 4648 base32's alphabet onto the digits ``int(text, 32)`` reads (0-9, A-V).
_B32_AS_DIGITS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
                               "0123456789ABCDEFGHIJKLMNOPQRSTUV")
_B32_TEXT = re.compile(r"[A-Z2-7]*")


def _b32decode(data: str) -> bytes:
    """The bytes of unpadded base32 ``data`` (capitals), as ``base64.b32decode`` gives
    them, in C instead of its Python loop (~2 µs instead of ~60 µs for a code: the
    central list reads every uploaded code). :class:`ForgedCode` for text that is not
    base32, a length no encoding has, or a non-canonical encoding (padding bits set:
    not a code we issued, which ``b32encode`` would spell otherwise)."""
    if not _B32_TEXT.fullmatch(data) or len(data) % 8 in (1, 3, 6):
        raise ForgedCode("The code is damaged (not valid base32).")
    if not data:
        return b""
    size, spare = divmod(len(data) * 5, 8)
    number = int(data.translate(_B32_AS_DIGITS), 32)
    if number & ((1 << spare) - 1):
        raise ForgedCode("The code is damaged (non-canonical encoding).")
    return (number >> spare).to_bytes(size, "big")


class TicketSigner:
    """Issues signed codes for one event. Lives on the central list (or a stand-alone issuer)."""

    def __init__(self, private_key_b64: str) -> None:
        try:
            self._key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_key_b64))
        except (ValueError, binascii.Error) as exc:
            raise TicketError("The event's signing key is not a valid Ed25519 key.") from exc
        self._kid = key_id(public_key_of(private_key_b64))

    def sign(self, payload: TicketPayload) -> str:
        body = _body(payload, self._kid)
        signature = self._key.sign(_message(payload.event_id, body))
        return PREFIX + base64.b32encode(body + signature).decode("ascii").rstrip("=")


class TicketVerifier:
    """Verifies signed codes with the public keys of the events this kiosk knows."""

    def __init__(self, public_keys: dict[str, str]) -> None:
        self._keys: dict[bytes, tuple[str, Ed25519PublicKey]] = {}
        for event_id, key in public_keys.items():
            if key:
                self._keys[key_id(key)] = (
                    event_id,
                    Ed25519PublicKey.from_public_bytes(base64.b64decode(key)),
                )

    def verify(self, text: str) -> TicketPayload:
        """The payload of a genuine code; :class:`ForgedCode` for anything else."""
        payload, body, signature, event_id, key = self._open(text)
        try:
            key.verify(signature, _message(event_id, body))
        except InvalidSignature as exc:
            raise ForgedCode(
                "The signature does not match: the code was forged or altered."
            ) from exc
        return payload

    def read_held(self, text: str) -> TicketPayload:
        """The payload of a code its issuer already holds as genuine (the central list
        reading the code it stores for an attendee): decoded exactly as :meth:`verify`
        does, without checking the signature again. :class:`ForgedCode` when the text is
        not a well-formed code of an event this verifier knows. Never use it on a code
        that came from a device or a camera."""
        return self._open(text)[0]

    def _open(self, text: str) -> tuple[TicketPayload, bytes, bytes, str, Ed25519PublicKey]:
        """(payload, signed body, signature, event id, the event's key) of a code's text,
        before its signature is checked."""
        match = _SIGNED_PREFIX.match(text)
        if not match or match.group(1) != "1":
            raise ForgedCode("Not a version-1 signed ticket code.")
        raw = _b32decode(text[match.end() :].upper())
        if len(raw) <= _SIG_LEN + 8:
            raise ForgedCode("The code is too short to carry a signature.")
        body, signature = raw[:-_SIG_LEN], raw[-_SIG_LEN:]
        known = self._keys.get(body[1:5])
        if known is None:
            raise ForgedCode("The code was not signed by any event this kiosk knows.")
        event_id, key = known
        try:
            payload = _parse_body(body, event_id)
        except (IndexError, ValueError, struct.error, UnicodeDecodeError) as exc:
            raise ForgedCode("The code's contents are malformed.") from exc
        return payload, body, signature, event_id, key


# -- classifying whatever the camera or scanner produced ------------------------------

_NOT_TICKET_PREFIXES = (
    "WIFI:", "MAILTO:", "BEGIN:", "MATMSG:", "SMSTO:", "SMS:", "TEL:", "GEO:", "MECARD:",
    "BIZCARD:", "OTPAUTH:", "BITCOIN:", "MARKET:", "FIDO:", "SPC\n",
    PAIRING_PREFIX,  # a device's pairing QR (kiosk/core/wire.py)
)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# An imported code: printable, no spaces, a sane length (ticketing systems, EAN/Code128...;
# pretix's secrets are up to 255 characters, its signed ones ~116-140).
_OPAQUE = re.compile(r"^[\x21-\x7e]{3,255}$")
MAX_SCAN_TEXT = 4096


def normalize_scan(text: str | bytes) -> str | None:
    """Clean what a scanner produced; None when it cannot be text we would act on."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if len(text) > MAX_SCAN_TEXT:
        return None
    # Keyboard-wedge scanners add CR/LF/Tab; cameras sometimes pad with NULs.
    return text.strip("\r\n\t \x00")


def classify(text: str | bytes) -> CodeKind:
    """What kind of thing was scanned, before looking anything up."""
    clean = normalize_scan(text)
    if not clean:
        return CodeKind.NOT_A_TICKET
    if _SIGNED_PREFIX.match(clean):
        return CodeKind.SIGNED
    upper = clean.upper()
    if _URL.match(clean) or upper.startswith(_NOT_TICKET_PREFIXES) or upper.startswith("WWW."):
        return CodeKind.NOT_A_TICKET
    if _OPAQUE.match(clean):
        return CodeKind.OPAQUE
    return CodeKind.NOT_A_TICKET
