"""The central API through a real `kiosk serve` process on loopback: tokens, malformed
and oversized requests (clear 4xx JSON, the server keeps serving), idempotent upload,
duplicate marking, clock skew and the OpenAPI schema."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from tests.central_fixtures import ServeProcess, start_serve


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    db = tmp_path_factory.mktemp("central") / "central.db"
    with CentralStore.open(db) as store:
        store.events.create("API test", event_id="api", gates=[Gate("main", "", "Main hall"),
                                                               Gate("ws", "", "Workshop")])
        store.attendees.upsert([Attendee(id=f"P{i}", event_id="api", name=f"Person {i}",
                                         code=f"CODE-{i}") for i in range(20)])
        paired = [store.devices.pair(store.devices.new_pairing_code(device_name=n).code)
                  for n in ("Gate A", "Gate B", "Doomed")]
    server = start_serve(db)
    yield {"db": db, "server": server, "url": server.url + "/api/v1",
           "tokens": [p.token for p in paired], "devices": [p.device_id for p in paired]}
    server.stop()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _uid(name: str) -> str:
    """A check-in UUID (the central list refuses other ids) that a test can name."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "kiosk-test:" + name))


def _checkin(cid: str, attendee: str = "P1", **extra: Any) -> dict[str, Any]:
    return {"id": _uid(cid), "attendee_id": attendee, "gate_id": "main", "direction": "entry",
            "scanned_at": "2026-12-01T09:00:00+07:00", "day": "2026-12-01",
            "verdict": "accepted", "code": f"CODE-{attendee[1:]}", **extra}


def _assert_error(response: httpx.Response, status: int, kind: str | None = None) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["message"], str) and len(body["message"]) > 10
    if kind:
        assert body["error"] == kind
    return str(body["message"])


def _still_serving(central: dict[str, Any]) -> None:
    server: ServeProcess = central["server"]
    assert server.alive()
    r = httpx.get(central["url"] + "/whoami", headers=_auth(central["tokens"][0]))
    assert r.status_code == 200 and r.json()["device_name"] == "Gate A"


def test_nothing_is_served_without_a_valid_token(central: dict[str, Any]) -> None:
    url = central["url"]
    for path in ("/whoami", "/changes"):
        _assert_error(httpx.get(url + path), 401, "missing_token")
        _assert_error(httpx.get(url + path, headers=_auth("not-a-token")), 401, "bad_token")
        _assert_error(httpx.get(url + path, headers={"Authorization": "Basic abc"}), 401)
    message = _assert_error(httpx.post(url + "/checkins", json={"checkins": []}), 401)
    assert "pair" in message
    _still_serving(central)


def test_a_revoked_token_is_refused_and_says_so(central: dict[str, Any]) -> None:
    token = central["tokens"][2]
    assert httpx.get(central["url"] + "/whoami", headers=_auth(token)).status_code == 200
    with CentralStore.open(central["db"]) as store:  # while the server runs
        store.devices.revoke(central["devices"][2])
    r = httpx.get(central["url"] + "/changes", headers=_auth(token))
    assert "revoked" in _assert_error(r, 403, "revoked")
    _still_serving(central)


@pytest.mark.parametrize(
    ("body", "headers", "status", "fragment"),
    [
        (b"{not json", {"content-type": "application/json"}, 422, "not valid JSON"),
        (b"\xff\xfe\x00garbage", {"content-type": "application/json"}, 422, None),
        (b'{"checkins": "lots"}', {"content-type": "application/json"}, 422, "checkins"),
        (b'{"checkins": [{"id": "x"}]}', {"content-type": "application/json"}, 422,
         "attendee_id"),
        (b'[1, 2, 3]', {"content-type": "application/json"}, 422, None),
        (b"", {"content-type": "application/json"}, 422, None),
        (b'{"checkins": [{"id": "x", "attendee_id": "P1", "gate_id": "main", '
         b'"direction": "sideways", "scanned_at": "2026-12-01T09:00:00Z", '
         b'"day": "2026-12-01"}]}', {"content-type": "application/json"}, 422, "direction"),
        (b'{"checkins": [{"id": "x", "attendee_id": "P1", "gate_id": "main", '
         b'"direction": "entry", "scanned_at": "yesterday", "day": "2026-12-01"}]}',
         {"content-type": "application/json"}, 422, "scanned_at"),
    ],
)
def test_malformed_uploads_get_a_clear_422(central: dict[str, Any], body: bytes,
                                           headers: dict[str, str], status: int,
                                           fragment: str | None) -> None:
    r = httpx.post(central["url"] + "/checkins", content=body,
                   headers={**headers, **_auth(central["tokens"][0])})
    message = _assert_error(r, status, "invalid")
    if fragment:
        assert fragment in message
    _still_serving(central)


