"""The staff screens (PIN keypad, the settings' pairing, its camera step and its pretix
step) on a real X server at 1366x768, 800x480 and portrait 1080x1920, in English and
Indonesian: grabbed from the display and laid out inside each size
(kiosk/gui/staff_screenshots.py exits 1 and names what does not fit)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from kiosktest import kiosk_env
from PySide6.QtGui import QImage
from test_gui_screenshots import _start_xvfb

from kiosk.gui.staff_screenshots import STAFF_SIZES

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb not installed")


@pytest.mark.parametrize("language", ["en", "id"])
def test_staff_screens_fit_each_size(tmp_path, language):
    proc, display = _start_xvfb("1920x1920")
    try:
        env = kiosk_env()
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        out = tmp_path / "shots"
        result = subprocess.run([sys.executable, "-m", "kiosk.gui.staff_screenshots",
                                 "--out", str(out), "--language", language], env=env,
                                capture_output=True, text=True, timeout=300)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert "does not fit" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    suffix = "" if language == "en" else "-id"
    for width, height in STAFF_SIZES:
        for screen in ("staff-pin", "staff-settings-pairing", "staff-settings-keyboard",
                       "staff-settings-camera", "staff-settings-pretix"):
            image = QImage(str(out / f"{screen}{suffix}-{width}x{height}.png"))
            assert (image.width(), image.height()) == (width, height), screen
