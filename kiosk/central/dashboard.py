"""The organisers' dashboard: the figures the admin page shows, and its organiser token."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from kiosk.central.db import CentralDB, Tx, utcnow
from kiosk.central.devices import hash_token
from kiosk.central.payloads import event_from_row, event_payload
from kiosk.core.times import local_day

#: Who came in (standing entries: not undone) on the given days, counted per ``{key}``.
_ARRIVED = ("SELECT {key} AS grp, c.day, count(DISTINCT c.attendee_id) AS n FROM checkins c "
            "JOIN gates g ON g.id = c.gate_id WHERE c.direction = 'entry' AND c.day IN ({{}}) "
            "AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id) "
            "GROUP BY {key}, c.day")


def _arrived(tx: Tx, key: str, days: list[str]) -> dict[tuple[str, str], int]:
    """Arrivals by (``key``: the gate's ``g.event_id`` or ``c.gate_id``, day)."""
    return {(r["grp"], r["day"]): int(r["n"])
            for r in tx.select_in(_ARRIVED.format(key=key), days)}


class Dashboard:
    """Arrivals, devices and the latest check-ins, for organisers."""

    def __init__(self, db: CentralDB) -> None:
        self.db = db

    def figures(self, day: date | None = None, *, recent: int = 30) -> dict[str, Any]:
        """What the organisers' page shows: arrivals per gate on ``day``, totals,
        duplicates, devices and the latest arrivals. Without ``day`` each event's arrivals
        are counted on *its* today (core/times: the event's zone), so events in different
        zones are each on their own date; ``days`` says which (``day``: that date, or the
        dates joined when they differ)."""

        def work(tx: Tx) -> dict[str, Any]:
            events = tx.execute("SELECT * FROM events ORDER BY id")
            now = utcnow()
            days = {e["id"]: (day or local_day(now, event_from_row(e))).isoformat()
                    for e in events}
            shown = sorted(set(days.values())) or [(day or local_day(now, None)).isoformat()]
            by_event = _arrived(tx, "g.event_id", shown)
            by_gate = _arrived(tx, "c.gate_id", shown)
            gates = tx.execute("SELECT id, name, event_id FROM gates WHERE deleted = 0 "
                               "ORDER BY name")
            return {
                "day": " / ".join(shown),
                "days": days,
                "events": [dict(event_payload(r)) for r in events],
                "attendees": int(tx.scalar(
                    "SELECT count(*) AS n FROM attendees WHERE deleted = 0")),
                # One person belongs to one event: the events' counts add up.
                "arrived": sum(n for (event, d), n in by_event.items() if days.get(event) == d),
                "checkins": int(tx.scalar("SELECT count(*) AS n FROM checkins")),
                "duplicates": int(tx.scalar(
                    "SELECT count(*) AS n FROM checkins WHERE duplicate = 1")),
                "gates": [{"id": g["id"], "name": g["name"],
                           "arrived": by_gate.get((g["id"], days.get(g["event_id"], "")), 0)}
                          for g in gates],
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
