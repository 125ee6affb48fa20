"""The camera worker: frames are read on one thread and decoded on another, never on the
GUI thread.

Reading paces itself to the source's frame rate (a video file stands in for a webcam in
real time) and always overwrites a single "latest frame" slot; the decoder takes whatever
is newest when it is free. So when decoding is slower than the camera, frames are
dropped rather than queued and the verdict never lags behind what the camera sees. The
preview gets at most one frame in flight to the GUI thread for the same reason.

A source that is missing or vanishes is reported (``state_changed``) and retried every
``retry_seconds``. Both threads stop cooperatively: a flag, then ``wait()``.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from kiosk.core.config import CAMERA_RETRY_SECONDS, SCAN_HOLD_SECONDS
from kiosk.errors import KioskError, SourceUnavailable
from kiosk.gui.frames import (
    FrameSource,
    SeenSymbols,
    make_decoder,
    make_deduplicator,
    monotonic,
    open_frame_source,
)

log = logging.getLogger(__name__)


@dataclass
class CameraStats:
    frames_read: int = 0
    frames_decoded: int = 0
    frames_dropped: int = 0
    previews_sent: int = 0
    previews_skipped: int = 0
    decode_seconds: float = 0.0
    open_attempts: int = 0


def to_qimage(frame: np.ndarray) -> QImage:
    """A deep-copied QImage of a BGR (or gray) frame."""
    if frame.ndim == 2:
        h, w = frame.shape
        return QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_Grayscale8).copy()
    h, w = frame.shape[:2]
    frame = np.ascontiguousarray(frame[..., :3])
    return QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_BGR888).copy()


class _FrameSlot:
    """The newest frame not yet decoded (one slot: older ones are dropped)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: tuple[np.ndarray, float, int] | None = None

    def put(self, frame: np.ndarray, t_in: float, number: int) -> bool:
        """Store a frame; True when it replaced one the decoder never saw."""
        with self._cond:
            dropped = self._frame is not None
            self._frame = (frame, t_in, number)
            self._cond.notify()
            return dropped

    def take(self, timeout: float) -> tuple[np.ndarray, float, int] | None:
        with self._cond:
            if self._frame is None:
                self._cond.wait(timeout)
            item, self._frame = self._frame, None
            return item

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()


class _GrabThread(QThread):
    def __init__(self, worker: CameraWorker) -> None:
        super().__init__()
        self.worker = worker

    def run(self) -> None:
        self.worker._grab_loop()


class _DecodeThread(QThread):
    def __init__(self, worker: CameraWorker) -> None:
        super().__init__()
        self.worker = worker

    def run(self) -> None:
        self.worker._decode_loop()


