"""The real-photo stages of the stack, the phantom-format guard and the live pacing rule.

Frames are our own tickets, rendered and degraded here (a bright spot over the code, blur);
nothing depends on the photo set in ../shared/data (that is bench/photos.py's job).
"""

from __future__ import annotations

import time
from concurrent.futures import Future
from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp

from kiosk.scanner import decode
from kiosk.scanner.decode import (
    DEFAULT_STACK,
    LIVE_ORDER,
    DecodedCode,
    FrameDecoder,
    Handed,
    admitted_format,
    available_decoders,
    cpu_credit,
    decode_frame,
    locate,
    next_heavy_stage,
    read_regions,
    to_gray,
)
from tests.scanner.test_scanner_decode import PAYLOADS, SIGNED, rendered, scene


def bright_spot(frame: np.ndarray, centre: tuple[int, int], radius: float,
                amount: float) -> np.ndarray:
    """A specular highlight (lamp on a laminated badge) burnt into the frame."""
    h, w = frame.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d2 = ((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / radius**2
    return np.clip(frame + amount * np.exp(-d2)[..., None], 0, 255).astype(np.uint8)


def glare_frame() -> np.ndarray:
    """A washed-out badge under a lamp: zxing-cpp alone locates it but cannot read it."""
    return bright_spot(scene(rendered(SIGNED), contrast=0.5, noise=3), (640, 360), 90, 200)


def blur_frame() -> np.ndarray:
    """Small modules, out of focus: zxing-cpp alone misses it."""
    return scene(rendered(SIGNED, box_size=3), blur=1.6, noise=2)


def texts(codes: list[DecodedCode]) -> list[str]:
    return [c.text for c in codes]


def assert_read_by_one_stage(frame: np.ndarray, stage: str, text: str, within: float) -> None:
    """Every stage of the stack but ``stage`` misses the code in ``frame``; ``stage``
    reads it, its corners mapped back to the frame (centred on 640x360 within
    ``within`` px); ``kiosk decode`` (every stage) reads it once."""
    for name in DEFAULT_STACK:
        if name != stage:
            assert decode_frame(frame, decoder=name) == [], name
    (code,) = decode_frame(frame, decoder=stage)
    assert (code.text, code.backend) == (text, stage)
    assert abs(np.mean([x for x, _ in code.points]) - 640) < within
    assert abs(np.mean([y for _, y in code.points]) - 360) < within
    assert texts(decode_frame(frame)) == [text]


def test_the_stack_holds_the_measured_stages() -> None:
    assert DEFAULT_STACK[0] == "zxing"
    assert {"zxing-regions", "zxing-clahe-soft", "zxing-clahe2x", "zxing-flat2x",
            "zxing-sharp2x", "wechat-half", "wechat-clahe", "wechat-clahe-soft",
            "zxing-close-soft", "wechat-regions"} <= set(DEFAULT_STACK)
    # Every stage of the stack is installed here (the contrib OpenCV, the models).
    assert set(DEFAULT_STACK) <= set(available_decoders())


def test_the_live_decoder_hands_the_stack_off_in_the_live_order() -> None:
    fd = FrameDecoder()
    cycle = fd._cycle()
    assert cycle[0] == "zxing-regions"
    assert cycle[1:] == list(LIVE_ORDER)
    # Every heavy stage of the stack comes round, the 2x enlargements after every WeChat
    # stage, and a cheap strong stage every other time: the soft closing and the soft
    # CLAHE in turn.
    assert set(cycle) == set(DEFAULT_STACK[1:])
    late = max(cycle.index(n) for n in cycle if n.startswith("wechat"))
    assert {"zxing-flat2x", "zxing-clahe2x", "zxing-sharp2x"} == \
        {n for n in cycle[late:] if n.endswith("2x")}
    cheap = cycle[1::2]
    assert len(cheap) == len(LIVE_ORDER) // 2
    assert set(cheap) == {"zxing-close-soft", "zxing-clahe-soft"}
    assert all(a != b for a, b in zip(cheap, cheap[1:], strict=False))
    # A single backend is not reordered.
    assert FrameDecoder("zxing-flat2x")._cycle() == []


@pytest.mark.parametrize("stage", ["zxing-clahe2x", "zxing-clahe-soft", "zxing-close-soft",
                                   "zxing-flat2x", "wechat",
                                   "wechat-clahe", "wechat-half", "wechat-clahe-soft"])
def test_glare_stages_read_a_washed_out_badge(stage: str) -> None:
    frame = glare_frame()
    assert decode_frame(frame, decoder="zxing") == []
    (code,) = decode_frame(frame, decoder=stage)
    assert (code.text, code.backend) == (SIGNED, stage)
    xs = [x for x, _ in code.points]
    ys = [y for _, y in code.points]
    # Corners map back to the frame (not the enlarged image): around the centre.
    assert abs(np.mean(xs) - 640) < 10 and abs(np.mean(ys) - 360) < 10


@pytest.mark.parametrize("stage", ["zxing-sharp2x", "wechat"])
def test_blur_stages_read_a_soft_small_code(stage: str) -> None:
    frame = blur_frame()
    assert decode_frame(frame, decoder="zxing") == []
    assert texts(decode_frame(frame, decoder=stage)) == [SIGNED]


def test_located_regions_are_retried() -> None:
    gray = to_gray(glare_frame())
    assert gray is not None
    found, located = locate(gray)
    assert found == [] and located, "zxing-cpp should locate the badge it cannot read"
    (code,) = read_regions(gray, located)
    assert code.text == SIGNED
    assert abs(np.mean([x for x, _ in code.points]) - 640) < 10
    # Without a located region there is nothing to retry.
    assert read_regions(gray, []) == []
    # WeChat's retry of the same regions reads it too, on the crop.
    (code,) = decode.read_regions_wechat(gray, located)
    assert (code.text, code.backend) == (SIGNED, "wechat-regions")
    assert abs(np.mean([x for x, _ in code.points]) - 640) < 10


def test_a_located_symbol_is_warped_to_a_square_and_read() -> None:
    gray = to_gray(glare_frame())
    assert gray is not None
    _, located = locate(gray)
    (code,) = decode._read_warped(gray, located[0], "zxing-regions")
    assert code.text == SIGNED
    # Corners mapped back through the homography: around the badge's centre in the frame.
    assert abs(np.mean([x for x, _ in code.points]) - 640) < 10
    assert abs(np.mean([y for _, y in code.points]) - 360) < 10
    # A degenerate quad (a point, a line) is not warped.
    assert decode._warp_square(gray, ((5, 5), (5, 5), (5, 5), (5, 5))) is None
    assert decode._read_warped(gray, ((1, 1), (50, 1), (100, 1), (150, 1)), "x") == []


@pytest.mark.parametrize("make", [glare_frame, blur_frame])
def test_kiosk_decode_runs_every_stage(make: object) -> None:
    frame = make()  # type: ignore[operator]
    assert texts(decode_frame(frame)) == [SIGNED]


def test_wechat_models_ship_inside_the_package() -> None:
    folder = decode.WECHAT_MODELS
    assert folder.is_relative_to(Path(decode.__file__).parent)
    for name in ("detect.prototxt", "detect.caffemodel", "sr.prototxt", "sr.caffemodel"):
        assert (folder / name).stat().st_size > 1000, name
    assert cv2.__version__.split(".")[0] == "4", "WeChat's Caffe models need OpenCV 4.x"


# -- the phantom-format guard ----------------------------------------------------------


def symbol(fmt: zxingcpp.BarcodeFormat, text: str) -> np.ndarray:
    image = np.array(zxingcpp.create_barcode(text, fmt).to_image(scale=8))
    return cv2.copyMakeBorder(image, 60, 60, 60, 60, cv2.BORDER_CONSTANT, value=255)


@pytest.mark.parametrize("fmt", ["MicroQRCode", "RMQRCode"])
def test_micro_qr_and_rmqr_are_never_admitted(fmt: str) -> None:
    image = symbol(getattr(zxingcpp.BarcodeFormat, fmt), "398518")
    # The symbol is real and readable -- zxing-cpp's own QRCode family reads it ...
    family = zxingcpp.read_barcodes(image, formats=zxingcpp.barcode_formats_from_str("QRCode"))
    assert [c.text for c in family] == ["398518"]
    # ... but no stage of ours admits it, alone, in the stack, or live.
    for name in available_decoders():
        assert decode_frame(image, decoder=name) == [], name
    live = FrameDecoder(background=False)
    assert all(live.decode(image) == [] for _ in range(5))
    # A QR Model 2 code beside it is read.
    both = np.hstack([image[:, :, None].repeat(3, 2),
                      cv2.resize(scene(rendered(SIGNED)), (640, image.shape[0]))])
    assert texts(decode_frame(both)) == [SIGNED]


def test_admitted_formats() -> None:
    assert admitted_format("QRCode") and admitted_format("QRCodeModel2")
    for name in ("MicroQRCode", "RMQRCode", "QRCodeModel1", "DataMatrix", "Aztec", ""):
        assert not admitted_format(name), name


def test_a_phantom_reported_by_zxing_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even if zxing-cpp were asked the wrong way (or changed its format families), a code
    it reports as Micro QR never leaves the decoder."""
    image = symbol(zxingcpp.BarcodeFormat.MicroQRCode, "398518")
    monkeypatch.setattr(decode, "_zxing_formats",
                        lambda: zxingcpp.barcode_formats_from_str("QRCode"))
    assert decode._zxing_read(image, "zxing") == []


# -- pacing (the rule; no timings) -----------------------------------------------------

HEAVY = ["zxing-regions", "a", "b", "c"]


def test_still_and_empty_runs_a_heavy_stage_only_every_idle_every_frames() -> None:
    picked = [next_heavy_stage(HEAVY, turn, frame=f, last_active=1, located=False,
                               settle_frames=10, idle_every=30)
              for turn, f in enumerate(range(12, 100))]
    ran = [f for f, name in zip(range(12, 100), picked, strict=True) if name]
    assert ran == [30, 60, 90]


def test_motion_runs_the_next_stage_in_turn_every_frame() -> None:
    picked = [next_heavy_stage(HEAVY, turn, frame=20 + turn, last_active=20 + turn,
                               located=False) for turn in range(6)]
    assert picked == ["a", "b", "c", "a", "b", "c"]


def test_settling_keeps_the_stages_on_then_stops() -> None:
    on = next_heavy_stage(HEAVY, 0, frame=70, last_active=10, located=False, settle_frames=60)
    off = next_heavy_stage(HEAVY, 0, frame=71, last_active=10, located=False,
                           settle_frames=60, idle_every=90)
    assert (on, off) == ("a", None)


def test_a_located_symbol_gets_region_retries_every_other_hand_off() -> None:
    assert next_heavy_stage(HEAVY, 0, frame=5, last_active=None, located=True) == \
        "zxing-regions"
    assert next_heavy_stage(HEAVY, 0, frame=6, last_active=6, located=True,
                            last="zxing-regions") == "a"
    assert next_heavy_stage(["a"], 0, frame=5, last_active=5, located=True) == "a"
    assert next_heavy_stage([], 0, frame=5, last_active=5, located=True) is None


class Counting:
    """Fake stages that record which frame each ran on."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def stage(self, name: str, finds: str = "") -> tuple[str, object]:
        def run(gray: np.ndarray) -> list[DecodedCode]:
            self.calls.append(name)
            return [DecodedCode(finds, ((1, 1), (9, 1), (9, 9), (1, 9)), b"x", name)] \
                if finds else []
        return name, run


def paced(counting: Counting, **options: object) -> FrameDecoder:
    fd = FrameDecoder(background=False, **options)  # type: ignore[arg-type]
    fd._stages = [counting.stage("first"), counting.stage("a"), counting.stage("b")]  # type: ignore[list-item]
    return fd


def test_live_decoder_on_a_still_empty_scene_runs_the_first_stage_alone() -> None:
    counting = Counting()
    fd = paced(counting, settle_frames=5, idle_every=20)
    still = np.full((72, 128), 120, np.uint8)
    for _ in range(60):
        fd.decode(still)
    # Frame 1 is "new" (active for 5 frames), then idle: one stage at frames 20, 40, 60.
    assert [f for f, _ in fd.history] == [1, 2, 3, 4, 5, 6, 20, 40, 60]
    assert counting.calls.count("first") == 60
    assert counting.calls.count("a") + counting.calls.count("b") == 9


def test_live_decoder_works_while_something_moves_and_returns_what_it_found() -> None:
    counting = Counting()
    fd = paced(counting, settle_frames=0, idle_every=1000)
    fd._stages[2] = counting.stage("b", finds="TICKET")  # type: ignore[assignment]
    rng = np.random.default_rng(1)
    out = [texts(fd.decode(rng.integers(0, 255, (72, 128), dtype=np.uint8)))
           for _ in range(4)]
    assert [name for _, name in fd.history] == ["a", "b", "a", "b"]
    assert out == [[], ["TICKET"], [], ["TICKET"]]


def test_background_worker_hands_results_to_a_later_frame() -> None:
    fd = FrameDecoder()
    frame = glare_frame()
    seen: list[str] = []
    for _ in range(200):
        seen += texts(fd.decode(frame))
        if seen:
            break
        import time

        time.sleep(0.01)
    assert seen == [SIGNED]
    assert fd.history and fd.history[0][1] == "zxing-regions"


def test_a_late_read_of_a_ticket_that_was_taken_away_is_dropped() -> None:
    fd = FrameDecoder()
    code = DecodedCode("T", ((640, 360), (1280, 360), (1280, 720), (640, 720)), b"T", "x")
    handed = Handed(Future(), np.zeros((36, 64), np.int16), (720, 1280))
    fd._thumb = np.zeros((36, 64), np.int16)
    fd._thumb[18:, 32:] = 200  # the bottom-right quarter, where the code was, changed
    assert fd._stale(code, handed)
    fd._thumb = handed.thumb + 5  # a little light change, a small shift: same view
    assert not fd._stale(code, handed)


def test_the_cpu_budget_earns_its_share_of_the_time_and_pays_the_first_stage() -> None:
    # One frame period at 30 fps, 95% of a core: 31.7 ms earned, 5 ms of first stage paid.
    assert cpu_credit(0.0, 1 / 30, 5.0, 0.95) == pytest.approx(1000 / 30 * 0.95 - 5.0)
    # Debt from a heavy stage is paid back over the next frames.
    credit = -70.0
    frames = 0
    while credit < 0:
        credit = cpu_credit(credit, 1 / 30, 5.0, 0.95)
        frames += 1
    assert frames == 3  # 70 ms at 26.7 ms a frame
    # Saved-up credit is capped; a new decoder starts full (an idle kiosk).
    assert cpu_credit(90.0, 10.0, 0.0, 0.95, cap=100.0) == 100.0
    assert cpu_credit(0.0, None, 5.0, 0.95, cap=100.0) == 95.0
    # A clock that went backwards earns nothing.
    assert cpu_credit(0.0, -1.0, 5.0, 0.95) == -5.0


def test_a_finished_heavy_stage_pays_its_cpu_from_the_budget() -> None:
    fd = FrameDecoder()
    fd._credit = 30.0
    done: Future[tuple[list[DecodedCode], float]] = Future()
    done.set_result(([], 45.0))
    fd._pending = [Handed(done, None, (1, 1))]
    assert fd._collect() == []
    assert fd._pending == []
    assert fd._credit == pytest.approx(-15.0)


def test_a_decoder_in_debt_hands_nothing_off_until_it_has_paid() -> None:
    counting = Counting()
    fd = FrameDecoder(settle_frames=1000, worker="thread")  # stages given as functions
    fd._stages = [counting.stage("first"), counting.stage("a")]  # type: ignore[list-item]
    rng = np.random.default_rng(2)
    # Credit full: hands off, two at once (one running, the next waiting its turn).
    fd.decode(rng.integers(0, 255, (72, 128), dtype=np.uint8))
    fd.finish()
    assert [name for _, name in fd.history] == ["a", "a"]
    fd._credit = -100_000.0  # 100 s of CPU owed: nothing more this test
    for _ in range(5):
        fd.decode(rng.integers(0, 255, (72, 128), dtype=np.uint8))
    assert [name for _, name in fd.history] == ["a", "a"]
    # Without a budget the same moving scene gets a stage whenever the worker is free.
    free = FrameDecoder(settle_frames=1000, cpu_share=None, worker="thread")
    free._stages = fd._stages
    for _ in range(3):
        free.decode(rng.integers(0, 255, (72, 128), dtype=np.uint8))
        free.finish()
    assert len(free.history) == 6


def test_the_motion_thumbnail_of_a_large_frame_is_cheap_on_the_callers_thread() -> None:
    # The door simulation's largest frames (1920x1440 and up): area-averaging every pixel
    # down to 64x36 took 7-17 ms of the caller's CPU per frame, more than the first stage
    # at 1080p. Judged on thread CPU time, so a loaded machine does not make it fail.
    rng = np.random.default_rng(4)
    fd = FrameDecoder(background=False)
    frame = rng.integers(0, 255, (1920, 1440), dtype=np.uint8)
    costs = []
    for _ in range(15):
        start = time.thread_time()
        fd._moved(frame)
        costs.append((time.thread_time() - start) * 1000)
    assert sorted(costs)[len(costs) // 2] < 2.5


def test_the_motion_thumbnail_sees_a_ticket_held_up_and_not_the_sensor_noise() -> None:
    rng = np.random.default_rng(5)
    room = cv2.GaussianBlur(rng.integers(0, 255, (1080, 1920), dtype=np.uint8), (0, 0), 9)

    def noisy(image: np.ndarray) -> np.ndarray:
        return np.clip(image + rng.normal(0, 3, image.shape), 0, 255).astype(np.uint8)

    fd = FrameDecoder(background=False)
    assert fd._moved(noisy(room))  # the first frame: something new
    assert not fd._moved(noisy(room))  # only the sensor noise changed
    held = room.copy()
    held[300:800, 700:1200] = cv2.resize(rendered(SIGNED), (500, 500))  # a ticket in view
    assert fd._moved(noisy(held))


# -- a code under strong perspective (zxing-finders) -----------------------------------


def tilted_frame() -> np.ndarray:
    """Our ticket on a card turned away from the camera, seen steeply from the side (the
    shape of a code in the photo set's perspective category), with sensor noise:
    zxing-cpp locates the symbol but reports it at 0x0, and no other stage reads it."""
    code = rendered(SIGNED)
    n = code.shape[0]
    quad = np.float32([[491, 247], [556, 413], [471, 475], [420, 332]])
    quad = (quad - quad.mean(axis=0)) * 1.35 + np.float32([640, 360])
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [n, 0], [n, n], [0, n]]), quad)
    frame = cv2.warpPerspective(code, matrix, (1280, 720), borderValue=200,
                                flags=cv2.INTER_AREA)
    noise = np.random.default_rng(1).normal(0, 3, frame.shape)
    return np.clip(frame + noise, 0, 255).astype(np.uint8)


