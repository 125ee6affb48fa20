"""The live figures, kept up to date from the central list's own change feed.

The console reads the feed like a kiosk does (by cursor, only what is new since its last
look) and keeps running counts per event and day: arrivals per 5-minute bucket per gate,
who is inside each gate, arrivals per gate and in total, the latest passages. A poll of
the live page then costs the few new changes since the last one, not a pass over the
day's check-ins, so an open console does not slow the kiosks' uploads (bench/console_live.py).

The rules it counts by: a standing passage is an entry or exit not undone; a standing
entry is an arrival (a duplicate entry is no second bar on the chart); a person is inside a
gate when their latest standing passage there (kiosk time) is an entry. Buckets are cut in
UTC and shown in the event's zone (every zone's offset is a whole number of quarter hours,
so 5- and 15-minute edges agree).
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from kiosk.central.api.organiser import own_clock
from kiosk.central.console.chart import LiveFigures, bucket_start
from kiosk.central.feed import START_CURSOR
from kiosk.central.store import CentralStore

#: Passages kept per event and day for the "latest arrivals" list.
RECENT = 100
#: Changes read per feed page.
PAGE = 5000


@dataclass
class _Person:
    event_id: str
    name: str
    ticket_type: str
    deleted: bool


@dataclass
class _Day:
    """Running counts of one event's day."""

    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    undone: set[str] = field(default_factory=set)
    # (attendee, gate) -> standing passages, sorted by (kiosk time in UTC, order)
    passages: dict[tuple[str, str], list[tuple[datetime, int, str]]] = field(
        default_factory=lambda: defaultdict(list))
    buckets: dict[tuple[str, datetime], int] = field(default_factory=lambda: defaultdict(int))
    entries: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # gate -> attendee -> standing entries there
    at_gate: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    # attendee -> standing entries at any gate
    people: dict[str, int] = field(default_factory=dict)
    inside: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    inside_people: dict[str, int] = field(default_factory=dict)
    recent: list[tuple[datetime, int, str]] = field(default_factory=list)
    # check-in -> its kiosk's own clock, only where it differs from the time decided by
    # (few: kept apart rather than in every row)
    own_clocks: dict[str, str] = field(default_factory=dict)
    last_order: int = 0

    def _is_inside(self, key: tuple[str, str]) -> bool:
        standing = self.passages.get(key)
        return bool(standing) and standing[-1][2] == "entry"  # type: ignore[index]

    def _count(self, counts: dict[str, int], key: str, step: int) -> int:
        """Add ``step`` to ``counts[key]`` (dropping zeros); returns the new value."""
        value = counts.get(key, 0) + step
        if value:
            counts[key] = value
        else:
            counts.pop(key, None)
        return value

    def _stand(self, row: dict[str, Any], step: int) -> None:
        """Count a standing passage in (+1) or out (-1, when it is undone)."""
        key = (row["attendee_id"], row["gate_id"])
        was_inside = self._is_inside(key)
        mark = (row["at"], row["order"], row["direction"])
        standing = self.passages[key]
        if step > 0:
            bisect.insort(standing, mark)
        elif mark in standing:
            standing.remove(mark)
        if row["direction"] == "entry":
            gate = row["gate_id"]
            self.entries[gate] += step
            if not row["duplicate"]:
                self.buckets[(gate, row["bucket"])] += step
            self._count(self.at_gate[gate], row["attendee_id"], step)
            self._count(self.people, row["attendee_id"], step)
        now_inside = self._is_inside(key)
        if now_inside != was_inside:
            change = 1 if now_inside else -1
            self.inside[row["gate_id"]] += change
            self._count(self.inside_people, row["attendee_id"], change)

    def _standing(self, row: dict[str, Any]) -> bool:
        return row["direction"] != "undo" and row["id"] not in self.undone

    def add(self, row: dict[str, Any], order: int) -> None:
        """Count one check-in from the feed. A check-in published again (the central
        list changed its marks, e.g. a duplicate) replaces its earlier version."""
        at = _utc(row["scanned_at"])
        own = own_clock(row)
        if own:
            self.own_clocks[row["id"]] = own
        known = self.rows.get(row["id"])
        if known is not None:
            row = dict(_kept(row), order=known["order"], at=known["at"],
                       bucket=known["bucket"])
            self.rows[row["id"]] = row
            if self._standing(known):
                self._stand(known, -1)
                self._stand(row, +1)
            return
        row = dict(_kept(row), order=order, at=at, bucket=bucket_start(at, 5))
        self.rows[row["id"]] = row
        self.last_order = order
        bisect.insort(self.recent, (at, order, row["id"]))
        if len(self.recent) > RECENT:
            del self.recent[0]
        if row["direction"] == "undo":
            target = row.get("undoes")
            if target and target not in self.undone:
                self.undone.add(target)
                if target in self.rows:
                    self._stand(self.rows[target], -1)
            return
        if self._standing(row):
            self._stand(row, +1)


