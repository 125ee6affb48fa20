"""Frame sources behind one interface: cameras, video files and streams, images, folders.

``open_source(spec)`` picks the kind from ``spec``:

    0, "1"                      camera by index (OpenCV, V4L2 on Linux)
    "rtsp://...", "http://..."  a network stream (live)
    "talk.mp4"                  a video file (``loop=True`` starts again at the end)
    "ticket.png"                one image (``loop=True`` repeats it forever)
    "shots/"                    every image in a folder, in name order

``read()`` returns the next BGR frame, or None at the end of a non-looping file source.
A camera or stream that cannot be opened, or that stops delivering frames, raises
:class:`kiosk.errors.SourceUnavailable` -- never a cv2 error -- so the GUI can show "camera
disconnected" and offer to retry. ``width``/``height``/``fps`` are the values the device or
file actually gives, which may differ from the requested ones.
"""

from __future__ import annotations

import time
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from kiosk.errors import SourceUnavailable

IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".pgm", ".ppm", ".pbm"}
)
_STREAM_PREFIXES = ("rtsp://", "rtsps://", "http://", "https://", "udp://", "tcp://", "rtmp://")
# A camera that fails this many reads in a row is treated as unplugged.
_CAMERA_READ_ATTEMPTS = 3


def _cv2() -> Any:
    import cv2

    # cv2 prints "[ WARN ] can't open camera by index" on stderr; we raise our own error.
    try:
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    except AttributeError:
        pass
    return cv2


class FrameSource:
    """Base class: a source of BGR frames. Use as a context manager or call ``release()``."""

    width: int = 0
    height: int = 0
    fps: float = 0.0
    description: str = ""
    is_live: bool = False
    fourcc: str = ""

    def read(self) -> np.ndarray | None:
        """The next frame; None when a non-looping file source is exhausted."""
        raise NotImplementedError

    def release(self) -> None:
        """Free the device or file. Safe to call more than once."""

    def __enter__(self) -> FrameSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __iter__(self) -> Any:
        while (frame := self.read()) is not None:
            yield frame

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.description} {self.width}x{self.height}@{self.fps:g}>"


class CaptureSource(FrameSource):
    """A cv2.VideoCapture: camera index, stream URL or video file."""

    def __init__(
        self,
        target: int | str,
        *,
        description: str,
        is_live: bool,
        width: int | None = None,
        height: int | None = None,
        fps: float | None = None,
        loop: bool = False,
        fourcc: str | None = None,
    ) -> None:
        cv2 = _cv2()
        self.description = description
        self.is_live = is_live
        self.loop = loop and not is_live
        self._frames_read = 0
        try:
            if isinstance(target, int):
                # V4L2 directly: CAP_ANY would also try slower backends on a missing index.
                api = cv2.CAP_V4L2 if hasattr(cv2, "CAP_V4L2") else cv2.CAP_ANY
                cap = cv2.VideoCapture(target, api)
                if not cap.isOpened():
                    cap = cv2.VideoCapture(target)
            else:
                cap = cv2.VideoCapture(target)
        except cv2.error as exc:
            raise SourceUnavailable(f"Cannot open {description}: {exc}") from exc
        if not cap.isOpened():
            cap.release()
            why = ("no such device, or it is in use" if is_live
                   else "not a video or image format this build of OpenCV can read")
            raise SourceUnavailable(f"Cannot open {description}: {why}.")
        self._cap = cap
        if is_live:
            # Ask for the size and rate; the device answers with what it can do.
            try:
                if fourcc:
                    # Most USB webcams give 720p/1080p at 30 fps only as MJPG; their default
                    # raw YUYV manages 5-10 fps at those sizes over USB 2. Set before size.
                    cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*fourcc))
                if width:
                    cap.set(cv2.CAP_PROP_FRAME_WIDTH, float(width))
                if height:
                    cap.set(cv2.CAP_PROP_FRAME_HEIGHT, float(height))
                if fps:
                    cap.set(cv2.CAP_PROP_FPS, float(fps))
                # A one-frame buffer: the decoder should see the newest frame, not a queue.
                cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
            except cv2.error:
                pass
        self.width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH) or 0)
        self.height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT) or 0)
        self.fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
        self.frame_count = 0 if is_live else int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        code = int(cap.get(cv2.CAP_PROP_FOURCC) or 0)
        #: The pixel format actually delivered (e.g. "MJPG", "YUYV"), "" when unknown.
        self.fourcc = "".join(chr((code >> 8 * i) & 0xFF) for i in range(4)).strip("\x00 ")

    def read(self) -> np.ndarray | None:
        cv2 = _cv2()
        cap = getattr(self, "_cap", None)
        if cap is None:
            raise SourceUnavailable(f"{self.description} was released.")
        attempts = _CAMERA_READ_ATTEMPTS if self.is_live else 1
        for _ in range(attempts):
            try:
                ok, frame = cap.read()
            except cv2.error as exc:
                raise SourceUnavailable(f"{self.description} failed: {exc}") from exc
            if ok and frame is not None and frame.size:
                self._frames_read += 1
                if not self.width:
                    self.height, self.width = frame.shape[:2]
                return frame
        if self.is_live:
            raise SourceUnavailable(f"{self.description} stopped delivering frames (unplugged?).")
        if self.loop and self._frames_read:
            try:
                cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
                ok, frame = cap.read()
            except cv2.error as exc:
                raise SourceUnavailable(f"{self.description} failed: {exc}") from exc
            if ok and frame is not None:
                self._frames_read = 1
                return frame
        return None

    def release(self) -> None:
        cap = getattr(self, "_cap", None)
        if cap is not None:
            self._cap = None
            cap.release()


