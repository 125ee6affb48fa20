"""A snapshot of the central list on its way into a replica: staged beside it, installed
in batches, the feed cursor last.

The sync engine (``kiosk/sync/snapshot.py``) downloads the snapshot page by page into a
staging file beside the replica (``kiosk.db.snapshot``, plain SQLite, no indexes): each
page and the position after it are committed together, so a killed download continues
where it stopped. Attendee rows are staged with their folded-name keys (made while the
next page downloads). Everything moves into the replica in short transactions — events,
gates and revocations; the attendees :data:`INSTALL_ROWS` at a time, each batch with the
position it reached (:func:`install_while_staging`, on a thread of its own while later
pages still download); when the last page is in, :meth:`SnapshotStaging.install` the
rest and the check-ins with the feed cursor the snapshot was read from — so the kiosk's
scans get in between, and a killed install continues after its last batch. Then the
staging file is deleted. While an install is under way the search indexes merge their
segments eight at a time, not four (:data:`SEARCH_INDEXES`).

Attendees are the bulk of a snapshot. Inserted one statement a row through the search
triggers (two FTS5 indexes, one with the folded names), FTS5 writes its pending index
out after every statement: many times the plain insert. So each batch drops the
``attendees`` triggers inside its transaction, inserts the rows, writes both search
indexes in one statement each (the raw columns, and the staged folded-name keys) and
creates the triggers again from their own stored SQL (the migrations own it; nothing is
written twice). Other connections never see the replica without its triggers: each
batch is one transaction.

A fresh replica (no attendees) installing a file the central list built with both
search indexes in it (:data:`kiosk.core.snapshot_file.SEARCH_SCHEMA`, defined exactly as
the replica's) tokenises nothing: the rows go in at their own rowids, the file's last
one first (so a row another writer adds meanwhile lands above them), then from the
bottom up, the triggers meanwhile indexing only rows above the file's last one
(:func:`_guard_triggers`); after the last
batch the file's index tables replace the replica's in one transaction, with what
another writer changed meanwhile indexed again (:meth:`_Attached.take_search_indexes`),
and the triggers are as before. An install of that kind left for another snapshot is
repaired first (:func:`_repair_abandoned`).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.core import snapshot_file, wire
from kiosk.core.snapshot_file import ATTENDEE_COLUMNS as _ATTENDEE_COLUMNS
from kiosk.core.snapshot_file import FORMAT, REMOTE_CHECKIN_COLUMNS
from kiosk.errors import ReplicaError
from kiosk.private_files import make_private
from kiosk.replica.changes import MetaKey, _apply_one
from kiosk.replica.db import Replica, iso, translate_sqlite_error, utcnow
from kiosk.replica.search import SQL_FUNCTION

STAGING_SUFFIX = ".snapshot"
#: The staging file is a snapshot file (kiosk/core/snapshot_file.py): staged from JSON
#: pages here, or downloaded whole as the central list built it.
__all__ = ["FORMAT"]


@dataclass(frozen=True)
class StagedPosition:
    """Where a staged download stands: the feed position it is read from, where the next
    page starts (``section`` None: every page is in), rows staged and expected."""

    server_url: str
    cursor: str
    cursor_check: str
    section: str | None
    after: str | None
    done: int
    total: int


class SnapshotStaging:
    """The staging file of the replica at ``replica_path`` (one thread, like a replica)."""

    def __init__(self, replica_path: str | Path) -> None:
        path = Path(replica_path)
        self.path = path.with_name(path.name + STAGING_SUFFIX)
        self._conn: sqlite3.Connection | None = None

    # -- the file ---------------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                make_private(self.path)  # attendees' data: 0600, like the replica
                conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=10)
                conn.execute("PRAGMA journal_mode=WAL")
                # A power cut may lose the last page, never mix a page with another
                # position: each page and its position are one transaction.
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.executescript(snapshot_file.SCHEMA)
            except sqlite3.Error as exc:
                raise _staging_error(self.path, exc) from exc
            self._conn = conn
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def discard(self) -> None:
        """Forget the staged download (its file and WAL)."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass

    # -- staging ----------------------------------------------------------------------

    def position(self) -> StagedPosition | None:
        """The staged download's position; None when there is none (or it is unreadable:
        then it is discarded, and the download starts again)."""
        if not self.exists():
            return None
        try:
            meta = snapshot_file.read_meta(self._db())
            return StagedPosition(
                meta["server_url"], meta["cursor"], meta["cursor_check"],
                meta.get("section") or None, meta.get("after") or None,
                int(meta.get("done") or 0), int(meta.get("total") or 0))
        except (KeyError, ValueError, ReplicaError, sqlite3.Error):
            self.discard()
            return None

    def begin(self, server_url: str, page: wire.SnapshotPage) -> None:
        """Start staging the snapshot whose first page is ``page`` (any earlier staging
        is discarded first)."""
        self.discard()
        # Positioned before ``page``: a download killed before it is staged asks again.
        self._write_meta(snapshot_file.begin_meta(page, server_url))

    def add(self, page: wire.SnapshotPage) -> int:
        """Stage one page together with the position after it; returns rows staged so
        far. ``ValueError``/``KeyError`` on a row that cannot be read (nothing staged)."""
        # The folded-name keys are made here, while the next page is on its way.
        conn = self._db()
        position = self.position()
        try:
            return snapshot_file.add_page(conn, page, position.done if position else 0,
                                          iso(utcnow()))
        except sqlite3.Error as exc:
            raise _staging_error(self.path, exc) from exc

    def _write_meta(self, values: dict[str, str]) -> None:
        conn = self._db()
        try:
            conn.execute("BEGIN IMMEDIATE")
            snapshot_file.set_meta(conn, values)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise _staging_error(self.path, exc) from exc

    # -- installing -------------------------------------------------------------------

    def install(self, replica: Replica) -> int:
        """Move the staged snapshot into ``replica``, then delete the staging file.
        Returns the rows installed.

        Attendees go in :data:`INSTALL_ROWS` at a time, each batch its own transaction
        with the position it reached (``meta`` :data:`INSTALL_MARK`), so the kiosk's
        scans get in between (:class:`_WriterTurns`) and a killed install continues
        after its last batch (batches may already be in while the download went on:
        :func:`install_while_staging`); the feed cursor comes last, with the
        check-ins."""
        position = self.position()
        if position is None or position.section is not None:
            raise ReplicaError("The snapshot is not completely downloaded yet.")
        self.close()
        with _Attached(replica, self.path) as install:
            install.batches(position.cursor, complete=True)
            install.sweep(position.cursor)
            install.take_search_indexes(position.cursor)
            install.finish(position)
        self.discard()
        return position.done


