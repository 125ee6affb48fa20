"""A kiosk with a wrong clock decides by the right time (kiosk/replica/clock.py): the
central list's measured skew (±5 minutes, ±1 day) corrects "today", validity and the
recorded time, within bounds; the check-in keeps the kiosk's own time too; a kiosk that
never synced and whose clock is outside the event's days is told so; and the skew itself
comes from a real upload to a real central list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core.models import Attendee, Event, Gate
from kiosk.replica.changes import MetaKey
from kiosk.replica.checkin import CheckInService
from kiosk.replica.clock import MAX_CORRECTION, clock_warning, measured_skew
from kiosk.replica.db import Replica, parse_iso
from tests.central_fixtures import paired_kiosk


def _replica_for(path: Path, day: datetime) -> Path:
    """An event and a gate open on ``day`` (UTC) only."""
    with Replica(path) as replica:
        replica.upsert_event(Event("ev", "Event", days=(day.date(),)))
        replica.upsert_gate(Gate("main", "ev", "Main", days=(day.date(),)))
        replica.upsert_attendees([Attendee(id=f"A{i}", event_id="ev", name=f"P {i}",
                                           code=f"T-{i}") for i in range(3)])
    return path


@pytest.mark.parametrize("skew", [timedelta(days=1), timedelta(days=-1),
                                  timedelta(minutes=5), timedelta(minutes=-5)],
                         ids=["+1d", "-1d", "+5min", "-5min"])
def test_the_measured_skew_corrects_the_time_decided_by(db_path: Path,
                                                        skew: timedelta) -> None:
    # The central list's "now" is the event's day; this kiosk's clock is off by -skew.
    true_now = datetime.now(UTC) + skew
    _replica_for(db_path, true_now)
    with Replica(db_path) as replica:
        service = CheckInService(replica, gate_id="main")
        if abs(skew) >= timedelta(days=1):  # uncorrected, the kiosk is on the wrong day
            assert str(service.scan("T-1").verdict) == "wrong_day"
        replica.set_meta(MetaKey.CLOCK_SKEW_SECONDS, f"{skew.total_seconds():.3f}")
        result = service.scan("T-2")
        assert str(result.verdict) == "accepted"
        assert abs(result.scanned_at - (datetime.now(UTC) + skew)) < timedelta(seconds=5)
        row = replica.conn.execute("SELECT scanned_at, device_time FROM checkins "
                                   "WHERE id = ?", (result.checkin_id,)).fetchone()
        own = parse_iso(row["device_time"])
        assert abs(own - datetime.now(UTC)) < timedelta(seconds=5)  # the kiosk's own
        assert abs((parse_iso(row["scanned_at"]) - own) - skew) < timedelta(seconds=1)


def test_a_correction_beyond_the_bound_is_not_applied(db_path: Path) -> None:
    _replica_for(db_path, datetime.now(UTC))
    with Replica(db_path) as replica:
        too_far = MAX_CORRECTION + timedelta(days=1)
        replica.set_meta(MetaKey.CLOCK_SKEW_SECONDS, str(too_far.total_seconds()))
        assert measured_skew(replica) is None
        result = CheckInService(replica, gate_id="main").scan("T-1")
        assert abs(result.scanned_at - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_never_synced_kiosk_outside_the_event_days_is_told(db_path: Path) -> None:
    event_day = datetime.now(UTC) + timedelta(days=3)
    _replica_for(db_path, event_day)
    with Replica(db_path) as replica:
        event = replica.get_event("ev")
        today = datetime.now(UTC).date().isoformat()
        assert clock_warning(replica, event) == (today, event_day.date().isoformat(),
                                                 event_day.date().isoformat())
        replica.set_meta(MetaKey.CLOCK_SKEW_SECONDS, "259200.0")  # measured: corrected
        assert clock_warning(replica, event) is None
    with Replica(_replica_for(db_path.with_name("today.db"), datetime.now(UTC))) as replica:
        assert clock_warning(replica, replica.get_event("ev")) is None


def test_the_skew_is_measured_by_a_real_upload(tmp_path: Path) -> None:
    with paired_kiosk(tmp_path, "CL", 3) as (db, _, engine):
        with Replica(db) as replica:
            CheckInService(replica, gate_id="main").scan("CL-1")
        assert engine.sync().ok
        with Replica(db) as replica:
            skew = measured_skew(replica)
            assert skew is not None and abs(skew) < timedelta(seconds=5)  # same machine
