"""The snapshot: the central list's current state, for a kiosk's first download.

A new kiosk would otherwise replay every change since the list was created. Instead it
reads the state tables page by page (events, gates, active revocations, attendees, the
check-ins its rules need, and the badge prints), then the change log from the snapshot's ``cursor``.

Why that is exact (docs/sync.md, "The snapshot"): the first page fixes ``cursor``, the
last change below the feed's horizon (:meth:`ChangeFeed.horizon_mark`). Every change at
or before it was committed before any page is read, so every page already holds it; a
page may also hold later changes (pages are separate, short transactions, so a snapshot
never holds the horizon back), but every change after ``cursor`` comes again through the
log, in the feed's order, and applying a change is idempotent (upserts by id, check-ins by
UUID). Nothing is skipped, nothing is doubled, and the server keeps no state per download:
a kiosk resumes after the last key it stored, with the same ``cursor``, which is checked on
every page like a feed cursor (a list restored from a backup answers 409).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.central.db import CentralDB, Tx, utcnow
from kiosk.central.feed import ChangeFeed, in_events
from kiosk.central.payloads import (
    attendee_payload_rows,
    checkin_payload,
    event_from_row,
    event_payload,
    gate_payload,
    revocation_payload,
)
from kiosk.core import wire
from kiosk.core.times import local_day

#: Rows per page unless the kiosk asks for another size, and the most it may ask for.
DEFAULT_PAGE = 5000
MAX_PAGE = 20000

_RESTORED = ("This kiosk's snapshot was read from changes the central list no longer has "
             "(it was restored from a backup): start the download again.")


@dataclass(frozen=True)
class _Section:
    """How one section is read: its table's rows (``select``, without the position), the
    key it is paged by (an SQL expression, and the same value from a row), the event of
    a row (an SQL expression: a device reads only its events', :func:`in_events`) and the
    payloads the rows become (the feed's encoder for that kind), as a page's columns and
    rows."""

    select: str
    key: str
    key_of: Callable[[dict[str, Any]], Any]
    event: str
    payloads: Callable[[list[dict[str, Any]]], tuple[tuple[str, ...], list[list[Any]]]]


def _each(payload: Callable[[dict[str, Any]], dict[str, Any]],
          ) -> Callable[[list[dict[str, Any]]], tuple[tuple[str, ...], list[list[Any]]]]:
    return lambda rows: wire.snapshot_rows([payload(r) for r in rows])


def _attendees(rows: list[dict[str, Any]]) -> tuple[tuple[str, ...], list[list[Any]]]:
    return wire.ATTENDEE_PAYLOAD_KEYS, attendee_payload_rows(rows)


def _revocation(row: dict[str, Any]) -> dict[str, Any]:
    return revocation_payload(row["code"], row["event_id"], row["reason"])


def _badge_print(row: dict[str, Any]) -> dict[str, Any]:
    return wire.encode_badge_print(wire.decode_badge_print(row))


def _by(column: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: row[column]


_SECTIONS: dict[str, _Section] = {
    "event": _Section("SELECT * FROM events WHERE 1 = 1", "id", _by("id"), "id",
                      _each(event_payload)),
    "gate": _Section("SELECT * FROM gates WHERE deleted = 0", "id", _by("id"), "event_id",
                     _each(gate_payload)),
    # A code is its event's (two events may revoke the same code): paged by both.
    "revocation": _Section("SELECT code, event_id, reason FROM revocations WHERE active = 1",
                           "event_id || ' ' || code",
                           lambda row: f"{row['event_id']} {row['code']}", "event_id",
                           _each(_revocation)),
    # The bulk of a snapshot: only the payload's columns, made without an object a row.
    "attendee": _Section("SELECT id, event_id, code, name, email, organisation, ticket_type, "
                         "status, details, source FROM attendees WHERE deleted = 0", "id",
                         _by("id"), "event_id", _attendees),
    # Only the days a kiosk's rules look at (see checkin_days); later ones come by the log.
    "checkin": _Section("SELECT * FROM checkins WHERE day >= ?", "seq", _by("seq"),
                        "(SELECT g.event_id FROM gates g WHERE g.id = checkins.gate_id)",
                        _each(checkin_payload)),
    # Every badge print (a desk joining mid-event asks before printing one again).
    "badge_print": _Section("SELECT * FROM badge_prints WHERE 1 = 1", "id", _by("id"),
                            "event_id", _each(_badge_print)),
}


def checkin_days(events: list[dict[str, Any]], now: datetime) -> date:
    """The first day whose check-ins the snapshot carries: yesterday, in the zone of the
    event whose day starts first. A kiosk's rules (already checked in, re-entry, the
    desk's figures) look at the attendee's passages of *today* at its gate
    (``kiosk/core/passages.py``); one day more covers a kiosk whose clock is a little
    off around midnight. Earlier days stay on the central list (console, exports)."""
    days = [local_day(now, event_from_row(e)) for e in events]
    return min(days, default=now.date()) - timedelta(days=1)


class Snapshot:
    """Pages of the current state, read from a fixed feed position."""

    def __init__(self, db: CentralDB, feed: ChangeFeed) -> None:
        self.db = db
        self.feed = feed

    def page(self, *, cursor: str | None = None, check: str | None = None,
             section: str | None = None, after: str | None = None,
             limit: int = DEFAULT_PAGE, now: datetime | None = None,
             event_ids: Collection[str] | None = None,
             rows_as: Callable[[list[Any]], list[Any]] | None = None) -> wire.SnapshotPage:
        """The page of ``section`` after key ``after``. Without ``cursor`` a new snapshot
        starts: its position is fixed here and the page carries the totals.
        :class:`~kiosk.errors.CursorUnknown` when ``cursor`` is not (or no longer) a
        change on this list. ``event_ids``: only the rows of these events (a device's,
        scoped exactly as its feed, :func:`~kiosk.central.feed.in_events`; None: all).
        ``rows_as``: the page's rows are what it makes of the section's stored rows
        (read by column name; the page has no ``columns``) instead of payloads — the
        central list's own snapshot file (kiosk/central/snapshot_file.py)."""
        name = section or wire.SNAPSHOT_SECTIONS[0]
        if name not in _SECTIONS:
            raise ValueError(f"unknown snapshot section {name!r}")
        moment = now or utcnow()

        def work(tx: Tx) -> wire.SnapshotPage:
            totals = log_changes = None
            if cursor is None:
                position, position_check = self.feed.horizon_mark(tx)
                totals = self._totals(tx, moment, event_ids)
                scope, scope_params = in_events("event_id", event_ids)
                log_changes = int(tx.scalar(
                    f"SELECT count(*) AS n FROM changes WHERE 1 = 1{scope}", scope_params))
            else:
                position, position_check = cursor, check or ""
                self.feed.check_position(tx, cursor, check, _RESTORED)
            columns, rows, next_after = self._rows(tx, name, after, limit, moment, event_ids,
                                                   rows_as)
            next_section: str | None = name
            if next_after is None:
                following = wire.SNAPSHOT_SECTIONS.index(name) + 1
                next_section = (wire.SNAPSHOT_SECTIONS[following]
                                if following < len(wire.SNAPSHOT_SECTIONS) else None)
            return wire.SnapshotPage(position, position_check, name, columns, rows,
                                     next_section, next_after, totals, log_changes)

        return self.db.run(work, write=False)

    def _rows(self, tx: Tx, name: str, after: str | None, limit: int, now: datetime,
              event_ids: Collection[str] | None,
              rows_as: Callable[[list[Any]], list[Any]] | None = None,
              ) -> tuple[tuple[str, ...], list[Any], str | None]:
        """Up to ``limit`` payloads of section ``name`` after key ``after`` (columns and
        rows), and the key to continue after (None: the section is done)."""
        spec = _SECTIONS[name]
        # The page follows its key's index. Scoped by the plain (indexed) event column,
        # SQLite without statistics reads the event's every row by that index and sorts
        # them for each page: a million attendees cost seconds a page. ``|| ''`` keeps
        # the scope a filter on the key's order (PostgreSQL reads it the same way).
        select, params = self._select(tx, spec, now, event_ids, indexed=False)
        position: Any = int(after or 0) if name == "checkin" else (after or "")
        read = tx.execute if rows_as is None else tx.records
        rows: list[Any] = read(f"{select} AND {spec.key} > ? ORDER BY {spec.key} LIMIT ?",
                    (*params, position, limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        columns, payloads = spec.payloads(rows) if rows_as is None else ((), rows_as(rows))
        return columns, payloads, str(spec.key_of(rows[-1])) if more else None

    def _select(self, tx: Tx, spec: _Section, now: datetime,
                event_ids: Collection[str] | None, *,
                indexed: bool = True) -> tuple[str, tuple[Any, ...]]:
        """The section's rows of the device's events: SQL and its parameters
        (``indexed`` False: the event scope may not be read by an index)."""
        scope, scope_params = in_events(spec.event if indexed else f"({spec.event} || '')",
                                        event_ids)
        params: tuple[Any, ...] = ()
        if spec is _SECTIONS["checkin"]:
            params = (self._first_day(tx, now, event_ids).isoformat(),)
        return f"{spec.select}{scope}", (*params, *scope_params)

    def _first_day(self, tx: Tx, now: datetime, event_ids: Collection[str] | None) -> date:
        scope, params = in_events("id", event_ids)
        return checkin_days(tx.execute(f"SELECT * FROM events WHERE 1 = 1{scope}", params),
                            now)

    def _totals(self, tx: Tx, now: datetime,
                event_ids: Collection[str] | None) -> dict[str, int]:
        """Rows per section, for the kiosk's progress."""
        totals = {}
        for name, spec in _SECTIONS.items():
            select, params = self._select(tx, spec, now, event_ids)
            totals[name] = int(tx.scalar(f"SELECT count(*) AS n FROM ({select}) AS s",
                                         params))
        return totals
