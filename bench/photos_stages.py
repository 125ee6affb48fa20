"""Offline analysis for the door simulation: which stage reads which code, at what cost.

The real-time door simulation (``bench/photos.py``) depends on the machine's load: how many
heavy stages the worker gets through within a clip is a matter of timing. This script
takes the timing out: on the same clips as the door simulation (same seed, same frames),
it runs

* the first stage (zxing-cpp, with ``return_errors``) on every frame of every clip: what
  the caller's thread reads on its own within 1 s, and whether it located a symbol;
* every candidate heavy stage on chosen frames of the clip, with its CPU time (process
  CPU: OpenCV's own threads included),

stores all of it as JSON (``--out``), and then, from the stored figures alone
(``--plan`` re-reads them without decoding again):

* each stage's reads on top of the first stage, and its cost;
* the greedy order by marginal gain per CPU ms (codes not yet read by the first stage or
  an earlier stage, divided by the stage's median cost), and the union it reaches;
* a replay of a paced schedule: the worker runs the stages of an order one after the
  other on one core, each taking its measured CPU time on this clip, each reading what it
  read on the frame it was handed; a code counts when read by the end of the clip.

    python bench/photos_stages.py --out /tmp/stages.json            # measure, then plan
    python bench/photos_stages.py --plan /tmp/stages.json           # plan from stored figures
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from photos import CLIP_FRAMES, DATA, clip, load_set, score  # noqa: E402

from kiosk.scanner import decode as dec  # noqa: E402

Stage = Callable[[np.ndarray, list], list]


def candidates() -> dict[str, Stage]:
    """Heavy stages to weigh: ``gray, located -> codes`` (located: the first stage's
    by-product on the same frame)."""
    out: dict[str, Stage] = {}
    for name in dec.available_decoders():
        if name in ("stack", "zxing", "zbar", "opencv", "opencv-aruco", "zxing-adaptive",
                    "zxing-upscale", "zxing-regions", "wechat"):
            continue
        fn = dec.backend(name)
        out[name] = lambda g, loc, fn=fn: fn(g)
    out["zxing-regions"] = lambda g, loc: dec.read_regions(g, loc) if loc else []
    out.update(experimental())
    return out


def _zx(prepare: Callable[[np.ndarray], tuple[np.ndarray, float]], name: str,
        **options: Any) -> Stage:
    def run(g: np.ndarray, loc: list) -> list:
        image, scale = prepare(g)
        return dec._zxing_read(image, name, scale)

    return run


def _half(g: np.ndarray) -> tuple[np.ndarray, float]:
    return cv2.resize(g, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), 0.5


def experimental() -> dict[str, Stage]:
    """Candidates not (yet) in kiosk/scanner: cheaper variants of the stack's stages."""
    wechat = dec.backend("wechat")  # plain, full size: read less than wechat-half (docs)
    out: dict[str, Stage] = {
        "x-clahe1x": _zx(lambda g: (dec._clahe(g), 1.0), "x-clahe1x"),
        "x-flat1x": _zx(lambda g: (dec._flatten(g), 1.0), "x-flat1x"),
        "x-sharp1x": _zx(lambda g: (dec._sharpen(g), 1.0), "x-sharp1x"),
        "x-flat1.5x": _zx(lambda g: dec._enlarge(dec._flatten(g), 1.5), "x-flat1.5x"),
        "x-clahe1.5x": _zx(lambda g: dec._enlarge(dec._clahe(g), 1.5), "x-clahe1.5x"),
    }

    def wechat_small(g: np.ndarray, loc: list, side: int = 640) -> list:
        f = min(1.0, side / max(g.shape))
        img = cv2.resize(g, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else g
        return [dec.DecodedCode(c.text, tuple((int(x / f), int(y / f)) for x, y in c.points),
                                c.raw, "x-wechat640") for c in wechat(img)]

    out["x-wechat640"] = wechat_small
    out["x-wechat-clahe640"] = lambda g, loc: wechat_small(dec._clahe(g), loc)
    out.update(warp_candidates())
    return out


def _back(codes: list, inv: np.ndarray, name: str) -> list:
    out = []
    for c in codes:
        pts = np.asarray(c.points, np.float32).reshape(-1, 1, 2)
        mapped = cv2.perspectiveTransform(pts, inv).reshape(-1, 2)
        out.append(dec.DecodedCode(c.text, tuple((int(x), int(y)) for x, y in mapped),
                                   c.raw, name, c.binary))
    return out


def _retry_warped(gray: np.ndarray, quads: list, name: str, wechat: bool = False) -> list:
    import zxingcpp

    out: list = []
    for quad in quads[:4]:
        warp = dec._warp_square(gray, tuple((int(x), int(y)) for x, y in
                                            np.asarray(quad).reshape(-1, 2)))
        if warp is None:
            continue
        warped, inv = warp
        found: list = []
        for img in (warped, dec._soft_equalise(warped)[0] if max(warped.shape) <= 640
                    else warped, dec._clahe(warped), dec._sharpen(warped),
                    cv2.morphologyEx(warped, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))):
            found = dec._zxing_read(img, name)
            if not found:
                try:
                    found = [c for c in _zx_bin(img, name, zxingcpp.Binarizer.GlobalHistogram)]
                except Exception:  # noqa: BLE001
                    found = []
            if found:
                break
        if not found and wechat:
            found = dec.backend("wechat")(warped)
        out.extend(_back(found, inv, name))
    return out


