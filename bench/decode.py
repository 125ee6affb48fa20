"""Decoding benchmark: camera-like frames made from scratch, every backend, the stack.

Generates 720p and 1080p frames holding our own ticket codes (signed ``CK1-`` codes and
imported opaque / numeric codes) under one distortion each -- small and large modules,
rotation, perspective, blur, noise, low contrast, JPEG, glare, phone-screen moire,
inverted, several codes -- plus frames with no code at all (the common case at a door).
Every backend decodes the same frames in the same run, so they are compared on equal terms
even when other processes share the CPU. Reports per distortion the share of codes read,
wrong reads (should be 0), and median / p95 decode time per frame.

    python bench/decode.py                 # ~1-3 minutes on 2 cores
    python bench/decode.py --frames 6      # quicker
    python bench/decode.py --json out.json # also write the raw figures
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchstats import cpu_model, percentile, print_read_table  # noqa: E402

from kiosk.core.tickets import TicketPayload, TicketSigner, generate_keypair  # noqa: E402
from kiosk.scanner.decode import (  # noqa: E402
    DEFAULT_STACK,
    FrameDecoder,
    available_decoders,
    decode_frame,
)
from kiosk.tickets.render import make_qr  # noqa: E402

SIZES = {"720p": (1280, 720), "1080p": (1920, 1080)}


# -- payloads --------------------------------------------------------------------------


def payloads(rng: np.random.Generator, n: int) -> list[str]:
    """A mix like a real event: mostly signed codes, some imported opaque/numeric ones."""
    private, _ = generate_keypair()
    signer = TicketSigner(private)
    out = []
    for i in range(n):
        kind = i % 4
        if kind in (0, 1):
            out.append(signer.sign(TicketPayload("devconf-2026", f"att-{rng.integers(1e6):06d}",
                                                 "Regular")))
        elif kind == 2:
            out.append(f"EVB-{rng.integers(1e9):09d}-{rng.integers(1e4):04d}")
        else:
            out.append("".join(str(d) for d in rng.integers(0, 10, 13)))
    return out


def qr_modules(text: str) -> np.ndarray:
    """The QR matrix with its 4-module quiet zone, as uint8 (0 = dark, 255 = light)."""
    matrix = np.array(make_qr(text).get_matrix(), dtype=bool)
    return np.where(matrix, 0, 255).astype(np.uint8)


# -- scenes ----------------------------------------------------------------------------


def background(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A cluttered hall: a lighting gradient, blobs, edges and a little sensor noise."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    grad = (xx * math.cos(angle) + yy * math.sin(angle)) / max(w, h)
    base = 90 + 60 * grad + rng.uniform(-20, 20)
    img = np.repeat(base[..., None], 3, axis=2)
    img = img * rng.uniform(0.8, 1.2, size=3)
    img = np.clip(img, 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(6, 14))):
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        centre = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        if rng.random() < 0.5:
            cv2.circle(img, centre, int(rng.integers(20, h // 4)), colour, -1, cv2.LINE_AA)
        else:
            end = (int(rng.integers(0, w)), int(rng.integers(0, h)))
            cv2.line(img, centre, end, colour, int(rng.integers(2, 12)), cv2.LINE_AA)
    for _ in range(3):
        org = (int(rng.integers(0, w - 200)), int(rng.integers(30, h)))
        cv2.putText(img, "CHECK-IN 09:12 HALL B", org, cv2.FONT_HERSHEY_SIMPLEX,
                    rng.uniform(0.6, 1.6), (20, 20, 20), 2, cv2.LINE_AA)
    return cv2.GaussianBlur(img, (3, 3), 0)


@dataclass
class Placement:
    module_px: float = 4.0
    rotation_deg: float = 0.0
    tilt: float = 0.0  # perspective strength, 0..~0.35
    dark: int = 20
    light: int = 235
    inverted: bool = False
    screen: bool = False  # phone screen: subpixel grid + resampling (moire)


def place_code(rng: np.random.Generator, canvas: np.ndarray, text: str, p: Placement,
               centre: tuple[float, float] | None = None) -> None:
    """Draw ``text`` as a QR code into ``canvas`` (in place), as seen by a camera."""
    modules = qr_modules(text)
    if p.inverted:
        modules = 255 - modules
    n = modules.shape[0]
    # Render at 4x the target module size, then warp down: smooth, camera-like edges.
    oversample = 4
    src = cv2.resize(modules, (n * oversample, n * oversample), interpolation=cv2.INTER_NEAREST)
    src = np.where(src > 127, p.light, p.dark).astype(np.uint8)
    if p.screen:
        # Phone screen: each screen pixel is three coloured sub-pixel stripes with dark gaps.
        s = src.shape[0]
        sub = np.zeros((s, s, 3), np.float32)
        stripe = (np.arange(s) % 3)
        for ch, bgr in enumerate((2, 1, 0)):
            sub[:, stripe == ch, bgr] = 1.0
        sub[np.arange(s) % 4 == 3, :, :] *= 0.55
        rgb = (src[..., None].astype(np.float32) * (0.35 + 0.65 * sub) + 10).clip(0, 255)
        src3 = rgb.astype(np.uint8)
    else:
        src3 = cv2.cvtColor(src, cv2.COLOR_GRAY2BGR)
    side = n * p.module_px
    h, w = canvas.shape[:2]
    cx, cy = centre if centre else (w / 2 + rng.uniform(-0.2, 0.2) * w,
                                    h / 2 + rng.uniform(-0.15, 0.15) * h)
    half = side / 2
    corners = np.array([[-half, -half], [half, -half], [half, half], [-half, half]], np.float32)
    if p.tilt:
        # Perspective: one side of the code further from the camera than the other.
        axis = rng.integers(0, 4)
        shrink = 1 - p.tilt
        if axis == 0:
            corners[[0, 1]] *= [shrink, 1]
        elif axis == 1:
            corners[[2, 3]] *= [shrink, 1]
        elif axis == 2:
            corners[[0, 3]] *= [1, shrink]
        else:
            corners[[1, 2]] *= [1, shrink]
    theta = math.radians(p.rotation_deg)
    rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]],
                   np.float32)
    dst = corners @ rot.T + np.array([cx, cy], np.float32)
    # Warp only into the code's bounding box: whole-frame float blending is slow.
    x0, y0 = np.floor(dst.min(axis=0)).astype(int) - 2
    x1, y1 = np.ceil(dst.max(axis=0)).astype(int) + 2
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(w, x1), min(h, y1)
    if x1 <= x0 or y1 <= y0:
        return
    dst = dst - np.array([x0, y0], np.float32)
    s = src3.shape[0]
    src_pts = np.array([[0, 0], [s, 0], [s, s], [0, s]], np.float32)
    matrix = cv2.getPerspectiveTransform(src_pts, dst)
    size = (int(x1 - x0), int(y1 - y0))
    warped = cv2.warpPerspective(src3, matrix, size, flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((s, s), 255, np.uint8), matrix, size,
                               flags=cv2.INTER_LINEAR)
    alpha = (mask.astype(np.float32) / 255.0)[..., None]
    roi = canvas[y0:y1, x0:x1]
    roi[:] = (roi * (1 - alpha) + warped * alpha).astype(np.uint8)


# -- distortions -----------------------------------------------------------------------


def add_noise(img: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    noise = rng.normal(0, sigma, img.shape).astype(np.float32)
    return np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8)


def add_glare(img: np.ndarray, rng: np.random.Generator, centre: tuple[float, float],
              radius: float) -> np.ndarray:
    """A specular highlight: a bright, partly saturated blob over part of the code."""
    h, w = img.shape[:2]
    gx = centre[0] + rng.uniform(-0.5, 0.5) * radius
    gy = centre[1] + rng.uniform(-0.5, 0.5) * radius
    r = int(radius * 2.5)
    x0, y0 = max(0, int(gx) - r), max(0, int(gy) - r)
    x1, y1 = min(w, int(gx) + r), min(h, int(gy) + r)
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    d2 = ((xx - gx) / (radius * 1.4)) ** 2 + ((yy - gy) / radius) ** 2
    blob = np.exp(-d2 * 1.5)[..., None] * rng.uniform(200, 280)
    out = img.copy()
    out[y0:y1, x0:x1] = np.clip(img[y0:y1, x0:x1].astype(np.float32) + blob, 0, 255)
    return out


def add_shadow(img: np.ndarray, rng: np.random.Generator, centre: tuple[float, float],
               side: float) -> np.ndarray:
    """A hard shadow edge across the code (a hand, a door frame): one part at 15-30% light."""
    h, w = img.shape[:2]
    angle = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d = (xx - centre[0]) * math.cos(angle) + (yy - centre[1]) * math.sin(angle)
    dark = rng.uniform(0.15, 0.3)
    light = dark + (1 - dark) / (1 + np.exp(np.clip(-d / (side * 0.04), -60, 60)))
    return np.clip(img * light[..., None], 0, 255).astype(np.uint8)


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(data, cv2.IMREAD_COLOR)


def motion_blur(img: np.ndarray, rng: np.random.Generator, length: int) -> np.ndarray:
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0 / length
    centre = (length / 2 - 0.5, length / 2 - 0.5)
    rot = cv2.getRotationMatrix2D(centre, rng.uniform(0, 180), 1.0)
    kernel = cv2.warpAffine(kernel, rot, (length, length))
    kernel /= kernel.sum()
    return cv2.filter2D(img, -1, kernel)


@dataclass
class Frame:
    image: np.ndarray
    texts: list[str]
    distortion: str
    size: str


def camera_finish(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """What every webcam adds: slight defocus, sensor noise, JPEG/MJPEG compression."""
    img = cv2.GaussianBlur(img, (0, 0), 0.6)
    img = add_noise(img, rng, 3.0)
    return jpeg(img, 85)


def make_frame(distortion: str, size: str, rng: np.random.Generator,
               texts: list[str]) -> Frame:
    w, h = SIZES[size]
    img = background(rng, w, h)
    module = float(rng.uniform(3.0, 6.0))
    p = Placement(module_px=module, rotation_deg=float(rng.uniform(-8, 8)))
    used = texts[:1]
    if distortion == "modules-2px":
        p.module_px = 2.0
    elif distortion == "modules-8px":
        p.module_px = 8.0
    elif distortion == "rotation":
        p.rotation_deg = float(rng.uniform(0, 360))
    elif distortion == "perspective":
        p.tilt = float(rng.uniform(0.25, 0.45))
        p.rotation_deg = float(rng.uniform(-30, 30))
    elif distortion == "low-contrast":
        mid = int(rng.integers(90, 160))
        spread = int(rng.integers(7, 18))
        p.dark, p.light = mid - spread, mid + spread
    elif distortion == "inverted":
        p.inverted = True
    elif distortion == "bright-spot":
        p.dark, p.light = int(rng.integers(60, 90)), 235
    elif distortion == "moire":
        p.screen = True
        p.module_px = float(rng.uniform(3.0, 5.0))
    if distortion == "no-code":
        used = []
    elif distortion == "multi":
        used = texts[:3]
        for i, text in enumerate(used):
            centre = (w * (0.22 + 0.28 * i), h * (0.5 + rng.uniform(-0.2, 0.2)))
            place_code(rng, img, text, Placement(module_px=module * 0.8,
                                                 rotation_deg=float(rng.uniform(-20, 20))),
                       centre)
    else:
        cx, cy = w / 2 + rng.uniform(-0.15, 0.15) * w, h / 2 + rng.uniform(-0.1, 0.1) * h
        place_code(rng, img, used[0], p, (cx, cy))
        side = qr_modules(used[0]).shape[0] * p.module_px
        if distortion == "glare":
            img = add_glare(img, rng, (cx, cy), side * rng.uniform(0.22, 0.38))
        elif distortion == "bright-spot":
            # A lamp on a laminated badge: a larger, burnt-out highlight on a pale print.
            img = add_glare(img, rng, (cx, cy), side * rng.uniform(0.35, 0.5))
        elif distortion == "shadow":
            img = add_shadow(img, rng, (cx, cy), side)
    if distortion == "blur":
        if rng.random() < 0.5:
            img = cv2.GaussianBlur(img, (0, 0), float(rng.uniform(1.4, 3.0)))
        else:
            img = motion_blur(img, rng, int(rng.integers(5, 12)))
    if distortion == "noise":
        img = add_noise(img, rng, float(rng.uniform(20, 40)))
    if distortion == "jpeg":
        img = jpeg(img, int(rng.integers(8, 22)))
    elif distortion not in ("noise",):
        img = camera_finish(img, rng)
    return Frame(img, used, distortion, size)


DISTORTIONS = [
    "clean", "modules-2px", "modules-8px", "rotation", "perspective", "blur", "noise",
    "low-contrast", "jpeg", "glare", "bright-spot", "shadow", "moire", "inverted", "multi",
    "no-code",
]


# -- measuring -------------------------------------------------------------------------


@dataclass
class Tally:
    codes: int = 0
    read: int = 0
    wrong: int = 0
    times_ms: list[float] = field(default_factory=list)


def measure(frames: list[Frame], decoders: dict[str, Callable[[np.ndarray], list]]
            ) -> dict[str, dict[str, Tally]]:
    results: dict[str, dict[str, Tally]] = {name: {} for name in decoders}
    # Interleave backends frame by frame so that CPU contention hits all of them alike.
    for frame in frames:
        key = frame.distortion if frame.distortion != "no-code" else f"no-code {frame.size}"
        for name, fn in decoders.items():
            tally = results[name].setdefault(key, Tally())
            start = time.perf_counter()
            codes = fn(frame.image)
            tally.times_ms.append((time.perf_counter() - start) * 1000)
            texts = {c.text for c in codes}
            tally.codes += len(frame.texts)
            tally.read += len(texts & set(frame.texts))
            tally.wrong += len(texts - set(frame.texts))
    return results


def stream_times(frames: list[Frame], decoder: str | None) -> list[float]:
    """Per-frame times of a live FrameDecoder over a stream of no-code frames."""
    fd = FrameDecoder(decoder)
    times = []
    for _ in range(3):
        for frame in frames:
            start = time.perf_counter()
            fd.decode(frame.image)
            times.append((time.perf_counter() - start) * 1000)
    return times


def frames_empty_sample(frames: list[Frame]) -> np.ndarray:
    return next(f.image for f in frames if not f.texts)


def machine() -> str:
    import os

    return (f"{os.cpu_count()} cores, {cpu_model() or platform.processor()}, Python "
            f"{platform.python_version()}, OpenCV {cv2.__version__}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=6, help="frames per distortion and size")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--decoders", default="",
                        help="comma-separated backends (default: all available)")
    parser.add_argument("--json", type=Path, help="write raw figures here")
    parser.add_argument("--save-frames", type=Path, help="write the generated frames here")
    args = parser.parse_args(argv)

    rng = np.random.default_rng(args.seed)
    names = [n for n in (args.decoders.split(",") if args.decoders else available_decoders())
             if n]
    texts = payloads(rng, 64)
    start = time.perf_counter()
    frames = []
    for distortion in DISTORTIONS:
        for size in SIZES:
            count = args.frames * (2 if distortion == "no-code" else 1)
            for _ in range(count):
                chosen = [texts[int(i)] for i in rng.choice(len(texts), 3, replace=False)]
                frames.append(make_frame(distortion, size, rng, chosen))
    order = rng.permutation(len(frames))
    frames = [frames[i] for i in order]
    print(f"generated {len(frames)} frames in {time.perf_counter() - start:.1f} s; "
          f"machine: {machine()}")
    if args.save_frames:
        args.save_frames.mkdir(parents=True, exist_ok=True)
        for i, f in enumerate(frames):
            cv2.imwrite(str(args.save_frames / f"{f.distortion}-{f.size}-{i:03d}.png"), f.image)

    decoders: dict[str, Callable[[np.ndarray], list]] = {
        name: (lambda img, n=name: decode_frame(img, decoder=n)) for name in names
    }
    # Warm up (first calls load libraries and allocate).
    for fn in decoders.values():
        fn(frames[0].image)
    start = time.perf_counter()
    results = measure(frames, decoders)
    print(f"decoded with {len(names)} decoders in {time.perf_counter() - start:.1f} s\n")

    keys = [d for d in DISTORTIONS if d != "no-code"]

    def counts(name: str, key: str) -> tuple[int, int, int]:
        t = results[name][key]
        return t.read, t.codes, t.wrong

    col = print_read_table("codes read, % (wrong reads in brackets)", "distortion", keys,
                           names, counts, min_width=12)

    print("\ntime per frame, ms: median / p95")
    print(f"{'frames':<14}" + "".join(f"{n:>{col + 4}}" for n in names))
    for label, sel in (
        ("no-code 720p", lambda k: k == "no-code 720p"),
        ("no-code 1080p", lambda k: k == "no-code 1080p"),
        ("with code", lambda k: not k.startswith("no-code")),
    ):
        row = f"{label:<14}"
        for name in names:
            times = [t for k, tl in results[name].items() if sel(k) for t in tl.times_ms]
            row += f"{statistics.median(times):>{col - 3}.1f} / {percentile(times, 95):<5.1f}"
        print(row)

    stream: dict[str, dict[str, Any]] = {}
    if "stack" in names:
        print(f"\nlive stream (FrameDecoder, stack {'+'.join(DEFAULT_STACK)}; heavy stages on "
              "the worker process), no-code frames, ms on the caller's thread:")
        for size in SIZES:
            empty = [f for f in frames if f.distortion == "no-code" and f.size == size]
            first = stream_times(empty, DEFAULT_STACK[0])
            live = stream_times(empty, None)
            stream[size] = {"first_median": statistics.median(first),
                            "stack_median": statistics.median(live),
                            "stack_p95": percentile(live, 95)}
            print(f"  {size}: {DEFAULT_STACK[0]} alone median {statistics.median(first):.1f}; "
                  f"stack median {statistics.median(live):.1f}, p95 {percentile(live, 95):.1f}")

    if "stack" in names:
        # A code held still in front of the live decoder: how many frames until it is read,
        # for the frames only a fallback stage reads. The decoder has seen a random number of
        # empty frames before, as at a real door.
        hard = [f for f in frames if f.texts and not decoders[DEFAULT_STACK[0]](f.image)
                and decoders["stack"](f.image)]
        latencies = []
        for f in hard:
            fd = FrameDecoder()
            for _ in range(int(rng.integers(0, 10))):
                fd.decode(frames_empty_sample(frames))
            for i in range(30):  # at 30 fps: the heavy stages run on the decoder's worker
                start = time.perf_counter()
                if fd.decode(f.image):
                    latencies.append(i + 1)
                    break
                time.sleep(max(0.0, 1 / 30 - (time.perf_counter() - start)))
        if latencies:
            stream["fallback_read_frames"] = {"count": len(hard), "median": statistics.median(
                latencies), "max": max(latencies), "read": len(latencies)}
            print(f"  codes only a fallback reads ({len(hard)} frames): read by the live decoder "
                  f"in {len(latencies)}, within median {statistics.median(latencies):g} / max "
                  f"{max(latencies)} frames of holding still")

    if args.json:
        out = {
            "machine": machine(),
            "frames_per_distortion": args.frames,
            "seed": args.seed,
            "stack": list(DEFAULT_STACK),
            "success": {n: {k: [t.read, t.codes, t.wrong] for k, t in r.items()}
                        for n, r in results.items()},
            "times_ms": {n: {k: {"median": statistics.median(t.times_ms),
                                 "p95": percentile(t.times_ms, 95)} for k, t in r.items()}
                         for n, r in results.items()},
            "stream": stream,
        }
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
