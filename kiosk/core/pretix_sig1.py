"""pretix's signed ticket secrets (``pretix_sig1``), verified offline as pretixSCAN does.

An event using pretix's signature scheme publishes its Ed25519 public key(s) in
``valid_keys.pretix_sig1`` (base64 of a PEM SubjectPublicKeyInfo). A secret is base64,
written **reversed**, of (``pretix/base/secrets.py``, ``Sig1TicketSecretGenerator``)::

    u8   version (1)
    u16  payload length n (big-endian)
    u16  signature length m
    n    payload: protobuf ``Ticket`` (pretix_sig1.proto): 1 seed (string), 2 item,
         3 variation, 4 subevent, 5 validFromUnixTime, 6 validUntilUnixTime (int64; 0 = none)
    m    Ed25519 signature over the payload

So a kiosk can admit a ticket it has never downloaded (sold after its last sync) on the
signature alone, and refuse an altered one. Revoked and blocked secrets still verify:
the check-in service also consults the revocations (``revokedsecrets/``,
``blockedsecrets/``). The protobuf is read by hand (six scalar fields), no library.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import struct
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from kiosk.errors import ForgedCode

#: The replica ``meta`` key holding, per event, its pretix_sig1 keys and product names:
#: ``{"<event id>": {"keys": ["<base64 PEM>", ...], "types": {"<item id>": "<name>"}}}``
#: (written by the pretix download, read by the check-in service).
META_KEY = "pretix_sig1"
_HEADER = 5


@dataclass(frozen=True)
class Sig1Ticket:
    """What a genuine secret says: the product and the ticket's own validity window."""

    seed: str
    item: int
    variation: int = 0
    subevent: int = 0
    valid_from: int = 0  # unix time; 0 = no limit
    valid_until: int = 0


def looks_signed(text: str) -> bool:
    """Has this text the shape of a pretix_sig1 secret (whatever its signature)?"""
    return _split(text) is not None


def _split(text: str) -> tuple[bytes, bytes] | None:
    """(payload, signature) of a secret of the right shape, else None."""
    if len(text) < 16 or len(text) > 1024:
        return None
    try:
        raw = base64.b64decode(text[::-1], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) < _HEADER or raw[0] != 1:
        return None
    n, m = struct.unpack(">HH", raw[1:_HEADER])
    if m != 64 or _HEADER + n + m != len(raw):
        return None
    return raw[_HEADER:_HEADER + n], raw[_HEADER + n:]


def public_key(pem_b64: str) -> Ed25519PublicKey:
    """One of ``valid_keys.pretix_sig1``; ValueError if it is not an Ed25519 key."""
    key = load_pem_public_key(base64.b64decode(pem_b64))
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def verify(text: str, keys: list[str]) -> Sig1Ticket:
    """The ticket of a genuine secret signed by one of ``keys`` (base64 PEM);
    :class:`ForgedCode` for an altered, foreign or damaged one."""
    parts = _split(text)
    if parts is None:
        raise ForgedCode("Not a pretix signed ticket secret.")
    payload, signature = parts
    for pem in keys:
        try:
            public_key(pem).verify(signature, payload)
        except (InvalidSignature, ValueError):
            continue
        try:
            return _ticket(payload)
        except (IndexError, ValueError, UnicodeDecodeError) as exc:
            raise ForgedCode("The signed ticket's contents are malformed.") from exc
    raise ForgedCode("The signature does not match this event's pretix keys: the ticket "
                     "was altered, or is for another event.")


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def _ticket(payload: bytes) -> Sig1Ticket:
    fields: dict[int, Any] = {}
    pos = 0
    while pos < len(payload):
        tag, pos = _varint(payload, pos)
        number, wire_type = tag >> 3, tag & 7
        if wire_type == 0:
            fields[number], pos = _varint(payload, pos)
        elif wire_type == 2:
            length, pos = _varint(payload, pos)
            if pos + length > len(payload):
                raise ValueError("field past the end")
            fields[number] = payload[pos:pos + length].decode("utf-8")
            pos += length
        else:
            raise ValueError(f"unexpected wire type {wire_type}")
    return Sig1Ticket(seed=str(fields.get(1, "")), item=int(fields.get(2, 0)),
                      variation=int(fields.get(3, 0)), subevent=int(fields.get(4, 0)),
                      valid_from=int(fields.get(5, 0)), valid_until=int(fields.get(6, 0)))


def attendee_id(text: str) -> str:
    """A stable id for the holder of a signed secret not (yet) downloaded."""
    return "S" + hashlib.sha256(text.encode()).hexdigest()[:15].upper()


def event_keys(meta_value: str | None, event_id: str) -> tuple[list[str], dict[str, str]]:
    """(keys, product names by item id) of ``event_id`` from the :data:`META_KEY` value."""
    try:
        data = json.loads(meta_value or "{}").get(event_id) or {}
    except (ValueError, AttributeError):
        return [], {}
    return list(data.get("keys") or ()), dict(data.get("types") or {})
