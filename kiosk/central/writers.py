"""SQLite's one writer, shared with a bulk import so kiosks' uploads go first (issue 10
item 8: during a 100,000-row import the kiosks' upload p99 was 3-13 s).

A large import writes its rows in chunks, one transaction each, from a process of its
own (kiosk/central/bulk_import.py). Between two chunks the kiosks' uploads waiting for
the write lock should get in — but SQLite's busy handler is not a queue: a waiting
writer sleeps (up to 100 ms at a time) and polls, so it mostly missed the importer's
short pause, and waited chunk after chunk.

So every SQLite write transaction says it is waiting or writing: it holds a shared
lock on one byte of a file beside the database (``<db>-writers``, an open-file-
description lock, ``F_OFD_SETLK``: per connection, across threads and processes, gone
with the process). Before each chunk the importer asks whether anyone holds it
(``F_OFD_GETLK``) and, while someone does, waits — up to a bound, so the import still
ends under a steady stream of uploads. Where the file cannot be used (read-only media),
nothing is announced and the importer only pauses, as before.
"""

from __future__ import annotations

import os
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kiosk.private_files import PRIVATE_MODE

fcntl: Any
try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: nothing is announced
    fcntl = None
#: Open-file-description locks (Linux): elsewhere nothing is announced and the importer
#: only pauses between chunks, as before.
AVAILABLE = fcntl is not None and hasattr(fcntl, "F_OFD_SETLK")

#: ``struct flock`` on Linux: l_type, l_whence, (pad), l_start, l_len, l_pid, (pad).
_FLOCK = "=hh4xqqi4x"
#: How often a waiting importer looks again.
POLL_SECONDS = 0.002


def _flock(kind: int) -> bytes:
    return struct.pack(_FLOCK, kind, os.SEEK_SET, 0, 1, 0)


class WriterSignal:
    """The writers of one SQLite central list announcing themselves (see the module)."""

    def __init__(self, db_path: str) -> None:
        self.path = db_path + "-writers"
        self._local = threading.local()
        self._fds: list[int] = []
        self._lock = threading.Lock()

    def _fd(self) -> int | None:
        if not AVAILABLE:
            return None
        fd: int | None = getattr(self._local, "fd", None)
        if fd is None and not getattr(self._local, "broken", False):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_MODE)
            except OSError:
                self._local.broken = True
                return None
            self._local.fd = fd
            with self._lock:
                self._fds.append(fd)
        return fd

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around a write transaction: announced from before its ``BEGIN IMMEDIATE``
        (while it waits for the lock) until after its ``COMMIT``."""
        fd = self._fd()
        held = False
        if fd is not None:
            try:
                fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _flock(fcntl.F_RDLCK))
                held = True
            except OSError:
                held = False
        try:
            yield
        finally:
            if held and fd is not None:
                try:
                    fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _flock(fcntl.F_UNLCK))
                except OSError:
                    pass

    def others_writing(self) -> bool:
        """Does any other connection wait for the write lock or hold it now?"""
        fd = self._fd()
        if fd is None:
            return False
        try:
            answer = fcntl.fcntl(fd, fcntl.F_OFD_GETLK, _flock(fcntl.F_WRLCK))
        except OSError:
            return False
        return int(struct.unpack(_FLOCK, answer)[0]) != fcntl.F_UNLCK

    def wait_for_others(self, limit: float) -> float:
        """Wait while other writers are announced, at most ``limit`` seconds; the
        seconds waited."""
        started = time.monotonic()
        while self.others_writing() and time.monotonic() - started < limit:
            time.sleep(POLL_SECONDS)
        return time.monotonic() - started

    def close(self) -> None:
        with self._lock:
            for fd in self._fds:
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._fds.clear()
        self._local = threading.local()
