"""The central list restored from a backup heals itself at the kiosks' next sync
(docs/deploy.md, "Backup and restore"): every check-in and walk-in the backup lost comes
back from the kiosks that hold them, none is doubled, and a kiosk that had synced past
the backup still learns later changes. Real `kiosk serve` processes, real replicas."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from kiosk.central.server import run_in_thread
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.errors import CursorUnknown, ServerUnavailable
from kiosk.replica.changes import MetaKey
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine
from tests.central_fixtures import sqlite_backup, start_serve


def _scan(db: Path, *codes: str) -> list[str]:
    with Replica(db) as replica:
        service = CheckInService(replica, gate_id="main")
        return [str(service.scan(code).verdict) for code in codes]


def _local_checkin_ids(db: Path) -> set[str]:
    with Replica(db) as replica:
        return {c["id"] for c in replica.checkins() if c["origin"] != "remote"}


def test_restore_from_backup_loses_nothing_and_kiosks_catch_up(tmp_path: Path) -> None:
    central = tmp_path / "central.db"
    with CentralStore.open(central) as store:
        store.events.create("Restore", event_id="rs", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee(id=f"R{i}", event_id="rs", name=f"Person {i}",
                                         code=f"RS-{i}") for i in range(12)])
        codes = [store.devices.new_pairing_code(device_name=n).code for n in ("K1", "K2")]
    server = start_serve(central)
    port = urlsplit(server.url).port
    k1_db, k2_db = tmp_path / "k1.db", tmp_path / "k2.db"
    k1, k2 = SyncEngine(k1_db), SyncEngine(k2_db)
    try:
        k1.pair(server.url, codes[0])
        k2.pair(server.url, codes[1])
        assert k1.sync().ok and k2.sync().ok
        assert _scan(k1_db, "RS-0", "RS-1", "RS-2") == ["accepted"] * 3
        assert _scan(k2_db, "RS-3", "RS-4", "RS-5") == ["accepted"] * 3
        assert k1.sync().ok and k2.sync().ok
        backup = tmp_path / "backup.db"
        sqlite_backup(central, backup)  # while the server runs

        # After the backup: k2 admits two more and registers a walk-in, k1 one more.
        assert _scan(k2_db, "RS-6", "RS-7") == ["accepted"] * 2
        with Replica(k2_db) as replica:
            service = CheckInService(replica, gate_id="main")
            walkin = service.register_walkin(name="Late Walk-in")
            assert str(service.check_in_attendee(walkin.id).verdict) == "accepted"
        assert k2.sync().ok
        assert _scan(k1_db, "RS-8") == ["accepted"]
        assert k1.sync().ok
        with CentralStore.open(central) as store:
            assert store.ingest.count() == 10
        with Replica(k2_db) as replica:
            k2_cursor = replica.get_meta(MetaKey.CURSOR)
        assert k2_cursor is not None

        # The organiser restores the backup and restarts the server on the same address.
        server.stop()
        sqlite_backup(backup, central)
        with CentralStore.open(central) as store:
            assert store.ingest.count() == 6  # the backup's
            # Work on the restored list before any kiosk syncs: it reuses the sequence
            # numbers the kiosks saw, so only the cursor fingerprint tells them apart.
            store.attendees.upsert([Attendee(id=f"N{i}", event_id="rs", name=f"New {i}")
                                    for i in range(15)])
            store.attendees.cancel("R9")
            top = store.db.run(lambda tx: tx.scalar("SELECT max(seq) AS n FROM changes"))
        assert int(top) >= int(k2_cursor.split(".")[1])  # "ahead" alone would not notice
        server = start_serve(central, port=port or 0)
        assert server.url == f"http://127.0.0.1:{port}"

        first, second = k2.sync(), k1.sync()
        assert first.ok and second.ok, (first.error, second.error)
        assert first.uploaded == 7 and second.uploaded == 4  # each re-sent all it holds
        assert k2.sync().ok  # and learns what k1 sent again after k2's own sync
        with CentralStore.open(central) as store:
            rows = store.ingest.all()
            walkin_back = store.attendees.get(walkin.id)
        ids = [r["id"] for r in rows]
        expected = _local_checkin_ids(k1_db) | _local_checkin_ids(k2_db)
        assert len(expected) == 10
        assert sorted(ids) == sorted(expected)  # every check-in, exactly once
        assert walkin_back.name == "Late Walk-in"  # the lost walk-in is back
        for db in (k1_db, k2_db):
            with Replica(db) as replica:
                cancelled = replica.get_attendee("R9")
                assert cancelled is not None and str(cancelled.status) == "cancelled"
                assert replica.get_attendee("N14") is not None
                assert replica.pending_upload_count() == 0
                assert replica.get_meta(MetaKey.LAST_RESTORE_HEALED_AT)
                # Each kiosk knows the other's check-ins again (via the re-read feed).
                assert {c["id"] for c in replica.checkins()} == expected
        assert _scan(k2_db, "RS-9") == ["cancelled"]
        # A later change reaches the kiosk that had synced past the backup.
        with CentralStore.open(central) as store:
            store.attendees.cancel("R10")
        result = k2.sync()
        assert result.ok and result.downloaded >= 1
        assert _scan(k2_db, "RS-10") == ["cancelled"]
        again = k2.sync()
        assert again.ok and again.uploaded == 0  # healed once, then ordinary syncs
    finally:
        k1.close()
        k2.close()
        server.stop()


def test_feed_refuses_a_cursor_it_does_not_have(tmp_path: Path) -> None:
    with CentralStore.open(tmp_path / "c.db") as store:
        store.events.create("Feed", event_id="fd", gates=[Gate("main", "", "Main")])
        page = store.feed.page()
        assert page.cursor != "0.0" and page.cursor_check
        # The same cursor with its fingerprint: fine, nothing new.
        same = store.feed.page(page.cursor, check=page.cursor_check)
        assert same.changes == [] and same.cursor_check == page.cursor_check
        with pytest.raises(CursorUnknown):
            store.feed.page("0.999")  # ahead of anything this list has
        with pytest.raises(CursorUnknown):
            store.feed.page(page.cursor, check="0123456789abcdef")  # another change there
        paired = store.devices.pair(store.devices.new_pairing_code().code)
        with run_in_thread(store) as handle:
            r = httpx.get(handle.url + "/api/v1/changes", params={"cursor": "0.999"},
                          headers={"Authorization": f"Bearer {paired.token}"})
            assert r.status_code == 409 and r.json()["error"] == "cursor_unknown"
            assert "backup" in r.json()["message"]


class _NoDownload(httpx.HTTPTransport):
    """Uploads go through; every feed request fails as if the network dropped."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/changes"):
            raise httpx.ConnectError("connection reset (test)", request=request)
        return super().handle_request(request)


