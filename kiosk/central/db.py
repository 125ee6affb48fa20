"""The central list's database connection: one SQLite file, or PostgreSQL.

One small layer so the rest of ``kiosk.central`` writes its SQL once:

- placeholders are written ``?`` and turned into ``%s`` for psycopg;
- :meth:`CentralDB.transaction` is a unit of work (``BEGIN IMMEDIATE`` on SQLite, so
  writers are serialised; a pooled connection inside ``conn.transaction()`` on
  PostgreSQL) and retries the whole unit on deadlock or serialisation failure;
- rows come back as plain dicts;
- library errors become :class:`CentralUnavailable` (the server answers 503).

SQLite connections are per thread (FastAPI runs sync endpoints in a thread pool).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from kiosk.central.writers import WriterSignal
from kiosk.core.stamps import CENTRAL_APPLICATION_ID as CENTRAL_APPLICATION_ID
from kiosk.core.stamps import REPLICA_APPLICATION_ID
from kiosk.errors import CentralError, CentralUnavailable
from kiosk.private_files import make_private

T = TypeVar("T")

#: How long a SQLite connection waits for another writer's lock (milliseconds).
_BUSY_TIMEOUT_MS = 30000
#: Largest bigint: the change-feed horizon on SQLite, where every committed row is final.
MAX_BIGINT = 9223372036854775807


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(ts: datetime) -> str:
    """How the central list writes a time: UTC, ISO 8601, milliseconds."""
    return ts.astimezone(UTC).isoformat(timespec="milliseconds")


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def no_central_list(url: str) -> str:
    """The message for a central list that does not exist (yet)."""
    return (f"No central list at {url}. Create one with `kiosk central create-event` "
            "or `kiosk central import`.")


def check_url(url: str) -> None:
    """Refuse anything that is neither a file path nor a postgresql:// URL (a mistyped
    ``mysql://host/db`` would otherwise become a folder ``mysql:`` with a SQLite file)."""
    if is_postgres_url(url):
        return
    if not url.strip():
        raise CentralError("--db is empty: give a SQLite file or a postgresql:// URL.")
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", url)
    if scheme:
        raise CentralError(
            f"Unsupported database URL {url!r}: the central list is a SQLite file path "
            f"or a postgresql:// URL, not {scheme.group(1)}://.")


