"""Odd payloads: binary bytes, empty codes, kilobyte-long codes, ECI text -- reported
faithfully or refused cleanly by every backend, never a crash."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import qrcode
import zxingcpp

from kiosk.core.tickets import CodeKind, classify
from kiosk.scanner.decode import FrameDecoder, available_decoders, decode_frame
from kiosk.tickets.render import qr_png_bytes


def framed(symbol: np.ndarray, scale: int = 4, size: tuple[int, int] = (1280, 720)) -> np.ndarray:
    """A symbol image (quiet zone included) scaled and pasted into a grey camera frame."""
    big = cv2.resize(symbol, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    if big.ndim == 2:
        big = cv2.cvtColor(big, cv2.COLOR_GRAY2BGR)
    w, h = size
    frame = np.full((h, w, 3), 110, np.uint8)
    y, x = (h - big.shape[0]) // 2, (w - big.shape[1]) // 2
    frame[y:y + big.shape[0], x:x + big.shape[1]] = big
    return cv2.GaussianBlur(frame, (0, 0), 0.6)


def zxing_symbol(content: str | bytes) -> np.ndarray:
    """A QR symbol written by zxing-cpp (which writes bytes as binary, and non-Latin-1 text
    with an ECI designator), quiet zone included."""
    return np.array(zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.QRCode).to_image(
        scale=1, add_quiet_zones=True))


def png_frame(text: str, box_size: int = 3) -> np.ndarray:
    gray = cv2.imdecode(np.frombuffer(qr_png_bytes(text, box_size=box_size), np.uint8),
                        cv2.IMREAD_GRAYSCALE)
    return framed(gray, scale=1, size=(1920, 1080))


BINARY = b"\xff\xfe\x00\x80ticket\x01\x02\xc3(\x9f"


def test_binary_payload_is_reported_with_its_exact_bytes() -> None:
    frame = framed(zxing_symbol(BINARY))
    (code,) = decode_frame(frame)
    assert code.raw == BINARY
    assert code.binary is True
    assert code.text == BINARY.decode("latin-1")
    # ... and the rest of the kiosk calmly calls it "not a ticket".
    assert classify(code.text) == CodeKind.NOT_A_TICKET


@pytest.mark.parametrize("name", ["zbar", "opencv", "opencv-aruco"])
def test_binary_payload_never_crashes_other_backends(name: str) -> None:
    if name not in available_decoders():
        pytest.skip(f"{name} not installed")
    codes = decode_frame(framed(zxing_symbol(BINARY)), decoder=name)
    # zbar converts the bytes to UTF-8 by its own guess; OpenCV cannot report them at all.
    assert len(codes) <= 1
    for code in codes:
        assert isinstance(code.text, str) and isinstance(code.raw, bytes)
        assert code.text.encode("latin-1", "replace")[:4] == BINARY[:4]


def test_empty_code_is_refused_by_every_backend() -> None:
    qr = qrcode.QRCode(border=4)
    qr.add_data("")
    qr.make(fit=True)
    symbol = np.where(np.array(qr.get_matrix()), 0, 255).astype(np.uint8)
    frame = framed(symbol, scale=6)
    for name in available_decoders():
        assert decode_frame(frame, decoder=name) == [], name
    assert FrameDecoder().decode(frame) == []


@pytest.mark.parametrize("length", [1000, 1800])
def test_kilobyte_long_code_round_trips(length: int) -> None:
    rng = np.random.default_rng(length)
    alphabet = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abc-xyz/é"))
    text = "".join(rng.choice(alphabet, length))
    frame = png_frame(text, box_size=3)
    (code,) = decode_frame(frame)
    assert code.text == text
    assert code.raw == text.encode("utf-8")


def test_eci_utf8_text_from_opencv_encoder() -> None:
    params = cv2.QRCodeEncoder_Params()
    params.mode = cv2.QRCodeEncoder_MODE_ECI  # ECI 26: UTF-8 declared in the symbol
    text = "Größe — 日本 — Ελληνικά"
    symbol = cv2.QRCodeEncoder_create(params).encode(text)
    symbol = cv2.copyMakeBorder(symbol, 4, 4, 4, 4, cv2.BORDER_CONSTANT, value=255)
    frame = framed(symbol, scale=5)
    for name in ("stack", "zxing", "zbar"):
        (code,) = decode_frame(frame, decoder=name)
        assert code.text == text, name
        assert code.binary is False


def test_eci_legacy_charset_is_decoded_by_its_designator() -> None:
    # zxing-cpp writes Greek as ISO-8859-7 bytes with an ECI designator: the bytes are not
    # UTF-8, the text must still come out right.
    text = "Εισιτήριο Αθήνα"
    frame = framed(zxing_symbol(text))
    (code,) = decode_frame(frame)
    assert code.text == text
    assert code.raw == text.encode("iso-8859-7")
    assert code.binary is False


@pytest.mark.parametrize(
    "text",
    ["line one\nline two\ttab", "WIFI:S:venue;T:WPA;P:secret;;", "https://example.org/t/1",
     " leading and trailing spaces ", "\u200bzero-width", "emoji 🎟️ ticket"],
    ids=["control", "wifi", "url", "spaces", "zero-width", "emoji"],
)
def test_odd_text_is_reported_faithfully(text: str) -> None:
    (code,) = decode_frame(png_frame(text, box_size=4))
    assert code.text == text
    assert code.raw == text.encode("utf-8")
