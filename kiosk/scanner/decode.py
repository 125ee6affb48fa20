"""Decoding frames: a pure function from a numpy image to the QR codes it holds.

Backends (each a plain function ``gray uint8 image -> list[DecodedCode]``):

    zxing           zxing-cpp (wheels bundle the C++ library): fast, reads inverted codes,
                    rotation and perspective; the first stage of the default stack
    zxing-finders   zxing-cpp asked for the whole QR family, so that it reports where it
                    sees finder patterns it cannot read as QR Model 2 (phantom Micro QR
                    symbols on a tilted code's finders); there the code's outline (its
                    dark modules closed into one blob) warped to a square and read
                    (strong perspective)
    zxing-curved    ... there the code's outline split into four curved sides, the square
                    mapped onto them (a Coons patch) and resampled: codes on bottles and
                    cans, which no single homography maps
    zxing-regions   zxing-cpp, then the symbols it located but could not decode, each
                    retried warped to an upright square (perspective out; plain, equalised,
                    sharpened, closed), then cropped: flattened, equalised, sharpened (2x),
                    enlarged 3x
    wechat-regions  ... those regions' crops read by WeChat's reader instead
    zxing-deblur    WeChat's CNN detector alone (the shipped model through cv2.dnn), its
                    boxes cropped, resized to 400 and 600 px, read plain and after a
                    Richardson-Lucy deconvolution (small, dim, out-of-focus codes)
    zxing-clahe-soft  ... on a half-size copy, CLAHE-equalised, enlarged to 1.5x the frame
                    (glare, bright spots on noisy frames; the cheapest strong stage)
    zxing-close-soft  ... then a 3x3 morphological closing (specks in light modules)
    zxing-clahe2x   zxing-cpp on a CLAHE-equalised image enlarged 2x (glare, bright spots)
    zxing-flat2x    ... on an illumination-flattened image enlarged 2x (bright spots, shadow)
    zxing-sharp2x   ... on an unsharp-masked image enlarged 2x (blur, small modules)
    wechat          OpenCV contrib's WeChat reader: CNN detector + super-resolution, models
                    shipped in ``models/wechat`` (damaged, curved, glare)
    wechat-clahe    ... on the CLAHE-equalised image; wechat-half: on a half-size image;
                    wechat-clahe-soft: on the half-size CLAHE copy of zxing-clahe-soft
    zxing-adaptive  zxing-cpp on a locally thresholded image (selectable, not in the stack)
    zxing-upscale   zxing-cpp on a 1.5x enlargement (selectable, not in the stack)
    zbar            pyzbar over the system libzbar (kept selectable; the stack without zxing)
    opencv          cv2.QRCodeDetector (classic detector)
    opencv-aruco    cv2.QRCodeDetectorAruco (ArUco-based finder-pattern detector)
    stack           the measured default (``DEFAULT_STACK``, docs/performance.md)

Only QR Model 2 is ever admitted (our tickets): zxing-cpp is asked for that format alone
and a Micro QR / rMQR / Model 1 read it might still report is dropped (``admitted_format``).

Two entry points:

* :func:`decode_frame` -- stateless; with the stack it runs every stage and merges their
  codes (right for files and ``kiosk decode``: every code matters, time does not).
* :class:`FrameDecoder` -- for a live camera: the first stage on every frame on the
  caller's thread; the heavy stages one at a time in the kiosk's worker process
  (kiosk/scanner/worker.py: OpenCV single-threaded at a lower priority, so they never
  compete with the caller's thread; a crash there loses one stage, not the scanner),
  paced by :func:`next_heavy_stage` (every frame while something moves or a symbol was
  located, rarely in a still, empty scene), so the preview never waits for them.

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
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.errors import DecodeError
from kiosk.scanner.worker import DEPTH, Job, shared_worker

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

#: What our tickets are: QR Model 2. zxing-cpp 3.x's "QRCode" family also holds Micro QR
#: and rMQR; on an enhanced image it can read a phantom Micro QR on one finder pattern of a
#: normal code. Those formats are never asked for, and never admitted if reported.
_QR_MODEL_2 = "QRCodeModel2"
_PHANTOM_FORMATS = frozenset({"MicroQRCode", "RMQRCode", "QRCodeModel1"})

#: A prepared image: (image, scale, (x offset, y offset)) -- points found in it map back
#: to the frame as ``point / scale + offset``.
Prepared = tuple[np.ndarray, float, tuple[int, int]]
Prepare = Callable[[np.ndarray], Prepared]


def _zxing_formats() -> Any:
    import zxingcpp

    try:
        return zxingcpp.barcode_formats_from_str(_QR_MODEL_2)
    except ValueError:  # zxing-cpp 2.x: "QRCode" is Model 2 alone there
        return zxingcpp.barcode_formats_from_str("QRCode")


def admitted_format(name: str) -> bool:
    """True for the QR Model 2 format names zxing-cpp reports; False for Micro QR, rMQR,
    Model 1 and anything else (the phantom-format guard)."""
    return name in ("QRCode", _QR_MODEL_2) and name not in _PHANTOM_FORMATS


def _zxing_read(
    image: np.ndarray,
    name: str,
    scale: float = 1.0,
    offset: tuple[int, int] = (0, 0),
    located: list[Points] | None = None,
    family: bool = False,
) -> list[DecodedCode]:
    """zxing-cpp on ``image``: the valid QR Model 2 codes, points mapped back to the frame.

    With ``located``, symbols zxing found but could not decode (``return_errors``) have
    their corners appended there: the regions worth retrying with other preparations.
    With ``family`` zxing-cpp is asked for the whole QR family (Micro QR and rMQR too):
    the corners of every symbol of another format, read or not, go to ``located`` as well
    (where it saw finder patterns, :func:`read_finders`); such a symbol is never returned.
    """
    import zxingcpp

    binary_type = zxingcpp.ContentType.Binary
    out = []
    for code in zxingcpp.read_barcodes(
        image, formats=_zxing_hint_formats() if family else _zxing_formats(),
        try_rotate=True, try_downscale=True, try_invert=True,
        return_errors=located is not None,
    ):
        fmt = getattr(code.format, "name", str(code.format))
        admitted = admitted_format(fmt)
        if not admitted and not family:
            log.debug("dropped a %s read (not QR Model 2)", fmt)
            continue
        pos = code.position
        corners = tuple(
            (int(round(p.x / scale + offset[0])), int(round(p.y / scale + offset[1])))
            for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)
        )
        if not code.valid or not admitted:
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            # A symbol under strong perspective is reported located at 0x0 ("invalid
            # symbol size"): no region to retry (zxing-finders finds its outline).
            if located is not None and max(xs) - min(xs) >= 4 and max(ys) - min(ys) >= 4:
                located.append(corners)
            continue
        raw = bytes(code.bytes)
        binary = code.content_type == binary_type
        # zxing's HRI text of binary content is a charset guess; ours is stable.
        text = _text_of(raw)[0] if binary else code.text
        out.append(DecodedCode(text, corners, raw, name, binary))
    return out


def _zxing_backend(prepare: Prepare | None = None, name: str = "zxing") -> Backend:
    """zxing-cpp, optionally on a prepared image."""
    import zxingcpp  # noqa: F401 - ImportError here marks the backend unavailable

    def decode(gray: np.ndarray) -> list[DecodedCode]:
        if prepare is None:
            return _zxing_read(gray, name)
        image, scale, offset = prepare(gray)
        return _zxing_read(image, name, scale, offset)

    return decode


def locate(gray: np.ndarray) -> tuple[list[DecodedCode], list[Points]]:
    """The first stage with its by-product: (codes zxing-cpp read, corners of the symbols
    it located but could not decode)."""
    located: list[Points] = []
    return _zxing_read(gray, "zxing", located=located), located


# -- preparations: each a gray image -> (image, scale, offset) -------------------------

#: Enlargements stop at this many pixels on the long side (a 1080p frame doubles fully).
_MAX_SIDE = 4096


def _enlarge(gray: np.ndarray, factor: float, max_side: int = _MAX_SIDE
             ) -> tuple[np.ndarray, float]:
    factor = min(factor, max_side / max(gray.shape))
    if factor <= 1.0:
        return gray, 1.0
    import cv2

    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC), factor


def _shrink(gray: np.ndarray, factor: float) -> tuple[np.ndarray, float]:
    """``gray`` shrunk by ``factor`` (area averaging), and the factor applied: points
    found in the result map back as ``point / factor``. A factor of 1 or more leaves the
    image as it is (factor 1)."""
    if factor >= 1.0:
        return gray, 1.0
    import cv2

    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), factor


def _clahe(gray: np.ndarray) -> np.ndarray:
    """Contrast-limited adaptive histogram equalisation: local contrast back under glare,
    in shadow and in over-exposed light."""
    import cv2

    return cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(gray)


def _flatten(gray: np.ndarray) -> np.ndarray:
    """Illumination flattening: divide by a heavily blurred copy (the light falling on the
    code), so that bright spots, glare and shadows no longer move the threshold. The blur
    runs on an eighth-size copy: the light varies slowly and the full-size blur is slow."""
    import cv2

    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    light = cv2.GaussianBlur(small, (0, 0), max(1.0, max(h, w) * 0.04 / 8))
    light = cv2.resize(light, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(light, 1), scale=128)


def _sharpen(gray: np.ndarray) -> np.ndarray:
    """Unsharp mask: module edges back in a slightly blurred (defocused, moving) code."""
    import cv2

    soft = cv2.GaussianBlur(gray, (0, 0), 2.0)
    return cv2.addWeighted(gray, 2.0, soft, -1.0, 0)


def _adaptive_threshold(gray: np.ndarray) -> Prepared:
    """Binarise against the mean of each 15x15 neighbourhood (Gaussian-weighted); kept
    selectable, not in the stack (it read 8% of the real photos alone and none that the
    other stages miss; docs/performance.md)."""
    import cv2

    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 15, 2
    ), 1.0, (0, 0)


def _upscale(gray: np.ndarray) -> Prepared:
    """1.5x bicubic enlargement (kept selectable; 2x with CLAHE or flattening reads more)."""
    image, scale = _enlarge(gray, 1.5)
    return image, scale, (0, 0)


def _soft_equalise(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """CLAHE on a half-size copy: halving averages the sensor noise away (CLAHE on a noisy
    full-size frame amplifies it into false module edges) and equalising a quarter of the
    pixels is cheap. Frames up to 640 px on the long side are not halved."""
    import cv2

    small, factor = _shrink(gray, 0.5 if max(gray.shape) > 640 else 1.0)
    return cv2.createCLAHE(clipLimit=5.0, tileGridSize=(4, 4)).apply(small), factor


def _soft_clahe(gray: np.ndarray, max_side: int = _MAX_SIDE) -> Prepared:
    """:func:`_soft_equalise`, enlarged to 1.5x the frame: the enlargement gives zxing-cpp
    smooth module edges. On the door simulation's noisy frames of the hard photos it read
    more codes than CLAHE + 2x at a third of its time (docs/performance.md)."""
    equal, factor = _soft_equalise(gray)
    image, scale = _enlarge(equal, 1.5 / factor, max_side)
    return image, scale * factor, (0, 0)


def _soft_close(gray: np.ndarray) -> Prepared:
    """:func:`_soft_clahe`, then a 3x3 morphological closing (the brighter of each pixel's
    neighbours, then the darker): it fills the small dark specks that noise, glare edges
    and worn paper leave in the light modules. On the door simulation's hard clips it read
    the most codes of any single preparation at the soft CLAHE's cost
    (docs/performance.md)."""
    import cv2

    image, scale, offset = _soft_clahe(gray)
    return cv2.morphologyEx(image, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)), scale, offset


def _then_enlarge(step: Callable[[np.ndarray], np.ndarray], factor: float = 2.0) -> Prepare:
    def prepare(gray: np.ndarray) -> Prepared:
        image, scale = _enlarge(step(gray), factor)
        return image, scale, (0, 0)

    return prepare


#: A located region's crop is enlarged to at most this many pixels on the long side: a
#: symbol that fills much of a large frame has modules big enough already, and enlarging
#: its crop 2-3x (to 2,500-4,000 px) cost ~250 ms of the worker's CPU per retry on a
#: 1800x1920 glare photo, every other hand-off (docs/performance.md, session scan12g).
_REGION_MAX_SIDE = 1400
#: Preparations retried on a region where zxing-cpp located a symbol but could not decode
#: it; cheap there, since the region is small.
#: The soft CLAHE first: on the located regions of the hard clips it read the most codes
#: (17 beyond the first stage, against 13 for flattening) at the least CPU.
_REGION_PREPARATIONS: tuple[Callable[[np.ndarray], tuple[np.ndarray, float]], ...] = (
    lambda g: _soft_clahe(g, _REGION_MAX_SIDE)[:2],
    lambda g: _enlarge(_flatten(g), 2.0, _REGION_MAX_SIDE),
    lambda g: _enlarge(_clahe(g), 2.0, _REGION_MAX_SIDE),
    lambda g: _enlarge(_sharpen(g), 2.0, _REGION_MAX_SIDE),
    lambda g: _enlarge(g, 3.0, _REGION_MAX_SIDE),
)
#: WeChat's retry of a located region shrinks a larger crop to this long side first.
_WECHAT_REGION_SIDE = 960
#: At most this many located regions are retried per frame (each costs a few ms).
MAX_REGIONS = 4


def _region(points: Points, shape: tuple[int, ...], grow: float = 0.35
            ) -> tuple[int, int, int, int]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    margin = max(max(xs) - min(xs), max(ys) - min(ys)) * grow + 8
    x0, y0 = max(0, int(min(xs) - margin)), max(0, int(min(ys) - margin))
    x1, y1 = min(shape[1], int(max(xs) + margin)), min(shape[0], int(max(ys) + margin))
    return x0, y0, x1, y1


#: A located symbol is warped to an upright square this many pixels a side (at most; its
#: own size when larger than the least) with this share of its side around it (the quiet
#: zone), then read with the preparations of :data:`_WARP_PREPARATIONS`.
_WARP_SIDE = (240, 800)
_WARP_MARGIN = 0.12


def _warp_square(gray: np.ndarray, points: Points) -> tuple[np.ndarray, np.ndarray] | None:
    """The located quad, grown by its quiet zone, warped to an upright square (perspective
    and tilt taken out); and the homography back to the frame. None for a degenerate quad."""
    import cv2

    quad = np.asarray(points, np.float32).reshape(-1, 2)
    if quad.shape != (4, 2) or abs(cv2.contourArea(quad)) < 64:
        return None
    centre = quad.mean(axis=0)
    grown = (quad - centre) * (1 + 2 * _WARP_MARGIN) + centre
    edge = max(float(np.linalg.norm(grown[i] - grown[(i + 1) % 4])) for i in range(4))
    n = int(min(_WARP_SIDE[1], max(_WARP_SIDE[0], edge)))
    square = np.array([[0, 0], [n - 1, 0], [n - 1, n - 1], [0, n - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(grown, square)
    warped = cv2.warpPerspective(gray, matrix, (n, n), flags=cv2.INTER_CUBIC,
                                 borderMode=cv2.BORDER_REPLICATE)
    return warped, np.linalg.inv(matrix)


def _closed(image: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.morphologyEx(image, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))


#: Preparations of a warped square, cheapest first (each a few ms on a 240-800 px square).
_WARP_PREPARATIONS: tuple[Callable[[np.ndarray], np.ndarray], ...] = (
    lambda g: g,
    lambda g: _soft_equalise(g)[0] if max(g.shape) <= 640 else _clahe(g),
    _clahe,
    _sharpen,
    _closed,
)


def _read_warped(gray: np.ndarray, points: Points, name: str) -> list[DecodedCode]:
    """One located symbol, warped to a square and read; points mapped back to the frame."""
    import cv2

    warp = _warp_square(gray, points)
    if warp is None:
        return []
    warped, back = warp
    for prepare in _WARP_PREPARATIONS:
        found = _zxing_read(np.ascontiguousarray(prepare(warped)), name)
        if found:
            out = []
            for c in found:
                pts = cv2.perspectiveTransform(
                    np.asarray(c.points, np.float32).reshape(-1, 1, 2), back).reshape(-1, 2)
                out.append(DecodedCode(c.text, tuple((int(round(x)), int(round(y)))
                                                     for x, y in pts), c.raw, name, c.binary))
            return out
    return []


def _crops(gray: np.ndarray, located: Sequence[Points]
           ) -> list[tuple[np.ndarray, int, int, Points]]:
    out = []
    for points in list(located)[:MAX_REGIONS]:
        if not points:
            continue
        x0, y0, x1, y1 = _region(points, gray.shape)
        if x1 - x0 < 8 or y1 - y0 < 8:
            continue
        out.append((np.ascontiguousarray(gray[y0:y1, x0:x1]), x0, y0, points))
    return out


def read_regions(gray: np.ndarray, located: Sequence[Points]) -> list[DecodedCode]:
    """Retry each located-but-undecoded symbol: warped to an upright square with each warp
    preparation, then its axis-aligned crop with each region preparation; the first read
    of a region wins. zxing-cpp only: cheap (a few ms a region), so the live decoder can
    retry on every other frame; WeChat on the crops is :func:`read_regions_wechat`."""
    out: list[DecodedCode] = []
    for crop, x0, y0, points in _crops(gray, located):
        found = _read_warped(gray, points, "zxing-regions")
        for prepare in () if found else _REGION_PREPARATIONS:
            image, scale = prepare(crop)
            found = _zxing_read(image, "zxing-regions", scale, (x0, y0))
            if found:
                break
        out.extend(found)
    return out


def _zxing_hint_formats() -> Any:
    import zxingcpp

    return zxingcpp.barcode_formats_from_str("QRCode,MicroQRCode,RMQRCode")


def _hint_boxes(quads: Sequence[Points], shape: tuple[int, ...], grow: float = 0.8
                ) -> list[tuple[int, int, int, int]]:
    """The hints' bounding boxes, those within one box size of each other merged (the
    finder patterns of one code), each grown by ``grow`` of its size (the rest of the
    code around its finder patterns, and its quiet zone); at most :data:`MAX_REGIONS`."""
    boxes = [[min(x for x, _ in q), min(y for _, y in q), max(x for x, _ in q),
              max(y for _, y in q)] for q in quads]
    merged = True
    while merged:
        merged = False
        for i, a in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                b = boxes[j]
                s = max(a[2] - a[0], a[3] - a[1], b[2] - b[0], b[3] - b[1])
                if a[0] - s <= b[2] and b[0] - s <= a[2] and a[1] - s <= b[3] \
                        and b[1] - s <= a[3]:
                    boxes[i] = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]),
                                max(a[3], b[3])]
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    h, w = shape[:2]
    out = []
    for x0, y0, x1, y1 in boxes[:MAX_REGIONS]:
        m = max(x1 - x0, y1 - y0) * grow + 8
        box = (int(max(0, x0 - m)), int(max(0, y0 - m)), int(min(w, x1 + m)),
               int(min(h, y1 + m)))
        if box[2] - box[0] >= 16 and box[3] - box[1] >= 16:
            out.append(box)
    return out


def _blob_quads(gray: np.ndarray, box: tuple[int, int, int, int]) -> list[Points]:
    """The code's own outline in ``box``: the dark modules, thresholded (Otsu on a
    CLAHE-equalised, slightly blurred crop) and closed into one blob (a kernel of 1/25
    of the box: about two modules), its convex hull simplified to four corners (else its
    least-area rectangle); the two largest blobs. Their corners go to
    :func:`_read_warped`, which takes the perspective out."""
    import cv2

    x0, y0, x1, y1 = box
    crop = np.ascontiguousarray(gray[y0:y1, x0:x1])
    equal = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(4, 4)).apply(crop)
    _, dark = cv2.threshold(cv2.GaussianBlur(equal, (0, 0), 1.0), 0, 255,
                            cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    k = max(3, max(x1 - x0, y1 - y0) // 25) | 1
    closed = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(closed)
    out: list[Points] = []
    for i in (np.argsort(-stats[1:, cv2.CC_STAT_AREA])[:2] + 1) if count > 1 else []:
        if stats[i, cv2.CC_STAT_AREA] < 0.02 * crop.size:
            continue
        contours, _ = cv2.findContours((labels == i).astype(np.uint8), cv2.RETR_EXTERNAL,
                                       cv2.CHAIN_APPROX_SIMPLE)
        hull = cv2.convexHull(max(contours, key=cv2.contourArea))
        for eps in (0.02, 0.04, 0.06):
            quad = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
            if len(quad) == 4:
                break
        else:
            quad = cv2.boxPoints(cv2.minAreaRect(hull))
        out.append(tuple((int(x) + x0, int(y) + y0)
                         for x, y in np.asarray(quad).reshape(-1, 2)))
    return out


def read_finders(gray: np.ndarray) -> list[DecodedCode]:
    """The ``zxing-finders`` stage: zxing-cpp asked for the whole QR family; around what
    it saw and could not read as QR Model 2, the code's outline (:func:`_blob_quads`)
    warped to an upright square and read (:func:`_read_warped`).

    On a QR code under strong perspective zxing-cpp locates the symbol but reports it at
    0x0 ("invalid symbol size"); asked for Micro QR and rMQR too, it reports phantom Micro
    QR symbols on the big code's finder patterns, at the big code's corners. Only their
    *positions* are used (a region to look at); nothing of another format is ever
    returned (:func:`admitted_format`). It reads codes under strong perspective that no
    other stage reads (docs/performance.md, session scan12g)."""
    hints: list[Points] = []
    out = _zxing_read(gray, "zxing-finders", located=hints, family=True)
    for box in _hint_boxes(hints, gray.shape):
        for quad in _blob_quads(gray, box):
            found = _read_warped(gray, quad, "zxing-finders")
            if found:
                out.extend(found)
                break
    return _unique(out)

# -- zxing-curved: a code on a curved surface (a bottle, a can, bent paper) -------------
#
# One homography (what zxing-cpp fits from the finder patterns) cannot map a code wrapped
# on a cylinder. Here the code's outline (its dark modules closed into one blob) is split
# at its four corners into four *curved* sides, each fitted with a low-degree polynomial,
# and the square is mapped to the frame by the Coons patch of those sides (the bilinear
# blend of the four boundary curves), resampled with cv2.remap and read by zxing-cpp; a
# cylinder's foreshortening (modules narrower towards its limbs) is taken out by a few
# trial reparametrisations of the more bent axis.

#: Dewarped squares are at least, at most this many pixels a side.
_CURVED_SIDE = (200, 480)
#: Share of the square's side added around the outline (into the quiet zone) ...
_CURVED_MARGIN = 0.04
#: ... and a flat border of the light level around that, this share of the side.
_CURVED_PAD = 0.1
#: The outline is looked for on a crop shrunk to at most this long side.
_CURVED_SEG_SIDE = 1400
#: The dark modules are closed into one blob with a kernel of each of these shares of
#: the box in turn (the larger one bridges more light modules, the smaller one keeps two
#: codes close together, or a code and the text beside it, apart).
_CURVED_CLOSE = (1 / 25, 1 / 40)
#: Trial foreshortenings of the more bent axis: the code spans these angles on the
#: cylinder (radians, from its line of sight): module ``u`` of the code lands at
#: ``sin(a0 + u (a1 - a0))`` across the image, scaled to the outline.
#: Two were enough: six (also (-0.1, 1.1), (-0.6, 0.6), (-1.5, 0.5), (-0.5, 1.5)) read
#: no more code on the photos or the door clips' frames, at 1.5-2x the CPU.
_CURVED_ANGLES: tuple[tuple[float, float], ...] = ((-1.0, 1.0), (-1.1, 0.1))
#: Each dewarped square is read with this many of the warp preparations (plain, soft CLAHE).
_CURVED_PREPARATIONS = 2
#: At most this many outlines are dewarped per frame.
_CURVED_OUTLINES = 3

Curve = tuple[np.ndarray, np.ndarray]


def _code_outlines(gray: np.ndarray, box: tuple[int, int, int, int],
                   closes: Sequence[float] = _CURVED_CLOSE) -> list[np.ndarray]:
    """The outline (a closed contour, frame coordinates) of the code in ``box``, the crop
    smoothed (Gaussian, sigma 1.5 px): the dark modules against their neighbourhood's
    mean (adaptive threshold: a dark background or a bright light does not count as a
    module), the dark blobs touching the box's border dropped (the background around a
    sticker, the rim of a can), the rest closed into one blob (with each kernel of
    ``closes``, a share of the box); the blobs holding the box's centre first (largest
    kernel first), then the next largest."""
    import cv2

    x0, y0, x1, y1 = box
    # The sensor noise smoothed first: on noisy frames of the door clips the outline moved
    # by a few pixels from frame to frame, enough to lose the read.
    crop = cv2.GaussianBlur(gray[y0:y1, x0:x1], (0, 0), 1.5)
    crop, scale = _shrink(crop, _CURVED_SEG_SIDE / max(crop.shape))
    crop = np.ascontiguousarray(crop)
    side = max(crop.shape)
    equal = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(4, 4)).apply(crop)
    dark = cv2.adaptiveThreshold(cv2.GaussianBlur(equal, (0, 0), 1.0), 255,
                                 cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 max(15, side // 12) | 1, 10)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark)
    h, w = dark.shape
    touch = ((stats[:, 0] == 0) | (stats[:, 1] == 0) | (stats[:, 0] + stats[:, 2] >= w)
             | (stats[:, 1] + stats[:, 3] >= h))
    touch[0] = False
    dark[touch[labels]] = 0
    found: list[tuple[bool, int, np.ndarray]] = []
    for rank, share in enumerate(closes):
        k = max(3, int(side * share)) | 1
        closed = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(closed)
        for i in (np.argsort(-stats[1:, cv2.CC_STAT_AREA])[:2] + 1) if count > 1 else []:
            if stats[i, cv2.CC_STAT_AREA] < 0.02 * crop.size:
                continue
            contours, _ = cv2.findContours((labels == i).astype(np.uint8),
                                           cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
            contour = max(contours, key=cv2.contourArea)
            inside = cv2.pointPolygonTest(contour, (w / 2, h / 2), False) >= 0
            points = contour.reshape(-1, 2).astype(np.float64) / scale + (x0, y0)
            found.append((not inside, rank, points))
    found.sort(key=lambda f: (f[0], f[1]))
    return [points for _, _, points in found]


def _curve_at(curve: Curve, t: np.ndarray) -> np.ndarray:
    return np.stack([np.polyval(curve[0], t), np.polyval(curve[1], t)], -1)


def _outline_sides(contour: np.ndarray, degree: int) -> tuple[np.ndarray, list[Curve]] | None:
    """The outline's four corners (its convex hull simplified to four points, else the
    points nearest the corners of its least-area rectangle) and its four sides between
    them, clockwise on screen, each a polynomial of ``degree`` in the share of its arc
    length (x and y; the ends held at the corners). None when a side is too short to
    fit."""
    import cv2

    hull = cv2.convexHull(contour.astype(np.float32))
    for eps in (0.02, 0.04, 0.06, 0.08):
        quad = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
        if len(quad) == 4:
            break
    else:
        quad = cv2.boxPoints(cv2.minAreaRect(hull))
    corners = np.asarray(quad, np.float64).reshape(-1, 2)
    if cv2.contourArea(contour.astype(np.float32), oriented=True) < 0:
        contour = contour[::-1]
    at = sorted(int(np.argmin(np.sum((contour - c) ** 2, axis=1))) for c in corners)
    sides: list[Curve] = []
    for i in range(4):
        a, b = at[i], at[(i + 1) % 4]
        seg = contour[a:b + 1] if b > a else np.vstack([contour[a:], contour[:b + 1]])
        if len(seg) < 2 * degree + 2:
            return None
        arc = np.r_[0, np.cumsum(np.linalg.norm(np.diff(seg, axis=0), axis=1))]
        if arc[-1] <= 0:
            return None
        t = arc / arc[-1]
        weight = np.ones(len(t))
        weight[0] = weight[-1] = 50.0
        sides.append((np.polyfit(t, seg[:, 0], degree, w=weight),
                      np.polyfit(t, seg[:, 1], degree, w=weight)))
    return contour[at], sides


def _met_sides(corners: np.ndarray, sides: list[Curve], inner: float = 0.15
               ) -> tuple[np.ndarray, list[Curve]] | None:
    """The sides refitted (quadratics) on their middle part alone, and the corners moved
    to where adjacent refitted sides meet: the corner without a finder pattern is often
    rounded off in the blob (light modules there), which pulls the hull's corner inwards."""
    fits: list[Curve] = []
    for side in sides:
        t = np.linspace(inner, 1 - inner, 40)
        p = _curve_at(side, t)
        fits.append((np.polyfit(t, p[:, 0], 2), np.polyfit(t, p[:, 1], 2)))
    grid = np.linspace(-0.35, 0.35, 71)
    ends = []
    for i in range(4):
        pa, pb = _curve_at(fits[i], 1 + grid), _curve_at(fits[(i + 1) % 4], grid)
        dist = np.linalg.norm(pa[:, None, :] - pb[None, :, :], axis=2)
        ia, ib = np.unravel_index(int(np.argmin(dist)), dist.shape)
        ends.append((1 + grid[ia], grid[ib], (pa[ia] + pb[ib]) / 2))
    met = np.array([ends[(i - 1) % 4][2] for i in range(4)])
    out: list[Curve] = []
    u = np.linspace(0, 1, 40)
    for i in range(4):
        t0, t1 = ends[(i - 1) % 4][1], ends[i][0]
        if t1 - t0 < 0.5:
            return None
        p = _curve_at(fits[i], np.linspace(t0, t1, 40))
        p[0], p[-1] = met[i], met[(i + 1) % 4]
        out.append((np.polyfit(u, p[:, 0], 2), np.polyfit(u, p[:, 1], 2)))
    return met, out