def install_while_staging(replica_path: str | Path, cursor: str,
                          done: threading.Event) -> int:
    """Install the staged attendees in whole batches as their pages are staged, on a
    connection of its own (run it on its own thread while the download goes on; the
    FTS5 work runs in SQLite, without the interpreter lock), until ``done`` is set;
    then the last whole batches staged. :meth:`SnapshotStaging.install` does the rest
    (the last part batch, the check-ins, the cursor) once every page is in. Returns
    the staged rows installed so far."""
    staging = Path(replica_path).with_name(Path(replica_path).name + STAGING_SUFFIX)
    with Replica(replica_path) as replica, _Attached(replica, staging) as install:
        while True:
            finished = done.is_set()  # (read before the rows: none staged after it)
            installed = install.batches(cursor, complete=False)
            if finished:
                return installed
            done.wait(0.05)


#: Staged attendees moved into the replica per transaction: at most this long, a scan
#: at the kiosk waits for the install (tens of milliseconds a thousand rows).
INSTALL_ROWS = 5_000
#: The same while the download goes on: a scan then also competes with the staging's
#: Python (the interpreter lock), so it waits for shorter batches.
INSTALL_ROWS_WHILE_STAGING = 2_000
#: ``meta`` key of an install under way: the snapshot's cursor and the last staged row
#: installed (a killed install continues after it).
INSTALL_MARK = "snapshot_installed"
#: The replica's FTS5 indexes: while an install is under way they merge their segments
#: eight at a time (``automerge`` 8) instead of FTS5's four (:data:`AUTOMERGE`, set
#: again by the install's last transaction): a third less index work at a million rows
#: (each entry is rewritten fewer times), and no batch much longer than the others.
#: (``automerge`` 0 saves as much but leaves it to FTS5's ``crisismerge``, which merges a
#: whole level inside one batch: 2 s of CPU at a million rows, a scan waiting for it.)
SEARCH_INDEXES = snapshot_file.SEARCH_INDEXES
INSTALL_AUTOMERGE = 8
AUTOMERGE = 4


