"""What the console reads from the central list (read-only queries, one event at a time).

Writes never happen here: every console action calls the same :class:`CentralStore`
method the ``kiosk central`` commands call.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import Any

from kiosk.central.console.chart import LiveFigures
from kiosk.central.console.tally import LiveTally
from kiosk.central.db import iso, utcnow
from kiosk.central.store import CentralStore
from kiosk.core.models import Event
from kiosk.core.search_fold import fold
from kiosk.core.times import event_zone, local_day, local_time
from kiosk.errors import NotFound

#: A device seen within this many seconds counts as online now.
ONLINE_SECONDS = 90


def pick_event(store: CentralStore, event_id: str | None) -> Event | None:
    """The event the page is about: the one asked for, else the first one."""
    events = store.events.all()
    if event_id:
        for e in events:
            if e.id == event_id:
                return e
        raise NotFound(f"No event {event_id!r} on the central list.")
    return events[0] if events else None


def event_today(event: Event) -> date:
    """Today in the event's time zone (its check-ins' ``day``)."""
    return local_day(utcnow(), event)


def gates_of(store: CentralStore, event_id: str) -> list[dict[str, Any]]:
    return [g for g in store.events.gates() if g["event_id"] == event_id]


def live(tally: LiveTally, store: CentralStore, event: Event, *, day: date | None = None,
         bucket_minutes: int = 5) -> LiveFigures:
    """The live page's figures for ``event`` on ``day`` (default: today there), from the
    running counts of :class:`~kiosk.central.console.tally.LiveTally` after reading the
    change feed's news."""
    tally.refresh()
    gates = [(g["id"], g["name"]) for g in gates_of(store, event.id)]
    return tally.figures(event.id, gates, day or event_today(event), event_zone(event),
                         bucket_minutes=bucket_minutes)


def attendee_total(store: CentralStore, event_id: str) -> int:
    return int(store.db.run(lambda tx: tx.scalar(
        "SELECT count(*) AS n FROM attendees WHERE deleted = 0 AND event_id = ?",
        (event_id,)), write=False))


# -- search ---------------------------------------------------------------------------

class SearchIndex:
    """As-you-type search over one event's attendees with the desk's folding
    (:func:`kiosk.core.search_fold.fold`), rebuilt when the attendee table changes."""

    def __init__(self, store: CentralStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[tuple[Any, ...], list[tuple[str, dict[str, Any]]]]] = {}

    def _version(self, event_id: str) -> tuple[Any, ...]:
        row = self.store.db.run(lambda tx: tx.one(
            "SELECT count(*) AS n, max(updated_at) AS at FROM attendees WHERE event_id = ?",
            (event_id,)), write=False)
        return (row or {}).get("n"), (row or {}).get("at")

    def _rows(self, event_id: str) -> list[tuple[str, dict[str, Any]]]:
        version = self._version(event_id)
        with self._lock:
            cached = self._cache.get(event_id)
            if cached and cached[0] == version:
                return cached[1]
        rows = self.store.db.run(lambda tx: tx.execute(
            "SELECT id, name, email, organisation, ticket_type, status, code FROM attendees "
            "WHERE event_id = ? AND deleted = 0 ORDER BY name, id", (event_id,)), write=False)
        indexed = [(fold(" ".join(str(r[k] or "") for k in
                                  ("name", "email", "organisation", "code", "id"))), r)
                   for r in rows]
        with self._lock:
            self._cache[event_id] = (version, indexed)
        return indexed

    def search(self, event_id: str, text: str, *, limit: int = 50) -> list[dict[str, Any]]:
        words = fold(text).split()
        rows = self._rows(event_id)
        if not words:
            return [r for _, r in rows[:limit]]
        hits: list[tuple[int, str, dict[str, Any]]] = []
        for folded, r in rows:
            tokens = folded.split()
            if all(any(t.startswith(w) for t in tokens) for w in words):
                name = fold(r["name"])
                hits.append((0 if name.startswith(words[0]) else 1, name, r))
                if len(hits) >= limit * 20:
                    break
        hits.sort(key=lambda h: (h[0], h[1]))
        exact = [r for _, r in rows if r["code"] and r["code"] == text.strip()]
        out = exact + [r for _, _, r in hits if r not in exact]
        return out[:limit]