def _coons_map(corners: np.ndarray, sides: list[Curve], n: int,
               angles: tuple[float, float] | None = None, axis: int = 0) -> np.ndarray:
    """The n x n x 2 map (cv2.remap's) of the square, grown by :data:`_CURVED_MARGIN`,
    to the frame: the Coons patch of the four sides (top c0->c1, right c1->c2, bottom
    c3->c2, left c0->c3). With ``angles``, ``axis`` (0: u, 1: v) foreshortened as on a
    cylinder (:data:`_CURVED_ANGLES`)."""
    s = (np.arange(n) + 0.5) / n * (1 + 2 * _CURVED_MARGIN) - _CURVED_MARGIN
    u, v = s, s
    if angles is not None:
        a0, a1 = angles
        bent = (np.sin(a0 + s * (a1 - a0)) - np.sin(a0)) / (np.sin(a1) - np.sin(a0))
        u, v = (bent, s) if axis == 0 else (s, bent)
    # Each boundary curve depends on one coordinate alone: evaluated once, broadcast.
    top, bottom = _curve_at(sides[0], u)[None], _curve_at(sides[2], 1 - u)[None]
    left, right = _curve_at(sides[3], 1 - v)[:, None], _curve_at(sides[1], v)[:, None]
    c0, c1, c2, c3 = corners
    uu, vv = u[None, :, None], v[:, None, None]
    patch = ((1 - vv) * (top - (1 - uu) * c0 - uu * c1) + vv * (bottom - (1 - uu) * c3 - uu * c2)
             + (1 - uu) * left + uu * right)
    return patch.astype(np.float32)


