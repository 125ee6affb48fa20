"""Guessing pairing codes and organiser tokens against a real `kiosk serve`: one message
for every bad pairing code, and after a few failures from one address a 429 with
Retry-After (even for a right guess), while other addresses are unaffected."""

from __future__ import annotations

import re
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
        r = attacker.get(server.url + "/admin/summary",
                         headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 429 and "Retry-After" in r.headers
        r = organiser.get(server.url + "/admin/summary",
                          headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200


def _console_login(client: httpx.Client, url: str, token: str) -> httpx.Response:
    page = client.get(url + "/console/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf, page.text
    return client.post(url + "/console/login", data={"csrf": csrf.group(1), "token": token},
                       headers={"Origin": url})


def test_console_login_guesses_get_429_and_no_token_in_a_url(
        central: tuple[Path, ServeProcess]) -> None:
    db, server = central
    with CentralStore.open(db) as store:
        token = store.dashboard.new_admin_token()
    with _client("127.0.0.6") as attacker, _client("127.0.0.7") as organiser:
        # The old login by URL is gone: the token in a query opens nothing, sets nothing.
        for path in ("/admin/login", "/admin", "/admin/summary"):
            r = attacker.get(server.url + path, params={"token": token},
                             follow_redirects=False)
            assert r.status_code in (303, 401, 404), (path, r.status_code)
            assert "set-cookie" not in r.headers, path
            assert r.status_code != 303 or r.headers["location"] == "/console/"
        for i in range(FAILURES):
            r = _console_login(attacker, server.url, f"guess-{i}")
            assert r.status_code == 401, r.text
        r = _console_login(attacker, server.url, token)  # the right one, while it waits
        assert r.status_code == 429 and 1 <= int(r.headers["Retry-After"]) <= 60
        assert "kiosk_console=" not in r.headers.get("set-cookie", "")
        r = _console_login(organiser, server.url, token)
        assert r.status_code == 303 and "kiosk_console=" in r.headers["set-cookie"]
    assert "Traceback" not in server.stop()


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
