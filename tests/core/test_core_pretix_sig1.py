"""pretix_sig1 secrets on plain values: a secret made here the way pretix makes it
(pretix/base/secrets.py) verifies; every kind of damage is refused. The real pretix's own
secrets are verified in tests/pretix/test_pretix_real.py."""

from __future__ import annotations

import base64
import struct

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from kiosk.core import pretix_sig1
from kiosk.errors import ForgedCode


def _varint(n: int) -> bytes:
    out = b""
    while True:
        byte, n = n & 0x7F, n >> 7
        out += bytes([byte | (0x80 if n else 0)])
        if not n:
            return out


def make(key: Ed25519PrivateKey, item: int, *, seed: str = "abcdefghj",
         valid_until: int = 0) -> str:
    payload = (b"\x0a" + _varint(len(seed)) + seed.encode() + b"\x10" + _varint(item)
               + b"\x18\x00\x20\x00" + b"\x28\x00" + b"\x30" + _varint(valid_until))
    signature = key.sign(payload)
    raw = b"\x01" + struct.pack(">HH", len(payload), len(signature)) + payload + signature
    return base64.b64encode(raw).decode()[::-1]


def pem(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)).decode()


def test_a_genuine_secret_verifies_and_says_its_product() -> None:
    key = Ed25519PrivateKey.generate()
    secret = make(key, 4242, valid_until=1_900_000_000)
    assert pretix_sig1.looks_signed(secret)
    ticket = pretix_sig1.verify(secret, [pem(Ed25519PrivateKey.generate()), pem(key)])
    assert (ticket.item, ticket.seed, ticket.valid_until) == (4242, "abcdefghj", 1_900_000_000)


def test_damage_is_refused() -> None:
    key = Ed25519PrivateKey.generate()
    secret = make(key, 7)
    middle = len(secret) // 2
    altered = secret[:middle] + ("A" if secret[middle] != "A" else "B") + secret[middle + 1:]
    for bad in (altered, make(Ed25519PrivateKey.generate(), 7)):
        with pytest.raises(ForgedCode):
            pretix_sig1.verify(bad, [pem(key)])
    for not_signed in ("vcfmstdkyhuauabm6ryymq8dj3huwx2w", secret[:-4], "=" * 40, ""):
        assert not pretix_sig1.looks_signed(not_signed)
        with pytest.raises(ForgedCode):
            pretix_sig1.verify(not_signed, [pem(key)])


def test_the_keys_of_an_event_from_the_replica_meta() -> None:
    value = '{"e1": {"keys": ["K"], "types": {"3": "Pass"}}}'
    assert pretix_sig1.event_keys(value, "e1") == (["K"], {"3": "Pass"})
    assert pretix_sig1.event_keys(value, "e2") == ([], {})
    assert pretix_sig1.event_keys("not json", "e1") == ([], {})
    assert pretix_sig1.event_keys(None, "e1") == ([], {})
