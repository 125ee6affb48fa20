"""Screenshots of the staff screens over the kiosk: the PIN dialog with its keypad, the
settings' pairing (what the kiosk is paired with, a pairing code typed on the on-screen
keyboard, the camera step showing the organiser's pairing QR, and the pretix step choosing
the event and check-in list), each at 1366x768, 800x480 and portrait 1080x1920, in English
and Indonesian. Run on a real display server of at least 1920x1920:

    Xvfb :99 -screen 0 1920x1920x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb python -m kiosk.gui.staff_screenshots --out shots

Each dialog is laid out inside the screen size it is tried at and checked like the
kiosk's own screens (kiosk/gui/layout_check.py: nothing outside, no cut label); the tool
exits 1 and names what does not fit.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog

from kiosk.gui.layout_check import layout_problems
from kiosk.gui.screenshots import _grab, _settle, _wait_online

#: The sizes issue 11 names for the staff screens.
STAFF_SIZES: tuple[tuple[int, int], ...] = ((1366, 768), (800, 480), (1080, 1920))


def _place(dialog: QDialog, area: QRect) -> None:
    """Lay ``dialog`` out as on a screen of ``area``'s size: never larger, centred."""
    fit = getattr(dialog, "fit_to", None)
    if fit is not None:
        fit(area.size())
    else:
        dialog.setMaximumSize(area.size())
        dialog.resize(dialog.sizeHint().boundedTo(area.size()))
    _settle(0.2)
    frame = dialog.frameGeometry()
    dialog.move(area.x() + (area.width() - frame.width()) // 2,
                area.y() + (area.height() - frame.height()) // 2)


def _shot(dialog: QDialog, area: QRect, path: Path, window: object,
          problems: list[str]) -> Path:
    _place(dialog, area)
    _settle(0.3)
    problems += [f"{path.name}: {p}" for p in layout_problems(dialog, area)]
    return _grab(window, path, None, area)  # type: ignore[arg-type]


def take_staff_screenshots(out: Path, *, workdir: Path, language: str = "en",
                           problems: list[str] | None = None) -> list[Path]:
    problems = [] if problems is None else problems
    import cv2

    from kiosk.demo.central import build_central_demo
    from kiosk.demo.video import VideoItem, generate_video
    from kiosk.gui.app import ensure_app
    from kiosk.gui.camera import CameraWorker, to_qimage
    from kiosk.gui.context import AppContext
    from kiosk.gui.i18n import Translations
    from kiosk.gui.kiosk_window import KioskWindow
    from kiosk.gui.settings_dialog import SettingsDialog
    from kiosk.pretix.engine import PretixChoice
    from kiosk.sync.pairing import pairing_text

    PRETIX_CHOICES = [  # noqa: N806 - a constant of this run
        PretixChoice("icross2026", "ICROSS 2026", ((1, "Main entrance"), (2, "Workshop room"))),
        PretixChoice("fossasia-summit", "FOSSASIA Summit 2026 — Jakarta",
                     ((5, "Hall A"), (6, "Hall B"), (7, "Speakers' entrance"))),
    ]

    out.mkdir(parents=True, exist_ok=True)
    app = ensure_app()
    Translations().install(language)
    central = build_central_demo(workdir, attendees=200)
    setup = central.setup
    video = workdir / "pairing.avi"
    # What the organiser shows: a pairing QR of the console (a code nobody claims here).
    qr = pairing_text("ABCD-EF23", "https://checkin.example.org#sha256=" + "3f2a" * 16)
    generate_video(video, [VideoItem(qr, "phone", "")], width=960, height=540, fps=10,
                   seconds_per_item=3.0)
    capture = cv2.VideoCapture(str(video))
    capture.set(cv2.CAP_PROP_POS_FRAMES, 15)
    ok, frame = capture.read()
    capture.release()
    image = to_qimage(frame) if ok else None
    ctx = AppContext(setup.replica_path, camera="none", gate_id=setup.kiosk_gate)
    ctx.sounds.enabled = False
    ctx.start()
    _wait_online(ctx)
    # A camera that is never started: the picture is put in by hand, so the organiser's
    # QR in view does not start pairing with an address that does not exist.
    camera = CameraWorker(str(video))
    suffix = "" if language == "en" else f"-{language}"
    written: list[Path] = []
    for width, height in STAFF_SIZES:
        tag = f"{suffix}-{width}x{height}"
        area = QRect(0, 0, width, height)
        kiosk = KioskWindow(ctx, fullscreen=False)
        kiosk.show_in(area)
        _settle(0.5)
        kiosk.ask_pin()
        pin = kiosk.pin_dialog
        assert pin is not None and pin.keypad is not None
        for key in ("9", "9"):
            pin.keypad.press(key)
        written.append(_shot(pin, area, out / f"staff-pin{tag}.png", kiosk, problems))
        pin.reject()
        settings = SettingsDialog(ctx.settings, ctx.replica, kiosk, camera=camera,
                                  running_mode=ctx.mode)
        settings.show()
        written.append(_shot(settings, area, out / f"staff-settings-pairing{tag}.png",
                             kiosk, problems))
        keyboard = settings.keyboard
        assert keyboard is not None, "a kiosk's settings have an on-screen keyboard"
        # The pairing code tapped: the on-screen keyboard, "ABCD-EF" typed on it.
        keyboard.target = settings.pairing_code
        settings.pairing_code.setFocus()
        keyboard.set_shown(True)
        for key in ("shift", *"abcd", "-", *"ef"):
            keyboard.press(key)
        written.append(_shot(settings, area, out / f"staff-settings-keyboard{tag}.png",
                             kiosk, problems))
        keyboard.set_shown(False)
        settings.start_camera_pairing()
        _settle(0.2)
        if image is not None:
            settings.camera_preview.set_frame(image)
        written.append(_shot(settings, area, out / f"staff-settings-camera{tag}.png",
                             kiosk, problems))
        # The pretix step: the device's events and lists to choose from (as pretix would
        # list them; nothing is asked of a pretix here).
        settings.offer_pretix_choice(PRETIX_CHOICES, ("icross2026", 1))
        written.append(_shot(settings, area, out / f"staff-settings-pretix{tag}.png",
                             kiosk, problems))
        settings.reject()
        kiosk.force_close()
        _settle(0.2)
    ctx.shutdown()
    ctx.close_replica()
    central.stop()
    app.processEvents()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--language", default="en", choices=("en", "id"))
    args = parser.parse_args(argv)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-staff-shots-") as tmp:
        for path in take_staff_screenshots(args.out, workdir=Path(tmp),
                                           language=args.language, problems=problems):
            print(path)
    for problem in problems:
        print(f"does not fit: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