def _zx_bin(img: np.ndarray, name: str, binarizer: Any) -> list:
    import zxingcpp

    out = []
    for code in zxingcpp.read_barcodes(img, formats=dec._zxing_formats(), binarizer=binarizer):
        fmt = getattr(code.format, "name", str(code.format))
        if not code.valid or not dec.admitted_format(fmt):
            continue
        p = code.position
        pts = tuple((int(q.x), int(q.y)) for q in (p.top_left, p.top_right, p.bottom_right,
                                                    p.bottom_left))
        out.append(dec.DecodedCode(code.text, pts, bytes(code.bytes), name))
    return out


def _detector_quads(det: Any, gray: np.ndarray) -> list:
    try:
        ok, pts = det.detectMulti(gray)
    except cv2.error:
        return []
    return [] if not ok or pts is None else [p.reshape(4, 2) for p in pts]


def warp_candidates() -> dict[str, Stage]:
    """The candidates of the 2026-12-01 late-night study (docs/performance.md): two of them
    are in kiosk/scanner since (``x-soft-close`` = ``zxing-close-soft``; ``x-warp-regions``
    is the warp pass of ``zxing-regions``), kept here so the study can be re-run."""
    import zxingcpp

    aruco = cv2.QRCodeDetectorAruco()
    classic = cv2.QRCodeDetector()

    def soft_bin(b: Any, name: str) -> Stage:
        def run(g: np.ndarray, loc: list) -> list:
            image, scale, _ = dec._soft_clahe(g)
            return [dec.DecodedCode(c.text, tuple((int(x / scale), int(y / scale))
                                                  for x, y in c.points), c.raw, name)
                    for c in _zx_bin(image, name, b)]
        return run

    def soft_morph(op: int, name: str) -> Stage:
        def run(g: np.ndarray, loc: list) -> list:
            image, scale, _ = dec._soft_clahe(g)
            image = cv2.morphologyEx(image, op, np.ones((3, 3), np.uint8))
            return dec._zxing_read(image, name, scale)
        return run

    def soft_morph_k(op: int, k: int, name: str) -> Stage:
        def run(g: np.ndarray, loc: list) -> list:
            image, scale, _ = dec._soft_clahe(g)
            image = cv2.morphologyEx(image, op, np.ones((k, k), np.uint8))
            return dec._zxing_read(image, name, scale)
        return run

    def median(g: np.ndarray, loc: list) -> list:
        image, scale = dec._enlarge(cv2.medianBlur(g, 3), 1.5)
        return dec._zxing_read(image, "x-median1.5x", scale)

    def flat_half_wechat(g: np.ndarray, loc: list) -> list:
        small, f = dec._halve(g)
        return [dec.DecodedCode(c.text, tuple((int(x / f), int(y / f)) for x, y in c.points),
                                c.raw, "x-wechat-flat-half")
                for c in dec.backend("wechat")(dec._flatten(small))]

    return {
        "x-warp-regions": lambda g, loc: _retry_warped(g, loc, "x-warp-regions") if loc else [],
        "x-warp-regions-wc": lambda g, loc: _retry_warped(g, loc, "x-warp-regions-wc", True)
        if loc else [],
        "x-aruco-warp": lambda g, loc: _retry_warped(g, _detector_quads(aruco, g),
                                                     "x-aruco-warp", True),
        "x-classic-warp": lambda g, loc: _retry_warped(g, _detector_quads(classic, g),
                                                       "x-classic-warp", True),
        "x-soft-gh": soft_bin(zxingcpp.Binarizer.GlobalHistogram, "x-soft-gh"),
        "x-soft-fixed": soft_bin(zxingcpp.Binarizer.FixedThreshold, "x-soft-fixed"),
        "x-soft-close": soft_morph(cv2.MORPH_CLOSE, "x-soft-close"),
        "x-soft-open": soft_morph(cv2.MORPH_OPEN, "x-soft-open"),
        "x-median1.5x": median,
        "x-soft-close5": soft_morph_k(cv2.MORPH_CLOSE, 5, "x-soft-close5"),
        "x-soft-close2": soft_morph_k(cv2.MORPH_CLOSE, 2, "x-soft-close2"),
        "x-wechat-flat-half": flat_half_wechat,
    }


