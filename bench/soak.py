"""A long door day, accelerated: the real kiosk for "10 hours" of scans.

The real pieces: a `kiosk serve` process with the central list, a paired replica, the
kiosk's AppContext and KioskWindow (Qt offscreen), its camera worker reading a ticket
video, the USB-scanner path for the scans (the controller), the background sync every
2 s. Each "hour" is ``--scans-per-hour`` scans (one in ten a repeat: "already checked
in"); during hour 3 the camera is unplugged (its file removed) and plugged back, during
hour 5 the central list is stopped and restarted, during hour 7 the network is cut (the
server is unreachable) for most of the hour.

Per hour it reports: RSS, open file descriptors, threads, camera frames per second,
verdict latency (scan -> verdict ready) median and p95, uploads waiting. The first
hour is the baseline; the last line says how far each figure moved from it. At the end
everything is synced and counted on the central list: nothing may be lost.

Usage: python bench/soak.py [--hours 10] [--scans-per-hour 2000] [--attendees 30000]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchstats import cpu_model, percentile  # noqa: E402

from kiosk.central.store import CentralStore  # noqa: E402
from kiosk.core.models import Attendee, Gate  # noqa: E402
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
             str(self.port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
    with tempfile.TemporaryDirectory() as tmp:
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
        unplugged = work / "tickets.unplugged"

        ctx = AppContext(db, camera=str(video), mode="kiosk", gate_id="main",
                         retry_seconds=1.0)
        window = KioskWindow(ctx, fullscreen=False)
        window.show()
        ctx.start()
        accepted = 0
        n = 0
        rows = []
        for hour in range(1, args.hours + 1):
            latencies: list[float] = []
            frames0, t0 = ctx.camera.stats.frames_read if ctx.camera else 0, time.monotonic()
            for k in range(args.scans_per_hour):
                progress = k / args.scans_per_hour
                if hour == 3 and k == args.scans_per_hour // 4 and video.exists():
                    video.rename(unplugged)  # the camera is unplugged...
                if hour == 3 and k == args.scans_per_hour // 2 and unplugged.exists():
                    unplugged.rename(video)  # ... and plugged back in
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
            rows.append({
                "hour": hour, "rss_mb": proc_status("VmRSS") / 1024,
                "fds": len(os.listdir("/proc/self/fd")), "threads": proc_status("Threads"),
                "py_threads": threading.active_count(), "fps": frames / seconds,
                "median_ms": statistics.median(latencies),
                "p95_ms": percentile(latencies, 95),
                "pending": ctx.replica.pending_upload_count(), "seconds": seconds})
            r = rows[-1]
            print(f"hour {hour:2d}: RSS {r['rss_mb']:6.1f} MB  fds {r['fds']:3d}  threads "
                  f"{r['threads']:2d}  camera {r['fps']:5.1f} fps  verdict median "
                  f"{r['median_ms']:5.2f} ms p95 {r['p95_ms']:6.2f} ms  waiting "
                  f"{r['pending']:4d}  ({seconds:.0f} s)", flush=True)
        if server.proc is None:
            server.start()
        deadline = time.monotonic() + 120
        while ctx.replica.pending_upload_count() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.2)
        ctx.shutdown()
        ctx.close_replica()
        window.close()
        with CentralStore.open(central) as store:
            stored = store.ingest.count()
        server.stop()
        first, last = rows[0], rows[-1]
        print(f"\nbaseline (hour 1) -> hour {last['hour']}: RSS "
              f"{last['rss_mb'] - first['rss_mb']:+.1f} MB, fds {last['fds'] - first['fds']:+d},"
              f" threads {last['threads'] - first['threads']:+d}, verdict p95 "
              f"{first['p95_ms']:.2f} -> {last['p95_ms']:.2f} ms, camera "
              f"{first['fps']:.1f} -> {last['fps']:.1f} fps")
        print(f"accepted {accepted} scans; the central list holds {stored} check-ins: "
              + ("nothing lost" if stored == accepted else f"MISSING {accepted - stored}"))


if __name__ == "__main__":
    main()
