"""Benchmark: first sync of a large list, an incremental sync, and central ingest rate.

Each figure is printed beside a baseline measured in the same run:

- first sync of N attendees (a fresh replica paired with a `kiosk serve` process)
  vs. the same rows inserted into a fresh replica with bare SQL (executemany);
- incremental sync of 1,000 changed attendees vs. the same updates in bare SQL;
- central ingest (check-ins/s) over HTTP, SQLite and PostgreSQL, one and two server
  processes, 4 uploading devices in batches of 500, vs. the same rows inserted into
  the same database with bare SQL.

    python bench/sync.py                 # 100,000 attendees, 20,000 check-ins per run
    python bench/sync.py --quick         # 10,000 / 4,000 (a smoke run)
    python bench/sync.py --no-postgres   # skip PostgreSQL (else a throwaway cluster)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from benchstats import cpu_model, percentile  # noqa: E402

from kiosk.central.store import CentralStore  # noqa: E402
from kiosk.core.models import Attendee, Gate  # noqa: E402
from kiosk.replica.db import Replica  # noqa: E402
from kiosk.sync.engine import SyncEngine  # noqa: E402
from tests.central_fixtures import postgres_cluster, start_serve  # noqa: E402


def machine() -> str:
    return (f"{os.cpu_count()} cores, {cpu_model() or 'unknown CPU'}, "
            f"Python {platform.python_version()}")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def people(n: int, *, suffix: str = "") -> list[Attendee]:
    return [Attendee(id=f"B{i:07d}", event_id="bench", name=f"Attendee {i}{suffix}",
                     code=f"BC-{i:07d}", email=f"a{i}@example.org", organisation="Org",
                     ticket_type="Regular", details={"shirt": "M"}) for i in range(n)]


def bare_replica_insert(path: Path, rows: list[Attendee]) -> None:
    with Replica(path) as replica:  # schema (with FTS triggers) exists; then bare SQL
        with replica.atomic() as conn:
            conn.executemany(
                "INSERT INTO attendees (id, event_id, code, name, email, organisation, "
                "ticket_type, status, details, source, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'valid', ?, 'import', 'now')",
                [(a.id, a.event_id, a.code, a.name, a.email, a.organisation, a.ticket_type,
                  json.dumps(a.details)) for a in rows])


def bench_first_and_incremental(tmp: Path, n: int) -> dict[str, float]:
    central = tmp / "central.db"
    with CentralStore.open(central) as store:
        store.events.create("Bench", event_id="bench", gates=[Gate("main", "", "Main")])
        load = timed(lambda: store.attendees.upsert(people(n)))
        codes = [store.devices.new_pairing_code(device_name=f"K{i}").code for i in range(2)]
    print(f"  central: {n:,} attendees loaded through CentralStore in {load:.2f} s")
    server = start_serve(central)
    try:
        engine = SyncEngine(tmp / "kiosk.db")
        engine.pair(server.url, codes[0])
        pages: list[int] = []
        first = timed(lambda: pages.append(engine.sync(lambda p: None).downloaded))
        baseline = timed(lambda: bare_replica_insert(tmp / "bare.db", people(n)))
        with CentralStore.open(central) as store:
            store.attendees.upsert(people(1000, suffix=" (renamed)"))
        moved: list[int] = []
        incremental = timed(lambda: moved.append(engine.sync().downloaded))

        def bare_update() -> None:
            with Replica(tmp / "bare.db") as replica, replica.atomic() as conn:
                conn.executemany("UPDATE attendees SET name = ? WHERE id = ?",
                                 [(a.name, a.id) for a in people(1000, suffix=" (renamed)")])

        inc_baseline = timed(bare_update)
        engine.close()
    finally:
        server.stop()
    print(f"  first sync of {n:,} attendees: {first:.2f} s ({pages[0]:,} changes)"
          f"   baseline bare-SQL insert into a replica: {baseline:.2f} s")
    print(f"  incremental sync of 1,000 changes: {incremental * 1000:.0f} ms ({moved[0]} moved)"
          f"   baseline bare-SQL update: {inc_baseline * 1000:.0f} ms")
    return {"first": first, "first_baseline": baseline, "incremental": incremental,
            "incremental_baseline": inc_baseline}


def bench_idle_polling(tmp: Path, kiosks: int = 40, rounds: int = 10) -> dict[str, float]:
    """Many kiosks syncing with nothing new: whole no-op syncs per second (4 client
    threads), beside the same number of bare authenticated requests (GET /whoami)."""
    central = tmp / "idle.db"
    with CentralStore.open(central) as store:
        store.events.create("Idle", event_id="idle", gates=[Gate("main", "", "Main")])
        codes = [store.devices.new_pairing_code().code for _ in range(kiosks)]
    server = start_serve(central)
    try:
        engines = []
        for k, code in enumerate(codes):
            engine = SyncEngine(tmp / f"idle{k}.db")
            engine.pair(server.url, code)
            engine.sync()
            engines.append(engine)

        def run(work: Callable[[int], object]) -> float:
            def worker(part: int) -> None:
                for _ in range(rounds):
                    for k in range(part, kiosks, 4):
                        work(k)

            threads = [threading.Thread(target=worker, args=(p,)) for p in range(4)]
            start = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return kiosks * rounds / (time.perf_counter() - start)

        syncs = run(lambda k: engines[k].sync(force=True))
        tokens = []
        for k in range(kiosks):
            with Replica(tmp / f"idle{k}.db") as replica:
                tokens.append(replica.get_meta("device_token"))
        client = httpx.Client(base_url=server.url + "/api/v1")
        bare = run(lambda k: client.get("/whoami",
                                        headers={"Authorization": f"Bearer {tokens[k]}"}))
        client.close()
        for engine in engines:
            engine.close()
    finally:
        server.stop()
    print(f"  {kiosks} kiosks, no-op syncs (upload nothing, one feed page): {syncs:,.0f} syncs/s"
          f"   baseline bare authenticated GET /whoami: {bare:,.0f} requests/s")
    return {"idle_syncs": syncs, "idle_baseline": bare}


def checkin_items(n: int, device: int) -> list[dict[str, object]]:
    now = datetime.now(UTC)
    return [{"id": str(uuid.uuid4()), "attendee_id": f"B{(device * n + i):07d}",
             "gate_id": "main", "direction": "entry", "scanned_at": now.isoformat(),
             "day": now.date().isoformat(), "verdict": "accepted"} for i in range(n)]


def ingest(urls: list[str], tokens: list[str], total: int, batch: int = 500) -> float:
    """Check-ins per second, `len(tokens)` devices uploading in parallel, spread over
    the server processes in ``urls``."""
    per_device = total // len(tokens)
    payloads = [checkin_items(per_device, d) for d in range(len(tokens))]
    latencies: list[float] = []
    errors: list[str] = []

    def device(d: int) -> None:
        with httpx.Client(base_url=urls[d % len(urls)] + "/api/v1", timeout=60,
                          headers={"Authorization": f"Bearer {tokens[d]}"}) as client:
            items = payloads[d]
            for start in range(0, len(items), batch):
                t = time.perf_counter()
                r = client.post("/checkins", json={"checkins": items[start:start + batch]})
                latencies.append(time.perf_counter() - t)
                if r.status_code != 200 or r.json().get("rejected"):
                    errors.append(r.text[:200])

    threads = [threading.Thread(target=device, args=(d,)) for d in range(len(tokens))]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise SystemExit(f"ingest errors: {errors[:3]}")
    print(f"      batch latency median {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {percentile(latencies, 95) * 1000:.0f} ms")
    return per_device * len(tokens) / elapsed


def bare_checkin_insert(url: str, total: int) -> float:
    """The same check-in rows inserted with bare SQL (executemany, batches of 500)."""
    with CentralStore.open(url) as store:
        items = checkin_items(total, 9)
        now = datetime.now(UTC).isoformat()
        rows = [(i["id"], i["attendee_id"], i["gate_id"], i["direction"], i["scanned_at"],
                 i["day"], i["verdict"], "bare", "bare", now) for i in items]

        def work() -> None:
            for start in range(0, len(rows), 500):
                store.db.run(lambda tx, s=start: tx.executemany(
                    "INSERT INTO checkins (id, attendee_id, gate_id, direction, scanned_at, "
                    "day, verdict, device_id, device_name, received_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows[s:s + 500]))

        return total / timed(work)


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of process ``pid`` so far (Linux ``/proc``; None elsewhere).
    On a shared machine the servers' CPU per check-in moves far less with the load than
    check-ins per second do."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_ingest(url: str, label: str, total: int) -> dict[str, float]:
    with CentralStore.open(url) as store:
        store.events.create("Bench", event_id="bench", gates=[Gate("main", "", "Main")])
        # The attendees the check-ins name: the central list refuses unknown ones.
        store.attendees.upsert(people(total))
        tokens = [store.devices.pair(store.devices.new_pairing_code(device_name=f"D{i}").code).token
                  for i in range(4)]
    out: dict[str, float] = {}
    for processes in (1, 2):
        servers = [start_serve(url) for _ in range(processes)]
        before = [process_cpu_seconds(s.proc.pid) for s in servers]
        try:
            rate = ingest([s.url for s in servers], tokens, total)
            after = [process_cpu_seconds(s.proc.pid) for s in servers]
        finally:
            for s in servers:
                s.stop()
        out[f"{processes}p"] = rate
        cpu = ""
        if None not in before + after:
            spent = sum(a - b for a, b in zip(after, before, strict=True))  # type: ignore[operator]
            out[f"{processes}p_cpu_ms_per_1000"] = spent * 1e6 / total
            cpu = f", server CPU {spent * 1e6 / total:.0f} ms per 1,000"
        print(f"    {label}, {processes} server process(es): {rate:,.0f} check-ins/s{cpu}")
    base = bare_checkin_insert(url, total)
    out["baseline"] = base
    print(f"    {label} baseline, bare-SQL insert of the same rows: {base:,.0f} rows/s")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=100_000)
    parser.add_argument("--checkins", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="10,000 attendees, 4,000 check-ins")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.attendees, args.checkins = 10_000, 4_000
    print(f"bench/sync.py on {machine()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    with tempfile.TemporaryDirectory() as tmp_text:
        tmp = Path(tmp_text)
        print("First and incremental sync (SQLite central, one `kiosk serve`):")
        bench_first_and_incremental(tmp, args.attendees)
        print("Idle polling (SQLite central, one `kiosk serve`):")
        bench_idle_polling(tmp)
        print(f"Central ingest, {args.checkins:,} check-ins from 4 devices, batches of 500:")
        bench_ingest(str(tmp / "ingest.db"), "SQLite", args.checkins)
        if not args.no_postgres:
            with postgres_cluster() as cluster:
                bench_ingest(cluster.new_database(), "PostgreSQL", args.checkins)
    sqlite3.connect(":memory:").close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
