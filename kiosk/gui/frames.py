"""The camera pipeline's Qt-free parts, from the scanner package: opening a frame source,
the stateful decoder, and the de-duplicator (the same code in consecutive frames is one
scan)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from kiosk.scanner.decode import DecodedCode, FrameDecoder
from kiosk.scanner.dedup import ScanDeduplicator
from kiosk.scanner.sources import FrameSource, open_source


def open_frame_source(
    spec: str, *, width: int = 1280, height: int = 720, fps: float = 30.0, loop: bool = True
) -> FrameSource:
    """A frame source for ``spec`` (device index, file or URL); SourceUnavailable if not."""
    return open_source(spec, width=width, height=height, fps=fps, loop=loop)


def make_decoder() -> Callable[[np.ndarray], list[DecodedCode]]:
    """The scanner's stateful decoder (pacing its fallback stages over a frame stream)."""
    return FrameDecoder().decode


def make_deduplicator(hold_seconds: float) -> Any:
    """A code is a new scan again only ``hold_seconds`` after its last report (the
    ``scan_hold_seconds`` setting, kiosk/core/config.py)."""
    return ScanDeduplicator(repeat_after_s=hold_seconds)


def monotonic() -> float:
    return time.perf_counter()
