"""The first download from a snapshot (docs/sync.md, "The snapshot"): a new kiosk reads the
current state and then the log from the snapshot's position, and ends up exactly where a
kiosk replaying the whole log ends up; a killed download continues; a list restored from
a backup still heals. Real `kiosk serve` processes on loopback, real replica files, real
PostgreSQL (tests/central_fixtures.py)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

import kiosk.sync.snapshot as snapshot_module
from kiosk.central.db import Tx
from kiosk.central.store import CentralStore
from kiosk.core import wire
from kiosk.core.models import Attendee, Gate
from kiosk.replica.changes import MetaKey
from kiosk.replica.db import Replica
from kiosk.replica.snapshot import SnapshotStaging
from kiosk.sync.engine import SyncEngine, SyncProgress
from tests import central_fixtures
from tests.central_fixtures import FaultProxy, Faults, sqlite_backup, start_serve
from tests.kiosktest import kiosk_argv, kiosk_env

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url

TODAY = datetime.now(UTC).date()
OLD_DAY = TODAY - timedelta(days=3)


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many snapshot pages from a small list, and a snapshot even for a short log."""
    monkeypatch.setattr(snapshot_module, "PAGE_ROWS", 37)
    monkeypatch.setattr(snapshot_module, "MIN_LOG_CHANGES", 1)