# -- one person -----------------------------------------------------------------------

def passages(store: CentralStore, attendee_id: str) -> list[dict[str, Any]]:
    rows = store.db.run(lambda tx: tx.execute(
        "SELECT c.*, g.name AS gate_name FROM checkins c LEFT JOIN gates g ON "
        "g.id = c.gate_id WHERE c.attendee_id = ? ORDER BY c.scanned_at, c.seq",
        (attendee_id,)), write=False)
    undone = {r["undoes"] for r in rows if r["undoes"]}
    for r in rows:
        r["undone"] = r["id"] in undone
    return rows


def badge_prints(store: CentralStore, attendee_id: str, event: Event) -> list[dict[str, Any]]:
    """Every badge print of ``attendee_id`` the devices sent (kiosk/central/badge_prints.py),
    oldest first, each with its time in the event's zone (``local``)."""
    from kiosk.central.badge_prints import prints_of

    rows = store.db.run(lambda tx: prints_of(tx, attendee_id), write=False)
    for r in rows:
        r["local"] = _shown(r["printed_at"], event)
        r["reprint"] = bool(r["reprint"])
    return rows


def _shown(text: str, event: Event) -> str:
    """A stored instant as organisers read it: the event's date and clock."""
    return datetime.fromisoformat(text).astimezone(event_zone(event)).strftime(
        "%Y-%m-%d %H:%M:%S")


# -- flags ----------------------------------------------------------------------------

def flags(store: CentralStore, event_id: str, *, attendee_id: str | None = None,
          unseen_only: bool = False) -> list[dict[str, Any]]:
    """Check-ins to review, newest first: duplicate entries (a second standing entry of
    the same person at the same gate and day) and check-ins the central list's own
    ruling would have refused (``c.flag``, kiosk/central/rulings.py: revoked, cancelled,
    wrong gate, wrong day) or a desk admitted anyway (``override``, with its reason and
    the rules' own answer, ``central_reason``), each with who/where/when, the first
    entry it repeats and whether an organiser marked it seen."""
    sql = ("SELECT c.id, c.attendee_id, c.gate_id, c.scanned_at, c.received_at, c.day, "
           "c.device_name, c.duplicate_of, c.duplicate, c.flag, c.central_reason, "
           "c.override_reason, a.name AS attendee_name, g.name AS gate_name, "
           "f.scanned_at AS first_at, f.device_name AS first_device, s.seen_at "
           "FROM checkins c JOIN gates g ON g.id = c.gate_id "
           "LEFT JOIN attendees a ON a.id = c.attendee_id "
           "LEFT JOIN checkins f ON f.id = c.duplicate_of "
           "LEFT JOIN console_flags_seen s ON s.flag_id = 'dup:' || c.id "
           "WHERE (c.duplicate = 1 OR c.flag IS NOT NULL) AND g.event_id = ?")
    params: list[Any] = [event_id]
    if attendee_id:
        sql += " AND c.attendee_id = ?"
        params.append(attendee_id)
    if unseen_only:
        sql += " AND s.seen_at IS NULL"
    sql += " ORDER BY c.seq DESC LIMIT 500"
    rows = store.db.run(lambda tx: tx.execute(sql, params), write=False)
    for r in rows:
        r["flag_id"] = "dup:" + r["id"]
        r["kind"] = r["flag"] if r["flag"] and r["flag"] != "second_entry" else "duplicate"
    return rows


def refused_uploads(store: CentralStore, event: Event, *,
                    unseen_only: bool = False) -> list[dict[str, Any]]:
    """Uploads the central list refused (kiosk/central/refusals.py), newest first: those
    sent by a device paired for ``event``, and those naming one of its attendees or gates
    (a device of another event trying), each with who/when/what/why and its seen mark.
    A name or gate of another event is shown by its id only."""
    sql = ("SELECT r.*, a.name AS attendee_name, a.event_id AS attendee_event, "
           "g.name AS gate_name, g.event_id AS gate_event, s.seen_at "
           "FROM refused_uploads r LEFT JOIN attendees a ON a.id = r.attendee_id "
           "LEFT JOIN gates g ON g.id = r.gate_id "
           "LEFT JOIN console_flags_seen s ON s.flag_id = 'ref:' || r.item_id || ':' || "
           "r.device_id WHERE (r.device_id IN (SELECT device_id FROM device_events "
           "WHERE event_id = ?) OR a.event_id = ? OR g.event_id = ?)")
    if unseen_only:
        sql += " AND s.seen_at IS NULL"
    sql += " ORDER BY r.seq DESC LIMIT 500"
    rows = store.db.run(lambda tx: tx.execute(sql, (event.id,) * 3), write=False)
    for r in rows:
        r["flag_id"] = f"ref:{r['item_id']}:{r['device_id']}"
        r["local"] = _shown(r["received_at"], event)
        if r["attendee_event"] != event.id:
            r["attendee_name"] = None
        if r["gate_event"] != event.id:
            r["gate_name"] = None
    return rows


