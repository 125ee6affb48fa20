"""The camera pipeline's Qt-free parts, from the scanner package: opening a frame source,
the stateful decoder, and the de-duplicator (the same code in consecutive frames is one
scan)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from kiosk.scanner.decode import FrameDecoder
from kiosk.scanner.dedup import ScanDeduplicator
from kiosk.scanner.sources import FrameSource, open_source


def open_frame_source(
    spec: str, *, width: int = 1280, height: int = 720, fps: float = 30.0, loop: bool = True
) -> FrameSource:
    """A frame source for ``spec`` (device index, file or URL); SourceUnavailable if not."""
    return open_source(spec, width=width, height=height, fps=fps, loop=loop)


def make_decoder() -> FrameDecoder:
    """The scanner's stateful decoder (pacing its fallback stages over a frame stream;
    ``decode(frame)`` gives the codes read, ``located`` what it saw but could not read)."""
    return FrameDecoder()


#: "Code seen" ends after this many decoded frames without a located, unread symbol
#: (about half a second at 30 fps): a symbol the decoder finds on every other frame of a
#: shaking hand must not make the cue flicker.
SEEN_LINGER_FRAMES = 12


@dataclass
class SeenSymbols:
    """Whether the camera sees a code it cannot read yet ("Code seen — hold still"), from
    each decoded frame: on at once when a frame has a located but unread symbol, off
    when a code was read (its verdict follows) or after ``linger`` frames without one."""

    linger: int = SEEN_LINGER_FRAMES
    seen: bool = False
    _quiet: int = 0

    def feed(self, *, located: bool, read: bool) -> bool | None:
        """The new state when this frame changes it, else None."""
        before = self.seen
        if read:
            self.seen, self._quiet = False, 0
        elif located:
            self.seen, self._quiet = True, 0
        elif self.seen:
            self._quiet += 1
            if self._quiet >= self.linger:
                self.seen = False
        return self.seen if self.seen != before else None


def make_deduplicator(hold_seconds: float) -> Any:
    """A code is a new scan again only ``hold_seconds`` after its last report (the
    ``scan_hold_seconds`` setting, kiosk/core/config.py)."""
    return ScanDeduplicator(repeat_after_s=hold_seconds)


def monotonic() -> float:
    return time.perf_counter()
