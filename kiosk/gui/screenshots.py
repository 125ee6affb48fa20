"""Screenshots of the real windows for the README: the kiosk (idle, the staff banners —
a replica being rebuilt or that cannot be yet, a wrong clock —, the venue's Wi-Fi asking
for a login, "code seen, hold still", green, the same ticket shown again at once, amber,
red, an exit) and the desk (a check-in, an override, "let in again" past the grace, a
walk-in's issued code, the badge printer question, a print that failed, the reprint
question). Run on a real
display server (Xvfb is fine):

    Xvfb :99 -screen 0 1280x720x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb python -m kiosk.gui.screenshots --out docs/screenshots

With ``--sizes`` (on a display of at least 1920x1920) every screen is also laid out at
1280x800, 1366x768, 1920x1080, portrait 1080x1920 and 800x480, grabbed, and checked:
no widget outside the window, no cut label (kiosk/gui/layout_check.py).

Each picture is grabbed from the screen (what the display server shows), not rendered
off-screen, so it proves the window really looks like this.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.verdicts import Verdict
from kiosk.gui.layout_check import SCREEN_SIZES, layout_problems


def _settle(seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.02)


def _grab(widget: QWidget, path: Path, problems: list[str] | None = None,
          area: QRect | None = None) -> Path:
    _settle()
    if problems is not None:
        problems += [f"{path.name}: {p}" for p in layout_problems(widget, area)]
    screen = widget.screen() or QGuiApplication.primaryScreen()
    geometry = widget.frameGeometry()
    pixmap: QPixmap = screen.grabWindow(0, geometry.x(), geometry.y(), geometry.width(),
                                        geometry.height())
    if pixmap.isNull():
        raise RuntimeError("The screen could not be grabbed.")
    pixmap.save(str(path))
    return path


def take_screenshots(out: Path, *, workdir: Path, language: str = "en",
                     sizes: list[tuple[int, int] | None] | None = None,
                     problems: list[str] | None = None) -> list[Path]:
    """Build a demo replica, show each screen, grab it; returns the files written.

    ``sizes``: screen sizes to lay the windows out for (None: the display's own screen,
    full screen); what does not fit is appended to ``problems``."""
    sizes = sizes or [None]
    problems = [] if problems is None else problems
    import cv2

    from kiosk.core.models import Direction
    from kiosk.demo.central import build_central_demo
    from kiosk.demo.video import VideoItem, generate_video
    from kiosk.gui.app import ensure_app
    from kiosk.gui.camera import to_qimage
    from kiosk.gui.context import AppContext
    from kiosk.gui.desk_window import DeskWindow
    from kiosk.gui.i18n import Translations
    from kiosk.gui.kiosk_window import KioskWindow

    out.mkdir(parents=True, exist_ok=True)
    app = ensure_app()
    Translations().install(language)
    central = build_central_demo(workdir, attendees=400)
    setup = central.setup
    video = workdir / "one.avi"
    first = setup.tickets[0]
    generate_video(video, [VideoItem(first.text, first.style, first.caption)],
                   width=1280, height=720, fps=10, seconds_per_item=3.0)
    cap = cv2.VideoCapture(str(video))
    cap.set(cv2.CAP_PROP_POS_FRAMES, 15)
    ok, frame = cap.read()
    cap.release()
    written: list[Path] = []
    suffix = "" if language == "en" else f"-{language}"

    ctx = AppContext(setup.replica_path, camera="none", gate_id=setup.kiosk_gate)
    ctx.sounds.enabled = False
    ctx.start()
    _wait_online(ctx)
    desk_ctx = AppContext(setup.replica_path, camera="none", gate_id=setup.kiosk_gate,
                          mode="desk")
    desk_ctx.sounds.enabled = False
    desk_ctx.start()
    _wait_online(desk_ctx)
    by_verdict = {t.expected: t for t in setup.tickets}
    image = to_qimage(frame) if ok else None
    for size in sizes:
        tag = suffix + (f"-{size[0]}x{size[1]}" if size else "")
        screen = QRect(0, 0, *size) if size else None
        kiosk = KioskWindow(ctx, fullscreen=size is None)
        kiosk.verdict.set_seconds(600)
        if screen is None:
            kiosk.show_window()
        else:
            kiosk.show_in(screen)
        if image is not None:
            kiosk.preview.set_message("")
            kiosk.preview.set_frame(image)
        ctx.refresh_status()
        written.append(_grab(kiosk, out / f"kiosk-idle{tag}.png", problems, screen))
        # The staff banners (the same words the kiosk shows): a replica being healed,
        # and a clock that went back (its day outside the event's).
        for name, words in _banners(ctx):
            kiosk.banner.show_message(words)
            written.append(_grab(kiosk, out / f"kiosk-banner-{name}{tag}.png", problems,
                                 screen))
        kiosk.banner.clear_message()
        # The venue's Wi-Fi wants a login (a captive portal answered the sync): the
        # status bar's badge, its tooltip the error's words.
        written.append(_grab_portal(ctx, kiosk, out / f"kiosk-portal{tag}.png", problems,
                                    screen))
        # The camera sees a code it cannot read yet: "hold still".
        kiosk.show_code_seen(True)
        written.append(_grab(kiosk, out / f"kiosk-seen{tag}.png", problems, screen))
        kiosk.show_code_seen(False)
        recorded = []
        # green; the same ticket again at once (the grace: green, "go in"); amber; red;
        # the same person leaving (an exit: "goodbye").
        for name, family, ticket, direction in (
                ("green", "green", setup.tickets[-1], None),
                ("grace", "green", setup.tickets[-1], None),
                ("amber", "amber", by_verdict["already_checked_in"], None),
                ("red", "red", by_verdict["wrong_gate"], None),
                ("exit", "green", setup.tickets[-1], Direction.EXIT)):
            result = ctx.controller.scan(ticket.text, source="usb", direction=direction)
            assert result is not None and Verdict(result.verdict).family == family, result
            ctx.refresh_status()
            written.append(_grab(kiosk, out / f"kiosk-{name}{tag}.png", problems, screen))
            if result.checkin_id:
                recorded.append(result.checkin_id)
        for checkin_id in reversed(recorded):
            # The next size shows the same person's screens again.
            ctx.controller.undo(checkin_id, window_seconds=3600)
        kiosk.force_close()

        desk = DeskWindow(desk_ctx)
        desk.verdict.set_seconds(600)
        if screen is None:
            desk.show_window()
            desk.resize(1280, 720)
            desk.move(0, 0)
        else:
            desk.show_in(screen)
        if image is not None:
            desk.preview.set_message("")
            desk.preview.set_frame(image)
        desk.search.setText("sit")
        desk.run_search()
        _settle(0.2)
        shown = None
        if desk.selected is not None:
            shown = desk_ctx.controller.check_in_attendee(desk.selected.id,
                                                          direction=Direction.ENTRY)
            assert shown is not None
        desk_ctx.refresh_status()
        written.append(_grab(desk, out / f"desk{tag}.png", problems, screen))
        if shown is not None and shown.checkin_id:
            desk_ctx.controller.undo(shown.checkin_id, window_seconds=3600)
        written.append(_grab_override(desk, by_verdict["wrong_gate"].text,
                                      out / f"desk-override{tag}.png", problems, screen,
                                      note=OVERRIDE_NOTES.get(language, "")))
        written.append(_grab_walkin(desk, out / f"desk-walkin{tag}.png", problems, screen,
                                    name=WALKIN_NAMES.get(language, "")))
        written.append(_grab_printer_question(desk, out / f"desk-printer{tag}.png", problems,
                                              screen))
        written.append(_grab_override(desk, by_verdict["already_checked_in"].text,
                                      out / f"desk-let-in-again{tag}.png", problems, screen,
                                      note=LET_IN_NOTES.get(language, ""), choice=4))
        written += _grab_badge_words(desk, out, tag, problems, screen, workdir)
        desk.force_close()
    for context in (ctx, desk_ctx):
        context.shutdown()
        context.close_replica()
    central.stop()
    app.processEvents()
    return written


#: What staff typed as the override's note in the screenshots (data, not UI words).
OVERRIDE_NOTES = {"en": "Rina (organisers) said yes at the info booth",
                  "id": "Sudah dicek Rina (panitia) di meja informasi"}
#: ... and when letting someone in again.
LET_IN_NOTES = {"en": "Went to the car park, seen by Agus",
                "id": "Tadi ke parkiran, dilihat Agus"}


def _grab_override(desk: object, code: str, path: Path, problems: list[str],
                   screen: QRect | None, *, note: str, choice: int = 1) -> Path:
    """The desk after a refused scan (a Workshop ticket at the Main Hall; or, past the
    grace, someone already checked in: "let in again") with the override open, a reason
    (``choice``) chosen and a note typed; the dialog is checked too."""
    from kiosk.gui.desk_window import DeskWindow

    assert isinstance(desk, DeskWindow)
    desk.context.controller.scan(code, source="usb")
    desk.open_override()
    dialog = desk.override_dialog
    assert dialog is not None, f"no override offered for {path.name}"
    dialog.choice.setCurrentIndex(choice)
    dialog.note.setText(note)
    _settle()
    problems += [f"{path.name} (dialog): {p}" for p in layout_problems(dialog, screen)]
    grabbed = _grab(desk, path, problems, screen)
    dialog.reject()
    return grabbed


#: The walk-in registered in the screenshots (data, not UI words).
WALKIN_NAMES = {"en": "Ni Luh Putu Ayu Lestari", "id": "Ni Luh Putu Ayu Lestari"}


def _grab_walkin(desk: object, path: Path, problems: list[str], screen: QRect | None, *,
                 name: str, timeout: float = 20.0) -> Path:
    """The desk after registering a walk-in: the dialog showing the ticket code the
    central list issued and its QR (the demo desk is paired: the code comes with the
    sync, and the dialog shows it by itself); the dialog is checked too."""
    from kiosk.gui.desk_window import DeskWindow

    assert isinstance(desk, DeskWindow)
    desk.open_walkin()
    dialog = desk.walkin_dialog
    assert dialog is not None
    dialog.name.setText(name)
    dialog.organisation.setText("Komunitas Linux Bali")
    dialog.ok_button.click()
    if dialog.registered is None:  # the same name from an earlier size: a new person
        dialog.ok_button.click()
    end = time.monotonic() + timeout
    while not dialog.qr.property("code") and time.monotonic() < end:
        _settle(0.1)
    if not dialog.qr.property("code"):
        problems.append(f"{path.name}: the walk-in's code did not arrive")
    _settle()
    problems += [f"{path.name} (dialog): {p}" for p in layout_problems(dialog, screen)]
    grabbed = _grab(desk, path, problems, screen)
    dialog.accept()
    return grabbed


#: The printers the badge printer question offers in the screenshots (an X server has
#: none; a venue's desk laptop would list its own).
SAMPLE_PRINTERS = ["Zebra ZD421 (badges)", "Brother QL-820NWB", "Office laser"]


def _grab_printer_question(desk: object, path: Path, problems: list[str],
                           screen: QRect | None) -> Path:
    """The desk asking which printer prints the badges (the first badge)."""
    from kiosk.gui.desk_window import DeskWindow
    from kiosk.gui.printer_dialog import BadgePrinterDialog

    assert isinstance(desk, DeskWindow)
    name = desk.selected.name if desk.selected is not None else "Siti"
    dialog = BadgePrinterDialog(name, desk, printers=SAMPLE_PRINTERS,
                                preferred=SAMPLE_PRINTERS[0])
    dialog.show()
    geometry = screen or desk.geometry()
    dialog.resize(dialog.sizeHint().boundedTo(geometry.size()))
    dialog.move(geometry.x() + (geometry.width() - dialog.width()) // 2,
                geometry.y() + (geometry.height() - dialog.height()) // 2)
    _settle()
    problems += [f"{path.name} (dialog): {p}" for p in layout_problems(dialog, screen)]
    grabbed = _grab(desk, path, problems, screen)
    dialog.reject()
    return grabbed


def _grab_badge_words(desk: object, out: Path, tag: str, problems: list[str],
                      screen: QRect | None, workdir: Path) -> list[Path]:
    """The desk's badge words for the person shown: a print the printer cannot start
    (said by the error's class, in the screen's language), and the reprint question
    naming the desk that printed the first one."""
    from kiosk.gui.badges import badge_prints
    from kiosk.gui.desk_window import DeskWindow

    assert isinstance(desk, DeskWindow)
    written: list[Path] = []
    person = desk.selected
    if person is None:
        problems.append(f"desk-print-failed{tag}: nobody shown")
        return written
    ask = desk.confirm_reprint
    # (From the second size on the badge was printed: the question is grabbed below,
    # not asked here, where it would wait for a click.)
    desk.confirm_reprint = lambda _previous: True
    try:
        desk.badge_pdf_path = workdir / "no-such-folder" / "badge.pdf"
        desk.print_selected_badge()
        written.append(_grab(desk, out / f"desk-print-failed{tag}.png", problems, screen))
        desk.banner.clear_message()
        desk.badge_pdf_path = workdir / "badge.pdf"
        if not badge_prints(desk.context.replica, person.id):
            desk.print_selected_badge()
    finally:
        desk.confirm_reprint = ask
        desk.badge_pdf_path = None
    desk.show_attendee(person)
    previous = badge_prints(desk.context.replica, person.id)[-1]
    desk._printing_name = person.name
    box, _again = desk.reprint_box_for(previous)
    box.show()
    geometry = screen or desk.geometry()
    box.move(geometry.x() + (geometry.width() - box.width()) // 2,
             geometry.y() + (geometry.height() - box.height()) // 2)
    _settle()
    problems += [f"desk-reprint{tag} (dialog): {p}" for p in layout_problems(box, screen)]
    written.append(_grab(desk, out / f"desk-reprint{tag}.png", problems, screen))
    box.reject()
    return written


def _grab_portal(ctx: object, kiosk: QWidget, path: Path, problems: list[str],
                 screen: QRect | None) -> Path:
    """The kiosk while a captive portal answers its sync: the status bar's offline
    badge ("Wi-Fi needs a login") with two check-ins waiting, the tooltip in the
    error's words (tests/gui/test_gui_indonesian_errors.py drives a real portal)."""
    from kiosk.errors import CaptivePortal

    sync = ctx.sync  # type: ignore[attr-defined]
    kept = sync.last
    sync.last = {"connection": "portal", "problem": CaptivePortal("a login page")}
    try:
        figures = ctx.status_figures()  # type: ignore[attr-defined]
        figures.pending_uploads = max(figures.pending_uploads, 2)
        kiosk.status.show_figures(figures)  # type: ignore[attr-defined]
        grabbed = _grab(kiosk, path, problems, screen)
    finally:
        sync.last = kept
        ctx.refresh_status()  # type: ignore[attr-defined]
    return grabbed