def _bend(curve: Curve) -> float:
    """How far a side bows from its chord, as a share of the chord."""
    p = _curve_at(curve, np.linspace(0, 1, 21))
    chord = p[-1] - p[0]
    length = float(np.linalg.norm(chord)) + 1e-9
    rel = p - p[0]
    return float(np.max(np.abs(chord[0] * rel[:, 1] - chord[1] * rel[:, 0]))) / length ** 2


def _curved_maps(contour: np.ndarray) -> Iterator[np.ndarray]:
    """The dewarping maps to try for one outline (built as they are asked for), most
    often right first: the met-sides quadratic patch, the cubic patch, then the cubic
    patch with each trial foreshortening of its more bent axis."""
    fitted = _outline_sides(contour, 3)
    if fitted is None:
        return
    corners, sides = fitted
    edge = max(float(np.linalg.norm(corners[i] - corners[(i + 1) % 4])) for i in range(4))
    n = int(min(_CURVED_SIDE[1], max(_CURVED_SIDE[0], edge)))
    met = _met_sides(corners, sides)
    if met is not None:
        yield _coons_map(*met, n)
    yield _coons_map(corners, sides, n)
    bends = [_bend(side) for side in sides]
    axis = 0 if bends[0] + bends[2] >= bends[1] + bends[3] else 1
    for angles in _CURVED_ANGLES:
        yield _coons_map(corners, sides, n, angles, axis)


