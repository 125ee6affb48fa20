"""The snapshot file: a first download's state as one SQLite file, the same shape
whoever writes it.

The central list builds it for a device's events at a feed position (one file a kiosk
downloads, resumable with HTTP Range: kiosk/central/snapshot_file.py); a kiosk stages
JSON pages into the same shape beside its replica (kiosk/replica/snapshot.py). Either
way the replica installs it with ``INSERT ... SELECT`` statements from the attached
file. Its rows are the replica's columns already (:func:`attendee_row`), attendees with
their folded-name keys made by core's one folding rule (:data:`RULE_MARK` in
:data:`FORMAT`: a file made with another rule is not installed).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from kiosk.core import wire
from kiosk.core.models import AttendeeStatus
from kiosk.core.search_fold import name_keys

#: An attendee's stored columns after ``id`` (then ``updated_at``).
ATTENDEE_FIELDS = ("event_id", "code", "name", "email", "organisation", "ticket_type",
                   "status", "details", "source")
ATTENDEE_COLUMNS = ("id", *ATTENDEE_FIELDS, "updated_at")
#: The columns of a check-in learnt from the central list (``origin`` is 'remote').
REMOTE_CHECKIN_COLUMNS = ("id", "attendee_id", "gate_id", "direction", "scanned_at", "day",
                          "verdict", "device_id", "device_name", "code", "undoes",
                          "received_at", "duplicate", "device_time", "override_reason")

#: The folding rule's fingerprint: the keys of names that take every one of its turns
#: (letters without a plain decomposition, umlauts, joiners, runs of words, a script
#: transliterated, an organisation).
RULE_MARK = hashlib.sha256(name_keys(
    "Søren Müller-O'Brien van der Berg Łukasz Yılmaz 陈伟 Jean‐Luc ß Æsa Ørsted A/S",
    "Straße & Söhne GmbH").encode()).hexdigest()[:16]

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS items (kind TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attendees ({", ".join(ATTENDEE_COLUMNS)}, name_keys);
CREATE TABLE IF NOT EXISTS checkins ({", ".join(REMOTE_CHECKIN_COLUMNS)});
"""
#: What a snapshot file's rows are: its tables' shape and the folding rule its name
#: keys were made with. A file of another format (another version) is not installed.
#: (3: a file the central list built also holds the search indexes, :data:`SEARCH_SCHEMA`.)
FORMAT = f"3 {RULE_MARK}"

#: The replica's two search indexes (kiosk/replica/migrations.py ``0002_attendee_search``,
#: ``0006_attendee_names``), as the central list builds them into a snapshot file: a
#: fresh replica then takes their stored tables as they are instead of tokenising every
#: row (kiosk/replica/snapshot.py). The kiosk compares these definitions with its own
#: (:func:`same_search_indexes`) and builds the indexes itself when they differ.
SEARCH_INDEXES = ("attendees_fts", "attendee_names")
SEARCH_SCHEMA = {
    "attendees_fts": """CREATE VIRTUAL TABLE attendees_fts USING fts5(
            name, email, organisation, code,
            content='attendees', content_rowid='rowid',
            tokenize="unicode61 remove_diacritics 2 tokenchars '-_'",
            prefix='1 2 3'
        )""",
    "attendee_names": """CREATE VIRTUAL TABLE attendee_names USING fts5(
            keys, content='', tokenize="unicode61 remove_diacritics 2", prefix='1 2 3'
        )""",
}
#: ``meta`` key of a file that holds the search indexes for all its attendees.
SEARCH_MARK = "search_indexes"

#: A status as stored (a ``StrEnum`` member and its text are the same key).
_STATUS_TEXT: dict[str, str] = {s: str(s) for s in AttendeeStatus}
_DETAILS_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)
_DETAILS_SEEN: dict[tuple[tuple[str, str], ...], str] = {}


def details_json(details: dict[str, str]) -> str:
    """An attendee's details as the replica stores them. Remembered: a list's details
    repeat (a T-shirt size, a diet), and encoding costs ten times a look-up — a first
    download encodes a million."""
    key = tuple(details.items())
    if not all(type(k) is str and type(v) is str for k, v in key):
        return _DETAILS_ENCODER.encode(details)  # 1 and True would share a key
    text = _DETAILS_SEEN.get(key)
    if text is None:
        if len(_DETAILS_SEEN) >= 4096:
            _DETAILS_SEEN.clear()
        text = _DETAILS_SEEN[key] = _DETAILS_ENCODER.encode(details)
    return text