@pytest.mark.parametrize(
    "item",
    [
        {"attendee_id": "P1\u0000x"},
        {"id": "x" * 65},
        {"code": "C" * 600},
    ],
)
def test_absurd_values_get_a_clear_422(central: dict[str, Any], item: dict[str, Any]) -> None:
    r = httpx.post(central["url"] + "/checkins", headers=_auth(central["tokens"][0]),
                   json={"checkins": [_checkin("absurd", **item)]})
    _assert_error(r, 422, "invalid")
    _still_serving(central)


@pytest.mark.parametrize(("n", "item"), [
    (1, {"scanned_at": "9999-12-31T23:59:59-05:00"}),
    (2, {"scanned_at": "0001-01-01T00:00:00+14:00", "device_time": "9999-12-31T23:59:59-05:00"}),
    (3, {"scanned_at": "1970-01-01T00:00:07Z", "day": "1970-01-01"}),
    (4, {"day": "1900-01-01"}),
])
def test_a_kiosk_clock_out_of_this_century_is_kept_at_the_receive_time(
        central: dict[str, Any], n: int, item: dict[str, Any]) -> None:
    """A kiosk's clock may read anything (a flat battery, a hostile device): its check-in
    is stored, never refused for it (it would wait on the kiosk forever); the time kept
    is the receive time (no ``sent_at`` here to correct it by), the day that time's
    event day; what the kiosk said stays as its device_time when it reads as a time."""
    before = datetime.now(UTC)
    r = httpx.post(central["url"] + "/checkins", headers=_auth(central["tokens"][0]),
                   json={"checkins": [_checkin(f"clock-{n}", attendee=f"P{10 + n}",
                                               **item)]})
    assert r.status_code == 200, r.text
    (result,) = r.json()["results"]
    assert result["status"] == "stored", result
    with CentralStore.open(central["db"]) as store:
        (row,) = [c for c in store.ingest.all() if c["id"] == _uid(f"clock-{n}")]
    if "scanned_at" in item:
        kept = datetime.fromisoformat(row["scanned_at"])
        assert before - timedelta(seconds=5) <= kept <= datetime.now(UTC), row
        assert row["day"] == kept.date().isoformat()  # the event is in UTC
    else:
        assert row["scanned_at"].startswith("2026-12-01T02:00:00") and \
            row["day"] == "2026-12-01"  # a plausible time, its event day
    if n == 3:
        assert row["device_time"] == "1970-01-01T00:00:07.000+00:00"
    _still_serving(central)


def test_deeply_nested_json_is_refused_not_crashed(central: dict[str, Any]) -> None:
    body = b"[" * 200_000 + b"]" * 200_000
    r = httpx.post(central["url"] + "/checkins", content=body,
                   headers={**_auth(central["tokens"][0]), "content-type": "application/json"})
    assert 400 <= r.status_code < 500, r.text
    assert r.json()["message"]
    _still_serving(central)


