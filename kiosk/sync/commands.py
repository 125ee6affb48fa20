"""`kiosk pair` and `kiosk sync [--watch]`: pair a replica with a central list, sync it."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from kiosk.errors import AuthError, ConfigError, GateRemoved, KioskError, NotPaired


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "pair", help="pair this kiosk's replica with a central list",
        description="Pair a kiosk replica with a central list: kiosk pair URL CODE --db "
                    "kiosk.db. CODE may also be the pairing QR's text "
                    "(CKPAIR:http://host:8421#ABCD-EF23), then the URL can be left out. "
                    "With pretix, give the device QR's text alone: kiosk pair "
                    "'{\"handshake_version\": 1, \"url\": ..., \"token\": ...}' --db kiosk.db "
                    "(docs/pretix.md); a kiosk paired with pretix takes another event or "
                    "check-in list with: kiosk pair --db kiosk.db --event SLUG --list ID.")
    p.add_argument("url", metavar="URL", nargs="?",
                   help="the central list's URL, e.g. http://10.0.0.5:8421 (http:// may be "
                        "left out)")
    p.add_argument("code", metavar="CODE", nargs="?",
                   help="the pairing code shown by `kiosk central pair-code` (or its "
                        "CKPAIR:... QR text)")
    p.add_argument("--db", required=True, help="replica file (created if missing)")
    p.add_argument("--name", default="", help="this kiosk's name (default: the code's name)")
    p.add_argument("--force", action="store_true",
                   help="pair even a replica holding its own data or paired elsewhere")
    p.add_argument("--event", default=None,
                   help="pretix only: the event's slug (default: pretix's event selection)")
    p.add_argument("--list", dest="list_id", type=int, default=None,
                   help="pretix only: the check-in list's id (default: pretix's selection)")
    p.set_defaults(handler=cmd_pair)

    p = sub.add_parser("sync", help="upload check-ins and download changes (once, or --watch)")
    p.add_argument("--db", required=True, help="a replica paired with `kiosk pair`")
    p.add_argument("--watch", action="store_true", help="keep syncing until Ctrl+C")
    p.add_argument("--interval", type=_interval, default=5.0,
                   help="seconds between syncs with --watch while the live feed is "
                        "unavailable (at least 1; default 5)")
    p.add_argument("--no-live", action="store_true",
                   help="with --watch: sync on the timer only (no upload on scan, no "
                        "live feed)")
    p.set_defaults(handler=cmd_sync)


def _url_and_code(first: str, second: str | None) -> tuple[str, str]:
    """``URL CODE``, ``URL CKPAIR:URL#CODE``, or ``CKPAIR:URL#CODE`` alone."""
    from kiosk.sync.pairing import read_pairing

    request = read_pairing(second if second is not None else first,
                           first if second is not None else "", typed_url_first=True)
    return request.url, request.code


def _first_download(engine: Any, db: str, what: str) -> int:
    """The first sync right after pairing, reported; the exit status."""

    def show(p: Any) -> None:
        # A large list comes as a snapshot (rows), then the changes after it.
        if p.phase in ("snapshot", "download") and p.total:
            label = "the list" if p.phase == "snapshot" else what
            print(f"  downloading {label}: {p.done}/{p.total}", file=sys.stderr)

    result = engine.sync(show, force=True)
    if not result.ok:
        print(f"error: paired, but the first download failed: "
              f"{result.error} Run `kiosk sync --db {db}` to retry.", file=sys.stderr)
        return 1
    print(f"Downloaded {result.downloaded} {what}; the kiosk is ready.")
    return 0


def cmd_pair_pretix(args: argparse.Namespace) -> int:
    from kiosk.pretix.engine import PretixEngine

    with PretixEngine(args.db) as engine:
        answer = engine.pair(args.url, event=args.event, list_id=args.list_id,
                             device_name=args.name, force=args.force)
        who = f"Paired with pretix as {answer['device_name']} (device {answer['device_id']})"
        if answer["event"] is None:
            print(f"{who}; choose its event and check-in list: kiosk pair --db {args.db} "
                  "--event SLUG --list ID. It may check in at:")
            for choice in answer["choices"]:
                lists = ", ".join(f"{i} ({name})" for i, name in choice.lists)
                print(f"  --event {choice.event} ({choice.name}): --list {lists or '(none)'}")
            return 1
        print(f"{who}: event {answer['event']}, check-in list {answer['list']} (gate "
              f"{answer['gate_id']}).")
        return _first_download(engine, args.db, "orders")


