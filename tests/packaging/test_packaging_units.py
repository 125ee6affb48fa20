"""The Linux deployment files: systemd units, users, desktop entry, installer script.

The units are checked the way systemd itself would load them: ``install.sh --root``
installs them into a throw-away image root, and ``systemd-analyze verify --root`` loads them
there (PID 1 here is not systemd, so they cannot be started). The image root gets a copy of
this machine's own unit directory (for sysinit.target, logind, getty@...) and stand-in
executables at /usr/bin/cage and /opt/checkin-kiosk/kiosk, because verify checks that every
ExecStart= binary exists; the real bundle is exercised in test_packaging_bundle.py.

These tests skip only when ``systemd-analyze`` is not installed at all (the Debian package
``systemd``, listed in packaging/debian-packages-test.txt, provides it).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
UNITS = ("checkin-kiosk-session.service", "checkin-kiosk-central.service")
SYSTEMD_UNIT_DIR = Path("/usr/lib/systemd/system")

needs_systemd_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is not installed (Debian package: systemd)",
)


def _executable(path: Path, text: str = "#!/bin/sh\nexit 0\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def run_install(image: Path, bundle: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(LINUX / "install.sh"), "--root", str(image),
                           "--bundle", str(bundle), *flags],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def image(tmp_path: Path) -> Path:
    """An image root with the units installed by install.sh, as on a real box."""
    bundle = tmp_path / "bundle"
    _executable(bundle / "kiosk", '#!/bin/sh\necho "kiosk $*"\n')
    image = tmp_path / "image"
    (image / "etc").mkdir(parents=True)
    # Base users and groups of a Debian system, so systemd-sysusers has something to extend.
    (image / "etc" / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (image / "etc" / "group").write_text("root:x:0:\nvideo:x:44:\n")
    proc = run_install(image, bundle, "--desk", "--kiosk", "--central")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    if SYSTEMD_UNIT_DIR.is_dir():
        shutil.copytree(SYSTEMD_UNIT_DIR, image / "usr" / "lib" / "systemd" / "system",
                        symlinks=True)
    _executable(image / "usr" / "bin" / "cage")
    return image


def verify(image: Path, *units: str) -> tuple[int, str]:
    proc = subprocess.run(["systemd-analyze", "verify", f"--root={image}", "--man=no", *units],
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, (proc.stdout + proc.stderr).strip()


@needs_systemd_analyze
def test_units_pass_systemd_analyze_verify(image: Path) -> None:
    assert SYSTEMD_UNIT_DIR.is_dir(), "systemd-analyze exists but systemd's units do not"
    code, output = verify(image, *UNITS)
    # verify exits 0 on mere warnings (unknown keys, bad values it ignores): demand silence.
    assert code == 0 and output == "", output


@needs_systemd_analyze
def test_verify_catches_a_broken_unit(image: Path) -> None:
    """The check above can fail: a typo in a key or a bad value is reported."""
    unit = image / "etc" / "systemd" / "system" / "checkin-kiosk-central.service"
    unit.write_text(unit.read_text().replace("ProtectSystem=strict", "ProtectSystem=stricter")
                    .replace("RestartSec=2", "RestartSecs=2"))
    code, output = verify(image, "checkin-kiosk-central.service")
    assert "stricter" in output and "RestartSecs" in output, output


@needs_systemd_analyze
def test_missing_executable_is_reported(image: Path) -> None:
    (image / "opt" / "checkin-kiosk" / "kiosk").unlink()
    code, output = verify(image, "checkin-kiosk-central.service")
    assert code != 0 and "/opt/checkin-kiosk/kiosk" in output, output


@needs_systemd_analyze
@pytest.mark.parametrize("unit,threshold", [("checkin-kiosk-central.service", 2.0),
                                            ("checkin-kiosk-session.service", 5.0)])
def test_units_are_hardened(image: Path, unit: str, threshold: float) -> None:
    """systemd's own exposure score (0 = locked down, 10 = wide open). The server is
    sandboxed tightly; the kiosk session must keep the seat's GPU, input and camera."""
    proc = subprocess.run(["systemd-analyze", "security", f"--root={image}", "--offline=yes",
                           "--no-pager", unit], capture_output=True, text=True, timeout=120)
    last = [line for line in proc.stdout.splitlines() if "Overall exposure level" in line]
    assert last, proc.stdout + proc.stderr
    score = float(last[0].split(":")[1].split()[0])
    assert score <= threshold, last[0]