def check_sqlite_file(path: Path, *, create: bool) -> None:
    """Make sure ``path`` is a central list (or, with ``create``, may become one).

    Reads the header and the table names over a plain connection that changes nothing,
    so a kiosk replica or some other program's database is refused before it is touched."""
    if not path.exists():
        if create:
            return
        raise CentralError(no_central_list(str(path)))
    if path.is_dir():
        raise CentralError(f"{path} is a folder, not a central list file.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if _sqlite_code(exc) in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
            raise CentralError(f"{path} is not a central list (not an SQLite database).") \
                from None
        raise CentralUnavailable(f"Cannot open the central list {path}: {exc}") from exc
    if app_id == CENTRAL_APPLICATION_ID:
        return
    if app_id == REPLICA_APPLICATION_ID or (app_id == 0 and "outbox" in tables):
        raise CentralError(f"{path} is a kiosk replica, not a central list. Give the central "
                           "list's file (for example central.db) or postgresql:// URL.")
    if app_id == 0 and {"_migrations", "changes", "devices"} <= tables:
        return  # a central list made before files were stamped (stamped when migrated)
    if app_id == 0 and not tables:
        if create:
            return  # an empty file becomes a central list
        raise CentralError(no_central_list(str(path)))
    raise CentralError(f"{path} is not a central list (it is another program's SQLite "
                       "database).")


def describe_url(url: str) -> str:
    """The URL without a password, fit for logs."""
    if not is_postgres_url(url):
        return url
    import re

    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


class Tx:
    """One open unit of work. ``execute`` returns all rows as dicts."""

    def __init__(self, conn: Any, postgres: bool) -> None:
        self.conn = conn
        self.postgres = postgres
        #: Called once the unit of work has committed (not on rollback, not on a retry
        #: that is thrown away): the live feed wakes its waiting requests here.
        self.after_commit: list[Callable[[], None]] = []

    def committed(self) -> None:
        for hook in self.after_commit:
            hook()

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        rows = self.records(sql, params)
        if self.postgres:
            return rows  # type: ignore[return-value]  # psycopg's rows are dicts already
        return [dict(r) for r in rows]

    def records(self, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        """:meth:`execute` without a dict made per row: read-only rows by column name
        (``sqlite3.Row``; on PostgreSQL the dicts psycopg makes anyway). For hot reads of
        many rows — a 2,000-change feed page spent ~2 ms making dicts."""
        cur = self.conn.execute(self._sql(sql), tuple(params))
        if cur.description is None:
            return []
        return list(cur.fetchall())

    def one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self.execute(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else next(iter(row.values()))

    def select_in(self, sql: str, values: Sequence[Any]) -> list[dict[str, Any]]:
        """Run ``sql`` (with one ``IN ({})``) over ``values`` in chunks of 500, so a batch
        of any size stays under the engines' parameter limits."""
        rows: list[dict[str, Any]] = []
        for start in range(0, len(values), 500):
            chunk = list(values[start:start + 500])
            rows += self.execute(sql.format(",".join("?" * len(chunk))), chunk)
        return rows

    def insert_many(self, table: str, columns: Sequence[str], types: Sequence[str],
                    rows: Sequence[Sequence[Any]]) -> None:
        """Insert ``rows`` in one statement on PostgreSQL (``INSERT ... SELECT FROM
        unnest(arrays)``: one round trip instead of one per row), executemany on SQLite.
        ``types`` are the PostgreSQL array element types of ``columns``."""
        if not rows:
            return
        if not self.postgres:
            marks = ", ".join("?" * len(columns))
            self.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
            return
        arrays = [list(col) for col in zip(*rows, strict=True)]
        # %b: binary parameters, no text escaping of every element (JSON is full of quotes)
        unnest = ", ".join(f"%b::{t}[]" for t in types)
        self.conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM unnest({unnest})",
            arrays)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.postgres:
            with self.conn.cursor() as cur:
                cur.executemany(self._sql(sql), rows)
        else:
            self.conn.executemany(sql, rows)


class CentralDB:
    """Connections to the central database named by ``url`` (a file path or postgresql://).

    ``create=False`` refuses a SQLite path where no central list exists yet (read and
    organiser commands must not make an empty list out of a mistyped path)."""

    def __init__(self, url: str | Path, *, pool_size: int = 8, create: bool = True) -> None:
        self.url = str(url)
        check_url(self.url)
        self.postgres = is_postgres_url(self.url)
        self._local = threading.local()
        self._all_sqlite: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._pool: Any = None
        #: SQLite: writers announce themselves so a bulk import lets them in first.
        self.writers: WriterSignal | None = None
        if self.postgres:
            try:
                import psycopg
                from psycopg.rows import dict_row
                from psycopg_pool import ConnectionPool
            except ImportError as exc:  # pragma: no cover - declared dependency
                raise CentralError(
                    "PostgreSQL support needs psycopg[binary] and psycopg_pool.") from exc
            try:
                # Try once directly: a wrong URL fails at once, not after the pool's timeout.
                psycopg.connect(self.url, connect_timeout=10).close()
                self._pool = ConnectionPool(
                    self.url,
                    min_size=1,
                    max_size=pool_size,
                    kwargs={"autocommit": True, "row_factory": dict_row},
                    open=True,
                    timeout=30,
                )
                self._pool.wait(timeout=10)
            except (psycopg.Error, Exception) as exc:
                if self._pool is not None:
                    self._pool.close()
                raise CentralUnavailable(
                    f"Cannot connect to PostgreSQL at {describe_url(self.url)}: {exc}"
                ) from exc
        else:
            path = Path(self.url)
            check_sqlite_file(path, create=create)
            self.writers = WriterSignal(self.url)
            if path.parent and not path.parent.exists():
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise CentralError(f"Cannot create the folder {path.parent} for the "
                                       f"central list: {exc.strerror or exc}.") from exc

    # -- connections ----------------------------------------------------------------

    def _sqlite(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                make_private(Path(self.url))  # attendees, keys, token hashes: 0600
                conn = sqlite3.connect(self.url, isolation_level=None, timeout=30,
                                       check_same_thread=False)
                conn.row_factory = sqlite3.Row
                conn.execute("PRAGMA journal_mode=WAL")
                # An acknowledged check-in must survive a power cut: fsync at commit.
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
            except sqlite3.Error as exc:
                raise CentralUnavailable(f"Cannot open the central list {self.url}: {exc}") from exc
            self._local.conn = conn
            with self._lock:
                self._all_sqlite.append(conn)
        return conn

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        with self._lock:
            for conn in self._all_sqlite:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass
            self._all_sqlite.clear()
        if self.writers is not None:
            self.writers.close()
        self._local = threading.local()

    # -- units of work ----------------------------------------------------------------

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Tx]:
        """One unit of work; committed on success, rolled back on any error."""
        if self.postgres:
            import psycopg
            from psycopg_pool import PoolTimeout

            try:
                with self._pool.connection() as conn, conn.transaction():
                    tx = Tx(conn, True)
                    yield tx
            except PoolTimeout as exc:
                raise CentralUnavailable("The central database is busy (no free connection); "
                                         "try again shortly.") from exc
            except psycopg.OperationalError as exc:
                raise CentralUnavailable(f"The central database is unavailable: {exc}") from exc
            tx.committed()
            return
        conn = self._sqlite()
        with self.writers.writing() if write and self.writers else nullcontext():
            try:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            except sqlite3.OperationalError as exc:
                raise CentralUnavailable(f"The central list is busy: {exc}") from exc
            with self._sqlite_begun(conn) as tx:
                yield tx

    @staticmethod
    @contextmanager
    def _sqlite_begun(conn: sqlite3.Connection) -> Iterator[Tx]:
        """The rest of a SQLite transaction once ``BEGIN`` has run: COMMIT on success,
        ROLLBACK on any error (a failed COMMIT is rolled back and said plainly)."""
        tx = Tx(conn, False)
        try:
            yield tx
        except BaseException:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise CentralUnavailable(f"Could not save to the central list: {exc}") from exc
        tx.committed()

    def run_unless_busy(self, work: Callable[[Tx], T]) -> bool:
        """Run the write ``work`` now, or not at all: False (nothing done) when on SQLite
        another writer holds the write lock (a bulk import's chunk, an upload). For
        bookkeeping a later request writes again (a device's last-seen time): waiting
        for the lock there held up feed reads behind an import (issue 10 item 8). On
        PostgreSQL (no single writer) it simply runs."""
        if self.postgres:
            self.run(work)
            return True
        conn = self._sqlite()
        conn.execute("PRAGMA busy_timeout=0")
        try:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if _sqlite_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                    return False
                raise CentralUnavailable(f"The central list is busy: {exc}") from exc
        finally:
            conn.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        with self._sqlite_begun(conn) as tx:
            work(tx)
        return True

    def let_writers_in(self, *, pause: float, limit: float) -> None:
        """Between a bulk writer's transactions: on SQLite, wait while other writers
        (kiosks' uploads) wait for the write lock or hold it, at most ``limit`` seconds
        (kiosk/central/writers.py); else (or when nobody announces) pause ``pause``."""
        if self.writers is None or not self.writers.wait_for_others(limit):
            time.sleep(pause)

    def run(self, work: Callable[[Tx], T], *, write: bool = True, attempts: int = 5) -> T:
        """Run ``work`` in a transaction, retrying it on deadlock / serialisation failure."""
        for attempt in range(attempts):
            try:
                with self.transaction(write=write) as tx:
                    return work(tx)
            except Exception as exc:  # noqa: BLE001 - classified below
                if attempt + 1 < attempts and _is_retryable(exc):
                    time.sleep(0.01 * (2**attempt))
                    continue
                if isinstance(exc, sqlite3.OperationalError):
                    raise CentralUnavailable(f"The central list is busy: {exc}") from exc
                raise
        raise AssertionError("unreachable")  # pragma: no cover


def _sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of ``exc`` (by code, never by message text)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_unique_violation(exc: BaseException) -> bool:
    """Did a write break a unique key (by SQLite's extended result code, psycopg's
    class): a row another transaction committed between our check and our write."""
    if isinstance(exc, sqlite3.IntegrityError):
        return getattr(exc, "sqlite_errorcode", None) in (
            sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
    try:
        from psycopg import errors
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, errors.UniqueViolation)


def _is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        return _sqlite_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    try:
        from psycopg import errors
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, errors.DeadlockDetected | errors.SerializationFailure)
