"""A kiosk with a wrong clock decides by the right time (kiosk/replica/clock.py): the
central list's measured skew (±5 minutes, ±1 day) corrects "today", validity and the
recorded time, within bounds; the check-in keeps the kiosk's own time too; a kiosk that
never synced and whose clock is outside the event's days is told so; and the skew itself
comes from a real upload to a real central list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.central.server import run_in_thread
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Event, Gate
from kiosk.core.times import ClockState
from kiosk.replica.changes import MetaKey
from kiosk.replica.checkin import CheckInService
from kiosk.replica.clock import (
    MAX_CORRECTION,
    CorrectedClock,
    clock_state,
    clock_warning,
    measured_skew,
)
from kiosk.replica.db import Replica, iso, parse_iso
from kiosk.sync.engine import SyncEngine
from tests.central_fixtures import central_list, paired_kiosk


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
        assert clock_warning(replica, event) == (
            ClockState.SUSPECT, today, event_day.date().isoformat(),
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


def _two_day_event(path: Path, first: datetime) -> Path:
    """Two event days from ``first`` (UTC); the workshop gate opens on the second only."""
    days = (first.date(), (first + timedelta(days=1)).date())
    with Replica(path) as replica:
        replica.upsert_event(Event("ev", "Event", days=days))
        replica.upsert_gate(Gate("main", "ev", "Main"))
        replica.upsert_gate(Gate("ws", "ev", "Workshop", days=days[1:],
                                 ticket_types=("Workshop",)))
        replica.upsert_attendees([
            Attendee(id="W1", event_id="ev", name="W", code="WS-1", ticket_type="Workshop"),
            Attendee(id="R1", event_id="ev", name="R", code="REG-1", ticket_type="Regular")])
    return path


def test_a_clock_that_went_back_admits_valid_people_at_a_day_restricted_gate(
        db_path: Path) -> None:
    # Paired during the event (its own clock was right then), never synced since; now
    # its clock says 2000-01-01 (a flat CMOS battery): the day cannot be told.
    event_start = datetime.now(UTC) - timedelta(hours=30)
    _two_day_event(db_path, event_start)
    dead = datetime(2000, 1, 1, 9, 0, tzinfo=UTC)
    with Replica(db_path) as replica:
        replica.set_meta(MetaKey.PAIRED_AT, iso(event_start))
        event = replica.get_event("ev")
        assert clock_state(replica, dead, event) is ClockState.WRONG
        found = clock_warning(replica, event, dead)
        assert found is not None and found[:2] == (ClockState.WRONG, "2000-01-01")
        service = CheckInService(replica, gate_id="ws", clock=lambda: dead)
        result = service.scan("WS-1")
        assert str(result.verdict) == "accepted" and result.clock is ClockState.WRONG
        assert result.to_json()["clock"] == "wrong"
        row = replica.conn.execute("SELECT day, scanned_at, device_time FROM checkins "
                                   "WHERE id = ?", (result.checkin_id,)).fetchone()
        second_day = event.days[1].isoformat()
        assert row["day"] == second_day  # the gate's day, not 2000-01-01
        assert row["scanned_at"].startswith("2000-01-01") and row["device_time"]
        # the same ticket again at once: in already (the same day; the grace), not a
        # second entry
        assert str(service.scan("WS-1").verdict) == "just_checked_in"
        # a ticket this gate never admits is still refused, for the right reason
        assert str(service.scan("REG-1").reason) == "wrong_gate"
        # the main gate: the nearest event day (the first), and people get in
        main = CheckInService(replica, gate_id="main", clock=lambda: dead).scan("REG-1")
        assert str(main.verdict) == "accepted"
        assert replica.get_checkin(str(main.checkin_id)).day == event.days[0]
        # once the central list's clock is measured, the day is the real one again
        replica.set_meta(MetaKey.CLOCK_SKEW_SECONDS, "5.0")
        assert clock_state(replica, datetime.now(UTC), event) is ClockState.CORRECTED


def test_a_suspect_clock_refuses_as_before_and_staff_are_told(db_path: Path) -> None:
    # Never paired or synced, nothing recorded: the day before the event, or a wrong
    # clock? The kiosk cannot know: the day rules apply; the banner tells staff.
    _two_day_event(db_path, datetime.now(UTC) + timedelta(days=1))
    with Replica(db_path) as replica:
        service = CheckInService(replica, gate_id="main")
        result = service.scan("REG-1")
        assert str(result.reason) == "event_not_on_today"
        assert result.clock is ClockState.SUSPECT
        found = clock_warning(replica, replica.get_event("ev"))
        assert found is not None and found[0] is ClockState.SUSPECT
        # a stand-alone kiosk's clock that then goes back a day behind its own check-in
        replica.upsert_event(Event("ev", "Event", days=(datetime.now(UTC).date(),)))
        assert str(service.scan("REG-1").verdict) == "accepted"
        replica.upsert_event(Event("ev", "Event", days=(
            (datetime.now(UTC) + timedelta(days=3)).date(),)))
        behind = CheckInService(replica, gate_id="main",
                                clock=lambda: datetime.now(UTC) - timedelta(days=2))
        again = behind.scan("REG-1")
        assert again.clock is ClockState.WRONG and str(again.verdict) == "accepted"
        assert again.to_json()["clock"] == "wrong"


def test_every_answer_of_the_central_list_refreshes_the_skew(tmp_path: Path,
                                                             monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Pairing and a sync with nothing to upload measure it too (the ``X-Checkin-Kiosk-
    Time`` header on every answer), so a clock changed since (two days ahead here) is
    corrected by the next answer, not only by the next upload; a refused sync too."""
    import kiosk.replica.clock as clock_module
    import kiosk.sync.engine as engine_module

    central, code = central_list(tmp_path, "CL", 3)
    db = tmp_path / "k.db"
    with CentralStore.open(central) as store, run_in_thread(store) as handle, \
            SyncEngine(db) as engine:
        engine.pair(handle.url, code)
        with Replica(db) as replica:
            skew = measured_skew(replica)
            assert skew is not None and abs(skew) < timedelta(seconds=5)  # by pairing
        ahead = timedelta(days=2)
        for module, name in ((engine_module, "_now"), (clock_module, "device_now")):
            monkeypatch.setattr(module, name, lambda: datetime.now(UTC) + ahead)
        result = engine.sync()
        assert result.ok and result.uploaded == 0
        with Replica(db) as replica:
            skew = measured_skew(replica)
            assert skew is not None and abs(skew + ahead) < timedelta(seconds=5)
            # and the day decided by is the central list's
            assert abs(CorrectedClock(replica)() - datetime.now(UTC)) < timedelta(seconds=5)
        store.devices.revoke(store.devices.all()[0]["id"])
        monkeypatch.setattr(engine_module, "_now", lambda: datetime.now(UTC) - ahead)
        assert not engine.sync(force=True).ok  # refused, but the answer told the time
        with Replica(db) as replica:
            skew = measured_skew(replica)
            assert skew is not None and abs(skew - ahead) < timedelta(seconds=5)


def test_an_answer_without_the_time_changes_nothing() -> None:
    from kiosk.core import wire

    sent = datetime(2026, 8, 1, 9, 0, tzinfo=UTC)
    received = sent + timedelta(seconds=2)
    assert wire.clock_skew("2026-08-01T09:01:01.000+00:00", sent, received) == 60.0
    assert wire.clock_skew(None, sent, received) is None
    assert wire.clock_skew("yesterday", sent, received) is None
    assert wire.clock_skew("2026-08-01T09:01:01", sent, received) is None  # no zone