@pytest.fixture
def pages_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshot as JSON pages, as from a central list that serves no snapshot file
    (an older one, or one whose folding rule differs): the path these tests follow."""
    monkeypatch.setattr(snapshot_module, "_download_file", lambda *args: None)


def _people(prefix: str, n: int, *, start: int = 0) -> list[Attendee]:
    return [Attendee(id=f"{prefix}{i:04d}", event_id="snap", name=f"Søren {prefix} {i}",
                     code=f"{prefix}-C{i}", email=f"{prefix.lower()}{i}@example.org",
                     organisation="Örg", ticket_type="Regular" if i % 3 else "Speaker",
                     details={"shirt": "M" if i % 2 else "L"})
            for i in range(start, start + n)]


def _new_list(url: str | Path, n: int = 400) -> CentralStore:
    store = CentralStore.open(url)
    store.events.create("Snap", event_id="snap", timezone="Europe/Berlin",
                        days=[OLD_DAY + timedelta(days=d) for d in range(6)],
                        gates=[Gate("main", "", "Main", allow_reentry=True),
                               Gate("hall", "", "Hall"), Gate("gone", "", "Gone")])
    store.attendees.upsert(_people("P", n))
    store.attendees.edit("P0001", name="Renamed Once")
    store.attendees.cancel("P0002")
    store.attendees.delete("P0003")
    store.codes.revoke("P-C4", reason="lost")
    return store


def _token(store: CentralStore, name: str) -> str:
    return store.devices.pair(store.devices.new_pairing_code(device_name=name).code).token


def _upload(url: str, token: str, people: list[str], day: date, *,
            gate: str = "main") -> list[str]:
    """Check-ins of ``people`` on ``day`` through the real API (as another device)."""
    at = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)
    items = [{"id": str(uuid.uuid4()), "attendee_id": p, "gate_id": gate,
              "direction": "entry", "scanned_at": at.isoformat(), "day": day.isoformat(),
              "verdict": "accepted"} for p in people]
    with httpx.Client(base_url=url + "/api/v1", timeout=30,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        answer = client.post("/checkins", json={"checkins": items})
    assert answer.status_code == 200, answer.text
    assert all(r["status"] != "rejected" for r in answer.json()["results"]), answer.text
    return [str(i["id"]) for i in items]


def _state(db: Path) -> dict[str, Any]:
    """Everything a kiosk knows from the central list, comparable between replicas."""
    with Replica(db) as replica:
        def rows(sql: str) -> list[tuple[Any, ...]]:
            return sorted(tuple(r) for r in replica.conn.execute(sql))

        state = {
            "events": rows("SELECT id, name, timezone, days, public_key FROM events"),
            "gates": rows("SELECT id, event_id, name, ticket_types, days, allow_reentry "
                          "FROM gates WHERE deleted = 0"),
            "attendees": rows("SELECT id, event_id, code, name, email, organisation, "
                              "ticket_type, status, details, source FROM attendees"),
            "revocations": rows("SELECT code, event_id, reason FROM revocations"),
            "checkins": rows("SELECT id, attendee_id, gate_id, direction, scanned_at, day, "
                             "device_id, device_name, received_at, duplicate, origin "
                             "FROM checkins"),
            # The search indexes, built in bulk by the snapshot's install, by the
            # triggers otherwise: the same answers (ties may come in another order).
            "search": [sorted(a.id for a in replica.search(q))
                       for q in ("soren p 17", "renamed", "p-c11", "org p 25", "twice")],
        }
        replica.conn.execute("INSERT INTO attendees_fts(attendees_fts) "
                             "VALUES ('integrity-check')")
        replica.conn.execute("INSERT INTO attendee_names(attendee_names, rank) "
                             "VALUES ('integrity-check', 0)")
    return state


def _sync(path: Path, *, snapshot: bool, progress: list[SyncProgress] | None = None,
          transport: httpx.BaseTransport | None = None) -> int:
    """One sync of the replica at ``path``; a first download from a snapshot or by
    replaying the log. Returns how much was downloaded."""
    keep = snapshot_module.MIN_LOG_CHANGES
    snapshot_module.MIN_LOG_CHANGES = keep if snapshot else 10**12
    try:
        with SyncEngine(path, transport=transport) as engine:
            result = engine.sync(progress.append if progress is not None else None,
                                 force=True)
    finally:
        snapshot_module.MIN_LOG_CHANGES = keep
    assert result.ok, result.error
    return result.downloaded


def _paired(store: CentralStore, url: str, path: Path, name: str) -> Path:
    with SyncEngine(path) as engine:
        engine.pair(url, store.devices.new_pairing_code(device_name=name).code)
    return path


@pytest.mark.usefixtures("small_pages")
def test_snapshot_then_log_equals_replaying_the_log(tmp_path: Path) -> None:
    store = _new_list(tmp_path / "central.db")
    server = start_serve(tmp_path / "central.db")
    try:
        token = _token(store, "Door")
        today_ids = _upload(server.url, token, [f"P{i:04d}" for i in range(10, 40)], TODAY)
        old_ids = _upload(server.url, token, [f"P{i:04d}" for i in range(40, 60)], OLD_DAY)
        store.events.put_gate(Gate("gone", "snap", "Gone"), deleted=True)
        by_snapshot = _paired(store, server.url, tmp_path / "snap.db", "New kiosk")
        by_log = _paired(store, server.url, tmp_path / "log.db", "Old way")
        seen: list[SyncProgress] = []
        downloaded = _sync(by_snapshot, snapshot=True, progress=seen)
        replayed = _sync(by_log, snapshot=False)

        snap, log = _state(by_snapshot), _state(by_log)
        # The snapshot carries yesterday's and today's check-ins (a kiosk's rules look at
        # today's), not the older days the log replays.
        old = set(old_ids)
        assert {c[0] for c in log["checkins"]} == set(today_ids) | old
        assert {c[0] for c in snap["checkins"]} == set(today_ids)
        log["checkins"] = [c for c in log["checkins"] if c[0] not in old]
        assert snap == log
        assert len(snap["attendees"]) == 399 and snap["revocations"]
        # Fewer rows than the log has changes (each person once, no superseded versions).
        assert downloaded < replayed
        snapshot_progress = [p for p in seen if p.phase == "snapshot"]
        total = snapshot_progress[0].total
        assert total == downloaded and snapshot_progress[0].done == 0
        assert [p.done for p in snapshot_progress] == sorted(p.done for p in snapshot_progress)
        assert snapshot_progress[-1].done == total and len(snapshot_progress) >= 2
        assert not SnapshotStaging(by_snapshot).exists()  # installed, then removed

        # Later changes reach both the same way, through the log.
        store.attendees.upsert(_people("Q", 50))
        store.attendees.edit("P0010", name="Renamed Twice", email="x@example.org")
        store.attendees.delete("P0011")
        later = _upload(server.url, token, ["P0012", "Q0001"], TODAY, gate="hall")
        late_old = _upload(server.url, token, ["P0013"], OLD_DAY)
        assert _sync(by_snapshot, snapshot=True) == _sync(by_log, snapshot=False)
        snap, log = _state(by_snapshot), _state(by_log)
        log["checkins"] = [c for c in log["checkins"] if c[0] not in old]
        assert snap == log
        assert {c[0] for c in snap["checkins"]} >= set(later) | set(late_old)
    finally:
        server.stop()
        store.close()


def _writers(store: CentralStore, url: str, token: str, stop: threading.Event,
             failures: list[str]) -> Iterator[threading.Thread]:
    """Organisers and kiosks changing the list while a kiosk reads its snapshot: new
    people, edits, codes moving between two people, deletions, check-ins; on PostgreSQL
    each transaction is held open a little so commits land out of order."""

    def organiser(w: int) -> None:
        rng = random.Random(w)
        batch = 0
        while not stop.is_set() and batch < 40:
            batch += 1
            # Each organiser edits its own half of the list: two organisers moving the
            # same code at once is a conflict between them (a unique-code violation), not
            # what this test is about (the snapshot's consistency with the log).
            low, high = 5 + (w - 1) * 195, 5 + w * 195
            first, second = rng.randrange(low, high), rng.randrange(low, high)

            def work(tx: Tx, first: int = first, second: int = second,
                     batch: int = batch) -> None:
                rows = {r["id"]: r for r in tx.select_in(
                    "SELECT * FROM attendees WHERE deleted = 0 AND id IN ({})",
                    [f"P{first:04d}", f"P{second:04d}"])}
                people = _people(f"W{w}x{batch}", 3)
                if len(rows) == 2 and first != second:
                    a, b = (Attendee.from_row(rows[f"P{n:04d}"]) for n in (first, second))
                    # b's code moves to a, b gets a new one: one transaction.
                    people += [replace(b, code=f"moved-{w}-{batch}"),
                               replace(a, code=b.code, name=a.name + " +")]
                store.attendees.upsert_in(tx, people)
                if store.db.postgres:
                    tx.execute("SELECT pg_sleep(?)", (rng.random() * 0.03,))

            try:
                store.db.run(work)
                if batch % 7 == 0:
                    store.attendees.delete(f"W{w}x{batch - 1}0001")
            except Exception as exc:  # noqa: BLE001 - reported by the test
                failures.append(f"organiser {w}: {exc!r}")

    def door() -> None:
        n = 0
        while not stop.is_set() and n < 120:
            try:
                _upload(url, token, [f"P{(n * 7) % 390 + 5:04d}", f"P{(n * 11) % 390 + 5:04d}"],
                        TODAY)
            except AssertionError as exc:  # a person deleted meanwhile: refused, fine
                if "rejected" not in str(exc):
                    failures.append(f"door: {exc}")
            n += 2

    for target, args in ((organiser, (1,)), (organiser, (2,)), (door, ())):
        thread = threading.Thread(target=target, args=args)
        thread.start()
        yield thread


def _concurrent(url: str | Path, tmp_path: Path, servers: int) -> None:
    store = _new_list(url)
    serving = [start_serve(url) for _ in range(servers)]
    stop = threading.Event()
    failures: list[str] = []
    try:
        token = _token(store, "Door")
        _upload(serving[-1].url, token, [f"P{i:04d}" for i in range(5, 30)], TODAY)
        reader = _paired(store, serving[0].url, tmp_path / "reader.db", "Reader")
        threads = list(_writers(store, serving[-1].url, token, stop, failures))
        time.sleep(0.2)  # the writers are writing
        _sync(reader, snapshot=True)  # pages read while the list changes under them
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        assert not failures, failures[:3]
        _sync(reader, snapshot=True)  # the log after the snapshot: the rest
        fresh = _paired(store, serving[0].url, tmp_path / "fresh.db", "Replayer")
        _sync(fresh, snapshot=False)
        snap, log = _state(reader), _state(fresh)
        assert snap == log  # every change once: none skipped, none doubled
        central = {a.id: a for a in store.attendees.all()}
        assert {a[0] for a in snap["attendees"]} == set(central)
        assert {c[0] for c in snap["checkins"]} == {c["id"] for c in store.ingest.all()}
        assert len(central) > 400  # the writers did write
    finally:
        stop.set()
        for server in serving:
            server.stop()
        store.close()


@pytest.mark.usefixtures("small_pages")
def test_a_snapshot_read_while_the_list_changes_misses_nothing_sqlite(
        tmp_path: Path) -> None:
    _concurrent(tmp_path / "central.db", tmp_path, servers=1)


@pytest.mark.postgres
@pytest.mark.usefixtures("small_pages")
def test_a_snapshot_read_while_the_list_changes_misses_nothing_postgres(
        pg_url: str, tmp_path: Path) -> None:
    _concurrent(pg_url, tmp_path, servers=2)  # two `kiosk serve` processes, one database


class _Recorder(httpx.BaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.snapshot_requests: list[dict[str, str]] = []
        self.file_ranges: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/snapshot"):
            self.snapshot_requests.append(dict(request.url.params))
        if "/snapshot/file/" in request.url.path:
            self.file_ranges.append(request.headers.get("range", ""))
        return self.inner.handle_request(request)


def test_a_killed_download_continues_where_it_stopped(tmp_path: Path) -> None:
    store = _new_list(tmp_path / "central.db", n=12_000)  # over MIN_LOG_CHANGES
    server = start_serve(tmp_path / "central.db")
    # Slow answers, so the kill lands in the middle of the download.
    proxy = FaultProxy(int(server.url.rsplit(":", 1)[1]),
                       Faults(delay=1.0, max_delay=0.05)).start()
    try:
        kiosk = tmp_path / "kiosk.db"
        with SyncEngine(kiosk) as engine:
            engine.pair(proxy.url, store.devices.new_pairing_code(device_name="K").code)
        proc = subprocess.Popen(kiosk_argv("sync", "--db", str(kiosk)), env=kiosk_env(),
                                stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        shown = []
        for line in proc.stderr:  # `kiosk sync` shows the snapshot's progress
            shown.append(line)
            if line.strip().startswith("snapshot:"):
                done, total = line.split()[1].split("/")
                if 0 < int(done) < int(total):
                    os.kill(proc.pid, signal.SIGKILL)
                    break
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, "".join(shown)
        # The central list's snapshot file, cut midway: kept, nothing half-installed.
        part = SnapshotStaging(kiosk).path.with_name("kiosk.db.snapshot.download")
        had = part.stat().st_size
        assert had > 0 and not SnapshotStaging(kiosk).exists()
        # (The status bar's figure while the file downloads.)
        progress = snapshot_module.download_progress(kiosk)
        assert progress is not None and 0 < progress[0] < progress[1], progress
        with Replica(kiosk) as replica:
            assert replica.attendee_count() == 0
            assert replica.get_meta(MetaKey.CURSOR) is None

        recorder = _Recorder()
        seen: list[SyncProgress] = []
        with SyncEngine(kiosk, transport=recorder) as engine:
            result = engine.sync(seen.append)
        assert result.ok, result.error
        # Continued: the same file, from the byte it had (HTTP Range), no page read.
        assert recorder.snapshot_requests == []
        assert recorder.file_ranges == [f"bytes={had}-"]
        assert seen[0].phase == "snapshot" and 0 < seen[0].done < seen[0].total
        assert (seen[0].done, seen[0].total) == progress  # the same figure, resumed
        with Replica(kiosk) as replica:
            assert replica.attendee_count() == 11_999
            assert replica.attendee_by_code("P-C11999") is not None
        assert not SnapshotStaging(kiosk).exists()
        fresh = _paired(store, server.url, tmp_path / "fresh.db", "Replayer")
        _sync(fresh, snapshot=False)
        assert _state(kiosk) == _state(fresh)
    finally:
        proxy.stop()
        server.stop()
        store.close()


def _drop_files(files: Path) -> set[Path]:
    """The central list's snapshot files, deleted (they would be served again while
    few changes come after them: kiosk/central/snapshot_file.py ``REUSE_CHANGES``):
    the next kiosk gets a file built at the list's position then."""
    dropped = set(files.glob("*.snapshot.db"))
    for f in dropped:
        f.unlink()
    return dropped


