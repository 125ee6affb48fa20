"""Guessing pairing codes and organiser tokens against a real `kiosk serve`: one message
for every bad pairing code, and after a few failures from one address a 429 with
Retry-After (even for a right guess), while other addresses are unaffected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kiosk.central.store import CentralStore
from kiosk.central.throttle import FAILURES, FailureThrottle
from kiosk.core.models import Gate
from tests.central_fixtures import ServeProcess, pairing_code_unused, start_serve


@pytest.fixture
def central(tmp_path: Path) -> Iterator[tuple[Path, ServeProcess]]:
    db = tmp_path / "central.db"
    with CentralStore.open(db) as store:
        store.events.create("Event A", event_id="ev-a", gates=[Gate("a-main", "", "A main")])
        store.events.create("Event B", event_id="ev-b", gates=[Gate("b-main", "", "B main")])
    server = start_serve(db)
    yield db, server
    server.stop()


def _client(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=10)


def test_pairing_guesses_get_one_message_then_429(central: tuple[Path, ServeProcess]) -> None:
    db, server = central
    with CentralStore.open(db) as store:
        used = store.devices.new_pairing_code().code
        store.devices.pair(used)
        expired = store.devices.new_pairing_code(ttl_minutes=-1).code
        good = store.devices.new_pairing_code(device_name="Real kiosk").code
        devices_before = len(store.devices.all())
    url = server.url + "/api/v1/pair"
    with _client("127.0.0.2") as attacker, _client("127.0.0.3") as neighbour:
        answers = []
        for i in range(FAILURES):
            code = (used, expired, f"ZZZZ-ZZ{chr(65 + i)}Z")[i % 3]
            r = attacker.post(url, json={"code": code})
            assert r.status_code == 401, r.text
            answers.append(r.json()["message"])
        assert len(set(answers)) == 1, "unknown / used / expired codes must look the same"
        assert {attacker.post(url, json={"code": "ZZZZ-ZZZZ"}).status_code} == {429}
        # Even the right code is refused from this address while it waits ...
        r = attacker.post(url, json={"code": good})
        assert r.status_code == 429 and r.json()["error"] == "too_many_attempts"
        assert 1 <= int(r.headers["Retry-After"]) <= 60
        assert "wait" in r.json()["message"]
        assert pairing_code_unused(db, good)
        # ... and nothing was paired; another address pairs as usual.
        with CentralStore.open(db) as store:
            assert len(store.devices.all()) == devices_before
        ok = neighbour.post(url, json={"code": good})
        assert ok.status_code == 200 and ok.json()["device_name"] == "Real kiosk"


def test_organiser_token_guesses_get_429(central: tuple[Path, ServeProcess]) -> None:
    db, server = central
    with CentralStore.open(db) as store:
        token = store.dashboard.new_admin_token()
    with _client("127.0.0.4") as attacker, _client("127.0.0.5") as organiser:
        for i in range(FAILURES):
            r = attacker.get(server.url + "/admin/summary",
                             headers={"Authorization": f"Bearer guess-{i}"})
            assert r.status_code == 401
        r = attacker.get(server.url + f"/admin/login?token={token}")
        assert r.status_code == 429 and "Retry-After" in r.headers
        r = attacker.get(server.url + "/admin/summary",
                         headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 429
        r = organiser.get(server.url + "/admin/summary",
                          headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200


def test_throttle_window_unit() -> None:
    now = [1000.0]
    throttle = FailureThrottle(failures=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        assert throttle.retry_after("pair", "a") is None
        throttle.failed("pair", "a")
        now[0] += 10
    assert throttle.retry_after("pair", "a") == 30  # the first failure leaves at 1060
    assert throttle.retry_after("pair", "b") is None
    assert throttle.retry_after("organiser", "a") is None
    now[0] = 1060.5
    assert throttle.retry_after("pair", "a") is None
