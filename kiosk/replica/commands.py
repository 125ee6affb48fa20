"""Replica commands: import, codes, checkin, attendees, checkins, gates."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from kiosk.cli import parse_days, parse_words
from kiosk.core.config import DEVICE_TOKEN, FEED_GATE_ONLY, GATE, SERVER_URL, DeviceConfig
from kiosk.errors import ConfigError

if TYPE_CHECKING:
    from kiosk.replica.db import Replica


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("import", help="import an attendee list (CSV) into a replica")
    p.add_argument("file", help="CSV file (comma, semicolon or tab separated)")
    p.add_argument("--db", required=True, help="replica file (created if missing)")
    p.add_argument("--event", help="event name (created if new)")
    p.add_argument("--skip-invalid", action="store_true",
                   help="import the valid rows and list the invalid ones")
    p.add_argument("--force", action="store_true",
                   help="import into a replica paired with a central list anyway")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("codes", help="write QR ticket images (and a PDF sheet)")
    p.add_argument("--db", required=True)
    p.add_argument("--out", required=True, help="folder for <attendee id>.png")
    p.add_argument("--pdf", help="also write a printable PDF sheet of tickets")
    p.add_argument("--level", choices="LMQH", default="M", help="QR error correction")
    p.set_defaults(handler=cmd_codes)

    p = sub.add_parser("checkin", help="decide and record one scan; prints JSON")
    p.add_argument("code")
    p.add_argument("--db", required=True)
    p.add_argument("--gate", help="gate id (default: the configured or only gate)")
    p.add_argument("--exit", action="store_true",
                   help="record an exit (default: as this kiosk's gate mode says: entry, "
                        "exit, or by the person's state)")
    p.set_defaults(handler=cmd_checkin)

    p = sub.add_parser("attendees", help="list or search attendees")
    p.add_argument("--db", required=True)
    p.add_argument("--search", help="name, e-mail, organisation or code (prefixes)")
    p.add_argument("--json", action="store_true", help="JSON lines")
    p.add_argument("--limit", type=int, default=None)
    p.set_defaults(handler=cmd_attendees)

    p = sub.add_parser("checkins", help="list recorded check-ins")
    p.add_argument("--db", required=True)
    p.add_argument("--json", action="store_true", help="JSON lines")
    p.set_defaults(handler=cmd_checkins)

    p = sub.add_parser("gates", help="list gates, or add/change one in a stand-alone replica")
    p.add_argument("--db", required=True)
    p.add_argument("--add", metavar="ID", help="gate id to add or change")
    p.add_argument("--name", help="display name")
    p.add_argument("--types", help="comma-separated ticket types admitted (default: all)")
    p.add_argument("--days", help="comma-separated ISO dates open (default: every day)")
    p.add_argument("--reentry", action="store_true", help="allow re-entry after an exit scan")
    p.add_argument("--event", help="event id (default: the replica's event)")
    p.add_argument("--use", metavar="ID", help="make this the kiosk's gate")
    p.add_argument("--feed", choices=("gate", "all"),
                   help="download the check-ins of this kiosk's gate only, the only ones "
                        "its verdicts read ('gate'), or of every gate ('all', the default); "
                        "see docs/sync.md, 'Only what a device needs'")
    p.add_argument("--force", action="store_true",
                   help="change gates of a replica paired with a central list anyway")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_gates)


def _open(path: str, *, must_exist: bool = True) -> Replica:
    from pathlib import Path

    if must_exist and not Path(path).exists():
        raise ConfigError(f"No replica at {path}. Import a CSV or pair with a central list first.")
    from kiosk.replica.db import Replica

    return Replica(path)


def _refuse_if_paired(replica: Replica, what: str, force: bool) -> None:
    """A paired replica mirrors the central list: local edits would never sync."""
    config = DeviceConfig(replica)
    server = config.get(SERVER_URL)
    if server and config.get(DEVICE_TOKEN) and not force:
        raise ConfigError(
            f"This replica is paired with the central list at {server}: {what} there "
            "(`kiosk central ...`) so every kiosk gets it. Use --force to change only "
            "this replica."
        )


def cmd_import(args: argparse.Namespace) -> int:
    from kiosk.replica.importer import import_csv

    with _open(args.db, must_exist=False) as replica:
        _refuse_if_paired(replica, "import attendees", args.force)
        summary = import_csv(replica, args.file, event_name=args.event,
                             skip_invalid=args.skip_invalid)
    print(summary.text())
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    from kiosk.replica.codes import export_codes

    with _open(args.db) as replica:
        summary = export_codes(replica, args.out, pdf=args.pdf, level=args.level)
    print(f"Wrote {summary.written} QR images to {args.out}"
          + (f" ({summary.issued} new signed codes issued)" if summary.issued else "")
          + (f"; ticket sheet {summary.pdf}" if summary.pdf else "") + ".")
    return 0


def cmd_checkin(args: argparse.Namespace) -> int:
    from kiosk.core.models import Direction
    from kiosk.replica.checkin import CheckInService
    from kiosk.verdict_messages import result_json

    with _open(args.db) as replica:
        service = CheckInService(replica, gate_id=args.gate)
        result = service.scan(args.code, direction=Direction.EXIT if args.exit else None)
    print(json.dumps(result_json(result), ensure_ascii=False))
    return 0


def cmd_attendees(args: argparse.Namespace) -> int:
    with _open(args.db) as replica:
        if args.search:
            rows = replica.search(args.search, limit=args.limit or 50)
        else:
            rows = replica.attendees(limit=args.limit)
    for a in rows:
        if args.json:
            print(json.dumps(a.to_json(), ensure_ascii=False))
        else:
            status = "" if a.status == "valid" else f"  [{a.status}]"
            print(f"{a.id}\t{a.name}\t{a.organisation}\t{a.ticket_type}\t{a.code or '-'}{status}")
    if not args.json and not rows:
        print("No attendees found.", file=sys.stderr)
    return 0


def cmd_checkins(args: argparse.Namespace) -> int:
    with _open(args.db) as replica:
        rows = replica.checkins()
    for c in rows:
        if args.json:
            print(json.dumps(c, ensure_ascii=False))
        else:
            flags = ("" if c["uploaded"] else "  (waiting to upload)") + (
                "  [duplicate entry]" if c["duplicate"] else "")
            if c.get("rejected"):
                # refused by the central list: kept here, not sent again
                flags = f"  ({c['rejected']})"
            device = c["device_name"] or c["device_id"]
            print(f"{c['scanned_at']}\t{c['direction']}\t{c['gate_id']}\t{c['attendee_id']}"
                  f"\t{c['verdict']}\t{device}{flags}")
    return 0


def cmd_gates(args: argparse.Namespace) -> int:
    from kiosk.core.models import Gate

    with _open(args.db) as replica:
        if args.add:
            _refuse_if_paired(replica, "edit gates", args.force)
            event = replica.get_event(args.event) if args.event else replica.default_event()
            if event is None:
                raise ConfigError("No event in this replica: import a CSV first.")
            existing = replica.get_gate(args.add)
            types = parse_words(args.types)
            days = parse_days(args.days)
            replica.upsert_gate(Gate(
                id=args.add, event_id=event.id,
                name=args.name or (existing.name if existing else args.add),
                ticket_types=types or (existing.ticket_types if existing and not args.types
                                       else ()),
                days=days or (existing.days if existing and not args.days else ()),
                allow_reentry=args.reentry,
            ))
        if args.use:
            if replica.get_gate(args.use) is None:
                raise ConfigError(f"Unknown gate {args.use!r}.")
            DeviceConfig(replica).set(GATE, args.use)
        if args.feed:
            DeviceConfig(replica).set(FEED_GATE_ONLY, args.feed == "gate")
        in_use = DeviceConfig(replica).get(GATE)
        for g in replica.gates():
            if args.json:
                print(json.dumps({"id": g.id, "event_id": g.event_id, "name": g.name,
                                  "ticket_types": list(g.ticket_types),
                                  "days": [d.isoformat() for d in g.days],
                                  "allow_reentry": g.allow_reentry,
                                  "in_use": g.id == in_use}))
            else:
                print(f"{g.id}\t{g.name}\ttypes={','.join(g.ticket_types) or 'all'}\t"
                      f"days={','.join(d.isoformat() for d in g.days) or 'all'}\t"
                      f"reentry={'yes' if g.allow_reentry else 'no'}"
                      + ("\t(this kiosk)" if g.id == in_use else ""))
    return 0
