"""Everything ``kiosk demo`` needs, ready on disk: the replica and the video of tickets.

The video depends only on the ticket texts (deterministic demo keys), so it is cached
and made once per machine."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.demo.event import DemoSetup, build_demo_replica
from kiosk.demo.video import VideoItem, VideoTimeline, generate_video, timeline

SECONDS_PER_ITEM = 4.0
FPS = 25.0


@dataclass
class PreparedDemo:
    setup: DemoSetup
    video: Path
    timeline: VideoTimeline


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "checkin-kiosk"


def prepare_demo(
    directory: str | Path,
    *,
    attendees: int = 3000,
    size: tuple[int, int] = (1280, 720),
    video_dir: str | Path | None = None,
) -> PreparedDemo:
    setup = build_demo_replica(directory, attendees=attendees)
    items = [VideoItem(t.text, t.style, t.caption) for t in setup.tickets]
    key = hashlib.sha256(repr((items, size, FPS, SECONDS_PER_ITEM, 1)).encode()).hexdigest()
    folder = Path(video_dir) if video_dir else cache_dir()
    video = folder / f"demo-{size[0]}x{size[1]}-{key[:12]}.mp4"
    if video.exists() and video.stat().st_size > 0:
        tl = timeline(len(items), FPS, SECONDS_PER_ITEM)
    else:
        partial = video.with_suffix(".partial.mp4")
        tl = generate_video(partial, items, width=size[0], height=size[1], fps=FPS,
                            seconds_per_item=SECONDS_PER_ITEM)
        partial.replace(video)
    return PreparedDemo(setup, video, tl)
