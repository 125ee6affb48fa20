"""`kiosk run` and `kiosk demo` (PySide6 is imported inside the handlers only)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from kiosk.errors import ConfigError


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("run", help="run the kiosk (self-service) or desk window on a replica")
    p.add_argument("--db", required=True, help="replica file (import or sync one first)")
    p.add_argument("--camera", help="camera index (0, 1, ...), video file or stream URL; "
                                    "'none' for a barcode scanner only (default: settings)")
    p.add_argument("--mode", choices=("kiosk", "desk"), help="default: settings (kiosk)")
    p.add_argument("--gate", help="gate id (default: settings, or the only gate)")
    p.add_argument("--windowed", action="store_true",
                   help="kiosk mode in a window instead of full screen")
    p.add_argument("--language", choices=("system", "en", "id"), help="default: settings")
    p.add_argument("--quit-after", type=float, metavar="SECONDS",
                   help="close by itself after SECONDS (smoke tests, unattended demos)")
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("demo", help="try it: a demo conference and a video of tickets")
    p.add_argument("--camera", help="use a real camera (index) instead of the demo video")
    p.add_argument("--mode", choices=("kiosk", "desk"), default="kiosk")
    p.add_argument("--attendees", type=int, default=3000, help="how many demo attendees")
    p.add_argument("--dir", help="where to put the demo replica (default: a temp folder)")
    p.add_argument("--fullscreen", action="store_true", help="kiosk mode in full screen")
    p.add_argument("--standalone", action="store_true",
                   help="no embedded central list: a stand-alone replica")
    p.add_argument("--pretix", metavar="QR_TEXT",
                   help="pair with this pretix device QR's text instead, and show that "
                        "event's own tickets (docs/pretix.md)")
    p.add_argument("--language", choices=("system", "en", "id"))
    p.add_argument("--quit-after", type=float, metavar="SECONDS",
                   help="close by itself after SECONDS (smoke tests, unattended demos)")
    p.set_defaults(handler=cmd_demo)


def _setup_logging() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # One line per HTTP request every few seconds would drown what matters.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _ensure_display() -> None:
    """Without a display (SSH, a server, CI), Qt's xcb plugin aborts with a cryptic message:
    run offscreen instead and say so. The verdicts are logged one per line either way."""
    if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        print("kiosk: no display found (DISPLAY and WAYLAND_DISPLAY are unset): running "
              "offscreen, nothing is shown and verdicts are printed here. Run it in a "
              "desktop session, or under `xvfb-run`, to see the window.",
              file=sys.stderr, flush=True)


def _check_camera(spec: str | None) -> None:
    if spec is None or spec.isdigit() or spec.lower() == "none" or "://" in spec:
        return
    if not Path(spec).exists():
        raise ConfigError(f"No video file {spec}. Give a camera index (0, 1, ...), "
                          "a video file or a stream URL.")


def cmd_run(args: argparse.Namespace) -> int:
    from kiosk.replica.db import Replica

    _check_camera(args.camera)
    # Open once without creating: a mistyped path is an error, not a new empty replica.
    Replica(args.db, create=False).close()
    _setup_logging()
    _ensure_display()
    from kiosk.gui.app import RunOptions, run_app

    return run_app(RunOptions(
        db=Path(args.db), camera=args.camera, mode=args.mode, gate=args.gate,
        fullscreen=not args.windowed, language=args.language, quit_after=args.quit_after))


def cmd_demo(args: argparse.Namespace) -> int:
    from kiosk.core.config import DEFAULT_PIN
    from kiosk.demo.prepare import prepare_demo

    if args.attendees < 10:
        raise ConfigError("The demo needs at least 10 attendees.")
    _check_camera(args.camera)
    _setup_logging()
    _ensure_display()
    directory = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="kiosk-demo-"))
    print(f"kiosk demo: preparing {args.attendees} attendees and the ticket video in "
          f"{directory} …", file=sys.stderr, flush=True)
    demo = prepare_demo(directory, attendees=args.attendees,
                        central=not args.standalone and not args.pretix, pretix=args.pretix)
    try:
        camera = args.camera if args.camera is not None else str(demo.video)
        where = f"central list {demo.central.url}; " if demo.central else ""
        print(f"kiosk demo: {where}replica {demo.setup.replica_path}; video {demo.video}; "
              f"staff PIN {DEFAULT_PIN} (Ctrl+Alt+S or ⚙ for the staff menu)",
              file=sys.stderr, flush=True)
        from kiosk.core.config import SYNC_INTERVAL_SECONDS, DeviceConfig
        from kiosk.gui.app import RunOptions, run_app
        from kiosk.replica.db import Replica

        with Replica(demo.setup.replica_path) as replica:
            # Sync often in the demo so the status bar visibly follows the central list.
            DeviceConfig(replica).set(SYNC_INTERVAL_SECONDS, 5)
        return run_app(RunOptions(
            db=demo.setup.replica_path, camera=camera, mode=args.mode,
            gate=demo.setup.kiosk_gate, fullscreen=args.fullscreen, language=args.language,
            quit_after=args.quit_after))
    finally:
        demo.stop()
