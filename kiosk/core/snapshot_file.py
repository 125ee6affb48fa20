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
import sqlite3
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
FORMAT = f"2 {RULE_MARK}"

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


def add_page(conn: sqlite3.Connection, page: wire.SnapshotPage, done: int,
             stamp: str) -> int:
    """Write one page into the file open on ``conn`` together with the position after
    it, in one transaction; returns the rows in the file (``done`` before it). The
    attendees' ``updated_at`` is ``stamp``. ``ValueError``/``KeyError`` on a row that
    cannot be read (nothing written); ``sqlite3.Error`` from the file."""
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
    done += len(page.rows)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(f"INSERT INTO attendees VALUES "
                         f"({', '.join('?' * (len(ATTENDEE_COLUMNS) + 1))})", attendees)
        conn.executemany(f"INSERT INTO checkins VALUES "
                         f"({', '.join('?' * len(REMOTE_CHECKIN_COLUMNS))})", checkins)
        conn.executemany("INSERT INTO items (kind, data) VALUES (?, ?)", others)
        set_meta(conn, {"section": page.next_section or "", "after": page.next_after or "",
                        "done": str(done)})
        conn.execute("COMMIT")
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return done


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
