"""Sync in real time: upload on scan, download on the live feed. No Qt.

The sync engine (kiosk/sync/engine.py) stays the one place that uploads and applies
changes; :class:`LiveSync` only says *when* a sync is due, by calling ``on_due()`` from
one of its two threads:

- **the outbox watcher** reads the replica's ``PRAGMA data_version`` every
  :data:`OUTBOX_POLL` seconds on a connection of its own (a read of the WAL index in
  shared memory: no disk I/O, no sync). When it moved (any connection committed: this
  window, a second window, ``kiosk checkin`` in another process), it reads the top of the
  outbox; a new entry means a check-in (or walk-in) was recorded: a sync is due. A burst
  of scans while a sync runs becomes one more sync, not one per scan (the caller runs
  one sync at a time and reruns it once if it was asked again meanwhile).
- **the feed holder** keeps one long-poll request on the central list's feed
  (``GET /api/v1/changes?wait=S``, kiosk/central/api/feed.py), which answers as soon as
  a change past this kiosk's cursor is served. Then a sync is due, and the holder waits
  for the caller to say it ran (:meth:`LiveSync.synced`) before it asks again.

``connected`` is True while the live request works; the caller keeps its timer as the
fallback when it is False (offline, an older central list without ``wait``, a full
server). Every change of ``connected`` also calls ``on_due()`` so the caller can switch.

``on_due`` runs on LiveSync's threads: the GUI turns it into a queued signal; ``kiosk
sync --watch`` sets a :class:`threading.Event`.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import sqlite3
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpcore
import httpx

from kiosk.core import wire
from kiosk.errors import (
    AuthError,
    CentralRestored,
    KioskError,
    LiveUnavailable,
    NotPaired,
)
from kiosk.replica.changes import MetaKey
from kiosk.sync.engine import (
    SyncEngine,
    SyncProgress,
    SyncResult,
    _decoded,
    _position,
    feed_gate,
)

log = logging.getLogger("kiosk.sync.live")

#: Seconds between two reads of the replica's ``PRAGMA data_version``.
OUTBOX_POLL = 0.1
#: Seconds a live request asks the central list to hold it (below its ``MAX_WAIT``, and
#: below the idle timeouts of the proxies and NAT boxes of a venue network).
LIVE_WAIT = 25.0
#: Seconds the feed holder waits for the caller's sync before it asks again anyway.
SYNC_GRACE = 10.0
#: Seconds before the live request is tried again after it failed: doubling, up to
#: the last; a server without the live feed (or a full one) is asked again after that.
RETRY_START = 2.0
RETRY_MAX = 60.0


_UNREAD = object()  # the outbox watcher has not read the top of the outbox yet


class _Sockets(httpcore.NetworkBackend):
    """httpcore's own network, remembering the sockets it opens, so that a request
    blocked on one can be cut from another thread (:meth:`cut`: a shutdown wakes a
    blocked read; closing the socket would not). After a cut, nothing connects."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._cut = False

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None,
                    ) -> httpcore.NetworkStream:
        with self._lock:
            if self._cut:
                raise httpcore.ConnectError("the live feed was stopped")
        stream = self._inner.connect_tcp(host, port, timeout, local_address,
                                         socket_options)
        with self._lock:
            self._open = [s for s in self._open if s.fileno() != -1]
            self._open.append(stream.get_extra_info("socket"))
            if self._cut:  # (cut while connecting)
                _shut(self._open[-1])
        return stream

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None,
                            ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("the live feed runs over TCP only")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)

    def cut(self) -> None:
        with self._lock:
            self._cut = True
            for sock in self._open:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


class _CuttableTransport(httpx.HTTPTransport):
    """httpx's transport over :class:`_Sockets`."""

    def __init__(self, network: _Sockets, verify: ssl.SSLContext | bool) -> None:
        super().__init__(verify=verify)
        # (httpx has no option for httpcore's network backend: its pool, made again)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify), network_backend=network)


