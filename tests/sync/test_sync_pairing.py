"""Pairing and upload validation through a real `kiosk serve` and the real CLI: the
server refuses bad check-ins per item and the kiosk keeps them visible; `kiosk pair`
checks everything local before claiming a (single-use) code, reads the pairing QR's
text, and says plainly what is wrong; re-pairing replaces the kiosk's old device."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.errors import AuthError
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine
from kiosk.sync.pairing import pairing_text
from tests.central_fixtures import ServeProcess, free_port, pairing_code_unused, start_serve


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, ServeProcess]]:
    db = tmp_path_factory.mktemp("pairing") / "central.db"
    with CentralStore.open(db) as store:
        store.events.create("Valid", event_id="pv", gates=[Gate("main", "", "Main")])
        store.events.create("Other", event_id="po", gates=[Gate("og", "", "Other gate")])
        store.attendees.upsert([Attendee(id=f"P{i}", event_id="pv", name=f"P {i}",
                                         code=f"PV-{i}") for i in range(5)]
                               + [Attendee(id="O1", event_id="po", name="O", code="PO-1")])
    server = start_serve(db)
    yield db, server
    server.stop()


def _code(db: Path, name: str = "") -> str:
    with CentralStore.open(db) as store:
        # Desks: these tests upload walk-ins too.
        return store.devices.new_pairing_code(device_name=name, role="desk").code


_code_unused = pairing_code_unused


def test_server_refuses_bad_checkins_per_item(central: tuple[Path, ServeProcess]) -> None:
    db, server = central
    with CentralStore.open(db) as store:
        token = store.devices.pair(_code(db, "Raw")).token
        before = store.ingest.count()
    now = datetime.now(UTC)

    def item(**extra: Any) -> dict[str, Any]:
        return {"id": str(uuid.uuid4()), "attendee_id": "P1", "gate_id": "main",
                "direction": "entry", "scanned_at": now.isoformat(),
                "day": now.date().isoformat(), **extra}

    batch = [item(), item(id="not-a-uuid"), item(attendee_id="NOPE"), item(gate_id="zzz"),
             item(gate_id="og")]
    r = httpx.post(server.url + "/api/v1/checkins", json={"checkins": batch},
                   headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["stored"] + ["rejected"] * 4
    reasons = [x.get("reason", "") for x in results[1:]]
    assert "not a UUID" in reasons[0]
    assert "'NOPE' is not on the central list" in reasons[1]
    assert "gate 'zzz' is not on the central list" in reasons[2]
    assert "event 'pv'" in reasons[3] and "event 'po'" in reasons[3]
    walkin = httpx.post(server.url + "/api/v1/attendees",
                        json={"attendees": [{"id": "WX", "event_id": "nope", "name": "X"}]},
                        headers={"Authorization": f"Bearer {token}"}).json()["results"][0]
    assert walkin["status"] == "rejected" and "'nope'" in walkin["reason"]
    with CentralStore.open(db) as store:
        assert store.ingest.count() == before + 1  # only the good one is stored


def test_kiosk_keeps_refused_checkins_visible_and_does_not_retry_them(
        central: tuple[Path, ServeProcess], tmp_path: Path, run_kiosk: Any) -> None:
    db, server = central
    kiosk = tmp_path / "k.db"
    run_kiosk("pair", server.url, _code(db, "Visible"), "--db", str(kiosk), check=True)
    with Replica(kiosk) as replica:
        # Someone only this kiosk knows (not from the central list), and one it does.
        replica.upsert_attendees([Attendee(id="GHOST", event_id="pv", name="G",
                                           code="GH-1")])
        service = CheckInService(replica, gate_id="main")
        assert str(service.scan("GH-1").verdict) == "accepted"
        assert str(service.scan("PV-2").verdict) == "accepted"
    first = run_kiosk("sync", "--db", str(kiosk))
    assert first.returncode == 0, first.stderr
    assert "1 uploaded" in first.stdout and "refused 1 upload" in first.stderr
    with Replica(kiosk) as replica:
        assert replica.pending_upload_count() == 0 and replica.rejected_upload_count() == 1
        ghost = [c for c in replica.checkins() if c["attendee_id"] == "GHOST"]
        assert len(ghost) == 1 and "not on the central list" in ghost[0]["rejected"]
    listing = run_kiosk("checkins", "--db", str(kiosk), check=True).stdout
    assert "refused by the central list: attendee 'GHOST'" in listing
    with SyncEngine(kiosk) as engine:
        again = engine.sync(force=True)
        assert again.ok and again.uploaded == 0  # not sent again
        assert engine.status().rejected_uploads == 1
    with CentralStore.open(db) as store:
        assert not [c for c in store.ingest.all() if c["attendee_id"] == "GHOST"]


def test_pair_checks_the_replica_before_claiming_the_code(
        central: tuple[Path, ServeProcess], tmp_path: Path, run_kiosk: Any,
        sample_csv: Path) -> None:
    db, server = central
    code = _code(db)
    # A central list's file is not a replica: refused, and the code is not used up.
    wrong = run_kiosk("pair", server.url, code, "--db", str(db))
    assert wrong.returncode == 1 and "not a kiosk replica" in wrong.stderr
    assert "Traceback" not in wrong.stderr and _code_unused(db, code)
    # A stand-alone replica with its own event and attendees: refused unless --force.
    standalone = tmp_path / "sa.db"
    run_kiosk("import", str(sample_csv), "--db", str(standalone), check=True)
    refused = run_kiosk("pair", server.url, code, "--db", str(standalone))
    assert refused.returncode == 1 and "stand-alone replica" in refused.stderr
    assert "--force" in refused.stderr and "new replica file" in refused.stderr
    assert _code_unused(db, code)
    forced = run_kiosk("pair", server.url, code, "--db", str(standalone), "--force")
    assert forced.returncode == 0, forced.stderr
    # Paired elsewhere: refused before any network call.
    elsewhere = run_kiosk("pair", "http://127.0.0.1:9", "ABCD-EF23", "--db", str(standalone))
    assert elsewhere.returncode == 1 and "another central list" in elsewhere.stderr


def test_pair_reads_the_qr_text_and_says_plainly_what_is_wrong(
        central: tuple[Path, ServeProcess], tmp_path: Path, run_kiosk: Any) -> None:
    db, server = central
    # The pairing QR's text alone, or as CODE; a URL without http://.
    qr = pairing_text(_code(db, "QR"), server.url)
    alone = run_kiosk("pair", qr, "--db", str(tmp_path / "a.db"))
    assert alone.returncode == 0 and "Paired as QR" in alone.stdout, alone.stderr
    as_code = run_kiosk("pair", server.url, pairing_text(_code(db), server.url),
                        "--db", str(tmp_path / "b.db"))
    assert as_code.returncode == 0, as_code.stderr
    bare = server.url.removeprefix("http://")
    schemeless = run_kiosk("pair", bare, _code(db).lower(), "--db", str(tmp_path / "c.db"))
    assert schemeless.returncode == 0, schemeless.stderr
    assert f"with {server.url}." in schemeless.stdout

    for short in ("", "AB"):
        r = run_kiosk("pair", server.url, short, "--db", str(tmp_path / "x.db"))
        assert r.returncode == 1
        assert "That pairing code is too short: it looks like ABCD-EF23" in r.stderr
    no_url = run_kiosk("pair", "ABCD-EF23", "--db", str(tmp_path / "x.db"))
    assert no_url.returncode == 1 and "Give the central list's URL" in no_url.stderr

    down = f"http://127.0.0.1:{free_port()}"
    r = run_kiosk("pair", down, "ABCD-EF23", "--db", str(tmp_path / "x.db"))
    assert r.returncode == 1
    assert (f"Cannot reach the central list at {down}: connection refused. Check the "
            "address and that `kiosk serve` runs.") in r.stderr

    # Something else answering HTTP (a plain web server: 501 for POST).
    other = HTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    thread = threading.Thread(target=other.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{other.server_address[1]}"
        r = run_kiosk("pair", url, "ABCD-EF23", "--db", str(tmp_path / "x.db"))
    finally:
        other.shutdown()
        other.server_close()
    assert r.returncode == 1
    assert f"{url} does not look like a checkin-kiosk central list" in r.stderr
    assert "Traceback" not in r.stderr


def test_repairing_replaces_the_old_device_and_pending_is_reported(
        central: tuple[Path, ServeProcess], tmp_path: Path) -> None:
    db, server = central
    kiosk = tmp_path / "re.db"
    with SyncEngine(kiosk) as engine:
        first = engine.pair(server.url, _code(db, "Twice"))
        assert engine.sync().ok
        with Replica(kiosk) as replica:
            assert str(CheckInService(replica, gate_id="main").scan("PV-4").verdict) \
                == "accepted"
        assert engine.sync().uploaded == 1
        with CentralStore.open(db) as store:
            stored = store.ingest.count()
        second = engine.pair(server.url, _code(db, "Twice"))
        # Sent again after re-pairing (the list may have lost it), stored once.
        assert engine.sync().uploaded == 1
        with CentralStore.open(db) as store:
            assert store.ingest.count() == stored
    old = httpx.get(server.url + "/api/v1/whoami",
                    headers={"Authorization": f"Bearer {first['token']}"})
    assert old.status_code == 403  # the old token stopped working
    with CentralStore.open(db) as store:
        devices = {d["id"]: d for d in store.devices.all()}
        assert devices[first["device_id"]]["revoked_at"]
        assert not devices[second["device_id"]]["revoked_at"]
        store.devices.revoke(second["device_id"])
    # Revoked with a check-in waiting: the organiser sees it is pending there.
    with Replica(kiosk) as replica:
        assert str(CheckInService(replica, gate_id="main").scan("PV-3").verdict) == "accepted"
    with SyncEngine(kiosk) as engine:
        assert isinstance(engine.sync(force=True).error, AuthError)
    with CentralStore.open(db) as store:
        device = next(d for d in store.devices.all() if d["id"] == second["device_id"])
        assert device["pending_uploads"] == 1
