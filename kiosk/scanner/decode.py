"""Decoding frames: a pure function from a numpy image to the QR codes it holds.

Backends (each a plain function ``gray uint8 image -> list[DecodedCode]``):

    zxing           zxing-cpp (wheels bundle the C++ library): fast, reads inverted codes,
                    rotation and perspective; the first stage of the default stack
    zxing-adaptive  zxing-cpp on a locally thresholded image (glare, uneven light)
    zxing-upscale   zxing-cpp on a 1.5x enlargement (blur, steep tilt, small modules)
    zbar            pyzbar over the system libzbar (kept selectable; the stack without zxing)
    opencv          cv2.QRCodeDetector (classic detector)
    opencv-aruco    cv2.QRCodeDetectorAruco (ArUco-based finder-pattern detector)
    stack           the measured default: a first backend on every frame, then fallback
                    stages when it found nothing (``DEFAULT_STACK``, docs/performance.md)

Two entry points:

* :func:`decode_frame` -- stateless; with the stack it runs every fallback stage on every
  frame where the earlier stages found nothing (right for files and ``kiosk decode``).
* :class:`FrameDecoder` -- for a live camera: the first stage runs on every frame, the
  fallback stages only on every ``fallback_every``-th empty frame, so that frames without a
  code (the common case) cost no more than the first stage and the preview never stutters,
  while a code only a fallback can read is still read within a few frames.

Nothing here raises for a bad frame (``None``, empty, wrong dtype or shape, a backend
crash): the answer is then "no codes". An unknown or missing backend *name* is a
configuration error and raises :class:`kiosk.errors.DecodeError`.

Empty codes are dropped (nothing to look up). Text of a code: backends decode the bytes
as the code declares (ECI) or guess (UTF-8, else ISO-8859-1). ``raw`` holds the bytes as
the backend reports them (zxing: the exact payload bytes; zbar: its own UTF-8 conversion)
and ``binary`` is True when the payload is not text (then ``text`` is the ISO-8859-1
rendering of the bytes, one character per byte, and is never a valid ticket).
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kiosk.errors import DecodeError

log = logging.getLogger(__name__)

Points = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class DecodedCode:
    """One code found in a frame: its text (or raw bytes when not text) and corners."""

    text: str
    points: Points
    raw: bytes = b""
    backend: str = ""
    #: True when the payload is binary data rather than text (``text`` is then a guess).
    binary: bool = False


Backend = Callable[[np.ndarray], list[DecodedCode]]

# -- frame preparation -----------------------------------------------------------------


def to_gray(frame: object) -> np.ndarray | None:
    """``frame`` as a C-contiguous 2-D uint8 array, or None if it is not an image.

    Accepts grayscale, BGR, BGRA, single-channel 3-D arrays and float images in 0..1 or
    0..255; anything else (None, empty, 1-D, absurd shapes) gives None.
    """
    if not isinstance(frame, np.ndarray) or frame.size == 0:
        return None
    img = frame
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[..., 0]
    if img.ndim not in (2, 3) or img.shape[0] < 8 or img.shape[1] < 8:
        return None
    if img.ndim == 3 and img.shape[2] not in (3, 4):
        return None
    if img.dtype != np.uint8:
        if img.dtype == np.bool_:
            img = img.astype(np.uint8) * 255
        elif np.issubdtype(img.dtype, np.floating):
            finite = np.nan_to_num(img.astype(np.float32), nan=0.0, posinf=255.0, neginf=0.0)
            scale = 255.0 if finite.size and float(finite.max()) <= 1.0 else 1.0
            img = np.clip(finite * scale, 0, 255).astype(np.uint8)
        elif np.issubdtype(img.dtype, np.integer):
            # 16-bit camera frames: keep the top 8 bits of the range actually used.
            top = int(img.max()) if img.size else 0
            shift = max(0, top.bit_length() - 8)
            img = (img >> shift).astype(np.uint8)
        else:
            return None
    if img.ndim == 3:
        import cv2

        code = cv2.COLOR_BGR2GRAY if img.shape[2] == 3 else cv2.COLOR_BGRA2GRAY
        img = cv2.cvtColor(np.ascontiguousarray(img), code)
    return np.ascontiguousarray(img)


def _text_of(raw: bytes) -> tuple[str, bool]:
    """Best-effort text of raw bytes; (text, is_binary)."""
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return raw.decode("latin-1"), True


# -- backends --------------------------------------------------------------------------


def _zxing_backend(
    prepare: Callable[[np.ndarray], tuple[np.ndarray, float]] | None = None,
    name: str = "zxing",
) -> Backend:
    """zxing-cpp, optionally on a prepared image; ``prepare`` returns (image, scale)."""
    import zxingcpp

    formats = zxingcpp.barcode_formats_from_str("QRCode")
    binary_type = zxingcpp.ContentType.Binary

    def decode(gray: np.ndarray) -> list[DecodedCode]:
        image, scale = prepare(gray) if prepare else (gray, 1.0)
        out = []
        for code in zxingcpp.read_barcodes(
            image, formats=formats, try_rotate=True, try_downscale=True, try_invert=True
        ):
            if not code.valid:
                continue
            pos = code.position
            corners = (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)
            raw = bytes(code.bytes)
            binary = code.content_type == binary_type
            text = code.text
            if binary:
                # zxing's HRI text of binary content is a charset guess; ours is stable.
                text = _text_of(raw)[0]
            out.append(
                DecodedCode(
                    text,
                    tuple((int(round(p.x / scale)), int(round(p.y / scale))) for p in corners),
                    raw,
                    name,
                    binary,
                )
            )
        return out

    return decode


def _adaptive_threshold(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Binarise against the mean of each 15x15 neighbourhood (Gaussian-weighted).

    zxing's own binarizer works on larger blocks; a small local window recovers codes
    under glare, uneven light and low contrast, where the light level changes within the
    code itself.
    """
    import cv2

    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 15, 2
    ), 1.0