class _Attached:
    """The staging file attached to a replica's connection, for the install's steps."""

    def __init__(self, replica: Replica, staging: Path) -> None:
        self.replica = replica
        self.conn = replica.conn
        self.staging = staging

    def __enter__(self) -> _Attached:
        try:
            self.conn.execute("ATTACH DATABASE ? AS snap", (str(self.staging),))
        except sqlite3.Error as exc:
            raise _staging_error(self.staging, exc) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.execute("DETACH DATABASE snap")

    def batches(self, cursor: str, *, complete: bool) -> int:
        """Install the staged attendees not yet in (``complete`` False: whole batches
        only, more pages are coming); the small sections first. Returns the staged
        rows installed so far."""
        replica, conn = self.replica, self.conn
        mark = _install_mark(replica, cursor)
        last = conn.execute("SELECT coalesce(max(rowid), 0) FROM snap.attendees"
                            ).fetchone()[0]
        pause = _WriterTurns(replica)
        # (Units that read the staging file, which the download may be writing: a plain
        # BEGIN, each opened by a write to the replica, see Replica.atomic.)
        if mark is None:
            with replica.atomic(immediate=False):
                # A replica that holds data (re-paired, or healing a list restored from
                # a backup) keeps what the snapshot has unchanged, and loses what it no
                # longer has: the rows there now, up to this one, are looked at last.
                before = conn.execute("SELECT coalesce(max(rowid), 0) FROM main.attendees"
                                      ).fetchone()[0]
                # A fresh replica and a file with the search indexes built: the rows go
                # in at their own rowids and the indexes are taken as they are.
                _repair_abandoned(conn, cursor)
                top = last if complete and not before and _prebuilt(conn, last) else 0
                if top:
                    _guard_triggers(conn, top)
                    _track_touched(conn, top)
                else:
                    _merging(conn, INSTALL_AUTOMERGE)
                _install_small(replica)
                if top:  # the file's last row first: rows written meanwhile go above it
                    _install_at_rowids(conn, top - 1, top, top)
                _set_install_mark(replica, cursor, 0, before, top)
            mark = (0, before, top, True)
        installed, before, top, upward = mark
        # A batch lost to a power cut is installed again (its mark goes with it): no
        # need to wait for the disk at each of them, only at the cursor's.
        with replica.refetchable():
            step = INSTALL_ROWS if complete else INSTALL_ROWS_WHILE_STAGING
            while installed < last and (complete or installed + step <= last):
                upto = installed + step
                with replica.atomic(immediate=False):
                    if top and upward:
                        # From the bottom up, below the file's last row (in since the
                        # first transaction): each batch appends to the table's and its
                        # indexes' trees (45 % less CPU at a million than from the top down).
                        _install_at_rowids(conn, installed, min(upto, top - 1), top)
                        upto = upto if upto < top - 1 else top
                    elif top:  # (an install begun by an older version: from the top)
                        _install_at_rowids(conn, max(0, top - upto), top - installed, top)
                    else:
                        _install_attendees(conn, installed, upto)  # (its first statement writes)
                    _set_install_mark(replica, cursor, upto, before, top)
                installed = upto
                pause.let_writers_in()
        return installed

    def take_search_indexes(self, cursor: str) -> None:
        """After the last batch of an install at the rows' own rowids: the file's search
        indexes replace the replica's. Their tables are copied into a second pair of
        indexes (``attendees_fts_next``, ``attendee_names_next``, never read until
        they are whole) :data:`COPY_ROWS` index rows a transaction, scans getting in
        between; then one short transaction puts them in the place of the replica's
        (which hold only what other writers added meanwhile), indexes again the rows
        another writer changed, removed or added during the install, and gives the
        triggers back as the migrations made them. On a connection of its own: FTS5
        keeps what it read of an index per connection (it reads it again once another
        one committed). Done again, from the start, after a kill before its last
        transaction, which also marks it done."""
        mark = _install_mark(self.replica, cursor)
        if mark is None or not mark[2]:
            return
        top = mark[2]
        with Replica(self.replica.path) as other:
            other.conn.execute("ATTACH DATABASE ? AS snap", (str(self.staging),))
            try:
                conn = other.conn
                with other.atomic():
                    for index in SEARCH_INDEXES:
                        _drop_next(conn, index)
                        sql = conn.execute("SELECT sql FROM main.sqlite_master WHERE name = ?",
                                           (index,)).fetchone()[0]
                        conn.execute(re.sub(rf'^(CREATE VIRTUAL TABLE\s+)"?{index}"?',
                                            rf"\g<1>{index}{_NEXT}", sql, count=1))
                        for table in snapshot_file.search_tables(conn, "main", index + _NEXT):
                            conn.execute(f'DELETE FROM main."{table}"')
                pause = _WriterTurns(other)
                # (Copies lost to a power cut are made again: this step starts from its
                # beginning until its last transaction, which waits for the disk.)
                with other.refetchable():
                    for index in SEARCH_INDEXES:
                        for table in snapshot_file.search_tables(conn, "snap", index):
                            _copy_rows(other, table, index + _NEXT + table[len(index):],
                                       pause)
                with other.atomic():
                    triggers = conn.execute(
                        "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' "
                        "AND tbl_name = 'attendees'").fetchall()
                    for name, _sql in triggers:
                        conn.execute(f'DROP TRIGGER main."{name}"')
                    for index in SEARCH_INDEXES:
                        conn.execute(f"DROP TABLE main.{index}")
                        conn.execute(f"ALTER TABLE main.{index}{_NEXT} RENAME TO {index}")
                    _index_what_changed(conn, top)
                    conn.execute(f"DROP TABLE main.{_TOUCHED}")
                    for name, sql in triggers:
                        if not name.startswith(_TOUCHED):
                            conn.execute(_GUARD.sub(" BEGIN", sql, count=1))
                    # Done: from here on an install like any other (a kill before the
                    # cursor continues with the check-ins, not with this again).
                    _set_install_mark(other, cursor, mark[0], mark[1], 0)
            finally:
                other.conn.execute("DETACH DATABASE snap")

    def sweep(self, cursor: str) -> None:
        """After the last batch: the attendees the replica held before the install that
        the snapshot does not have (deleted on the central list meanwhile: a snapshot
        carries no tombstones) go, :data:`INSTALL_ROWS` rows looked at a transaction —
        but not a walk-in recorded here (its outbox entry) nor a ticket admitted on its
        signature: the log would not have removed those either."""
        mark = _install_mark(self.replica, cursor)
        if mark is None or not mark[1]:
            return  # a new replica: nothing to look at
        conn, before = self.conn, mark[1]
        conn.execute("CREATE INDEX IF NOT EXISTS snap.attendees_id ON attendees(id)")
        pause = _WriterTurns(self.replica)
        with self.replica.refetchable():
            for start in range(0, before, INSTALL_ROWS):
                with self.replica.atomic():
                    conn.execute(
                        "DELETE FROM main.attendees WHERE rowid IN (SELECT m.rowid FROM "
                        "main.attendees AS m WHERE m.rowid > ? AND m.rowid <= ? AND "
                        "m.source != 'signed' AND NOT EXISTS (SELECT 1 FROM snap.attendees "
                        "AS s WHERE s.id = m.id) AND NOT EXISTS (SELECT 1 FROM main.outbox "
                        "AS o WHERE o.kind = 'attendee' AND o.ref_id = m.id))",
                        (start, min(before, start + INSTALL_ROWS)))
                pause.let_writers_in()

    def finish(self, position: StagedPosition) -> None:
        """The check-ins and the feed cursor, in one transaction (with a full fsync):
        from now on the replica reads the log after the snapshot."""
        with self.replica.atomic():
            # The small sections again, now that every page is staged: the first batch
            # installed those read by then (events, gates, revocations come before the
            # attendees), but the badge prints come after them. Applying is idempotent.
            _install_small(self.replica)
            _install_checkins(self.conn)
            _merging(self.conn, AUTOMERGE)
            self.conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [(MetaKey.CURSOR, position.cursor),
                 (MetaKey.CURSOR_CHECK, position.cursor_check)])
            self.conn.execute("DELETE FROM meta WHERE key = ?", (INSTALL_MARK,))