class LiveTally:
    """Live figures for every event and day, fed by the change feed (thread-safe)."""

    def __init__(self, store: CentralStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._cursor = START_CURSOR
        self._order = 0
        self._gates: dict[str, str] = {}  # gate -> event
        self._people: dict[str, _Person] = {}
        self._days: dict[tuple[str, str], _Day] = {}

    def refresh(self) -> None:
        """Read the changes since the last refresh."""
        with self._lock:
            while True:
                page = self.store.feed.page(self._cursor, limit=PAGE)
                for change in page.changes:
                    self._apply(change["kind"], change["data"])
                self._cursor = page.cursor
                if not page.more:
                    return

    def _apply(self, kind: str, data: dict[str, Any]) -> None:
        if kind == "gate":
            self._gates[data["id"]] = data["event_id"]
        elif kind == "attendee":
            known = self._people.get(data["id"])
            if data.get("deleted") and known is not None:
                known.deleted = True  # keep the name: their passages still show it
                return
            self._people[data["id"]] = _Person(data["event_id"], data.get("name") or "",
                                               data.get("ticket_type") or "",
                                               bool(data.get("deleted")))
        elif kind == "checkin":
            event = self._gates.get(data["gate_id"])
            if event is None:
                return
            self._order += 1
            self._days.setdefault((event, data["day"]), _Day()).add(data, self._order)

    def figures(self, event_id: str, gates: list[tuple[str, str]], day: date, zone: tzinfo,
                *, bucket_minutes: int = 5, latest: int = 15) -> LiveFigures:
        """What the live page shows for ``event_id`` on ``day`` (call :meth:`refresh`
        first)."""
        with self._lock:
            d = self._days.get((event_id, day.isoformat()))
            figures = LiveFigures(day.isoformat(), bucket_minutes, list(gates))
            figures.arrived = {g: 0 for g, _ in gates}
            if d is None:
                return figures
            for (gate, start), n in d.buckets.items():
                if not n:
                    continue
                local = _local(start, zone)
                slot = figures.buckets.setdefault(bucket_start(local, bucket_minutes), {})
                slot[gate] = slot.get(gate, 0) + n
            for gate, _name in gates:
                figures.arrived[gate] = len(d.at_gate.get(gate, {}))
                if d.inside.get(gate):
                    figures.inside[gate] = d.inside[gate]
            figures.entries = sum(d.entries.values())
            figures.arrived_total = len(d.people)
            figures.inside_total = len(d.inside_people)
            for attendee in d.people:
                person = self._people.get(attendee)
                kind = person.ticket_type if person else ""
                figures.by_ticket_type[kind] = figures.by_ticket_type.get(kind, 0) + 1
            names = dict(gates)
            for _at, _order, row_id in reversed(d.recent[-latest:]):
                r = d.rows[row_id]
                person = self._people.get(r["attendee_id"])
                figures.latest.append({
                    "time": _local(r["at"], zone).strftime("%H:%M:%S"),
                    "name": (person.name if person else "") or r["attendee_id"],
                    "attendee_id": r["attendee_id"], "direction": r["direction"],
                    "gate": names.get(r["gate_id"], r["gate_id"]),
                    "duplicate": bool(r["duplicate"]), "device": r.get("device_name") or "",
                    "own_clock": _own_clock_text(d.own_clocks.get(row_id), zone)})
            figures.last_seq = d.last_order
            return figures

    def per_day(self, event_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [{"day": day, "arrived": len(d.people)}
                    for (event, day), d in sorted(self._days.items()) if event == event_id]

    def attendees(self, event_id: str) -> int:
        with self._lock:
            return sum(1 for p in self._people.values()
                       if p.event_id == event_id and not p.deleted)


#: What the tally keeps of a check-in's payload (not its code, verdict, receive time ...).
_KEPT = ("id", "attendee_id", "gate_id", "direction", "undoes", "duplicate", "device_name")


def _kept(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in _KEPT}


def _own_clock_text(text: str | None, zone: tzinfo) -> str:
    """A kiosk's own clock in the event's zone, with its date (it may be days off)."""
    if not text:
        return ""
    try:
        return _local(_utc(text), zone).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return ""


def _utc(text: str) -> datetime:
    """A kiosk's ISO time (any offset; none means UTC) as naive UTC."""
    ts = datetime.fromisoformat(text)
    return ts.astimezone(UTC).replace(tzinfo=None) if ts.tzinfo else ts


def _local(utc_naive: datetime, zone: tzinfo) -> datetime:
    """A naive UTC time as naive local time in ``zone``."""
    return utc_naive.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