def _read_dewarped(gray: np.ndarray, patch: np.ndarray, name: str) -> list[DecodedCode]:
    """The frame resampled through ``patch``, a flat light border around it, read plain
    and softly equalised; points mapped back to the frame through the patch."""
    import cv2

    n = patch.shape[0]
    warped = cv2.remap(gray, patch[..., 0], patch[..., 1], cv2.INTER_LINEAR,
                       borderMode=cv2.BORDER_REPLICATE)
    pad = int(n * _CURVED_PAD)
    for prepare in _WARP_PREPARATIONS[:_CURVED_PREPARATIONS]:
        image = prepare(warped)
        image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT,
                                   value=int(np.percentile(image, 90)))
        found = _zxing_read(np.ascontiguousarray(image), name)
        if found:
            out = []
            for c in found:
                points = []
                for x, y in c.points:
                    col = min(n - 1, max(0, int(round(x - pad))))
                    row = min(n - 1, max(0, int(round(y - pad))))
                    px, py = patch[row, col]
                    points.append((int(round(float(px))), int(round(float(py)))))
                out.append(DecodedCode(c.text, tuple(points), c.raw, name, c.binary))
            return out
    return []


def read_curved(gray: np.ndarray) -> list[DecodedCode]:
    """The ``zxing-curved`` stage: zxing-cpp asked for the whole QR family (as
    :func:`read_finders`); around what it located or saw finder patterns of and could
    not read, the code's outline (:func:`_code_outlines`) dewarped along its curved
    sides (:func:`_curved_maps`) and read; at most :data:`_CURVED_OUTLINES` outlines a
    frame, each dewarped square at most :data:`_CURVED_SIDE` pixels a side. Reads codes
    on bottles and cans no homography reads (docs/performance.md, session curve12)."""
    hints: list[Points] = []
    out = _zxing_read(gray, "zxing-curved", located=hints, family=True)
    outlines = 0
    for box in _hint_boxes(hints, gray.shape, grow=0.5):
        for contour in _code_outlines(gray, box):
            if outlines >= _CURVED_OUTLINES:
                return _unique(out)
            outlines += 1
            found: list[DecodedCode] = []
            for patch in _curved_maps(contour):
                found = _read_dewarped(gray, patch, "zxing-curved")
                if found:
                    break
            if found:
                out.extend(found)
                break
    return _unique(out)


# -- deblurring the regions WeChat's detector finds (zxing-deblur) ----------------------
#
# Small, dim and out-of-focus codes that no stage reads: zxing-cpp neither reads nor
# locates most of them on the whole frame, and a whole-frame sharpening or deconvolution
# did not help (docs/performance.md, sessions 2026-12-02/03). WeChat's CNN detector (the
# shipped detect.caffemodel, run through cv2.dnn alone) still boxes them; each box's crop,
# brought to a fixed size and deconvolved there, reads a few (100-700 ms a frame with
# boxes: a stage for ``kiosk decode`` and the end of the live cycle; docs/performance.md,
# session 2026-12-04 blur12).