def test_oversized_bodies_and_batches_are_refused(central: dict[str, Any]) -> None:
    auth = _auth(central["tokens"][0])
    big = b'{"checkins": [' + b" " * (3 * 1024 * 1024) + b"]}"
    r = httpx.post(central["url"] + "/checkins", content=big,
                   headers={**auth, "content-type": "application/json"})
    assert "smaller" in _assert_error(r, 413, "too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
        yield b'{"checkins": ['
        for _ in range(40):
            yield b" " * 100_000
        yield b"]}"

    r = httpx.post(central["url"] + "/checkins", content=chunks(),
                   headers={**auth, "content-type": "application/json"})
    _assert_error(r, 413, "too_large")

    too_many = {"checkins": [_checkin(f"batch-{i}") for i in range(1001)]}
    r = httpx.post(central["url"] + "/checkins", json=too_many, headers=auth)
    assert "1000" in _assert_error(r, 422, "invalid")
    _still_serving(central)


def test_bad_cursor_unknown_path_and_wrong_method(central: dict[str, Any]) -> None:
    auth = _auth(central["tokens"][0])
    for cursor in ("abc", "1", "-1.5", "1.2.3", "9" * 30 + ".1"):
        r = httpx.get(central["url"] + "/changes", params={"cursor": cursor}, headers=auth)
        assert r.status_code in (400, 422), r.text
        assert r.json()["message"]
    _assert_error(httpx.get(central["url"] + "/changes", params={"limit": 0}, headers=auth),
                  422)
    _assert_error(httpx.get(central["url"] + "/nope", headers=auth), 404, "not_found")
    _assert_error(httpx.delete(central["url"] + "/checkins", headers=auth), 405)
    _still_serving(central)


def test_pairing_codes_work_once(central: dict[str, Any]) -> None:
    with CentralStore.open(central["db"]) as store:
        code = store.devices.new_pairing_code(device_name="Desk").code
        expired = store.devices.new_pairing_code(device_name="Late", ttl_minutes=-1).code
    url = central["url"] + "/pair"
    first = httpx.post(url, json={"code": code.lower().replace("-", "")})
    assert first.status_code == 200 and first.json()["device_name"] == "Desk"
    # One message for used, expired and unknown codes: a guesser learns nothing.
    answers = {_assert_error(httpx.post(url, json={"code": c}), 401)
               for c in (code, expired, "ZZZZ-ZZZZ")}
    assert len(answers) == 1 and "not valid" in answers.pop()
    _assert_error(httpx.post(url, json={"code": 12}), 422)
    token = first.json()["token"]
    assert httpx.get(central["url"] + "/whoami", headers=_auth(token)).status_code == 200


def test_upload_is_idempotent_append_only_and_marks_duplicates(central: dict[str, Any]) -> None:
    url = central["url"] + "/checkins"
    a, b = _auth(central["tokens"][0]), _auth(central["tokens"][1])
    batch = {"checkins": [_checkin("idem-1", "P5"), _checkin("idem-2", "P6")]}
    first = httpx.post(url, json=batch, headers=a).json()
    assert [r["status"] for r in first["results"]] == ["stored", "stored"]
    again = httpx.post(url, json=batch, headers=a).json()  # a retry after a lost answer
    assert [r["status"] for r in again["results"]] == ["already_stored", "already_stored"]
    assert again["results"][0]["received_at"] == first["results"][0]["received_at"]

    # Gate B admitted P5 too, while offline: kept, marked duplicate, with where/when.
    later = _checkin("idem-3", "P5", scanned_at="2026-12-01T09:05:00+07:00")
    dup = httpx.post(url, json={"checkins": [later]}, headers=b).json()["results"][0]
    assert dup["status"] == "stored" and dup["duplicate"] is True
    assert dup["first_entry"]["device_name"] == "Gate A"
    assert dup["first_entry"]["gate_name"] == "Main hall"
    # Another gate is not a duplicate, nor is an exit. Entry, exit, entry at a gate
    # without re-entry: the kiosk refuses the third scan, so the central list flags it
    # (the same passages rule; a gate with re-entry: tests/central/test_central_passages.py).
    other_gate = _checkin("idem-4", "P5", gate_id="ws")
    exit_ = _checkin("idem-5", "P6", direction="exit", scanned_at="2026-12-01T10:00:00+07:00")
    back = _checkin("idem-6", "P6", scanned_at="2026-12-01T11:00:00+07:00")
    results = httpx.post(url, json={"checkins": [other_gate, exit_, back]},
                         headers=b).json()["results"]
    assert [r["duplicate"] for r in results] == [False, False, True]
    assert results[2]["first_entry"]["id"] == _uid("idem-2")

    with CentralStore.open(central["db"]) as store:
        names = {_uid(f"idem-{i}"): f"idem-{i}" for i in range(1, 7)}
        rows = {names[r["id"]]: r for r in store.ingest.all() if r["id"] in names}
    assert sorted(rows) == [f"idem-{i}" for i in range(1, 7)]
    assert rows["idem-3"]["duplicate"] and rows["idem-3"]["duplicate_of"] == _uid("idem-1")
    assert rows["idem-1"]["device_name"] == "Gate A" and rows["idem-3"]["device_name"] == "Gate B"
    # The server's receive time is kept beside the kiosk's time.
    assert rows["idem-1"]["scanned_at"] == "2026-12-01T02:00:00.000+00:00"
    assert rows["idem-1"]["received_at"].startswith(str(datetime.now(UTC).year))


def test_clock_skew_is_recorded_and_reported(central: dict[str, Any]) -> None:
    slow_clock = datetime.now(UTC) - timedelta(hours=1)
    r = httpx.post(central["url"] + "/checkins", headers=_auth(central["tokens"][1]),
                   json={"sent_at": slow_clock.isoformat(), "pending": 42,
                         "checkins": [_checkin("skew-1", "P9")]})
    assert r.status_code == 200
    assert 3590 < r.json()["clock_skew_seconds"] < 3700
    with CentralStore.open(central["db"]) as store:
        device = next(d for d in store.devices.all() if d["id"] == central["devices"][1])
        row = next(c for c in store.ingest.all() if c["id"] == _uid("skew-1"))
    assert 3590 < device["clock_skew_seconds"] < 3700
    assert device["pending_uploads"] == 42
    assert 3590 < row["clock_skew_seconds"] < 3700


@pytest.mark.parametrize(("agent", "kept"), [
    ("checkin-kiosk/2.3.0rc1", "2.3.0rc1"),
    ("checkin-kiosk/0.1.0 (Linux)", "0.1.0"),
    ("checkin-kiosk/<b>9</b>", None),                 # markup: not a version
    ("checkin-kiosk/" + "9" * 200, None),              # too long
    ("Mozilla/5.0 (X11; Linux x86_64)", None),         # not a kiosk
])
def test_a_device_s_software_version_is_kept_from_its_user_agent(
        central: dict[str, Any], agent: str, kept: str | None) -> None:
    with CentralStore.open(central["db"]) as store:
        paired = store.devices.pair(store.devices.new_pairing_code(device_name=agent).code)
    r = httpx.get(central["url"] + "/whoami",
                  headers={**_auth(paired.token), "User-Agent": agent})
    assert r.status_code == 200
    with CentralStore.open(central["db"]) as store:
        device = next(d for d in store.devices.all() if d["id"] == paired.device_id)
    assert device["software_version"] == kept and device["last_seen_at"]


def test_openapi_schema_is_served(central: dict[str, Any]) -> None:
    schema = httpx.get(central["server"].url + "/openapi.json").json()
    assert {"/api/v1/pair", "/api/v1/changes", "/api/v1/checkins",
            "/api/v1/attendees"} <= set(schema["paths"])


def test_bad_database_url_is_a_clear_cli_error(tmp_path: Path, run_kiosk: Any) -> None:
    proc = run_kiosk("serve", "--db", "postgresql://nobody@127.0.0.1:1/none", "--port", "0",
                     timeout=60)
    assert proc.returncode == 1
    assert "Cannot connect to PostgreSQL" in proc.stderr and "Traceback" not in proc.stderr