def test_a_steeply_tilted_code_is_read_by_its_finder_patterns_alone() -> None:
    frame = tilted_frame()
    # The first stage locates nothing it could retry (the symbol's corners are 0x0) ...
    found, located = locate(frame)
    assert found == [] and located == []
    # ... and every other stage misses it; but around the finder patterns zxing-cpp
    # sees, the code's outline warped to a square reads it.
    assert_read_by_one_stage(frame, "zxing-finders", SIGNED, within=10)


def test_finder_hints_of_other_formats_are_only_positions() -> None:
    # A real Micro QR symbol is a finder-pattern hint (where to look), never a read: the
    # finders stage returns nothing for it, and a QR Model 2 code beside it is read.
    micro = symbol(zxingcpp.BarcodeFormat.MicroQRCode, "398518")
    hints: list = []
    assert decode._zxing_read(micro, "zxing-finders", located=hints, family=True) == []
    assert hints, "zxing-cpp asked for the QR family reports where the Micro QR is"
    assert decode.read_finders(micro) == []
    both = np.hstack([micro, cv2.resize(to_gray(scene(rendered(SIGNED))), (640, micro.shape[0]))])
    assert texts(decode.read_finders(both)) == [SIGNED]


# -- a code on a curved surface (zxing-curved) -------------------------------------------