def _merging(conn: sqlite3.Connection, automerge: int) -> None:
    for index in SEARCH_INDEXES:
        conn.execute(f"INSERT INTO {index}({index}, rank) VALUES ('automerge', ?)",
                     (automerge,))


def _install_mark(replica: Replica, cursor: str) -> tuple[int, int, int, bool] | None:
    """The staged rows installed, the last replica row from before the install, the
    file's last row when the rows go in at their own rowids (0: not), and whether
    those go from the bottom up (the last row first; an older version's install: from
    the top down)."""
    mark = (replica.get_meta(INSTALL_MARK) or "").split(" ")
    if len(mark) < 2 or mark[0] != cursor:
        return None  # none, or left by another snapshot: that one's rows are replaced
    return (int(mark[1]), int(mark[2]) if len(mark) > 2 else 0,
            int(mark[3]) if len(mark) > 3 else 0, mark[4:] == [_UPWARD])


#: The install mark's last word for an install at the rows' own rowids from the bottom.
_UPWARD = "up"


def _set_install_mark(replica: Replica, cursor: str, installed: int, before: int,
                      top: int) -> None:
    replica.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) "
                         "DO UPDATE SET value = excluded.value",
                         (INSTALL_MARK, f"{cursor} {installed} {before} {top} {_UPWARD}"))


