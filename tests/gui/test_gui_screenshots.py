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


@pytest.fixture
def xvfb_display():
    number = next(n for n in range(90 + os.getpid() % 50, 300)
                  if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x720x24",
                             "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    yield f":{number}"
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
    assert names == ["desk.png", "kiosk-amber.png", "kiosk-green.png", "kiosk-idle.png",
                     "kiosk-red.png"]
    for family in ("green", "amber", "red"):
        image = QImage(str(out / f"kiosk-{family}.png"))
        # Full screen on the 1280x720 display, and the verdict colour fills the middle.
        assert (image.width(), image.height()) == (1280, 720)
        assert image.pixelColor(1272, 360) == QColor(FAMILY_COLOURS[family][0])
    desk = QImage(str(out / "desk.png"))
    assert desk.width() >= 1000 and desk.height() >= 600
    idle = QImage(str(out / "kiosk-idle.png"))
    assert idle.pixelColor(1200, 360) != QColor(FAMILY_COLOURS["green"][0])
