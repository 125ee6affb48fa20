"""The live feed's wake-ups: a commit that logged changes wakes the requests waiting on
``GET /api/v1/changes?wait=S`` (a long poll), in this process and in every other one.

- :class:`FeedSignal`: a generation counter with asyncio waiters. :meth:`bump` is called
  from any thread (after a COMMIT, from a watcher thread); it wakes every request waiting
  on any event loop. A request reads the generation *before* it reads the feed, so a
  commit between the read and the wait still wakes it: nothing is missed.
- :class:`FeedWatcher`: what other processes commit. On PostgreSQL one connection per
  server process ``LISTEN``\\ s on :data:`CHANNEL` (every transaction that logs a change
  sends ``NOTIFY`` on it, delivered at its commit); on SQLite one connection reads
  ``PRAGMA data_version`` every :data:`SQLITE_POLL` seconds (a read of the shared WAL
  index: no I/O) and, when it moved, the top of the log.

A wake is only a hint: the request reads the feed again, below the horizon, exactly as a
plain poll would. So a lost wake-up costs latency (the waiter polls every
:data:`FALLBACK_POLL` seconds while the watcher is down), never a skipped or doubled
change.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.central.db import CentralDB

log = logging.getLogger("kiosk.central.live")

#: The PostgreSQL notification channel of the change log.
CHANNEL = "kiosk_changes"
#: Seconds between two ``PRAGMA data_version`` reads on SQLite (other processes' commits).
SQLITE_POLL = 0.2
#: Seconds between two reads of the feed by a waiting request while no watcher runs
#: (the PostgreSQL listener lost its connection and is reconnecting).
FALLBACK_POLL = 1.0
#: Seconds between two reads by a request whose changes are committed but held back by
#: an older transaction still running (PostgreSQL's horizon; no commit signals its end
#: when that transaction wrote no change).
HELD_POLL = 0.25


class FeedSignal:
    """Wakes the requests waiting for the change log to move. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = 0
        self._closing = False
        self._waiters: dict[asyncio.Future[None], asyncio.AbstractEventLoop] = {}

    @property
    def generation(self) -> int:
        """Changes every time a commit may have moved the feed."""
        return self._generation

    @property
    def waiting(self) -> int:
        """Requests waiting right now (across every event loop)."""
        return len(self._waiters)

    @property
    def closing(self) -> bool:
        """The server is stopping: waiting requests answer at once."""
        return self._closing

    def close(self) -> None:
        """Wake every waiter for good: the server is stopping."""
        self._closing = True
        self.bump()

    def bump(self) -> None:
        """Something was committed: wake every waiter (from any thread)."""
        with self._lock:
            self._generation += 1
            waiters, self._waiters = self._waiters, {}
        for future, loop in waiters.items():
            try:
                loop.call_soon_threadsafe(_wake, future)
            except RuntimeError:  # that loop is closed: nobody waits there any more
                pass

    async def wait(self, generation: int, timeout: float) -> bool:
        """Wait until the generation differs from ``generation`` (True) or ``timeout``
        seconds pass (False)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            if self._generation != generation or self._closing:
                return True
            self._waiters[future] = loop
        try:
            await asyncio.wait_for(future, timeout)
            return True
        except TimeoutError:
            return False
        finally:
            with self._lock:
                self._waiters.pop(future, None)


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class FeedWatcher:
    """One thread that turns other processes' commits into :meth:`FeedSignal.bump`."""

    def __init__(self, db: CentralDB, signal: FeedSignal) -> None:
        self.db = db
        self.signal = signal
        self._stop = threading.Event()
        #: True while the watcher sees every commit (LISTEN connected / SQLite open).
        self.healthy = False
        target = self._listen if db.postgres else self._poll_sqlite
        self._thread = threading.Thread(target=target, name="feed-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _listen(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self.db.url, autocommit=True,
                                     connect_timeout=10) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.healthy = True
                    self.signal.bump()  # what committed while we were not listening
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            self.signal.bump()
            except psycopg.Error as exc:
                if self.healthy:
                    log.warning("the live feed lost its PostgreSQL listener (%s); "
                                "waiting requests poll every %.0f s until it is back",
                                exc, FALLBACK_POLL)
            finally:
                self.healthy = False
            self._stop.wait(1.0)

    def _poll_sqlite(self) -> None:
        conn: sqlite3.Connection | None = None
        version: Any = None
        top: Any = None
        while not self._stop.wait(SQLITE_POLL if conn is not None else 1.0):
            try:
                if conn is None:
                    conn = sqlite3.connect(self.db.url, isolation_level=None, timeout=5,
                                           check_same_thread=False)
                    self.healthy = True
                now = conn.execute("PRAGMA data_version").fetchone()[0]
                if now == version:
                    continue
                version = now
                latest = conn.execute("SELECT max(seq) FROM changes").fetchone()[0]
                if latest != top:
                    top = latest
                    self.signal.bump()
            except sqlite3.Error as exc:
                log.warning("the live feed cannot read the central list: %s", exc)
                self.healthy = False
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()
