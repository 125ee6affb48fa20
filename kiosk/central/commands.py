"""`kiosk serve` and `kiosk central ...` (organiser operations); `kiosk pair` is in
:mod:`kiosk.sync.commands`."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from kiosk.errors import ConfigError

if TYPE_CHECKING:
    from kiosk.central.store import CentralStore

DEFAULT_DB = "central.db"
DEFAULT_PORT = 8421


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("serve", help="run the central list server (FastAPI on uvicorn)")
    p.add_argument("--db", default=DEFAULT_DB,
                   help=f"SQLite file or postgresql:// URL (default: {DEFAULT_DB})")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT,
                   help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    p.set_defaults(handler=cmd_serve)

    central = sub.add_parser("central", help="organiser operations on the central list")
    csub = central.add_subparsers(dest="central_command", metavar="ACTION")
    central.set_defaults(handler=lambda _args: central.print_help() or 2)

    def db_arg(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--db", default=DEFAULT_DB,
                            help=f"SQLite file or postgresql:// URL (default: {DEFAULT_DB})")

    p = csub.add_parser("create-event", help="create (or rename) an event with days and gates")
    p.add_argument("name")
    db_arg(p)
    p.add_argument("--id", help="event id (default: from the name)")
    p.add_argument("--days", help="comma-separated ISO dates, e.g. 2026-12-01,2026-12-02")
    p.add_argument("--timezone", help="IANA time zone (default: this machine's)")
    p.add_argument("--gate", action="append", default=[], metavar="ID=NAME[:TYPES]",
                   help="a gate; TYPES comma-separated ticket types admitted (repeatable)")
    p.set_defaults(handler=cmd_create_event)

    p = csub.add_parser("gate", help="add or change a gate")
    p.add_argument("id")
    db_arg(p)
    p.add_argument("--name", required=True)
    p.add_argument("--event", help="event id (default: the first event)")
    p.add_argument("--types", help="comma-separated ticket types admitted (default: all)")
    p.add_argument("--days", help="comma-separated ISO dates open (default: every day)")
    p.add_argument("--reentry", action="store_true", help="allow re-entry after an exit scan")
    p.add_argument("--delete", action="store_true", help="remove the gate")
    p.set_defaults(handler=cmd_gate)

    p = csub.add_parser("import", help="import an attendee CSV (same rules as `kiosk import`)")
    p.add_argument("file")
    db_arg(p)
    p.add_argument("--event", help="event name (created if new)")
    p.add_argument("--skip-invalid", action="store_true")
    p.set_defaults(handler=cmd_import)

    p = csub.add_parser("attendees", help="list attendees")
    db_arg(p)
    p.add_argument("--json", action="store_true", help="JSON lines")
    p.set_defaults(handler=cmd_attendees)

    p = csub.add_parser("cancel", help="cancel an attendee (by id or code)")
    p.add_argument("attendee")
    db_arg(p)
    p.set_defaults(handler=cmd_cancel)

    p = csub.add_parser("edit", help="edit an attendee (by id or code)")
    p.add_argument("attendee")
    db_arg(p)
    for name in ("name", "email", "organisation", "ticket-type", "code"):
        p.add_argument(f"--{name}")
    p.add_argument("--status", choices=("valid", "cancelled"))
    p.set_defaults(handler=cmd_edit)

    p = csub.add_parser("revoke", help="revoke a ticket code")
    p.add_argument("code")
    db_arg(p)
    p.add_argument("--reason", default="")
    p.set_defaults(handler=cmd_revoke)

    p = csub.add_parser("codes", help="issue signed ticket codes (and write QR images)")
    db_arg(p)
    p.add_argument("--event", help="event id (default: the first event)")
    p.add_argument("--reissue", action="store_true",
                   help="replace every code (old ones are revoked)")
    p.add_argument("--out", help="folder for <attendee id>.png QR images")
    p.set_defaults(handler=cmd_codes)

    p = csub.add_parser("pair-code", help="make a pairing code for a kiosk (last line)")
    db_arg(p)
    p.add_argument("--name", default="", help="the kiosk's name")
    p.add_argument("--gate", help="the gate this kiosk serves")
    p.add_argument("--minutes", type=int, default=15, help="validity (default 15)")
    p.add_argument("--url", help="server URL to put in the QR code with the code")
    p.add_argument("--qr", help="also write a QR image (PNG) a kiosk can scan")
    p.set_defaults(handler=cmd_pair_code)

    p = csub.add_parser("devices", help="list paired devices, or revoke one")
    db_arg(p)
    p.add_argument("--revoke", metavar="ID", help="revoke this device's token")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_devices)

    p = csub.add_parser("admin-token",
                        help="make a new organiser token for the web page (/admin)")
    db_arg(p)
    p.add_argument("--url", help="server URL, to print the login link")
    p.set_defaults(handler=cmd_admin_token)

    p = csub.add_parser("checkins", help="export every check-in received")
    db_arg(p)
    p.add_argument("--csv", action="store_true", help="CSV (default: aligned text)")
    p.add_argument("--json", action="store_true", help="JSON lines")
    p.set_defaults(handler=cmd_checkins)


def _store(db: str) -> CentralStore:
    from kiosk.central.store import CentralStore

    return CentralStore.open(db)


def _dates(text: str | None) -> list[date]:
    if not text:
        return []
    try:
        return [date.fromisoformat(d.strip()) for d in text.split(",") if d.strip()]
    except ValueError:
        raise ConfigError(f"Bad date list {text!r}: use YYYY-MM-DD,YYYY-MM-DD.") from None


def _types(text: str | None) -> tuple[str, ...]:
    return tuple(t.strip() for t in (text or "").split(",") if t.strip())


def cmd_serve(args: argparse.Namespace) -> int:
    from kiosk.central.server import serve

    serve(args.db, host=args.host, port=args.port)
    return 0


def cmd_create_event(args: argparse.Namespace) -> int:
    from kiosk.core.models import Gate

    gates = []
    for spec in args.gate:
        gate_id, sep, rest = spec.partition("=")
        if not sep or not gate_id.strip():
            raise ConfigError(f"Bad --gate {spec!r}: use ID=NAME or ID=NAME:TYPE1,TYPE2.")
        name, _, types = rest.partition(":")
        gates.append(Gate(gate_id.strip(), "", name.strip() or gate_id.strip(), _types(types)))
    with _store(args.db) as store:
        event = store.create_event(args.name, event_id=args.id, days=_dates(args.days),
                                   timezone=args.timezone, gates=gates)
    days = ", ".join(d.isoformat() for d in event.days) or "any day"
    print(f"Event {event.id!r} ({event.name}; {days}; {event.timezone}) with "
          f"{len(gates)} gate(s).")
    return 0


def cmd_gate(args: argparse.Namespace) -> int:
    from kiosk.core.models import Gate

    with _store(args.db) as store:
        gate = store.put_gate(Gate(args.id, args.event or "", args.name, _types(args.types),
                                   tuple(_dates(args.days)), args.reentry), deleted=args.delete)
    print(f"Gate {gate.id!r} {'removed' if args.delete else 'saved'} (event {gate.event_id}).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        summary = store.import_csv(args.file, event_name=args.event,
                                   skip_invalid=args.skip_invalid)
    print(summary.text())
    return 0


def cmd_attendees(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        attendees = store.attendees()
    for a in attendees:
        if args.json:
            print(json.dumps(a.to_json(), ensure_ascii=False))
        else:
            print(f"{a.id}\t{a.name}\t{a.ticket_type}\t{a.status}\t{a.code or ''}")
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        a = store.cancel_attendee(args.attendee)
    print(f"Cancelled {a.name or a.id} ({a.id}); kiosks refuse the ticket after their next sync.")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    fields = {"name": args.name, "email": args.email, "organisation": args.organisation,
              "ticket_type": args.ticket_type, "code": args.code, "status": args.status}
    fields = {k: v for k, v in fields.items() if v is not None}
    if not fields:
        raise ConfigError("Nothing to change: give --name, --email, --organisation, "
                          "--ticket-type, --code or --status.")
    with _store(args.db) as store:
        a = store.edit_attendee(args.attendee, **fields)
    print(f"Updated {a.name or a.id} ({a.id}).")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        store.revoke_code(args.code, reason=args.reason)
    print(f"Revoked {args.code}; kiosks refuse it after their next sync.")
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        n = store.issue_codes(event_id=args.event, reissue=args.reissue)
        print(f"Issued {n} signed code(s).")
        if args.out:
            from pathlib import Path

            from kiosk.tickets.render import qr_png_bytes

            out = Path(args.out)
            out.mkdir(parents=True, exist_ok=True)
            written = 0
            for a in store.attendees():
                if a.code:
                    (out / f"{a.id}.png").write_bytes(qr_png_bytes(a.code))
                    written += 1
            print(f"Wrote {written} QR image(s) to {out}.")
    return 0


def cmd_pair_code(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        code = store.new_pairing_code(device_name=args.name, gate_id=args.gate,
                                      ttl_minutes=args.minutes)
    local = code.expires_at.astimezone().strftime("%H:%M")
    print(f"Pairing code for {code.device_name or 'a new kiosk'}, valid until {local}, once:")
    if args.url:
        print(f"On the kiosk: kiosk pair {args.url} {code.code} --db kiosk.db")
    if args.qr:
        from pathlib import Path

        from kiosk.sync.pairing import pairing_text
        from kiosk.tickets.render import qr_png_bytes

        Path(args.qr).write_bytes(qr_png_bytes(pairing_text(code.code, args.url)))
        print(f"QR image: {args.qr}")
    print(code.code)
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        if args.revoke:
            store.revoke_device(args.revoke)
            print(f"Revoked {args.revoke}: it can no longer sync.")
            return 0
        devices = store.devices()
    if args.json:
        for d in devices:
            print(json.dumps(d))
        return 0
    if not devices:
        print("No paired devices.")
    for d in devices:
        state = "REVOKED" if d["revoked_at"] else "active"
        skew = d["clock_skew_seconds"]
        skew_text = f"{skew:+.1f} s" if skew is not None else "?"
        print(f"{d['id']}\t{d['name']}\t{state}\tlast seen {d['last_seen_at'] or 'never'}\t"
              f"pending {d['pending_uploads'] if d['pending_uploads'] is not None else '?'}\t"
              f"clock skew {skew_text}")
    return 0


def cmd_admin_token(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        token = store.new_admin_token()
    print("Organiser token for the web page (the previous one no longer works):")
    if args.url:
        print(f"Open {args.url.rstrip('/')}/admin/login?token={token}")
    print(token)
    return 0


def cmd_checkins(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        rows = store.checkins()
    from kiosk.central.admin import CHECKIN_COLUMNS, checkins_csv

    if args.json:
        for r in rows:
            print(json.dumps({c: r[c] for c in CHECKIN_COLUMNS}, ensure_ascii=False))
        return 0
    if args.csv:
        sys.stdout.write(checkins_csv(rows))
        return 0
    for r in rows:
        flag = "  DUPLICATE" if r["duplicate"] else ""
        print(f"{r['scanned_at']}  {r['attendee_name'] or r['attendee_id']}  "
              f"{r['direction']} at {r['gate_id']} by {r['device_name']} "
              f"(received {r['received_at']}){flag}")
    print(f"{len(rows)} check-in(s), {sum(r['duplicate'] for r in rows)} duplicate(s).")
    return 0