#: WeChat's detector gets the frame resized to the area of a square this many pixels a
#: side (its own reader uses 400: codes under ~100 px of a 1440x1920 photo are then too
#: small to be boxed; at 1000 the dim 37-80 px codes of the brightness photos are).
_DETECT_SIDE = 1000
#: Boxes the detector scores below this are ignored (the small dim codes score 0.3-0.5).
_DETECT_MIN_SCORE = 0.2
#: At most this many boxes, the best scored first, are deblurred per frame.
MAX_DEBLUR_REGIONS = 4
#: A box is grown by this share of its long side (the quiet zone) before it is cropped.
_DEBLUR_MARGIN = 0.25
#: The crop is resized to each of these long sides in turn (a 37 px code enlarged, a
#: 600 px one shrunk), so that the blur's width in pixels is about the same for any code
#: (700 instead of 600 read one more still photo code, brightness/021, at p95 723 against
#: 426 ms a photo).
_DEBLUR_SIDES = (400, 600)
#: The Gaussian blurs (sigma in pixels of the resized crop) taken out by Richardson-Lucy
#: deconvolution, after a plain read of the resized crop.
_DEBLUR_SIGMAS = (2.0, 3.5, 5.0)
#: Richardson-Lucy iterations (10 read no more target codes than 4 or 6 on 8 door-clip
#: frames each of the 5 clips where it reads any, at more CPU).
_RL_ITERATIONS = 6
#: A crop larger than this (px, long side) is only read plain at each size, not
#: deconvolved: on the 268 photos, and on 8 frames each of the 5 door clips where the
#: stage reads a code the stack misses, the limit lost no read (the large blurred codes
#: are not a Gaussian blur it can undo) and halved the stage's p95 (426 -> 205 ms).
_DEBLUR_MAX_CROP = 450
#: A crop under the first of :data:`_DEBLUR_SIDES` is denoised first (non-local means of
#: this strength) before it is enlarged: the deconvolution amplifies sensor noise, and on
#: the door clips' noisy frames this doubled the small dim codes read (strength 6-8 read
#: fewer; a larger crop is shrunk, which averages the noise away anyway).
_DEBLUR_DENOISE = 4.0

_detectors = threading.local()


def _wechat_detector() -> Any:
    """WeChat's SSD detector as a cv2.dnn net (one per thread); OSError when the model
    files are missing or OpenCV cannot load them."""
    net = getattr(_detectors, "net", None)
    if net is None:
        import cv2

        files = _wechat_model_files("detect.prototxt", "detect.caffemodel")
        try:
            net = cv2.dnn.readNetFromCaffe(*files)
        except cv2.error as exc:
            raise OSError(f"OpenCV cannot load WeChat's detector: {exc}") from exc
        _detectors.net = net
    return net


def detect_boxes(gray: np.ndarray, side: int = _DETECT_SIDE,
                 min_score: float = _DETECT_MIN_SCORE) -> list[tuple[int, int, int, int]]:
    """Where WeChat's CNN detector sees QR codes, read or not: (x0, y0, x1, y1) boxes in
    the frame, best scored first, at most :data:`MAX_DEBLUR_REGIONS`. The frame is
    resized to the area of ``side`` squared (never enlarged), as WeChat's reader does at
    400."""
    import cv2

    h, w = gray.shape[:2]
    ratio = max(1.0, float(np.sqrt(w * h)) / side)
    small = gray if ratio == 1.0 else cv2.resize(
        gray, (max(1, int(w / ratio)), max(1, int(h / ratio))), interpolation=cv2.INTER_CUBIC)
    net = _wechat_detector()
    net.setInput(cv2.dnn.blobFromImage(small, 1.0 / 255), "data")
    rows = net.forward("detection_output").reshape(-1, 7)
    scored = sorted(((float(r[2]), r) for r in rows if r[1] == 1 and r[2] >= min_score),
                    key=lambda s: -s[0])
    out = []
    for _, r in scored[:MAX_DEBLUR_REGIONS]:
        x0, y0 = int(np.clip(r[3], 0, 1) * w), int(np.clip(r[4], 0, 1) * h)
        x1, y1 = int(np.clip(r[5], 0, 1) * w), int(np.clip(r[6], 0, 1) * h)
        if x1 - x0 >= 8 and y1 - y0 >= 8:
            out.append((x0, y0, x1, y1))
    return out


def _richardson_lucy(image: np.ndarray, sigma: float, iterations: int = _RL_ITERATIONS
                     ) -> np.ndarray:
    """Richardson-Lucy deconvolution of a Gaussian blur of ``sigma`` pixels, on the image
    stretched to 0..255 first (a dim code's range). The Gaussian is symmetric, so it is its
    own mirror: each iteration is two Gaussian blurs."""
    import cv2

    f = cv2.normalize(image, np.empty_like(image), 0, 255, cv2.NORM_MINMAX).astype(np.float32) + 1.0
    estimate = f.copy()
    for _ in range(iterations):
        ratio = f / (cv2.GaussianBlur(estimate, (0, 0), sigma) + 1e-3)
        estimate *= cv2.GaussianBlur(ratio, (0, 0), sigma)
    return np.clip(estimate - 1.0, 0, 255).astype(np.uint8)


def read_deblurred(gray: np.ndarray) -> list[DecodedCode]:
    """The ``zxing-deblur`` stage: the boxes of WeChat's detector (:func:`detect_boxes`),
    each cropped with its quiet zone and resized to each of :data:`_DEBLUR_SIDES`, read
    plain, then deconvolved (:func:`_richardson_lucy`) with each of
    :data:`_DEBLUR_SIGMAS`; the first read of a box wins. On the still photos it read 3
    small, dim or soft codes that no other stage reads, with no false positive over all
    268 photos nor over frames 0/10/20 of their door clips (docs/performance.md, session
    2026-12-04 blur12)."""
    import cv2

    out: list[DecodedCode] = []
    h, w = gray.shape[:2]
    for bx0, by0, bx1, by1 in detect_boxes(gray):
        m = _DEBLUR_MARGIN * max(bx1 - bx0, by1 - by0) + 4
        x0, y0 = int(max(0, bx0 - m)), int(max(0, by0 - m))
        x1, y1 = int(min(w, bx1 + m)), int(min(h, by1 + m))
        crop = np.ascontiguousarray(gray[y0:y1, x0:x1])
        smooth = crop
        if _DEBLUR_DENOISE and max(crop.shape) < _DEBLUR_SIDES[0]:
            smooth = cv2.fastNlMeansDenoising(crop, None, _DEBLUR_DENOISE, 5, 15)
        sigmas = _DEBLUR_SIGMAS if max(crop.shape) <= _DEBLUR_MAX_CROP else ()
        found: list[DecodedCode] = []
        for side in _DEBLUR_SIDES:
            scale = side / max(crop.shape)
            sized = cv2.resize(smooth, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC) \
                if scale > 1 else cv2.resize(crop, None, fx=scale, fy=scale,
                                             interpolation=cv2.INTER_AREA)
            for sigma in (0.0, *sigmas):
                image = sized if sigma == 0.0 else _richardson_lucy(sized, sigma)
                found = _zxing_read(image, "zxing-deblur", scale, (x0, y0))
                if found:
                    break
            if found:
                break
        out.extend(found)
    return _unique(out)


def _deblur_backend() -> Backend:
    import zxingcpp  # noqa: F401 - ImportError here marks the backend unavailable

    _wechat_detector()  # OSError here: the detector's model files are not there
    return read_deblurred


def read_regions_wechat(gray: np.ndarray, located: Sequence[Points]) -> list[DecodedCode]:
    """WeChat's reader on the crop of each located-but-undecoded symbol (tens of ms a
    region: a stage of its own in the live cycle, not the every-other-frame retry). A crop
    larger than :data:`_WECHAT_REGION_SIDE` is shrunk to it first (a symbol that fills a
    large frame: WeChat's detector works at a coarse scale anyway)."""
    out: list[DecodedCode] = []
    if "wechat" in _unavailable:
        return out
    try:
        read = _wechat_crop_reader()
    except DecodeError:
        return out
    for crop, x0, y0, _ in _crops(gray, located):
        out.extend(
            DecodedCode(c.text, tuple((x + x0, y + y0) for x, y in c.points), c.raw,
                        c.backend, c.binary)
            for c in read(crop))
    return out


def _wechat_crop_reader() -> Backend:
    """WeChat's reader for :func:`read_regions_wechat`: a crop shrunk to at most
    :data:`_WECHAT_REGION_SIDE` first, points mapped back to the crop by its scale.
    :class:`DecodeError` when WeChat's reader is not available."""
    backend("wechat")  # DecodeError (and remembered) when it is not installed
    with _lock:
        found = _crop_readers.get("wechat-regions")
        if found is None:
            found = _wechat_backend(
                lambda g: _shrink(g, _WECHAT_REGION_SIDE / max(g.shape)), "wechat-regions")
            _crop_readers["wechat-regions"] = found
        return found