def test_central_unit_has_state_directory_user_and_sandbox() -> None:
    text = (LINUX / "systemd" / "checkin-kiosk-central.service").read_text()
    for line in ("User=checkin-central", "StateDirectory=checkin-central",
                 "ProtectSystem=strict", "NoNewPrivileges=yes", "CapabilityBoundingSet=",
                 "EnvironmentFile=-/etc/checkin-kiosk/central.env"):
        assert f"\n{line}\n" in text, line
    assert "kiosk serve --db ${KIOSK_CENTRAL_DB}" in text


def test_kiosk_session_restarts_full_screen_kiosk() -> None:
    text = (LINUX / "systemd" / "checkin-kiosk-session.service").read_text()
    exec_start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    assert exec_start.startswith("ExecStart=/usr/bin/cage ")
    assert "/opt/checkin-kiosk/kiosk run --mode kiosk --db %S/checkin-kiosk/replica.db" \
        in exec_start
    assert " -s " not in exec_start  # no VT switching out of the kiosk
    assert "\nRestart=always\n" in text and "\nStartLimitIntervalSec=0\n" in text
    assert "\nPAMName=checkin-kiosk-session\n" in text
    assert (LINUX / "pam.d" / "checkin-kiosk-session").is_file()


def test_install_creates_users_and_files(image: Path) -> None:
    passwd = (image / "etc" / "passwd").read_text()
    group = (image / "etc" / "group").read_text()
    if shutil.which("systemd-sysusers"):
        assert "checkin-kiosk:" in passwd and "checkin-central:" in passwd
        video = next(line for line in group.splitlines() if line.startswith("video:"))
        assert "checkin-kiosk" in video.split(":")[3]
    for rel in ("opt/checkin-kiosk/kiosk", "opt/checkin-kiosk/checkin-kiosk-desk",
                "etc/systemd/system/checkin-kiosk-session.service",
                "etc/systemd/system/checkin-kiosk-central.service",
                "etc/pam.d/checkin-kiosk-session", "etc/sysusers.d/checkin-kiosk.conf",
                "etc/checkin-kiosk/kiosk.env", "etc/checkin-kiosk/central.env",
                "usr/share/applications/checkin-kiosk.desktop",
                "usr/share/icons/hicolor/256x256/apps/checkin-kiosk.png"):
        assert (image / rel).exists(), rel
    assert os.readlink(image / "usr/local/bin/kiosk") == "/opt/checkin-kiosk/kiosk"


def test_reinstall_keeps_the_organisers_settings(image: Path, tmp_path: Path) -> None:
    env = image / "etc" / "checkin-kiosk" / "central.env"
    env.write_text("KIOSK_CENTRAL_DB=postgresql://checkin:secret@localhost/checkin\n")
    proc = run_install(image, image / "opt" / "checkin-kiosk", "--central")
    assert proc.returncode == 0, proc.stderr
    assert "postgresql://" in env.read_text()


def test_install_refuses_without_a_bundle(tmp_path: Path) -> None:
    proc = run_install(tmp_path / "image", tmp_path / "nothing-here", "--kiosk")
    assert proc.returncode == 1
    assert "no bundle" in proc.stderr and "Traceback" not in proc.stderr


def test_desk_launcher_opens_the_desk_on_the_users_replica(image: Path, tmp_path: Path) -> None:
    data = tmp_path / "xdg"
    proc = subprocess.run([str(image / "opt" / "checkin-kiosk" / "checkin-kiosk-desk"),
                           "--gate", "desk-1"], capture_output=True, text=True, timeout=30,
                          env={**os.environ, "XDG_DATA_HOME": str(data)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == (f"kiosk run --mode desk --db {data}/checkin-kiosk/replica.db"
                                   " --gate desk-1")
    assert (data / "checkin-kiosk").is_dir()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate is not installed (desktop-file-utils)")
def test_desktop_entry_is_valid() -> None:
    proc = subprocess.run(["desktop-file-validate", str(LINUX / "checkin-kiosk.desktop")],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0 and proc.stdout.strip() == "", proc.stdout + proc.stderr
