"""The live feed on the central list (``GET /api/v1/changes?wait=S``, kiosk/central/live.py):
held until a change past the cursor is served below the horizon, woken across processes
(LISTEN/NOTIFY on PostgreSQL, data_version on SQLite), a late commit never skipped,
bounded (a client that goes away frees its place; past the cap, no holding)."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

import kiosk.central.api.feed as feed_api
from kiosk.central.server import run_in_thread
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from tests import central_fixtures
from tests.central_fixtures import start_serve

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url


def _setup(url: str | Path) -> str:
    with CentralStore.open(url) as store:
        store.events.create("Live", event_id="lv", gates=[Gate("main", "", "Main")])
        return store.devices.pair(store.devices.new_pairing_code(device_name="K").code).token


def _get(base: str, token: str, **params: Any) -> httpx.Response:
    return httpx.get(base + "/api/v1/changes", params=params, timeout=90,
                     headers={"Authorization": f"Bearer {token}"})


def _held(base: str, token: str, cursor: str, wait: float) -> Any:
    """Start one live request on a thread; ``.result()`` is (seconds, answer)."""
    def run() -> tuple[float, dict[str, Any]]:
        start = time.monotonic()
        answer = _get(base, token, cursor=cursor, wait=wait)
        assert answer.status_code == 200, answer.text
        return time.monotonic() - start, answer.json()

    return ThreadPoolExecutor(1).submit(run)


def test_a_commit_in_another_process_wakes_a_held_request_on_sqlite(tmp_path: Path) -> None:
    central = tmp_path / "central.db"
    token = _setup(central)
    server = start_serve(central)
    try:
        cursor = _get(server.url, token).json()["cursor"]
        held = _held(server.url, token, cursor, 30)
        time.sleep(1.0)
        assert not held.done()  # nothing new: held, not answered
        with CentralStore.open(central) as store:  # this process is not the server's
            written = time.monotonic()
            store.attendees.upsert([Attendee(id="new", event_id="lv", name="New")])
        took, page = held.result(timeout=30)
        assert [c["id"] for c in page["changes"]] == ["new"] and page["live"] is True
        assert time.monotonic() - written < 5  # the watcher polls data_version at 0.2 s
        assert took > 1.0
    finally:
        server.stop()


@pytest.mark.postgres
def test_a_late_commit_is_not_skipped_by_the_live_path(pg_url: str) -> None:
    """T1 writes first and commits last while a kiosk's live request is held on the
    first `kiosk serve`; T2 commits through the second. The NOTIFY of T2 wakes the
    request, but nothing is served until T1 ends; then both, in (xid, seq) order."""
    token = _setup(pg_url)
    with CentralStore.open(pg_url) as store:
        uploader = store.devices.pair(store.devices.new_pairing_code(device_name="U",
                                                                     role="desk").code)
    servers = [start_serve(pg_url)]
    try:
        servers.append(start_serve(pg_url))
        cursor = _get(servers[0].url, token).json()["cursor"]
        slow = psycopg.connect(pg_url, autocommit=False)
        slow.execute("INSERT INTO changes (kind, entity_id, payload, created_at, event_id) "
                     "VALUES ('attendee', 'late', '{}', 'now', 'lv')")
        slow.execute("NOTIFY kiosk_changes")
        held = _held(servers[0].url, token, cursor, 30)
        time.sleep(0.5)
        # T2: a walk-in through the *second* process commits while T1 is open.
        r = httpx.post(servers[1].url + "/api/v1/attendees", timeout=30,
                       json={"attendees": [{"id": "early", "event_id": "lv", "name": "E"}]},
                       headers={"Authorization": f"Bearer {uploader.token}"})
        assert r.status_code == 200, r.text
        time.sleep(1.5)
        assert not held.done()  # woken, but "early" waits behind the open T1
        slow.commit()
        committed = time.monotonic()
        slow.close()
        _, page = held.result(timeout=30)
        assert [c["id"] for c in page["changes"]] == ["late", "early"]
        assert time.monotonic() - committed < 3
        # ... and from that cursor, nothing again (none doubled).
        again = _get(servers[0].url, token, cursor=page["cursor"], wait=0.5).json()
        assert again["changes"] == []
    finally:
        for server in servers:
            server.stop()


@pytest.mark.postgres
def test_notify_wakes_every_server_process(pg_url: str) -> None:
    token = _setup(pg_url)
    servers = [start_serve(pg_url)]
    try:
        servers.append(start_serve(pg_url))
        cursor = _get(servers[0].url, token).json()["cursor"]
        held = [_held(s.url, token, cursor, 30) for s in servers for _ in range(3)]
        time.sleep(1.0)
        assert not any(h.done() for h in held)
        with CentralStore.open(pg_url) as store:
            written = time.monotonic()
            store.attendees.upsert([Attendee(id="n", event_id="lv", name="N")])
        for h in held:
            _, page = h.result(timeout=30)
            assert [c["id"] for c in page["changes"]] == ["n"]
        assert time.monotonic() - written < 3
    finally:
        for server in servers:
            server.stop()


def test_a_client_that_goes_away_frees_its_place_and_the_cap_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    central = tmp_path / "central.db"
    token = _setup(central)
    monkeypatch.setattr(feed_api, "MAX_LIVE_WAITERS", 2)
    with run_in_thread(central) as server:
        signal = server.store.feed.signal
        cursor = _get(server.url, token).json()["cursor"]
        host, port = server.url.removeprefix("http://").split(":")
        request = (f"GET /api/v1/changes?cursor={cursor}&wait=50 HTTP/1.1\r\n"
                   f"Host: {host}\r\nAuthorization: Bearer {token}\r\n\r\n").encode()
        socks = []
        for _ in range(2):
            sock = socket.create_connection((host, int(port)))
            sock.sendall(request)
            socks.append(sock)
        deadline = time.monotonic() + 10
        while signal.waiting < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert signal.waiting == 2
        start = time.monotonic()
        full = _get(server.url, token, cursor=cursor, wait=30)
        assert full.json()["live"] is False and time.monotonic() - start < 5  # not held
        for sock in socks:
            sock.close()  # the kiosks went away
        while signal.waiting and time.monotonic() < deadline + 5:
            time.sleep(0.02)
        assert signal.waiting == 0  # their places are free at once, not after 50 s


def test_a_stopping_server_answers_its_held_requests(tmp_path: Path) -> None:
    central = tmp_path / "central.db"
    token = _setup(central)
    server = run_in_thread(central)
    cursor = _get(server.url, token).json()["cursor"]
    held = [_held(server.url, token, cursor, 55) for _ in range(3)]
    time.sleep(1.0)
    start = time.monotonic()
    stopper = threading.Thread(target=server.stop)
    stopper.start()
    for h in held:
        _, page = h.result(timeout=30)
        assert page["changes"] == []
    stopper.join(timeout=30)
    assert time.monotonic() - start < 20  # not the 55 s they asked for (loaded machines)