def _regions_backend(retry: Callable[[np.ndarray, Sequence[Points]], list[DecodedCode]]
                     = read_regions) -> Backend:
    import zxingcpp  # noqa: F401

    def decode(gray: np.ndarray) -> list[DecodedCode]:
        # Alone (``--decoder zxing-regions``): zxing-cpp plus the retries of what it located.
        found, located = locate(gray)
        return found + retry(gray, located)

    return decode


def _finders_backend() -> Backend:
    import zxingcpp  # noqa: F401

    return read_finders


def _curved_backend() -> Backend:
    import zxingcpp  # noqa: F401

    return read_curved


def _wechat_regions_backend() -> Backend:
    _wechat_backend()  # ImportError / OSError here: WeChat's reader is not installed
    return _regions_backend(read_regions_wechat)


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


#: WeChat's QR models (a CNN detector and a super-resolution net, Caffe files, ~1 MB),
#: shipped inside this package: never downloaded at run time (models/wechat/README.md).
WECHAT_MODELS = Path(__file__).resolve().parent / "models" / "wechat"


def _wechat_model_files(*names: str) -> list[str]:
    """The paths of WeChat's model files ``names``; OSError naming those missing."""
    files = [WECHAT_MODELS / name for name in names]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise OSError(f"WeChat model files missing: {', '.join(missing)}")
    return [str(f) for f in files]


