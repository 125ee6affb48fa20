"""The replica: one SQLite file per kiosk holding events, gates, attendees, check-ins,
the outbox of what is not yet uploaded, revocations and sync cursors.

Durability: WAL journal with ``synchronous=FULL``, so a transaction that returned from
COMMIT is on disk (fsync'd WAL) and survives a killed process *and* a power cut. Every
write goes through :meth:`Replica.atomic`; the connection is in autocommit mode otherwise,
and it belongs to the thread that opened it (open one ``Replica`` per thread).
"""

from __future__ import annotations

import functools
import json
import logging
import re
import sqlite3
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kiosk.core.config import DEVICE_NAME
from kiosk.core.models import (
    ATTENDEE_FIELDS,
    Attendee,
    AttendeeStatus,
    CheckIn,
    Direction,
    Event,
    Gate,
)
from kiosk.core.search_fold import fold as fold_name
from kiosk.core.search_fold import names_query
from kiosk.core.stamps import REPLICA_APPLICATION_ID as REPLICA_APPLICATION_ID
from kiosk.errors import (
    ConstraintViolated,
    DiskFull,
    NotAReplica,
    ReplicaDamaged,
    ReplicaError,
    ReplicaIOError,
    ReplicaLocked,
    ReplicaReadOnly,
)
from kiosk.private_files import make_private
from kiosk.replica import clock as device_clock
from kiosk.replica.journal import CheckInJournal
from kiosk.replica.migrations import MIGRATIONS
from kiosk.replica.search import register as register_search_function

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(ts: datetime) -> str:
    return ts.astimezone(UTC).isoformat(timespec="milliseconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


#: SQLite's primary result codes (``sqlite_errorcode & 0xFF``; the extended codes, e.g.
#: SQLITE_IOERR_FSYNC, share their primary code's low byte) -> our class and its words.
_BUSY = "The local database is busy (another program holds it). Try again."
_BY_SQLITE_CODE: dict[int, tuple[type[ReplicaError], str]] = {
    sqlite3.SQLITE_FULL: (DiskFull, "The disk is full: nothing was saved. Free some space."),
    sqlite3.SQLITE_BUSY: (ReplicaLocked, _BUSY),
    sqlite3.SQLITE_LOCKED: (ReplicaLocked, _BUSY),
    sqlite3.SQLITE_CORRUPT: (ReplicaDamaged, "The local database file is damaged."),
    sqlite3.SQLITE_NOTADB: (ReplicaDamaged, "The local database file is damaged (not a "
                            "database)."),
    sqlite3.SQLITE_IOERR: (ReplicaIOError, "The disk failed to read or write the database."),
    sqlite3.SQLITE_READONLY: (ReplicaReadOnly, "The local database is read-only."),
    sqlite3.SQLITE_PERM: (ReplicaReadOnly, "The local database may not be written."),
    sqlite3.SQLITE_CANTOPEN: (ReplicaReadOnly, "The local database cannot be opened."),
    sqlite3.SQLITE_CONSTRAINT: (ConstraintViolated, "A change broke a rule of the local "
                                "database and was not saved."),
}


def translate_sqlite_error(exc: sqlite3.Error) -> ReplicaError:
    """Map sqlite3's errors onto our tree by SQLite result code (Python 3.11's
    ``sqlite_errorcode``, not the message text), with words a person can act on and
    SQLite's own name and message appended for whoever reads the log."""
    code = getattr(exc, "sqlite_errorcode", None)
    name = getattr(exc, "sqlite_errorname", None)
    known = _BY_SQLITE_CODE.get(code & 0xFF) if isinstance(code, int) else None
    if known is None:
        return ReplicaError(f"Local database error: {exc}" + (f" ({name})." if name else "."))
    cls, words = known
    return cls(f"{words} ({name}: {exc})")


def _classified(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` with its sqlite3 errors classified (:func:`translate_sqlite_error`)."""

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc) from exc

    return call


class _ClassifiedCursor(sqlite3.Cursor):
    """A cursor whose every sqlite3 error arrives classified: reads outside
    :meth:`Replica.atomic` too, whether they fail when the statement runs or while its
    rows are stepped through."""

    execute = _classified(sqlite3.Cursor.execute)
    executemany = _classified(sqlite3.Cursor.executemany)
    executescript = _classified(sqlite3.Cursor.executescript)
    fetchone = _classified(sqlite3.Cursor.fetchone)
    fetchmany = _classified(sqlite3.Cursor.fetchmany)
    fetchall = _classified(sqlite3.Cursor.fetchall)
    __next__ = _classified(sqlite3.Cursor.__next__)


class _ClassifiedConnection(sqlite3.Connection):
    """The replica's connection: statements run on :class:`_ClassifiedCursor`s, so a
    damaged, locked or vanished file is a :class:`ReplicaError` subclass wherever it is
    read, not a raw ``sqlite3`` error (``Connection.execute`` would make a plain cursor)."""

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or _ClassifiedCursor)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        return self.cursor().executemany(sql, parameters)

    def executescript(self, sql_script: str, /) -> Any:
        return self.cursor().executescript(sql_script)


#: An attendee's stored fields in the order ``Attendee.from_values`` takes them.
_ATTENDEE_SELECT = f"SELECT {', '.join(ATTENDEE_FIELDS)} FROM attendees"

#: Connections of this process waiting to begin a write, by replica file: a long
#: writer (a snapshot's install) lets them in between its transactions.
_WAITING: Counter[str] = Counter()
_WAITING_LOCK = threading.Lock()
#: One turn to write per replica file in this process (see Replica.atomic).
_TURNS: dict[str, threading.Lock] = {}
#: How long a writer waits for its turn: the replica's busy timeout.
_TURN_SECONDS = 10.0


def _turn(file: str) -> threading.Lock:
    with _WAITING_LOCK:
        return _TURNS.setdefault(file, threading.Lock())


@dataclass(frozen=True)
class UpsertCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


class Replica:
    """A connection to one replica file. Not thread-safe: one ``Replica`` per thread."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ReplicaError(f"No replica at {self.path}.")
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            make_private(self.path)  # attendees' data and the device token: 0600
            # isolation_level=None: we issue BEGIN/COMMIT ourselves in atomic().
            self.conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=10,
                                        factory=_ClassifiedConnection)
            self.conn.row_factory = sqlite3.Row
            self._file = str(self.path.resolve())
            # Before any write: the search index's triggers call it.
            register_search_function(self.conn)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
            self.conn.execute("PRAGMA busy_timeout=10000")
            self.conn.execute("PRAGMA foreign_keys=ON")
            #: Outbox entries to append to the check-in journal once the outermost
            #: transaction has committed (kiosk/replica/journal.py).
            self.journal = CheckInJournal(self.path)
            self.journal_error: str | None = None
            self._journal_pending: list[tuple[str, str, dict[str, Any]]] = []
            self._check_identity()
            self._migrate()
        except sqlite3.Error as exc:
            error = translate_sqlite_error(exc)
            raise type(error)(f"Cannot open the replica {self.path}: {error}") from exc
        except ReplicaError as exc:
            if not isinstance(exc.__cause__, sqlite3.Error):
                raise  # ours (not a replica, say), already in words
            raise type(exc)(f"Cannot open the replica {self.path}: {exc}") from exc.__cause__

    # -- plumbing ---------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Replica:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def refetchable(self) -> Iterator[None]:
        """Commits inside skip the fsync (WAL with ``synchronous=NORMAL``): still atomic
        and never corrupt after a killed process or a power cut, but the latest commits
        may roll back on a power cut. Only for writes that can be fetched again — a feed
        page together with its cursor (a lost page is simply downloaded again), the sync's
        bookkeeping — never for what a kiosk records itself (check-ins, the outbox).
        A receiving kiosk thus costs the disk no fsync per live change (bench/live.py)."""
        if self.conn.in_transaction:  # (inside a FULL transaction: it stays FULL)
            yield
            return
        self.conn.execute("PRAGMA synchronous=NORMAL")
        try:
            yield
        finally:
            self.conn.execute("PRAGMA synchronous=FULL")

    @contextmanager
    def atomic(self, *, immediate: bool = True) -> Iterator[sqlite3.Connection]:
        """One unit of work: BEGIN IMMEDIATE ... COMMIT, or a savepoint when nested.

        Nesting is SQLite's own state (``in_transaction``), not a counter of ours: inside
        a transaction each level is a savepoint (SQLite resolves a repeated savepoint name
        to the innermost), so an inner failure rolls back only the inner work. On any
        error everything inside is rolled back and sqlite3 errors are translated.

        ``immediate`` False: a plain BEGIN, for a unit whose *first statement writes*
        the replica (then SQLite takes the write lock, waiting as for IMMEDIATE) while
        it only reads an attached file (BEGIN IMMEDIATE would take that file's write
        lock too: a snapshot's staging file, which the download writes meanwhile).
        """
        outermost = not self.conn.in_transaction
        rollback: tuple[str, ...]
        if outermost:
            begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"
            commit, rollback = "COMMIT", ("ROLLBACK",)
        else:
            begin, commit = "SAVEPOINT nested", "RELEASE nested"
            rollback = ("ROLLBACK TO nested", "RELEASE nested")
        if not outermost:
            with self._unit(begin, commit, rollback) as conn:
                yield conn
            return
        # The process's writers of one file take turns here before SQLite's lock: a
        # waiting one is woken the moment the holder's unit ends (SQLite's own busy
        # wait sleeps up to 100 ms between tries), and a long writer (a snapshot's
        # install) sees it waiting (writers_waiting) and lets it go first.
        turn = _turn(self._file)
        with _WAITING_LOCK:
            _WAITING[self._file] += 1
        try:
            if not turn.acquire(timeout=_TURN_SECONDS):
                raise ReplicaLocked(_BUSY)
        finally:
            with _WAITING_LOCK:
                _WAITING[self._file] -= 1
        try:
            with self._unit(begin, commit, rollback) as conn:
                yield conn
        finally:
            turn.release()
        if self._journal_pending:
            self._flush_journal()

    @contextmanager
    def _unit(self, begin: str, commit: str,
              rollback: tuple[str, ...]) -> Iterator[sqlite3.Connection]:
        # (statements on self.conn raise classified errors: see _ClassifiedCursor)
        self.conn.execute(begin)
        journal_mark = len(self._journal_pending)
        try:
            yield self.conn
        except BaseException as exc:
            del self._journal_pending[journal_mark:]
            try:
                for statement in rollback:
                    self.conn.execute(statement)
            except ReplicaError:
                pass
            if isinstance(exc, sqlite3.Error):  # e.g. from a function SQLite called back
                raise translate_sqlite_error(exc) from exc
            raise
        try:
            self.conn.execute(commit)
        except ReplicaError:
            del self._journal_pending[journal_mark:]
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except ReplicaError:
                    pass
            raise

    def writers_waiting(self) -> int:
        """How many other connections of this process wait to begin a write here."""
        return _WAITING[self._file]

    def _flush_journal(self) -> None:
        """Append what the transaction just committed to the outbox to the journal
        (before the caller returns, so before a verdict is shown). The replica already
        holds it durably: a journal that cannot be written is reported
        (``journal_error``), not a reason to refuse the check-in."""
        pending, self._journal_pending = self._journal_pending, []
        try:
            self.journal.append_many(pending)
            self.journal_error = None
        except OSError as exc:
            self.journal_error = f"The check-in journal cannot be written: {exc.strerror or exc}"
            log.error("%s (%d entries only in the replica)", self.journal_error, len(pending))

    def _check_identity(self) -> None:
        """Refuse SQLite files that are not replicas (a central list's database, say),
        instead of failing later with "no such table"."""
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id == REPLICA_APPLICATION_ID:
            return
        tables = {r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id == 0 and (not tables or {"outbox", "checkins", "_migrations"} <= tables):
            # A new file, or a replica made before files were stamped.
            self.conn.execute(f"PRAGMA application_id = {REPLICA_APPLICATION_ID}")
            return
        raise NotAReplica(
            f"{self.path} is not a kiosk replica"
            + (" (it looks like a central list database)" if "devices" in tables else "")
            + ". Give the replica file (for example the one made by `kiosk pair`)."
        )

    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
        )
        done = {r[0] for r in self.conn.execute("SELECT name FROM _migrations")}
        for name, fn in MIGRATIONS:
            if name in done:
                continue
            with self.atomic() as conn:
                fn(conn)
                conn.execute(
                    "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                    (name, iso(utcnow())),
                )

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM _migrations ORDER BY rowid")]

    # -- meta (device identity, tokens, cursors, settings) ----------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str | None) -> None:
        with self.atomic() as conn:
            if value is None:
                conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    @property
    def device_id(self) -> str:
        """This replica's stable identity; made on first use."""
        value = self.get_meta("device_id")
        if value is None:
            value = "local-" + uuid.uuid4().hex[:12]
            self.set_meta("device_id", value)
        return value

    @property
    def device_name(self) -> str:
        return self.get_meta(DEVICE_NAME.meta_key) or self.device_id

    # -- events and gates -------------------------------------------------------------

    def upsert_event(self, event: Event) -> None:
        with self.atomic() as conn:
            conn.execute(
                "INSERT INTO events (id, name, timezone, days, public_key, private_key, "
                "updated_at, languages) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO "
                "UPDATE SET name=excluded.name, timezone=excluded.timezone, "
                "days=excluded.days, public_key=excluded.public_key, "
                "private_key=coalesce(excluded.private_key, events.private_key), "
                "updated_at=excluded.updated_at, languages=excluded.languages",
                (
                    event.id,
                    event.name,
                    event.timezone,
                    json.dumps([d.isoformat() for d in event.days]),
                    event.public_key,
                    event.private_key,
                    iso(utcnow()),
                    json.dumps(list(event.languages)),
                ),
            )

    def get_event(self, event_id: str) -> Event | None:
        row = self.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,)).fetchone()
        return _event(row) if row else None

    def events(self) -> list[Event]:
        return [_event(r) for r in self.conn.execute("SELECT * FROM events ORDER BY id")]

    def default_event(self) -> Event | None:
        """The event this kiosk serves: the one named in meta, else the only/first one."""
        chosen = self.get_meta("event_id")
        if chosen:
            event = self.get_event(chosen)
            if event:
                return event
        events = self.events()
        return events[0] if events else None

    def upsert_gate(self, gate: Gate, *, deleted: bool = False) -> None:
        with self.atomic() as conn:
            conn.execute(
                "INSERT INTO gates (id, event_id, name, ticket_types, days, allow_reentry, "
                "admits_unpaid, deleted, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET event_id=excluded.event_id, "
                "name=excluded.name, ticket_types=excluded.ticket_types, days=excluded.days, "
                "allow_reentry=excluded.allow_reentry, admits_unpaid=excluded.admits_unpaid, "
                "deleted=excluded.deleted, updated_at=excluded.updated_at",
                (
                    gate.id,
                    gate.event_id,
                    gate.name,
                    json.dumps(list(gate.ticket_types)),
                    json.dumps([d.isoformat() for d in gate.days]),
                    int(gate.allow_reentry),
                    int(gate.admits_unpaid),
                    int(deleted),
                    iso(utcnow()),
                ),
            )

    def get_gate(self, gate_id: str, *, removed: bool = False) -> Gate | None:
        """The gate ``gate_id`` (``removed``: only if it is kept as withdrawn — moved to
        another event or deleted on the central list — else only a live one)."""
        row = self.conn.execute(
            "SELECT * FROM gates WHERE id = ? AND deleted = ?", (gate_id, int(removed))
        ).fetchone()
        return _gate(row) if row else None

    def gates(self, event_id: str | None = None) -> list[Gate]:
        sql = "SELECT * FROM gates WHERE deleted = 0"
        args: tuple[Any, ...] = ()
        if event_id:
            sql += " AND event_id = ?"
            args = (event_id,)
        return [_gate(r) for r in self.conn.execute(sql + " ORDER BY name", args)]

    # -- attendees --------------------------------------------------------------------

    def attendee_by_code(self, code: str, *, event_id: str | None = None) -> Attendee | None:
        """The attendee holding ``code``. A code is unique within its event, so with
        ``event_id`` (the gate's) that event's holder comes first; another event's holder
        is still found (the rules then say "another event")."""
        # Two index lookups rather than one with an ORDER BY (a temporary B-tree on every
        # scan: bench/replica.py): this event's holder, else anyone's.
        # Plain rows (no sqlite3.Row, no dict): this is every scan's lookup.
        cursor = self.conn.cursor()
        cursor.row_factory = None
        row = cursor.execute(_ATTENDEE_SELECT + " WHERE code = ? AND event_id = ?",
                             (code, event_id)).fetchone() if event_id is not None else None
        if row is None:
            row = cursor.execute(_ATTENDEE_SELECT + " WHERE code = ? LIMIT 1",
                                 (code,)).fetchone()
        return Attendee.from_values(row) if row else None

    def attendee_by_code_nocase(self, code: str, *,
                                event_id: str | None = None) -> Attendee | None:
        """Case-blind lookup (caps-lock scanners); None when it is not exactly one person
        (of ``event_id`` when that event has any, else of the whole replica)."""
        rows = [dict(r) for r in self.conn.execute(
            "SELECT * FROM attendees WHERE code = ? COLLATE NOCASE LIMIT 50", (code,))]
        mine = [r for r in rows if r["event_id"] == event_id]
        rows = mine or rows
        return Attendee.from_row(rows[0]) if len(rows) == 1 else None

    def get_attendee(self, attendee_id: str) -> Attendee | None:
        cursor = self.conn.cursor()
        cursor.row_factory = None
        row = cursor.execute(_ATTENDEE_SELECT + " WHERE id = ?", (attendee_id,)).fetchone()
        return Attendee.from_values(row) if row else None

    def attendee_count(self, event_id: str | None = None) -> int:
        if event_id:
            q = "SELECT count(*) FROM attendees WHERE event_id = ?"
            return int(self.conn.execute(q, (event_id,)).fetchone()[0])
        return int(self.conn.execute("SELECT count(*) FROM attendees").fetchone()[0])

    def upsert_attendees(
        self, attendees: Iterable[Attendee], *, import_keys: dict[str, str] | None = None
    ) -> UpsertCounts:
        """Insert or update attendees by id, in one transaction; counts what changed.

        An attendee identical to the stored one is left alone (re-importing the same
        file changes nothing, not even ``updated_at``).
        """
        added = updated = unchanged = 0
        now = iso(utcnow())
        with self.atomic() as conn:
            for a in attendees:
                row = conn.execute("SELECT * FROM attendees WHERE id = ?", (a.id,)).fetchone()
                values = _attendee_values(a)
                key = (import_keys or {}).get(a.id)
                if row is None:
                    conn.execute(
                        "INSERT INTO attendees (id, event_id, code, name, email, organisation,"
                        " ticket_type, status, details, source, import_key, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (a.id, *values, a.source, key, now),
                    )
                    added += 1
                    continue
                current = (
                    row["event_id"], row["code"], row["name"], row["email"],
                    row["organisation"], row["ticket_type"], row["status"], row["details"],
                )
                if current == values:
                    unchanged += 1
                    continue
                conn.execute(
                    "UPDATE attendees SET event_id=?, code=?, name=?, email=?, organisation=?,"
                    " ticket_type=?, status=?, details=?, source=?, "
                    "import_key=coalesce(?, import_key), updated_at=? WHERE id=?",
                    (*values, a.source, key, now, a.id),
                )
                updated += 1
        return UpsertCounts(added, updated, unchanged)

    def delete_attendee(self, attendee_id: str) -> None:
        with self.atomic() as conn:
            conn.execute("DELETE FROM attendees WHERE id = ?", (attendee_id,))

    def set_attendee_code(self, attendee_id: str, code: str) -> None:
        with self.atomic() as conn:
            conn.execute(
                "UPDATE attendees SET code = ?, updated_at = ? WHERE id = ?",
                (code, iso(utcnow()), attendee_id),
            )

    def attendees(
        self, *, event_id: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Attendee]:
        sql = "SELECT * FROM attendees"
        args: list[Any] = []
        if event_id:
            sql += " WHERE event_id = ?"
            args.append(event_id)
        sql += " ORDER BY name COLLATE NOCASE, id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [Attendee.from_row(dict(r)) for r in self.conn.execute(sql, args)]

    def search(self, text: str, *, limit: int = 50) -> list[Attendee]:
        """As-you-type search over name, e-mail, organisation and code.

        Each word is a prefix; case, accents and letters without a plain decomposition
        are folded ("soren" finds Søren, "mueller" Müller, "vanderberg" van der Berg:
        kiosk/replica/search.py). An exact code match comes first.
        """
        query = fts_query(text)
        if not query:
            return []
        results: list[Attendee] = []
        exact = self.attendee_by_code(text.strip())
        if exact:
            results.append(exact)
        # No ORDER BY rank: bm25 must score *every* match (1 s for "s" at 1M attendees).
        # FTS5 yields matches in rowid order and stops at the LIMIT, so take a bounded
        # candidate set and rank it here: name-prefix matches first, then by name.
        # Two indexes: the folded names (and organisations), then the raw columns
        # (e-mail, code, and what folding leaves alone).
        # Candidates are (rowid, name) only; full rows are read for the ones shown.
        bound = max(limit * 4, 200)
        rows: list[sqlite3.Row] = []
        folded = names_query(text)
        if folded:
            rows = self.conn.execute(
                "SELECT a.rowid, a.name FROM attendee_names n JOIN attendees a "
                "ON a.rowid = n.rowid WHERE attendee_names MATCH ? LIMIT ?",
                (folded, bound)).fetchall()
        if len(rows) < bound:
            rows += self.conn.execute(
                "SELECT a.rowid, a.name FROM attendees_fts f JOIN attendees a "
                "ON a.rowid = f.rowid WHERE attendees_fts MATCH ? LIMIT ?",
                (query, bound - len(rows))).fetchall()
        words = [w.replace(" ", "") for w in map(fold_name, text.split()) if w]
        first = words[0] if words else ""

        def rank(row: sqlite3.Row) -> tuple[int, str]:
            name = fold_name(row[1])
            name_words = name.split()
            starts = all(any(nw.startswith(w) for nw in name_words) for w in words)
            return (0 if first and name.startswith(first) else 1 if starts else 2, name)

        chosen: list[int] = []
        seen_rowids = {self._rowid(a.id) for a in results}
        for r in sorted(rows, key=rank):
            if r[0] not in seen_rowids:
                seen_rowids.add(r[0])
                chosen.append(r[0])
                if len(results) + len(chosen) >= limit:
                    break
        if chosen:
            full = {r["rowid"]: r for r in self.conn.execute(
                "SELECT rowid, * FROM attendees WHERE rowid IN "
                f"({','.join('?' * len(chosen))})", chosen)}
            results += [Attendee.from_row({k: full[i][k] for k in full[i].keys()
                                           if k != "rowid"}) for i in chosen if i in full]
        return results[:limit]

    def _rowid(self, attendee_id: str) -> int | None:
        row = self.conn.execute("SELECT rowid FROM attendees WHERE id = ?",
                                (attendee_id,)).fetchone()
        return int(row[0]) if row else None

    # -- check-ins and the outbox -----------------------------------------------------

    def record_checkin(self, checkin: CheckIn, *, upload: bool = True) -> None:
        """Store a check-in and (for local ones) its outbox entry in one transaction."""
        with self.atomic() as conn:
            conn.execute(
                "INSERT INTO checkins (id, attendee_id, gate_id, direction, scanned_at, day, "
                "verdict, device_id, device_name, code, undoes, origin, device_time, "
                "override_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    checkin.id,
                    checkin.attendee_id,
                    checkin.gate_id,
                    str(checkin.direction),
                    iso(checkin.scanned_at),
                    checkin.day.isoformat(),
                    checkin.verdict,
                    checkin.device_id,
                    checkin.device_name,
                    checkin.code,
                    checkin.undoes,
                    checkin.origin,
                    # The kiosk's own clock, beside scanned_at (the corrected time).
                    iso(device_clock.device_now()),
                    checkin.override_reason,
                ),
            )
            if upload:
                self.enqueue(conn, "checkin", checkin.id)

    def enqueue(self, conn: sqlite3.Connection, kind: str, ref_id: str) -> None:
        """Add an outbox entry inside the caller's transaction (idempotent per kind+id);
        the row it names goes to the check-in journal when the transaction commits."""
        conn.execute(
            "INSERT INTO outbox (kind, ref_id, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT(kind, ref_id) DO UPDATE SET uploaded_at = NULL",
            (kind, ref_id, iso(utcnow())),
        )
        table = {"checkin": "checkins", "attendee": "attendees"}.get(kind)
        if table:
            row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (ref_id,)).fetchone()
            if row is not None:
                self._journal_pending.append((kind, ref_id, dict(row)))

    def checkin_history(self, attendee_id: str, gate_id: str, day: date) -> list[CheckIn]:
        """This attendee's passages at this gate on this day, undone ones removed, oldest first."""
        rows = self.conn.execute(
            "SELECT * FROM checkins c WHERE attendee_id = ? AND gate_id = ? AND day = ? "
            "AND direction != 'undo' AND NOT EXISTS "
            "(SELECT 1 FROM checkins u WHERE u.undoes = c.id) "
            "ORDER BY scanned_at, rowid",
            (attendee_id, gate_id, day.isoformat()),
        )
        return [_checkin(r) for r in rows]

    def get_checkin(self, checkin_id: str) -> CheckIn | None:
        row = self.conn.execute("SELECT * FROM checkins WHERE id = ?", (checkin_id,)).fetchone()
        return _checkin(row) if row else None

    def is_undone(self, checkin_id: str) -> bool:
        q = "SELECT 1 FROM checkins WHERE undoes = ?"
        return self.conn.execute(q, (checkin_id,)).fetchone() is not None

    def checkins(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Check-ins as dicts, newest last, with ``uploaded`` from the outbox."""
        sql = (
            "SELECT c.*, CASE WHEN c.origin = 'remote' THEN 1 "
            "WHEN o.uploaded_at IS NOT NULL THEN 1 ELSE 0 END AS uploaded, "
            "CASE WHEN o.rejected_at IS NOT NULL THEN o.last_error END AS rejected "
            "FROM checkins c LEFT JOIN outbox o ON o.kind = 'checkin' AND o.ref_id = c.id "
            "ORDER BY c.scanned_at, c.rowid"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        out = []
        for r in self.conn.execute(sql):
            d = dict(r)
            d["uploaded"] = bool(d["uploaded"])
            d["duplicate"] = bool(d["duplicate"])
            d["gate"] = d["gate_id"]
            out.append(d)
        return out

    def pending_upload_count(self) -> int:
        """Outbox entries waiting to go up (one row kept by triggers: migration 0012)."""
        q = "SELECT pending FROM outbox_figures"
        return int(self.conn.execute(q).fetchone()[0])

    def rejected_upload_count(self) -> int:
        """Outbox entries the central list refused (kept, with the reason, not retried)."""
        q = "SELECT refused FROM outbox_figures"
        return int(self.conn.execute(q).fetchone()[0])

    def checked_in_count(self, day: date | None = None) -> int:
        """Distinct attendees with a standing (not undone) entry, on ``day`` if given.

        A day's figure is one row kept by triggers (migration 0011): constant cost, so
        the status bar can ask after every scan however long the day gets."""
        if day is not None:
            row = self.conn.execute("SELECT people FROM checkin_day_people WHERE day = ?",
                                    (day.isoformat(),)).fetchone()
            return int(row[0]) if row else 0
        sql = (
            "SELECT count(DISTINCT attendee_id) FROM checkins c WHERE direction = 'entry' "
            "AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id)"
        )
        return int(self.conn.execute(sql).fetchone()[0])

    def counts_by_gate(self, day: date) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT gate_id, count(DISTINCT attendee_id) FROM checkins c "
            "WHERE direction = 'entry' AND day = ? AND NOT EXISTS "
            "(SELECT 1 FROM checkins u WHERE u.undoes = c.id) GROUP BY gate_id",
            (day.isoformat(),),
        )
        return {r[0]: int(r[1]) for r in rows}

    # -- revocations and the scan log -------------------------------------------------

    def is_revoked(self, code: str, event_id: str | None = None) -> bool:
        """Is ``code`` revoked (in ``event_id``: a revocation is its event's)?"""
        q = "SELECT 1 FROM revocations WHERE code = ? AND (? IS NULL OR event_id = ?)"
        return self.conn.execute(q, (code, event_id, event_id)).fetchone() is not None

    def add_revocation(self, code: str, event_id: str, reason: str = "") -> None:
        with self.atomic() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO revocations (code, event_id, reason, revoked_at) "
                "VALUES (?, ?, ?, ?)",
                (code, event_id, reason, iso(utcnow())),
            )

    def log_scan(
        self,
        conn: sqlite3.Connection,
        *,
        text: str,
        verdict: str,
        gate_id: str | None,
        attendee_id: str | None,
        at: datetime,
    ) -> None:
        conn.execute(
            "INSERT INTO scan_log (scanned_at, gate_id, text, verdict, attendee_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (iso(at), gate_id, text[:512], verdict, attendee_id),
        )


# -- row mapping ---------------------------------------------------------------------

_FTS_WORD = re.compile(r"[\w]+", re.UNICODE)


def fts_query(text: str) -> str:
    """Turn typed text into a safe FTS5 query: every word a quoted prefix, all required."""
    words = _FTS_WORD.findall(text)
    return " ".join(f'"{w}"*' for w in words)


def _dates(text: str | None) -> tuple[date, ...]:
    return tuple(date.fromisoformat(d) for d in json.loads(text or "[]"))


def _event(row: sqlite3.Row) -> Event:
    return Event(
        id=row["id"],
        name=row["name"],
        timezone=row["timezone"],
        days=_dates(row["days"]),
        public_key=row["public_key"],
        private_key=row["private_key"],
        languages=tuple(json.loads(row["languages"] or "[]")),
    )


def _gate(row: sqlite3.Row) -> Gate:
    return Gate(
        id=row["id"],
        event_id=row["event_id"],
        name=row["name"],
        ticket_types=tuple(json.loads(row["ticket_types"] or "[]")),
        days=_dates(row["days"]),
        allow_reentry=bool(row["allow_reentry"]),
        admits_unpaid=bool(row["admits_unpaid"]),
    )


def _checkin(row: sqlite3.Row) -> CheckIn:
    return CheckIn(
        id=row["id"],
        attendee_id=row["attendee_id"],
        gate_id=row["gate_id"],
        direction=Direction(row["direction"]),
        scanned_at=parse_iso(row["scanned_at"]),
        day=date.fromisoformat(row["day"]),
        verdict=row["verdict"],
        device_id=row["device_id"],
        device_name=row["device_name"],
        code=row["code"],
        undoes=row["undoes"],
        origin=row["origin"],
        override_reason=row["override_reason"],
    )


def _attendee_values(a: Attendee) -> tuple[Any, ...]:
    return (
        a.event_id,
        a.code,
        a.name,
        a.email,
        a.organisation,
        a.ticket_type,
        str(a.status if isinstance(a.status, AttendeeStatus) else AttendeeStatus(a.status)),
        json.dumps(a.details, sort_keys=True, ensure_ascii=False),
    )
