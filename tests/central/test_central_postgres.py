"""The central list on a real (throwaway) PostgreSQL cluster: the change feed never
skips a late commit, two `kiosk serve` processes share one database, and concurrent
entries for one attendee through two processes give exactly one duplicate."""

from __future__ import annotations

import random
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

import kiosk.sync.engine as engine_module
from kiosk.central.db import Tx
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine
from kiosk.sync.live import run_live
from tests import central_fixtures
from tests.central_fixtures import start_serve

pytestmark = pytest.mark.postgres
# The throwaway-cluster fixtures (tests/central_fixtures.py), used by name below.
pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url


def _attendees(prefix: str, n: int) -> list[Attendee]:
    return [Attendee(id=f"{prefix}-{i}", event_id="pg", name=f"{prefix} {i}") for i in range(n)]


def test_a_late_commit_is_not_skipped(pg_url: str) -> None:
    """T1 writes first but commits last: a plain sequence cursor would skip T1's change;
    ours waits for it (only changes below the oldest running transaction are served)."""
    with CentralStore.open(pg_url) as store:
        store.events.create("PG", event_id="pg")
        start = store.feed.page(limit=100)
        assert not start.more
        cursor = start.cursor

        slow = psycopg.connect(pg_url, autocommit=False)
        slow.execute("INSERT INTO changes (kind, entity_id, payload, created_at) "
                     "VALUES ('attendee', 'late', '{}', 'now')")
        store.attendees.upsert(_attendees("early", 1))  # T2 commits while T1 is open

        naive_last = int(store.db.run(lambda tx: tx.scalar("SELECT max(seq) AS m FROM changes")))
        page = store.feed.page(cursor, limit=100)
        assert page.changes == []  # early's change waits behind the open transaction
        assert page.cursor == cursor

        slow.commit()
        slow.close()
        page = store.feed.page(cursor, limit=100)
        assert [c["id"] for c in page.changes] == ["late", "early-0"]
        # What a naive "seq > last seen" reader would have done: it saw early (the
        # highest seq) before late committed, so it never returns to late's lower seq.
        late_seq = store.db.run(lambda tx: tx.scalar(
            "SELECT seq FROM changes WHERE entity_id = 'late'"))
        assert late_seq < naive_last