def mark_seen(store: CentralStore, flag_id: str, *, seen: bool = True) -> None:
    """The console's own note (not a rule): an organiser looked at this flag (a
    check-in's, ``dup:<id>``, or a refused upload's, ``ref:<item>:<device>``)."""
    kind, _, key = flag_id.partition(":")
    params: tuple[str, ...]
    if kind == "dup":
        sql, params = ("SELECT id FROM checkins WHERE id = ? AND (duplicate = 1 OR flag "
                       "IS NOT NULL)", (key,))
    elif kind == "ref" and key.count(":") >= 1:
        item, _, device = key.rpartition(":")
        sql, params = ("SELECT item_id FROM refused_uploads WHERE item_id = ? AND "
                       "device_id = ?", (item, device))
    else:
        raise NotFound(f"No flag {flag_id!r}.")

    def work(tx: Any) -> None:
        if not tx.one(sql, params):
            raise NotFound(f"No flag {flag_id!r}.")
        if seen:
            tx.execute("INSERT INTO console_flags_seen (flag_id, seen_at) VALUES (?, ?) "
                       "ON CONFLICT (flag_id) DO NOTHING", (flag_id, iso(utcnow())))
        else:
            tx.execute("DELETE FROM console_flags_seen WHERE flag_id = ?", (flag_id,))

    store.db.run(work)


# -- devices --------------------------------------------------------------------------

def devices(store: CentralStore, event: Event | None = None) -> list[dict[str, Any]]:
    """Every device, with whether it is online now and when it was last seen in the
    event's time (``last_seen``, ``YYYY-MM-DD HH:MM:SS``)."""
    now = utcnow()
    out = []
    for d in store.devices.all():
        seen = d.get("last_seen_at")
        d = dict(d)
        at = datetime.fromisoformat(seen) if seen else None
        d["online"] = bool(at and not d["revoked_at"] and
                           (now - at).total_seconds() < ONLINE_SECONDS)
        d["last_seen"] = (f"{local_day(at, event).isoformat()} "
                          f"{local_time(at, event, seconds=True)}") if at else ""
        out.append(d)
    return out


# -- exports --------------------------------------------------------------------------

ATTENDANCE_COLUMNS = ("id", "name", "email", "organisation", "ticket_type", "status",
                      "code", "first_entry", "entries", "gates")


def attendance(store: CentralStore, event_id: str) -> list[dict[str, Any]]:
    """Every attendee of the event with their attendance: first standing entry (kiosk
    time), number of standing entries and the gates they entered."""
    people = store.db.run(lambda tx: tx.execute(
        "SELECT id, name, email, organisation, ticket_type, status, code FROM attendees "
        "WHERE event_id = ? AND deleted = 0 ORDER BY name, id", (event_id,)), write=False)
    rows = store.db.run(lambda tx: tx.execute(
        "SELECT c.attendee_id, c.scanned_at, g.name AS gate_name FROM checkins c "
        "JOIN gates g ON g.id = c.gate_id WHERE g.event_id = ? AND c.direction = 'entry' "
        "AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id) "
        "ORDER BY c.scanned_at", (event_id,)), write=False)
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        s = seen.setdefault(r["attendee_id"], {"first_entry": r["scanned_at"], "entries": 0,
                                               "gates": []})
        s["entries"] += 1
        if r["gate_name"] not in s["gates"]:
            s["gates"].append(r["gate_name"])
    out = []
    for p in people:
        s = seen.get(p["id"], {"first_entry": "", "entries": 0, "gates": []})
        out.append(dict(p, first_entry=s["first_entry"], entries=s["entries"],
                        gates=", ".join(s["gates"])))
    return out


