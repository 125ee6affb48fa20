"""Issue 11 item 15, "code seen, hold still": a video file as the camera, through the real
camera worker and the real kiosk window offscreen. While the camera sees a code it
located but cannot read (a damaged QR), the preview says "Code seen — hold still" in
the hint's place, highlighted, with the aiming frame in the cue's colour; nothing is
decided or recorded for it, a USB scan meanwhile is decided at once (the cue blocks
nobody), and once a readable code is read its verdict follows and the cue goes."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kiosk.core.verdicts import Reason
from kiosk.gui.frames import SeenSymbols
from kiosk.gui.kiosk_window import KioskWindow
from kiosk.gui.ui.preview import SEEN_COLOUR
from kiosk.scanner.decode import FrameDecoder
from kiosk.tickets.render import make_qr

WIDTH, HEIGHT, FPS = 960, 540, 15


def _qr(text: str, *, damaged: bool, module_px: int = 9) -> np.ndarray:
    """A QR code image; ``damaged``: half its data modules flipped (finder patterns
    intact), so a decoder locates it but no error correction can read it."""
    matrix = np.array(make_qr(text, level="M", box_size=1, border=4).get_matrix(), dtype=bool)
    n = matrix.shape[0]
    if damaged:
        rng = np.random.default_rng(3)
        inner = matrix[13:n - 13, 13:n - 4]
        flip = rng.random(inner.shape) < 0.5
        matrix[13:n - 13, 13:n - 4] = inner ^ flip
    small = np.where(matrix, 0, 255).astype(np.uint8)
    return cv2.resize(small, None, fx=module_px, fy=module_px,
                      interpolation=cv2.INTER_NEAREST)


def _frame(code: np.ndarray | None, shake: int) -> np.ndarray:
    frame = np.full((HEIGHT, WIDTH, 3), (70, 60, 55), np.uint8)
    if code is not None:
        h, w = code.shape
        y, x = (HEIGHT - h) // 2 + shake, (WIDTH - w) // 2 - shake
        frame[y:y + h, x:x + w] = code[..., None]
    return frame


def _video(path: Path, readable: str) -> Path:
    """4 s of a damaged ticket held up, 1 s of nothing, then 3 s of a readable one."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), FPS,
                             (WIDTH, HEIGHT))
    damaged, good = _qr(readable[::-1], damaged=True), _qr(readable, damaged=False)
    for i in range(8 * FPS):
        code = damaged if i < 4 * FPS else None if i < 5 * FPS else good
        writer.write(_frame(code, shake=(i % 3) - 1))
    writer.release()
    return path


def test_the_decoder_reports_what_it_located_but_could_not_read() -> None:
    decoder = FrameDecoder(background=False)
    assert decoder.decode(_frame(_qr("CK1-TEST", damaged=True), 0)) == []
    assert decoder.located and all(len(c) == 4 for c in decoder.located)  # corners
    assert [c.text for c in decoder.decode(_frame(_qr("CK1-TEST", damaged=False), 0))] \
        == ["CK1-TEST"]
    assert decoder.located == []
    decoder.decode(_frame(None, 0))
    assert decoder.located == []


def test_seen_goes_on_at_once_off_when_read_or_after_a_linger() -> None:
    seen = SeenSymbols(linger=3)
    assert seen.feed(located=False, read=False) is None
    assert seen.feed(located=True, read=False) is True
    # A shaking hand: located on every other frame, no flicker.
    for located in (False, True, False, False):
        assert seen.feed(located=located, read=False) is None
    assert seen.feed(located=False, read=False) is False  # 3 frames without it
    assert seen.feed(located=True, read=False) is True
    assert seen.feed(located=False, read=True) is False  # read: the verdict follows
    assert seen.feed(located=False, read=True) is None


def test_a_located_unread_code_says_hold_still_and_blocks_nobody(
        qtbot, demo, make_context, tmp_path):  # type: ignore[no-untyped-def]
    accepted = [t for t in demo.tickets if t.expected == "accepted"]
    video = _video(tmp_path / "damaged-then-good.avi", accepted[1].text)
    ctx = make_context(demo.db, camera=str(video), camera_size=(WIDTH, HEIGHT))
    ctx.settings.set("verdict_seconds", 1.0)
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    cues: list[bool] = []
    ctx.camera.code_seen.connect(cues.append)
    ctx.start()
    window.show_window()

    preview = window.preview
    qtbot.waitUntil(lambda: preview.seen != "", timeout=15_000)
    assert preview.seen == "Code seen — hold still"
    assert window.stack.currentWidget() is preview and ctx.controller.history == []
    # Painted: the hint's band in the cue's colour, and bold.
    qtbot.waitUntil(lambda: preview.frames_painted > 3, timeout=5000)
    band = preview.hint_band
    image = preview.grab().toImage()
    probe = image.pixelColor(int(band.left()) + 4, int(band.center().y()))
    assert probe == QColor(SEEN_COLOUR), probe.name()
    assert band.bottom() <= preview.height() * 0.15  # at the top, not where the phone is

    # The cue blocks nobody: a USB scan now is decided at once.
    qtbot.keyClicks(window, accepted[0].text)  # a scanner: keys back to back
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert ctx.controller.history[-1].result.reason is Reason.FIRST_ENTRY
    assert ctx.controller.held == []

    # The readable ticket comes: its verdict, and the cue is gone.
    qtbot.waitUntil(lambda: any(s.source == "camera" for s in ctx.controller.history),
                    timeout=20_000)
    camera_scan = next(s for s in ctx.controller.history if s.source == "camera")
    assert camera_scan.result.attendee is not None
    assert camera_scan.result.attendee.id == accepted[1].attendee_id
    qtbot.waitUntil(lambda: preview.seen == "", timeout=5000)
    assert cues[0] is True and False in cues
    # Nothing was recorded or logged for the damaged code.
    logged = ctx.replica.conn.execute("SELECT count(*) FROM scan_log").fetchone()[0]
    assert logged == 0