class ImageFilesSource(FrameSource):
    """One image or a folder of images, read in name order."""

    def __init__(self, paths: list[Path], *, description: str, loop: bool = False) -> None:
        if not paths:
            raise SourceUnavailable(f"{description} holds no images.")
        self.paths = paths
        self.description = description
        self.is_live = False
        self.loop = loop
        self.fps = 0.0
        self._next = 0
        #: Files that could not be read as images (skipped, not fatal in a folder).
        self.skipped: list[Path] = []
        #: The path of the frame most recently returned by ``read()``.
        self.current_path: Path | None = None
        self._cached: np.ndarray | None = None
        if len(paths) == 1:
            self._cached = self._load(0)
            if self._cached is None:
                raise SourceUnavailable(f"Cannot read {paths[0]} as an image.")
        else:
            # Report a size from the start: that of the first readable image.
            for index in range(len(paths)):
                if self._load(index) is not None:
                    break

    def _load(self, index: int) -> np.ndarray | None:
        cv2 = _cv2()
        path = self.paths[index]
        try:
            # np.fromfile + imdecode: works for non-ASCII paths, unlike cv2.imread on Windows.
            data = np.fromfile(str(path), dtype=np.uint8)
            frame = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
        except (OSError, cv2.error):
            frame = None
        if frame is None:
            return None
        self.height, self.width = frame.shape[:2]
        return frame

    def read(self) -> np.ndarray | None:
        if len(self.paths) == 1:
            if self._next and not self.loop:
                return None
            self._next += 1
            self.current_path = self.paths[0]
            return None if self._cached is None else self._cached.copy()
        tried = 0
        while tried < len(self.paths):
            if self._next >= len(self.paths):
                if not self.loop:
                    return None
                self._next = 0
            index = self._next
            self._next += 1
            tried += 1
            frame = self._load(index)
            if frame is not None:
                self.current_path = self.paths[index]
                return frame
            if self.paths[index] not in self.skipped:
                self.skipped.append(self.paths[index])
        if self.loop:
            raise SourceUnavailable(f"No file in {self.description} could be read as an image.")
        return None


def _is_camera_index(spec: int | str | Path) -> bool:
    if isinstance(spec, bool):
        return False
    if isinstance(spec, int):
        return True
    return isinstance(spec, str) and spec.strip().isdigit()


def open_source(
    spec: int | str | Path,
    *,
    width: int | None = None,
    height: int | None = None,
    fps: float | None = None,
    loop: bool = False,
    fourcc: str | None = "MJPG",
) -> FrameSource:
    """Open a camera index, stream URL, video file, image file or folder of images.

    Raises :class:`SourceUnavailable` when it cannot be opened (missing camera, missing or
    unreadable file, empty folder). ``width``/``height``/``fps`` are requests to a camera or
    stream; files keep their own and report them. ``fourcc`` is the pixel format asked of
    a camera (MJPG by default: the only one most webcams deliver at 30 fps in HD; a camera
    that cannot do it keeps its own); None leaves the driver's choice.
    """
    if _is_camera_index(spec):
        index = int(str(spec).strip())
        return CaptureSource(index, description=f"camera {index}", is_live=True,
                             width=width, height=height, fps=fps, fourcc=fourcc)
    text = str(spec)
    if text.lower().startswith(_STREAM_PREFIXES):
        return CaptureSource(text, description=f"stream {text}", is_live=True,
                             width=width, height=height, fps=fps)
    path = Path(text).expanduser()
    if path.is_dir():
        images = sorted(
            (p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES),
            key=lambda p: p.name,
        )
        return ImageFilesSource(images, description=f"folder {path}", loop=loop)
    if not path.exists():
        raise SourceUnavailable(f"{path} does not exist.")
    if not path.is_file():
        raise SourceUnavailable(f"{path} is not a file, folder or camera.")
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return ImageFilesSource([path], description=f"image {path}", loop=loop)
    # Files cannot be asked for another size or rate: they report their own.
    return CaptureSource(str(path), description=f"video {path}", is_live=False, loop=loop)


def paced(source: FrameSource, *, fps: float | None = None) -> Any:
    """Yield frames of a file source at its own (or the given) frame rate, like a camera."""
    rate = fps or source.fps or 30.0
    period = 1.0 / rate
    next_time = time.monotonic()
    while (frame := source.read()) is not None:
        yield frame
        next_time += period
        delay = next_time - time.monotonic()
        if delay > 0:
            time.sleep(delay)
