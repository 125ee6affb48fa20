"""Everything ``kiosk demo`` needs, ready on disk: the replica and the video of tickets.

The video depends only on the ticket texts (deterministic demo keys), so it is cached
and made once per machine."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.demo.central import CentralDemo, build_central_demo
from kiosk.demo.event import DemoSetup, build_demo_replica
from kiosk.demo.video import VideoItem, VideoTimeline, generate_video, timeline

SECONDS_PER_ITEM = 4.0
FPS = 25.0


@dataclass
class PreparedDemo:
    setup: DemoSetup
    video: Path
    timeline: VideoTimeline
    #: The embedded central list (None for a stand-alone demo): call ``stop()`` when done.
    central: CentralDemo | None = None

    def stop(self) -> None:
        if self.central is not None:
            self.central.stop()


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "checkin-kiosk"


def prepare_demo(
    directory: str | Path,
    *,
    attendees: int = 3000,
    size: tuple[int, int] = (1280, 720),
    video_dir: str | Path | None = None,
    central: bool = False,
    pretix: str | None = None,
) -> PreparedDemo:
    """The demo replica (stand-alone, paired with an embedded central list and synced,
    or paired with the pretix device whose QR text is ``pretix``) and its video (cached:
    made once per set of ticket codes)."""
    central_demo = build_central_demo(directory, attendees=attendees) if central else None
    if pretix is not None:
        from kiosk.demo.pretix import build_pretix_demo

        setup = build_pretix_demo(directory, pretix)
    else:
        setup = central_demo.setup if central_demo else build_demo_replica(
            directory, attendees=attendees)
    items = [VideoItem(t.text, t.style, t.caption) for t in setup.tickets]
    key = hashlib.sha256(repr((items, size, FPS, SECONDS_PER_ITEM, 1)).encode()).hexdigest()
    folder = Path(video_dir) if video_dir else cache_dir()
    # A pretix event's video is its own (named apart: the cache's clean-up below keeps
    # the few newest demo-* videos and must not drop the usual demo's for it).
    prefix = "pretix-demo" if pretix is not None else "demo"
    video = folder / f"{prefix}-{size[0]}x{size[1]}-{key[:12]}.mp4"
    if video.exists() and video.stat().st_size > 0:
        tl = timeline(len(items), FPS, SECONDS_PER_ITEM)
    else:
        partial = video.with_suffix(".partial.mp4")
        tl = generate_video(partial, items, width=size[0], height=size[1], fps=FPS,
                            seconds_per_item=SECONDS_PER_ITEM)
        partial.replace(video)
        # Keep the cache small: a few recent videos are enough.
        old = sorted(folder.glob("demo-*.mp4"), key=lambda p: p.stat().st_mtime)[:-3]
        for path in old:
            path.unlink(missing_ok=True)
    return PreparedDemo(setup, video, tl, central_demo)
