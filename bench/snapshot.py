"""Benchmark: a new kiosk's first download of a large list, from a snapshot vs replaying
the log, beside bare inserts of the same rows, all in the same run.

One SQLite central list with N attendees (a tenth of them edited once, as lists are: the
log holds 1.1 N attendee changes, the snapshot N rows) and a day of check-ins, one `kiosk
serve` process on loopback, then:

- snapshot: a fresh replica paired and synced (the default: the list is large), split
  into the snapshot file's build and download, its install, and the log after it; with
  the file built before the kiosk asks (``warm``: as the central list does after an
  import, the build timed on its own) and with no file yet (``cold``: the kiosk waits
  for the server's build), one after the other (``--file warm|cold|both``); the file
  `kiosk serve` builds at its start for a long log is waited for first, and removed;
- log: a fresh replica synced by replaying the whole log (the snapshot switched off),
  last; ``--log-seconds S`` stops it after S seconds and reports how far it got;
- scans: a thread scans at the kiosk (its own connection) every ``--scan-every`` seconds
  (0.5) while the snapshot is installed; its latencies beside the same scans on the
  idle replica afterwards;
- baselines: the same attendee rows inserted into a fresh replica through its search
  triggers in one ``INSERT … SELECT`` (the best bare SQL does), with bare SQL one
  statement a row (one executemany, as bench/sync.py: FTS5 writes its pending index out
  after every statement, ``--no-bare`` skips it), and into a plain table without
  indexes or triggers (the floor for writing the rows at all).

    python bench/snapshot.py                    # 1,000,000 attendees
    python bench/snapshot.py --attendees 100000
    python bench/snapshot.py --no-log           # skip the (slow) log replay
    python bench/snapshot.py --no-log --no-bare --file both --central /tmp/c1m.db
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sync import bare_replica_insert, machine, people  # noqa: E402

import kiosk.sync.snapshot as snapshot_module  # noqa: E402
from kiosk.central.store import CentralStore  # noqa: E402
from kiosk.core.models import Gate  # noqa: E402
from kiosk.errors import ReplicaLocked  # noqa: E402
from kiosk.replica.db import Replica  # noqa: E402
from kiosk.replica.snapshot import INSTALL_MARK  # noqa: E402
from kiosk.sync.engine import SyncEngine, SyncProgress  # noqa: E402
from tests.central_fixtures import start_serve  # noqa: E402


def load_central(path: Path, n: int, checkins: int) -> str:
    """The list: N attendees, a tenth of them edited once, and ``checkins`` of today."""
    with CentralStore.open(path) as store:
        store.events.create("Bench", event_id="bench", gates=[Gate("main", "", "Main")])
        start = time.perf_counter()
        for s in range(0, n, 100_000):
            store.attendees.upsert(_slice(n, s))
        for s in range(0, n // 10, 100_000):  # a tenth of them edited once
            store.attendees.upsert(_slice(n // 10, s, suffix=" (edited)"))
        door = store.devices.pair(store.devices.new_pairing_code(device_name="Door").code)
        print(f"  central: {n:,} attendees loaded (a tenth edited once) in "
              f"{time.perf_counter() - start:.1f} s")
    return door.token


def _slice(n: int, start: int, *, suffix: str = "") -> list:  # type: ignore[type-arg]
    from kiosk.core.models import Attendee

    end = min(n, start + 100_000)
    return [Attendee(id=f"B{i:07d}", event_id="bench", name=f"Attendee {i}{suffix}",
                     code=f"BC-{i:07d}", email=f"a{i}@example.org", organisation="Org",
                     ticket_type="Regular", details={"shirt": "M"}) for i in range(start, end)]


def upload_checkins(url: str, token: str, n: int) -> None:
    now = datetime.now(UTC)
    with httpx.Client(base_url=url + "/api/v1", timeout=120,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        for s in range(0, n, 1000):
            items = [{"id": str(uuid.uuid4()), "attendee_id": f"B{i:07d}", "gate_id": "main",
                      "direction": "entry", "scanned_at": now.isoformat(),
                      "day": now.date().isoformat(), "verdict": "accepted"}
                     for i in range(s, min(n, s + 1000))]
            answer = client.post("/checkins", json={"checkins": items})
            if answer.status_code != 200:
                raise SystemExit(f"upload failed: {answer.text[:200]}")


def new_code(central: Path, name: str) -> str:
    """A pairing code made right before it is used: codes expire after 15 minutes."""
    with CentralStore.open(central) as store:
        return store.devices.new_pairing_code(device_name=name).code


class Scanner:
    """Scans at the kiosk (its own connection, as the GUI's) every ``every`` seconds
    while the snapshot is being installed: how long each waited for its verdict. (A
    scan waiting in SQLite's busy handler is let in first, at the cost of the install
    idling until that handler's next try, up to 100 ms: scans every 20 ms slow the
    install noticeably; a busy entrance scans every few seconds.)"""

    def __init__(self, db: Path, n: int, every: float) -> None:
        self.db, self.n, self.every = db, n, every
        self.during: list[float] = []
        self.refused = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from kiosk.replica.checkin import CheckInService

        with Replica(self.db) as replica:
            service = CheckInService(replica, gate_id="main")
            while not self.stop.is_set():
                if replica.get_meta(INSTALL_MARK) is None:
                    time.sleep(0.005)
                    continue
                try:
                    self.during.append(scan_time(service, self.n))
                except ReplicaLocked:  # waited out the replica's busy timeout (10 s)
                    self.refused += 1
                time.sleep(self.every)


def scan_time(service: object, n: int) -> float:
    start = time.perf_counter()
    service.scan(f"BC-{random.randrange(n):07d}")  # type: ignore[attr-defined]
    return time.perf_counter() - start


def idle_scans(db: Path, n: int, count: int = 200) -> list[float]:
    """The same scans on the installed replica, nothing else writing: the baseline."""
    from kiosk.replica.checkin import CheckInService

    with Replica(db) as replica:
        service = CheckInService(replica, gate_id="main")
        return [scan_time(service, n) for _ in range(count)]


#: As-you-type searches at the desk over the bench's rows ("Attendee 123", "a123@…",
#: "BC-0000123"): 1 and 3 letters, a name and its number, an e-mail, a code's prefix.
SEARCHES = ("a", "att", "attendee 4711", "a4711", "bc-00047")


def search_time(db: Path) -> str:
    """Median time of :data:`SEARCHES` (desk limit 51) on a replica, 40 rounds."""
    with Replica(db) as replica:
        samples = []
        for _ in range(40):
            for text in SEARCHES:
                start = time.perf_counter()
                replica.search(text, limit=51)
                samples.append(time.perf_counter() - start)
    return f"median {statistics.median(samples) * 1000:.2f} ms"


def latency(samples: list[float]) -> str:
    if not samples:
        return "none"
    ordered = sorted(samples)
    return (f"{len(samples)} scans, p50 {statistics.median(ordered) * 1000:.0f} ms, "
            f"p95 {ordered[int(0.95 * (len(ordered) - 1))] * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux /proc): on a loaded
    machine the CPU a side spent says more than the time it took."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_sync(db: Path, url: str, code: str, *, snapshot: bool,
               scanner: Scanner | None = None, server_pid: int | None = None,
               ) -> dict[str, float]:
    """Pair, then time the first sync; with the snapshot, also when its last page was
    staged and when its install ended (the log after it starts)."""
    keep = snapshot_module.MIN_LOG_CHANGES
    snapshot_module.MIN_LOG_CHANGES = keep if snapshot else 10**15
    marks: dict[str, float] = {}
    try:
        with SyncEngine(db) as engine:
            engine.pair(url, code)
            if scanner is not None:
                scanner.thread.start()
            start = time.perf_counter()
            cpu = time.process_time()
            served = cpu_seconds(server_pid) if server_pid else 0.0

            def progress(p: SyncProgress) -> None:
                now = time.perf_counter() - start
                if p.phase == "snapshot" and p.total and p.done == p.total:
                    marks.setdefault("staged", now)
                if p.phase == "download":
                    marks.setdefault("installed", now)

            result = engine.sync(progress)
            marks["total"] = time.perf_counter() - start
            marks["kiosk_cpu"] = time.process_time() - cpu
            marks["server_cpu"] = cpu_seconds(server_pid) - served if server_pid else 0.0
    finally:
        snapshot_module.MIN_LOG_CHANGES = keep
        if scanner is not None:
            scanner.stop.set()
            scanner.thread.join()
    if not result.ok:
        raise SystemExit(f"first sync failed: {result.error}")
    marks["downloaded"] = result.downloaded
    with Replica(db) as replica:
        marks["attendees"] = replica.attendee_count()
    return marks


def plain_insert(path: Path, n: int) -> float:
    """The rows into a plain table (no index, no trigger): writing them at all."""
    import sqlite3

    rows = [(a.id, a.event_id, a.code, a.name, a.email, a.organisation, a.ticket_type,
             json.dumps(a.details)) for a in people(n)]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE attendees (id, event_id, code, name, email, organisation, "
                 "ticket_type, details)")
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO attendees VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def bulk_replica_insert(path: Path, n: int) -> float:
    """The rows into a fresh replica through its search triggers in ONE statement
    (``INSERT … SELECT`` from a plain table): the best a bare insert does. One
    ``executemany`` statement per row (the other baseline) makes FTS5 write its pending
    index out after every row."""
    rows = [(a.id, a.event_id, a.code, a.name, a.email, a.organisation, a.ticket_type,
             json.dumps(a.details)) for a in people(n)]
    with Replica(path) as replica:
        conn = replica.conn
        conn.execute("CREATE TEMP TABLE plain (id, event_id, code, name, email, "
                     "organisation, ticket_type, details)")
        conn.executemany("INSERT INTO plain VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        start = time.perf_counter()
        cpu = time.thread_time()
        with replica.atomic():
            conn.execute("INSERT INTO attendees (id, event_id, code, name, email, "
                         "organisation, ticket_type, status, details, source, updated_at) "
                         "SELECT id, event_id, code, name, email, organisation, ticket_type, "
                         "'valid', details, 'import', 'now' FROM plain")
        elapsed = time.perf_counter() - start
        print(f"  (its CPU: {time.thread_time() - cpu:.1f} s)", flush=True)
        return elapsed


def log_replay(db: Path, url: str, code: str, limit: float | None) -> str:
    """The first sync by replaying the log, stopped after ``limit`` seconds (then: how
    far it got; the process exits right after, the engine thread with it)."""
    import threading

    keep = snapshot_module.MIN_LOG_CHANGES
    snapshot_module.MIN_LOG_CHANGES = 10**15
    seen: list[SyncProgress] = []
    engine = SyncEngine(db)
    engine.pair(url, code)
    start = time.perf_counter()
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(engine.sync(seen.append)),
                              daemon=True)
    worker.start()
    worker.join(limit)
    elapsed = time.perf_counter() - start
    snapshot_module.MIN_LOG_CHANGES = keep
    if worker.is_alive():
        last = seen[-1] if seen else SyncProgress("download", 0, None)
        share = last.done / last.total if last.total else 0.0
        return (f"stopped after {elapsed:.0f} s at {last.done:,}/{last.total or 0:,} changes "
                f"({share:.0%}; at that rate about {elapsed / max(share, 1e-9):.0f} s "
                "in all)")
    return f"{elapsed:.1f} s ({seen[-1].done if seen else 0:,} changes)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=1_000_000)
    parser.add_argument("--checkins", type=int, default=20_000)
    parser.add_argument("--no-log", action="store_true", help="skip the log replay")
    parser.add_argument("--scan-every", type=float, default=0.5,
                        help="seconds between scans at the kiosk during the install")
    parser.add_argument("--no-bare", action="store_true",
                        help="skip the (slow) one-statement-a-row baseline")
    parser.add_argument("--file", choices=("warm", "cold", "both"), default="both",
                        help="the snapshot file built before the kiosk asks (warm), by "
                             "its request (cold), or both, one after the other")
    parser.add_argument("--only-log", action="store_true",
                        help="only the log replay (for a second run when time is short)")
    parser.add_argument("--log-seconds", type=float, default=None,
                        help="stop the log replay after this many seconds")
    parser.add_argument("--central", type=Path, default=None,
                        help="keep the central list made here in this file, or use the "
                             "one an earlier run kept (its --attendees)")
    args = parser.parse_args()
    n = args.attendees

    print(f"bench/snapshot.py on {machine()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory() as tmp_text:
        tmp = Path(tmp_text)
        central = tmp / "central.db"
        door = None
        if args.central and args.central.exists():
            import shutil

            shutil.copy(args.central, central)  # a list made by an earlier run
            print(f"  central: the list of {args.central} (made by an earlier run)")
        else:
            door = load_central(central, n, args.checkins)
        server = start_serve(central)
        startup_build(server, central)
        try:
            if door is not None:
                upload_checkins(server.url, door, args.checkins)
                if args.central:
                    server.stop()
                    shutil_copy(central, args.central)
                    server = start_serve(central)
                    startup_build(server, central)
            if not args.only_log:
                modes = ("warm", "cold") if args.file == "both" else (args.file,)
                runs = {}
                for mode in modes:
                    runs[mode] = snapshot_sync(mode, tmp, central, server, n, args.scan_every)
                bulk = bulk_replica_insert(tmp / "bulk.db", n)
                print(f"  baseline, the {n:,} attendee rows into a replica through its "
                      f"search triggers in one INSERT … SELECT: {bulk:.1f} s", flush=True)
                print(f"  desk search {SEARCHES} on the snapshot's replica: "
                      f"{search_time(tmp / f'{modes[0]}.db')}; on the triggers' replica: "
                      f"{search_time(tmp / 'bulk.db')}", flush=True)
                bare = 0.0 if args.no_bare else bare_replica_insert_timed(tmp / "bare.db", n)
                plain = plain_insert(tmp / "plain.db", n)
                if bare:
                    print(f"  baseline, bare-SQL insert of the {n:,} attendee rows into a "
                          f"replica (through its search triggers, one transaction, one "
                          f"statement a row): {bare:.1f} s")
                print(f"  floor, the same rows into a plain table (no index, no trigger): "
                      f"{plain:.1f} s")
                for mode, snap in runs.items():
                    print(f"  {mode}: snapshot / one-statement insert: "
                          f"{snap['total'] / bulk:.2f}x;  "
                          + (f"snapshot / bare insert: {snap['total'] / bare:.2f}x;  "
                             if bare else "")
                          + f"snapshot / plain table: {snap['total'] / plain:.1f}x", flush=True)
            if not args.no_log:
                print("  first sync replaying the log: "
                      + log_replay(tmp / "log.db", server.url,
                                   new_code(tmp / "central.db", "K2"), args.log_seconds),
                      flush=True)
        finally:
            server.stop()
    print(f"  (load average at the end: {os.getloadavg()[0]:.1f})")
    return 0


def startup_build(server: object, central: Path) -> None:
    """Wait for the file `kiosk serve` builds at start for a long log (its child process
    at a lower priority), so the runs below measure alone; says how long it took."""
    files = central.with_name(central.name + ".snapshots")
    pid = server.proc.pid  # type: ignore[attr-defined]
    start = time.perf_counter()
    while time.perf_counter() - start < 900:
        children = [c for c in "".join(Path(t, "children").read_text() for t in
                                       Path(f"/proc/{pid}/task").glob("*")).split()
                    if _is_builder(c)]  # (not multiprocessing's resource tracker)
        if not children and (list(files.glob("*.snapshot.db"))
                             or time.perf_counter() - start > 5):
            break
        time.sleep(0.2)
    built = sorted(files.glob("*.snapshot.db")) if files.is_dir() else []
    print(f"  kiosk serve's own build at start: {len(built)} file(s), done "
          f"{time.perf_counter() - start:.1f} s after it said it serves", flush=True)


def _is_builder(pid: str) -> bool:
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def snapshot_sync(mode: str, tmp: Path, central: Path, server: object, n: int,
                  scan_every: float) -> dict[str, float]:
    """A fresh replica's first sync from the snapshot file: ``warm``, the file built
    before the kiosk asks (as the central list does after an import: timed here, in
    this process), or ``cold``, no file yet (the kiosk waits for the server's build)."""
    import shutil

    from kiosk.central.snapshot_file import PREBUILD_MIN_CHANGES

    files = central.with_name(central.name + ".snapshots")
    shutil.rmtree(files, ignore_errors=True)
    if mode == "warm":
        start, cpu = time.perf_counter(), time.process_time()
        with CentralStore.open(central) as store:
            built = store.snapshot_files.prepare(["bench"], min_log_changes=PREBUILD_MIN_CHANGES)
        print(f"  the file built before any kiosk asks (SnapshotFiles.prepare, as after an "
              f"import): {time.perf_counter() - start:.1f} s, CPU "
              f"{time.process_time() - cpu:.1f} s, "
              f"{getattr(built, 'size', 0) / 1e6:.0f} MB", flush=True)
    scanner = Scanner(tmp / f"{mode}.db", n, scan_every)
    snap = first_sync(tmp / f"{mode}.db", server.url,  # type: ignore[attr-defined]
                      new_code(central, mode), snapshot=True, scanner=scanner,
                      server_pid=server.proc.pid)  # type: ignore[attr-defined]
    print(f"  {mode}: first sync from a snapshot: {snap['total']:.1f} s "
          f"({snap['downloaded']:,.0f} rows; file in at {snap['staged']:.1f} s, "
          f"installed at {snap['installed']:.1f} s, then the log after it); "
          f"CPU: kiosk {snap['kiosk_cpu']:.1f} s, server {snap['server_cpu']:.1f} s; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    assert snap["attendees"] == n
    print(f"  {mode}: scans at the kiosk during the install: {latency(scanner.during)}"
          f"; refused as busy (waited 10 s): {scanner.refused}")
    print(f"  {mode}: baseline, the same scans afterwards, nothing else writing: "
          f"{latency(idle_scans(tmp / f'{mode}.db', n))}", flush=True)
    return snap


def shutil_copy(source: Path, target: Path) -> None:
    import shutil

    shutil.copy(source, target)


def bare_replica_insert_timed(path: Path, n: int) -> float:
    rows = people(n)
    start = time.perf_counter()
    bare_replica_insert(path, rows)
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
