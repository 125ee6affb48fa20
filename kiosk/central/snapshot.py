"""The snapshot: the central list's current state, for a kiosk's first download.

A new kiosk would otherwise replay every change since the list was created. Instead it
reads the state tables page by page (events, gates, active revocations, attendees, and the
check-ins its rules need), then the change log from the snapshot's ``cursor``.

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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.central.db import CentralDB, Tx, utcnow
from kiosk.central.feed import ChangeFeed
from kiosk.central.payloads import (
    attendee_payload,
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
    """How one section is read: its table's key column, the rows it serves, and the
    payload each row becomes (the feed's encoder for that kind)."""

    key: str
    select: str
    payload: Callable[[dict[str, Any]], dict[str, Any]]


def _revocation(row: dict[str, Any]) -> dict[str, Any]:
    return revocation_payload(row["code"], row["event_id"], row["reason"])


_SECTIONS: dict[str, _Section] = {
    "event": _Section("id", "SELECT * FROM events WHERE id > ?", event_payload),
    "gate": _Section("id", "SELECT * FROM gates WHERE deleted = 0 AND id > ?", gate_payload),
    "revocation": _Section("code", "SELECT code, event_id, reason FROM revocations "
                           "WHERE active = 1 AND code > ?", _revocation),
    "attendee": _Section("id", "SELECT * FROM attendees WHERE deleted = 0 AND id > ?",
                         attendee_payload),
    # Only the days a kiosk's rules look at (see checkin_days); later ones come by the log.
    "checkin": _Section("seq", "SELECT * FROM checkins WHERE seq > ? AND day >= ?",
                        checkin_payload),
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
             limit: int = DEFAULT_PAGE, now: datetime | None = None) -> wire.SnapshotPage:
        """The page of ``section`` after key ``after``. Without ``cursor`` a new snapshot
        starts: its position is fixed here and the page carries the totals.
        :class:`~kiosk.errors.CursorUnknown` when ``cursor`` is not (or no longer) a
        change on this list."""
        name = section or wire.SNAPSHOT_SECTIONS[0]
        if name not in _SECTIONS:
            raise ValueError(f"unknown snapshot section {name!r}")
        moment = now or utcnow()

        def work(tx: Tx) -> wire.SnapshotPage:
            totals = log_changes = None
            if cursor is None:
                position, position_check = self.feed.horizon_mark(tx)
                totals = self._totals(tx, moment)
                log_changes = int(tx.scalar("SELECT count(*) AS n FROM changes"))
            else:
                position, position_check = cursor, check or ""
                self.feed.check_position(tx, cursor, check, _RESTORED)
            items, next_after = self._rows(tx, name, after, limit, moment)
            next_section: str | None = name
            if next_after is None:
                following = wire.SNAPSHOT_SECTIONS.index(name) + 1
                next_section = (wire.SNAPSHOT_SECTIONS[following]
                                if following < len(wire.SNAPSHOT_SECTIONS) else None)
            return wire.SnapshotPage(position, position_check, name, items, next_section,
                                     next_after, totals, log_changes)

        return self.db.run(work, write=False)

    def _rows(self, tx: Tx, name: str, after: str | None, limit: int,
              now: datetime) -> tuple[list[dict[str, Any]], str | None]:
        """Up to ``limit`` payloads of section ``name`` after key ``after``, and the key
        to continue after (None: the section is done)."""
        spec = _SECTIONS[name]
        start: Any = after or ""
        params: list[Any] = [start]
        if name == "checkin":
            params = [int(after or 0), self._first_day(tx, now).isoformat()]
        rows = tx.execute(f"{spec.select} ORDER BY {spec.key} LIMIT ?", (*params, limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        items = [spec.payload(r) for r in rows]
        return items, str(rows[-1][spec.key]) if more else None

    def _first_day(self, tx: Tx, now: datetime) -> date:
        return checkin_days(tx.execute("SELECT * FROM events"), now)

    def _totals(self, tx: Tx, now: datetime) -> dict[str, int]:
        """Rows per section, for the kiosk's progress."""
        totals = {}
        for name, spec in _SECTIONS.items():
            params: tuple[Any, ...] = ("",)
            if name == "checkin":
                params = (0, self._first_day(tx, now).isoformat())
            totals[name] = int(tx.scalar(
                f"SELECT count(*) AS n FROM ({spec.select}) AS s", params))
        return totals

