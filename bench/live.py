"""Benchmark: a check-in known at every other kiosk, live feed vs. the 10 s timer; and
what 500 idle live requests cost the server.

Part 1. 50 kiosk engines (in worker processes, 10 kiosks each, each kiosk on its own
threads, each its own replica file) against real `kiosk serve` processes on loopback:

- SQLite: one `kiosk serve`;
- PostgreSQL (a throwaway cluster, as tests/central_fixtures.py makes it): two `kiosk
  serve` processes on one database, kiosks split between them.

One kiosk at a time records a check-in with ``CheckInService.scan``; the figure is the
time from just before ``scan()`` until the sync that applied it returned at each other
kiosk (per arrival, and per scan the slowest of the 49 = "every other kiosk"). Each run
is done twice: in real time (``kiosk.sync.live.run_live``: upload on scan, live feed) and
with the 10 s timer (the baseline: each kiosk syncs every 10 s, phases spread).

Part 2. One `kiosk serve` (SQLite; and PostgreSQL) holding 500 idle live requests (raw
sockets, ``wait=55``): server RSS and open descriptors before and while they are held,
and the time until all 500 are answered after one commit.

    python bench/live.py                  # everything (~6 minutes)
    python bench/live.py --quick          # 20 kiosks, fewer scans, 200 idle requests
    python bench/live.py --no-postgres   # or --no-sqlite
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import queue
import random
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchstats import cpu_model, percentile  # noqa: E402

from tests.central_fixtures import postgres_cluster, start_serve  # noqa: E402

PER_WORKER = 10
TIMER = 10.0


# -- the kiosks (worker processes) ------------------------------------------------------

def _worker(index: int, urls: list[str], codes: list[str], folder: str, live: bool,
            commands: Any, results: Any) -> None:
    """Run kiosks ``index*PER_WORKER ...``: pair, sync (live or on the timer), scan on
    command, report when each awaited check-in is applied."""
    from kiosk.replica.checkin import CheckInService
    from kiosk.replica.db import Replica
    from kiosk.sync.engine import SyncEngine, SyncResult
    from kiosk.sync.live import run_live

    stop = threading.Event()
    awaited: set[str] = set()
    lock = threading.Lock()
    kiosks = []
    for n, code in enumerate(codes):
        k = index * PER_WORKER + n
        db = Path(folder) / f"kiosk-{k}.db"
        engine = SyncEngine(db)
        engine.pair(urls[k % len(urls)], code, device_name=f"K{k}")
        assert engine.sync(force=True).ok
        kiosks.append((k, db, engine))

    def arrived(k: int, db: Path) -> None:
        with lock:
            wanted = list(awaited)
        if not wanted:
            return
        now = time.monotonic()
        with Replica(db) as replica:
            marks = ",".join("?" * len(wanted))
            found = [r[0] for r in replica.conn.execute(
                f"SELECT id FROM checkins WHERE id IN ({marks})", wanted)]
        for cid in found:
            results.put(("applied", cid, k, now))

    def timer_loop(k: int, db: Path, engine: SyncEngine) -> None:
        stop.wait(random.uniform(0, TIMER))  # kiosks started at different moments
        while not stop.is_set():
            started = time.monotonic()
            engine.sync()
            arrived(k, db)
            stop.wait(max(0.0, TIMER - (time.monotonic() - started)))

    def live_loop(k: int, db: Path, engine: SyncEngine) -> None:
        def after(result: SyncResult) -> None:
            arrived(k, db)

        run_live(engine, interval=TIMER, stop=stop, on_result=after)

    threads = [threading.Thread(target=live_loop if live else timer_loop, args=kiosk,
                                daemon=True) for kiosk in kiosks]
    for thread in threads:
        thread.start()
    results.put(("ready", index))
    while True:
        command = commands.get()
        if command[0] == "stop":
            break
        if command[0] == "await":
            with lock:
                awaited.add(command[1])
        elif command[0] == "scan":
            _, k, code = command
            db = next(d for kk, d, _ in kiosks if kk == k)
            started = time.monotonic()
            with Replica(db) as replica:
                result = CheckInService(replica, gate_id="main").scan(code)
            results.put(("scanned", result.checkin_id, k, started, str(result.verdict)))
        elif command[0] == "done":
            with lock:
                awaited.discard(command[1])
    stop.set()
    for thread in threads:
        thread.join(timeout=35)
    for _, _, engine in kiosks:
        engine.close()


def run_kiosks(urls: list[str], central_url: str, kiosks: int, scans: int, gap: float,
               live: bool, folder: Path) -> dict[str, Any]:
    """One run: ``kiosks`` kiosks, ``scans`` scans ``gap`` s apart at random kiosks."""
    from kiosk.central.store import CentralStore

    with CentralStore.open(central_url) as store:
        codes = [store.devices.new_pairing_code(device_name=f"K{k}").code
                 for k in range(kiosks)]
    ctx = mp.get_context("spawn")
    results: Any = ctx.Queue()
    workers, command_queues = [], []
    for w in range(0, kiosks, PER_WORKER):
        commands: Any = ctx.Queue()
        proc = ctx.Process(target=_worker, args=(
            w // PER_WORKER, urls, codes[w:w + PER_WORKER], str(folder), live, commands,
            results), daemon=True)
        proc.start()
        workers.append(proc)
        command_queues.append(commands)
    ready = 0
    while ready < len(workers):
        if results.get(timeout=300)[0] == "ready":
            ready += 1
    time.sleep(2.0)  # live requests held / timers spread
    arrivals: dict[str, dict[int, float]] = {}
    scanned: dict[str, tuple[int, float]] = {}
    rng = random.Random(14)
    # Different people in each run on one list (a second scan would be refused).
    people = rng.sample(range(0, 1000) if live else range(1000, 2000), scans)
    deadline_per_scan = 3 * TIMER + 10

    def drain(until: float) -> None:
        while time.monotonic() < until:
            try:
                message = results.get(timeout=max(0.01, until - time.monotonic()))
            except queue.Empty:
                return
            if message[0] == "scanned":
                _, cid, k, started, verdict = message
                assert verdict == "accepted", verdict
                scanned[cid] = (k, started)
                arrivals.setdefault(cid, {})
                for q in command_queues:
                    q.put(("await", cid))
            elif message[0] == "applied":
                _, cid, k, at = message
                arrivals.setdefault(cid, {}).setdefault(k, at)
                if cid in scanned and len(arrivals[cid]) >= kiosks:
                    for q in command_queues:
                        q.put(("done", cid))

    for person in people:
        k = rng.randrange(kiosks)
        command_queues[k // PER_WORKER].put(("scan", k, f"BL-{person}"))
        drain(time.monotonic() + gap)
    end = time.monotonic() + deadline_per_scan
    while time.monotonic() < end and not all(
            len(arrivals.get(c, {})) >= kiosks for c in scanned):
        drain(min(end, time.monotonic() + 0.5))
    for q in command_queues:
        q.put(("stop",))
    for proc in workers:
        proc.join(timeout=60)
        if proc.is_alive():
            proc.kill()
    each, slowest, missing = [], [], 0
    for cid, (k, started) in scanned.items():
        others = {kk: at - started for kk, at in arrivals.get(cid, {}).items() if kk != k}
        missing += (kiosks - 1) - len(others)
        each.extend(others.values())
        if len(others) == kiosks - 1:
            slowest.append(max(others.values()))
    return {"scans": len(scanned), "each": each, "slowest": slowest, "missing": missing}


# -- idle live requests -----------------------------------------------------------------

def _proc_figures(pid: int) -> tuple[float, int]:
    """(RSS in MiB, open descriptors) of process ``pid``."""
    rss = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def _read_answer(sock: socket.socket) -> bytes:
    """One whole feed answer (its JSON ends with ``server_time``), or what came in 60 s."""
    sock.settimeout(60)
    data = b""
    while b'"server_time"' not in data:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        if not chunk:
            break
        data += chunk
    return data


def idle_requests(central_url: str, count: int) -> dict[str, Any]:
    """``count`` held live requests on one fresh `kiosk serve` process."""
    from kiosk.central.store import CentralStore
    from kiosk.core.models import Attendee

    with CentralStore.open(central_url) as store:
        tokens = [store.devices.pair(store.devices.new_pairing_code(
            device_name=f"idle-{i}").code).token for i in range(20)]
        cursor = store.feed.page(limit=5000).cursor
        while True:  # the end of the feed
            page = store.feed.page(cursor, limit=5000)
            if not page.changes:
                break
            cursor = page.cursor
    server = start_serve(central_url)
    try:
        pid = server.proc.pid
        host, port = server.url.removeprefix("http://").split(":")
        # Warm the server up (imports, thread pool, connections) before the baseline.
        for token in tokens:
            with socket.create_connection((host, int(port))) as sock:
                sock.sendall(f"GET /api/v1/changes?cursor={cursor}&wait=0.01 HTTP/1.1\r\n"
                             f"Host: {host}\r\nAuthorization: Bearer {token}\r\n"
                             "Connection: close\r\n\r\n".encode())
                while sock.recv(65536):
                    pass
        time.sleep(1.0)
        before = _proc_figures(pid)
        socks: list[socket.socket] = []
        half: tuple[float, int] = before
        for step in (count // 2, count - count // 2):
            for _ in range(step):
                sock = socket.create_connection((host, int(port)))
                token = tokens[len(socks) % len(tokens)]
                sock.sendall(f"GET /api/v1/changes?cursor={cursor}&wait=55 HTTP/1.1\r\n"
                             f"Host: {host}\r\nAuthorization: Bearer {token}"
                             "\r\n\r\n".encode())
                socks.append(sock)
            time.sleep(5.0)  # every request read, authenticated and parked
            if len(socks) < count:
                half = _proc_figures(pid)
        held = _proc_figures(pid)
        with CentralStore.open(central_url) as store:
            written = time.monotonic()
            store.attendees.upsert([Attendee(id="wake", event_id="bl", name="Wake")])
        answered = 0
        last = written
        for sock in socks:
            data = _read_answer(sock)
            if data.startswith(b"HTTP/1.1 200") and b'"wake"' in data:
                answered += 1
            last = max(last, time.monotonic())
        for sock in socks:
            sock.close()
        return {"count": count, "rss_half": half[0], "fds_half": half[1],
                "rss_before": before[0], "fds_before": before[1],
                "rss_held": held[0], "fds_held": held[1], "answered": answered,
                "wake_all_s": last - written}
    finally:
        server.stop()


# -- the list ---------------------------------------------------------------------------

def make_list(url: str) -> None:
    from kiosk.central.store import CentralStore
    from kiosk.core.models import Attendee, Gate

    with CentralStore.open(url) as store:
        store.events.create("Bench", event_id="bl", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee(id=f"B{i}", event_id="bl", name=f"Person {i}",
                                         code=f"BL-{i}") for i in range(2000)])


def _line(label: str, values: list[float]) -> str:
    if not values:
        return f"  {label:<34} (none)"
    return (f"  {label:<34} p50 {percentile(values, 50):7.3f} s   p95 "
            f"{percentile(values, 95):7.3f} s   max {max(values):7.3f} s   n={len(values)}")


def report_run(name: str, live: dict[str, Any], timer: dict[str, Any]) -> None:
    print(f"\n{name}")
    for label, run in (("live", live), (f"timer {TIMER:.0f} s (baseline)", timer)):
        print(f" {label}: {run['scans']} scans, {run['missing']} arrivals missing")
        print(_line("each other kiosk", run["each"]))
        print(_line("every other kiosk (slowest)", run["slowest"]))
    if live["slowest"] and timer["slowest"]:
        ratio = percentile(timer["slowest"], 95) / percentile(live["slowest"], 95)
        print(f" p95 every other kiosk: timer / live = {ratio:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--kiosks", type=int, default=None)
    parser.add_argument("--idle", type=int, default=None)
    args = parser.parse_args()
    kiosks = args.kiosks or (20 if args.quick else 50)
    idle = args.idle or (200 if args.quick else 500)
    live_scans, timer_scans = (10, 8) if args.quick else (30, 20)
    print(f"bench/live.py: {kiosks} kiosks, {idle} idle live requests; "
          f"{platform.python_version()}, {cpu_model()}, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        folder = Path(tmp)
        if not args.no_sqlite:
            run_sqlite(folder, kiosks, idle, live_scans, timer_scans)
        if args.no_postgres:
            return
        with postgres_cluster() as cluster:
            url = cluster.new_database()
            make_list(url)
            servers = [start_serve(url), start_serve(url)]
            try:
                for run_dir in ("live", "timer"):
                    (folder / f"pg-{run_dir}").mkdir()
                live = run_kiosks([s.url for s in servers], url, kiosks, live_scans, 1.5,
                                  True, folder / "pg-live")
                timer = run_kiosks([s.url for s in servers], url, kiosks, timer_scans, 2.0,
                                   False, folder / "pg-timer")
            finally:
                for s in servers:
                    s.stop()
            report_run("PostgreSQL, two kiosk serve processes", live, timer)
            print_idle("PostgreSQL", idle_requests(url, idle))
    print(f"\nload at the end {os.getloadavg()[0]:.1f}")


def run_sqlite(folder: Path, kiosks: int, idle: int, live_scans: int,
               timer_scans: int) -> None:
    central = str(folder / "central.db")
    make_list(central)
    server = start_serve(central)
    try:
        for run_dir in ("live", "timer"):
            (folder / f"sqlite-{run_dir}").mkdir()
        live = run_kiosks([server.url], central, kiosks, live_scans, 1.5, True,
                          folder / "sqlite-live")
        timer = run_kiosks([server.url], central, kiosks, timer_scans, 2.0, False,
                           folder / "sqlite-timer")
    finally:
        server.stop()
    report_run("SQLite, one kiosk serve", live, timer)
    print_idle("SQLite", idle_requests(central, idle))


def print_idle(name: str, figures: dict[str, Any]) -> None:
    extra_rss = figures["rss_held"] - figures["rss_before"]
    extra_fds = figures["fds_held"] - figures["fds_before"]
    print(f"\n{name}: {figures['count']} idle live requests on one kiosk serve")
    print(f"  RSS {figures['rss_before']:.1f} MiB before (baseline) -> "
          f"{figures['rss_held']:.1f} MiB held (+{extra_rss:.1f} MiB, "
          f"{extra_rss * 1024 / figures['count']:.1f} KiB per request)")
    half = figures["count"] // 2
    marginal = (figures["rss_held"] - figures["rss_half"]) * 1024 / (figures["count"] - half)
    rest = figures["count"] - half
    print(f"  RSS with {half} held {figures['rss_half']:.1f} MiB: the next {rest}"
          f" cost {marginal:.1f} KiB each (the first ones also open the thread pool's "
          "database connections)")
    print(f"  open descriptors {figures['fds_before']} before -> {figures['fds_half']} with "
          f"{half} -> {figures['fds_held']} held (+{extra_fds})")
    print(f"  one commit answered {figures['answered']}/{figures['count']} in "
          f"{figures['wake_all_s']:.3f} s")


if __name__ == "__main__":
    main()