def attendee_row(id: str, event_id: str, name: str, code: str | None, email: str,
                 organisation: str, ticket_type: str, status: str, details: dict[str, str],
                 source: str, updated_at: str) -> tuple[Any, ...]:
    """An attendee's values (:data:`kiosk.core.wire.AttendeeValues`, then the time) as
    the columns :data:`ATTENDEE_COLUMNS`."""
    return (id, event_id, code, name, email, organisation, ticket_type,
            _STATUS_TEXT.get(status) or str(AttendeeStatus(status)), details_json(details),
            source, updated_at)


def remote_checkin_row(c: wire.CheckInRecord) -> tuple[Any, ...]:
    """``c``'s values in :data:`REMOTE_CHECKIN_COLUMNS` order."""
    return (c.id, c.attendee_id, c.gate_id, c.direction, c.scanned_at, c.day, c.verdict,
            c.device_id, c.device_name, c.code, c.undoes, c.received_at, int(c.duplicate),
            c.device_time, c.override_reason)


def begin_meta(page: wire.SnapshotPage, source: str) -> dict[str, str]:
    """The ``meta`` of a file whose first page is ``page``, positioned before it
    (``source``: the central list it comes from)."""
    return {"format": FORMAT, "server_url": source, "cursor": page.cursor,
            "cursor_check": page.cursor_check, "total": str(sum((page.totals or {}).values())),
            "done": "0", "section": page.section, "after": ""}


@dataclass(frozen=True)
class PageRows:
    """One page made into the file's rows (:func:`page_rows`), to be written by
    :func:`write_page`: the Python work of a page apart from its writing, so the two
    can run on two threads (the central list's build)."""

    attendees: list[Any]
    checkins: list[tuple[Any, ...]]
    others: list[tuple[str, str]]
    count: int
    next_section: str | None
    next_after: str | None


def page_rows(page: wire.SnapshotPage, stamp: str) -> PageRows:
    """The rows of ``page`` in the file's tables; the attendees' ``updated_at`` is
    ``stamp``. ``ValueError``/``KeyError`` on a row that cannot be read."""
    attendees: list[tuple[Any, ...]] = []
    checkins: list[tuple[Any, ...]] = []
    others: list[tuple[str, str]] = []
    if page.section == "attendee":
        # The bulk of a snapshot: no dict nor Attendee per row.
        attendees = [(*attendee_row(*values, stamp), name_keys(values[2], values[5]))
                     for values in wire.snapshot_attendees(page)]
    for item in page.items if page.section != "attendee" else ():
        value = wire.Change(page.section, "", item).value()
        if isinstance(value, wire.CheckInRecord):
            checkins.append(remote_checkin_row(value))
        elif value is not None:
            others.append((page.section, json.dumps(item, ensure_ascii=False)))
    return PageRows(attendees, checkins, others, len(page.rows), page.next_section,
                    page.next_after)


def write_page(conn: sqlite3.Connection, rows: PageRows, done: int, *,
               index: bool = False) -> int:
    """Write one page's rows into the file open on ``conn`` together with the position
    after it, in one transaction; returns the rows in the file (``done`` before it).
    ``index``: the attendees go into the file's search indexes too (made by
    :func:`create_search_indexes`; :func:`finish_search_indexes` ends them).
    ``sqlite3.Error`` from the file."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        after = (conn.execute("SELECT coalesce(max(rowid), 0) FROM attendees").fetchone()[0]
                 if index and rows.attendees else None)
        conn.executemany(f"INSERT INTO attendees VALUES "
                         f"({', '.join('?' * (len(ATTENDEE_COLUMNS) + 1))})", rows.attendees)
        if after is not None:
            _index_rows(conn, f"rowid > {int(after)}")
        conn.executemany(f"INSERT INTO checkins VALUES "
                         f"({', '.join('?' * len(REMOTE_CHECKIN_COLUMNS))})", rows.checkins)
        conn.executemany("INSERT INTO items (kind, data) VALUES (?, ?)", rows.others)
        set_meta(conn, {"section": rows.next_section or "", "after": rows.next_after or "",
                        "done": str(done + rows.count)})
        conn.execute("COMMIT")
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return done + rows.count


def add_page(conn: sqlite3.Connection, page: wire.SnapshotPage, done: int,
             stamp: str) -> int:
    """Write one page into the file open on ``conn`` together with the position after
    it, in one transaction; returns the rows in the file (``done`` before it). The
    attendees' ``updated_at`` is ``stamp``. ``ValueError``/``KeyError`` on a row that
    cannot be read (nothing written); ``sqlite3.Error`` from the file."""
    return write_page(conn, page_rows(page, stamp), done)


def set_meta(conn: sqlite3.Connection, values: dict[str, str]) -> None:
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     list(values.items()))


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    """The file's ``meta``; ``ValueError`` when it is of another :data:`FORMAT`."""
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("format") != FORMAT:
        raise ValueError(f"made as {meta.get('format')!r}, not {FORMAT!r}")
    return meta


