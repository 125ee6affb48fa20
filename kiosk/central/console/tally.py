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
import sys
import threading
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
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


#: A kept check-in: (attendee, gate, direction code | DUPLICATE, its mark — kiosk time
#: and feed order in one int, :func:`_mark` —, device name): a tuple, its texts shared
#: (``sys.intern``): the tally holds one per check-in of the list, so its size is the
#: tally's memory (bench/console_tally.py).
_Row = tuple[str, str, int, int, str]
_DIRECTIONS = ("entry", "exit", "undo")
_CODE = {d: i for i, d in enumerate(_DIRECTIONS)}
ENTRY, UNDO, DUPLICATE = 0, 2, 4
#: A check-in's key: its UUID's 16 bytes (a third of the text's size), else its text.
_Key = bytes | str
_EPOCH = datetime(1970, 1, 1)
_MS = timedelta(milliseconds=1)


@dataclass
class _Day:
    """Running counts of one event's day."""

    rows: dict[_Key, _Row] = field(default_factory=dict)
    undone: set[_Key] = field(default_factory=set)
    # gate -> attendee -> standing passages there: their marks (:func:`_mark`), one int
    # for the one passage most people have, else a sorted list
    passages: dict[str, dict[str, int | list[int]]] = field(
        default_factory=lambda: defaultdict(dict))
    # (gate, 5-minute bucket as minutes since 1970, UTC) -> arrivals
    buckets: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))
    entries: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # gate -> attendee -> standing entries there
    at_gate: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    # attendee -> standing entries at any gate
    people: dict[str, int] = field(default_factory=dict)
    inside: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    inside_people: dict[str, int] = field(default_factory=dict)
    recent: list[tuple[int, _Key]] = field(default_factory=list)
    # check-in -> its kiosk's own clock, only where it differs from the time decided by
    # (few: kept apart rather than in every row)
    own_clocks: dict[_Key, str] = field(default_factory=dict)
    last_order: int = 0

    def _is_inside(self, gate: str, attendee: str) -> bool:
        standing = self.passages[gate].get(attendee)
        if standing is None:
            return False
        last = standing if isinstance(standing, int) else standing[-1]
        return bool(last & 1)

    def _keep(self, gate: str, attendee: str, mark: int, step: int) -> None:
        """Add (+1) or remove (-1) a standing passage's mark."""
        at_gate = self.passages[gate]
        standing = at_gate.get(attendee)
        if step > 0:
            if standing is None:
                at_gate[attendee] = mark
            elif isinstance(standing, int):
                at_gate[attendee] = sorted((standing, mark))
            else:
                bisect.insort(standing, mark)
        elif standing == mark:
            del at_gate[attendee]
        elif isinstance(standing, list) and mark in standing:
            standing.remove(mark)
            if len(standing) == 1:
                at_gate[attendee] = standing[0]

    def _count(self, counts: dict[str, int], key: str, step: int) -> int:
        """Add ``step`` to ``counts[key]`` (dropping zeros); returns the new value."""
        value = counts.get(key, 0) + step
        if value:
            counts[key] = value
        else:
            counts.pop(key, None)
        return value

    def _stand(self, row: _Row, step: int) -> None:
        """Count a standing passage in (+1) or out (-1, when it is undone)."""
        attendee, gate, code, mark, _device = row
        was_inside = self._is_inside(gate, attendee)
        self._keep(gate, attendee, mark, step)
        if code & 3 == ENTRY:
            self.entries[gate] += step
            if not code & DUPLICATE:
                self.buckets[(gate, (mark >> 33) // 300_000 * 5)] += step
            self._count(self.at_gate[gate], attendee, step)
            self._count(self.people, attendee, step)
        now_inside = self._is_inside(gate, attendee)
        if now_inside != was_inside:
            change = 1 if now_inside else -1
            self.inside[gate] += change
            self._count(self.inside_people, attendee, change)

    def _standing(self, row: _Row, key: _Key) -> bool:
        return row[2] & 3 != UNDO and key not in self.undone

    def add(self, data: dict[str, Any], order: int) -> None:
        """Count one check-in from the feed. A check-in published again (the central
        list changed its marks, e.g. a duplicate) replaces its earlier version."""
        key = _key(data["id"])
        own = own_clock(data)
        if own:
            self.own_clocks[key] = own
        code = _CODE[data["direction"]] | (DUPLICATE if data.get("duplicate") else 0)
        names = (sys.intern(data["attendee_id"]), sys.intern(data["gate_id"]))
        device = sys.intern(data.get("device_name") or "")
        known = self.rows.get(key)
        if known is not None:
            row: _Row = (*names, code, known[3], device)
            self.rows[key] = row
            if self._standing(known, key):
                self._stand(known, -1)
                self._stand(row, +1)
            return
        at = (_utc(data["scanned_at"]) - _EPOCH) // _MS
        mark = _mark(at, order, code & 3 == ENTRY)
        row = (*names, code, mark, device)
        self.rows[key] = row
        self.last_order = order
        bisect.insort(self.recent, (mark, key))
        if len(self.recent) > RECENT:
            del self.recent[0]
        if code & 3 == UNDO:
            target = _key(data["undoes"]) if data.get("undoes") else None
            if target is not None and target not in self.undone:
                self.undone.add(target)
                if target in self.rows:
                    self._stand(self.rows[target], -1)
            return
        if self._standing(row, key):
            self._stand(row, +1)


def _mark(at: int, order: int, entry: bool) -> int:
    """A passage as one int that sorts by kiosk time (milliseconds since 1970, UTC:
    ``mark >> 33``), then feed order (below 2**32); its lowest bit set for an entry."""
    return (at << 33) | (order << 1) | int(entry)


def _key(text: str) -> _Key:
    try:
        return uuid.UUID(text).bytes
    except ValueError:
        return text


def _at(ms: int) -> datetime:
    """Milliseconds since 1970 (UTC) as a naive UTC time."""
    return _EPOCH + ms * _MS


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
            for (gate, minute), n in d.buckets.items():
                if not n:
                    continue
                local = _local(_EPOCH + timedelta(minutes=minute), zone)
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
            for mark, row_key in reversed(d.recent[-latest:]):
                attendee, gate, code, _, device = d.rows[row_key]
                person = self._people.get(attendee)
                figures.latest.append({
                    "time": _local(_at(mark >> 33), zone).strftime("%H:%M:%S"),
                    "name": (person.name if person else "") or attendee,
                    "attendee_id": attendee, "direction": _DIRECTIONS[code & 3],
                    "gate": names.get(gate, gate), "duplicate": bool(code & DUPLICATE),
                    "device": device,
                    "own_clock": _own_clock_text(d.own_clocks.get(row_key), zone)})
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
