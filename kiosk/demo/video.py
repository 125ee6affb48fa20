"""A generated video standing in for a webcam: phones and printed tickets with QR codes
come into view, pause in front of the camera, and leave.

Each ticket is drawn flat (a phone with its screen, or an A6 paper ticket), then moved
in with a perspective tilt, a little hand shake and sensor noise, over a blurred "venue"
background. Deterministic for a given seed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.errors import ScannerError


@dataclass(frozen=True)
class VideoItem:
    text: str
    style: str  # "phone" | "paper"
    caption: str = ""


@dataclass(frozen=True)
class VideoTimeline:
    """When each item is fully in view (frame ranges), for tests and the benchmark."""

    fps: float
    frames: int
    holds: tuple[tuple[int, int], ...]


def _qr_image(text: str, module_px: int) -> np.ndarray:
    from kiosk.tickets.render import make_qr

    qr = make_qr(text, level="M", box_size=1, border=4)
    matrix = np.array(qr.get_matrix(), dtype=bool)
    small = np.where(matrix, 0, 255).astype(np.uint8)
    big = cv2.resize(small, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)
    return np.asarray(cv2.cvtColor(big, cv2.COLOR_GRAY2BGR))


def _rounded_rect(img: np.ndarray, x0: int, y0: int, x1: int, y1: int, r: int,
                  color: tuple[int, int, int]) -> None:
    cv2.rectangle(img, (x0 + r, y0), (x1 - r, y1), color, -1)
    cv2.rectangle(img, (x0, y0 + r), (x1, y1 - r), color, -1)
    for cx, cy in ((x0 + r, y0 + r), (x1 - r, y0 + r), (x0 + r, y1 - r), (x1 - r, y1 - r)):
        cv2.circle(img, (cx, cy), r, color, -1, lineType=cv2.LINE_AA)


def _put(img: np.ndarray, text: str, org: tuple[int, int], scale: float,
         color: tuple[int, int, int], thickness: int = 1) -> None:
    # Hershey fonts are ASCII-only: fold accents so "José" prints as "Jose".
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cv2.putText(img, ascii_text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, color, thickness,
                cv2.LINE_AA)


def render_phone(text: str, caption: str) -> np.ndarray:
    """A phone (BGRA, transparent outside its body) showing the ticket's QR code."""
    qr = _qr_image(text, 5)
    side = qr.shape[0]
    w, h = side + 60, side + 260
    img = np.zeros((h, w, 4), np.uint8)
    body = np.zeros((h, w, 3), np.uint8)
    _rounded_rect(body, 0, 0, w - 1, h - 1, 36, (30, 30, 34))
    _rounded_rect(body, 14, 40, w - 15, h - 41, 14, (250, 250, 250))
    body[120:120 + side, 30:30 + side] = qr
    _put(body, "E-TICKET", (30, 90), 0.8, (120, 60, 20), 2)
    _put(body, caption[:22], (30, 120 + side + 40), 0.6, (40, 40, 40), 1)
    mask = np.zeros((h, w), np.uint8)
    _rounded_rect(mask, 0, 0, w - 1, h - 1, 36, 255)  # type: ignore[arg-type]
    img[..., :3] = body
    img[..., 3] = mask
    return img


def render_paper(text: str, caption: str) -> np.ndarray:
    """A printed ticket (BGRA): header band, name, and the QR code."""
    qr = _qr_image(text, 5)
    side = qr.shape[0]
    w, h = side + 300, side + 120
    img = np.full((h, w, 4), 255, np.uint8)
    img[:70, :, :3] = (140, 90, 30)
    _put(img, "NUSANTARA TECH 2026", (20, 48), 0.9, (255, 255, 255), 2)
    img[90:90 + side, 20:20 + side, :3] = qr
    _put(img, "Name", (side + 40, 130), 0.5, (90, 90, 90))
    words = caption.split()
    line, y = "", 165
    for word in words:
        if len(line) + len(word) > 14 and line:
            _put(img, line, (side + 40, y), 0.7, (20, 20, 20), 2)
            line, y = "", y + 32
        line = f"{line} {word}".strip()
    _put(img, line, (side + 40, y), 0.7, (20, 20, 20), 2)
    return img


