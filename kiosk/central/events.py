"""Organiser operations on events and their gates."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from kiosk.central.db import CentralDB, Tx, iso, utcnow
from kiosk.central.feed import ChangeFeed
from kiosk.central.payloads import event_from_row, event_payload, gate_payload
from kiosk.core.attendee_csv import slugify
from kiosk.core.models import Event, Gate, parse_languages
from kiosk.core.tickets import generate_keypair
from kiosk.errors import CentralError, NotFound


class Events:
    """Events (each with its own signing key) and gates."""

    def __init__(self, db: CentralDB, feed: ChangeFeed) -> None:
        self.db = db
        self.feed = feed

    def create(self, name: str, *, event_id: str | None = None, days: Sequence[date] = (),
               timezone: str | None = None, gates: Sequence[Gate] = (),
               languages: Sequence[str] | None = None) -> Event:
        """Create an event with its own signing key (and its gates). Updates name/days
        if the event exists already (the key is kept), and its zone and languages when
        given (``None`` keeps them) (codes of :data:`~kiosk.core.models.LANGUAGES`, the first
        the kiosks' default)."""
        return self.db.run(lambda tx: self.create_in(
            tx, name, event_id=event_id, days=days, timezone=timezone, gates=gates,
            languages=languages))

    def create_in(self, tx: Tx, name: str, *, event_id: str | None = None,
                  days: Sequence[date] = (), timezone: str | None = None,
                  gates: Sequence[Gate] = (),
                  languages: Sequence[str] | None = None) -> Event:
        """:meth:`create` inside the caller's transaction ``tx``."""
        if not name.strip():
            raise CentralError("An event needs a name.")
        event_id = event_id or slugify(name)
        known = tx.one("SELECT timezone, languages FROM events WHERE id = ?", (event_id,))
        if timezone is None:
            # An existing event keeps its zone (re-running `create-event` without
            # --timezone on another machine must not move every check-in's day).
            from kiosk.core.times import local_timezone_name

            timezone = known["timezone"] if known else local_timezone_name()
        _check_timezone(timezone)
        if languages is None:
            spoken = tuple(json.loads(known["languages"])) if known else ()
        else:
            try:
                spoken = parse_languages(" ".join(languages))
            except ValueError as exc:
                raise CentralError(str(exc)) from None
        private, public = generate_keypair()
        event = self.store_in(tx, Event(event_id, name.strip(), timezone, tuple(days),
                                        public, private, spoken))
        for gate in gates:
            self.put_gate_in(tx, Gate(gate.id, event_id, gate.name, gate.ticket_types,
                                      gate.days, gate.allow_reentry))
        return event

    def store_in(self, tx: Tx, event: Event) -> Event:
        """Store ``event`` inside ``tx``: a new one as it is; an existing one gets the
        new name, zone, days and languages but keeps its signing key. Returns what is
        stored."""
        tx.execute(
            "INSERT INTO events (id, name, timezone, days, public_key, private_key, "
            "created_at, languages) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO "
            "UPDATE SET name = excluded.name, timezone = excluded.timezone, "
            "days = excluded.days, languages = excluded.languages",
            (event.id, event.name, event.timezone, dates_json(event.days), event.public_key,
             event.private_key, iso(utcnow()), json.dumps(list(event.languages))),
        )
        row = tx.one("SELECT * FROM events WHERE id = ?", (event.id,))
        assert row is not None
        self.feed.log(tx, "event", event.id, event_payload(row))
        return event_from_row(row)

    def all(self) -> list[Event]:
        rows = self.db.run(lambda tx: tx.execute("SELECT * FROM events ORDER BY id"),
                           write=False)
        return [event_from_row(r) for r in rows]

    def get(self, event_id: str) -> Event | None:
        row = self.db.run(lambda tx: tx.one("SELECT * FROM events WHERE id = ?", (event_id,)),
                          write=False)
        return event_from_row(row) if row else None

    def row_or_default(self, tx: Tx, event_id: str | None) -> dict[str, Any]:
        """The event ``event_id`` (its row), or the first one created when it is empty."""
        if event_id:
            row = tx.one("SELECT * FROM events WHERE id = ?", (event_id,))
            if row is None:
                raise NotFound(f"No event {event_id!r} on the central list.")
            return row
        rows = tx.execute("SELECT * FROM events ORDER BY created_at, id LIMIT 2")
        if not rows:
            raise NotFound("The central list has no event yet: create one or import a CSV.")
        return rows[0]

    def put_gate(self, gate: Gate, *, deleted: bool = False) -> Gate:
        """Create or change a gate (``event_id`` empty: the default event)."""

        def work(tx: Tx) -> Gate:
            event = self.row_or_default(tx, gate.event_id or None)
            g = Gate(gate.id, event["id"], gate.name, gate.ticket_types, gate.days,
                     gate.allow_reentry)
            self.put_gate_in(tx, g, deleted=deleted)
            return g

        return self.db.run(work)

    def put_gate_in(self, tx: Tx, gate: Gate, *, deleted: bool = False) -> None:
        """:meth:`put_gate` inside ``tx`` (``gate.event_id`` given)."""
        if not gate.id.strip() or not gate.name.strip():
            raise CentralError("A gate needs an id and a name.")
        tx.execute(
            "INSERT INTO gates (id, event_id, name, ticket_types, days, allow_reentry, deleted,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "event_id = excluded.event_id, name = excluded.name, "
            "ticket_types = excluded.ticket_types, days = excluded.days, "
            "allow_reentry = excluded.allow_reentry, deleted = excluded.deleted, "
            "updated_at = excluded.updated_at",
            (gate.id, gate.event_id, gate.name, json.dumps(list(gate.ticket_types)),
             dates_json(gate.days), int(gate.allow_reentry), int(deleted), iso(utcnow())),
        )
        row = tx.one("SELECT * FROM gates WHERE id = ?", (gate.id,))
        assert row is not None
        self.feed.log(tx, "gate", gate.id, gate_payload(row))

    def gates(self) -> list[dict[str, Any]]:
        """Every gate not deleted, as the feed publishes it."""
        rows = self.db.run(lambda tx: tx.execute(
            "SELECT * FROM gates WHERE deleted = 0 ORDER BY event_id, name"), write=False)
        return [gate_payload(r) for r in rows]


def dates_json(days: Iterable[date]) -> str:
    return json.dumps([d.isoformat() for d in days])


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CentralError(f"Unknown time zone {name!r} (use an IANA name like "
                           "Asia/Jakarta).") from None