def measure(photos: list, seed: int, frames_at: Sequence[int], only: set[str] | None,
            keep: Callable[[int], bool], sink: Any = None) -> list[dict[str, Any]]:
    """Measure the photos ``keep(index)`` selects; each row also written to ``sink`` (a
    text file, one JSON row a line) as soon as it is measured."""
    rng = np.random.default_rng(seed)
    stages = candidates()
    if only:
        stages = {k: v for k, v in stages.items() if k in only}
    for fn in stages.values():  # warm up: models load
        fn(np.full((64, 64), 255, np.uint8), [])
    rows = []
    for k, photo in enumerate(photos):
        if not keep(k):
            # The door simulation's random stream, without the image work: per frame a
            # shift and a gain, then the idle frames' count (the noise is OpenCV's own).
            for _ in range(CLIP_FRAMES):
                rng.uniform(-3, 3, 2)
                rng.uniform(0.94, 1.06)
            rng.integers(3, 10)
            continue
        gray = cv2.imread(str(photo.path), cv2.IMREAD_GRAYSCALE)
        frames = clip(gray, rng)
        int(rng.integers(3, 10))  # the door simulation's idle frames: keep the same stream
        row: dict[str, Any] = {"photo": f"{photo.category}/{photo.path.name}",
                               "category": photo.category, "codes": len(photo.polygons),
                               "shape": list(gray.shape), "first": [], "stages": {}}
        located_at: dict[int, list] = {}
        for i, (frame, shift) in enumerate(frames):
            c0 = time.process_time()
            found, located = dec.locate(frame)
            ms = (time.process_time() - c0) * 1000
            got, false = score(found, photo.polygons, shift)
            row["first"].append({"read": sorted(got), "false": false, "located": len(located),
                                 "cpu_ms": ms})
            located_at[i] = located
        for name, fn in stages.items():
            runs = []
            for i in frames_at:
                frame, shift = frames[i]
                c0, w0 = time.process_time(), time.perf_counter()
                try:
                    found = [c for c in fn(frame, located_at[i]) if c.raw or c.text]
                except Exception as exc:  # noqa: BLE001
                    print(f"  {name} failed on {row['photo']}: {exc}", file=sys.stderr)
                    found = []
                cpu = (time.process_time() - c0) * 1000
                wall = (time.perf_counter() - w0) * 1000
                got, false = score(found, photo.polygons, shift)
                runs.append({"frame": i, "read": sorted(got), "false": false,
                             "cpu_ms": cpu, "wall_ms": wall})
                if false:
                    print(f"  FALSE POSITIVE {name} on {row['photo']} frame {i}: "
                          f"{[c.text[:30] for c in found]}", file=sys.stderr)
            row["stages"][name] = runs
        rows.append(row)
        if sink is not None:
            sink.write(json.dumps(row) + "\n")
            sink.flush()
        if len(rows) % 10 == 0:
            print(f"  ... {len(rows)} photos measured (at {k + 1}/{len(photos)})",
                  file=sys.stderr)
    return rows