class _CutFile(httpx.BaseTransport):
    """The snapshot file's download cut after its first chunk (the JSON pages: after
    four requests)."""

    def __init__(self) -> None:
        self.inner, self.n = httpx.HTTPTransport(), 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.n += 1
        if "/snapshot/file/" not in request.url.path:
            if self.n > 4 and "/snapshot" in request.url.path:
                raise httpx.ConnectError("cut", request=request)
            return self.inner.handle_request(request)
        answer = self.inner.handle_request(request)
        stream = answer.stream

        class FirstChunk(httpx.SyncByteStream):
            def __iter__(self) -> Iterator[bytes]:
                for chunk in stream:  # type: ignore[union-attr]
                    yield chunk[:4096]
                    raise httpx.ReadError("cut", request=request)

        return httpx.Response(answer.status_code, headers=answer.headers,
                              stream=FirstChunk(), request=request)


@pytest.mark.usefixtures("small_pages")
@pytest.mark.parametrize("path", ["file", "pages"])
def test_a_list_restored_from_a_backup_still_heals(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    """A list restored from a backup: a kiosk that holds its snapshot uploads again and
    reads the log; one halfway through its snapshot (a file cut midway, or staged
    pages) starts again from the restored list — the file it was fetching, still
    beside the list, is not served as a recent one (its position is gone)."""
    if path == "pages":
        monkeypatch.setattr(snapshot_module, "_download_file", lambda *args: None)
    central = tmp_path / "central.db"
    store = _new_list(central)
    server = start_serve(central)
    port = int(server.url.rsplit(":", 1)[1])
    try:
        token = _token(store, "Door")
        _upload(server.url, token, ["P0010", "P0011"], TODAY)
        kiosk = _paired(store, server.url, tmp_path / "kiosk.db", "K")
        halfway = _paired(store, server.url, tmp_path / "halfway.db", "Halfway")
        _sync(kiosk, snapshot=True)
        files = tmp_path / "central.db.snapshots"
        dropped = _drop_files(files)
        backup = tmp_path / "backup.db"
        sqlite_backup(central, backup)
        # After the backup: this kiosk admits two people, another device one.
        from kiosk.replica.checkin import CheckInService

        with Replica(kiosk) as replica:
            service = CheckInService(replica, gate_id="main")
            assert [str(service.scan(c).verdict) for c in ("P-C20", "P-C21")] == \
                ["accepted"] * 2
        _sync(kiosk, snapshot=True)
        _upload(server.url, token, ["P0030"], TODAY)
        # A second new kiosk is halfway through its snapshot (read from a position the
        # backup does not have) when the list is restored.

        with SyncEngine(halfway, transport=_CutFile()) as engine:
            assert not engine.sync(force=True).ok
        part = SnapshotStaging(halfway).path.with_name("halfway.db.snapshot.download")
        assert (part.exists() if path == "file" else SnapshotStaging(halfway).exists())

        fetched = set(files.glob("*.snapshot.db")) - dropped  # the halfway kiosk's
        server.stop()
        store.close()
        sqlite_backup(backup, central)
        store = CentralStore.open(central)
        store.attendees.upsert(_people("N", 5))  # the restored list reuses sequence numbers
        server = start_serve(central, port=port)
        _sync(kiosk, snapshot=True)  # 409: uploads everything again, reads the log
        _sync(halfway, snapshot=True)  # 409 on its next page: a new snapshot
        if path == "file":  # the files of positions the restored list lacks: gone
            assert fetched and not any(f.exists() for f in fetched)
        central_ids = sorted(c["id"] for c in store.ingest.all())
        assert len(central_ids) == len(set(central_ids)) == 4  # the two lost ones back, once
        fresh = _paired(store, server.url, tmp_path / "fresh.db", "Replayer")
        _sync(fresh, snapshot=False)
        want = _state(fresh)
        for db in (kiosk, halfway):
            got = _state(db)
            with Replica(db) as replica:
                assert replica.pending_upload_count() == 0
            # The lost uploads of the kiosk are back on the list, and on every kiosk.
            assert {c[0] for c in got["checkins"]} >= set(central_ids)
            assert got["attendees"] == want["attendees"]
        # The halfway kiosk started again from the restored list: exactly its state.
        assert _state(halfway) == want
        assert not SnapshotStaging(halfway).exists()
    finally:
        server.stop()
        store.close()


def test_the_snapshot_api_needs_a_token_and_refuses_nonsense(tmp_path: Path) -> None:
    store = _new_list(tmp_path / "central.db", n=20)
    server = start_serve(tmp_path / "central.db")
    try:
        token = _token(store, "K")
        with httpx.Client(base_url=server.url + "/api/v1", timeout=30) as client:
            assert client.get("/snapshot").status_code == 401
            assert client.get("/snapshot", headers={"Authorization": "Bearer nope"}
                              ).status_code == 401
            auth = {"Authorization": f"Bearer {token}"}
            first = client.get("/snapshot", headers=auth, params={"limit": 5})
            assert first.status_code == 200
            body = first.json()
            assert body["section"] == "event" and body["totals"]["attendee"] == 19
            assert "private_key" not in first.text  # never leaves the central list
            for params, status in (({"cursor": "x"}, 400), ({"limit": 0}, 422),
                                   ({"limit": 10**6}, 422), ({"section": "devices"}, 422),
                                   ({"cursor": body["cursor"], "section": "checkin",
                                     "after": "abc"}, 400),
                                   ({"cursor": "9.999999"}, 409),
                                   ({"cursor": body["cursor"], "check": "0" * 16}, 409)):
                answer = client.get("/snapshot", headers=auth, params=params)
                assert answer.status_code == status, (params, answer.text)
                assert answer.json()["message"]
    finally:
        server.stop()
        store.close()


@pytest.mark.postgres
@pytest.mark.usefixtures("small_pages")
def test_a_transaction_open_when_the_snapshot_starts_is_not_skipped(
        pg_url: str, tmp_path: Path) -> None:
    """T1 writes X and stays open; T2 writes Y and commits (a larger transaction id);
    a new kiosk reads its whole snapshot; then T1 commits. X must still arrive: the
    snapshot's position is below the oldest running transaction, like a feed cursor."""
    store = _new_list(pg_url, n=50)
    server = start_serve(pg_url)
    try:
        kiosk = _paired(store, server.url, tmp_path / "kiosk.db", "K")
        with store.db.transaction() as t1:
            store.attendees.upsert_in(t1, _people("X", 1))
            store.attendees.upsert(_people("Y", 1))  # T2, committed first
            _sync(kiosk, snapshot=True)
            with Replica(kiosk) as replica:
                assert replica.get_attendee("Y0000") is not None  # in a page already
                assert replica.get_attendee("X0000") is None  # not committed yet
        _sync(kiosk, snapshot=True)
        with Replica(kiosk) as replica:
            assert replica.get_attendee("X0000") is not None
    finally:
        server.stop()
        store.close()


def test_a_staging_file_of_another_format_starts_again(tmp_path: Path) -> None:
    """Staged rows carry folded-name keys made by this version's rule (the contentless
    index deletes by them later): a download staged by another version — another
    shape, or another folding rule — is thrown away, not installed."""
    from kiosk.replica import snapshot as staging_module

    kiosk = tmp_path / "kiosk.db"
    page = wire.SnapshotPage("1.1", "check", "event", (), [], "gate", None, {"event": 0}, 1)
    staging = SnapshotStaging(kiosk)
    staging.begin("http://list", page)
    assert staging.position() is not None
    staging._write_meta({"format": "1"})  # a download begun before name keys were staged
    assert staging.position() is None
    assert not staging.exists()
    staging.begin("http://list", page)
    staging._write_meta({"format": staging_module.FORMAT.replace(" ", " x")})
    assert staging.position() is None
    staging.close()


@pytest.mark.usefixtures("small_pages")
def test_scans_go_on_while_a_snapshot_is_installed(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The install moves attendees in batches, each its own transaction: a scan at the
    kiosk (another connection of the process) gets in between, and what another writer
    adds meanwhile (a walk-in) stays and is found. Nothing else differs from a kiosk
    that replayed the log."""
    from kiosk.replica import snapshot as staging_module
    from kiosk.replica.checkin import CheckInService

    monkeypatch.setattr(staging_module, "INSTALL_ROWS", 20)
    monkeypatch.setattr(staging_module, "INSTALL_ROWS_WHILE_STAGING", 20)
    store = _new_list(tmp_path / "central.db")
    server = start_serve(tmp_path / "central.db")
    try:
        kiosk = _paired(store, server.url, tmp_path / "kiosk.db", "Door")
        stop = threading.Event()
        during: list[float] = []
        errors: list[BaseException] = []

        def scanner() -> None:
            try:
                with Replica(kiosk) as replica:
                    service = CheckInService(replica, gate_id="main")
                    while not stop.is_set():
                        if replica.get_meta(staging_module.INSTALL_MARK) is None:
                            time.sleep(0.002)
                            continue
                        started = time.perf_counter()
                        service.scan(f"P-C{random.randrange(5, 400)}")
                        during.append(time.perf_counter() - started)
                        if len(during) == 1:  # a walk-in
                            replica.upsert_attendees([
                                Attendee(id="W0001", event_id="snap", name="Walkin Wanda",
                                         code="W-1", source="walkin")])
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)

        thread = threading.Thread(target=scanner)
        thread.start()
        try:
            _sync(kiosk, snapshot=True)
        finally:
            stop.set()
            thread.join()
        assert not errors, errors
        # Scans were decided while the install was under way, none waiting long.
        assert len(during) >= 3 and max(during) < 5, during
        fresh = _paired(store, server.url, tmp_path / "fresh.db", "Replayer")
        _sync(fresh, snapshot=False)
        mine, replayed = _state(kiosk), _state(fresh)  # (search indexes checked too)
        walkin = [a for a in mine["attendees"] if a[0] == "W0001"]
        assert walkin and mine["attendees"] == sorted(replayed["attendees"] + walkin)
        with Replica(kiosk) as replica:
            assert [a.id for a in replica.search("walkin wan")] == ["W0001"]
            assert replica.get_meta(staging_module.INSTALL_MARK) is None
            assert replica.get_meta(MetaKey.CURSOR) is not None
    finally:
        server.stop()
        store.close()


def _disk_full_at(monkeypatch: pytest.MonkeyPatch, name: str, at: int) -> list[tuple[Any, ...]]:
    """The install's step ``name`` (kiosk/replica/snapshot.py) fails with a full disk
    at its ``at``-th call; returns the calls' arguments (after the connection)."""
    from kiosk.errors import DiskFull
    from kiosk.replica import snapshot as staging_module

    real = getattr(staging_module, name)
    calls: list[tuple[Any, ...]] = []

    def failing(*args: Any) -> None:
        calls.append(args[1:])
        if len(calls) == at:
            raise DiskFull("database or disk is full")
        real(*args)

    monkeypatch.setattr(staging_module, name, failing)
    return calls


def _sync_stops_at_a_full_disk(kiosk: Path) -> None:
    from kiosk.errors import DiskFull

    with SyncEngine(kiosk) as engine:
        result = engine.sync(force=True)
    assert not result.ok and isinstance(result.error, DiskFull), result


@pytest.mark.usefixtures("small_pages")
@pytest.mark.parametrize("path", ["file", "pages"])
def test_a_failed_install_continues_after_its_last_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    """The disk fills up in the middle of the install: the batches already in stay (no
    cursor yet, the staged download kept), and the next sync installs the rest — the
    file's rows at their own rowids, its last row first and then from the bottom up (a
    fresh replica, the file with its search indexes), or staged pages after the
    replica's rows."""
    from kiosk.replica import snapshot as staging_module

    if path == "pages":
        monkeypatch.setattr(snapshot_module, "_download_file", lambda *args: None)
    monkeypatch.setattr(staging_module, "INSTALL_ROWS", 50)
    monkeypatch.setattr(staging_module, "INSTALL_ROWS_WHILE_STAGING", 50)
    batches = _disk_full_at(monkeypatch, "_install_at_rowids" if path == "file"
                            else "_install_attendees", 4)
    store = _new_list(tmp_path / "central.db")
    server = start_serve(tmp_path / "central.db")
    try:
        kiosk = _paired(store, server.url, tmp_path / "kiosk.db", "Door")
        _sync_stops_at_a_full_disk(kiosk)
        with Replica(kiosk) as replica:
            # (the file: its last row, then two batches from the bottom)
            assert replica.attendee_count() == (101 if path == "file" else 150)
            assert replica.get_meta(MetaKey.CURSOR) is None
            cursor = replica.get_meta(staging_module.INSTALL_MARK).split(" ")[0]
        assert SnapshotStaging(kiosk).exists()
        assert _sync(kiosk, snapshot=True) >= 0
        # Continued after the last batch in.
        assert batches[4][:2] == (batches[3][:2] if path == "file" else (150, 200)), batches
        with Replica(kiosk) as replica:
            assert replica.get_meta(MetaKey.CURSOR) == cursor
            assert replica.get_meta(staging_module.INSTALL_MARK) is None
        assert not SnapshotStaging(kiosk).exists()
        fresh = _paired(store, server.url, tmp_path / "fresh.db", "Replayer")
        _sync(fresh, snapshot=False)
        assert _state(kiosk) == _state(fresh)  # (the search indexes' answers too)
    finally:
        server.stop()
        store.close()


@pytest.mark.usefixtures("small_pages")
@pytest.mark.parametrize("step", ["_index_what_changed", "_install_checkins"])
def test_an_install_at_own_rowids_stopped_at_its_last_steps_continues(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    """A fresh replica takes the file's search indexes after its last batch, then the
    check-ins and the cursor: stopped at either step (each one transaction: a kill
    rolls it back the same way), the next sync does it again, and the replica ends as
    one that replayed the log, its indexes whole (FTS5's integrity check), the kiosk's
    own check-in recorded in between kept and uploaded."""
    from kiosk.replica import snapshot as staging_module
    from kiosk.replica.checkin import CheckInService

    monkeypatch.setattr(staging_module, "INSTALL_ROWS", 60)
    calls = _disk_full_at(monkeypatch, step, 1)
    store = _new_list(tmp_path / "central.db")
    server = start_serve(tmp_path / "central.db")
    try:
        kiosk = _paired(store, server.url, tmp_path / "kiosk.db", "Door")
        _sync_stops_at_a_full_disk(kiosk)
        with Replica(kiosk) as replica:
            assert replica.get_meta(MetaKey.CURSOR) is None
            # (Taking the file's indexes marks itself done with its last transaction.)
            done = replica.get_meta(staging_module.INSTALL_MARK).split(" ")[3] == "0"
            assert done == (step == "_install_checkins")
            # A scan before the next try: every row is in (not yet searchable).
            assert CheckInService(replica, gate_id="main").scan("P-C7").checkin_id is not None
        _sync(kiosk, snapshot=True)
        assert len(calls) == 2
        fresh = _paired(store, server.url, tmp_path / "fresh.db", "Replayer")
        _sync(fresh, snapshot=False)
        mine, replayed = _state(kiosk), _state(fresh)
        own = [c for c in mine["checkins"] if c[-1] == "local"]
        assert len(own) == 1 and own[0][1] == "P0007"
        assert {c[0] for c in replayed["checkins"]} == {own[0][0]}  # uploaded
        mine["checkins"] = replayed["checkins"] = []
        assert mine == replayed  # (the indexes' integrity checked too)
    finally:
        server.stop()
        store.close()


@pytest.mark.usefixtures("small_pages")
def test_an_install_at_own_rowids_left_for_another_snapshot_is_repaired(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An install at the file's own rowids stops halfway (its rows in no search index
    yet), and the next download is another snapshot (the list moved on; here the
    staged file is gone, as after a restore or a re-pairing): the replica's triggers
    and both indexes are made whole first, then the new snapshot installs as over a
    replica that holds data, and the kiosk ends as one that replayed the log."""
    from kiosk.replica import snapshot as staging_module

    monkeypatch.setattr(staging_module, "INSTALL_ROWS", 100)
    _disk_full_at(monkeypatch, "_install_at_rowids", 3)
    store = _new_list(tmp_path / "central.db")
    server = start_serve(tmp_path / "central.db")
    try:
        kiosk = _paired(store, server.url, tmp_path / "kiosk.db", "Door")
        with SyncEngine(kiosk) as engine:
            assert not engine.sync(force=True).ok
        with Replica(kiosk) as replica:
            assert replica.attendee_count() == 101  # the file's last row, one batch
        SnapshotStaging(kiosk).discard()
        store.attendees.upsert(_people("Q", 30))
        store.attendees.edit("P0390", name="Renamed Late")
        _sync(kiosk, snapshot=True)
        fresh = _paired(store, server.url, tmp_path / "fresh.db", "Replayer")
        _sync(fresh, snapshot=False)
        assert _state(kiosk) == _state(fresh)
        with Replica(kiosk) as replica:
            assert [a.id for a in replica.search("renamed late")] == ["P0390"]
            triggers = [r[0] for r in replica.conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
                "tbl_name = 'attendees'")]
            assert triggers and not any(" WHEN " in t for t in triggers)
    finally:
        server.stop()
        store.close()


@pytest.mark.usefixtures("small_pages")
def test_a_recent_file_is_served_again_after_the_list_moved(tmp_path: Path) -> None:
    """A second kiosk shortly after the first, the list changed in between: it gets the
    same file (no second build: the horizon moved, but the file is recent and the
    changes since are few), reads the log after the file's position, and ends as a
    kiosk that replayed the log. A kiosk of another event gets a file of its own."""
    store = _new_list(tmp_path / "central.db")
    store.events.create("Other", event_id="other", gates=[Gate("o-main", "", "O Main")])
    store.attendees.upsert([Attendee(id="O1", event_id="other", name="Olga Other",
                                     code="O-1")])
    server = start_serve(tmp_path / "central.db")
    try:
        files = tmp_path / "central.db.snapshots"
        _sync(_paired(store, server.url, tmp_path / "first.db", "First"), snapshot=True)
        built = sorted(files.glob("*.snapshot.db"))
        assert len(built) == 1
        store.attendees.upsert(_people("Q", 5))
        store.attendees.edit("P0010", name="Renamed After The File")
        _upload(server.url, _token(store, "Door"), ["P0012", "Q0001"], TODAY)
        second = _sync(_paired(store, server.url, tmp_path / "second.db", "Second"),
                       snapshot=True)
        assert sorted(files.glob("*.snapshot.db")) == built and second > 0
        fresh = _paired(store, server.url, tmp_path / "fresh.db", "Replayer")
        _sync(fresh, snapshot=False)
        assert _state(tmp_path / "second.db") == _state(fresh)
        with SyncEngine(tmp_path / "other.db") as engine:
            engine.pair(server.url, store.devices.new_pairing_code(
                device_name="O door", gate_id="o-main").code)
        _sync(tmp_path / "other.db", snapshot=True)
        assert len(list(files.glob("*.snapshot.db"))) == 2
        with Replica(tmp_path / "other.db") as replica:
            assert [a.id for a in replica.attendees()] == ["O1"]
    finally:
        server.stop()
        store.close()


@pytest.mark.usefixtures("small_pages")
def test_rows_changed_while_the_file_indexes_are_copied_are_found_as_they_are(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh replica's install has put every row in and copies the file's search
    indexes (transaction by transaction): another writer then changes a row already in,
    removes one and adds one. The indexes put in place find each as it is now (and not
    as the file had it), and pass FTS5's integrity check."""
    from kiosk.replica import snapshot as staging_module

    monkeypatch.setattr(staging_module, "COPY_ROWS", 3)
    monkeypatch.setattr(staging_module, "COPY_PAGES", 2)
    real = staging_module._copy_rows
    reached, written = threading.Event(), threading.Event()

    def pausing(*args: Any) -> None:
        reached.set()
        assert written.wait(20)
        real(*args)

    monkeypatch.setattr(staging_module, "_copy_rows", pausing)
    store = _new_list(tmp_path / "central.db")
    server = start_serve(tmp_path / "central.db")
    try:
        kiosk = _paired(store, server.url, tmp_path / "kiosk.db", "Door")

        def writer() -> None:
            assert reached.wait(20)
            try:
                with Replica(kiosk) as replica, replica.atomic() as conn:
                    conn.execute("UPDATE attendees SET name = 'Changed Meanwhile', "
                                 "organisation = 'Elsewhere' WHERE id = 'P0050'")
                    conn.execute("DELETE FROM attendees WHERE id = 'P0060'")
                    replica.upsert_attendees([Attendee(id="W0001", event_id="snap",
                                                       name="Walkin Wanda", code="W-1",
                                                       source="walkin")])
            finally:
                written.set()

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            _sync(kiosk, snapshot=True)
        finally:
            written.set()
            thread.join()
        with Replica(kiosk) as replica:
            assert [a.id for a in replica.search("changed meanwhile")] == ["P0050"]
            assert [a.id for a in replica.search("elsewhere")] == ["P0050"]
            assert "P0050" not in [a.id for a in replica.search("soren p 50")]
            assert replica.search("p60@example.org") == []
            assert [a.id for a in replica.search("walkin")] == ["W0001"]
            assert [a.id for a in replica.search("p51@exa")] == ["P0051"]  # (raw index)
            names = [r[0] for r in replica.conn.execute("SELECT name FROM sqlite_master")]
            assert not [n for n in names if "_next" in n or "touched" in n], names
        _state(kiosk)  # (both indexes' integrity checks)
    finally:
        server.stop()
        store.close()


@pytest.mark.usefixtures("small_pages")
def test_two_events_keep_the_same_code_through_a_snapshot(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Codes are unique within an event: a desk of two events whose lists both hold
    "1001" for two people gets both codes from the snapshot (the install frees and
    de-duplicates codes within their event, not across events), in batches of any
    size; a kiosk of one of the events sees only that event's person."""
    from kiosk.replica import snapshot as staging_module

    monkeypatch.setattr(staging_module, "INSTALL_ROWS", 7)
    monkeypatch.setattr(staging_module, "INSTALL_ROWS_WHILE_STAGING", 7)
    store = _new_list(tmp_path / "central.db", n=40)
    store.events.create("Other", event_id="other", gates=[Gate("o-main", "", "O Main")])
    store.attendees.upsert([Attendee(id="A1001", event_id="snap", name="Ana Snap",
                                     code="1001"),
                            Attendee(id="B1001", event_id="other", name="Ben Other",
                                     code="1001")])
    server = start_serve(tmp_path / "central.db")
    try:
        with SyncEngine(tmp_path / "desk.db") as engine:
            engine.pair(server.url, store.devices.new_pairing_code(
                device_name="Desk", role="desk", event_ids=["snap", "other"]).code)
        with SyncEngine(tmp_path / "kiosk.db") as engine:
            engine.pair(server.url, store.devices.new_pairing_code(
                device_name="B door", gate_id="o-main").code)
        _sync(tmp_path / "desk.db", snapshot=True)
        _sync(tmp_path / "kiosk.db", snapshot=True)
        with Replica(tmp_path / "desk.db") as replica:
            assert replica.get_attendee("A1001").code == "1001"
            assert replica.get_attendee("B1001").code == "1001"
            assert sorted(a.id for a in replica.search("1001")) == ["A1001", "B1001"]
        with Replica(tmp_path / "kiosk.db") as replica:
            assert replica.get_attendee("B1001").code == "1001"
            assert replica.get_attendee("A1001") is None
            assert {a.event_id for a in replica.attendees()} == {"other"}
    finally:
        server.stop()
        store.close()


@pytest.mark.usefixtures("small_pages")
@pytest.mark.usefixtures("pages_only")
def test_the_install_goes_on_while_the_download_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Attendee batches go into the replica while later pages are still downloading
    (their own thread and connection), and the result is the replayed log's."""
    from kiosk.replica import snapshot as staging_module

    monkeypatch.setattr(staging_module, "INSTALL_ROWS", 20)
    monkeypatch.setattr(staging_module, "INSTALL_ROWS_WHILE_STAGING", 20)
    real_next = snapshot_module._next
    seen: list[tuple[str, int]] = []

    def slow_next(fetch: Any, position: Any, page: wire.SnapshotPage) -> wire.SnapshotPage:
        time.sleep(0.15)  # a slow network: the installer has time to catch up
        with Replica(kiosk) as replica:
            mark = replica.get_meta(staging_module.INSTALL_MARK)
            seen.append((page.next_section or "", int(mark.split()[1]) if mark else -1))
        return real_next(fetch, position, page)

    monkeypatch.setattr(snapshot_module, "_next", slow_next)
    real_batch = staging_module._install_attendees
    probes: list[str] = []

    def batch_leaving_the_staging_file_free(conn: Any, after: int, upto: int) -> None:
        real_batch(conn, after, upto)
        # Inside the batch's transaction, the download can still write its next page.
        import sqlite3

        probe = sqlite3.connect(str(SnapshotStaging(kiosk).path), timeout=0,
                                isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            probes.append("free")
        except sqlite3.OperationalError as exc:
            probes.append(str(exc))
        finally:
            probe.close()

    monkeypatch.setattr(staging_module, "_install_attendees",
                        batch_leaving_the_staging_file_free)
    store = _new_list(tmp_path / "central.db", n=300)
    server = start_serve(tmp_path / "central.db")
    try:
        kiosk = _paired(store, server.url, tmp_path / "kiosk.db", "Door")
        _sync(kiosk, snapshot=True)
        installed_early = [done for section, done in seen if section == "attendee"]
        assert max(installed_early) > 0, seen  # batches in before the last page
        assert probes and set(probes) == {"free"}, probes
        fresh = _paired(store, server.url, tmp_path / "fresh.db", "Replayer")
        _sync(fresh, snapshot=False)
        assert _state(kiosk) == _state(fresh)
        with Replica(kiosk) as replica:
            assert replica.get_meta(staging_module.INSTALL_MARK) is None
            settings = dict(replica.conn.execute(
                "SELECT k, v FROM attendees_fts_config WHERE k = 'automerge'").fetchall())
            assert settings == {"automerge": staging_module.AUTOMERGE}
        assert not SnapshotStaging(kiosk).exists()
    finally:
        server.stop()
        store.close()


class _Requests(httpx.BaseTransport):
    """A real transport that notes every request's path and query."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.seen: list[tuple[str, dict[str, str]]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.url.path, dict(request.url.params)))
        return self.inner.handle_request(request)


@pytest.mark.usefixtures("small_pages")
def test_a_replica_that_holds_data_reads_a_snapshot_not_the_whole_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kiosk paired again (its cursor forgotten) while the list changed: it reads a
    snapshot and the log after it, not the log from the start; what it holds unchanged
    stays untouched, what changed is replaced, and what the list no longer has (a
    deleted person, a lifted revocation, a deleted gate: a snapshot has no tombstones)
    goes — but not a walk-in recorded here. The end state is a replayer's."""
    from kiosk.replica import snapshot as staging_module
    from kiosk.replica.checkin import CheckInService

    monkeypatch.setattr(staging_module, "INSTALL_ROWS", 20)
    monkeypatch.setattr(staging_module, "INSTALL_ROWS_WHILE_STAGING", 20)
    store = _new_list(tmp_path / "central.db", n=300)
    server = start_serve(tmp_path / "central.db")
    try:
        kiosk = _paired(store, server.url, tmp_path / "kiosk.db", "Door")
        _sync(kiosk, snapshot=True)
        with Replica(kiosk) as replica:
            assert replica.is_revoked("P-C2")  # (P0002 is cancelled)
            walkin = CheckInService(replica, gate_id="main").register_walkin(
                name="Walkin Wanda", event_id="snap")
            rowid = {i: replica._rowid(i) for i in ("P0200", "P0101")}
        _sync(kiosk, snapshot=True)  # (refused: a kiosk, not a desk; kept here, marked)
        # While the kiosk is away: a person deleted, one renamed, a cancellation (and
        # its revocation) lifted, a gate deleted, five people added.
        store.attendees.delete("P0100")
        store.attendees.edit("P0101", name="Renamed Away")
        store.attendees.edit("P0002", status="valid")
        store.events.put_gate(Gate("gone", "snap", "Gone"), deleted=True)
        store.attendees.upsert(_people("Q", 5))
        _drop_files(tmp_path / "central.db.snapshots")  # (a new file, with the changes)
        with SyncEngine(kiosk) as engine:  # paired again: the cursor is forgotten
            engine.pair(server.url, store.devices.new_pairing_code(device_name="D2").code)
        requests = _Requests()
        _sync(kiosk, snapshot=True, transport=requests)
        feed = [q for path, q in requests.seen if path.endswith("/changes")]
        assert any(path.endswith("/snapshot/file") for path, _ in requests.seen)
        assert feed and feed[0]["cursor"] != "0.0"  # the log after the snapshot only
        fresh = _paired(store, server.url, tmp_path / "fresh.db", "Replayer")
        _sync(fresh, snapshot=False)
        mine, want = _state(kiosk), _state(fresh)
        mine["attendees"] = [a for a in mine["attendees"] if a[0] != walkin.id]
        for part in ("events", "gates", "attendees", "revocations", "search"):
            assert mine[part] == want[part], part
        with Replica(kiosk) as replica:
            assert replica.get_attendee("P0100") is None
            assert not replica.is_revoked("P-C2")
            assert replica.get_gate("gone") is None or replica.conn.execute(
                "SELECT deleted FROM gates WHERE id = 'gone'").fetchone()[0] == 1
            assert replica._rowid("P0200") == rowid["P0200"]  # unchanged: untouched
            assert replica._rowid("P0101") != rowid["P0101"]  # changed: replaced
            assert replica.get_attendee(walkin.id) is not None
            assert replica.get_meta(staging_module.INSTALL_MARK) is None
    finally:
        server.stop()
        store.close()