def on_a_can(code: np.ndarray, arc: tuple[float, float] = (-0.8, 0.8), pitch: float = 0.5,
             focal: float = 1200.0, seed: int = 1) -> np.ndarray:
    """``code`` printed on a white label wrapped round a dark can (a cylinder of radius 1,
    the label spanning ``arc`` radians of it, as high as it is wide), seen from 6 radii
    away and ``pitch`` radians above: its top and bottom edges bow, its modules narrow
    towards the can's sides (the photo set's curved category); the label's centre at the
    frame's centre, with sensor noise. Each frame pixel's ray is intersected with the can."""
    n = code.shape[0]
    h, w = 720, 1280
    eye = 6.0 * np.array([0.0, np.sin(pitch), np.cos(pitch)])
    forward = -eye / 6.0
    up = np.array([0.0, np.cos(pitch), -np.sin(pitch)])
    mid = np.array([np.sin(sum(arc) / 2), 0.0, np.cos(sum(arc) / 2)]) - eye
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    x = (xx - w / 2) / focal + mid[0] / (mid @ forward)
    y = (yy - h / 2) / focal - (mid @ up) / (mid @ forward)
    ray = x[..., None] * np.array([1.0, 0.0, 0.0]) - y[..., None] * up + forward
    a = ray[..., 0] ** 2 + ray[..., 2] ** 2
    b = 2 * (eye[0] * ray[..., 0] + eye[2] * ray[..., 2])
    disc = b * b - 4 * a * (eye[0] ** 2 + eye[2] ** 2 - 1.0)
    hit = disc > 0
    s = (-b - np.sqrt(np.maximum(disc, 0))) / (2 * a)
    point = eye + s[..., None] * ray
    span = arc[1] - arc[0]
    u = ((np.arctan2(point[..., 0], point[..., 2]) - arc[0]) / span * n).astype(np.float32)
    v = ((span / 2 - point[..., 1]) / span * n).astype(np.float32)
    label = cv2.remap(code, u, v, cv2.INTER_LINEAR)
    on_label = hit & (u >= 0) & (u < n) & (v >= 0) & (v < n)
    frame = np.where(on_label, label, np.where(hit, 90, 170)).astype(np.float64)
    noise = np.random.default_rng(seed).normal(0, 3, frame.shape)
    return np.clip(frame + noise, 0, 255).astype(np.uint8)


