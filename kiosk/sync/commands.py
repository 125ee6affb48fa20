"""`kiosk sync [--watch]`: sync a paired replica with its central list."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from kiosk.errors import ConfigError


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("sync", help="upload check-ins and download changes (once, or --watch)")
    p.add_argument("--db", required=True, help="a replica paired with `kiosk pair`")
    p.add_argument("--watch", action="store_true", help="keep syncing until Ctrl+C")
    p.add_argument("--interval", type=_interval, default=5.0,
                   help="seconds between syncs with --watch (at least 1; default 5)")
    p.set_defaults(handler=cmd_sync)


def _interval(text: str) -> float:
    """argparse type: seconds between syncs, at least 1 (0 would hammer the server)."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not seconds >= 1:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{text} s is too short: use at least 1 second")
    return seconds


def cmd_sync(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.sync.engine import SyncEngine, SyncProgress, SyncResult

    if not Path(args.db).exists():
        raise ConfigError(f"No replica at {args.db}. Pair it first: kiosk pair URL CODE "
                          f"--db {args.db}")

    def show(p: SyncProgress) -> None:
        if p.total:
            print(f"  {p.phase}: {p.done}/{p.total}", file=sys.stderr)

    def report(result: SyncResult) -> None:
        stamp = result.finished_at.astimezone().strftime("%H:%M:%S")
        if result.ok:
            print(f"{stamp} synced: {result.uploaded} uploaded, {result.downloaded} downloaded.",
                  flush=True)
        else:
            print(f"{stamp} sync failed ({result.error_kind}): {result.error}",
                  file=sys.stderr, flush=True)

    with SyncEngine(args.db) as engine:
        if not args.watch:
            result = engine.sync(show, force=True)
            report(result)
            return 0 if result.ok else 1
        while True:
            result = engine.sync(show)
            report(result)
            if result.error_kind in ("auth", "not_paired"):
                return 1  # needs a person: pair again
            # Offline: wait out the engine's backoff rather than hammer the network.
            time.sleep(max(args.interval, engine.next_retry_in()))