def _upscale(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """1.5x bicubic enlargement: blurred or steeply tilted codes with small modules get
    enough pixels per module for zxing's sampling grid."""
    import cv2

    return cv2.resize(gray, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC), 1.5


def _zbar_backend() -> Backend:
    from pyzbar import pyzbar

    symbols = [pyzbar.ZBarSymbol.QRCODE]

    def decode(gray: np.ndarray) -> list[DecodedCode]:
        out = []
        for sym in pyzbar.decode(gray, symbols=symbols):
            text, binary = _text_of(sym.data)
            out.append(
                DecodedCode(text, tuple((int(p.x), int(p.y)) for p in sym.polygon), sym.data,
                            "zbar", binary)
            )
        return out

    return decode


def _opencv_backend(aruco: bool) -> Backend:
    import cv2

    name = "opencv-aruco" if aruco else "opencv"
    # cv2 detector objects hold scratch state: one per thread.
    local = threading.local()

    def detector() -> Any:
        det = getattr(local, "detector", None)
        if det is None:
            det = cv2.QRCodeDetectorAruco() if aruco else cv2.QRCodeDetector()
            local.detector = det
        return det

    try:
        # Its "[ WARN ] ECI is not supported" lines would flood the kiosk's stderr.
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    except AttributeError:
        pass

    def decode(gray: np.ndarray) -> list[DecodedCode]:
        try:
            ok, texts, points, _ = detector().detectAndDecodeMulti(gray)
        except UnicodeDecodeError:
            # The binding turns payloads into str as UTF-8 and fails on binary ones:
            # OpenCV cannot report such a code at all.
            return []
        if not ok or points is None:
            return []
        out = []
        for text, quad in zip(texts, points, strict=False):
            if not text:  # detected but not decoded
                continue
            raw = text.encode("utf-8", "surrogateescape")
            out.append(
                DecodedCode(text, tuple((int(round(x)), int(round(y))) for x, y in quad), raw, name)
            )
        return out

    return decode


_FACTORIES: dict[str, Callable[[], Backend]] = {
    "zxing": _zxing_backend,
    "zxing-adaptive": lambda: _zxing_backend(_adaptive_threshold, "zxing-adaptive"),
    "zxing-upscale": lambda: _zxing_backend(_upscale, "zxing-upscale"),
    "zbar": _zbar_backend,
    "opencv": lambda: _opencv_backend(aruco=False),
    "opencv-aruco": lambda: _opencv_backend(aruco=True),
}
_backends: dict[str, Backend] = {}
_unavailable: dict[str, str] = {}
_lock = threading.Lock()


def _release_backends() -> None:
    # zxing-cpp's bindings (nanobind) print a "leaked instances" report at interpreter exit
    # for any of their objects still referenced then; our cached backends hold some.
    with _lock:
        _backends.clear()


atexit.register(_release_backends)

#: The measured default (see docs/performance.md, "Decoding"): zxing-cpp on every frame;
#: where it finds nothing, zxing-cpp again on a locally thresholded image, then on a 1.5x
#: enlargement. pyzbar read no code in our benchmark that zxing-cpp missed, at 10-15x the
#: time, so it is not in the stack; it stands in when zxing-cpp is not installed.
DEFAULT_STACK: tuple[str, ...] = ("zxing", "zxing-upscale", "zxing-adaptive")
STACK_WITHOUT_ZXING: tuple[str, ...] = ("zbar",)
#: In a live stream, one fallback stage (in turn) runs on every n-th frame without a code.
DEFAULT_FALLBACK_EVERY = 3


def backend(name: str) -> Backend:
    """The decoding function of one backend; :class:`DecodeError` if unknown or missing."""
    with _lock:
        found = _backends.get(name)
        if found is not None:
            return found
        if name not in _FACTORIES:
            known = ", ".join(["stack", *_FACTORIES])
            raise DecodeError(f"Unknown decoder {name!r}; choose one of: {known}.")
        if name in _unavailable:
            raise DecodeError(f"Decoder {name!r} is not available: {_unavailable[name]}")
        try:
            found = _FACTORIES[name]()
        except (ImportError, OSError, AttributeError) as exc:
            _unavailable[name] = str(exc)
            raise DecodeError(f"Decoder {name!r} is not available: {exc}") from exc
        _backends[name] = found
        return found


def available_decoders() -> list[str]:
    """Names accepted by ``decoder=``: "stack" (the default) and each installed backend."""
    names = []
    for name in _FACTORIES:
        try:
            backend(name)
        except DecodeError:
            continue
        names.append(name)
    has_stack = any(n in names for n in (*DEFAULT_STACK, *STACK_WITHOUT_ZXING))
    return ["stack", *names] if has_stack else names


def _run(name: str, fn: Backend, gray: np.ndarray) -> list[DecodedCode]:
    try:
        # An empty code holds nothing to look up; zxing and OpenCV drop it, zbar reports
        # it: drop it everywhere so every backend answers alike.
        return [code for code in fn(gray) if code.raw or code.text]
    except Exception:  # noqa: BLE001 - a backend crash on one frame is "no code", not a crash
        log.warning("decoder %s failed on a %sx%s frame", name, *gray.shape[:2], exc_info=True)
        return []


def _centre(points: Points) -> tuple[float, float]:
    n = max(1, len(points))
    return sum(p[0] for p in points) / n, sum(p[1] for p in points) / n


def _same_place(a: Points, b: Points) -> bool:
    """True when the two quads are one code seen twice: each centre within the other's
    bounding box (stages and scales report slightly different corners)."""
    if not a or not b:
        return True
    for quad, other in ((a, b), (b, a)):
        cx, cy = _centre(other)
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        if not (min(xs) <= cx <= max(xs) and min(ys) <= cy <= max(ys)):
            return False
    return True


def _unique(codes: Sequence[DecodedCode]) -> list[DecodedCode]:
    """One entry per code: the same text at the same place is one code (found by two
    stages or twice by one); the same text elsewhere in the frame is a second code."""
    out: list[DecodedCode] = []
    for code in codes:
        if not any(c.text == code.text and _same_place(c.points, code.points) for c in out):
            out.append(code)
    return out


def _stages(decoder: str | None) -> list[tuple[str, Backend]]:
    if decoder is None or decoder == "stack":
        stages = []
        for name in DEFAULT_STACK:
            try:
                stages.append((name, backend(name)))
            except DecodeError:
                log.info("decoder %s unavailable; the stack runs without it", name)
        if not stages:
            for name in STACK_WITHOUT_ZXING:
                try:
                    stages.append((name, backend(name)))
                except DecodeError:
                    continue
        if not stages:
            raise DecodeError("No QR decoder is installed (need zxing-cpp or pyzbar).")
        return stages
    return [(decoder, backend(decoder))]


def decode_frame(frame: np.ndarray, *, decoder: str | None = None) -> list[DecodedCode]:
    """All QR codes in ``frame`` (BGR, BGRA or grayscale). Never raises for bad frames.

    ``decoder``: None or "stack" for the measured default stack (every stage tried until
    one finds a code), or a backend name from :func:`available_decoders`.
    """
    stages = _stages(decoder)
    gray = to_gray(frame)
    if gray is None:
        return []
    for name, fn in stages:
        found = _run(name, fn, gray)
        if found:
            return _unique(found)
    return []


@dataclass
class FrameDecoder:
    """Decoder for a live frame stream; keeps a frame counter to pace the fallback stages.

    The first stage of the stack runs on every frame. On every ``fallback_every``-th frame
    in which it found nothing, *one* fallback stage runs, the next one in turn: a no-code
    frame costs at most the first stage plus one fallback, most cost the first stage alone,
    and a code that only a fallback reads is still read within a few frames (at 30 fps and
    the defaults, within ~130 ms). A single backend name behaves like :func:`decode_frame`.
    """

    decoder: str | None = None
    fallback_every: int = DEFAULT_FALLBACK_EVERY
    _stages: list[tuple[str, Backend]] = field(init=False, repr=False)
    _empty_frames: int = field(default=0, init=False, repr=False)
    _next_fallback: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        self._stages = _stages(self.decoder)
        self.fallback_every = max(1, int(self.fallback_every))

    @property
    def stage_names(self) -> list[str]:
        """The backends this decoder uses, first stage first."""
        return [name for name, _ in self._stages]

    def decode(self, frame: np.ndarray) -> list[DecodedCode]:
        """Codes in ``frame``; never raises for a bad frame."""
        gray = to_gray(frame)
        if gray is None:
            return []
        (first_name, first), *fallbacks = self._stages
        found = _run(first_name, first, gray)
        if found:
            self._empty_frames = 0
            return _unique(found)
        self._empty_frames += 1
        if fallbacks and self._empty_frames % self.fallback_every == 0:
            name, fn = fallbacks[self._next_fallback % len(fallbacks)]
            self._next_fallback += 1
            return _unique(_run(name, fn, gray))
        return []
