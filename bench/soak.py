"""A long door day, accelerated: the real kiosk for "10 hours" of scans.

The real pieces: a `kiosk serve` process with the central list, a paired replica, the
kiosk's AppContext and KioskWindow (Qt offscreen), its camera worker reading a ticket
video, the USB-scanner path for the scans (the controller), the background sync every
2 s. Each "hour" is ``--scans-per-hour`` scans (one in ten a repeat: "already checked
in"); during hour 3 the camera is unplugged and plugged back (the camera is an MJPEG
stream on loopback, `kiosk/demo/stream.py`, whose server really goes away: the worker
loses its source, says so, retries and reads it again), during
hour 5 the central list is stopped and restarted, during hour 7 the network is cut (the
server is unreachable) for most of the hour.

Per hour it reports: RSS, open file descriptors, threads, camera frames per second,
verdict latency (scan -> verdict ready) median and p95, uploads waiting, and — measured
in the same run as the reference — what the day's "checked in" figure costs now (one
row kept by triggers) beside the full count of the day's check-ins it replaced. The first
hour is the baseline; the last line says how far each figure moved from it. At the end
everything is synced and counted on the central list: nothing may be lost.

Usage: python bench/soak.py [--hours 10] [--scans-per-hour 2000] [--attendees 30000]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchstats import cpu_model, percentile  # noqa: E402

from kiosk.central.store import CentralStore  # noqa: E402
from kiosk.core.models import Attendee, Event, Gate  # noqa: E402
from kiosk.demo.stream import MjpegCamera  # noqa: E402
from kiosk.replica.checkin import CheckInService  # noqa: E402
from kiosk.replica.db import Replica  # noqa: E402
from kiosk.sync.engine import SyncEngine  # noqa: E402


def proc_status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`kiosk serve` in its own process (stopped and started again during the day)."""

    def __init__(self, db: Path, port: int) -> None:
        self.db, self.port = db, port
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "serve", "--db", str(self.db), "--port",
             str(self.port), "--insecure-http"],  # loopback only
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("kiosk serve did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
            self.proc = None


#: The day's figure as it was counted before migration 0011 (the same-run reference).
FULL_COUNT = ("SELECT count(DISTINCT attendee_id) FROM checkins c WHERE direction = 'entry' "
              "AND day = ? AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id)")


def figure_costs(replica: Replica, day: date) -> tuple[float, float]:
    """Milliseconds (best of 5) for the kept figure and for the full count; equal results."""
    kept, full = [], []
    for _ in range(5):
        t = time.perf_counter()
        now = replica.checked_in_count(day)
        kept.append(time.perf_counter() - t)
        t = time.perf_counter()
        counted = int(replica.conn.execute(FULL_COUNT, (day.isoformat(),)).fetchone()[0])
        full.append(time.perf_counter() - t)
        if counted != now:
            raise SystemExit(f"the kept figure {now} is not the full count {counted}")
    return min(kept) * 1000, min(full) * 1000


class LoadProbe:
    """The machine's load, measured beside the kiosk each hour: 100 bare check-in
    service scans on a small fresh replica (no GUI, no sync) whose size does not grow
    with the day. Their p95 moves with the load only; the kiosk's p95 over the probe's
    is the figure that shows growth on a machine shared with other jobs."""

    def __init__(self, path: Path, hours: int) -> None:
        self.replica = Replica(path)
        self.replica.upsert_event(Event("probe", "Probe", days=(datetime.now(UTC).date(),)))
        self.replica.upsert_gate(Gate("main", "probe", "Main"))
        self.replica.upsert_attendees([Attendee(id=f"P{i}", event_id="probe", name=f"P {i}",
                                                code=f"PR-{i}") for i in range(hours * 100)])
        self.service = CheckInService(self.replica, gate_id="main")
        self.next = 0

    def p95_ms(self) -> float:
        times = []
        for _ in range(100):
            started = time.perf_counter()
            self.service.scan(f"PR-{self.next}")
            times.append((time.perf_counter() - started) * 1000)
            self.next += 1
        return percentile(times, 95)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--hours", type=int, default=10)
    ap.add_argument("--scans-per-hour", type=int, default=2000)
    ap.add_argument("--attendees", type=int, default=30000)
    args = ap.parse_args()
    from PySide6.QtWidgets import QApplication

    from kiosk.demo.video import VideoItem, generate_video
    from kiosk.gui.context import AppContext
    from kiosk.gui.kiosk_window import KioskWindow

    app = QApplication.instance() or QApplication([])
    print(f"machine: {os.cpu_count()} cores {cpu_model()}; {args.hours} hours x "
          f"{args.scans_per_hour} scans, {args.attendees:,} attendees")
    # A SIGTERM (timeout, Ctrl-C from a runner) still stops the server and the camera.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as cleanup:
        work = Path(tmp)
        central = work / "central.db"
        today = datetime.now(UTC).date()
        with CentralStore.open(central) as store:
            store.events.create("Soak", event_id="sk", days=[today],
                               gates=[Gate("main", "", "Main")])
            store.attendees.upsert([Attendee(id=f"S{i}", event_id="sk", name=f"Person {i}",
                                             code=f"SK-{i}") for i in range(args.attendees)])
            code = store.devices.new_pairing_code(device_name="Soak kiosk").code
        server = Server(central, free_port())
        cleanup.callback(server.stop)
        server.start()
        db = work / "kiosk.db"
        with SyncEngine(db) as engine:
            engine.pair(server.url, code)
            assert engine.sync().ok
        with Replica(db) as replica:
            replica.set_meta("setting.sync_interval_seconds", "2")
        video = work / "tickets.avi"  # codes not on the list: the camera decodes, admits none
        generate_video(video, [VideoItem(f"VISITOR-{i}", "phone", "") for i in range(4)],
                       width=640, height=360, fps=15, seconds_per_item=2.0)
        camera = MjpegCamera(video, fps=15)
        cleanup.callback(camera.unplug)
        camera.plug_in()
        probe = LoadProbe(work / "probe.db", args.hours)
        cleanup.callback(probe.replica.close)

        ctx = AppContext(db, camera=camera.url, mode="kiosk", gate_id="main",
                         retry_seconds=1.0)
        window = KioskWindow(ctx, fullscreen=False)
        window.show()
        ctx.start()
        assert ctx.camera is not None
        states: list[str] = []
        ctx.camera.state_changed.connect(lambda state, _message: states.append(state))
        accepted = 0
        lost_at = 0
        n = 0
        rows = []
        for hour in range(1, args.hours + 1):
            latencies: list[float] = []
            frames0, t0 = ctx.camera.stats.frames_read if ctx.camera else 0, time.monotonic()
            for k in range(args.scans_per_hour):
                progress = k / args.scans_per_hour
                if hour == 3 and k == args.scans_per_hour // 4:
                    camera.unplug()  # the camera is unplugged...
                    lost_at = len(states)
                if hour == 3 and k == args.scans_per_hour // 2:
                    camera.plug_in()  # ... and plugged back in
                if hour == 5 and k == args.scans_per_hour // 3:
                    server.stop()
                if hour == 5 and k == 2 * args.scans_per_hour // 3:
                    server.start()
                if hour == 7 and k == args.scans_per_hour // 10:
                    server.stop()  # the network is cut: nothing answers
                if hour == 7 and progress >= 0.9 and server.proc is None:
                    server.start()
                repeat = k % 10 == 9 and n > 0
                text = f"SK-{(n - 1) if repeat else n}"
                if not repeat:
                    n += 1
                started = time.perf_counter()
                result = ctx.controller.scan(text, source="usb")
                latencies.append((time.perf_counter() - started) * 1000)
                if result is not None and str(result.verdict) == "accepted":
                    accepted += 1
                if k % 20 == 0:
                    app.processEvents()
            app.processEvents()
            seconds = time.monotonic() - t0
            frames = (ctx.camera.stats.frames_read if ctx.camera else 0) - frames0
            kept_ms, full_ms = figure_costs(ctx.replica, ctx.controller.today())
            probe_ms = probe.p95_ms()
            rows.append({
                "hour": hour, "rss_mb": proc_status("VmRSS") / 1024,
                "fds": len(os.listdir("/proc/self/fd")), "threads": proc_status("Threads"),
                "py_threads": threading.active_count(), "fps": frames / seconds,
                "median_ms": statistics.median(latencies),
                "p95_ms": percentile(latencies, 95),
                "pending": ctx.replica.pending_upload_count(), "seconds": seconds,
                "kept_ms": kept_ms, "full_ms": full_ms, "probe_ms": probe_ms})
            r = rows[-1]
            print(f"hour {hour:2d}: RSS {r['rss_mb']:6.1f} MB  fds {r['fds']:3d}  threads "
                  f"{r['threads']:2d}  camera {r['fps']:5.1f} fps  verdict median "
                  f"{r['median_ms']:5.2f} ms p95 {r['p95_ms']:6.2f} ms  waiting "
                  f"{r['pending']:4d}  figure {kept_ms:.3f} ms (full count {full_ms:.2f} ms)"
                  f"  load probe p95 {probe_ms:6.2f} ms (ratio {r['p95_ms'] / probe_ms:4.2f})"
                  f"  ({seconds:.0f} s)", flush=True)
            if hour == 3:
                seen = states[lost_at:]
                print(f"         camera unplugged and back: states {' -> '.join(seen)}; "
                      f"{camera.connections} connections", flush=True)
        if server.proc is None:
            server.start()
        deadline = time.monotonic() + 120
        while ctx.replica.pending_upload_count() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.2)
        ctx.shutdown()
        ctx.close_replica()
        window.close()
        camera.unplug()
        with CentralStore.open(central) as store:
            stored = store.ingest.count()
        server.stop()
        first, last = rows[0], rows[-1]
        print(f"\nbaseline (hour 1) -> hour {last['hour']}: RSS "
              f"{last['rss_mb'] - first['rss_mb']:+.1f} MB, fds {last['fds'] - first['fds']:+d},"
              f" threads {last['threads'] - first['threads']:+d}, verdict p95 "
              f"{first['p95_ms']:.2f} -> {last['p95_ms']:.2f} ms (over the load probe "
              f"{first['p95_ms'] / first['probe_ms']:.2f} -> "
              f"{last['p95_ms'] / last['probe_ms']:.2f}), camera "
              f"{first['fps']:.1f} -> {last['fps']:.1f} fps")
        print(f"accepted {accepted} scans; the central list holds {stored} check-ins: "
              + ("nothing lost" if stored == accepted else f"MISSING {accepted - stored}"))


if __name__ == "__main__":
    main()