def _background(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A soft, out-of-focus venue: warm gradient with blurred blobs."""
    y = np.linspace(0, 1, height)[:, None]
    x = np.linspace(0, 1, width)[None, :]
    bg = np.zeros((height, width, 3), np.float32)
    bg[..., 0] = 70 + 40 * x
    bg[..., 1] = 80 + 50 * y
    bg[..., 2] = 95 + 60 * (1 - y) * x
    for _ in range(14):
        cx, cy = rng.integers(0, width), rng.integers(0, height)
        r = int(rng.integers(40, 160))
        color = tuple(float(c) for c in rng.integers(60, 200, 3))
        cv2.circle(bg, (int(cx), int(cy)), r, color, -1)
    return cv2.GaussianBlur(bg, (0, 0), 25).astype(np.uint8)


def _composite(frame: np.ndarray, sprite: np.ndarray, center: tuple[float, float],
               scale: float, angle_deg: float, tilt: float) -> None:
    """Paste a BGRA sprite with rotation, scale and a slight perspective tilt."""
    h, w = sprite.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    a = math.radians(angle_deg)
    cos, sin = math.cos(a) * scale, math.sin(a) * scale
    pts = []
    for (px, py) in src:
        dx, dy = px - w / 2, py - h / 2
        # Tilt: the top edge a little narrower than the bottom (held slightly back).
        dx *= 1 - tilt * (0.5 - py / h)
        pts.append((center[0] + dx * cos - dy * sin, center[1] + dx * sin + dy * cos))
    dst = np.array(pts, dtype=np.float32)
    fh, fw = frame.shape[:2]
    # Warp only into the sprite's bounding box: a full-frame warp costs 10x more.
    x0 = max(int(math.floor(dst[:, 0].min())), 0)
    y0 = max(int(math.floor(dst[:, 1].min())), 0)
    x1 = min(int(math.ceil(dst[:, 0].max())) + 1, fw)
    y1 = min(int(math.ceil(dst[:, 1].max())) + 1, fh)
    if x1 <= x0 or y1 <= y0:
        return
    m = cv2.getPerspectiveTransform(src, dst - np.array([x0, y0], dtype=np.float32))
    warped = cv2.warpPerspective(sprite, m, (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0, 0))
    alpha = warped[..., 3:4].astype(np.float32) / 255.0
    roi = frame[y0:y1, x0:x1]
    roi[:] = (roi * (1 - alpha) + warped[..., :3] * alpha).astype(np.uint8)


def timeline(count: int, fps: float, seconds_per_item: float) -> VideoTimeline:
    per = int(round(seconds_per_item * fps))
    enter = int(round(0.6 * fps))
    gap = int(round(0.5 * fps))
    holds = []
    for i in range(count):
        start = i * per + enter
        holds.append((start, i * per + per - enter - gap))
    return VideoTimeline(fps, count * per, tuple(holds))


def generate_video(
    path: str | Path,
    items: Sequence[VideoItem],
    *,
    width: int = 1280,
    height: int = 720,
    fps: float = 25.0,
    seconds_per_item: float = 4.0,
    seed: int = 7,
) -> VideoTimeline:
    """Write the video (MJPG in .avi, or mp4v in .mp4) and return its timeline."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fourcc = cv2.VideoWriter.fourcc(*("mp4v" if path.suffix == ".mp4" else "MJPG"))
    writer = cv2.VideoWriter(str(path), fourcc, fps, (width, height))
    if not writer.isOpened():
        raise ScannerError(f"Cannot write a video to {path} (no codec for {path.suffix}).")
    rng = np.random.default_rng(seed)
    pyrng = random.Random(seed)
    bg = _background(width, height, rng)
    noise_fields = [rng.integers(0, 7, (height, width, 3), dtype=np.uint8) for _ in range(4)]
    tl = timeline(len(items), fps, seconds_per_item)
    per = int(round(seconds_per_item * fps))
    enter = int(round(0.6 * fps))
    gap = int(round(0.5 * fps))
    sprites = [render_phone(it.text, it.caption) if it.style == "phone"
               else render_paper(it.text, it.caption) for it in items]
    # Fit every sprite to about 62% of the frame height (scales with the frame size).
    try:
        for frame_no in range(tl.frames):
            frame = bg.copy()
            i, t = divmod(frame_no, per)
            sprite = sprites[i]
            scale = 0.62 * height / max(sprite.shape[0], sprite.shape[1] * 0.75)
            hold_end = per - enter - gap
            if t < enter:  # coming up from below
                progress = t / enter
            elif t < hold_end:
                progress = 1.0
            elif t < per - gap:  # leaving downwards
                progress = 1 - (t - hold_end) / enter
            else:
                progress = 0.0
            if progress > 0:
                shake = (pyrng.uniform(-3, 3), pyrng.uniform(-3, 3))
                cx = width / 2 + (90 if i % 2 else -90) + shake[0]
                cy = height / 2 + (1 - progress) * height * 0.9 + shake[1]
                angle = (6 if i % 2 else -5) * (1 - progress * 0.5) + pyrng.uniform(-0.5, 0.5)
                _composite(frame, sprite, (cx, cy), scale, angle, 0.08)
            # Sensor noise from a few precomputed fields (drawing fresh noise per frame
            # would dominate the generation time).
            frame = cv2.add(frame, noise_fields[frame_no % len(noise_fields)])
            writer.write(frame)
    finally:
        writer.release()
    return tl
