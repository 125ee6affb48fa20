"""Signed ticket codes: round trip, forgery, wrong event, tampering, truncation, fuzzing."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.tickets import (
    CodeKind,
    TicketPayload,
    TicketSigner,
    TicketVerifier,
    classify,
    generate_keypair,
)
from kiosk.errors import ForgedCode

QR_ALNUM = re.compile(r"^[0-9A-Z $%*+\-./:]+$")


@pytest.fixture(scope="module")
def event_keys() -> dict[str, tuple[str, str]]:
    return {"fn": generate_keypair(), "other": generate_keypair()}


def test_round_trip_and_alphanumeric(event_keys: dict[str, tuple[str, str]]) -> None:
    payload = TicketPayload("fn", "A7GMUEOL6BF7Z", "Workshop", date(2026, 8, 1), date(2026, 8, 2))
    code = TicketSigner(event_keys["fn"][0]).sign(payload)
    assert QR_ALNUM.match(code), "must fit QR alphanumeric mode"
    assert len(code) <= 170  # ~QR version 8 at level M
    verifier = TicketVerifier({k: v[1] for k, v in event_keys.items()})
    assert verifier.verify(code) == payload
    assert classify(code) is CodeKind.SIGNED


def test_code_for_another_event_is_forged(event_keys: dict[str, tuple[str, str]]) -> None:
    code = TicketSigner(event_keys["other"][0]).sign(TicketPayload("other", "x", "Regular"))
    only_fn = TicketVerifier({"fn": event_keys["fn"][1]})
    with pytest.raises(ForgedCode):
        only_fn.verify(code)


def test_signed_with_wrong_key_claiming_our_event(event_keys: dict[str, tuple[str, str]]) -> None:
    # An attacker signs "fn" tickets with their own key: key id will not match ours.
    attacker, _ = generate_keypair()
    code = TicketSigner(attacker).sign(TicketPayload("fn", "x", "VIP"))
    with pytest.raises(ForgedCode):
        TicketVerifier({"fn": event_keys["fn"][1]}).verify(code)


def test_every_single_character_flip_is_refused(event_keys: dict[str, tuple[str, str]]) -> None:
    code = TicketSigner(event_keys["fn"][0]).sign(TicketPayload("fn", "a1", "Regular"))
    verifier = TicketVerifier({"fn": event_keys["fn"][1]})
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    for i in range(4, len(code)):
        replacement = alphabet[(alphabet.index(code[i]) + 1) % len(alphabet)]
        tampered = code[:i] + replacement + code[i + 1 :]
        with pytest.raises(ForgedCode):
            verifier.verify(tampered)


@pytest.mark.parametrize("cut", [1, 5, 30, 100])
def test_truncated_is_refused(event_keys: dict[str, tuple[str, str]], cut: int) -> None:
    code = TicketSigner(event_keys["fn"][0]).sign(TicketPayload("fn", "a1", "Regular"))
    with pytest.raises(ForgedCode):
        TicketVerifier({"fn": event_keys["fn"][1]}).verify(code[:-cut])


def test_classify_common_non_tickets() -> None:
    assert classify("https://pretix.eu/x") is CodeKind.NOT_A_TICKET
    assert classify("WIFI:S:Venue;T:WPA;P:pass;;") is CodeKind.NOT_A_TICKET
    assert classify("BEGIN:VCARD\nFN:X\nEND:VCARD") is CodeKind.NOT_A_TICKET
    assert classify("") is CodeKind.NOT_A_TICKET
    assert classify(b"\xff\xd8\xff") is CodeKind.NOT_A_TICKET
    assert classify("8991234567890") is CodeKind.OPAQUE
    assert classify("PRETIX-ab12cd34") is CodeKind.OPAQUE


def test_a_pairing_qr_is_not_a_ticket_and_is_known_as_one() -> None:
    """A device's pairing QR (ours or pretix's) is never looked up as a ticket code; the
    kiosk's camera ignores it outside the pairing step (tests/gui/test_gui_camera_pairing)."""
    from kiosk.core.wire import looks_like_pairing_qr, pairing_text

    ours = pairing_text("ABCD-EF23", "https://10.0.0.5:8421")
    pretix = '{"handshake_version": 1, "url": "https://p.example", "token": "abc"}'
    assert classify(ours) is CodeKind.NOT_A_TICKET
    assert classify("ckpair:ABCD-EF23") is CodeKind.NOT_A_TICKET
    assert looks_like_pairing_qr(ours) and looks_like_pairing_qr(pretix)
    assert looks_like_pairing_qr(" ckpair:ABCD-EF23 ")
    for ticket in ("CK1-ACKJH7SP", '{"order":"A1"}', "{not json", "T-0001"):
        assert not looks_like_pairing_qr(ticket)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300),
                 st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", max_size=200).map(
                     lambda s: "CK1-" + s)))
def test_parser_never_crashes(event_keys_data: str | bytes) -> None:
    verifier = TicketVerifier({"fn": _KEYS[1]})
    kind = classify(event_keys_data)
    assert kind in CodeKind
    if kind is CodeKind.SIGNED:
        assert isinstance(event_keys_data, str)
        try:
            verifier.verify(event_keys_data.strip())
        except ForgedCode:
            pass


_KEYS = generate_keypair()


def test_a_held_code_reads_as_verify_reads_it(event_keys: dict[str, tuple[str, str]]) -> None:
    """``read_held`` (the issuer reading a code it stores) decodes exactly as ``verify``
    does and refuses what is not a well-formed code of a known event; only the signature
    check is left out."""
    payload = TicketPayload("fn", "A1", "Day pass", date(2026, 8, 1), None)
    code = TicketSigner(event_keys["fn"][0]).sign(payload)
    verifier = TicketVerifier({"fn": event_keys["fn"][1]})
    assert verifier.read_held(code) == verifier.verify(code) == payload
    stranger = TicketSigner(event_keys["other"][0]).sign(payload)
    for bad in (stranger, code[:40], "CK1-AAAA", "CK2-" + code[4:]):
        with pytest.raises(ForgedCode):
            verifier.read_held(bad)


def _b32_as_base64_reads_it(data: str) -> bytes | None:
    """What ``base64`` makes of unpadded base32 ``data``: its bytes when it is a
    canonical encoding, None when not (the decoder the codes used before)."""
    import base64
    import binascii

    try:
        raw = base64.b32decode(data + "=" * (-len(data) % 8))
    except (binascii.Error, ValueError):
        return None
    return raw if base64.b32encode(raw).decode("ascii").rstrip("=") == data else None


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", max_size=40)
       | st.text(alphabet="AZ27=+-_ 0189a\u00e9", max_size=12))
def test_the_base32_decoder_reads_exactly_what_base64_reads(data: str) -> None:
    from kiosk.core.tickets import _b32decode

    expected = _b32_as_base64_reads_it(data)
    if expected is None:
        with pytest.raises(ForgedCode):
            _b32decode(data)
    else:
        assert _b32decode(data) == expected
