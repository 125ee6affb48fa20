"""A gate moved to another event, or deleted, is withdrawn from the kiosks of the event
it leaves (issue 10): the feed serves each device only its events' changes, so the
central list publishes the gate's removal under the old event. Replayed against a real
`kiosk serve` with two events and real kiosk replicas: the old event's kiosks drop the
gate, the one set to it says so in plain words and records nothing, the new event's
kiosks get it, and a hostile device of the old event cannot keep recording there."""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from tests import central_fixtures
from tests.central_fixtures import start_serve

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(params=["sqlite", "postgresql"])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty central list: a SQLite file, or a database on the test cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "central.db")
    return str(request.getfixturevalue("pg_url"))


def _gates(run_kiosk: Run, kiosk: Path) -> dict[str, str]:
    """The live gates a kiosk's replica holds: id -> event."""
    out = run_kiosk("gates", "--db", str(kiosk), "--json", check=True).stdout
    return {g["id"]: g["event_id"] for g in map(json.loads, out.splitlines())}


def _pair(run_kiosk: Run, db: str, url: str, kiosk: Path, *args: str) -> None:
    code = run_kiosk("central", "pair-code", "--db", db, *args,
                     check=True).stdout.strip().splitlines()[-1]
    run_kiosk("pair", url, code, "--db", str(kiosk), check=True)
    run_kiosk("sync", "--db", str(kiosk), check=True)


def test_a_moved_or_deleted_gate_is_withdrawn_from_the_old_events_kiosks(
        tmp_path: Path, run_kiosk: Run, central: str) -> None:
    db = central
    with CentralStore.open(db) as store:
        store.events.create("Event A", event_id="ev-a", timezone="UTC",
                            gates=[Gate("a-main", "", "A main"), Gate("hall", "", "Hall")])
        store.events.create("Event B", event_id="ev-b", timezone="UTC",
                            gates=[Gate("b-main", "", "B main")])
        store.attendees.upsert([
            Attendee(id="ann", event_id="ev-a", name="Ann", code="ANN-1"),
            Attendee(id="amy", event_id="ev-a", name="Amy", code="AMY-1"),
            Attendee(id="bob", event_id="ev-b", name="Bob", code="BOB-1"),
            Attendee(id="bea", event_id="ev-b", name="Bea", code="BEA-1")])
        # A hostile device of event A (its token used by hand).
        hostile = store.devices.pair(store.devices.new_pairing_code(
            device_name="Hostile", event_ids=["ev-a"]).code).token
    server = start_serve(db)
    at_hall, at_main, of_b = tmp_path / "hall.db", tmp_path / "main.db", tmp_path / "b.db"
    try:
        _pair(run_kiosk, db, server.url, at_hall, "--gate", "hall")
        _pair(run_kiosk, db, server.url, at_main, "--gate", "a-main")
        _pair(run_kiosk, db, server.url, of_b, "--event", "ev-b")
        assert _gates(run_kiosk, at_main) == {"a-main": "ev-a", "hall": "ev-a"}
        before = json.loads(run_kiosk("checkin", "ANN-1", "--db", str(at_hall),
                                      check=True).stdout)
        assert before["verdict"] == "accepted" and before["gate"] == "hall"
        assert "refused" not in run_kiosk("sync", "--db", str(at_hall), check=True).stderr

        # The organiser moves the hall to event B.
        moved = run_kiosk("central", "gate", "hall", "--name", "Hall", "--event", "ev-b",
                          "--db", db, check=True)
        assert "event ev-b" in moved.stdout
        synced = run_kiosk("sync", "--db", str(at_hall), check=True)
        assert "warning: This kiosk's gate 'Hall' is no longer on its event's list" in \
            synced.stderr, synced.stderr
        assert "refused" not in synced.stderr, synced.stderr
        run_kiosk("sync", "--db", str(at_main), check=True)
        run_kiosk("sync", "--db", str(of_b), check=True)
        assert _gates(run_kiosk, at_main) == {"a-main": "ev-a"}
        assert _gates(run_kiosk, at_hall) == {"a-main": "ev-a"}
        assert _gates(run_kiosk, of_b) == {"b-main": "ev-b", "hall": "ev-b"}
        # The kiosk set to the hall refuses to record, in plain words, no traceback.
        refused = run_kiosk("checkin", "AMY-1", "--db", str(at_hall))
        assert refused.returncode != 0
        assert "This kiosk's gate 'Hall' is no longer on its event's list" in refused.stderr
        assert "moved it to another event or removed it" in refused.stderr
        assert "Traceback" not in refused.stderr + refused.stdout
        # Each later `kiosk sync` says it again while the kiosk stays set to the hall.
        again = run_kiosk("sync", "--db", str(at_hall), check=True)
        assert "no longer on its event's list" in again.stderr
        # Event B's kiosk admits its people at the hall now.
        there = json.loads(run_kiosk("checkin", "BOB-1", "--db", str(of_b), "--gate",
                                     "hall", check=True).stdout)
        assert there["verdict"] == "accepted", there
        run_kiosk("sync", "--db", str(of_b), check=True)

        # A hostile device of event A keeps recording at the hall: refused, not stored.
        now = datetime.now(UTC)
        items = [{"id": str(uuid.uuid4()), "attendee_id": who, "gate_id": "hall",
                  "direction": "entry", "scanned_at": now.isoformat(),
                  "day": now.date().isoformat(), "verdict": "accepted", "code": code}
                 for who, code in (("amy", "AMY-1"), ("bea", "BEA-1"))]
        answer = httpx.post(server.url + "/api/v1/checkins", json={"checkins": items},
                            headers={"Authorization": f"Bearer {hostile}"})
        assert answer.status_code == 200, answer.text
        assert [r["status"] for r in answer.json()["results"]] == ["rejected"] * 2
        with CentralStore.open(db) as store:
            stored = {r["id"] for r in store.ingest.all()}
        assert not stored & {i["id"] for i in items}

        # Deleting a gate (no --event: the gate's own event, never the default one)
        # withdraws it from its event's kiosks too.
        removed = run_kiosk("central", "gate", "b-main", "--name", "B main", "--delete",
                            "--db", db, check=True)
        assert "removed (event ev-b)" in removed.stdout
        run_kiosk("sync", "--db", str(of_b), check=True)
        assert _gates(run_kiosk, of_b) == {"hall": "ev-b"}
        with CentralStore.open(db) as store:
            rows = store.db.run(lambda tx: tx.execute(
                "SELECT id, event_id, deleted FROM gates ORDER BY id"))
        assert [(r["id"], r["event_id"], r["deleted"]) for r in rows] == [
            ("a-main", "ev-a", 0), ("b-main", "ev-b", 1), ("hall", "ev-b", 0)]
        assert "Traceback" not in server.stop()
    finally:
        server.stop()