@pytest.mark.parametrize("live", [False, True], ids=["polling", "live"])
def test_concurrent_writers_while_a_kiosk_pages_the_feed(
        pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, live: bool) -> None:
    """``live``: the kiosk syncs in real time (kiosk/sync/live.py: woken by the live feed
    through the first process while the second writes, LISTEN/NOTIFY between them) and
    the direct reader holds live requests (``wait``) instead of paging in a loop."""
    monkeypatch.setattr(engine_module, "PAGE_SIZE", 10)  # many pages while writers write
    with CentralStore.open(pg_url) as store:
        store.events.create("PG", event_id="pg", gates=[Gate("main", "", "Main")])
        kiosk_code = store.devices.new_pairing_code(device_name="Reader").code
        uploader = store.devices.pair(store.devices.new_pairing_code(device_name="Uploader").code)
        watcher = store.devices.pair(store.devices.new_pairing_code(device_name="Watcher").code)

    server_a, server_b = start_serve(pg_url), start_serve(pg_url)  # side by side
    engine = SyncEngine(tmp_path / "kiosk.db")
    stop = threading.Event()
    failures: list[str] = []
    try:
        engine.pair(server_a.url, kiosk_code)
        writer_store = CentralStore.open(pg_url, pool_size=6)

        def organiser(w: int) -> None:
            rng = random.Random(w)
            for batch in range(30):
                people = _attendees(f"w{w}b{batch}", 4)

                def work(tx: Tx, people: list[Attendee] = people) -> None:
                    writer_store.attendees.upsert_in(tx, people)
                    # Hold the transaction open a little: commits land out of seq order.
                    tx.execute("SELECT pg_sleep(?)", (rng.random() * 0.05,))

                writer_store.db.run(work)

        def upload_checkins() -> None:
            with httpx.Client(base_url=server_b.url + "/api/v1",
                              headers={"Authorization": f"Bearer {uploader.token}"}) as client:
                for batch in range(20):
                    # Walk-ins first: the central list refuses check-ins for people it
                    # does not know.
                    walkins = [{"id": f"walk-{batch}-{i}", "event_id": "pg",
                                "name": f"Walk-in {batch}-{i}"} for i in range(10)]
                    r = client.post("/attendees", json={"attendees": walkins})
                    if r.status_code != 200:
                        failures.append(r.text)
                    items = [{"id": str(uuid.uuid4()), "attendee_id": f"walk-{batch}-{i}",
                              "gate_id": "main", "direction": "entry",
                              "scanned_at": datetime.now(UTC).isoformat(),
                              "day": datetime.now(UTC).date().isoformat()} for i in range(10)]
                    r = client.post("/checkins", json={"checkins": items})
                    if r.status_code != 200:
                        failures.append(r.text)

        def kiosk() -> None:
            if live:
                run_live(engine, interval=60, stop=stop, wait=5, on_result=lambda r: (
                    failures.append(f"kiosk: {r.error}") if not r.ok else None))
                return
            while not stop.is_set():
                result = engine.sync(force=True)
                if not result.ok:
                    failures.append(f"kiosk: {result.error}")

        direct: list[tuple[str, str]] = []

        def tight_reader() -> None:
            # Pages the feed as fast as it can (no HTTP) to hit every commit-order window.
            cursor = "0.0"
            while True:
                done = stop.is_set()
                page = writer_store.feed.page(cursor, limit=7)
                direct.extend((c["kind"], c["id"]) for c in page.changes)
                cursor = page.cursor
                if done and not page.more:
                    break

        def live_reader() -> None:
            # Holds live requests on the first process, 7 changes at a time.
            cursor = "0.0"
            with httpx.Client(base_url=server_a.url + "/api/v1", timeout=30, headers={
                    "Authorization": f"Bearer {watcher.token}"}) as client:
                while True:
                    done = stop.is_set()
                    r = client.get("/changes", params={"cursor": cursor, "limit": 7,
                                                       "wait": 0.5 if done else 5})
                    assert r.status_code == 200, r.text
                    page = r.json()
                    assert page["live"] is True
                    direct.extend((c["kind"], c["id"]) for c in page["changes"])
                    cursor = page["cursor"]
                    if done and not page["more"] and not page["changes"]:
                        break

        reader = threading.Thread(target=kiosk)
        reader.start()
        fast = threading.Thread(target=live_reader if live else tight_reader)
        fast.start()
        with ThreadPoolExecutor(4) as pool:
            jobs = [pool.submit(organiser, w) for w in range(3)] + [pool.submit(upload_checkins)]
            for job in jobs:
                job.result()
        stop.set()
        reader.join(timeout=60)
        fast.join(timeout=60)
        assert engine.sync(force=True).ok  # drain what is left
        logged = writer_store.db.run(lambda tx: tx.execute(
            "SELECT kind, entity_id FROM changes"), write=False)
        # Every change exactly once: none skipped, none served twice.
        assert sorted(direct) == sorted((r["kind"], r["entity_id"]) for r in logged)
        assert not failures, failures[:3]

        central_attendees = {a.id for a in writer_store.attendees.all()}
        central_checkins = {c["id"] for c in writer_store.ingest.all()}
        writer_store.close()
        assert len(central_attendees) == 3 * 30 * 4 + 200 and len(central_checkins) == 200
        with Replica(tmp_path / "kiosk.db") as replica:
            local_attendees = {a.id for a in replica.attendees()}
            local_checkins = {c["id"] for c in replica.checkins()}
            applied_pages = replica.get_meta("sync_cursor")
        assert local_attendees == central_attendees
        assert local_checkins == central_checkins
        assert applied_pages and applied_pages != "0.0"
        assert server_a.alive() and server_b.alive()
    finally:
        stop.set()
        engine.close()
        server_a.stop()
        server_b.stop()