class LiveEngine(SyncEngine):
    """A :class:`SyncEngine` that can hold one live request on the feed, and cut it
    from another thread (:meth:`cut`)."""

    def __init__(self, db_path: str | Path, *, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout | None = None) -> None:
        self._network = _Sockets()
        super().__init__(db_path, transport=transport, timeout=timeout)

    def _new_client(self, **options: Any) -> httpx.Client:
        if self._transport is None:
            options["transport"] = _CuttableTransport(self._network,
                                                      options.pop("verify", True))
        return super()._new_client(**options)

    def cut(self) -> None:
        """End the request under way at once (it raises
        :class:`~kiosk.errors.ServerUnavailable` in its thread), and every later one."""
        self._network.cut()

    def wait_for_changes(self, wait: float) -> bool:
        """Hold ``GET /changes?wait=`` from this replica's cursor: True when the central
        list has changes this replica lacks (or does not know its cursor: a sync heals
        that), False when ``wait`` seconds passed without one.

        Raises :class:`NotPaired`, :class:`LiveUnavailable` and the engine's other
        :class:`~kiosk.errors.SyncError` kinds (ServerUnavailable, AuthError, ...)."""
        with self._replica() as replica:
            url, token = self._credentials(replica)
            cursor = replica.get_meta(MetaKey.CURSOR) or "0.0"
            check = replica.get_meta(MetaKey.CURSOR_CHECK) or ""
            gate = feed_gate(replica)
            if gate != replica.get_meta(MetaKey.FEED_GATE):
                return True  # switched gates: a sync fetches the new gate's check-ins
        params: dict[str, Any] = {"cursor": cursor, "limit": 1, "wait": f"{wait:.3f}"}
        if check:
            params["check"] = check
        if gate is not None:
            params["gate"] = gate  # (woken only by what the sync would bring)
        try:
            body = self._request("GET", url, "/changes", token, params=params, clock=False,
                                 timeout=httpx.Timeout(wait + 15.0, connect=5.0))
        except CentralRestored:
            return True  # the sync that follows heals it (docs/sync.md)
        page = _decoded(wire.decode_feed_page, body, "change feed page")
        if page.live is not True:
            raise LiveUnavailable("The central list does not hold live requests "
                                  "(older version, or too many kiosks wait on it).")
        if not page.changes and not page.more:
            return False  # (more: the cursor moves past changes that are not ours)
        with self._replica() as replica:  # a sync may have fetched them meanwhile
            mine = replica.get_meta(MetaKey.CURSOR) or "0.0"
        return _position(mine) < _position(page.cursor)


