"""A video file with known QR codes, fed through the real camera worker into the real
kiosk window, produces the expected verdicts on screen and the expected stored rows."""

from __future__ import annotations

from kiosk.core.verdicts import Verdict
from kiosk.gui.kiosk_window import KioskWindow


def test_video_through_camera_worker_gives_expected_verdicts_and_checkins(
        qtbot, demo, make_context):
    ctx = make_context(demo.db, camera=str(demo.video), camera_size=(960, 540))
    # Verdicts shorter than the 2 s between tickets, so the preview shows in between.
    ctx.settings.set("verdict_seconds", 1.0)
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    shown_families = []
    ctx.controller.verdict_ready.connect(lambda s: shown_families.append(window.verdict.family))
    ctx.start()
    window.show_window()
    expected = [t.expected for t in demo.tickets]
    qtbot.waitUntil(lambda: len(ctx.controller.history) >= len(expected), timeout=40_000)
    got = [str(s.result.verdict) for s in ctx.controller.history[: len(expected)]]
    assert got == expected
    # Each verdict was on screen (the panel showed its family) when it was announced.
    assert shown_families[: len(expected)] == [Verdict(v).family for v in expected]
    assert all(lat is not None and 0 <= lat < 2.0 for lat in ctx.latencies)
    # Stored: the two admitted tickets are local check-ins waiting for upload; the
    # refused ones are in the scan log.
    rows = [r for r in ctx.replica.checkins() if r["origin"] == "local"]
    admitted = [t.attendee_id for t in demo.tickets if t.expected == "accepted"]
    assert sorted(r["attendee_id"] for r in rows[:2]) == sorted(admitted)
    assert all(not r["uploaded"] for r in rows)
    logged = [r[0] for r in ctx.replica.conn.execute("SELECT verdict FROM scan_log ORDER BY id")]
    assert logged[:4] == ["already_checked_in", "wrong_gate", "forged", "not_a_ticket"]
    # The preview was painted while decoding, and frames were decoded off the GUI thread.
    assert window.preview.frames_painted > 10
    assert ctx.camera.stats.frames_decoded > 10
    ctx.shutdown()
    assert not ctx.camera.is_running()


def test_a_slow_decoder_drops_frames_instead_of_lagging(qtbot, demo, make_context,
                                                        monkeypatch):
    """Decoding slower than the camera: frames are dropped, the preview keeps its rate and
    the decoder always gets the newest frame (no queue building up).

    Slow by construction, not by the wall clock: each decode lasts until the camera has
    read ``span`` more frames, however busy the machine is; lag is counted in frames."""
    import time

    import kiosk.gui.camera as camera_module
    from kiosk.scanner.decode import decode_frame

    span = 3
    holder: dict[str, object] = {}

    class SlowDecoder:
        located: list = []

        def decode(self, frame):  # type: ignore[no-untyped-def]
            camera = holder["ctx"].camera  # type: ignore[attr-defined]
            until = camera.stats.frames_read + span
            deadline = time.monotonic() + 30  # a camera that stopped: fail, not hang
            while camera.stats.frames_read < until and time.monotonic() < deadline \
                    and camera.state == "running":
                time.sleep(0.005)
            return decode_frame(frame)

    behind: list[int] = []  # frames read after the one the decoder takes, at the take
    take = camera_module._FrameSlot.take

    def newest_first(slot, timeout):  # type: ignore[no-untyped-def]
        item = take(slot, timeout)
        log = holder["ctx"].camera.frame_log  # type: ignore[attr-defined]
        if item is not None and log:
            behind.append(log[-1][0] - item[2])
        return item

    monkeypatch.setattr(camera_module, "make_decoder", SlowDecoder)
    monkeypatch.setattr(camera_module._FrameSlot, "take", newest_first)
    ctx = make_context(demo.db, camera=str(demo.video), camera_size=(960, 540))
    holder["ctx"] = ctx
    ctx.settings.set("verdict_seconds", 0.5)
    ctx.camera.frame_log = []
    window = KioskWindow(ctx, fullscreen=False)
    qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
    ctx.start()
    window.show_window()
    qtbot.waitUntil(lambda: len(ctx.controller.history) >= 2, timeout=60_000)
    stats = ctx.camera.stats
    assert stats.frames_dropped > stats.frames_decoded  # most frames were never decoded
    assert stats.frames_read >= 2 * stats.frames_decoded
    # Each decode started on the newest frame (at most the one or two the camera read
    # while it was being handed over); a queue would hand out ever older ones.
    assert len(behind) >= 5 and max(behind) <= 2, behind
    # What was read is right and in order; a ticket in view while only every few frames
    # are decoded (on a busy machine, a slow decode) may be missed, never misread.
    got = [str(s.result.verdict) for s in ctx.controller.history[:2]]
    expected = iter(t.expected for t in demo.tickets)
    assert all(verdict in expected for verdict in got), got