class CameraWorker(QObject):
    """Reads ``spec`` (device index, video file or URL), previews and decodes its frames."""

    #: A preview frame (call :meth:`preview_consumed` once it is painted).
    frame_ready = Signal(QImage)
    #: New codes (texts), the perf_counter time their frame entered the worker, and the
    #: code corners (list of point tuples) in frame coordinates.
    codes_found = Signal(list, float, list)
    #: "starting", "running", "unavailable" or "stopped", and a message for people.
    state_changed = Signal(str, str)
    #: True when the camera sees a code it could not read yet (hold it still), False
    #: when that ends (read, or gone); only changes are sent.
    code_seen = Signal(bool)

    def __init__(
        self,
        spec: str,
        *,
        width: int = 1280,
        height: int = 720,
        fps: float = 30.0,
        loop: bool = True,
        retry_seconds: float = CAMERA_RETRY_SECONDS.default,
        hold_seconds: float = SCAN_HOLD_SECONDS.default,
        realtime: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = str(spec)
        self.width, self.height, self.fps = width, height, fps
        self.loop = loop
        self.retry_seconds = retry_seconds
        self.hold_seconds = hold_seconds
        #: Pace file sources to their frame rate (False: as fast as they read; benchmarks).
        self.realtime = realtime
        self.stats = CameraStats()
        #: When set (benchmarks), (frame number, perf_counter time it entered the worker).
        self.frame_log: list[tuple[int, float]] | None = None
        self.state = "stopped"
        self._stopping = threading.Event()
        self._slot = _FrameSlot()
        self._preview_in_flight = threading.Event()
        self._grab = _GrabThread(self)
        self._decode = _DecodeThread(self)

    # -- control (GUI thread) ----------------------------------------------------------

    def start(self) -> None:
        self._stopping.clear()
        self._set_state("starting", "")
        self._grab.start()
        self._decode.start()

    def stop(self, timeout_ms: int = 5000) -> bool:
        """Ask both threads to finish and wait for them (never terminate())."""
        self._stopping.set()
        self._slot.wake()
        ok = self._grab.wait(timeout_ms) and self._decode.wait(timeout_ms)
        self._set_state("stopped", "")
        return bool(ok)

    def is_running(self) -> bool:
        return self._grab.isRunning() or self._decode.isRunning()

    def preview_consumed(self) -> None:
        """The GUI painted the last preview: the next one may be sent."""
        self._preview_in_flight.clear()

    # -- threads -----------------------------------------------------------------------

    def _set_state(self, state: str, message: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state, message)

    def _open(self) -> FrameSource | None:
        self.stats.open_attempts += 1
        try:
            source = open_frame_source(self.spec, width=self.width, height=self.height,
                                       fps=self.fps, loop=self.loop)
        except KioskError as exc:
            log.warning("camera %s unavailable: %s", self.spec, exc)
            self._set_state("unavailable", str(exc))
            return None
        except Exception as exc:  # noqa: BLE001 - a driver error must not kill the thread
            log.exception("camera %s failed to open", self.spec)
            self._set_state("unavailable", f"Camera {self.spec} failed: {exc}")
            return None
        self._set_state("running", "")
        return source

    def _sleep(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def _grab_loop(self) -> None:
        number = 0
        while not self._stopping.is_set():
            source = self._open()
            if source is None:
                self._sleep(self.retry_seconds)
                continue
            period = 1.0 / (source.fps or self.fps or 30.0)
            next_due = monotonic()
            try:
                while not self._stopping.is_set():
                    frame = source.read()
                    if frame is None:
                        if not self.loop:  # the end of a file played once
                            self._set_state("stopped", "")
                            self._stopping.wait()
                            break
                        # A looping source that yields nothing (a truncated file, a stream
                        # that ended): treat it as lost and open it again.
                        raise SourceUnavailable(f"{self.spec} delivered no frame.")
                    t_in = monotonic()
                    number += 1
                    if self.frame_log is not None:
                        self.frame_log.append((number, t_in))
                    self.stats.frames_read += 1
                    if self._slot.put(frame, t_in, number):
                        self.stats.frames_dropped += 1
                    if not self._preview_in_flight.is_set():
                        self._preview_in_flight.set()
                        self.stats.previews_sent += 1
                        self.frame_ready.emit(to_qimage(frame))
                    else:
                        self.stats.previews_skipped += 1
                    if self.realtime:
                        next_due += period
                        delay = next_due - monotonic()
                        if delay > 0:
                            self._sleep(delay)
                        else:
                            next_due = monotonic()
            except KioskError as exc:
                log.warning("camera %s lost: %s", self.spec, exc)
                self._set_state("unavailable", str(exc))
                self._sleep(self.retry_seconds)
            except Exception as exc:  # noqa: BLE001 - keep retrying whatever the driver did
                log.exception("camera %s failed", self.spec)
                self._set_state("unavailable", f"Camera {self.spec} failed: {exc}")
                self._sleep(self.retry_seconds)
            finally:
                try:
                    source.release()
                except Exception:  # noqa: BLE001
                    log.debug("release failed", exc_info=True)

    def _decode_loop(self) -> None:
        decoder = make_decoder()
        dedup = make_deduplicator(self.hold_seconds)
        seen = SeenSymbols()
        while not self._stopping.is_set():
            item = self._slot.take(timeout=0.2)
            if item is None:
                continue
            frame, t_in, _number = item
            started = time.perf_counter()
            try:
                codes = decoder.decode(frame)
            except Exception:  # noqa: BLE001 - one bad frame must not stop scanning
                log.exception("decoding a frame failed")
                continue
            self.stats.decode_seconds += time.perf_counter() - started
            self.stats.frames_decoded += 1
            # Every decoded frame is fed, empty ones too: the de-duplicator counts the
            # frames a code is absent to tell "still in view" from "shown again".
            new = dedup.feed(codes, monotonic())
            changed = seen.feed(located=bool(decoder.located), read=bool(codes))
            if changed is not None:
                self.code_seen.emit(changed)
            if new:
                self.codes_found.emit([c.text for c in new], t_in,
                                      [list(c.points) for c in new])