#: What :func:`_guard_triggers` adds to the search triggers: they index only rows
#: above the file's last one while its rows go in unindexed at their own rowids.
_GUARD = re.compile(r"\s*WHEN (?:new|old)\.rowid > \d+ BEGIN\b")


def _guard_triggers(conn: sqlite3.Connection, top: int) -> None:
    """During an install at the rows' own rowids (``top``: the file's last row), the
    ``attendees`` triggers index only rows above ``top`` — another writer's (a walk-in),
    or a change to one: the rows at or below it are in no index of the replica until
    the file's are taken, and an FTS5 delete of a row an index does not hold damages
    it. ``top`` 0: the triggers as the migrations made them (their stored SQL with the
    guard taken out again). Each change is one transaction with the install's mark."""
    for name, sql in conn.execute("SELECT name, sql FROM main.sqlite_master WHERE type = "
                                  "'trigger' AND tbl_name = 'attendees'").fetchall():
        if name.startswith(_TOUCHED):
            continue
        plain = _GUARD.sub(" BEGIN", sql, count=1)
        if top:
            row = "new" if " INSERT ON " in plain.upper() else "old"
            plain = re.sub(r"\s+BEGIN\b", f" WHEN {row}.rowid > {top} BEGIN", plain, count=1)
        if plain != sql:
            conn.execute(f'DROP TRIGGER main."{name}"')
            conn.execute(plain)


#: The second pair of search indexes the file's are copied into (then renamed).
_NEXT = "_next"
#: Index rows copied a transaction: of the tables of small rows (a row's size, a page
#: number), and of the index's pages (``_data``: up to 4 KiB each, 4 MiB a transaction).
COPY_ROWS = 20_000
COPY_PAGES = 1_000
#: During an install at the rows' own rowids: the rows at or below the file's last one
#: another writer changed or removed (a table and two triggers of the install's own,
#: made by its first transaction and dropped by its last).
_TOUCHED = "snapshot_install_touched"


def _track_touched(conn: sqlite3.Connection, top: int) -> None:
    conn.execute(f"CREATE TABLE main.{_TOUCHED} (id INTEGER PRIMARY KEY)")
    for event in ("UPDATE", "DELETE"):
        conn.execute(f"CREATE TRIGGER main.{_TOUCHED}_{event.lower()} AFTER {event} ON "
                     f"attendees WHEN old.rowid <= {top} BEGIN INSERT OR IGNORE INTO "
                     f"{_TOUCHED} (id) VALUES (old.rowid); END")


def _drop_next(conn: sqlite3.Connection, index: str) -> None:
    if conn.execute("SELECT 1 FROM main.sqlite_master WHERE name = ?",
                    (index + _NEXT,)).fetchone():
        conn.execute(f"DROP TABLE main.{index}{_NEXT}")


