"""The dashboard's "today" is the event's day (it is compared with check-ins' event-local
days), not the UTC date."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.central.store import CentralStore
from kiosk.core import wire
from kiosk.core.models import Attendee, Gate
from tests import central_fixtures

# The throwaway PostgreSQL cluster (tests/central_fixtures.py), used by name below.
pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url


def test_dashboard_today_is_the_event_local_day(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    # UTC+14 is a day ahead of UTC from 10:00 UTC, UTC-12 a day behind before 12:00 UTC:
    # at any moment one of them is on another date than UTC.
    zone = "Etc/GMT-14" if now.hour >= 11 else "Etc/GMT+12"
    local = datetime.now(ZoneInfo(zone)).date()
    assert local != datetime.now(UTC).date()
    with CentralStore.open(tmp_path / "c.db") as store:
        store.events.create("Far away", event_id="far", timezone=zone)
        assert store.dashboard.figures()["day"] == local.isoformat()


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgres",
                                                            marks=pytest.mark.postgres)])
def test_events_in_different_zones_each_count_their_own_today(
        tmp_path: Path, database: str, request: pytest.FixtureRequest) -> None:
    """UTC+14 and UTC-12 are always on different dates: each event's arrivals are counted
    on its own today, not on the first event's (on both databases)."""
    ahead, behind = "Etc/GMT-14", "Etc/GMT+12"
    day_ahead = datetime.now(ZoneInfo(ahead)).date()
    day_behind = datetime.now(ZoneInfo(behind)).date()
    assert day_ahead != day_behind
    url = str(tmp_path / "c.db") if database == "sqlite" else request.getfixturevalue("pg_url")
    with CentralStore.open(url) as store:
        store.events.create("Ahead", event_id="a", timezone=ahead,
                            gates=[Gate("a-door", "", "Door A")])
        store.events.create("Behind", event_id="b", timezone=behind,
                            gates=[Gate("b-door", "", "Door B")])
        store.attendees.upsert([Attendee("PA", "a", "Ani"), Attendee("PB", "b", "Budi"),
                                Attendee("QA", "a", "Citra")])
        device = store.devices.authenticate(store.devices.pair(
            store.devices.new_pairing_code(device_name="K").code).token)
        store.ingest.checkins(device, [
            _entry("PA", "a-door", day_ahead), _entry("PB", "b-door", day_behind),
            # at event a's gate two days ago (claimed as event b's today, which the list
            # does not take from a device): not today for event a
            _entry("QA", "a-door", day_behind, ago=timedelta(days=2))])
        figures = store.dashboard.figures()
    assert figures["days"] == {"a": day_ahead.isoformat(), "b": day_behind.isoformat()}
    assert figures["arrived"] == 2
    assert {g["id"]: g["arrived"] for g in figures["gates"]} == {"a-door": 1, "b-door": 1}
    assert day_ahead.isoformat() in figures["day"] and day_behind.isoformat() in figures["day"]


def _entry(attendee: str, gate: str, day: date,
           ago: timedelta = timedelta(0)) -> wire.CheckInUpload:
    return wire.CheckInUpload(id=str(uuid.uuid4()), attendee_id=attendee, gate_id=gate,
                              direction="entry",
                              scanned_at=(datetime.now(UTC) - ago).isoformat(),
                              day=day.isoformat())
