"""The camera pipeline's Qt-free parts: opening a frame source, decoding, de-duplicating.

A thin adapter over the scanner package: when ``kiosk.scanner.sources`` /
``kiosk.scanner.dedup`` are present they are used; until then a small OpenCV source and
a time-window de-duplicator with the same shape stand in.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kiosk.errors import SourceUnavailable


class FrameSourceLike(Protocol):
    width: int
    height: int
    fps: float

    def read(self) -> np.ndarray | None: ...

    def release(self) -> None: ...


class _OpenCvSource:
    """A device index or a video file/stream through cv2.VideoCapture; files loop."""

    def __init__(self, spec: str, *, width: int, height: int, fps: float, loop: bool) -> None:
        import cv2

        self._cv2 = cv2
        self.spec = spec
        self.is_file = not spec.isdigit()
        if self.is_file and "://" not in spec and not Path(spec).exists():
            raise SourceUnavailable(f"The video file {spec} does not exist.")
        target: int | str = int(spec) if spec.isdigit() else spec
        cap = cv2.VideoCapture(target)
        if not cap.isOpened():
            cap.release()
            raise SourceUnavailable(f"Camera {spec} cannot be opened (missing or in use).")
        if not self.is_file:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
            cap.set(cv2.CAP_PROP_FPS, fps)
        self._cap = cap
        self.loop = loop
        self.width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)) or width
        self.height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)) or height
        self.fps = float(cap.get(cv2.CAP_PROP_FPS) or 0) or fps

    def read(self) -> np.ndarray | None:
        ok, frame = self._cap.read()
        if ok:
            return frame
        if self.is_file and self.loop:
            self._cap.set(self._cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._cap.read()
            if ok:
                return frame
        if self.is_file and not self.loop:
            return None
        raise SourceUnavailable(f"Camera {self.spec} stopped delivering frames (unplugged?).")

    def release(self) -> None:
        self._cap.release()


def open_frame_source(
    spec: str, *, width: int = 1280, height: int = 720, fps: float = 30.0, loop: bool = True
) -> FrameSourceLike:
    """A frame source for ``spec`` (device index, file or URL); SourceUnavailable if not."""
    try:
        from kiosk.scanner.sources import open_source
    except ImportError:  # an older scanner package: our own small OpenCV source
        return _OpenCvSource(str(spec), width=width, height=height, fps=fps, loop=loop)
    source: FrameSourceLike = open_source(spec, width=width, height=height, fps=fps, loop=loop)
    return source


def make_decoder() -> Callable[[np.ndarray], list[Any]]:
    """The scanner package's stateful decoder when present, else ``decode_frame``."""
    try:
        from kiosk.scanner.decode import FrameDecoder
    except ImportError:
        from kiosk.scanner.decode import decode_frame

        return decode_frame
    decoder = FrameDecoder()
    return decoder.decode


class _RecentCodes:
    """The same code in consecutive frames is one scan: a code is new again only after it
    has been out of view for ``hold_seconds``."""

    def __init__(self, hold_seconds: float = 2.5) -> None:
        self.hold_seconds = hold_seconds
        self._last_seen: dict[str, float] = {}

    def feed(self, codes: list[Any], now: float) -> list[Any]:
        new = []
        for code in codes:
            last = self._last_seen.get(code.text)
            if last is None or now - last > self.hold_seconds:
                new.append(code)
            self._last_seen[code.text] = now
        # Forget codes long gone so the table stays small.
        for text in [t for t, seen in self._last_seen.items() if now - seen > 60]:
            del self._last_seen[text]
        return new


def make_deduplicator(hold_seconds: float = 2.5) -> Any:
    try:
        from kiosk.scanner.dedup import ScanDeduplicator
    except ImportError:
        return _RecentCodes(hold_seconds)
    return ScanDeduplicator(repeat_after_s=hold_seconds)


def monotonic() -> float:
    return time.perf_counter()