def test_simultaneous_entries_through_two_processes_give_one_duplicate(pg_url: str) -> None:
    with CentralStore.open(pg_url) as store:
        store.events.create("PG", event_id="pg", gates=[Gate("main", "", "Main")])
        store.attendees.upsert(_attendees("p", 30))
        tokens = [store.devices.pair(store.devices.new_pairing_code(device_name=n).code).token
                  for n in ("East", "West")]
    servers = [start_serve(pg_url), start_serve(pg_url)]
    try:
        day = datetime.now(UTC).date().isoformat()

        def post(k: int, attendee: str) -> dict[str, Any]:
            item = {"id": str(uuid.uuid4()), "attendee_id": attendee, "gate_id": "main",
                    "direction": "entry", "scanned_at": datetime.now(UTC).isoformat(),
                    "day": day}
            r = httpx.post(servers[k].url + "/api/v1/checkins", json={"checkins": [item]},
                           headers={"Authorization": f"Bearer {tokens[k]}"}, timeout=30)
            assert r.status_code == 200, r.text
            return r.json()["results"][0]

        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(post, k, f"p-{i}") for i in range(30) for k in (0, 1)]
            results = [f.result() for f in futures]
        assert sum(r["duplicate"] for r in results) == 30
        with CentralStore.open(pg_url) as store:
            rows = store.ingest.all()
        assert len(rows) == 60
        for i in range(30):
            mine = [r for r in rows if r["attendee_id"] == f"p-{i}"]
            assert sorted(r["duplicate"] for r in mine) == [False, True]
    finally:
        for server in servers:
            server.stop()


def test_garbage_on_postgres_is_a_4xx_and_the_server_keeps_serving(pg_url: str) -> None:
    with CentralStore.open(pg_url) as store:
        store.events.create("PG", event_id="pg", gates=[Gate("main", "", "Main")])
        token = store.devices.pair(store.devices.new_pairing_code(device_name="G").code).token
    server = start_serve(pg_url)
    try:
        auth = {"Authorization": f"Bearer {token}"}
        base = server.url + "/api/v1"
        walkin = {"id": "W1", "event_id": "pg", "name": "Nul", "details": {"note": "a\u0000b"}}
        bad = [
            httpx.post(base + "/attendees", json={"attendees": [walkin]}, headers=auth),
            httpx.post(base + "/attendees", content=b"\x00\x01garbage", headers=auth),
            httpx.get(base + "/changes", params={"cursor": "1.x"}, headers=auth),
            httpx.get(base + "/changes",
                      headers={"Authorization": "Bearer \u00e9".encode("latin-1")}),
        ]
        for r in bad:
            assert 400 <= r.status_code < 500, r.text
            assert r.json()["message"]
        ok = httpx.post(base + "/attendees", headers=auth,
                        json={"attendees": [dict(walkin, details={"note": "fine"})]})
        assert ok.status_code == 200 and ok.json()["results"][0]["status"] == "stored"
        assert server.alive()
    finally:
        server.stop()


def test_lost_database_connections_give_503_then_recover(pg_url: str) -> None:
    with CentralStore.open(pg_url) as store:
        store.events.create("PG", event_id="pg", gates=[Gate("main", "", "Main")])
        token = store.devices.pair(store.devices.new_pairing_code(device_name="G").code).token
    server = start_serve(pg_url)
    try:
        auth = {"Authorization": f"Bearer {token}"}
        url = server.url + "/api/v1/changes"
        assert httpx.get(url, headers=auth).status_code == 200
        dbname = pg_url.rsplit("/", 1)[1]
        with psycopg.connect(pg_url, autocommit=True) as admin:  # the DBA kills every session
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s AND pid != pg_backend_pid()", (dbname,))
        statuses = []
        for _ in range(12):
            r = httpx.get(url, headers=auth, timeout=30)
            statuses.append(r.status_code)
            assert r.status_code in (200, 503), r.text  # unavailable, never a crash
            if r.status_code == 503:
                assert "unavailable" in r.json()["message"]
        assert 503 in statuses  # the dead connection was noticed and said so...
        assert statuses[-1] == 200, statuses  # ... and the pool reconnected by itself
        assert server.alive()
    finally:
        server.stop()
