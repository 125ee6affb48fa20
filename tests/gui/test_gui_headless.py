"""Without any display, `kiosk run` falls back to offscreen and says so (no Qt abort)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kiosktest import kiosk_argv, kiosk_env


def test_run_without_a_display_goes_offscreen(tmp_path: Path, sample_csv: Path) -> None:
    db = tmp_path / "r.db"
    env = kiosk_env()
    subprocess.run(kiosk_argv("import", sample_csv, "--db", db), env=env, check=True,
                   capture_output=True)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    proc = subprocess.run(
        kiosk_argv("run", "--db", db, "--camera", "none", "--quit-after", "2"),
        env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "no display found" in proc.stderr
    assert "could not connect to display" not in proc.stderr
