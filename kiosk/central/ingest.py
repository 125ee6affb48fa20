"""Check-in and walk-in ingest: what kiosks upload, kept append-only.

Check-ins are idempotent on their client UUID. An entry that a kiosk knowing every
passage would have refused (core's passages rule, :func:`kiosk.core.passages.passage_outcome`,
the one ``decide()`` uses: entered already at this gate today, and not back out through a
gate that allows re-entry) is kept and marked a duplicate of the day's first entry,
visible to organisers, never dropped. Each batch costs a handful of statements, not a few
per item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kiosk.central import rulings
from kiosk.central.attendees import Attendees
from kiosk.central.badge_prints import store_prints
from kiosk.central.codes import Codes
from kiosk.central.db import MAX_BIGINT, CentralDB, Tx, iso, utcnow
from kiosk.central.devices import Device, Devices
from kiosk.central.feed import ChangeFeed
from kiosk.central.payloads import checkin_payload
from kiosk.central.refusals import keep_refused
from kiosk.core import wire
from kiosk.core.models import Attendee
from kiosk.core.passages import Passage, passage_outcome
from kiosk.core.roles import (
    UndoTarget,
    checkin_problem,
    not_paired_for,
    undo_problem,
    walkin_problem,
)

#: The ``checkins`` columns: the wire's record fields, and what stays here: the clock skew
#: and the central list's own ruling (kiosk/central/rulings.py).
CHECKIN_COLUMNS = (*wire.CHECKIN_FIELDS, "clock_skew_seconds", "central_reason", "flag")
_CHECKIN_TYPES = tuple("int4" if c == "duplicate" else "float8" if c == "clock_skew_seconds"
                       else "text" for c in CHECKIN_COLUMNS)
#: (attendee, gate, day): the passages that decide "already admitted here today".
Key = tuple[str, str, str]


@dataclass
class IngestOutcome:
    results: list[wire.UploadResult] = field(default_factory=list)
    stored: int = 0
    already: int = 0
    rejected: int = 0
    #: The last change this batch wrote (None: it wrote none). The kiosk sends it back
    #: with its next feed request until its cursor passes it, so a list restored from a
    #: backup older than this upload is noticed.
    feed_mark: wire.FeedMark | None = None


@dataclass(frozen=True)
class WalkInResult:
    """What became of one uploaded walk-in."""

    #: "stored", "already_stored" or "rejected"
    status: str
    reason: str | None = None
    #: The walk-in's code, issued by the central list (the desk shows it).
    code: str | None = None
    #: Plain words when the device had sent a code of its own, which was not used.
    conflict: str | None = None


@dataclass
class _Known:
    """What the database says about one batch, read in a few statements."""

    #: Check-ins already stored, by id (this batch's new rows join as they are staged).
    existing: dict[str, dict[str, Any]]
    #: The standing (not undone) passages per key, oldest first.
    history: dict[Key, list[dict[str, Any]]]
    #: The event of each attendee and gate the batch names.
    attendee_events: dict[str, str]
    gate_events: dict[str, str]
    #: Does each gate the batch names allow re-entry after an exit?
    reentry: dict[str, bool]
    #: Check-ins undone by an item of this batch.
    undone: set[str]
    #: The central list's own ruling on each item (the kiosk's rule, kiosk/central/rulings).
    judge: rulings.Judge | None = None
    #: The rows read for the attendees and gates the batch names (the ruling reads them).
    attendee_rows: list[dict[str, Any]] = field(default_factory=list)
    gate_rows: list[dict[str, Any]] = field(default_factory=list)


class Ingest:
    """Uploads from devices: check-ins and walk-ins."""

    def __init__(self, db: CentralDB, feed: ChangeFeed, attendees: Attendees,
                 devices: Devices, codes: Codes) -> None:
        self.db = db
        self.feed = feed
        self.attendees = attendees
        self.devices = devices
        self.codes = codes

    def checkins(self, device: Device, items: Sequence[wire.CheckInUpload], *,
                 sent_at: datetime | None = None,
                 pending: int | None = None) -> IngestOutcome:
        """Store uploaded check-ins: idempotent on their UUID, append-only, a second
        entry the kiosks' own rule would have refused marked duplicate (see the module).

        Items are validated by the API already (types, sizes). An item that is not a
        UUID, or names an attendee or gate this list does not have, or an attendee and
        gate of different events, is answered ``rejected`` with a plain ``reason`` and
        not stored. ``pending`` (the device's backlog) and the clock
        skew from ``sent_at`` are kept on the device."""
        received = utcnow()
        skew = (received - sent_at).total_seconds() if sent_at else None
        keys = {(i.attendee_id, i.gate_id, i.day) for i in items}

        def work(tx: Tx) -> IngestOutcome:
            self._lock(tx, keys)
            known = _read_known(tx, items, keys)
            known.judge = rulings.read(tx, device.id, items, skew,
                                       known.attendee_rows, known.gate_rows)
            outcome = IngestOutcome()
            staged: list[tuple[str, dict[str, Any]]] = []
            new_rows: list[dict[str, Any]] = []
            for item in items:
                status, row = _stage(item, known, outcome, device)
                staged.append((status, row))
                if status == "stored":
                    row.update(device_id=device.id, device_name=device.name,
                               received_at=iso(received), clock_skew_seconds=skew)
                    new_rows.append(row)
                    _remember(row, known, order=MAX_BIGINT - len(items) + len(new_rows))
            tx.insert_many("checkins", CHECKIN_COLUMNS, _CHECKIN_TYPES,
                           [[r[c] for c in CHECKIN_COLUMNS] for r in new_rows])
            self.feed.log_many(tx, [("checkin", r["id"], checkin_payload(r))
                                    for r in new_rows])
            if new_rows:
                outcome.feed_mark = self.feed.own_mark(tx)
            outcome.results = _results(tx, staged)
            keep_refused(tx, device, "checkin", [
                dict(row, attendee_id=item.attendee_id, gate_id=item.gate_id)
                for item, (status, row) in zip(items, staged, strict=True)
                if status == "rejected"], received)
            # The device's last-seen, backlog and clock skew, in the same transaction.
            self.devices.touch_in(tx, device, pending=pending, skew_seconds=skew,
                                  seen=received)
            return outcome

        return self.db.run(work)

    def _lock(self, tx: Tx, keys: set[Key]) -> None:
        if self.db.postgres:
            # Two processes ingesting entries for one attendee (or the same retried
            # batch) must see each other's rows: lock the (attendee, gate, day) keys,
            # in sorted order so two batches cannot deadlock. On SQLite the write
            # lock (BEGIN IMMEDIATE) already serialises writers.
            tx.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM "
                "unnest(?::text[]) AS k ORDER BY k", (["\x1f".join(k) for k in sorted(keys)],))

    def walkins(self, device: Device, attendees: Sequence[Attendee]) -> list[WalkInResult]:
        """Store attendees registered at a desk, each a new attendee of its event with a
        signed code the central list issues (the desk never chooses one: a code it sent
        is not used, and the answer says so). Idempotent: an existing id is kept as it
        is (a retried upload never overwrites an organiser's later edit) and answered
        with its code. A walk-in from a kiosk, for an event the device is not paired
        for, or under another event's attendee id is "rejected" with the reason."""

        def work(tx: Tx) -> list[WalkInResult]:
            events = {r["id"] for r in tx.execute("SELECT id FROM events")}
            results = [self._walkin(tx, device, a, events) for a in attendees]
            keep_refused(tx, device, "attendee", [
                {"id": a.id, "reason": r.reason, "attendee_id": a.id}
                for a, r in zip(attendees, results, strict=True) if r.status == "rejected"],
                utcnow())
            return results

        return self.db.run(work)

    def badge_prints(self, device: Device,
                     items: Sequence[wire.BadgePrintUpload]) -> list[wire.UploadResult]:
        """Store badge prints uploaded by ``device`` (:mod:`kiosk.central.badge_prints`):
        idempotent on their UUID, only for attendees of the device's events, published
        to the event's devices."""
        return self.db.run(lambda tx: store_prints(tx, self.feed, device, items))

    def _walkin(self, tx: Tx, device: Device, a: Attendee, events: set[str]) -> WalkInResult:
        refused = walkin_problem(device.scope, a.event_id)
        if refused is None and a.event_id not in events:
            refused = f"event {a.event_id!r} is not on the central list"
        stored = None if refused else tx.one(
            "SELECT event_id, code FROM attendees WHERE id = ?", (a.id,))
        if stored and stored["event_id"] != a.event_id:  # another event's person
            refused = f"the id {a.id!r} is taken: register the walk-in again"
        if refused:
            return WalkInResult("rejected", reason=refused)
        if stored:
            return WalkInResult("already_stored", code=stored["code"])
        code = self.codes.walkin_code_in(tx, a.event_id, a.id, a.ticket_type)
        conflict = None
        if a.code and a.code != code:
            conflict = (f"the code {a.code!r} the device chose was not used: the central "
                        "list issued this walk-in's code")
        self.attendees.upsert_in(tx, [Attendee(
            a.id, a.event_id, a.name, code, a.email, a.organisation, a.ticket_type,
            a.status, a.details, "walkin")], created_by=device.id)
        return WalkInResult("stored", code=code, conflict=conflict)

    def all(self) -> list[dict[str, Any]]:
        """Every check-in received, in order of receipt, with the attendee's and gate's
        names."""
        rows = self.db.run(lambda tx: tx.execute(
            "SELECT c.*, a.name AS attendee_name, g.name AS gate_name FROM checkins c "
            "LEFT JOIN attendees a ON a.id = c.attendee_id "
            "LEFT JOIN gates g ON g.id = c.gate_id ORDER BY c.seq"), write=False)
        for r in rows:
            r["duplicate"] = bool(r["duplicate"])
        return rows

    def count(self) -> int:
        return int(self.db.run(lambda tx: tx.scalar("SELECT count(*) AS n FROM checkins"),
                               write=False))


def _read_known(tx: Tx, items: Sequence[wire.CheckInUpload], keys: set[Key]) -> _Known:
    existing = {r["id"]: r for r in tx.select_in(
        "SELECT * FROM checkins WHERE id IN ({})", [i.id for i in items])}
    history: dict[Key, list[dict[str, Any]]] = {}
    for r in tx.select_in(
            "SELECT id, attendee_id, gate_id, day, direction, scanned_at, seq, "
            "duplicate_of, verdict FROM checkins c WHERE attendee_id IN ({}) "
            "AND direction != 'undo' AND NOT EXISTS "
            "(SELECT 1 FROM checkins u WHERE u.undoes = c.id)",
            sorted({k[0] for k in keys})):
        key = (r["attendee_id"], r["gate_id"], r["day"])
        if key in keys:
            history.setdefault(key, []).append(r)
    for passages in history.values():
        passages.sort(key=_when)
    # Who and where: a check-in must name an attendee and a gate of this list, of the
    # same event (walk-ins uploaded earlier count; deleted ones too, since the scan
    # happened while they were on the list).
    people = tx.select_in("SELECT id, event_id, ticket_type, status, code FROM attendees "
                          "WHERE id IN ({})", sorted({i.attendee_id for i in items}))
    # (And the gates of check-ins already stored under the batch's ids: another event's
    # check-in is not this device's to hear about.)
    gates = tx.select_in("SELECT * FROM gates WHERE id IN ({})",
                         sorted({i.gate_id for i in items}
                                | {r["gate_id"] for r in existing.values()}))
    undone = {i.undoes for i in items if i.undoes}
    return _Known(existing, history, {r["id"]: r["event_id"] for r in people},
                  {g["id"]: g["event_id"] for g in gates},
                  {g["id"]: bool(g["allow_reentry"]) for g in gates}, undone,
                  attendee_rows=people, gate_rows=gates)


def _stage(item: wire.CheckInUpload, known: _Known, outcome: IngestOutcome,
           device: Device) -> tuple[str, dict[str, Any]]:
    """What becomes of one uploaded item: ``("already_stored", its stored row)``,
    ``("rejected", {id, reason})`` or ``("stored", the new row)`` (counted in
    ``outcome``)."""
    if item.id in known.existing:
        stored_at = known.gate_events.get(known.existing[item.id]["gate_id"])
        if not device.scope.covers(stored_at):
            outcome.rejected += 1
            return "rejected", {"id": item.id, "reason": not_paired_for("this check-in")}
        outcome.already += 1
        return "already_stored", known.existing[item.id]
    reason = _checkin_problem(item, known.attendee_events, known.gate_events) \
        or _device_problem(item, device, known)
    if reason:
        outcome.rejected += 1
        return "rejected", {"id": item.id, "reason": reason}
    outcome.stored += 1
    history = _standing(item, known)
    duplicate_of = _duplicate_of(item, known, history)
    ruling = known.judge.ruling(item, history) if known.judge is not None else {}
    return "stored", dict(wire.encode_checkin_upload(item), verdict=item.verdict or "",
                          duplicate=int(duplicate_of is not None), duplicate_of=duplicate_of,
                          **ruling)


def _standing(item: wire.CheckInUpload, known: _Known) -> list[dict[str, Any]]:
    """The standing passages before ``item`` at its gate that day, oldest first."""
    if item.direction == "undo":
        return []
    return [p for p in known.history.get((item.attendee_id, item.gate_id, item.day), ())
            if p["id"] not in known.undone]  # undone in this very batch


def _duplicate_of(item: wire.CheckInUpload, known: _Known,
                  history: list[dict[str, Any]]) -> str | None:
    """The day's first entry this entry duplicates, by the kiosks' passages rule (the
    item comes after every passage already known), or None."""
    if item.direction == "undo":
        return None
    ruling = passage_outcome([p["direction"] for p in history], item.direction,
                             allow_reentry=known.reentry[item.gate_id])
    if ruling.outcome is Passage.ALREADY_IN and ruling.earlier is not None:
        first: str = history[ruling.earlier]["id"]
        return first
    return None


def _remember(row: dict[str, Any], known: _Known, *, order: int) -> None:
    """Count a newly stored row in what later items of the batch see. ``order`` stands
    in for its ``seq`` (not assigned yet): above every stored row, in batch order."""
    known.existing[row["id"]] = row
    if row["direction"] == "undo":
        return
    passages = known.history.setdefault((row["attendee_id"], row["gate_id"], row["day"]), [])
    passages.append(dict(row, seq=order))
    passages.sort(key=_when)


def _results(tx: Tx, staged: list[tuple[str, dict[str, Any]]]) -> list[wire.UploadResult]:
    """The answer for each item, with where and when the first entry of a duplicate was."""
    firsts = {r["id"]: r for r in tx.select_in(
        "SELECT c.id, c.gate_id, c.device_name, c.scanned_at, g.name AS gate_name "
        "FROM checkins c LEFT JOIN gates g ON g.id = c.gate_id WHERE c.id IN ({})",
        sorted({r["duplicate_of"] for _, r in staged if r.get("duplicate_of")}))}
    return [_result(r, status, firsts) for status, r in staged]


def _when(passage: dict[str, Any]) -> tuple[str, int]:
    """When a passage happened: kiosk time, then order of receipt."""
    return passage["scanned_at"], passage["seq"]


#: A UUID in its canonical spelling (any case): what ``str(uuid.UUID(text))`` gives back,
#: checked without building a ``UUID`` per uploaded item.
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _is_uuid(text: str) -> bool:
    return _UUID.fullmatch(text) is not None


def _checkin_problem(item: wire.CheckInUpload, attendee_events: dict[str, str],
                     gate_events: dict[str, str]) -> str | None:
    """Why an uploaded check-in cannot be stored (plain words), or None."""
    if not _is_uuid(item.id):
        return f"its id {item.id!r} is not a UUID"
    if item.attendee_id not in attendee_events:
        return f"attendee {item.attendee_id!r} is not on the central list"
    if item.gate_id not in gate_events:
        return f"gate {item.gate_id!r} is not on the central list"
    if attendee_events[item.attendee_id] != gate_events[item.gate_id]:
        return (f"attendee {item.attendee_id!r} belongs to event "
                f"{attendee_events[item.attendee_id]!r} but gate {item.gate_id!r} "
                f"to event {gate_events[item.gate_id]!r}")
    return None


def _device_problem(item: wire.CheckInUpload, device: Device, known: _Known) -> str | None:
    """Why the authenticated ``device`` may not record ``item`` (core's role rules:
    its events, its role; an undo only of a check-in it may undo), or None."""
    reason = checkin_problem(device.scope, direction=item.direction, verdict=item.verdict,
                             event_id=known.gate_events.get(item.gate_id),
                             gate_id=item.gate_id, override_reason=item.override_reason)
    if reason or item.direction != "undo":
        return reason
    # The check-in undone: stored before, or earlier in this very batch.
    target = known.judge.targets.get(item.undoes or "") if known.judge else None
    earlier = known.existing.get(item.undoes or "")
    if target is None and earlier is not None:
        target = UndoTarget(earlier["id"], known.gate_events.get(earlier["gate_id"]),
                            earlier.get("device_id"), earlier["attendee_id"],
                            earlier["direction"], rulings.instant(earlier["scanned_at"]))
    return undo_problem(device.scope, device.id, target, undoes=item.undoes,
                        attendee_id=item.attendee_id,
                        undone_at=rulings.instant(item.scanned_at), window=rulings.UNDO_WINDOW)


def _result(row: dict[str, Any], status: str,
            firsts: dict[str, dict[str, Any]]) -> wire.UploadResult:
    if status == "rejected":
        return wire.UploadResult(row["id"], status, reason=row["reason"])
    first = None
    prior = firsts.get(row["duplicate_of"]) if row["duplicate_of"] else None
    if prior:
        first = wire.FirstEntry(id=prior["id"], gate_id=prior["gate_id"],
                                gate_name=prior["gate_name"] or prior["gate_id"],
                                device_name=prior["device_name"],
                                scanned_at=prior["scanned_at"])
    return wire.UploadResult(row["id"], status, duplicate=bool(row["duplicate"]),
                             received_at=row["received_at"], first_entry=first)
