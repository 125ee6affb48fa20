"""The status bar follows a real central list (embedded server on loopback): online,
check-ins waiting to upload, last sync; and offline when the server goes away."""

from __future__ import annotations

from kiosk.demo.central import build_central_demo
from kiosk.gui.kiosk_window import KioskWindow


def test_status_bar_follows_background_sync(qtbot, tmp_path, make_context):
    demo = build_central_demo(tmp_path, attendees=200)
    try:
        ctx = make_context(demo.setup.replica_path)
        ctx.sync._timer.setInterval(300)
        window = KioskWindow(ctx, fullscreen=False)
        qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
        ctx.start()
        window.show_window()
        qtbot.waitUntil(lambda: window.status.figures.connection == "online", timeout=10_000)
        assert "Online" in window.status.connection.text()
        assert window.status.figures.attendees == 200
        assert window.status.figures.last_sync is not None
        result = ctx.controller.scan(demo.setup.tickets[0].text, source="usb")
        assert result is not None and result.verdict == "accepted"
        # Recorded; uploaded at once (upload on scan, kiosk/sync/live.py) — so whether the
        # status bar ever shows it waiting is a race, not something to assert here.
        qtbot.waitUntil(lambda: window.status.figures.pending_uploads == 0, timeout=10_000)
        assert any(c["attendee_id"] == demo.setup.tickets[0].attendee_id
                   for c in demo.server.store.ingest.all())
    finally:
        demo.stop()
    # The central list is gone: the kiosk says offline and keeps scanning.
    qtbot.waitUntil(lambda: window.status.figures.connection == "offline", timeout=15_000)
    result = ctx.controller.scan(demo.setup.tickets[-1].text, source="usb")
    assert result is not None and result.verdict == "accepted"
    assert window.status.figures.pending_uploads == 1
    assert "Offline" in window.status.connection.text()


def test_status_bar_shows_uploads_the_central_list_refused(qtbot) -> None:  # type: ignore[no-untyped-def]
    from kiosk.gui.ui.status_bar import StatusBar, StatusFigures

    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.show_figures(StatusFigures(connection="offline", pending_uploads=3))
    assert "Refused" not in bar.pending.text()
    bar.show_figures(StatusFigures(connection="offline", pending_uploads=3, refused_uploads=2))
    assert "3" in bar.pending.text() and "Refused by the central list: 2" in bar.pending.text()


def test_offline_is_a_badge_and_a_stand_alone_kiosk_counts_no_uploads(qtbot):
    """Issue 11.15: staff see "Offline" (with the backlog) from afar; a stand-alone kiosk
    shows no upload counter and no last sync."""
    from kiosk.gui.ui.status_bar import StatusBar, StatusFigures

    bar = StatusBar(large=True)
    qtbot.addWidget(bar)
    bar.show()
    bar.show_figures(StatusFigures(connection="offline", pending_uploads=4))
    assert bar.connection.objectName() == "offlineBadge"
    assert "Offline" in bar.connection.text() and "4" in bar.connection.text()
    assert not bar.pending.isVisible()  # the backlog is said once, in the badge
    big = bar.connection.fontInfo().pixelSize()
    bar.show_figures(StatusFigures(connection="not_connected", pending_uploads=4))
    assert not bar.pending.isVisible() and not bar.last_sync.isVisible()
    assert "4" not in bar.connection.text()
    assert bar.connection.fontInfo().pixelSize() < big
    bar.show_figures(StatusFigures(connection="online", pending_uploads=0))
    assert not bar.pending.isVisible() and bar.last_sync.isVisible()


def test_plain_http_is_a_warning_in_the_status(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 10 item 6: a kiosk paired over plain HTTP says so in its status (badge and
    tooltip); not for a central list on this very machine (the demo, loopback)."""
    from kiosk.gui.sync_status import on_this_machine
    from kiosk.gui.ui.status_bar import StatusBar, StatusFigures

    bar = StatusBar(large=True)
    qtbot.addWidget(bar)
    bar.show()
    bar.show_figures(StatusFigures(connection="online"))
    assert "plain HTTP" not in bar.connection.text() and bar.connection.objectName() == ""
    bar.show_figures(StatusFigures(connection="online", insecure=True))
    assert "Online" in bar.connection.text() and "Not encrypted" in bar.connection.text()
    assert bar.connection.objectName() == "offlineBadge"
    assert "HTTPS" in bar.connection.toolTip()
    bar.show_figures(StatusFigures(connection="offline", pending_uploads=2, insecure=True,
                                   detail="timed out"))
    assert "2" in bar.connection.text() and "Not encrypted" in bar.connection.text()
    assert bar.connection.toolTip().startswith("timed out\n")
    bar.show_figures(StatusFigures(connection="not_connected", insecure=True))
    assert "Not encrypted" not in bar.connection.text()
    assert on_this_machine("http://127.0.0.1:8421") and on_this_machine("http://localhost")
    assert on_this_machine("http://[::1]:8421")
    assert not on_this_machine("http://10.0.0.5:8421")
    assert not on_this_machine("http://central.example.org") and not on_this_machine(None)


def test_sync_figures_say_plain_http_to_another_machine(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The real engine on a replica paired over plain HTTP: figures carry the warning when
    the central list is on another machine, and none on loopback."""
    from kiosk.gui.sync_status import sync_once
    from kiosk.replica.changes import MetaKey
    from kiosk.replica.db import Replica

    demo = build_central_demo(tmp_path, attendees=20)
    try:
        state: dict = {}
        figures = sync_once(state, demo.setup.replica_path)
        assert figures["connection"] == "online" and figures["insecure"] is False
        state.pop("sync_engine").close()
        with Replica(demo.setup.replica_path) as replica:
            replica.set_meta(MetaKey.SERVER_URL, "http://192.0.2.1:9")  # TEST-NET: offline
        figures = sync_once(state, demo.setup.replica_path)
        assert figures["connection"] == "offline" and figures["insecure"] is True
        state.pop("sync_engine").close()
    finally:
        demo.stop()
