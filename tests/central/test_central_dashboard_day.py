"""The dashboard's "today" is the event's day (it is compared with check-ins' event-local
days), not the UTC date."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.central.store import CentralStore


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