#: An imported ticket's code (version 2, 25 modules): our signed tickets are version 8,
#: whose 2-3 px modules at the can's sides are past what the dewarp resolves.
CURVED_TEXT = PAYLOADS["imported-opaque"]


def test_a_code_on_a_can_is_read_along_its_curved_outline() -> None:
    frame = on_a_can(rendered(CURVED_TEXT, box_size=8))
    # No single homography maps it: every other stage misses it; the outline's four
    # curved sides dewarped read it (corners around the label's centre).
    assert_read_by_one_stage(frame, "zxing-curved", CURVED_TEXT, within=25)


def test_the_curved_stage_invents_nothing() -> None:
    # The same can with a label whose data modules are scrambled (finder patterns kept:
    # zxing-cpp still sees a symbol, the outline is still dewarped): no read.
    scrambled = rendered(CURVED_TEXT, box_size=8)
    rng = np.random.default_rng(3)
    modules, quiet = 25, 4 * 8
    for row in range(modules):
        for col in range(modules):
            top, left = row < 8, col < 8
            bottom, right = row >= modules - 8, col >= modules - 8
            if (top and left) or (top and right) or (bottom and left):
                continue  # a finder pattern and its separator
            y, x = quiet + row * 8, quiet + col * 8
            scrambled[y:y + 8, x:x + 8] = 255 * int(rng.integers(0, 2))
    assert decode.read_curved(on_a_can(scrambled)) == []
    # A Micro QR symbol is a hint where to look, never a read.
    assert decode.read_curved(symbol(zxingcpp.BarcodeFormat.MicroQRCode, "398518")) == []
    # A plain scene without a code: nothing, and cheaply (no symbol located).
    assert decode.read_curved(to_gray(scene(np.full((100, 100), 255, np.uint8), noise=8))) == []


