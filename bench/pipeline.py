"""Scan pipeline benchmark: a frame entering the camera worker -> the verdict painted on
the kiosk screen, and the preview frame rate while decoding, at 1280x720 on a video file.

Baseline, in the same run: the bare decode time of the same frames (the same decoder the
worker uses, one frame after another on one thread, no Qt, no database).

The video is the demo's (phones and printed tickets coming into view, 25 fps), played
in real time by the real CameraWorker into the real KioskWindow (Qt offscreen platform)
over a real replica. Latency is reported two ways:

* decoded frame -> screen: from the moment the frame that was decoded entered the worker;
* first readable frame -> screen: from the first frame of that ticket which the bare
  decoder can read (some of those are dropped while the decoder is busy: that wait is
  part of what a person feels).

    python bench/pipeline.py              # ~1 minute (two passes of a 24 s video)
    python bench/pipeline.py --passes 1
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cv2  # noqa: E402
from benchstats import cpu_model, percentile  # noqa: E402


def fmt_ms(values: list[float]) -> str:
    if not values:
        return "n/a"
    ms = [v * 1000 for v in values]
    return (f"median {statistics.median(ms):6.1f} ms   p95 {percentile(ms, 95):6.1f} ms   "
            f"p99 {percentile(ms, 99):6.1f} ms   (n={len(ms)})")


def machine() -> str:
    cpu = cpu_model() or "unknown CPU"
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu})"


def bare_decode(video: Path) -> tuple[list[float], list[float], dict[str, int]]:
    """Decode every frame once; times for frames with / without a code, and the first
    readable frame index of each code."""
    from kiosk.gui.frames import make_decoder

    decoder = make_decoder()
    cap = cv2.VideoCapture(str(video))
    with_code: list[float] = []
    without: list[float] = []
    first_seen: dict[str, int] = {}
    index = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        started = time.perf_counter()
        codes = decoder.decode(frame)
        elapsed = time.perf_counter() - started
        (with_code if codes else without).append(elapsed)
        for code in codes:
            first_seen.setdefault(code.text, index)
        index += 1
    cap.release()
    return with_code, without, first_seen


def run_pipeline(db: Path, video: Path, seconds: float, frame_count: int,
                 first_seen: dict[str, int]) -> dict[str, object]:
    from PySide6.QtCore import QCoreApplication

    from kiosk.gui.app import ensure_app
    from kiosk.gui.context import AppContext
    from kiosk.gui.kiosk_window import KioskWindow

    app = ensure_app()
    ctx = AppContext(db, camera=str(video), camera_size=(1280, 720))
    ctx.settings.set("verdict_seconds", 1.5)
    ctx.sounds.enabled = False
    assert ctx.camera is not None
    ctx.camera.frame_log = []
    window = KioskWindow(ctx, fullscreen=False)
    window.resize(1280, 720)
    first_readable_latency: list[float] = []
    shown_at: list[tuple[str, float, float]] = []

    # Where the time goes: deciding + committing the check-in, and painting the verdict.
    scan_times: list[float] = []
    paint_times_verdict: list[float] = []
    real_scan = ctx.controller.service.scan
    real_show = window.show_verdict

    def timed_scan(*a, **k):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return real_scan(*a, **k)
        finally:
            scan_times.append(time.perf_counter() - started)

    def timed_show(shown) -> None:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        real_show(shown)
        done = time.perf_counter()
        paint_times_verdict.append(done - started)
        shown_at.append((shown.result.text, shown.t_in, done))

    ctx.controller.service.scan = timed_scan  # type: ignore[method-assign]
    ctx.controller.verdict_ready.disconnect(window.show_verdict)
    ctx.controller.verdict_ready.connect(timed_show)
    ctx.start()
    window.show_window()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.002)
    stats = ctx.camera.stats
    frame_log = list(ctx.camera.frame_log)
    latencies = list(ctx.latencies)
    paint_times = list(window.preview.paint_times)
    window.force_close()
    ctx.shutdown()
    ctx.close_replica()
    QCoreApplication.processEvents()
    # First readable frame -> screen: the earlier of the frame the worker decoded and the
    # first frame of that ticket the bare decoder read (its latest pass before the verdict).
    for text, t_in, at in shown_at:
        first = t_in
        index = first_seen.get(text)
        if index is not None:
            candidates = [t for number, t in frame_log
                          if (number - 1) % frame_count == index and t <= at and t > at - 3]
            if candidates:
                first = min(first, max(candidates))
        first_readable_latency.append(at - first)
    gaps = [b - a for a, b in zip(paint_times, paint_times[1:], strict=False)]
    # Gaps longer than 0.5 s are the verdict covering the preview, not stutter.
    preview_gaps = [g for g in gaps if g < 0.5]
    return {
        "latencies": latencies,
        "first_readable": first_readable_latency,
        "preview_gaps": preview_gaps,
        "stats": stats,
        "verdicts": len(shown_at),
        "scan_times": scan_times,
        "paint_times": paint_times_verdict,
    }


def startup(db: Path, runs: int = 3) -> tuple[list[float], list[float]]:
    """Seconds from starting `kiosk run` to its "ready to scan" line, beside the bare
    start of `kiosk --version` (Python + the CLI, no Qt) as the baseline."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen")
    bare: list[float] = []
    ready: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kiosk", "--version"], env=env, check=True,
                       capture_output=True)
        bare.append(time.perf_counter() - started)
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--db", str(db),
                                 "--camera", "none", "--quit-after", "1"], env=env,
                                stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        assert proc.stderr is not None
        for line in proc.stderr:
            if "ready to scan" in line:
                ready.append(time.perf_counter() - started)
                break
        proc.wait(timeout=60)
    return bare, ready


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passes", type=float, default=2.0, help="times through the video")
    parser.add_argument("--worker", choices=("process", "thread"), default="process",
                        help="where the live decoder's heavy stages run: the kiosk's worker "
                             "process (default) or a thread of this process (before)")
    parser.add_argument("--skip-startup", action="store_true", help="no start-up timing")
    args = parser.parse_args()
    if args.worker != "process":
        from kiosk.gui import camera, frames
        from kiosk.scanner.decode import FrameDecoder

        def thread_decoder() -> FrameDecoder:
            return FrameDecoder(worker=args.worker)

        camera.make_decoder = frames.make_decoder = thread_decoder  # type: ignore[assignment]
    from kiosk.demo.prepare import prepare_demo

    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        demo = prepare_demo(tmp, attendees=3000, size=(1280, 720))
        video = demo.video
        cap = cv2.VideoCapture(str(video))
        frame_count = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
        fps = cap.get(cv2.CAP_PROP_FPS)
        cap.release()
        print(f"machine: {machine()}; heavy stages in a {args.worker}; load average "
              f"{' / '.join(f'{v:.1f}' for v in os.getloadavg())}")
        print(f"video: {video.name}, 1280x720, {fps:.0f} fps, {frame_count} frames, "
              f"{len(demo.setup.tickets)} tickets; replica of {demo.setup.attendees} attendees")
        with_code, without, first_seen = bare_decode(video)
        print("\nbaseline: bare decode of the same frames (one thread, no Qt, no database)")
        print(f"  frames with a code     {fmt_ms(with_code)}")
        print(f"  frames without a code  {fmt_ms(without)}")
        seconds = args.passes * frame_count / fps
        result = run_pipeline(demo.setup.replica_path, video, seconds, frame_count, first_seen)
        stats = result["stats"]
        print(f"\npipeline: CameraWorker -> ScanController -> KioskWindow, {seconds:.0f} s "
              f"real time, {result['verdicts']} verdicts")
        print(f"  decoded frame -> verdict painted      {fmt_ms(result['latencies'])}")
        print(f"  first readable frame -> verdict       {fmt_ms(result['first_readable'])}")
        print(f"    of which decide + commit check-in   {fmt_ms(result['scan_times'])}")
        print(f"    of which painting the verdict       {fmt_ms(result['paint_times'])}")
        gaps = result["preview_gaps"]
        if gaps:
            print(f"  preview: {1 / statistics.median(gaps):.1f} fps median "
                  f"(frame interval p95 {percentile(gaps, 95) * 1000:.0f} ms, "
                  f"p99 {percentile(gaps, 99) * 1000:.0f} ms)")
        print(f"  frames read {stats.frames_read}, decoded {stats.frames_decoded}, "
              f"dropped {stats.frames_dropped} (decoder busy), previews skipped "
              f"{stats.previews_skipped}")
        if stats.frames_decoded:
            print(f"  decode time in the worker: mean "
                  f"{stats.decode_seconds / stats.frames_decoded * 1000:.1f} ms per frame")
        print(f"  load average at the end {' / '.join(f'{v:.1f}' for v in os.getloadavg())}")
        if args.skip_startup:
            return 0
        bare, ready = startup(demo.setup.replica_path)
        print("\nstart-up: process start -> 'ready to scan' (kiosk mode, 3,000 attendees)")
        print(f"  baseline `kiosk --version`  {fmt_ms(bare)}")
        print(f"  `kiosk run`                 {fmt_ms(ready)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
