"""Decoding frames: a pure function from a numpy image to the codes it holds.

(Initial version: pyzbar only. The scanner issue adds zxing-cpp, the measured default
stack and the hard cases; this module's public API stays: ``DecodedCode`` and
``decode_frame``.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DecodedCode:
    """One code found in a frame: its text (or raw bytes when not text) and corners."""

    text: str
    points: tuple[tuple[int, int], ...]
    raw: bytes = b""
    backend: str = ""


def decode_frame(frame: np.ndarray, *, decoder: str | None = None) -> list[DecodedCode]:
    """All QR codes in ``frame`` (BGR or grayscale uint8). Never raises for bad frames."""
    from pyzbar import pyzbar

    if frame is None or frame.size == 0:
        return []
    gray = frame if frame.ndim == 2 else frame[..., :3].mean(axis=2).astype(np.uint8)
    out = []
    for sym in pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE]):
        try:
            text = sym.data.decode("utf-8")
        except UnicodeDecodeError:
            text = sym.data.decode("latin-1")
        out.append(DecodedCode(text, tuple((p.x, p.y) for p in sym.polygon), sym.data, "zbar"))
    return out
