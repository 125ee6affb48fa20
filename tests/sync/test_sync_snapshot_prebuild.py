"""The snapshot file built before a kiosk asks (docs/sync.md, "Built before a kiosk asks"):
after an import the central list builds the file of the event sets new kiosks will ask
for, in the background, and the first kiosk is served that very file — scoped to its
events like any other. Builds of one event set take turns across processes (a lock
file): two `kiosk serve` processes asked for the same snapshot at once build it once.
Real `kiosk serve` processes on loopback, real SQLite files, real PostgreSQL."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine, SyncProgress
from tests import central_fixtures
from tests.central_fixtures import start_serve
from tests.sync.test_sync_snapshot import _state, _sync

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url

#: Rows of the import: more changes than a kiosk replays (kiosk.sync.snapshot
#: MIN_LOG_CHANGES) and than the central list prebuilds a file for.
IMPORTED = 10_200


def _csv(n: int) -> bytes:
    lines = ["id,name,code,email,organisation"]
    lines += [f"I{i:05d},Ímport Person {i},IM-{i:05d},i{i}@example.org,Örg"
              for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def _files(directory: Path) -> dict[str, tuple[int, int]]:
    """The built files: name -> (inode, mtime in ns): a file built again differs."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(directory.glob("*.snapshot.db"))}


def _wait_for_files(directory: Path, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_files(directory)) >= count and not list(directory.glob("*.part")):
            return
        time.sleep(0.2)
    raise AssertionError(f"no snapshot file was built in the background: "
                         f"{sorted(p.name for p in directory.glob('*'))}")


def test_a_file_built_after_an_import_is_the_one_served(tmp_path: Path) -> None:
    """An organiser imports a large CSV through the web API: before any kiosk asks, the
    central list has built the file of the event a gate's kiosk will ask for. The
    kiosk paired next is served that file (not built again: same inode and time),
    reads the log after it and ends as a kiosk that replayed the log; search works
    when the sync says done. A kiosk of another event gets nothing of this one."""
    central = tmp_path / "central.db"
    with CentralStore.open(central) as store:
        store.events.create("Snap", event_id="snap", gates=[Gate("main", "", "Main")])
        admin = store.dashboard.new_admin_token()
    directory = tmp_path / "central.db.snapshots"
    server = start_serve(central)
    try:
        answer = httpx.post(f"{server.url}/admin/import", content=_csv(IMPORTED),
                            headers={"Authorization": f"Bearer {admin}"}, timeout=120)
        assert answer.status_code == 200, answer.text
        _wait_for_files(directory, 1)
        before = _files(directory)
        with CentralStore.open(central) as store:  # (changes after the file: few)
            store.events.create("Other", event_id="other", gates=[Gate("o-main", "", "O")])
            store.attendees.upsert([Attendee(id="O1", event_id="other", name="Olga Other",
                                             code="O-1")])
            code = store.devices.new_pairing_code(device_name="Door", gate_id="main").code
        with SyncEngine(tmp_path / "door.db") as engine:
            engine.pair(server.url, code)
            seen: list[SyncProgress] = []
            started = time.monotonic()
            result = engine.sync(seen.append)
            assert result.ok, result.error
        assert any(p.phase == "snapshot" for p in seen)  # from the file, not the log
        after = _files(directory)
        assert set(before) <= set(after) and all(after[n] == before[n] for n in before)
        with Replica(tmp_path / "door.db") as replica:
            assert replica.attendee_count() == IMPORTED
            assert [a.id for a in replica.search("import person 4711")] == ["I04711"]
            assert replica.attendee_by_code("O-1") is None  # another event's
        replayer, other = tmp_path / "replayer.db", tmp_path / "other.db"
        with CentralStore.open(central) as store:
            for path, gate in ((replayer, "main"), (other, "o-main")):
                with SyncEngine(path) as engine:
                    engine.pair(server.url, store.devices.new_pairing_code(
                        device_name=path.stem, gate_id=gate).code)
        _sync(replayer, snapshot=False)
        assert _state(tmp_path / "door.db") == _state(replayer)
        _sync(other, snapshot=True)
        with Replica(other) as replica:
            assert [a.id for a in replica.attendees()] == ["O1"]
        assert time.monotonic() - started < 600
    finally:
        server.stop()