def test_a_small_ticket_held_up_in_a_wide_view_counts_as_motion() -> None:
    # A ticket in one corner of a 1080p view changes the whole thumbnail's mean by about
    # one grey level (the door simulation's bright-spot photos: the heavy stages never
    # started); its own part of the view changes a lot. The sensor noise changes neither.
    rng = np.random.default_rng(8)
    room = cv2.GaussianBlur(rng.integers(0, 255, (1080, 1920), dtype=np.uint8), (0, 0), 9)

    def noisy(image: np.ndarray) -> np.ndarray:
        return np.clip(image + rng.normal(0, 3, image.shape), 0, 255).astype(np.uint8)

    held = room.copy()
    held[100:280, 1600:1780] = cv2.resize(rendered(SIGNED), (180, 180))
    before, after = decode.motion_thumbnail(noisy(room)), decode.motion_thumbnail(noisy(held))
    assert float(np.mean(np.abs(after - before))) < decode.MOTION_THRESHOLD  # whole view
    assert decode.moved(before, after)
    assert not decode.moved(before, decode.motion_thumbnail(noisy(room)))
    # The live decoder starts its heavy stages on the frame the ticket appears.
    fd = FrameDecoder(background=False, settle_frames=1, idle_every=1000)
    for _ in range(4):
        fd.decode(noisy(room))
    handed = len(fd.history)
    fd.decode(noisy(room))
    assert len(fd.history) == handed  # still and empty: idle
    fd.decode(noisy(held))
    assert len(fd.history) == handed + 1


