"""Scan de-duplication: a code held in front of the camera is one scan, not thirty.

The rules, chosen for a door queue (one attendee at a time holds up a phone or paper):

* A text seen for the first time is reported at once.
* While it stays in view it is not reported again: holding the phone up a little longer
  must not turn a green "welcome" into an amber "already checked in". (Set
  ``repeat_while_present_s`` to re-report a code that stays in view that long; off by
  default.)
* It counts as gone after ``absent_frames`` consecutive frames without it. Decoders miss a
  code now and then (glare, motion blur, a fallback decoder that runs only every few
  frames), so a short gap is not a departure.
* After it is gone it is reported again when it comes back, but never sooner than
  ``repeat_after_s`` seconds after its last report: a phone waved in and out of view is
  still one scan, while someone stepping back and showing the ticket again a few seconds
  later gets an answer again (then "already checked in", which is the truth).

Several codes in one frame are tracked independently. ``feed`` must be called for every
decoded frame, including frames with no codes, because absence is counted in frames.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.config import SCAN_HOLD_SECONDS
from kiosk.scanner.decode import DecodedCode


@dataclass
class _Seen:
    last_report: float
    absent: int = 0  # consecutive frames without this text
    gone: bool = False


class ScanDeduplicator:
    """Turns a stream of per-frame decodes into scans (see the module docstring)."""

    def __init__(
        self,
        repeat_after_s: float = SCAN_HOLD_SECONDS.default,
        absent_frames: int = 5,
        *,
        repeat_while_present_s: float | None = None,
    ) -> None:
        if repeat_after_s < 0 or absent_frames < 1:
            raise ValueError("repeat_after_s must be >= 0 and absent_frames >= 1")
        self.repeat_after_s = repeat_after_s
        self.absent_frames = absent_frames
        self.repeat_while_present_s = repeat_while_present_s
        self._seen: dict[str, _Seen] = {}

    def feed(self, codes: list[DecodedCode], now: float) -> list[DecodedCode]:
        """The codes of one frame at time ``now`` (seconds, monotonic) -> the new scans."""
        new: list[DecodedCode] = []
        present: set[str] = set()
        for code in codes:
            if code.text in present:
                continue  # the same code twice in one frame (two backends, a reflection)
            present.add(code.text)
            seen = self._seen.get(code.text)
            if seen is None:
                self._seen[code.text] = _Seen(last_report=now)
                new.append(code)
                continue
            since_report = now - seen.last_report
            again = (seen.gone and since_report >= self.repeat_after_s) or (
                not seen.gone
                and self.repeat_while_present_s is not None
                and since_report >= self.repeat_while_present_s
            )
            if again:
                seen.last_report = now
                new.append(code)
            seen.absent = 0
            seen.gone = False
        for text in list(self._seen):
            if text in present:
                continue
            seen = self._seen[text]
            seen.absent += 1
            if seen.absent >= self.absent_frames:
                seen.gone = True
                # Forget codes that are gone and could be reported again anyway: the table
                # stays as small as the codes recently in view.
                if now - seen.last_report >= self.repeat_after_s:
                    del self._seen[text]
        return new

    def reset(self) -> None:
        """Forget everything (e.g. after the operator changed gate or direction)."""
        self._seen.clear()

    def __len__(self) -> int:
        return len(self._seen)