@pytest.mark.postgres
def test_two_servers_asked_for_the_same_snapshot_at_once_build_it_once(
        pg_url: str, tmp_path: Path) -> None:
    """Two `kiosk serve` processes on one PostgreSQL list, each asked by a kiosk of the
    same events at the same moment: one builds the file, the other waits for it (the
    lock file in their shared directory) and serves the same one; both downloads are
    that file, byte for byte, and a kiosk installs it."""
    from kiosk.central.snapshot_file import SnapshotFiles
    from tests.sync.test_sync_snapshot import _new_list, _token

    store = _new_list(pg_url, n=4000)
    directory = SnapshotFiles.beside(store.snapshot, pg_url, True).directory
    servers = [start_serve(pg_url), start_serve(pg_url)]
    builders: set[str] = set()
    watching = threading.Event()

    def watch() -> None:  # the builds under way: one ``.part`` file each, named by pid
        while not watching.is_set():
            builders.update(p.name.rsplit(".", 2)[-2] for p in directory.glob("*.part"))
            time.sleep(0.002)

    try:
        tokens = [_token(store, f"K{i}") for i in range(2)]
        answers: list[httpx.Response] = []

        def ask(server_url: str, token: str) -> None:
            answers.append(httpx.get(f"{server_url}/api/v1/snapshot/file", timeout=120,
                                     headers={"Authorization": f"Bearer {token}"}))

        watcher = threading.Thread(target=watch)
        watcher.start()
        asking = [threading.Thread(target=ask, args=(s.url, t))
                  for s, t in zip(servers, tokens, strict=True)]
        for thread in asking:
            thread.start()
        for thread in asking:
            thread.join()
        watching.set()
        watcher.join()
        assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
        described = [a.json() for a in answers]
        assert described[0] == described[1]
        assert len(builders) == 1, builders  # built once
        bodies = [httpx.get(f"{s.url}/api/v1/snapshot/file/{described[0]['name']}",
                            headers={"Authorization": f"Bearer {t}"}, timeout=60).content
                  for s, t in zip(servers, tokens, strict=True)]
        assert bodies[0] == bodies[1] and len(bodies[0]) == described[0]["size"]
        kiosk = tmp_path / "kiosk.db"
        with SyncEngine(kiosk) as engine:
            engine.pair(servers[1].url, store.devices.new_pairing_code(device_name="K").code)
        _sync(kiosk, snapshot=True)
        with Replica(kiosk) as replica:
            assert replica.attendee_count() == 3999  # (one deleted)
    finally:
        for server in servers:
            server.stop()
        store.close()


def test_a_list_filled_before_the_server_started_has_its_file_built_at_start(
        tmp_path: Path) -> None:
    """A list whose rows came without an import through the server (pushed while it was
    down, or its files gone with a reboot): `kiosk serve` builds the file at start,
    before any kiosk asks, and the first kiosk is served that very file."""
    from tests.sync.test_sync_snapshot import _new_list

    central = tmp_path / "central.db"
    _new_list(central, n=IMPORTED).close()  # (no import: no build so far)
    directory = tmp_path / "central.db.snapshots"
    assert _files(directory) == {}
    server = start_serve(central)
    try:
        _wait_for_files(directory, 1)
        before = _files(directory)
        with CentralStore.open(central) as store:
            code = store.devices.new_pairing_code(device_name="Door", gate_id="main").code
        with SyncEngine(tmp_path / "door.db") as engine:
            engine.pair(server.url, code)
            seen: list[SyncProgress] = []
            result = engine.sync(seen.append)
            assert result.ok, result.error
        assert any(p.phase == "snapshot" for p in seen)
        assert _files(directory) == before  # served as it was, not built again
        with Replica(tmp_path / "door.db") as replica:
            assert replica.attendee_count() == IMPORTED - 1  # (one deleted)
    finally:
        server.stop()


def test_a_short_list_gets_no_file_at_start(tmp_path: Path) -> None:
    """Below the kiosks' own threshold the log is replayed: nothing is built at start."""
    from tests.sync.test_sync_snapshot import _new_list

    central = tmp_path / "central.db"
    _new_list(central, n=400).close()
    server = start_serve(central)
    try:
        time.sleep(3)  # (a build at start begins within a second; none may appear)
        assert _files(tmp_path / "central.db.snapshots") == {}
    finally:
        server.stop()