# -- planning from stored figures ------------------------------------------------------


def first_reads(row: dict[str, Any], upto: int = CLIP_FRAMES) -> set[int]:
    return {g for f in row["first"][:upto] for g in f["read"]}


def stage_reads(row: dict[str, Any], name: str) -> set[int]:
    """What a stage read on any of its measured frames (a code it reads on one is likely
    read when it is handed the code again)."""
    return {g for r in row["stages"].get(name, []) for g in r["read"]}


def stage_cost(row: dict[str, Any], name: str) -> float:
    runs = row["stages"].get(name, [])
    return statistics.median(r["cpu_ms"] for r in runs) if runs else 0.0


def summary(rows: list[dict[str, Any]]) -> None:
    total = sum(r["codes"] for r in rows)
    base = sum(len(first_reads(r)) for r in rows)
    print(f"{len(rows)} photos, {total} codes; the first stage over the whole clip reads "
          f"{base} ({100 * base / total:.1f}%), on frame 0 alone "
          f"{sum(len(first_reads(r, 1)) for r in rows)}")
    fc = [f["cpu_ms"] for r in rows for f in r["first"]]
    print(f"first stage CPU ms per frame median {statistics.median(fc):.1f}, "
          f"p95 {sorted(fc)[int(0.95 * len(fc))]:.1f}")
    names = sorted({n for r in rows for n in r["stages"]})
    print(f"\n{'stage':<22}{'alone':>7}{'+new':>6}{'med ms':>8}{'p95 ms':>8}{'sum s':>7}"
          f"{'new/s':>7}{'false':>6}")
    for n in names:
        alone = sum(len(stage_reads(r, n)) for r in rows)
        new = sum(len(stage_reads(r, n) - first_reads(r)) for r in rows)
        costs = [stage_cost(r, n) for r in rows]
        false = sum(x["false"] for r in rows for x in r["stages"].get(n, []))
        print(f"{n:<22}{alone:>7}{new:>6}{statistics.median(costs):>8.1f}"
              f"{sorted(costs)[int(0.95 * len(costs))]:>8.1f}{sum(costs) / 1000:>7.1f}"
              f"{new / max(1e-9, sum(costs) / 1000):>7.1f}{false:>6}")
    union = sum(len(first_reads(r).union(*(stage_reads(r, n) for n in names))) for r in rows)
    print(f"union of everything: {union} ({100 * union / total:.1f}%)")


def greedy(rows: list[dict[str, Any]], names: Sequence[str]) -> list[str]:
    """Order stages by marginal codes per second of CPU over the whole set."""
    have = [first_reads(r) for r in rows]
    left = list(names)
    order = []
    total = sum(r["codes"] for r in rows)
    print("\ngreedy by marginal gain per CPU second (cost: sum over the set)")
    while left:
        best, best_rate, best_gain = None, -1.0, 0
        for n in left:
            gain = sum(len(stage_reads(r, n) - h) for r, h in zip(rows, have, strict=True))
            cost = sum(stage_cost(r, n) for r in rows) / 1000
            rate = gain / max(cost, 1e-9)
            if rate > best_rate:
                best, best_rate, best_gain = n, rate, gain
        assert best is not None
        if best_gain == 0:
            break
        for r, h in zip(rows, have, strict=True):
            h |= stage_reads(r, best)
        left.remove(best)
        order.append(best)
        reached = sum(len(h) for h in have)
        print(f"  + {best:<22} +{best_gain:<4} ({best_rate:6.1f}/s) -> {reached} "
              f"({100 * reached / total:.1f}%)")
    return order


