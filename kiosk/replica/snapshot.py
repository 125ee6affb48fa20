"""A snapshot of the central list on its way into a replica: staged beside it, installed
at once.

The sync engine (``kiosk/sync/snapshot.py``) downloads the snapshot page by page into a
staging file beside the replica (``kiosk.db.snapshot``, plain SQLite, no indexes): each
page and the position after it are committed together, so a killed download continues
where it stopped. When the last page is in, :meth:`SnapshotStaging.install` moves
everything into the replica in **one** transaction, together with the feed cursor the
snapshot was read from; then the staging file is deleted. A kill during the install rolls
it back and the next sync installs again.

Attendees are the bulk of a snapshot. Inserting a million rows one by one through the
search triggers (two FTS5 indexes, one with the folded names) costs several times the
plain insert, so the install drops the ``attendees`` triggers inside its transaction,
inserts the rows, builds both search indexes in bulk (FTS5 ``rebuild``, and the folded
names of the new rows) and creates the triggers again from their own stored SQL (the
migrations own it; nothing is written twice). Other connections never see the replica
without its triggers: the whole install is one transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.core import wire
from kiosk.errors import ReplicaError
from kiosk.private_files import make_private
from kiosk.replica.changes import (
    _ATTENDEE_FIELDS,
    REMOTE_CHECKIN_COLUMNS,
    MetaKey,
    _apply_one,
    attendee_row,
    remote_checkin_row,
)
from kiosk.replica.db import Replica, iso, translate_sqlite_error, utcnow
from kiosk.replica.search import RULE_MARK, name_keys

STAGING_SUFFIX = ".snapshot"
_ATTENDEE_COLUMNS = ("id", *_ATTENDEE_FIELDS, "updated_at")

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS items (kind TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attendees ({", ".join(_ATTENDEE_COLUMNS)}, name_keys);
CREATE TABLE IF NOT EXISTS checkins ({", ".join(REMOTE_CHECKIN_COLUMNS)});
"""
#: What a staging file's rows are: its tables' shape and the folding rule its staged
#: name keys were made with. A file of another format (a download begun by another
#: version) is discarded and the download starts again.
FORMAT = f"2 {RULE_MARK}"


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
                conn.executescript(_SCHEMA)
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
            meta = dict(self._db().execute("SELECT key, value FROM meta").fetchall())
            if meta["format"] != FORMAT:
                raise ValueError(f"staged as {meta['format']!r}")
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
        total = sum((page.totals or {}).values())
        # Positioned before ``page``: a download killed before it is staged asks again.
        self._write_meta({"format": FORMAT, "server_url": server_url, "cursor": page.cursor,
                          "cursor_check": page.cursor_check, "total": str(total),
                          "done": "0", "section": page.section, "after": ""})

    def add(self, page: wire.SnapshotPage) -> int:
        """Stage one page together with the position after it; returns rows staged so
        far. ``ValueError``/``KeyError`` on a row that cannot be read (nothing staged)."""
        attendees: list[tuple[Any, ...]] = []
        checkins: list[tuple[Any, ...]] = []
        others: list[tuple[str, str]] = []
        if page.section == "attendee":
            # The bulk of a snapshot: no dict nor Attendee per row, and the folded-name
            # keys made here, while the next page is on its way (not in the install).
            stamp = iso(utcnow())
            attendees = [(*attendee_row(*values, stamp), name_keys(values[2], values[5]))
                         for values in wire.snapshot_attendees(page)]
        for item in page.items if page.section != "attendee" else ():
            value = wire.Change(page.section, "", item).value()
            if isinstance(value, wire.CheckInRecord):
                checkins.append(remote_checkin_row(value))
            elif value is not None:
                others.append((page.section, json.dumps(item, ensure_ascii=False)))
        conn = self._db()
        position = self.position()
        done = (position.done if position else 0) + len(page.rows)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(f"INSERT INTO attendees VALUES "
                             f"({', '.join('?' * (len(_ATTENDEE_COLUMNS) + 1))})", attendees)
            conn.executemany(f"INSERT INTO checkins VALUES "
                             f"({', '.join('?' * len(REMOTE_CHECKIN_COLUMNS))})", checkins)
            conn.executemany("INSERT INTO items (kind, data) VALUES (?, ?)", others)
            _set_meta(conn, {"section": page.next_section or "",
                             "after": page.next_after or "", "done": str(done)})
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise _staging_error(self.path, exc) from exc
        return done

    def _write_meta(self, values: dict[str, str]) -> None:
        conn = self._db()
        try:
            conn.execute("BEGIN IMMEDIATE")
            _set_meta(conn, values)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise _staging_error(self.path, exc) from exc

    # -- installing -------------------------------------------------------------------

    def install(self, replica: Replica) -> int:
        """Move the staged snapshot into ``replica`` with its cursor, in one transaction,
        then delete the staging file. Returns the rows installed."""
        position = self.position()
        if position is None or position.section is not None:
            raise ReplicaError("The snapshot is not completely downloaded yet.")
        self.close()
        conn = replica.conn
        try:
            conn.execute("ATTACH DATABASE ? AS snap", (str(self.path),))
        except sqlite3.Error as exc:
            raise _staging_error(self.path, exc) from exc
        try:
            with replica.atomic():
                _install_small(replica)
                _install_attendees(conn)
                _install_checkins(conn)
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [(MetaKey.CURSOR, position.cursor),
                     (MetaKey.CURSOR_CHECK, position.cursor_check)])
        finally:
            conn.execute("DETACH DATABASE snap")
        self.discard()
        return position.done