def create_search_indexes(conn: sqlite3.Connection) -> None:
    """The search indexes (:data:`SEARCH_SCHEMA`) in a file being built on ``conn``,
    before its first page: each page's attendees then go into them as they are
    written (``write_page(..., index=True)``), as the replica's triggers would index
    them (the code as ``coalesce(code, '')``, the staged folded-name keys)."""
    for name in SEARCH_INDEXES:
        conn.execute(SEARCH_SCHEMA[name])


def _index_rows(conn: sqlite3.Connection, rows: str, *, code: str = "coalesce(code, '')",
                ) -> None:
    """The attendees whose rowid matches ``rows`` (SQL) into both search indexes."""
    conn.execute(f"INSERT INTO attendees_fts(rowid, name, email, organisation, code) "
                 f"SELECT rowid, name, email, organisation, {code} FROM attendees "
                 f"WHERE {rows} ORDER BY rowid")
    if code == "coalesce(code, '')":
        conn.execute(f"INSERT INTO attendee_names(rowid, keys) SELECT rowid, name_keys "
                     f"FROM attendees WHERE {rows} ORDER BY rowid")


def finish_search_indexes(conn: sqlite3.Connection) -> None:
    """End the search indexes of a complete file open on ``conn`` (its builder's only
    connection). A code staged twice in one event (it moved between two people while
    the pages were read) stays only on the row read last, as the install would leave
    it, and the index then has the other row without it. The rows' rowids are the
    ones the indexes refer to: nothing may renumber them afterwards (no VACUUM)."""
    conn.execute("BEGIN")
    try:
        conn.execute("CREATE INDEX attendees_event_code ON attendees(event_id, code) "
                     "WHERE code IS NOT NULL")
        losers = ("rowid IN (SELECT a.rowid FROM attendees AS a WHERE a.code IS NOT NULL "
                  "AND EXISTS (SELECT 1 FROM attendees AS b WHERE b.event_id = a.event_id "
                  "AND b.code = a.code AND b.rowid > a.rowid))")
        conn.execute("CREATE TEMP TABLE snapshot_code_losers AS SELECT rowid AS r FROM "
                     f"attendees WHERE {losers}")
        lost = "rowid IN (SELECT r FROM temp.snapshot_code_losers)"
        conn.execute("INSERT INTO attendees_fts(attendees_fts, rowid, name, email, "
                     "organisation, code) SELECT 'delete', rowid, name, email, organisation, "
                     f"coalesce(code, '') FROM attendees WHERE {lost}")
        conn.execute(f"UPDATE attendees SET code = NULL WHERE {lost}")
        _index_rows(conn, lost, code="''")
        conn.execute("DROP TABLE temp.snapshot_code_losers")
        conn.execute("DROP INDEX attendees_event_code")
        set_meta(conn, {SEARCH_MARK: str(conn.execute(
            "SELECT coalesce(max(rowid), 0) FROM attendees").fetchone()[0])})
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _normal(sql: str | None) -> str:
    """``sql`` without its layout nor the quotes SQLite puts around a renamed table's
    name (the replica's indexes may have been renamed into place)."""
    text = " ".join((sql or "").split())
    return re.sub(r"""^(CREATE (?:VIRTUAL )?TABLE )["']([A-Za-z_]+)["']""", r"\1\2", text)


def search_tables(conn: sqlite3.Connection, schema: str, index: str) -> list[str]:
    """The stored (shadow) tables of FTS5 index ``index`` in ``schema``, by name."""
    return [name for (name,) in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name IN "
        f"(?, ?, ?, ?, ?) ORDER BY name",
        tuple(f"{index}_{part}" for part in ("data", "idx", "docsize", "config", "content")))]


def same_search_indexes(conn: sqlite3.Connection, source: str, target: str) -> bool:
    """Do ``source``'s search indexes (a snapshot file, attached) have exactly the
    definitions and stored tables of ``target``'s (the replica)?"""
    def defined(schema: str, index: str) -> str:
        row = conn.execute(f"SELECT sql FROM {schema}.sqlite_master WHERE name = ?",
                           (index,)).fetchone()
        return _normal(row[0] if row else None)

    for index in SEARCH_INDEXES:
        if not defined(target, index) or defined(source, index) != defined(target, index):
            return False
        tables = search_tables(conn, target, index)
        if search_tables(conn, source, index) != tables:
            return False
        for table in tables:
            if defined(source, table) != defined(target, table):
                return False
    return True