def cmd_choose_pretix(args: argparse.Namespace) -> int:
    """``kiosk pair --db FILE --event SLUG --list ID``: another event or list for a kiosk
    paired with pretix (the device stays the same)."""
    from pathlib import Path

    from kiosk.pretix.engine import PretixEngine, is_pretix
    from kiosk.replica.db import Replica

    if not Path(args.db).exists():  # not created by a mistyped command
        raise ConfigError(f"{args.db} does not exist: give the central list's URL and "
                          "pairing code, or pretix's device QR text.")
    with Replica(args.db) as replica:
        if not is_pretix(replica):
            raise ConfigError("Give the central list's URL and pairing code, or pretix's "
                              "device QR text (--event and --list alone choose for a kiosk "
                              "already paired with pretix).")
    if args.event is None or args.list_id is None:
        raise ConfigError("Give both --event SLUG and --list ID.")
    with PretixEngine(args.db) as engine:
        answer = engine.choose(args.event, args.list_id)
        print(f"pretix: event {answer['event']}, check-in list {answer['list']} (gate "
              f"{answer['gate_id']}).")
        return _first_download(engine, args.db, "orders")


def cmd_pair(args: argparse.Namespace) -> int:
    from kiosk.pretix.engine import parse_handshake
    from kiosk.sync.engine import SyncEngine
    from kiosk.sync.pairing import normalize_url
    from kiosk.sync.pinning import split_url

    if args.url is None:
        return cmd_choose_pretix(args)
    if args.code is None and parse_handshake(args.url) is not None:
        return cmd_pair_pretix(args)
    url, code = _url_and_code(args.url, args.code)
    with SyncEngine(args.db) as engine:
        answer = engine.pair(url, code, device_name=args.name, force=args.force)
        base = split_url(normalize_url(url))[0]
        print(f"Paired as {answer['device_name']} ({answer['device_id']}) with {base}"
              + (" (certificate pinned)." if base.startswith("https://") else
                 ". WARNING: plain http, the central list's answers and this kiosk's "
                 "token travel readable on the network."))
        return _first_download(engine, args.db, "changes")


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

    from kiosk.pretix.engine import open_engine
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
            print(f"{stamp} sync failed: {result.error}",
                  file=sys.stderr, flush=True)

    refused_shown = 0

    def report_refused(engine: SyncEngine) -> None:
        # Uploads the central list refused stay on the kiosk, visible, not retried.
        nonlocal refused_shown
        refused = engine.status().rejected_uploads
        if refused != refused_shown:
            refused_shown = refused
            print(f"warning: the central list refused {refused} upload(s) (unknown attendee "
                  f"or gate?); they are kept here: see `kiosk checkins --db {args.db}`.",
                  file=sys.stderr, flush=True)

    gate_shown = ""

    def report_gate() -> None:
        # The central list withdrew this kiosk's gate (moved to another event, or
        # deleted): say so once, in the words the scan would refuse with.
        nonlocal gate_shown
        from kiosk.replica.checkin import CheckInService
        from kiosk.replica.db import Replica

        try:
            with Replica(args.db) as replica:
                CheckInService(replica).gate()
            words = ""
        except GateRemoved as exc:
            words = str(exc)
        except KioskError:  # no gate here, or the file: the sync's own report says it
            words = ""
        if words and words != gate_shown:
            print(f"warning: {words}", file=sys.stderr, flush=True)
        gate_shown = words

    with open_engine(args.db) as engine:
        if engine.status().insecure:
            print("warning: this kiosk talks to the central list over plain http: its token "
                  "and the attendee list travel readable on the network (pair it with the "
                  "https:// address to fix).", file=sys.stderr, flush=True)
        if not args.watch:
            result = engine.sync(show, force=True)
            report(result)
            report_refused(engine)
            report_gate()
            return 0 if result.ok else 1
        if args.no_live:
            while True:
                result = engine.sync(show)
                report(result)
                report_refused(engine)
                report_gate()
                if isinstance(result.error, AuthError | NotPaired):
                    return 1  # needs a person: pair again
                # Offline: wait out the engine's backoff rather than hammer the network.
                time.sleep(max(args.interval, engine.next_retry_in()))
        from kiosk.sync.live import run_live

        def after(result: SyncResult) -> None:
            report(result)
            report_refused(engine)
            report_gate()

        # Upload on scan, download on the live feed; the interval only as the fallback.
        result = run_live(engine, interval=args.interval, on_result=after, progress=show)
        return 0 if result.ok else 1