class LiveSync:
    """Watches the replica's outbox and holds the live feed; calls ``on_due()`` when a
    sync should run now. ``start()`` / ``stop()``; thread-safe."""

    def __init__(self, db_path: str | Path, on_due: Callable[[], None], *,
                 wait: float = LIVE_WAIT, poll: float = OUTBOX_POLL,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.db_path = Path(db_path)
        self.on_due = on_due
        self.wait = wait
        self.poll = poll
        self._transport = transport
        self._stop = threading.Event()
        self._synced = threading.Event()
        self._threads: list[threading.Thread] = []
        self._engine: LiveEngine | None = None
        self._connected = False
        #: When the live feed last confirmed this replica has every change (an answer
        #: with nothing past its cursor): "in sync as of", between syncs.
        self.confirmed_at: datetime | None = None

    @property
    def connected(self) -> bool:
        """True while the live request works (the caller's timer may rest)."""
        return self._connected

    def start(self) -> None:
        if self._threads:
            return
        # A new event per start: a holder still finishing its request from before a
        # stop() keeps seeing its own (set) event and ends.
        self._stop = stop = threading.Event()
        self._engine = engine = LiveEngine(self.db_path, transport=self._transport)
        # The top of the outbox now, on the caller's thread, before its first sync: an
        # entry recorded after this is due however late the watcher's first poll runs.
        top = self._outbox_top()
        for target, args, name in ((self._watch_outbox, (stop, top), "sync-outbox-watch"),
                                   (self._hold_feed, (stop, engine), "sync-live-feed")):
            thread = threading.Thread(target=target, args=args, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop both threads, at once: the held request is cut (its socket shut down,
        which wakes the blocked read) and both threads are joined; neither calls
        ``on_due`` after this returns."""
        self._stop.set()
        self._synced.set()
        if self._engine is not None:
            self._engine.cut()
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads.clear()
        self._engine = None
        self._connected = False

    def synced(self) -> None:
        """The caller ran a sync (successful or not): the holder may ask again."""
        self._synced.set()

    # -- the outbox watcher -------------------------------------------------------------

    def _outbox_top(self) -> Any:
        """The outbox's latest entry (None: empty), or _UNREAD if it cannot be read."""
        try:
            conn = sqlite3.connect(f"{self.db_path.resolve().as_uri()}?mode=rw", uri=True,
                                   timeout=5, isolation_level=None)
            try:
                return conn.execute("SELECT max(seq) FROM outbox").fetchone()[0]
            finally:
                conn.close()
        except (OSError, sqlite3.Error) as exc:
            log.debug("outbox watcher: %s", exc)
            return _UNREAD

    def _watch_outbox(self, stop: threading.Event, top: Any) -> None:
        conn: sqlite3.Connection | None = None
        inode: int | None = None
        version: Any = None
        while not stop.wait(self.poll):
            try:
                now_inode = os.stat(self.db_path).st_ino
                if conn is None or now_inode != inode:
                    # (again after `kiosk doctor` moved a damaged file aside)
                    if conn is not None:
                        conn.close()
                    # mode=rw: never create a file where there is none
                    conn = sqlite3.connect(f"{self.db_path.resolve().as_uri()}?mode=rw",
                                           uri=True, timeout=5, isolation_level=None,
                                           check_same_thread=False)
                    inode, version = now_inode, None
                now = conn.execute("PRAGMA data_version").fetchone()[0]
                if now == version:
                    continue
                version = now
                latest = conn.execute("SELECT max(seq) FROM outbox").fetchone()[0]
                if latest != top:
                    # (top unread at start — the replica could not be read then —: due
                    # if there is any entry; one sync too many costs a request, one too
                    # few leaves a check-in waiting for the timer)
                    if top is not _UNREAD or latest is not None:
                        self.on_due()
                    top = latest
            except (OSError, sqlite3.Error) as exc:
                log.debug("outbox watcher: %s", exc)
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()

    # -- the feed holder ----------------------------------------------------------------

    def _hold_feed(self, stop: threading.Event, engine: LiveEngine) -> None:
        try:
            self._hold_with(stop, engine)
        finally:
            engine.close()

    def _hold_with(self, stop: threading.Event, engine: LiveEngine) -> None:
        retry = RETRY_START
        probe = True  # after (re)connecting: a short request tells at once if live works
        while not stop.is_set():
            try:
                due = engine.wait_for_changes(0.05 if probe else self.wait)
            except NotPaired:
                self._set_connected(False, stop)
                stop.wait(5.0)
                continue
            except KioskError as exc:
                if stop.is_set():
                    return
                if isinstance(exc, LiveUnavailable | AuthError):
                    retry = RETRY_MAX
                log.info("live feed unavailable (%s); syncing on the timer, trying again "
                         "in %.0f s", exc, retry)
                self._set_connected(False, stop)
                probe = True
                stop.wait(retry * random.uniform(0.8, 1.2))
                retry = min(RETRY_MAX, retry * 2)
                continue
            except Exception:  # noqa: BLE001 - the holder must keep running
                if stop.is_set():
                    return
                log.exception("live feed failed unexpectedly")
                self._set_connected(False, stop)
                stop.wait(RETRY_MAX)
                continue
            if stop.is_set():
                return
            if not due:
                self.confirmed_at = datetime.now(UTC)
            retry = RETRY_START
            was_connected, probe = self._connected, False
            self._set_connected(True, stop)
            if due or not was_connected:
                # Changes to fetch (or back after a gap: catch up): one sync, then wait
                # again from the cursor it leaves.
                self._synced.clear()
                self.on_due()
                self._synced.wait(SYNC_GRACE)

    def _set_connected(self, value: bool, stop: threading.Event) -> None:
        if self._connected != value and not stop.is_set():
            self._connected = value
            if not value:
                self.on_due()  # the caller's timer takes over


def run_live(engine: SyncEngine, *, interval: float, stop: threading.Event | None = None,
             on_result: Callable[[SyncResult], None] | None = None,
             progress: Callable[[SyncProgress], None] | None = None,
             wait: float = LIVE_WAIT) -> SyncResult:
    """Keep ``engine``'s replica in sync in real time until ``stop`` is set (or the
    kiosk needs pairing again: AuthError, NotPaired); returns the last result.

    Syncs when a check-in is recorded and when the live feed has changes; every
    ``interval`` seconds only while the live request does not work; after a failure,
    when the engine's backoff allows. ``kiosk sync --watch`` is this loop."""
    stop = stop or threading.Event()
    due = threading.Event()
    live = LiveSync(engine.db_path, due.set, wait=wait)
    live.start()
    try:
        while True:
            due.clear()
            # The live request works: the central list is reachable, whatever the
            # engine's offline backoff still says.
            result = engine.sync(progress, force=live.connected)
            live.synced()
            if on_result is not None:
                on_result(result)
            if isinstance(result.error, AuthError | NotPaired) or stop.is_set():
                return result
            if not result.ok:
                # Offline: the timer, and the engine's backoff, unless the live request
                # comes back first (or a check-in is recorded).
                _wait_any(due, stop, max(interval, engine.next_retry_in()))
            else:
                # Live: a held connection, not a stream of requests (the wait is only
                # there to look at `stop` now and then).
                _wait_any(due, stop, None if live.connected else interval)
            if stop.is_set():
                return result
    finally:
        live.stop()


def _wait_any(due: threading.Event, stop: threading.Event, timeout: float | None) -> None:
    """Until ``due`` or ``stop`` is set, or ``timeout`` seconds pass."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while not due.is_set() and not stop.is_set():
        left = 1.0 if deadline is None else min(1.0, deadline - time.monotonic())
        if left <= 0:
            return
        due.wait(left)