def event_checkins(store: CentralStore, event_id: str) -> list[dict[str, Any]]:
    gates = {g["id"] for g in gates_of(store, event_id)}
    return [r for r in store.ingest.all() if r["gate_id"] in gates]


# -- import ---------------------------------------------------------------------------

#: Rows listed by name in a preview (the counts are always complete).
PREVIEW_ROWS = 200


def import_preview(store: CentralStore, parsed: Any, event_id: str) -> dict[str, Any]:
    """What importing ``parsed`` into ``event_id`` would do, without writing anything:
    the columns recognised, and the rows to add, to update, unchanged and refused (with
    their line numbers) — by the import's own rules (codes unique in the whole list,
    :meth:`ParsedFile.kept_on_reimport` for rows already on the list)."""
    from kiosk.central.attendees import COMPARED, attendee_row
    from kiosk.core.attendee_csv import ids_in_event, importable_records

    def work(tx: Any) -> dict[str, Any]:
        # (id, name) as the import's own lookup names a code's holder (not "attendee x":
        # English on the Indonesian page, and not the name the import itself gives)
        owners = {r["code"]: (r["id"], r["name"]) for r in
                  tx.execute("SELECT id, name, code FROM attendees WHERE code IS NOT NULL "
                             "AND event_id = ?", (event_id,))}

        def owner_of(code: str) -> tuple[str, str] | None:
            return owners.get(code)

        def events_of(wanted: Any) -> dict[str, str]:
            return {r["id"]: r["event_id"] for r in tx.select_in(
                "SELECT id, event_id FROM attendees WHERE id IN ({})", list(wanted))}

        by_line = ids_in_event(parsed.records, event_id, events_of)  # the import's ids
        good, refused = importable_records(parsed, event_id, owner_of, skip_invalid=True,
                                           ids=by_line)
        ids = [by_line[rec.line] for rec in good]
        existing: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for r in tx.execute(f"SELECT * FROM attendees WHERE id IN ({marks})", chunk):
                existing[r["id"]] = r
        add, update, unchanged = [], [], 0
        for rec in good:
            attendee = rec.to_attendee(event_id, by_line[rec.line])
            old = existing.get(attendee.id)
            if old is None or old["deleted"]:
                add.append((rec.line, rec.name))
                continue
            row = attendee_row(attendee)
            for f in parsed.kept_on_reimport(has_code=bool(row["code"])):
                row[f] = old[f]
            if all(old[c] == row[c] for c in COMPARED):
                unchanged += 1
            else:
                update.append((rec.line, rec.name))
        return {"columns": list(parsed.columns.items()), "to_add": add, "to_update": update,
                "unchanged": unchanged, "refused": refused, "encoding": parsed.encoding,
                "delimiter": parsed.delimiter, "rows": len(parsed.records) + len(
                    parsed.problems), "records": len(parsed.records)}

    return store.db.run(work, write=False)


def import_into(store: CentralStore, raw: bytes, event: Event, *,
                progress: Any = None) -> Any:
    """Import the previewed CSV ``raw`` into ``event`` (refused rows left out), parsed
    and written off the server's process when it is large (the one helper /admin/import
    uses, :func:`kiosk.central.bulk_import.import_bytes`); ``progress(written, total)``
    after each committed chunk."""
    from kiosk.central.bulk_import import import_bytes

    return import_bytes(store, raw, event_id=event.id, skip_invalid=True, progress=progress)


def preview_of(store: CentralStore, raw: bytes, event_id: str) -> dict[str, Any]:
    """:func:`import_preview` of the CSV ``raw``, parsed and checked off the server's
    process when it is large (:func:`kiosk.central.bulk_import.off_process`)."""
    from kiosk.central.bulk_import import off_process

    preview: dict[str, Any] = off_process(store, raw, _preview_parsed, event_id=event_id)
    return preview


def _preview_parsed(store: CentralStore, parsed: Any, *, progress: Any,
                    event_id: str) -> dict[str, Any]:
    """:func:`import_preview` as :func:`~kiosk.central.bulk_import.off_process` runs it."""
    return import_preview(store, parsed, event_id)