def _copy_rows(replica: Replica, source: str, target: str, pause: _WriterTurns) -> None:
    """The rows of the file's index table ``source`` into the replica's ``target``,
    :data:`COPY_ROWS` a transaction (by ``id`` where the table has one)."""
    conn = replica.conn
    keyed = conn.execute(f"SELECT 1 FROM pragma_table_info('{source}', 'snap') "
                         "WHERE name = 'id' AND pk = 1").fetchone() is not None
    if not keyed:  # (the small ones: a row per index page, the settings)
        with replica.atomic():
            conn.execute(f'INSERT INTO main."{target}" SELECT * FROM snap."{source}"')
        return
    last, step = -(1 << 63), COPY_PAGES if source.endswith("_data") else COPY_ROWS
    while True:
        with replica.atomic():
            copied = conn.execute(f'INSERT INTO main."{target}" SELECT * FROM snap."{source}" '
                                  "WHERE id > ? ORDER BY id LIMIT ?", (last, step)).rowcount
            last = conn.execute(f'SELECT max(id) FROM main."{target}"').fetchone()[0]
        pause.let_writers_in()
        if copied < step:
            return


def _index_what_changed(conn: sqlite3.Connection, top: int) -> None:
    """Right after the file's indexes were put in place (they hold the file's rows as
    the file has them): rows at or below ``top`` another writer changed or removed
    during the install (:data:`_TOUCHED`) are indexed again as they are now, and rows
    above it (written meanwhile) are indexed."""
    changed = (f"FROM main.{_TOUCHED} AS t JOIN snap.attendees AS s ON s.rowid = t.id "
               "LEFT JOIN main.attendees AS m ON m.rowid = s.rowid "
               "WHERE (m.rowid IS NULL OR m.id IS NOT s.id OR {})")
    fts = changed.format(" OR ".join(f"m.{c} IS NOT s.{c}"
                                     for c in ("name", "email", "organisation", "code")))
    conn.execute("INSERT INTO attendees_fts(attendees_fts, rowid, name, email, organisation, "
                 f"code) SELECT 'delete', s.rowid, s.name, s.email, s.organisation, "
                 f"coalesce(s.code, '') {fts}")
    conn.execute("INSERT INTO attendees_fts(rowid, name, email, organisation, code) "
                 f"SELECT m.rowid, m.name, m.email, m.organisation, coalesce(m.code, '') {fts} "
                 "AND m.rowid IS NOT NULL")
    names = changed.format("m.name IS NOT s.name OR m.organisation IS NOT s.organisation")
    conn.execute("INSERT INTO attendee_names(attendee_names, rowid, keys) "
                 f"SELECT 'delete', s.rowid, s.name_keys {names}")
    conn.execute("INSERT INTO attendee_names(rowid, keys) SELECT m.rowid, "
                 f"{SQL_FUNCTION}(m.name, m.organisation) {names} AND m.rowid IS NOT NULL")
    conn.execute("INSERT INTO attendees_fts(rowid, name, email, organisation, code) SELECT "
                 "rowid, name, email, organisation, coalesce(code, '') FROM main.attendees "
                 "WHERE rowid > ?", (top,))
    conn.execute(f"INSERT INTO attendee_names(rowid, keys) SELECT rowid, {SQL_FUNCTION}(name, "
                 "organisation) FROM main.attendees WHERE rowid > ?", (top,))


def _repair_abandoned(conn: sqlite3.Connection, cursor: str) -> None:
    """An install at the rows' own rowids left unfinished for another snapshot (the list
    was restored, the kiosk re-paired): its rows are in no search index yet. The
    triggers as the migrations made them, the install's own tables gone, and both
    indexes built again from the rows, before this install treats them as rows the
    replica holds."""
    mark = (conn.execute("SELECT value FROM main.meta WHERE key = ?", (INSTALL_MARK,)
                         ).fetchone() or ("",))[0].split(" ")
    if len(mark) < 4 or mark[0] == cursor or not int(mark[3]):
        return
    _guard_triggers(conn, 0)
    for event in ("update", "delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS main.{_TOUCHED}_{event}")
    conn.execute(f"DROP TABLE IF EXISTS main.{_TOUCHED}")
    for index in SEARCH_INDEXES:
        _drop_next(conn, index)
    conn.execute("INSERT INTO attendees_fts(attendees_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO attendee_names(attendee_names) VALUES ('delete-all')")
    conn.execute(f"INSERT INTO attendee_names(rowid, keys) SELECT rowid, {SQL_FUNCTION}(name, "
                 "organisation) FROM main.attendees")


