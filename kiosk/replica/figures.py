"""What the desk shows about the day: who is in now, arrivals per gate, per ticket type
and per quarter hour, and each person's latest passage. Read-only queries over the
replica's ``checkins`` (undone passages never count; an undo row is not a passage)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, tzinfo

from kiosk.core.models import CheckIn
from kiosk.replica.db import Replica, _checkin, parse_iso

#: Standing passages: entries and exits nobody undid.
_STANDING = ("direction != 'undo' AND NOT EXISTS "
             "(SELECT 1 FROM checkins u WHERE u.undoes = c.id)")


class DeskFigures:
    """Figures for one replica (use from the replica's thread)."""

    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    def last_passages(self, attendee_ids: list[str], day: date) -> dict[str, CheckIn]:
        """Each attendee's latest standing passage on ``day`` at any gate."""
        out: dict[str, CheckIn] = {}
        for start in range(0, len(attendee_ids), 500):
            chunk = attendee_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.replica.conn.execute(
                f"SELECT * FROM checkins c WHERE attendee_id IN ({marks}) AND day = ? "
                f"AND {_STANDING} ORDER BY scanned_at, rowid",
                (*chunk, day.isoformat()))
            for row in rows:
                out[row["attendee_id"]] = _checkin(row)
        return out

    def inside_now(self, day: date) -> int:
        """People whose latest standing passage today is an entry."""
        rows = self.replica.conn.execute(
            f"SELECT attendee_id, direction FROM checkins c WHERE day = ? AND {_STANDING} "
            "ORDER BY scanned_at, rowid", (day.isoformat(),))
        last = {r[0]: r[1] for r in rows}
        return sum(1 for d in last.values() if d == "entry")

    def entries_by_ticket_type(self, day: date) -> dict[str, int]:
        """Distinct people with a standing entry today, per ticket type."""
        rows = self.replica.conn.execute(
            "SELECT a.ticket_type, count(DISTINCT c.attendee_id) FROM checkins c "
            "JOIN attendees a ON a.id = c.attendee_id "
            f"WHERE c.day = ? AND c.direction = 'entry' AND {_STANDING} "
            "GROUP BY a.ticket_type ORDER BY a.ticket_type", (day.isoformat(),))
        return {r[0] or "": int(r[1]) for r in rows}

    def arrivals_per_quarter(self, day: date, zone: tzinfo) -> list[tuple[datetime, int]]:
        """First entry of each person today, counted per 15 minutes (local start times),
        from the first quarter with an arrival to the last."""
        rows = self.replica.conn.execute(
            "SELECT attendee_id, min(scanned_at) FROM checkins c "
            f"WHERE day = ? AND direction = 'entry' AND {_STANDING} GROUP BY attendee_id",
            (day.isoformat(),))
        quarters: Counter[datetime] = Counter()
        for _attendee, first in rows:
            local = parse_iso(first).astimezone(zone)
            quarters[local.replace(minute=local.minute - local.minute % 15, second=0,
                                   microsecond=0)] += 1
        if not quarters:
            return []
        start, end = min(quarters), max(quarters)
        out = []
        while start <= end:
            out.append((start, quarters.get(start, 0)))
            start += timedelta(minutes=15)
        return out
