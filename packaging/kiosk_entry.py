"""Entry point of the PyInstaller bundle (see packaging/kiosk.spec).

The bundle ships two executables over one folder on Windows and macOS: ``kiosk`` (console:
every subcommand, scripts, the central server) and ``checkin-kiosk`` (windowed: what the
Start-menu shortcut and the macOS .app start). Double-clicking the windowed one passes no
arguments, so it opens the registration desk on the per-user replica instead of printing
help into a window nobody sees. The console ``kiosk`` behaves exactly like ``kiosk`` from
``pip install``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: Executable names (without .exe) that open the desk when started without arguments.
WINDOWED_NAMES = {"checkin-kiosk", "checkin kiosk"}


def user_data_dir() -> Path:
    """Where a double-clicked desk keeps its replica, per platform convention."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "checkin-kiosk"


def default_arguments(executable: str, argv: list[str]) -> list[str]:
    """The arguments to run: ``argv`` unchanged, except for the windowed executable, which
    opens the desk when started bare and runs on the per-user replica when ``run`` is given
    without ``--db`` (shortcuts cannot name a per-user path that is valid for every user)."""
    name = Path(executable).stem.lower()
    # macOS passes -psn_0_NNN to apps started from Finder on old releases: not an argument.
    argv = [a for a in argv if not a.startswith("-psn_")]
    if name not in WINDOWED_NAMES:
        return argv
    if not argv:
        argv = ["run", "--mode", "desk"]
    if argv[0] == "run" and not any(a == "--db" or a.startswith("--db=") for a in argv):
        data = user_data_dir()
        data.mkdir(parents=True, exist_ok=True)
        argv = [*argv, "--db", str(data / "replica.db")]
    return argv


def main() -> int:
    import multiprocessing

    # The scanner's worker process and the central list's large imports are started
    # with "spawn": in the bundle the child is this executable, told so by its arguments.
    multiprocessing.freeze_support()
    from kiosk.cli import main as kiosk_main

    return kiosk_main(default_arguments(sys.executable, sys.argv[1:]))


if __name__ == "__main__":
    sys.exit(main())
