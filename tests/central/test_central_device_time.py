"""A check-in's own kiosk clock (``device_time``) goes up with it: the central list keeps
it beside the time decided by (``scanned_at``) and its own receive time, organisers see it
(`kiosk central checkins`, the CSV export), other kiosks get it with the feed; a list made
before migration 0009 gains the column and keeps its rows; a kiosk's absurd clock does
not get its upload refused. On SQLite and on a real PostgreSQL."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.central import schema
from kiosk.central.api.organiser import checkins_csv
from kiosk.central.server import run_in_thread
from kiosk.central.store import CentralStore
from kiosk.core import wire
from kiosk.core.models import Attendee, Gate
from tests import central_fixtures

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url


def _upload(url: str, token: str, **fields: Any) -> dict[str, Any]:
    item = {"id": str(uuid.uuid4()), "attendee_id": "A1", "gate_id": "main",
            "direction": "entry", "scanned_at": "2026-12-01T02:00:00.000+00:00",
            "day": "2026-12-01", "verdict": "accepted", **fields}
    answer = httpx.post(f"{url}/api/v1/checkins", json={"checkins": [item]},
                        headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    (result,) = answer.json()["results"]
    assert result["status"] == "stored", result
    return item


def _list_before_0009(url: str) -> None:
    """A central list as the previous version left it: no device_time, one check-in."""
    kept = schema.MIGRATIONS
    schema.MIGRATIONS = [m for m in kept if m[0] != "0009_checkin_device_time"]
    try:
        with CentralStore.open(url) as store:
            store.events.create("Conf", event_id="e", gates=[Gate("main", "", "Main")])
            store.attendees.upsert([Attendee(id="A1", event_id="e", name="Ani", code="C-1")])
            # the row as the previous version's ingest wrote it (no device_time column)
            store.db.run(lambda tx: tx.execute(
                "INSERT INTO checkins (id, attendee_id, gate_id, direction, scanned_at, day, "
                "device_id, received_at) VALUES (?, 'A1', 'main', 'entry', ?, ?, 'dev-old', ?)",
                (str(uuid.uuid4()), "2026-11-30T02:00:00.000+00:00", "2026-11-30",
                 "2026-11-30T02:00:01.000+00:00")))
            columns = store.db.run(lambda tx: tx.execute("SELECT * FROM checkins"),
                                   write=False)[0]
            assert "device_time" not in columns
    finally:
        schema.MIGRATIONS = kept


def _check(url: str) -> None:
    _list_before_0009(url)
    with CentralStore.open(url) as store:
        (old,) = store.ingest.all()
        assert old["device_time"] is None  # the earlier row is kept, with no kiosk clock
        token = store.devices.pair(store.devices.new_pairing_code(device_name="K2").code).token
        with run_in_thread(store) as server:
            # the kiosk's own clock, in another zone: kept in the one spelling (UTC)
            sent = _upload(server.url, token, device_time="2026-12-01T08:59:30+07:00")
            # a flat battery's 1970: not a reason to refuse the check-in; not kept either
            absurd = _upload(server.url, token, device_time="1970-01-01T00:00:00+00:00")
            garbage = _upload(server.url, token, device_time="yesterday-ish")
            older_kiosk = _upload(server.url, token)  # a kiosk that sends none
            feed = httpx.get(f"{server.url}/api/v1/changes", params={"limit": 100},
                             headers={"Authorization": f"Bearer {token}"}).json()
        rows = {r["id"]: r for r in store.ingest.all()}
        assert rows[sent["id"]]["device_time"] == "2026-12-01T01:59:30.000+00:00"
        assert rows[sent["id"]]["scanned_at"] == "2026-12-01T02:00:00.000+00:00"
        assert rows[absurd["id"]]["device_time"] == "1970-01-01T00:00:00.000+00:00"
        assert rows[garbage["id"]]["device_time"] is None
        assert rows[older_kiosk["id"]]["device_time"] is None
        # other kiosks read it from the feed
        records = {c.id: c.value() for c in map(wire.decode_change,
                                                wire.decode_feed_page(feed).changes)
                   if c.kind == "checkin"}
        assert records[sent["id"]].device_time == "2026-12-01T01:59:30.000+00:00"  # type: ignore[union-attr]
        # organisers see it in the export
        table = list(csv.DictReader(io.StringIO(checkins_csv(store.ingest.all()))))
        by_id = {r["id"]: r for r in table}
        assert by_id[sent["id"]]["device_time"] == "2026-12-01T01:59:30.000+00:00"
        assert by_id[old["id"]]["device_time"] == ""


def test_device_time_on_sqlite(tmp_path: Path) -> None:
    _check(str(tmp_path / "central.db"))


@pytest.mark.postgres
def test_device_time_on_postgres(pg_url: str) -> None:
    _check(pg_url)


def test_organisers_see_the_kiosk_clock_where_it_differs(tmp_path: Path,
                                                        run_kiosk: Any) -> None:
    db = tmp_path / "central.db"
    with CentralStore.open(db) as store:
        store.events.create("Conf", event_id="e", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee(id="A1", event_id="e", name="Ani", code="C-1"),
                                Attendee(id="A2", event_id="e", name="Budi", code="C-2")])
        paired = store.devices.pair(store.devices.new_pairing_code(device_name="K1").code)
        store.ingest.checkins(store.devices.authenticate(paired.token), [
            wire.CheckInUpload(id=str(uuid.uuid4()), attendee_id="A1", gate_id="main",
                               direction="entry", scanned_at="2026-12-01T02:00:00.000+00:00",
                               day="2026-12-01", device_time="2000-01-01T00:00:00.000+00:00"),
            wire.CheckInUpload(id=str(uuid.uuid4()), attendee_id="A2", gate_id="main",
                               direction="entry", scanned_at="2026-12-01T02:05:00.000+00:00",
                               day="2026-12-01", device_time="2026-12-01T02:05:00.000+00:00")])
        # /admin is the console now (it shows no kiosk clock): the CLI and the export do
        recent = {r["attendee_id"]: r for r in store.dashboard.figures()["recent"]}
        assert recent["A1"]["device_time"] == "2000-01-01T00:00:00.000+00:00"
    out = run_kiosk("central", "checkins", "--db", str(db), check=True).stdout
    ani, budi = [line for line in out.splitlines() if "Ani" in line or "Budi" in line]
    assert "kiosk clock 2000-01-01T00:00:00.000+00:00" in ani
    assert "kiosk clock" not in budi  # the same as the time decided by: not repeated


def test_a_kiosk_whose_clock_reads_1970_still_uploads(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A never-synced kiosk after a flat CMOS battery: its clock reads 1970-01-01 (before
    2000, beyond the kiosk's own one-week correction). Its check-ins were refused whole
    (422 on the batch's ``sent_at``, then on ``scanned_at`` and ``day``) and waited
    forever. Now they are stored, their time corrected by the batch's own measured skew,
    the day the event's day of that time, the kiosk's own clock kept as device_time. The
    real engine against a real `kiosk serve`."""
    from datetime import UTC, datetime, timedelta

    from kiosk.replica import clock
    from kiosk.replica.db import Replica
    from kiosk.sync import engine as engine_module
    from kiosk.sync.engine import SyncEngine
    from tests.central_fixtures import live_list, scan_at, start_serve

    central = tmp_path / "central.db"
    codes = live_list(central, 1)
    server = start_serve(central)
    try:
        with SyncEngine(tmp_path / "k.db") as engine:
            engine.pair(server.url, codes[0])
            assert engine.sync().ok
            with Replica(tmp_path / "k.db") as replica:  # never measured its clock
                replica.set_meta("clock_skew_seconds", None)
            offset = datetime.now(UTC) - datetime(1970, 1, 1, 8, 0, tzinfo=UTC)
            monkeypatch.setattr(clock, "device_now", lambda: datetime.now(UTC) - offset)
            monkeypatch.setattr(engine_module, "_now", lambda: datetime.now(UTC) - offset)
            assert scan_at(tmp_path / "k.db", "LV-3") == "accepted"
            result = engine.sync()
            assert result.ok and result.uploaded == 1, result.error
            with Replica(tmp_path / "k.db") as replica:
                assert replica.pending_upload_count() == 0
        with CentralStore.open(central) as store:
            (row,) = store.ingest.all()
        kept = datetime.fromisoformat(row["scanned_at"])
        assert abs(kept - datetime.now(UTC)) < timedelta(minutes=5), row
        assert row["day"] == datetime.now(UTC).date().isoformat()  # the event is in UTC
        assert str(row["device_time"]).startswith("1970-01-01T08:0"), row
        assert row["clock_skew_seconds"] > 50 * 365 * 86400
    finally:
        server.stop()


def test_the_kept_time_rule() -> None:
    from datetime import UTC, datetime, timedelta

    from kiosk.core.times import kept_scan_time

    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    fine = datetime(2026, 12, 1, 8, 59, tzinfo=UTC)
    assert kept_scan_time(fine, skew=None, received_at=now) == fine
    assert kept_scan_time(fine, skew=timedelta(days=20000), received_at=now) == fine
    flat = datetime(1970, 1, 1, 0, 5, tzinfo=UTC)
    skew = now - datetime(1970, 1, 1, 0, 10, tzinfo=UTC)  # sent 5 minutes after the scan
    assert kept_scan_time(flat, skew=skew, received_at=now) == now - timedelta(minutes=5)
    assert kept_scan_time(flat, skew=None, received_at=now) == now
    # A correction landing in the future or out of range is not believed.
    assert kept_scan_time(flat, skew=timedelta(days=30000), received_at=now) == now
    assert kept_scan_time(datetime(1, 1, 1, tzinfo=UTC), skew=-timedelta(days=1),
                          received_at=now) == now