def _install_small(replica: Replica) -> None:
    """Events, gates and revocations, through the feed's own apply (they are few)."""
    for kind, data in replica.conn.execute("SELECT kind, data FROM snap.items ORDER BY rowid"):
        value = wire.Change(kind, "", json.loads(data)).value()
        if value is not None:
            _apply_one(replica, value)


def _install_attendees(conn: sqlite3.Connection) -> None:
    columns = ", ".join(_ATTENDEE_COLUMNS)
    # Pages are read at different moments: a code that moved between two attendees while
    # the snapshot was read can be staged twice. Keep it on the later-read row; the move
    # itself comes through the log after the snapshot's cursor and settles it.
    conn.execute("UPDATE snap.attendees SET code = NULL WHERE code IS NOT NULL AND rowid "
                 "NOT IN (SELECT max(rowid) FROM snap.attendees WHERE code IS NOT NULL "
                 "GROUP BY code)")
    # Local rows the snapshot replaces (a ticket admitted on its signature before the
    # first sync, a walk-in back from the journal) and codes it takes: through the
    # triggers, so the search indexes stay right.
    if conn.execute("SELECT EXISTS (SELECT 1 FROM main.attendees)").fetchone()[0]:
        conn.execute("DELETE FROM main.attendees WHERE id IN (SELECT id FROM snap.attendees)")
        conn.execute("UPDATE main.attendees SET code = NULL WHERE code IN "
                     "(SELECT code FROM snap.attendees WHERE code IS NOT NULL)")
    before = conn.execute("SELECT coalesce(max(rowid), 0) FROM attendees").fetchone()[0]
    triggers = conn.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' "
                            "AND tbl_name = 'attendees' ORDER BY name").fetchall()
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER main."{name}"')
    # Staged row r becomes replica row ``before + r``: its folded-name keys follow it.
    conn.execute(f"INSERT INTO main.attendees (rowid, {columns}) SELECT ? + rowid, {columns} "
                 "FROM snap.attendees ORDER BY rowid", (before,))
    # The search indexes in bulk: FTS5 rebuilds the external-content index from the
    # table, and the contentless folded-name index gets the new rows' keys.
    conn.execute("INSERT INTO attendees_fts(attendees_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO attendee_names(rowid, keys) SELECT ? + rowid, name_keys "
                 "FROM snap.attendees ORDER BY rowid", (before,))
    for _name, sql in triggers:
        conn.execute(sql)


def _install_checkins(conn: sqlite3.Connection) -> None:
    """As the feed applies them: this kiosk's own only get the server's view (receive
    time, duplicate mark); other devices' are inserted as ``remote``."""
    conn.execute("UPDATE main.checkins SET received_at = s.received_at, duplicate = s.duplicate"
                 " FROM snap.checkins AS s WHERE main.checkins.id = s.id")
    columns = ", ".join(REMOTE_CHECKIN_COLUMNS)
    conn.execute(f"INSERT OR IGNORE INTO main.checkins ({columns}, origin) "
                 f"SELECT {columns}, 'remote' FROM snap.checkins ORDER BY rowid")


def _set_meta(conn: sqlite3.Connection, values: dict[str, str]) -> None:
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     list(values.items()))


def _staging_error(path: Path, exc: sqlite3.Error) -> ReplicaError:
    error = translate_sqlite_error(exc)
    return type(error)(f"The snapshot download beside the replica ({path.name}) failed: "
                       f"{error}")
