"""The snapshot as one SQLite file: a kiosk's first download, built by the central list.

Instead of a kiosk fetching JSON pages and turning each row into the replica's columns
and folded-name keys (a million rows: a minute of the kiosk's CPU), the central list
writes the device's snapshot into a file of the replica's shape
(:mod:`kiosk.core.snapshot_file`: attendees with their keys by core's one folding rule,
gates, revocations, the check-ins of yesterday and later, badge prints, and the
replica's two search indexes already built, so a fresh replica takes them as they are) from the same
pages as the JSON snapshot (:class:`~kiosk.central.snapshot.Snapshot`: the same fixed
position, the same scope by the device's events, so the same proof that snapshot + log is
exact), once. The kiosk downloads the file (HTTP Range: a cut download resumes), attaches
it and installs it with ``INSERT ... SELECT`` statements, then reads the log after it.

Files are built off the event loop (the API's handlers run on the server's threads) and
kept per (event set, position): a kiosk asking while the list's horizon has not moved
since a build for the same events gets the same file (a second kiosk does not cost a
second build), and builds of the same event set wait for one another (in one server
process). A file's name begins with its event set's mark, so a device can only
download the files of its own events. Files older than :data:`KEEP_SECONDS` go.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from kiosk.central.db import Tx, iso, utcnow
from kiosk.central.feed import parse_cursor
from kiosk.central.snapshot import MAX_PAGE, Snapshot
from kiosk.core import snapshot_file, wire
from kiosk.core.snapshot_file import FORMAT
from kiosk.errors import CursorUnknown
from kiosk.private_files import make_private

#: Files older than this are deleted (a download that slow starts again).
KEEP_SECONDS = 3600.0
#: A file built this recently for the same event set is served again although the
#: list's horizon moved since (a busy list): the kiosk reads the log after the file's
#: position anyway, so the changes since are not lost — as long as they are not more
#: than :data:`REUSE_CHANGES` and the list still knows that position (restored from a
#: backup: it does not, and the file goes).
REUSE_SECONDS = 600.0
REUSE_CHANGES = 20_000
_SUFFIX = ".snapshot.db"


@dataclass(frozen=True)
class SnapshotFile:
    """A built file: its name (to download it by), size, position and log length."""

    name: str
    size: int
    cursor: str
    cursor_check: str
    log_changes: int
    rows: int
    path: Path

    def describe(self) -> dict[str, object]:
        return {"name": self.name, "size": self.size, "cursor": self.cursor,
                "cursor_check": self.cursor_check, "log_changes": self.log_changes,
                "rows": self.rows, "format": FORMAT}


def events_mark(event_ids: Collection[str] | None) -> str:
    """The mark of a device's event set, the first part of its files' names."""
    key = "*" if event_ids is None else "\n".join(sorted(event_ids))
    return hashlib.sha256(f"{FORMAT}\n{key}".encode()).hexdigest()[:20]


class SnapshotFiles:
    """Builds and keeps snapshot files in ``directory`` (SQLite central list: beside its
    file; PostgreSQL: one directory in the temporary directory per database, shared by
    the server processes of one machine)."""

    def __init__(self, snapshot: Snapshot, directory: Path) -> None:
        self.snapshot = snapshot
        self.directory = directory
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @classmethod
    def beside(cls, snapshot: Snapshot, url: str, postgres: bool) -> SnapshotFiles:
        if postgres:
            digest = hashlib.sha256(url.encode()).hexdigest()[:16]
            return cls(snapshot, Path(tempfile.gettempdir()) / f"kiosk-snapshots-{digest}")
        return cls(snapshot, Path(f"{url}.snapshots"))

    def prepare(self, event_ids: Collection[str] | None, *,
                min_log_changes: int = 0) -> SnapshotFile | int:
        """The file of ``event_ids``' snapshot (a recent one, or built now); the log's
        length instead when it holds fewer than ``min_log_changes`` changes (the kiosk
        then replays it: no file is built)."""
        mark = events_mark(event_ids)
        with self._guard:
            lock = self._locks.setdefault(mark, threading.Lock())
        with lock:
            self._forget_old()
            horizon = self.snapshot.db.run(self.snapshot.feed.horizon_mark, write=False)
            built = (_described(self._path(mark, *horizon))
                     if self._path(mark, *horizon).is_file()  # nothing changed since
                     else self._recent(mark))
            if built is not None:
                return built if built.log_changes >= min_log_changes else built.log_changes
            first = self.snapshot.page(limit=MAX_PAGE, event_ids=event_ids)
            log_changes = int(first.log_changes or 0)
            if log_changes < min_log_changes:
                return log_changes
            return self._build(mark, first, event_ids, log_changes)

    def _recent(self, mark: str) -> SnapshotFile | None:
        """The newest file of event set ``mark`` built in the last :data:`REUSE_SECONDS`
        whose position the list still knows, with at most :data:`REUSE_CHANGES` changes
        after it; a file whose position the list no longer knows is deleted."""
        now = time.time()
        for path in sorted(self.directory.glob(f"{mark}-*{_SUFFIX}") if
                           self.directory.is_dir() else [],
                           key=_age, reverse=True):
            if now - _age(path) > REUSE_SECONDS:
                break
            try:
                built = _described(path)
            except (OSError, ValueError, KeyError, sqlite3.Error):
                continue  # (deleted meanwhile, or of another format)
            try:
                since = self.snapshot.db.run(partial(self._changes_since, built=built),
                                             write=False)
            except CursorUnknown:
                path.unlink(missing_ok=True)  # the list was restored from a backup
                continue
            if since <= REUSE_CHANGES:
                return built
        return None

    def _changes_since(self, tx: Tx, *, built: SnapshotFile) -> int:
        self.snapshot.feed.check_position(tx, built.cursor, built.cursor_check,
                                          "The snapshot file's position is gone.")
        xid, seq = parse_cursor(built.cursor)
        return int(tx.scalar(
            "SELECT count(*) AS n FROM (SELECT 1 FROM changes WHERE xid > ? OR (xid = ? AND "
            "seq > ?) LIMIT ?) AS s", (xid, xid, seq, REUSE_CHANGES + 1)))

    def _path(self, mark: str, cursor: str, check: str) -> Path:
        digest = hashlib.sha256(f"{cursor} {check}".encode()).hexdigest()[:16]
        return self.directory / f"{mark}-{digest}{_SUFFIX}"

    def path_of(self, name: str, event_ids: Collection[str] | None) -> Path | None:
        """The file ``name`` if it exists and is of ``event_ids``' snapshot (a device
        gets only its own events' files)."""
        if (not name.startswith(events_mark(event_ids) + "-") or "/" in name
                or not name.endswith(_SUFFIX)):
            return None
        path = self.directory / name
        return path if path.is_file() else None

    def _forget_old(self) -> None:
        if not self.directory.is_dir():
            return
        now = time.time()
        for path in self.directory.glob(f"*{_SUFFIX}*"):
            try:
                if now - path.stat().st_mtime > KEEP_SECONDS:
                    path.unlink(missing_ok=True)
            except FileNotFoundError:
                continue

    def _build(self, mark: str, first: wire.SnapshotPage, event_ids: Collection[str] | None,
               log_changes: int) -> SnapshotFile:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self._path(mark, first.cursor, first.cursor_check)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.unlink(missing_ok=True)
        make_private(part)
        conn = sqlite3.connect(str(part), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=OFF")  # a file half built is thrown away
            conn.execute("PRAGMA synchronous=OFF")
            conn.executescript(snapshot_file.SCHEMA)
            meta = snapshot_file.begin_meta(first, "")
            meta["log_changes"] = str(log_changes)
            conn.execute("BEGIN")
            snapshot_file.set_meta(conn, meta)
            conn.execute("COMMIT")
            stamp = iso(utcnow())
            done, page = 0, first
            while True:
                done = snapshot_file.add_page(conn, page, done, stamp)
                if page.next_section is None:
                    break
                page = self.snapshot.page(cursor=first.cursor, check=first.cursor_check,
                                          section=page.next_section, after=page.next_after,
                                          limit=MAX_PAGE, event_ids=event_ids)
            conn.execute("VACUUM")
            # After the VACUUM (it may renumber rows): the indexes refer to rowids.
            snapshot_file.build_search_indexes(conn)
        finally:
            conn.close()
        os.replace(part, path)
        return _described(path)


def _age(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _described(path: Path) -> SnapshotFile:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta = snapshot_file.read_meta(conn)
    finally:
        conn.close()
    return SnapshotFile(path.name, path.stat().st_size, meta["cursor"], meta["cursor_check"],
                        int(meta.get("log_changes") or 0), int(meta.get("total") or 0), path)
