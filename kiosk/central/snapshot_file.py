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
second build), and so does one asking after a few changes (:data:`REUSE_CHANGES`); builds
of the same event set wait for one another (the threads of a server process, and the
processes of one machine: a lock file). A file's name begins with its event set's mark,
so a device can only download the files of its own events. A file is also built before
any kiosk asks (:meth:`SnapshotFiles.refresh_soon`, in a child process at a lower CPU
priority): after an import, and when the file kiosks are served has many changes after
it, so a new kiosk finds one ready. The newest file of each event set is kept; older
ones go after :data:`KEEP_SECONDS`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import queue
import sqlite3
import tempfile
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from kiosk.central.db import Tx, iso, utcnow
from kiosk.central.feed import parse_cursor
from kiosk.central.snapshot import MAX_PAGE, Snapshot
from kiosk.core import snapshot_file, wire
from kiosk.core.models import AttendeeStatus
from kiosk.core.search_fold import name_keys
from kiosk.core.snapshot_file import FORMAT
from kiosk.errors import CursorUnknown
from kiosk.private_files import make_private

fcntl: Any
try:
    import fcntl
except ImportError:  # (not POSIX: the threads of one process still take turns)
    fcntl = None

log = logging.getLogger(__name__)

#: A file no longer the newest of its event set is deleted this long after it was
#: built (a download that slow starts again).
KEEP_SECONDS = 3600.0
#: A file built for the same event set is served again although the list's horizon
#: moved since (a busy list, or a file built after an import): the kiosk reads the log
#: after the file's position anyway, so the changes since are not lost — as long as
#: they are not more than :data:`REUSE_CHANGES` and the list still knows that position
#: (restored from a backup: it does not, and the file goes). Past half of them, the
#: next file is built in the background (:meth:`SnapshotFiles.refresh_soon`).
REUSE_CHANGES = 20_000
#: A log shorter than this gets no file built before a kiosk asks: kiosks replay such
#: a log (the kiosks' own threshold, ``kiosk.sync.snapshot.MIN_LOG_CHANGES``).
PREBUILD_MIN_CHANGES = 10_000
#: How much lower a background build's CPU priority is than the server's (``nice``).
PREBUILD_NICENESS = 10
#: At most this many event sets get a file built in the background at a time.
PREBUILD_SETS = 8
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
        self._refresh_sets: list[frozenset[str] | None] = []
        self._refresh_guess = False
        self._refresher: threading.Thread | None = None

    @classmethod
    def beside(cls, snapshot: Snapshot, url: str, postgres: bool) -> SnapshotFiles:
        if postgres:
            digest = hashlib.sha256(url.encode()).hexdigest()[:16]
            return cls(snapshot, Path(tempfile.gettempdir()) / f"kiosk-snapshots-{digest}")
        return cls(snapshot, Path(f"{url}.snapshots"))

    def prepare(self, event_ids: Collection[str] | None, *, min_log_changes: int = 0,
                reuse_changes: int = REUSE_CHANGES) -> SnapshotFile | int:
        """The file of ``event_ids``' snapshot (one with at most ``reuse_changes``
        changes after it, or built now); the log's length instead when it holds fewer
        than ``min_log_changes`` changes (the kiosk then replays it: no file is
        built)."""
        mark = events_mark(event_ids)
        with self._building(mark):
            self._forget_old()
            horizon = self.snapshot.db.run(self.snapshot.feed.horizon_mark, write=False)
            at_horizon = self._path(mark, *horizon)
            built, since = ((_described(at_horizon), 0) if at_horizon.is_file()
                            else self._recent(mark))  # nothing changed since, or a few
            if built is not None and since <= reuse_changes:
                if since > REUSE_CHANGES // 2:  # the next kiosk gets a newer one
                    self.refresh_soon([event_ids])
                return built if built.log_changes >= min_log_changes else built.log_changes
            first = self.snapshot.page(limit=MAX_PAGE, event_ids=event_ids)
            log_changes = int(first.log_changes or 0)
            if log_changes < min_log_changes:
                return log_changes
            return self._build(mark, first, event_ids, log_changes)

    @contextmanager
    def _building(self, mark: str) -> Iterator[None]:
        """Builds of event set ``mark`` one at a time: the threads of this process,
        then the processes of this machine (a lock file in the directory: the server
        processes of a PostgreSQL list, and a build in the background)."""
        with self._guard:
            lock = self._locks.setdefault(mark, threading.Lock())
        with lock:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            with open(self.directory / f"{mark}.lock", "a+b") as held:
                if fcntl is not None:
                    fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # (released on close)
                yield

    def refresh_soon(self, event_sets: Collection[Collection[str] | None] | None = None,
                     ) -> None:
        """Build the files of ``event_sets`` (None: those new kiosks will ask for,
        :meth:`_event_sets`) in the background, so the next kiosk finds one ready:
        called after an import, and when the file served has many changes after it.
        In a child process (its own interpreter lock: the build's Python does not
        hold up the server's threads answering kiosks) at a lower CPU priority; a
        kiosk asking meanwhile waits for it instead of building the same file. Calls
        while one runs are gathered into the next."""
        with self._guard:
            if event_sets is None:
                self._refresh_guess = True
            for ids in event_sets or ():
                wanted = None if ids is None else frozenset(ids)
                if wanted not in self._refresh_sets:
                    self._refresh_sets.append(wanted)
            if self._refresher is not None:
                return
            self._refresher = threading.Thread(target=self._refresh, daemon=True,
                                               name="snapshot-prebuild")
            self._refresher.start()

    def _refresh(self) -> None:
        while True:
            with self._guard:
                sets, guess = self._refresh_sets, self._refresh_guess
                self._refresh_sets, self._refresh_guess = [], False
                if not sets and not guess:
                    self._refresher = None
                    return
            try:
                if self.snapshot.db.run(_log_is_short, write=False):
                    continue  # (no event set's log is longer than the whole log)
                for ids in self.snapshot.db.run(_event_sets, write=False) if guess else ():
                    if ids not in sets:
                        sets.append(ids)
                _in_child(self.snapshot.db.url, [None if ids is None else sorted(ids)
                                                 for ids in sets[:PREBUILD_SETS]])
            except Exception:  # noqa: BLE001 - kiosks then build it when they ask
                log.exception("building a snapshot file in the background failed")

    def _recent(self, mark: str) -> tuple[SnapshotFile | None, int]:
        """The newest file of event set ``mark`` whose position the list still knows,
        with at most :data:`REUSE_CHANGES` changes after it, and those changes; a file
        whose position the list no longer knows is deleted."""
        for path in sorted(self.directory.glob(f"{mark}-*{_SUFFIX}") if
                           self.directory.is_dir() else [],
                           key=_age, reverse=True):
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
            return (built, since) if since <= REUSE_CHANGES else (None, since)
        return None, 0

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
        """Files older than :data:`KEEP_SECONDS` go, but not the newest of an event
        set (a file built after an import serves the kiosks paired hours later)."""
        if not self.directory.is_dir():
            return
        now = time.time()
        newest: dict[str, Path] = {}
        for path in self.directory.glob(f"*{_SUFFIX}"):
            mark = path.name.split("-", 1)[0]
            if mark not in newest or _age(path) > _age(newest[mark]):
                newest[mark] = path
        for path in self.directory.glob(f"*{_SUFFIX}*"):
            try:
                if now - path.stat().st_mtime > KEEP_SECONDS and path not in newest.values():
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
            snapshot_file.create_search_indexes(conn)
            done = 0
            for rows in self._pages(first, event_ids, iso(utcnow())):
                # Written and indexed here (SQLite's work, without the interpreter lock)
                # while the next page is read and made into rows on the other thread.
                done = snapshot_file.write_page(conn, rows, done, index=True)
            snapshot_file.finish_search_indexes(conn)
        finally:
            conn.close()
        os.replace(part, path)
        return _described(path)


    def _pages(self, first: wire.SnapshotPage, event_ids: Collection[str] | None,
               stamp: str) -> Iterator[snapshot_file.PageRows]:
        """The snapshot's pages from ``first`` on as the file's rows, read and made on a
        thread of their own (one page ahead)."""
        ready: queue.Queue[snapshot_file.PageRows | BaseException | None] = queue.Queue(2)
        stop = threading.Event()

        def hand(item: snapshot_file.PageRows | BaseException | None) -> None:
            while not stop.is_set():
                try:
                    ready.put(item, timeout=0.1)
                    return
                except queue.Full:
                    continue

        def read() -> None:
            page = first
            rows_as = partial(_attendee_rows, stamp=stamp)
            try:
                while not stop.is_set():
                    hand(snapshot_file.PageRows(page.rows, [], [], len(page.rows),
                                                page.next_section, page.next_after)
                         if page.section == "attendee" else snapshot_file.page_rows(page, stamp))
                    if page.next_section is None:
                        break
                    page = self.snapshot.page(
                        cursor=first.cursor, check=first.cursor_check,
                        section=page.next_section, after=page.next_after, limit=MAX_PAGE,
                        event_ids=event_ids,
                        rows_as=rows_as if page.next_section == "attendee" else None)
                hand(None)
            except BaseException as exc:  # noqa: BLE001 - raised by the writing thread
                hand(exc)

        reader = threading.Thread(target=read, name="snapshot-pages", daemon=True)
        reader.start()
        try:
            while (item := ready.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            reader.join()


#: The replica's details text of a stored one (a list's details repeat: a T-shirt size).
_DETAILS: dict[str, str] = {}
_STATUSES: dict[str, str] = {}


def _attendee_rows(rows: list[Any], *, stamp: str) -> list[tuple[Any, ...]]:
    """The file's attendee rows (:data:`kiosk.core.snapshot_file.ATTENDEE_COLUMNS`, then
    the folded-name keys) made straight from the stored rows of the snapshot's
    attendee section: the values a kiosk staging the JSON pages makes of the same rows
    (``attendee_payload_rows``, ``wire.attendee_values``, ``snapshot_file.attendee_row``:
    tests/central/test_central_snapshot_rows.py), without the payload between them."""
    out = []
    for r in rows:
        details = _DETAILS.get(r["details"])
        if details is None:
            if len(_DETAILS) >= 4096:
                _DETAILS.clear()
            details = _DETAILS[r["details"]] = snapshot_file.details_json(
                {str(k): str(v) for k, v in json.loads(r["details"] or "{}").items()})
        status = _STATUSES.get(r["status"])
        if status is None:
            status = _STATUSES[r["status"]] = str(AttendeeStatus(r["status"] or "valid"))
        name, organisation = r["name"] or "", r["organisation"] or ""
        out.append((r["id"], r["event_id"], r["code"], name, r["email"] or "", organisation,
                    r["ticket_type"] or "", status, details, r["source"] or "import", stamp,
                    name_keys(name, organisation)))
    return out


def _event_sets(tx: Tx) -> list[frozenset[str] | None]:
    """The event sets new kiosks are likely to ask for: those of the paired devices
    and of the pairing codes still open, then each event alone and all of them (the
    sets a code made later names: a gate's event, or every event)."""
    now = iso(utcnow())
    sets: list[frozenset[str] | None] = []
    for rows in (
            tx.execute("SELECT d.id AS owner, e.event_id FROM devices d JOIN device_events e "
                       "ON e.device_id = d.id WHERE d.revoked_at IS NULL ORDER BY d.paired_at "
                       "DESC, d.id, e.event_id"),
            tx.execute("SELECT p.code AS owner, e.event_id FROM pairing_codes p JOIN "
                       "pairing_code_events e ON e.code = p.code WHERE p.used_at IS NULL AND "
                       "p.expires_at > ? ORDER BY p.created_at DESC, p.code, e.event_id",
                       (now,)),
            tx.execute("SELECT id AS owner, id AS event_id FROM events ORDER BY id"),
            tx.execute("SELECT '' AS owner, id AS event_id FROM events ORDER BY id")):
        owners: dict[str, set[str]] = {}
        for row in rows:
            owners.setdefault(row["owner"], set()).add(row["event_id"])
        for ids in map(frozenset, owners.values()):
            if ids not in sets:
                sets.append(ids)
    return sets


def _log_is_short(tx: Tx) -> bool:
    """Does the whole log hold fewer than :data:`PREBUILD_MIN_CHANGES` changes?"""
    return int(tx.scalar("SELECT count(*) AS n FROM (SELECT 1 FROM changes LIMIT ?) AS s",
                         (PREBUILD_MIN_CHANGES,))) < PREBUILD_MIN_CHANGES


def _in_child(url: str, event_sets: list[list[str] | None]) -> None:
    """Build the files of ``event_sets`` in a child process (its own interpreter lock,
    a lower CPU priority) and wait for it."""
    context = multiprocessing.get_context("spawn")  # never fork a threaded server
    child = context.Process(target=_prebuild, args=(url, event_sets), daemon=True,
                            name="kiosk-snapshot-prebuild")
    child.start()
    child.join()


def _prebuild(url: str, event_sets: list[list[str] | None]) -> None:
    """The child's work: each set's file, unless the log is short (kiosks replay it)."""
    from kiosk.central.store import CentralStore

    try:
        os.nice(PREBUILD_NICENESS)
    except (AttributeError, OSError):  # not POSIX, or not allowed: as it is
        pass
    with CentralStore.open(url, pool_size=1, create=False) as store:
        for ids in event_sets:
            store.snapshot_files.prepare(ids, min_log_changes=PREBUILD_MIN_CHANGES,
                                         reuse_changes=REUSE_CHANGES // 2)


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
