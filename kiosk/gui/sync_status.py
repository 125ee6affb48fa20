"""Background sync, and the figures of the status bar.

The sync engine (kiosk.sync.engine) is a plain object that never raises; it runs on the
task manager's thread with its own engine (its own SQLite connection). While that module
is absent, the status bar says "not connected" and shows the replica's own figures.

When it runs: at once when a check-in is recorded (by this window, another window or
`kiosk checkin` on the same replica) and when the central list's live feed has changes
(kiosk.sync.live.LiveSync, whose threads ask through a queued signal); on the timer only
while the live feed does not work or the last sync failed.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.errors import AuthError, CaptivePortal
from kiosk.gui.taskman import TaskManager

if TYPE_CHECKING:
    from kiosk.sync.live import LiveSync

log = logging.getLogger(__name__)


def sync_once(state: dict[str, Any], db_path: Path, *, force: bool = False) -> dict[str, Any]:
    """Run on the task thread: one sync if paired; returns plain figures for the GUI.
    ``force``: try the network even inside the offline backoff (the live request works,
    so the central list is reachable)."""
    try:
        from kiosk.pretix.engine import engine_class
    except ImportError:
        return {"connection": "not_connected", "available": False}
    engine = state.get("sync_engine")
    kind = engine_class(db_path)  # ours, or pretix's once paired with pretix
    if type(engine) is not kind:
        if engine is not None:
            engine.close()
        engine = kind(db_path)
        state["sync_engine"] = engine
    status = engine.status()
    if not getattr(status, "paired", False):
        return {"connection": "not_connected", "available": True,
                "pending_uploads": status.pending_uploads}
    result = engine.sync(force=force)
    status = engine.status()
    if result.ok:
        connection = "online"
    elif isinstance(result.error, AuthError):
        connection = "auth"
    elif isinstance(result.error, CaptivePortal):
        connection = "portal"  # offline, but staff can fix it: log in to the Wi-Fi
    else:
        connection = "offline"
    return {
        "connection": connection,
        "available": True,
        "pending_uploads": status.pending_uploads,
        "last_success_at": status.last_success_at,
        "error": str(result.error or ""),  # for the log and tests
        "problem": result.error,  # its class is the kind: words by error_words()
        "uploaded": result.uploaded,
        "downloaded": result.downloaded,
        # paired over plain HTTP (`kiosk serve --insecure-http`): staff should know
        "insecure": bool(getattr(status, "insecure", False))
        and not on_this_machine(status.server_url),
    }


def on_this_machine(url: str | None) -> bool:
    """Does ``url`` name this machine? Plain HTTP to it never crosses the venue's network
    (the demo), so the status bar does not warn about it."""
    from urllib.parse import urlsplit

    from kiosk.core.config import is_loopback

    return is_loopback(urlsplit(url or "").hostname or "")


class SyncScheduler(QObject):
    """Runs :func:`sync_once` every ``interval`` seconds (never two at once)."""

    synced = Signal(dict)
    #: emitted by LiveSync's threads; queued into the GUI thread
    _due = Signal()

    def __init__(self, taskman: TaskManager, db_path: str | Path, *, interval: float = 10.0,
                 live: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.taskman = taskman
        self.db_path = Path(db_path)
        self.last: dict[str, Any] = {"connection": "not_connected"}
        self._last_success_at: datetime | None = None
        self._in_flight = False
        self._again = False  # asked while a sync ran: one more after it (a burst = 2)
        self._timer = QTimer(self)
        self._timer.setInterval(int(interval * 1000))
        self._timer.timeout.connect(self._tick)
        self._due.connect(self.sync_now)
        self.live: LiveSync | None = None
        if live:
            from kiosk.sync.live import LiveSync

            self.live = LiveSync(self.db_path, self._due.emit)

    @property
    def last_success_at(self) -> datetime | None:
        """The last successful sync, or later while the live feed works and the last
        sync succeeded: its answers confirm the kiosk has every change (the status bar's
        "last sync" does not grow old on an idle kiosk that is in fact up to date)."""
        confirmed = self.live.confirmed_at if self.live is not None else None
        if confirmed is None or self._last_success_at is None \
                or not self.live or not self.live.connected \
                or self.last.get("connection") != "online":
            return self._last_success_at
        return max(self._last_success_at, confirmed)

    def start(self) -> None:
        self._timer.start()
        if self.live is not None:
            self.live.start()
        QTimer.singleShot(0, self.sync_now)

    def _tick(self) -> None:
        # The timer is the fallback: resting while the live feed works and all is sent.
        if self.live is not None and self.live.connected \
                and self.last.get("connection") == "online":
            return
        self.sync_now()

    def stop(self) -> None:
        self._timer.stop()
        if self.live is not None:
            self.live.stop()
        engine = self.taskman.thread_state.get("sync_engine")
        if engine is not None:
            state = self.taskman.thread_state
            self.taskman.run(lambda: state.pop("sync_engine").close())

    def sync_now(self) -> None:
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        state = self.taskman.thread_state
        force = self.live is not None and self.live.connected
        self.taskman.run(lambda: sync_once(state, self.db_path, force=force), self._done,
                         self._failed)

    def _done(self, figures: dict[str, Any]) -> None:
        self._in_flight = False
        if figures.get("last_success_at"):
            self._last_success_at = figures["last_success_at"]
        self.last = figures
        if self.live is not None:
            self.live.synced()
        self.synced.emit(figures)
        if self._again:
            self._again = False
            self.sync_now()

    def _failed(self, exc: BaseException) -> None:
        # The engine promises not to raise; if it does, we are simply offline.
        self._in_flight = False
        if self.live is not None:
            self.live.synced()
        log.error("sync failed unexpectedly", exc_info=exc)
        self.last = {"connection": "offline", "error": str(exc), "problem": exc}
        self.synced.emit(self.last)
        if self._again:  # a check-in recorded meanwhile is not left for the timer
            self._again = False
            self.sync_now()
