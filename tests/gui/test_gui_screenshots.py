"""Start the app on a real X server (Xvfb) with the xcb platform and grab the kiosk
screens (idle, green, amber, red) and the desk screen from the display."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kiosktest import kiosk_env
from PySide6.QtGui import QColor, QImage

from kiosk.gui.ui.verdict_panel import FAMILY_COLOURS

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb not installed")


def _start_xvfb(size: str):  # type: ignore[no-untyped-def]
    number = next(n for n in range(90 + os.getpid() % 50, 300)
                  if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", f"{size}x24",
                             "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    return proc, f":{number}"


@pytest.fixture
def xvfb_display():
    proc, display = _start_xvfb("1280x720")
    yield display
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def big_xvfb_display():
    proc, display = _start_xvfb("1920x1920")
    yield display
    proc.terminate()
    proc.wait(timeout=10)


def test_screenshots_under_xvfb(xvfb_display, tmp_path):
    env = kiosk_env()
    env.update(DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    out = tmp_path / "shots"
    result = subprocess.run([sys.executable, "-m", "kiosk.gui.screenshots", "--out", str(out)],
                            env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["desk-let-in-again.png", "desk-override.png", "desk-print-failed.png",
                     "desk-printer.png", "desk-reprint.png", "desk-walkin.png", "desk.png",
                     "kiosk-amber.png", "kiosk-banner-clock.png",
                     "kiosk-banner-damaged.png", "kiosk-banner-rebuilding.png",
                     "kiosk-exit.png", "kiosk-grace.png", "kiosk-green.png", "kiosk-idle.png",
                     "kiosk-portal.png", "kiosk-red.png", "kiosk-seen.png"]
    for name, family in (("green", "green"), ("grace", "green"), ("amber", "amber"),
                         ("red", "red"), ("exit", "green")):
        image = QImage(str(out / f"kiosk-{name}.png"))
        # Full screen on the 1280x720 display, and the verdict colour fills the middle.
        assert (image.width(), image.height()) == (1280, 720)
        assert image.pixelColor(1272, 360) == QColor(FAMILY_COLOURS[family][0])
    desk = QImage(str(out / "desk.png"))
    assert desk.width() >= 1000 and desk.height() >= 600
    idle = QImage(str(out / "kiosk-idle.png"))
    assert idle.pixelColor(1200, 360) != QColor(FAMILY_COLOURS["green"][0])


@pytest.mark.parametrize("language", ["en", "id"])
def test_every_screen_fits_each_screen_size(big_xvfb_display, tmp_path, language):
    """Issue 11.9: kiosk (idle, the staff banners, the Wi-Fi login badge, green, amber,
    red) and desk (with the override, "let in again", a failed print and the reprint
    question) laid out at 1280x800, 1366x768, 1920x1080, portrait 1080x1920 and 800x480
    on a real X server, in English and in Indonesian (whose words are longer): no widget
    outside the window, no cut label, word or button (kiosk/gui/layout_check.py; the
    tool exits 1 and names what does not fit)."""
    from kiosk.gui.layout_check import SCREEN_SIZES

    env = kiosk_env()
    env.update(DISPLAY=big_xvfb_display, QT_QPA_PLATFORM="xcb")
    out = tmp_path / "shots"
    result = subprocess.run([sys.executable, "-m", "kiosk.gui.screenshots", "--out", str(out),
                             "--language", language, "--sizes"],
                            env=env, capture_output=True, text=True, timeout=400)
    assert "does not fit" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    suffix = "" if language == "en" else "-id"
    for width, height in SCREEN_SIZES:
        for screen in ("kiosk-idle", "kiosk-seen", "kiosk-banner-rebuilding",
                       "kiosk-banner-damaged", "kiosk-banner-clock", "kiosk-portal",
                       "kiosk-green", "kiosk-grace", "kiosk-amber", "kiosk-red",
                       "kiosk-exit", "desk", "desk-override", "desk-printer",
                       "desk-walkin", "desk-let-in-again", "desk-print-failed",
                       "desk-reprint"):
            image = QImage(str(out / f"{screen}{suffix}-{width}x{height}.png"))
            assert (image.width(), image.height()) == (width, height), screen
        green = QImage(str(out / f"kiosk-green{suffix}-{width}x{height}.png"))
        assert green.pixelColor(width - 8, height // 2) == QColor(FAMILY_COLOURS["green"][0])
