"""Frame sources: a video file standing in for the camera, images, folders, missing devices."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.errors import SourceUnavailable
from kiosk.scanner.decode import FrameDecoder
from kiosk.scanner.dedup import ScanDeduplicator
from kiosk.scanner.sources import CaptureSource, FrameSource, ImageFilesSource, open_source
from kiosk.tickets.render import qr_png_bytes

W, H, FPS = 640, 480, 15.0


def qr_image(text: str, box_size: int = 5) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(qr_png_bytes(text, box_size=box_size), np.uint8),
                        cv2.IMREAD_COLOR)


def scene(text: str | None, shift: int = 0) -> np.ndarray:
    """A grey 640x480 frame, with the QR code of ``text`` near the middle if given."""
    frame = np.full((H, W, 3), 120, np.uint8)
    cv2.putText(frame, "door 1", (20, 40), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (30, 30, 30), 2)
    if text is not None:
        code = qr_image(text)
        y, x = 100, 150 + shift
        frame[y:y + code.shape[0], x:x + code.shape[1]] = code
    return frame


def write_video(path: Path, frames: list[np.ndarray]) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), FPS, (W, H))
    assert writer.isOpened(), "this OpenCV build cannot write MJPG/AVI"
    for frame in frames:
        writer.write(frame)
    writer.release()


@pytest.fixture
def door_video(tmp_path: Path) -> Path:
    """Two attendees in turn: A for 10 frames, nobody for 40, B for 10, nobody, A again."""
    frames = ([scene("CK1-ATTENDEE-A", shift=i) for i in range(10)] + [scene(None)] * 40
              + [scene("EVB-000123-B", shift=-i) for i in range(10)] + [scene(None)] * 10
              + [scene("CK1-ATTENDEE-A")] * 5)
    path = tmp_path / "door.avi"
    write_video(path, frames)
    return path


def test_video_file_through_source_decoder_and_dedup(door_video: Path) -> None:
    scans: list[tuple[int, str]] = []
    # The heavy stages inline: with the background worker, when its reads come back
    # depends on how busy the machine is, not on the frames (its pacing is tested in
    # tests/scanner/test_scanner_decode*). Times are the frames' own (index / fps).
    decoder = FrameDecoder(background=False)
    dedup = ScanDeduplicator(repeat_after_s=1.0, absent_frames=5)
    with open_source(door_video) as source:
        assert (source.width, source.height) == (W, H)
        assert source.fps == pytest.approx(FPS)
        assert source.is_live is False
        assert source.fourcc == "MJPG"
        assert "door.avi" in source.description
        index = 0
        while (frame := source.read()) is not None:
            assert frame.shape == (H, W, 3)
            for code in dedup.feed(decoder.decode(frame), index / source.fps):
                scans.append((index, code.text))
            index += 1
    assert index == 75
    # A at once, B when it appears, A again: it left the view more than a second ago.
    assert scans == [(0, "CK1-ATTENDEE-A"), (50, "EVB-000123-B"), (70, "CK1-ATTENDEE-A")]


def test_video_loops_when_asked(door_video: Path) -> None:
    with open_source(door_video, loop=True) as source:
        frames = [source.read() for _ in range(160)]
    assert all(f is not None for f in frames)
    with open_source(door_video) as source:
        count = sum(1 for _ in source)
        assert source.read() is None  # stays at the end
    assert count == 75


def test_release_is_idempotent_and_reading_after_release_is_our_error(door_video: Path) -> None:
    source = open_source(door_video)
    source.release()
    source.release()
    with pytest.raises(SourceUnavailable):
        source.read()


def test_live_source_that_stops_delivering_raises_source_unavailable(door_video: Path) -> None:
    # A camera that vanishes behaves like a capture whose reads fail: we stand one in with
    # a video file read as a live source, past its end.
    source = CaptureSource(str(door_video), description="camera (test)", is_live=True)
    with source:
        for _ in range(75):
            assert source.read() is not None
        with pytest.raises(SourceUnavailable, match="stopped delivering"):
            source.read()


def test_missing_camera_raises_source_unavailable() -> None:
    with pytest.raises(SourceUnavailable, match="camera 63"):
        open_source(63)
    with pytest.raises(SourceUnavailable, match="camera 62"):
        open_source("62", width=1280, height=720, fps=30)


def test_image_file_and_folder_sources(tmp_path: Path) -> None:
    one = tmp_path / "ticket.png"
    cv2.imwrite(str(one), scene("CK1-IMAGE"))
    with open_source(one) as source:
        assert isinstance(source, ImageFilesSource)
        assert (source.width, source.height) == (W, H)
        assert source.read() is not None
        assert source.read() is None
    with open_source(str(one), loop=True) as source:
        assert all(source.read() is not None for _ in range(5))

    folder = tmp_path / "shots"
    folder.mkdir()
    cv2.imwrite(str(folder / "b.jpg"), scene("CK1-B"))
    cv2.imwrite(str(folder / "a.png"), scene("CK1-A"))
    (folder / "c.png").write_bytes(b"not really a png")
    (folder / "notes.txt").write_text("ignored: not an image name")
    decoder = FrameDecoder()
    with open_source(folder) as source:
        assert (source.width, source.height) == (W, H)
        texts = []
        names = []
        for frame in source:
            names.append(source.current_path.name)  # type: ignore[attr-defined]
            texts += [c.text for c in decoder.decode(frame)]
        assert names == ["a.png", "b.jpg"]
        assert texts == ["CK1-A", "CK1-B"]
        assert [p.name for p in source.skipped] == ["c.png"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("make", ["missing", "empty-folder", "garbage-video", "garbage-image"])
def test_unreadable_inputs_raise_source_unavailable(tmp_path: Path, make: str) -> None:
    target: Path
    if make == "missing":
        target = tmp_path / "nope.mp4"
    elif make == "empty-folder":
        target = tmp_path / "empty"
        target.mkdir()
    elif make == "garbage-video":
        target = tmp_path / "clip.mp4"
        target.write_bytes(b"\x00garbage" * 100)
    else:
        target = tmp_path / "photo.jpg"
        target.write_bytes(b"\xff\xd8 truncated")
    with pytest.raises(SourceUnavailable):
        open_source(target)


def test_frame_source_is_a_context_manager_with_repr(door_video: Path) -> None:
    with open_source(door_video) as source:
        assert isinstance(source, FrameSource)
        assert "640x480" in repr(source)


def test_paced_reads_a_file_at_camera_speed(door_video: Path) -> None:
    import time

    from kiosk.scanner.sources import paced

    with open_source(door_video) as source:
        start = time.monotonic()
        count = sum(1 for _ in paced(source, fps=200.0))
        elapsed = time.monotonic() - start
    assert count == 75
    assert elapsed >= 74 / 200.0