def test_restore_after_an_upload_whose_download_failed(tmp_path: Path) -> None:
    # The kiosk's cursor is still before the backup, but its last upload is not: the
    # upload's feed mark is what tells it the restored list lost that upload.
    central = tmp_path / "central.db"
    with CentralStore.open(central) as store:
        store.events.create("Mark", event_id="mk", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee(id=f"M{i}", event_id="mk", name=f"M {i}",
                                         code=f"MK-{i}") for i in range(4)])
        code = store.devices.new_pairing_code(device_name="K").code
    server = start_serve(central)
    port = urlsplit(server.url).port
    kiosk = tmp_path / "k.db"
    try:
        with SyncEngine(kiosk) as engine:
            engine.pair(server.url, code)
            assert engine.sync().ok
            assert _scan(kiosk, "MK-0") == ["accepted"]
            assert engine.sync().ok
        backup = tmp_path / "backup.db"
        sqlite_backup(central, backup)
        assert _scan(kiosk, "MK-1") == ["accepted"]
        with SyncEngine(kiosk, transport=_NoDownload()) as cut:
            result = cut.sync(force=True)
        assert result.uploaded == 1 and isinstance(result.error, ServerUnavailable)
        with Replica(kiosk) as replica:
            assert replica.pending_upload_count() == 0
            assert replica.get_meta(MetaKey.UPLOAD_MARK)
        server.stop()
        sqlite_backup(backup, central)
        server = start_serve(central, port=port or 0)
        with SyncEngine(kiosk) as engine:
            healed = engine.sync()
        assert healed.ok and healed.uploaded == 2, healed
        with CentralStore.open(central) as store:
            assert sorted(r["id"] for r in store.ingest.all()) == sorted(_local_checkin_ids(kiosk))
        with Replica(kiosk) as replica:
            assert replica.get_meta(MetaKey.UPLOAD_MARK) is None  # passed by the cursor
    finally:
        server.stop()