def _prebuilt(conn: sqlite3.Connection, last: int) -> bool:
    """Does the attached file hold the search indexes of all its ``last`` rows, defined
    exactly as the replica's?"""
    try:
        row = conn.execute("SELECT value FROM snap.meta WHERE key = ?",
                           (snapshot_file.SEARCH_MARK,)).fetchone()
    except sqlite3.Error:
        return False
    return (row is not None and row[0] == str(last) and last > 0
            and snapshot_file.same_search_indexes(conn, "snap", "main"))


class _WriterTurns:
    """Between two batches of an install: a scan of this process waiting for the
    replica goes first (``Replica.writers_waiting``); and every 2 s of install
    work, a pause longer than SQLite's longest wait between tries (100 ms), so a
    writer of another process (``kiosk checkin``) gets in too."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica
        self.since = time.monotonic()

    def let_writers_in(self) -> None:
        deadline = time.monotonic() + 2.0
        while self.replica.writers_waiting() and time.monotonic() < deadline:
            time.sleep(0.002)
        if time.monotonic() - self.since >= 2.0:
            time.sleep(0.12)
            self.since = time.monotonic()


def _install_small(replica: Replica) -> None:
    """Events, gates and revocations, through the feed's own apply (they are few). The
    snapshot is the whole state: a revocation or gate a replica holds from before and
    the snapshot has not (lifted, deleted or moved away meanwhile) goes."""
    conn = replica.conn
    conn.execute("DELETE FROM revocations")
    gates: list[str] = []
    for kind, data in conn.execute("SELECT kind, data FROM snap.items ORDER BY rowid"
                                   ).fetchall():
        value = wire.Change(kind, "", json.loads(data)).value()
        if isinstance(value, wire.GateState):
            gates.append(value.gate.id)
        if value is not None:
            _apply_one(replica, value)
    conn.execute(f"UPDATE gates SET deleted = 1 WHERE deleted = 0 AND id NOT IN "
                 f"({', '.join('?' * len(gates))})", gates)


def _install_attendees(conn: sqlite3.Connection, after: int, upto: int) -> None:
    """The staged attendees ``after`` < rowid <= ``upto`` into the replica."""
    batch = "FROM snap.attendees WHERE rowid > ?1 AND rowid <= ?2"
    # Rows the batch replaces (a ticket admitted on its signature, a walk-in back from
    # the journal, the rows of an install begun from another snapshot) and codes it
    # takes in their event: through the triggers, so the search indexes stay right.
    # Pages are read at different moments: a code that moved between two attendees
    # while the snapshot was read can be staged twice. It stays on the later-read row
    # (a later batch takes it from an earlier one here; within a batch, see below);
    # the move itself comes through the log after the snapshot's cursor and settles it.
    # A row the replica holds exactly as staged stays as it is (a re-snapshot of a
    # replica that holds data rewrites only what changed).
    changed = " OR ".join(f"m.{c} IS NOT s.{c}" for c in _ATTENDEE_COLUMNS[1:-1])
    conn.execute(f"DELETE FROM main.attendees WHERE rowid IN (SELECT m.rowid FROM "
                 f"snap.attendees AS s JOIN main.attendees AS m ON m.id = s.id WHERE "
                 f"s.rowid > ?1 AND s.rowid <= ?2 AND ({changed}))", (after, upto))
    conn.execute("UPDATE main.attendees SET code = NULL WHERE rowid IN (SELECT m.rowid FROM "
                 "snap.attendees AS s JOIN main.attendees AS m ON m.event_id = s.event_id "
                 "AND m.code = s.code WHERE s.rowid > ?1 AND s.rowid <= ?2 AND "
                 "s.code IS NOT NULL AND m.id != s.id)", (after, upto))
    # Staged row r becomes replica row ``r + offset``, after every row already there
    # (another writer may have added one since the last batch).
    offset = conn.execute("SELECT coalesce(max(rowid), 0) FROM main.attendees"
                          ).fetchone()[0] - after
    triggers = conn.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' "
                            "AND tbl_name = 'attendees' ORDER BY name").fetchall()
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER main."{name}"')
    # Within the batch, the code of every row but the last-read of its event and code.
    twice = (f"SELECT event_id, code {batch} AND code IS NOT NULL GROUP BY event_id, code "
             "HAVING count(*) > 1")
    losers = (f"SELECT rowid {batch} AND (event_id, code) IN ({twice}) AND rowid NOT IN "
              f"(SELECT max(rowid) {batch} AND (event_id, code) IN ({twice}) "
              "GROUP BY event_id, code)")
    columns = ", ".join(_ATTENDEE_COLUMNS)
    values = ", ".join(f"CASE WHEN rowid IN ({losers}) THEN NULL ELSE code END"
                       if c == "code" else c for c in _ATTENDEE_COLUMNS)
    conn.execute(f"INSERT INTO main.attendees (rowid, {columns}) "
                 f"SELECT rowid + ?3, {values} {batch} AND id NOT IN "
                 f"(SELECT id FROM main.attendees) ORDER BY rowid", (after, upto, offset))
    # The search indexes in bulk, one statement each (through the triggers, one row
    # at a time, FTS5 writes its pending index out after every row): the raw columns,
    # and the folded-name keys staged with the rows.
    conn.execute("INSERT INTO attendees_fts(rowid, name, email, organisation, code) "
                 "SELECT rowid, name, email, organisation, coalesce(code, '') "
                 "FROM main.attendees WHERE rowid > ?", (after + offset,))
    conn.execute("INSERT INTO attendee_names(rowid, keys) SELECT m.rowid, s.name_keys "
                 "FROM main.attendees AS m JOIN snap.attendees AS s ON s.rowid = m.rowid - ?2 "
                 "WHERE m.rowid > ?1 ORDER BY m.rowid", (after + offset, offset))
    for _name, sql in triggers:
        conn.execute(sql)


def _install_at_rowids(conn: sqlite3.Connection, after: int, upto: int, top: int) -> None:
    """The staged attendees ``after`` < rowid <= ``upto`` into a replica that was empty,
    at their own rowids (the file's search indexes refer to them), without indexing
    them (:meth:`_Attached.take_search_indexes` does that for all at the end). The
    replica's rows above ``top`` were written meanwhile by another writer: one of the
    same id is replaced, one holding a code the batch brings loses it (in its event),
    through the triggers. The file holds each code once per event (the central list
    kept it on the row read last)."""
    batch = "FROM snap.attendees WHERE rowid > ?1 AND rowid <= ?2"
    conn.execute(f"DELETE FROM main.attendees WHERE rowid > ?3 AND id IN (SELECT id {batch})",
                 (after, upto, top))
    conn.execute(f"UPDATE main.attendees SET code = NULL WHERE rowid > ?3 AND code IS NOT NULL "
                 f"AND (event_id, code) IN (SELECT event_id, code {batch} AND code IS NOT NULL)",
                 (after, upto, top))
    columns = ", ".join(_ATTENDEE_COLUMNS)  # (the guarded triggers index none of them)
    conn.execute(f"INSERT INTO main.attendees (rowid, {columns}) SELECT rowid, {columns} "
                 f"{batch} ORDER BY rowid", (after, upto))


def _install_checkins(conn: sqlite3.Connection) -> None:
    """As the feed applies them: this kiosk's own only get the server's view (receive
    time, duplicate mark); other devices' are inserted as ``remote``."""
    conn.execute("UPDATE main.checkins SET received_at = s.received_at, duplicate = s.duplicate"
                 " FROM snap.checkins AS s WHERE main.checkins.id = s.id")
    columns = ", ".join(REMOTE_CHECKIN_COLUMNS)
    conn.execute(f"INSERT OR IGNORE INTO main.checkins ({columns}, origin) "
                 f"SELECT {columns}, 'remote' FROM snap.checkins ORDER BY rowid")


def _staging_error(path: Path, exc: sqlite3.Error) -> ReplicaError:
    error = translate_sqlite_error(exc)
    return type(error)(f"The snapshot download beside the replica ({path.name}) failed: "
                       f"{error}")
