"""The ``kiosk`` command: one entry point, subcommands registered by each package.

Each package keeps its commands in its own ``commands`` module with a
``register(subparsers)`` function; handlers import heavy libraries (cv2, Qt, FastAPI)
lazily so that ``kiosk --version`` and ``kiosk checkin`` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Sequence

from kiosk import __version__
from kiosk.errors import ImportFailed, KioskError

COMMAND_MODULES = (
    "kiosk.replica.commands",
    "kiosk.replica.recovery_commands",
    "kiosk.scanner.commands",
    "kiosk.sync.commands",
    "kiosk.central.commands",
    "kiosk.gui.commands",
    "kiosk.selfcheck",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Offline-first QR check-in for events: kiosk, desk and central list.",
    )
    parser.add_argument("--version", action="version", version=f"checkin-kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except ImportFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        for line, reason in exc.problems:
            print(f"  line {line}: {reason}", file=sys.stderr)
        return 1
    except KioskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
        # Boundaries should have translated this; never show a traceback for it anyway.
        print(f"error: database error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        # A path that is missing, a folder where a file should be, a full disk...
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
