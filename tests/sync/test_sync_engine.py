"""The sync engine: results instead of exceptions, error kinds, offline backoff (with
httpx.MockTransport), and against a real server: walk-ins uploaded before their
check-ins, a resumable first download with progress, status for the status bar."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

import kiosk.sync.engine as engine_module
from kiosk.central.server import ServerHandle, run_in_thread
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, CheckIn, Direction, Gate
from kiosk.core.verdicts import Verdict
from kiosk.errors import (
    AuthError,
    InternalError,
    KioskError,
    NotPaired,
    ProtocolError,
    ServerUnavailable,
)
from kiosk.replica.changes import MetaKey
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine, SyncProgress

CHECKIN_ID = "5f0c2a7e-3b1d-4c8e-9a6f-2d4b8e1c7a90"


def _paired_replica(path: Path, url: str = "http://central.test") -> Path:
    with Replica(path) as replica:
        replica.set_meta(MetaKey.SERVER_URL, url)
        replica.set_meta(MetaKey.DEVICE_TOKEN, "tok")
    return path


def _mock(handler: Any) -> httpx.MockTransport:
    return httpx.MockTransport(handler)


def test_unpaired_replica_gives_a_result_not_an_exception(tmp_path: Path) -> None:
    engine = SyncEngine(tmp_path / "k.db", transport=_mock(lambda r: httpx.Response(500)))
    result = engine.sync()
    assert not result.ok and isinstance(result.error, NotPaired) and "pair" in str(result.error)
    status = engine.status()
    assert not status.paired and status.online is None and status.server_url is None
    engine.close()


@pytest.mark.parametrize(
    ("response", "kind"),
    [
        (httpx.Response(401, json={"error": "bad_token", "message": "Unknown device token."}),
         AuthError),
        (httpx.Response(403, json={"error": "revoked", "message": "revoked by organiser"}),
         AuthError),
        (httpx.Response(503, json={"error": "unavailable", "message": "db down"}),
         ServerUnavailable),
        (httpx.Response(502, text="<html>bad gateway</html>"), ServerUnavailable),
        # Not the central list's answer (no identity header, not JSON): a proxy, offline.
        (httpx.Response(200, text="not json"), ServerUnavailable),
        (httpx.Response(200, json={"changes": "nope", "cursor": 3}), ProtocolError),
        (httpx.Response(200, json={"changes": [{"kind": "attendee", "data": {}}],
                                   "cursor": "0.1"}), ProtocolError),
        (httpx.Response(422, json={"error": "invalid", "message": "bad"}), ProtocolError),
    ],
)
def test_error_kinds(tmp_path: Path, response: httpx.Response,
                     kind: type[KioskError]) -> None:
    engine = SyncEngine(_paired_replica(tmp_path / "k.db"), transport=_mock(lambda r: response))
    result = engine.sync()
    assert not result.ok and isinstance(result.error, kind) and str(result.error)
    assert engine.status().last_error == str(result.error)
    engine.close()


@pytest.mark.parametrize("answer", [
    {"results": "nope"},
    {"results": [1]},
    {"results": [{"status": "stored"}]},  # no id
    {"results": []},  # not one per item
    {"results": [{"id": CHECKIN_ID, "status": "stored"}], "clock_skew_seconds": "soon"},
])
def test_a_malformed_upload_answer_is_a_protocol_error_and_loses_nothing(
        tmp_path: Path, answer: dict[str, Any]) -> None:
    path = _paired_replica(tmp_path / "k.db")
    with Replica(path) as replica:
        replica.record_checkin(CheckIn(
            id=CHECKIN_ID, attendee_id="A1", gate_id="main", direction=Direction.ENTRY,
            scanned_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC), day=date(2026, 12, 1),
            verdict="accepted"))

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path.endswith("/checkins")  # never got as far as the feed
        return httpx.Response(200, json=answer)

    with SyncEngine(path, transport=_mock(handler)) as engine:
        result = engine.sync()
    assert not result.ok and isinstance(result.error, ProtocolError)
    assert "upload answer" in str(result.error)
    with Replica(path) as replica:
        assert replica.pending_upload_count() == 1  # still waiting, sent again next time


def test_offline_backoff_and_recovery(tmp_path: Path) -> None:
    up = {"value": False}
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if not up["value"]:
            raise httpx.ConnectError("connection refused", request=request)
        assert request.headers["authorization"] == "Bearer tok"
        return httpx.Response(200, json={"changes": [], "cursor": "0.0", "more": False,
                                         "remaining": 0})

    engine = SyncEngine(_paired_replica(tmp_path / "k.db"), transport=_mock(handler))
    first = engine.sync()
    assert isinstance(first.error, ServerUnavailable) and engine.status().online is False
    assert engine.next_retry_in() > 1
    skipped = engine.sync()  # inside the backoff window: no network call at all
    assert isinstance(skipped.error, ServerUnavailable) and "next try" in str(skipped.error)
    assert calls["n"] == 1
    engine.sync(force=True)
    assert calls["n"] == 2 and engine.next_retry_in() > 3  # the wait doubled
    up["value"] = True
    ok = engine.sync(force=True)
    assert ok.ok and engine.status().online is True and engine.next_retry_in() == 0
    assert engine.status().last_success_at is not None and engine.status().last_error is None
    engine.close()


def test_a_raising_progress_callback_does_not_escape(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"changes": [], "cursor": "0.0", "more": False,
                                         "remaining": 0})

    def progress(p: SyncProgress) -> None:
        raise RuntimeError("widget gone")

    engine = SyncEngine(_paired_replica(tmp_path / "k.db"), transport=_mock(handler))
    result = engine.sync(progress)
    assert not result.ok and isinstance(result.error, InternalError)
    engine.close()


# -- against a real (embedded) central server ------------------------------------------

@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerHandle]:
    store = CentralStore.open(tmp_path / "central.db")
    store.events.create("Sync", event_id="sync", gates=[Gate("main", "", "Main")])
    handle = run_in_thread(store)
    yield handle
    handle.stop()
    store.close()


def _pair(server: ServerHandle, path: Path, name: str, role: str = "kiosk") -> SyncEngine:
    engine = SyncEngine(path)
    engine.pair(server.url, server.store.devices.new_pairing_code(device_name=name,
                                                                  role=role).code)
    return engine


def test_walkins_go_up_before_their_checkins_and_reach_other_kiosks(
        server: ServerHandle, tmp_path: Path) -> None:
    a = _pair(server, tmp_path / "a.db", "Desk", role="desk")
    b = _pair(server, tmp_path / "b.db", "Door")
    assert a.sync().ok and b.sync().ok
    with Replica(tmp_path / "a.db") as replica:  # offline: register and admit a walk-in
        service = CheckInService(replica)
        walkin = service.register_walkin(name="Dewi Lestari", organisation="Komunitas")
        result = service.check_in_attendee(walkin.id)
        assert result.verdict is Verdict.ACCEPTED
        assert replica.pending_upload_count() == 2
    seen: list[SyncProgress] = []
    result = a.sync(seen.append)
    assert result.ok and result.uploaded == 2
    assert [p.phase for p in seen][:1] == ["upload"] and seen[0].total == 2
    assert a.status().pending_uploads == 0
    stored = server.store.attendees.get(walkin.id)
    assert stored.name == "Dewi Lestari" and stored.source == "walkin"
    assert [c["attendee_id"] for c in server.store.ingest.all()] == [walkin.id]

    assert b.sync().ok
    with Replica(tmp_path / "b.db") as replica:
        assert replica.get_attendee(walkin.id) is not None
        remote = replica.checkins()
        assert len(remote) == 1 and remote[0]["origin"] == "remote"
        assert replica.pending_upload_count() == 0  # remote rows are never re-uploaded
        again = CheckInService(replica).check_in_attendee(walkin.id)
        assert again.verdict is Verdict.ALREADY_CHECKED_IN
    a.close()
    b.close()


def test_first_download_is_resumable_and_reports_progress(
        server: ServerHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "PAGE_SIZE", 100)
    server.store.attendees.upsert([Attendee(id=f"R{i}", event_id="sync", name=f"R {i}",
                                            code=f"RC-{i}") for i in range(1000)])
    engine = _pair(server, tmp_path / "k.db", "Kiosk")
    engine.close()

    class FailAfter(httpx.BaseTransport):
        """The network dies after `n` requests."""

        def __init__(self, n: int) -> None:
            self.n = n
            self.inner = httpx.HTTPTransport()
            self.cursors: list[str] = []

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            self.cursors.append(request.url.params.get("cursor", ""))
            if len(self.cursors) > self.n:
                raise httpx.ReadTimeout("network gone", request=request)
            return self.inner.handle_request(request)

    # A fresh replica first asks for a snapshot; a log this short is replayed instead
    # (kiosk.sync.snapshot.MIN_LOG_CHANGES), then four feed pages get through.
    flaky = FailAfter(5)
    engine = SyncEngine(tmp_path / "k.db", transport=flaky)
    seen: list[SyncProgress] = []
    cut = engine.sync(seen.append)
    assert not cut.ok and isinstance(cut.error, ServerUnavailable) and cut.downloaded == 400
    assert seen[0] == SyncProgress("download", 0, 1002)  # event + gate + 1,000 attendees
    assert [p.done for p in seen[1:]] == [100, 200, 300, 400]
    with Replica(tmp_path / "k.db") as replica:
        assert replica.attendee_count() == 400 - 2  # event and gate came first
        resume_from = replica.get_meta(MetaKey.CURSOR)
    engine.close()

    resumed = FailAfter(10_000)
    engine = SyncEngine(tmp_path / "k.db", transport=resumed)
    result = engine.sync()
    assert result.ok and result.downloaded == 1002 - 400  # the rest, nothing twice
    assert resumed.cursors[0] == resume_from
    with Replica(tmp_path / "k.db") as replica:
        assert replica.attendee_count() == 1000
        assert replica.attendee_by_code("RC-999") is not None
    # Later syncs move only changes.
    server.store.attendees.edit("R5", name="Renamed")
    again = engine.sync()
    assert again.ok and again.downloaded == 1
    engine.close()


def test_status_for_the_status_bar(server: ServerHandle, tmp_path: Path) -> None:
    engine = _pair(server, tmp_path / "k.db", "Kiosk")
    server.store.attendees.upsert([Attendee(id="S1", event_id="sync", name="S", code="S-1")])
    assert engine.sync().ok
    with Replica(tmp_path / "k.db") as replica:
        CheckInService(replica).scan("S-1")
    status = engine.status()
    assert status.paired and status.online is True and status.pending_uploads == 1
    assert status.server_url == server.url and status.last_success_at is not None
    before = status.last_success_at
    time.sleep(0.01)
    assert engine.sync().ok
    after = engine.status()
    assert after.pending_uploads == 0 and after.last_success_at > before  # type: ignore[operator]
    with Replica(tmp_path / "k.db") as replica:
        skew = float(replica.get_meta(MetaKey.CLOCK_SKEW_SECONDS) or "nan")
        assert abs(skew) < 5
        row = replica.checkins()[0]
        assert row["uploaded"] and row["received_at"] and not row["duplicate"]
    devices = server.store.devices.all()
    assert devices[0]["pending_uploads"] == 0 and abs(devices[0]["clock_skew_seconds"]) < 5
    engine.close()


def test_revoked_kiosk_stops_syncing_and_says_so(server: ServerHandle, tmp_path: Path) -> None:
    engine = _pair(server, tmp_path / "k.db", "Kiosk")
    assert engine.sync().ok
    server.store.devices.revoke(server.store.devices.all()[0]["id"])
    result = engine.sync()
    assert isinstance(result.error, AuthError) and "revoked" in str(result.error)
    assert "revoked" in str(engine.status().last_error)
    engine.close()


def test_ticket_issued_after_last_sync_is_admitted_offline(server: ServerHandle,
                                                            tmp_path: Path) -> None:
    engine = _pair(server, tmp_path / "k.db", "Kiosk")
    assert engine.sync().ok
    server.store.attendees.upsert([Attendee(id="LATE", event_id="sync", name="Late")])
    server.store.codes.issue()
    code = server.store.attendees.get("LATE").code
    assert code and code.startswith("CK1-")
    with Replica(tmp_path / "k.db") as replica:  # not synced since: only the public key
        assert replica.get_event("sync").private_key is None  # type: ignore[union-attr]
        result = CheckInService(replica).scan(code)
        assert result.verdict is Verdict.ACCEPTED and result.issued_after_sync
    assert engine.sync().ok
    assert [c["attendee_id"] for c in server.store.ingest.all()] == ["LATE"]
    engine.close()


def test_changes_api_payload_never_contains_the_private_key(server: ServerHandle) -> None:
    page = server.store.feed.page(limit=100)
    text = json.dumps(page.changes)
    event = server.store.events.get("sync")
    assert event is not None and event.private_key and event.private_key not in text
    assert event.public_key in text


def test_module_level_pair_for_the_gui(server: ServerHandle, tmp_path: Path) -> None:
    from kiosk.errors import AuthError
    from kiosk.sync.engine import pair

    code = server.store.devices.new_pairing_code(device_name="Settings dialog").code
    result = pair(tmp_path / "new" / "k.db", server.url, code)
    assert result.ok and result.downloaded >= 2
    with Replica(tmp_path / "new" / "k.db") as replica:
        assert replica.get_meta(MetaKey.DEVICE_NAME) == "Settings dialog"
    with pytest.raises(AuthError, match="already used"):
        pair(tmp_path / "other.db", server.url, code)


def test_organiser_import_while_kiosks_upload_on_sqlite(tmp_path: Path, run_kiosk: Any) -> None:
    """Two processes write one SQLite central list (`kiosk serve` ingesting, `kiosk
    central import` importing): both succeed, nothing is lost."""
    import threading

    from tests.central_fixtures import start_serve

    central = tmp_path / "central.db"
    with CentralStore.open(central) as store:
        store.events.create("Busy", event_id="busy", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee(id=f"B{i}", event_id="busy", name=f"B{i}",
                                         code=f"BUSY-{i}") for i in range(600)])
        codes = [store.devices.new_pairing_code(device_name=f"K{k}").code for k in range(2)]
    big = tmp_path / "big.csv"
    big.write_text("Name,Email,Ticket type\n" + "".join(
        f"Person {i},p{i}@example.org,Regular\n" for i in range(5000)), encoding="utf-8")
    server = start_serve(central)
    failures: list[str] = []
    try:
        engines = [SyncEngine(tmp_path / f"k{k}.db") for k in range(2)]
        for engine, code in zip(engines, codes, strict=True):
            engine.pair(server.url, code)
            assert engine.sync().ok

        def kiosk(k: int) -> None:
            try:
                with Replica(tmp_path / f"k{k}.db") as replica:
                    service = CheckInService(replica)
                    for i in range(k * 300, k * 300 + 300):
                        assert service.scan(f"BUSY-{i}").verdict is Verdict.ACCEPTED
                        if i % 50 == 49:
                            result = engines[k].sync(force=True)
                            if not result.ok:
                                failures.append(str(result.error))
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(repr(exc))

        threads = [threading.Thread(target=kiosk, args=(k,)) for k in range(2)]
        for t in threads:
            t.start()
        proc = run_kiosk("central", "import", str(big), "--db", str(central))
        for t in threads:
            t.join(timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert "5000 added" in proc.stdout
        for engine in engines:
            assert engine.sync(force=True).ok
        assert not failures, failures[:3]
        with CentralStore.open(central) as store:
            assert store.ingest.count() == 600
            assert len(store.attendees.all()) == 5600
        for k in range(2):
            with Replica(tmp_path / f"k{k}.db") as replica:
                assert replica.attendee_count() == 5600
                assert len(replica.checkins()) == 600
        for engine in engines:
            engine.close()
    finally:
        server.stop()


@pytest.mark.parametrize("answer", [{"device_id": "d", "device_name": "K"},
                                    {"device_id": "d", "device_name": 3, "token": "t"}])
def test_an_incomplete_pairing_answer_is_refused_and_stores_nothing(
        tmp_path: Path, answer: dict[str, Any]) -> None:
    """The pairing answer is read by core/wire's decoder like every other answer: an
    incomplete one is a protocol error in words, and the replica stays unpaired."""
    from kiosk.core.wire import SERVER_HEADER
    from kiosk.sync.portal import SERVER_IDENTITY

    response = httpx.Response(200, json=answer, headers={SERVER_HEADER: SERVER_IDENTITY})
    engine = SyncEngine(tmp_path / "k.db", transport=_mock(lambda r: response))
    with pytest.raises(ProtocolError, match="pairing answer is malformed.*has no"):
        engine.pair("http://127.0.0.1:9", "ABCD-EFGH")
    assert not engine.status().paired
    engine.close()