def test_region_retries_do_not_enlarge_a_large_symbol_past_the_cap(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A symbol filling most of a large frame: its crop was enlarged 2-3x (to 2,500-4,000
    # px, ~250 ms of the worker's CPU a retry); the retries now stop at the cap.
    gray = np.full((1800, 1920), 200, np.uint8)
    located = [((300, 200), (1500, 200), (1500, 1400), (300, 1400))]
    seen: list[int] = []
    real = decode._zxing_read

    def spy(image: np.ndarray, *args: object, **kwargs: object) -> list[DecodedCode]:
        seen.append(max(image.shape))
        return real(image, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(decode, "_zxing_read", spy)
    assert read_regions(gray, located) == []
    assert len(seen) > len(decode._WARP_PREPARATIONS)  # the crop's preparations ran too
    (crop, *_), = decode._crops(gray, located)
    # Never enlarged beyond the cap (a crop larger than it is read at its own size).
    assert max(seen) <= max(decode._REGION_MAX_SIDE, max(crop.shape))
    # A small symbol's crop is still enlarged (its modules need it).
    seen.clear()
    assert read_regions(gray, [((900, 900), (960, 900), (960, 960), (900, 960))]) == []
    crops = seen[len(decode._WARP_PREPARATIONS):]
    assert crops and max(crops) > 200