def _halve(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Half size (long side kept >= 640 px): WeChat's detector sees large, close codes and
    glare patches differently at a coarser scale, and reads them faster."""
    return _shrink(gray, max(0.5, 640 / max(gray.shape)))


def _wechat_backend(prepare: Callable[[np.ndarray], tuple[np.ndarray, float]] | None = None,
                    name: str = "wechat") -> Backend:
    """OpenCV contrib's WeChat QR reader: a CNN finds the codes, a super-resolution net
    enlarges small ones, then its own decoder reads them. Needs opencv-contrib 4.x (5.x no
    longer loads these Caffe models)."""
    import cv2

    make = getattr(cv2, "wechat_qrcode_WeChatQRCode", None)
    if make is None:
        raise ImportError("OpenCV without the contrib modules (need "
                          "opencv-contrib-python-headless 4.x)")
    files = _wechat_model_files("detect.prototxt", "detect.caffemodel", "sr.prototxt",
                                "sr.caffemodel")
    local = threading.local()

    def reader() -> Any:
        found = getattr(local, "reader", None)
        if found is None:
            try:
                found = make(*files)
            except cv2.error as exc:  # e.g. an OpenCV that cannot load Caffe files
                raise OSError(f"OpenCV cannot load WeChat's models: {exc}") from exc
            local.reader = found
        return found

    reader()  # fail at construction, not on the first frame

    def decode(gray: np.ndarray) -> list[DecodedCode]:
        image, scale = prepare(gray) if prepare else (gray, 1.0)
        try:
            texts, quads = reader().detectAndDecode(image)
        except UnicodeDecodeError:
            return []  # a binary payload: the binding cannot hand it over as str
        out = []
        for text, quad in zip(texts, quads, strict=False):
            if not text:
                continue
            raw = text.encode("utf-8", "surrogateescape")
            pts = np.asarray(quad, np.float32).reshape(-1, 2) / scale
            out.append(DecodedCode(text, tuple((int(round(x)), int(round(y))) for x, y in pts),
                                   raw, name))
        return out

    return decode


_FACTORIES: dict[str, Callable[[], Backend]] = {
    "zxing": _zxing_backend,
    "zxing-regions": _regions_backend,
    "zxing-finders": _finders_backend,
    "zxing-curved": _curved_backend,
    "zxing-deblur": _deblur_backend,
    "zxing-clahe2x": lambda: _zxing_backend(_then_enlarge(_clahe), "zxing-clahe2x"),
    "zxing-flat2x": lambda: _zxing_backend(_then_enlarge(_flatten), "zxing-flat2x"),
    "zxing-sharp2x": lambda: _zxing_backend(_then_enlarge(_sharpen), "zxing-sharp2x"),
    "zxing-clahe-soft": lambda: _zxing_backend(_soft_clahe, "zxing-clahe-soft"),
    "zxing-close-soft": lambda: _zxing_backend(_soft_close, "zxing-close-soft"),
    "wechat-regions": _wechat_regions_backend,
    "wechat": _wechat_backend,
    "wechat-clahe": lambda: _wechat_backend(lambda g: (_clahe(g), 1.0), "wechat-clahe"),
    "wechat-half": lambda: _wechat_backend(_halve, "wechat-half"),
    "wechat-clahe-soft": lambda: _wechat_backend(_soft_equalise, "wechat-clahe-soft"),
    "zxing-adaptive": lambda: _zxing_backend(_adaptive_threshold, "zxing-adaptive"),
    "zxing-upscale": lambda: _zxing_backend(_upscale, "zxing-upscale"),
    "zbar": _zbar_backend,
    "opencv": lambda: _opencv_backend(aruco=False),
    "opencv-aruco": lambda: _opencv_backend(aruco=True),
}
_backends: dict[str, Backend] = {}
#: Readers that are not selectable backends (WeChat's on the located crops).
_crop_readers: dict[str, Backend] = {}
_unavailable: dict[str, str] = {}
_lock = threading.Lock()


def _release_backends() -> None:
    # zxing-cpp's bindings (nanobind) print a "leaked instances" report at interpreter exit
    # for any of their objects still referenced then; our cached backends hold some.
    with _lock:
        _backends.clear()
        _crop_readers.clear()


atexit.register(_release_backends)

#: The measured default (docs/performance.md, "Decoding real photos"): zxing-cpp first;
#: then the regions where it located a symbol but could not decode it, retried with other
#: preparations; the finder patterns it saw but could not read, the code's outline there
#: warped to a square (strong perspective); the same outline dewarped along its curved
#: sides (a code on a bottle or a can); CLAHE on a half-size copy enlarged to 1.5x,
#: and WeChat's CNN reader on that half-size copy (the strongest per CPU ms on the door
#: simulation's frames,
#: bench/photos_stages.py); flattening + 2x; WeChat on a half-size image; CLAHE + 2x;
#: sharpening + 2x; WeChat on the full-size CLAHE image (a few codes nothing else reads,
#: but up to seconds on a large frame with glare); the deconvolved crops of WeChat's
#: detector boxes (small, dim, soft codes no other stage reads; docs/performance.md,
#: session 2026-12-04 blur12). ``kiosk decode`` runs them all.
#: pyzbar read no code that these miss, at 10-15x zxing's time; it stands in when zxing-cpp
#: is not installed. A stage whose library is missing is left out.
DEFAULT_STACK: tuple[str, ...] = (
    "zxing", "zxing-regions", "zxing-finders", "zxing-curved", "zxing-close-soft",
    "zxing-clahe-soft",
    "wechat-clahe-soft", "zxing-flat2x", "wechat-half", "wechat-regions", "zxing-clahe2x",
    "zxing-sharp2x", "wechat-clahe", "zxing-deblur",
)
#: The order the live decoder hands the stack's heavy stages off in, over and over while
#: something is in view (``zxing-regions`` is put first whenever a symbol was located):
#: a cheap strong stage every other time, the soft closing and the soft CLAHE in turn,
#: each time on a newer frame (their reads vary with the sensor noise: spreading two
#: preparations over the clip's frames read more than either repeated); between them the
#: WeChat stages on the half-size images twice, the finder-pattern warps once (they read
#: a tilted code on every frame, or not at all), next heavy stage the curved dewarp once
#: (the same: geometry more than noise; ~80-220 ms median-p95 on hard clips' frames, a few
#: ms without a located symbol), WeChat on the crops, full-size WeChat; the
#: 2x enlargements (on the hard clips they read nothing the others miss within a
#: second, at 30 ms each; ``kiosk decode`` runs them all); the deconvolved detector crops
#: last (``zxing-deblur``: 100-700 ms a run; in the second ``wechat-half`` turn it cost
#: codes on the door simulation's even half and read none more on the odd,
#: docs/performance.md, session 2026-12-04 blur12).
LIVE_ORDER: tuple[str, ...] = (
    "zxing-close-soft", "wechat-clahe-soft", "zxing-clahe-soft", "zxing-finders",
    "zxing-close-soft", "zxing-curved", "zxing-clahe-soft", "wechat-half",
    "zxing-close-soft", "wechat-regions", "zxing-clahe-soft", "wechat-clahe-soft",
    "zxing-close-soft", "wechat-half", "zxing-clahe-soft", "wechat-clahe",
    "zxing-close-soft", "zxing-flat2x", "zxing-clahe-soft", "zxing-clahe2x",
    "zxing-close-soft", "zxing-sharp2x", "zxing-clahe-soft", "zxing-deblur",
)
#: The live stages that retry the symbols the first stage located on the frame they get.
_REGION_STAGES = {"zxing-regions": read_regions, "wechat-regions": read_regions_wechat}
STACK_WITHOUT_ZXING: tuple[str, ...] = ("zbar",)


def region_retry(name: str) -> Callable[[np.ndarray, Sequence[Points]], list[DecodedCode]] | None:
    """The retry of the located symbols a region stage runs on the frame it gets (None
    for a stage that reads the whole frame)."""
    return _REGION_STAGES.get(name)


def run_backend(name: str, gray: np.ndarray) -> list[DecodedCode]:
    """Backend ``name`` on ``gray``, as a stage of the stack: a crash is "no code"."""
    return _run(name, backend(name), gray)


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
        if not stages or stages[0][0] != DEFAULT_STACK[0]:
            # Without zxing-cpp (the first stage) the stack is pyzbar's: WeChat's reader
            # alone is far too slow to run on every frame.
            stages = []
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

    ``decoder``: None or "stack" for the measured default stack -- every stage runs and
    their codes are merged (a photo or a still: time does not matter, every code does) --
    or a backend name from :func:`available_decoders`.
    """
    stages = _stages(decoder)
    gray = to_gray(frame)
    if gray is None:
        return []
    found: list[DecodedCode] = []
    for name, fn in stages:
        found.extend(_run(name, fn, gray))
    return _unique(found)


# -- pacing a live stream --------------------------------------------------------------

#: The scene counts as moving when the mean absolute difference of two consecutive
#: thumbnails (``THUMB_SIZE``) exceeds this (sensor noise and compression stay far below).
MOTION_THRESHOLD = 2.0
#: ... or when one block of 4x4 thumbnail pixels (a sixteenth of the view's width; 120 px
#: a side at 1080p) changed by more than this mean grey level: a ticket held up in a small
#: part of a wide view changes the whole thumbnail's mean by ~1 (below the threshold above;
#: in the door simulation the heavy stages never started on 4 of the 6 missed bright-spot
#: clips), its own block by 8-28; sensor noise leaves a block's mean within ~0.1.
LOCAL_MOTION = 6.0
#: The side of those blocks, in thumbnail pixels.
MOTION_BLOCK = 4
#: The thumbnail that motion (and staleness) is judged on.
THUMB_SIZE = (64, 36)
#: A heavy stage's code is dropped when, by the time it is handed back, the view where it
#: was found changed by more than this mean grey level (the ticket was taken away): a late
#: read must not become a second scan of someone who already left.
STALE_DIFF = 24.0
#: After the last motion or located symbol, the heavy stages stay on for this many frames
#: (2 s at 30 fps): a ticket held still in front of the camera is still worked on.
SETTLE_FRAMES = 60
#: In a still, empty scene one heavy stage runs on every n-th frame only (3 s at 30 fps).
IDLE_EVERY = 90
#: The live decoder's heavy stages stay within this share of one core: at 30 fps,
#: 0.95 x 33 ms = 32 ms of CPU per frame at most (the issue's "one frame period on one
#: core"). With the worker process that core is the worker's, the first stage runs on the
#: caller's; with a worker thread the first stage is paid from the same share.
CPU_SHARE = 0.95
#: CPU credit saved up while idle is capped (ms): a burst when someone steps up, but the
#: long-run share holds.
MAX_CREDIT_MS = 100.0

#: The thumbnail averages a grid of every n-th pixel, n chosen so that each thumbnail
#: pixel still averages at least this many pixels a side (8 x 8 = 64 samples: sensor noise
#: of sigma 3 averages to < 0.4 grey levels, far below ``MOTION_THRESHOLD``).
THUMB_SAMPLES = 8


def motion_thumbnail(gray: np.ndarray) -> np.ndarray:
    """The small grey image that motion and staleness are judged on (``THUMB_SIZE``, int16).

    Area-averaging a whole large frame down to 64x36 costs 4-17 ms on the caller's thread
    at 1080p and above (OpenCV's area resize with a non-integer ratio, spread over its
    thread pool); averaging every n-th pixel (a strided view: a 1080p frame read at 640x360)
    costs under 1 ms and gives the same thumbnail within the sensor noise."""
    import cv2

    tw, th = THUMB_SIZE
    h, w = gray.shape[:2]
    sy, sx = max(1, h // (th * THUMB_SAMPLES)), max(1, w // (tw * THUMB_SAMPLES))
    grid = np.ascontiguousarray(gray[::sy, ::sx]) if sy > 1 or sx > 1 else gray
    return cv2.resize(grid, THUMB_SIZE, interpolation=cv2.INTER_AREA).astype(np.int16)


def moved(before: np.ndarray, thumb: np.ndarray, threshold: float = MOTION_THRESHOLD,
          local: float = LOCAL_MOTION) -> bool:
    """True when the view changed between two motion thumbnails: on the whole (mean
    difference above ``threshold``) or in one part (a block of :data:`MOTION_BLOCK`
    thumbnail pixels a side whose mean difference is above ``local``)."""
    diff = np.abs(thumb - before).astype(np.float32)
    if float(diff.mean()) > threshold:
        return True
    b = MOTION_BLOCK
    h, w = (diff.shape[0] // b) * b, (diff.shape[1] // b) * b
    blocks = diff[:h, :w].reshape(h // b, b, w // b, b).mean(axis=(1, 3))
    return bool(blocks.size) and float(blocks.max()) > local


_worker: ThreadPoolExecutor | None = None


def _heavy_worker() -> ThreadPoolExecutor:
    """The one thread that runs the heavy stages of a live decoder with
    ``worker="thread"`` (stages given as functions; the default is the worker process)."""
    global _worker
    with _lock:
        if _worker is None:
            _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-decode")
        return _worker


def next_heavy_stage(
    heavy: Sequence[str],
    turn: int,
    *,
    frame: int,
    last_active: int | None,
    located: bool,
    last: str | None = None,
    settle_frames: int = SETTLE_FRAMES,
    idle_every: int = IDLE_EVERY,
) -> str | None:
    """Which heavy stage the live decoder hands off on this frame (the worker is idle), or
    None: the pacing rule, a pure function.

    * Something moved, or a symbol was located, within ``settle_frames``: the next stage
      in turn, every frame the worker is free; a located symbol puts ``zxing-regions``
      (cheap, aimed) first, every other hand-off (``last``: the previous one).
    * Still and empty: one stage in turn on every ``idle_every``-th frame only, so an idle
      kiosk costs about the first stage alone.
    """
    if not heavy:
        return None
    if located and "zxing-regions" in heavy and last != "zxing-regions":
        return "zxing-regions"
    active = last_active is not None and frame - last_active <= settle_frames
    if not active and frame % max(1, idle_every) != 0:
        return None
    others = [name for name in heavy if name != "zxing-regions"] or list(heavy)
    return others[turn % len(others)]


def cpu_credit(credit: float, elapsed: float | None, first_stage_ms: float, share: float,
               cap: float = MAX_CREDIT_MS) -> float:
    """The live decoder's CPU budget after one more frame, a pure function (ms).

    It earns ``share`` of the wall time ``elapsed`` (seconds) since the last frame, pays
    this frame's first stage, and keeps at most ``cap`` saved up; a heavy stage pays its
    CPU when it ends, and the next is handed off only while the credit is not negative.
    ``elapsed`` None (the first frame) starts with the credit full: a kiosk that has been
    idle.
    """
    earned = cap if elapsed is None else max(0.0, elapsed) * 1000 * share
    return min(cap, credit + earned - first_stage_ms)


@dataclass
class Handed:
    """A heavy stage handed off: its result to come (codes, CPU ms) and the view it got
    (the motion thumbnail and frame shape, to drop a read whose view changed since)."""

    result: Future[tuple[list[DecodedCode], float]] | Job
    thumb: np.ndarray | None
    shape: tuple[int, ...]


@dataclass
class FrameDecoder:
    """Decoder for a live frame stream, paced at camera speed.

    The first stage runs on every frame, on the caller's thread (a few ms). The heavier
    stages run one at a time in the worker process (:func:`next_heavy_stage` picks which,
    and when; ``worker="thread"``: a thread of this process): the caller never waits for
    them, so no frame takes longer than the first stage,
    and their codes come back with the next frame after they finish. While something moves
    in view the worker keeps one core busy at most; in a still, empty scene it runs one
    stage every ``idle_every`` frames. ``background=False`` runs the chosen stage inline
    instead (tests; a stream where latency does not matter). A single backend name behaves
    like :func:`decode_frame`.
    """

    decoder: str | None = None
    background: bool = True
    settle_frames: int = SETTLE_FRAMES
    idle_every: int = IDLE_EVERY
    motion_threshold: float = MOTION_THRESHOLD
    #: With ``background``: the share of one core the heavy stages use at most (with
    #: ``worker="thread"`` the first stage included); a heavy stage is handed off only
    #: while the CPU spent stays within it (None: no limit).
    cpu_share: float | None = CPU_SHARE
    #: With ``background``: where the heavy stages run -- "process": the kiosk's one
    #: worker process (kiosk/scanner/worker.py: its own core, a lower priority, a crash
    #: stays there); "thread": a worker thread of this process (stages given as functions).
    worker: str = "process"
    #: With ``background``: heavy stages handed off at once (one running, the others
    #: waiting their turn with their own frame), so the worker starts the next the moment
    #: one ends instead of waiting for the caller's next frame; 1: one at a time (before).
    depth: int = DEPTH
    #: The heavy stages handed off, as (frame number, stage name): for tests and benchmarks.
    history: list[tuple[int, str]] = field(default_factory=list, repr=False)
    #: The corners of the symbols the first stage located in the last frame but could not
    #: read (the kiosk's "code seen, hold still"); empty when it read them, or saw none.
    located: list[Points] = field(default_factory=list, init=False, repr=False)
    _stages: list[tuple[str, Backend]] = field(init=False, repr=False)
    _frame: int = field(default=0, init=False, repr=False)
    _turn: int = field(default=0, init=False, repr=False)
    _last_active: int | None = field(default=None, init=False, repr=False)
    _thumb: np.ndarray | None = field(default=None, init=False, repr=False)
    #: The heavy stages handed off and not yet collected, oldest first.
    _pending: list[Handed] = field(default_factory=list, init=False, repr=False)
    _ready: list[DecodedCode] = field(default_factory=list, init=False, repr=False)
    #: CPU ms the decoder may still spend (the budget of ``cpu_share``), and when it last
    #: earned some (monotonic seconds).
    _credit: float = field(default=0.0, init=False, repr=False)
    _clock: float | None = field(default=None, init=False, repr=False)
    _caller_frame: object = field(default=None, init=False, repr=False)
    #: CPU ms the finished heavy stages spent (wherever they ran): for benchmarks.
    heavy_cpu_ms: float = field(default=0.0, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.worker not in ("process", "thread"):
            raise DecodeError(f"Unknown decoding worker {self.worker!r}: process or thread.")
        self._stages = _stages(self.decoder)
        if self.background and self.worker == "process" and len(self._stages) > 1:
            # Started now, in the background: ready (about a second) before it is needed.
            shared_worker([n for n, _ in self._stages[1:]])

    def _cycle(self) -> list[str]:
        """The heavy stages in the order they are handed off: the stack's in
        ``LIVE_ORDER`` (those installed; regions kept aside), else as given."""
        heavy = [name for name, _ in self._stages[1:]]
        if self.decoder not in (None, "stack"):
            return heavy
        ordered = [name for name in LIVE_ORDER if name in heavy]
        rest = [name for name in heavy if name not in ordered]
        return rest[:1] + ordered + rest[1:] if rest[:1] == ["zxing-regions"] \
            else ordered + rest

    @property
    def stage_names(self) -> list[str]:
        """The backends this decoder uses, first stage first."""
        return [name for name, _ in self._stages]

    def _moved(self, gray: np.ndarray) -> bool:
        thumb = motion_thumbnail(gray)
        before, self._thumb = self._thumb, thumb
        if before is None:
            return True  # the first frame: something new in view
        return moved(before, thumb, self.motion_threshold)

    def _collect(self) -> list[DecodedCode]:
        """Codes of the heavy stages that finished since the last frame (each handed
        once)."""
        done, self._ready = self._ready, []
        waiting = []
        for handed in self._pending:
            if not handed.result.done():
                waiting.append(handed)
                continue
            try:
                codes, cpu_ms = handed.result.result()
            except Exception:  # noqa: BLE001 - _run logs; a crash is "no code"
                log.warning("a heavy decoding stage failed", exc_info=True)
            else:
                self.heavy_cpu_ms += cpu_ms
                self._spent(cpu_ms)
                done.extend(c for c in codes if not self._stale(c, handed))
        self._pending = waiting
        return done

    def _stale(self, code: DecodedCode, handed: Handed) -> bool:
        """True when the view around ``code`` changed since its stage got the frame."""
        before, now = handed.thumb, self._thumb
        if before is None or now is None or before is now or not code.points:
            return False
        h, w = handed.shape[:2]
        tw, th = THUMB_SIZE
        xs = [p[0] * tw / w for p in code.points]
        ys = [p[1] * th / h for p in code.points]
        x0, x1 = max(0, int(min(xs))), min(tw, int(max(xs)) + 1)
        y0, y1 = max(0, int(min(ys))), min(th, int(max(ys)) + 1)
        if x1 <= x0 or y1 <= y0:
            return False
        diff = float(np.mean(np.abs(now[y0:y1, x0:x1] - before[y0:y1, x0:x1])))
        if diff > STALE_DIFF:
            log.debug("dropped a late %s read: its view changed (%.0f)", code.backend, diff)
            return True
        return False

    def decode(self, frame: np.ndarray) -> list[DecodedCode]:
        """Codes in ``frame`` (and any a heavy stage found in a recent frame); never raises
        for a bad frame."""
        cpu_start = time.thread_time()
        gray = to_gray(frame)
        if gray is None:
            return []
        self._frame += 1
        (first_name, first), *heavy = self._stages
        located: list[Points] = []
        if first_name == "zxing" and len(self._stages) > 1:
            try:
                found, located = locate(gray)
            except Exception:  # noqa: BLE001 - as _run: a crash is "no code"
                log.warning("decoder zxing failed on a %sx%s frame", *gray.shape[:2],
                            exc_info=True)
                found = []
            found = [c for c in found if c.raw or c.text]
            self.located = located
        else:
            found = _run(first_name, first, gray)
        if not heavy:
            return _unique(found)
        if self._moved(gray) or located:
            self._last_active = self._frame
        self._earn(time.thread_time() - cpu_start)
        found += self._collect()
        self._caller_frame = frame
        # While something moves or a symbol was located (and the settling after), the
        # queue is topped up: the worker never waits for a frame. In a still, empty scene,
        # and inline, one stage at most a frame (the idle cost).
        active = self._last_active is not None and \
            self._frame - self._last_active <= self.settle_frames
        for _ in range(max(1, self.depth) if active and self.background else 1):
            if len(self._pending) >= max(1, self.depth) or self._credit < 0:
                break
            name = next_heavy_stage(
                self._cycle(), self._turn, frame=self._frame,
                last_active=self._last_active, located=bool(located),
                last=self.history[-1][1] if self.history else None,
                settle_frames=self.settle_frames, idle_every=self.idle_every)
            if name is None or not self._hand_off(name, gray, located):
                break
            if name != "zxing-regions":
                self._turn += 1
            self.history.append((self._frame, name))
            found += self._collect()
        return _unique(found)

    def _earn(self, first_stage_cpu: float) -> None:
        """The CPU budget: ``cpu_share`` of the wall time since the last frame; heavy
        stages spend it when they end. With the worker process the heavy stages have that
        share of a core of their own (the first stage runs on the caller's); with a worker
        thread the first stage's CPU (seconds) is paid from it too."""
        now = time.monotonic()
        last, self._clock = self._clock, now
        if self.cpu_share is None or not self.background:
            self._credit = 0.0
            return
        first_ms = 0.0 if self.worker == "process" else first_stage_cpu * 1000
        self._credit = cpu_credit(self._credit, None if last is None else now - last,
                                  first_ms, self.cpu_share)

    def _spent(self, cpu_ms: float) -> None:
        if self.cpu_share is not None and self.background:
            self._credit -= cpu_ms

    def finish(self) -> list[DecodedCode]:
        """Wait for the heavy stages handed off (if any); the codes they found."""
        for handed in self._pending:
            try:
                handed.result.result()
            except Exception:  # noqa: BLE001
                pass
        return self._collect()

    def _hand_off(self, name: str, gray: np.ndarray, located: list[Points]) -> bool:
        """Start heavy stage ``name`` on ``gray``; False when it could not be handed off
        (the worker process is starting, or busy with another decoder's stage)."""
        if self.background and self.worker == "process":
            pool = shared_worker([n for n, _ in self._stages[1:]])
            job = pool.submit(name, gray, located)
            if job is None:
                return False
            self._pending.append(Handed(Job(pool, job), self._thumb, gray.shape))
            return True
        retry = _REGION_STAGES.get(name)
        if retry is not None:
            def job_fn() -> list[DecodedCode]:
                try:
                    # Nothing located on this frame: nothing to retry (a no-op hand-off).
                    return retry(gray, located) if located else []
                except Exception:  # noqa: BLE001
                    log.warning("region retry failed", exc_info=True)
                    return []
        else:
            fn = dict(self._stages)[name]

            def job_fn() -> list[DecodedCode]:
                return _run(name, fn, gray)
        if self.background:
            if gray is self._caller_frame:
                gray = gray.copy()  # the caller may reuse its buffer: the worker's own copy

            def timed() -> tuple[list[DecodedCode], float]:
                start = time.thread_time()
                codes = job_fn()
                return codes, (time.thread_time() - start) * 1000

            self._pending.append(Handed(_heavy_worker().submit(timed), self._thumb,
                                        gray.shape))
        else:
            self._ready.extend(job_fn())
        return True
