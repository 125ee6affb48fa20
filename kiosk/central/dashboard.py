"""The organisers' dashboard: the figures the admin page shows, and its organiser token."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from kiosk.central.db import CentralDB, Tx, utcnow
from kiosk.central.devices import hash_token
from kiosk.central.payloads import event_from_row, event_payload
from kiosk.core.times import local_day

#: Entries not undone: someone who came in.
_STANDING = ("FROM checkins c WHERE c.direction = 'entry' AND c.day = ? AND NOT "
             "EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id)")


class Dashboard:
    """Arrivals, devices and the latest check-ins, for organisers."""

    def __init__(self, db: CentralDB) -> None:
        self.db = db

    def figures(self, day: date | None = None, *, recent: int = 30) -> dict[str, Any]:
        """What the organisers' page shows: arrivals per gate on ``day`` (default: today in
        the event's zone, the first event's when there are several), totals, duplicates,
        devices and the latest arrivals."""

        def work(tx: Tx) -> dict[str, Any]:
            first = tx.one("SELECT * FROM events ORDER BY id LIMIT 1")
            day_text = (day or local_day(utcnow(), event_from_row(first) if first else None)
                        ).isoformat()
            return {
                "day": day_text,
                "events": [dict(event_payload(r)) for r in
                           tx.execute("SELECT * FROM events ORDER BY id")],
                "attendees": int(tx.scalar(
                    "SELECT count(*) AS n FROM attendees WHERE deleted = 0")),
                "arrived": int(tx.scalar(
                    "SELECT count(DISTINCT c.attendee_id) AS n " + _STANDING, (day_text,))),
                "checkins": int(tx.scalar("SELECT count(*) AS n FROM checkins")),
                "duplicates": int(tx.scalar(
                    "SELECT count(*) AS n FROM checkins WHERE duplicate = 1")),
                "gates": tx.execute(
                    "SELECT g.id, g.name, (SELECT count(DISTINCT c.attendee_id) " + _STANDING
                    + " AND c.gate_id = g.id) AS arrived FROM gates g WHERE g.deleted = 0 "
                    "ORDER BY g.name", (day_text,)),
                "devices": tx.execute(
                    "SELECT id, name, gate_id, paired_at, revoked_at, last_seen_at, "
                    "clock_skew_seconds, pending_uploads FROM devices ORDER BY name, id"),
                "recent": tx.execute(
                    "SELECT c.id, c.scanned_at, c.device_time, c.received_at, c.direction, "
                    "c.gate_id, "
                    "c.device_name, c.duplicate, a.name AS attendee_name, c.attendee_id "
                    "FROM checkins c LEFT JOIN attendees a ON a.id = c.attendee_id "
                    "ORDER BY c.seq DESC LIMIT ?", (recent,)),
            }

        return self.db.run(work, write=False)

    def new_admin_token(self) -> str:
        """A new organiser token for the admin web page (replaces the previous one)."""
        token = secrets.token_urlsafe(24)
        self.db.run(lambda tx: tx.execute(
            "INSERT INTO meta (key, value) VALUES ('admin_token_hash', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (hash_token(token),)))
        return token

    def check_admin_token(self, token: str | None) -> bool:
        if not token:
            return False
        stored = self.db.run(lambda tx: tx.scalar(
            "SELECT value FROM meta WHERE key = 'admin_token_hash'"), write=False)
        return bool(stored) and secrets.compare_digest(str(stored), hash_token(token))