def _banners(ctx: object) -> list[tuple[str, str]]:
    from kiosk.core.times import ClockState
    from kiosk.gui.replica_health import cannot_rebuild_words, clock_words, rebuilding_words

    event = ctx.controller.current_event()  # type: ignore[attr-defined]
    days = sorted(event.days) if event is not None and event.days else []
    first, last = (days[0].isoformat(), days[-1].isoformat()) if days else ("", "")
    return [("rebuilding", rebuilding_words()), ("damaged", cannot_rebuild_words()),
            ("clock", clock_words(ClockState.WRONG, "2000-01-01", first, last))]


def _wait_online(context: object, timeout: float = 10.0) -> None:
    """Let the first background sync with the embedded central list finish."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if context.sync.last.get("connection") == "online":  # type: ignore[attr-defined]
            return
        _settle(0.05)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--language", default="en", choices=("en", "id"))
    parser.add_argument("--sizes", action="store_true",
                        help="also lay out and grab at each screen size the kiosk must fit "
                             "(the display must be at least 1920x1920); exit 1 if anything "
                             "does not fit")
    args = parser.parse_args(argv)
    sizes: list[tuple[int, int] | None] = [None]
    if args.sizes:
        sizes = list(SCREEN_SIZES)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-shots-") as tmp:
        for path in take_screenshots(args.out, workdir=Path(tmp), language=args.language,
                                     sizes=sizes, problems=problems):
            print(path)
    for problem in problems:
        print(f"does not fit: {problem}", file=sys.stderr)
    return 1 if problems and args.sizes else 0


if __name__ == "__main__":
    sys.exit(main())