def replay(rows: list[dict[str, Any]], order: Sequence[str], *, clip_ms: float = 1000.0,
           share: float = 0.95) -> tuple[int, int]:
    """The paced schedule replayed from the stored figures: from the clip's first frame the
    worker hands off ``order`` over and over (``zxing-regions`` first whenever the first
    stage located a symbol on that frame, every other hand-off), each stage on the newest
    frame and reading what it read on the latest measured frame at or before it, each
    taking its measured CPU time; between stages the worker waits for the CPU budget
    (``share`` of the wall time, less the first stage's measured CPU on every frame) and
    for the next frame. A code counts when a stage that read it ends within ``clip_ms``.
    Returns (codes read, codes)."""
    period = 1000.0 / CLIP_FRAMES
    read = 0
    for r in rows:
        have = first_reads(r)
        t, credit, turn, last = 0.0, 100.0, 0, ""
        others = [n for n in order if n != "zxing-regions"]
        while t < clip_ms and others:
            frame = min(CLIP_FRAMES - 1, int(t // period))
            if r["first"][frame]["located"] and "zxing-regions" in order \
                    and last != "zxing-regions":
                name = "zxing-regions"
            else:
                name, turn = others[turn % len(others)], turn + 1
            runs = [x for x in r["stages"].get(name, []) if x["frame"] <= frame] \
                or r["stages"].get(name, [])[:1]
            last = name
            if not runs:  # not measured on this clip: the worker moves on a frame later
                t += period
                continue
            run = runs[-1]
            t += run["cpu_ms"]
            credit -= run["cpu_ms"]
            if t > clip_ms:
                break
            have = have | set(run["read"])
            # Wait for the next frame, then until the budget is paid back.
            t = (int(t // period) + 1) * period
            while credit < 0 and t < clip_ms:
                f = min(CLIP_FRAMES - 1, int(t // period))
                credit = min(100.0, credit + period * share - r["first"][f]["cpu_ms"])
                t += period
        read += len(have)
    return read, sum(r["codes"] for r in rows)


def plan(rows: list[dict[str, Any]]) -> None:
    summary(rows)
    names = sorted({n for r in rows for n in r["stages"]})
    order = greedy(rows, names)
    print("\nreplay of the paced schedule (measured CPU times, CPU budget as the live "
          "decoder's):")
    live = dec.FrameDecoder(background=False)._cycle()
    for label, seq in (("the live decoder's cycle", live), ("greedy order", order)):
        for share in (0.95, 10.0):
            got, total = replay(rows, seq, share=share)
            print(f"  {label:<26} share {share:>4}: {got}/{total} ({100 * got / total:.1f}%)"
                  f"  [{', '.join(seq)}]")


def merged(rows: Any) -> list[dict[str, Any]]:
    """Rows of the same photo from several runs (other stages measured later) as one."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        have = out.setdefault(row["photo"], row)
        if have is not row:
            have["stages"].update(row["stages"])
    return list(out.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--frames", default="0,15", help="clip frames the heavy stages see")
    parser.add_argument("--stages", default="", help="only these candidate stages")
    parser.add_argument("--photos", type=Path,
                        help="only the photos named in this file (CATEGORY/NAME, comma-separated)")
    parser.add_argument("--part", default="1/1",
                        help="I/N: measure the I-th of N interleaved parts (run N at once)")
    parser.add_argument("--out", type=Path, help="store the measured rows here (JSON lines)")
    parser.add_argument("--plan", type=Path, nargs="+", help="plan from rows stored earlier")
    args = parser.parse_args(argv)
    if args.plan:
        plan(merged(json.loads(line) for f in args.plan for line in f.read_text().splitlines()
                    if line.strip()))
        return 0
    if not args.data.is_dir():
        print(f"the photo set is not here: {args.data}; nothing to measure", file=sys.stderr)
        return 0
    photos = load_set(args.data)
    # The door simulation's random stream runs over every photo; --every only skips work.
    frames_at = [int(x) for x in args.frames.split(",") if x]
    only = set(args.stages.split(",")) - {""} or None
    part, parts = (int(x) for x in args.part.split("/"))
    every = max(1, args.every)

    named = set(args.photos.read_text().strip().split(",")) if args.photos else None

    def keep(k: int) -> bool:
        if named is not None:
            return f"{photos[k].category}/{photos[k].path.name}" in named
        return k % every == 0 and (k // every) % parts == part - 1

    start = time.perf_counter()
    with args.out.open("w") if args.out else open(os.devnull, "w") as sink:
        rows = measure(photos, args.seed, frames_at, only, keep, sink)
    print(f"measured in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    plan(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
