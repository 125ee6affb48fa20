"""`kiosk run` and `kiosk demo` as a person runs them: any Qt platform (offscreen here),
SIGTERM and Ctrl-C close cleanly, bad arguments give a plain error and no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from kiosktest import kiosk_argv, kiosk_env


def _start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(kiosk_argv(*args), env=env or kiosk_env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_ready(proc: subprocess.Popen[str], timeout: float = 60) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if "ready to scan" in line:
            return lines
    proc.kill()
    raise AssertionError("never became ready:\n" + "".join(lines))


@pytest.mark.parametrize(("mode", "sig"), [("kiosk", signal.SIGTERM), ("desk", signal.SIGINT)])
def test_run_closes_cleanly_on_a_signal(demo, mode, sig):
    proc = _start("run", "--db", str(demo.db), "--camera", str(demo.video), "--mode", mode)
    lines = _wait_ready(proc)
    assert f"{mode} mode" in lines[-1] and "Main Hall" in lines[-1]
    time.sleep(1.0)  # let the camera run and scan a little
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "closed cleanly" in err
    assert "Traceback" not in err


def test_run_without_a_replica_is_a_plain_error(run_kiosk, tmp_path):
    result = run_kiosk("run", "--db", str(tmp_path / "nope.db"))
    assert result.returncode == 1
    assert result.stderr.startswith("error: No replica")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "nope.db").exists()


def test_run_with_a_missing_video_is_a_plain_error(run_kiosk, demo, tmp_path):
    result = run_kiosk("run", "--db", str(demo.db), "--camera", str(tmp_path / "x.mp4"))
    assert result.returncode == 1 and "No video file" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_with_an_unknown_gate_is_a_plain_error(run_kiosk, demo):
    result = run_kiosk("run", "--db", str(demo.db), "--gate", "nowhere", "--camera", "none")
    assert result.returncode == 1 and "Unknown gate 'nowhere'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_demo_runs_and_scans_its_video(tmp_path):
    env = kiosk_env()
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    proc = _start("demo", "--attendees", "200", "--dir", str(tmp_path / "demo"),
                  "--quit-after", "12", env=env)
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    assert "ready to scan" in err and "closed cleanly" in err
    assert "central list http://127.0.0.1:" in err
    import sqlite3

    with sqlite3.connect(tmp_path / "demo" / "demo.db") as conn:
        local = conn.execute("SELECT count(*) FROM checkins WHERE origin = 'local'").fetchone()
        refused = [r[0] for r in conn.execute("SELECT verdict FROM scan_log")]
    assert local[0] >= 1  # the first ticket of the video was admitted
    # "already checked in" came from the other kiosk's check-in, via the central list.
    assert "already_checked_in" in refused
    with sqlite3.connect(tmp_path / "demo" / "central.db") as conn:
        central = conn.execute("SELECT count(*) FROM checkins").fetchone()
    assert central[0] >= 2  # the other kiosk's, and ours uploaded by the background sync
    assert os.listdir(tmp_path / "cache" / "checkin-kiosk")  # the video is cached
