"""`kiosk serve` and `kiosk central ...` (organiser operations); `kiosk pair` is in
:mod:`kiosk.sync.commands`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli import parse_days, parse_words
from kiosk.errors import ConfigError

if TYPE_CHECKING:
    from kiosk.central.store import CentralStore

DEFAULT_DB = "central.db"
DEFAULT_PORT = 8421
MAX_PAIRING_MINUTES = 24 * 60


def port_number(text: str) -> int:
    """argparse type: a TCP port, 0 (pick a free one) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: use 0 to 65535 "
                                         "(0 picks a free one)")
    return port


def pairing_minutes(text: str) -> int:
    """argparse type: how long a pairing code stays valid, 1 minute to a day."""
    try:
        minutes = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of minutes") \
            from None
    if not 1 <= minutes <= MAX_PAIRING_MINUTES:
        raise argparse.ArgumentTypeError(
            f"{minutes} minutes: a pairing code is valid 1 to {MAX_PAIRING_MINUTES} minutes")
    return minutes


class _ActionsHelpFormatter(argparse.HelpFormatter):
    """argparse measures sub-commands at the section's indent but prints them two columns
    further in, so the longest (create-event, admin-token) had their help pushed onto a
    line of their own and were easy to miss in `kiosk central --help`."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if isinstance(action, argparse._SubParsersAction):
            self._action_max_length += self._indent_increment


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("serve", help="run the central list server (FastAPI on uvicorn)")
    p.add_argument("--db", default=DEFAULT_DB,
                   help=f"SQLite file or postgresql:// URL (default: {DEFAULT_DB})")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    p.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                   help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument("--cert", help="TLS certificate (PEM) to present (default: a self-signed "
                                  "one kept beside the database, made on first start)")
    p.add_argument("--key", help="the certificate's private key (PEM), with --cert")
    p.add_argument("--insecure-http", action="store_true",
                   help="speak plain HTTP (loopback tests and the demo only: device tokens "
                        "travel readable)")
    p.set_defaults(handler=cmd_serve)

    central = sub.add_parser("central", help="organiser operations on the central list",
                             formatter_class=_ActionsHelpFormatter)
    csub = central.add_subparsers(dest="central_command", metavar="ACTION")
    central.set_defaults(handler=lambda _args: central.print_help() or 2)

    _register_events(csub)
    _register_attendees_and_codes(csub)
    _register_devices_and_exports(csub)


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB,
                        help=f"SQLite file or postgresql:// URL (default: {DEFAULT_DB})")


def _register_events(csub: argparse._SubParsersAction[Any]) -> None:
    db_arg = _db_arg
    p = csub.add_parser("create-event", help="create (or rename) an event with days and gates")
    p.add_argument("name")
    db_arg(p)
    p.add_argument("--id", help="event id (default: from the name)")
    p.add_argument("--days", help="comma-separated ISO dates, e.g. 2026-12-01,2026-12-02")
    p.add_argument("--timezone", help="IANA time zone (default: this machine's)")
    p.add_argument("--languages", metavar="CODES",
                   help="languages the event runs in, e.g. id,en (the first is the kiosks' "
                        "default; en, id; default: unchanged)")
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


def _register_attendees_and_codes(csub: argparse._SubParsersAction[Any]) -> None:
    db_arg = _db_arg
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
    p.add_argument("--event", help="the event whose code it is (needed when several events "
                                   "have this code; default: its holder's event)")
    p.add_argument("--force", action="store_true",
                   help="revoke a code no attendee on the list holds (e.g. from another "
                        "ticketing system)")
    p.set_defaults(handler=cmd_revoke)

    p = csub.add_parser("codes", help="issue signed ticket codes (and write QR images)")
    db_arg(p)
    p.add_argument("--event", help="event id (default: the first event)")
    p.add_argument("--reissue", action="store_true",
                   help="replace every code (old ones are revoked)")
    p.add_argument("--out", help="folder for <attendee id>.png QR images")
    p.set_defaults(handler=cmd_codes)


def _register_devices_and_exports(csub: argparse._SubParsersAction[Any]) -> None:
    db_arg = _db_arg
    p = csub.add_parser("pair-code", help="make a pairing code for a kiosk or desk "
                                          "(last line)")
    db_arg(p)
    p.add_argument("--name", default="", help="the kiosk's name")
    p.add_argument("--gate", help="the gate this kiosk serves")
    p.add_argument("--role", choices=("kiosk", "desk"), default="kiosk",
                   help="kiosk: entries and exits at its events' gates; desk: also "
                        "walk-ins, undo and override (default kiosk)")
    p.add_argument("--event", action="append", metavar="ID",
                   help="an event the device is for (repeat for a named set; default: "
                        "the gate's event, or the only event)")
    p.add_argument("--all-events", action="store_true",
                   help="for every event on the list now (not events created later)")
    p.add_argument("--minutes", type=pairing_minutes, default=15,
                   help=f"validity in minutes, 1 to {MAX_PAIRING_MINUTES} (default 15)")
    p.add_argument("--url", help="server URL to put in the QR code with the code")
    p.add_argument("--qr", help="also write a QR image (PNG) a kiosk can scan (needs --url)")
    p.add_argument("--cert", help="the certificate (PEM) kiosks will see, when a proxy in "
                                  "front of `kiosk serve` presents its own (default: the one "
                                  "`kiosk serve` presents)")
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

    p = csub.add_parser("backup", help="back up a SQLite central list now (online, rotating)")
    db_arg(p)
    p.add_argument("--to", action="append", default=[], metavar="DIR",
                   help="folder for the copies (default: backups/ beside the file; give "
                        "twice for a second copy, e.g. on a USB stick)")
    p.add_argument("--keep", type=int, default=24, help="copies kept per folder (default 24)")
    p.set_defaults(handler=cmd_backup)


def _store(db: str, *, create: bool = False) -> CentralStore:
    """The central list at ``db``. Only create-event, import and serve may create one:
    elsewhere a mistyped path is an error, not a new empty list."""
    from kiosk.central.store import CentralStore

    return CentralStore.open(db, create=create)


def _writable_file(path_text: str, what: str) -> Path:
    """Check that a file can be written at ``path_text`` (before any work is done)."""
    import os

    path = Path(path_text)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ConfigError(f"{what} {path} is a folder: give a file name, e.g. {path}/desk.png.")
    if not folder.is_dir():
        raise ConfigError(f"Cannot write {what} {path}: the folder {folder} does not exist.")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ConfigError(f"Cannot write {what} {path}: permission denied.")
    return path


def _output_folder(path_text: str) -> Path:
    """Create (if needed) the folder for QR images; plain errors for a file or no access."""
    out = Path(path_text)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out} is a file: --out takes a folder for the QR images.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"Cannot create the folder {out}: {exc.strerror or exc}.") from None
    return out


def cmd_serve(args: argparse.Namespace) -> int:
    from kiosk.central.server import serve

    if (args.cert is None) != (args.key is None):
        raise ConfigError("Give --cert and --key together (the certificate and its key).")
    if args.insecure_http and args.cert:
        raise ConfigError("--insecure-http and --cert contradict each other: choose one.")
    serve(args.db, host=args.host, port=args.port, cert=args.cert, key=args.key,
          insecure_http=args.insecure_http)
    return 0


def cmd_create_event(args: argparse.Namespace) -> int:
    from kiosk.core.models import Gate

    gates = []
    for spec in args.gate:
        gate_id, sep, rest = spec.partition("=")
        if not sep or not gate_id.strip():
            raise ConfigError(f"Bad --gate {spec!r}: use ID=NAME or ID=NAME:TYPE1,TYPE2.")
        name, _, types = rest.partition(":")
        gates.append(Gate(gate_id.strip(), "", name.strip() or gate_id.strip(),
                          parse_words(types)))
    with _store(args.db, create=True) as store:
        event = store.events.create(args.name, event_id=args.id, days=list(parse_days(args.days)),
                                   timezone=args.timezone, gates=gates,
                                   languages=None if args.languages is None
                                   else [args.languages])
    days = ", ".join(d.isoformat() for d in event.days) or "any day"
    spoken = f"; {', '.join(event.languages)}" if event.languages else ""
    print(f"Event {event.id!r} ({event.name}; {days}; {event.timezone}{spoken}) with "
          f"{len(gates)} gate(s).")
    return 0


def cmd_gate(args: argparse.Namespace) -> int:
    from kiosk.core.models import Gate

    with _store(args.db) as store:
        gate = store.events.put_gate(Gate(args.id, args.event or "", args.name,
                                          parse_words(args.types), parse_days(args.days),
                                          args.reentry), deleted=args.delete)
    print(f"Gate {gate.id!r} {'removed' if args.delete else 'saved'} (event {gate.event_id}).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    with _store(args.db, create=True) as store:
        summary = store.attendees.import_csv(args.file, event_name=args.event,
                                   skip_invalid=args.skip_invalid)
    print(summary.text())
    return 0


def cmd_attendees(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        attendees = store.attendees.all()
        revoked = {e.id: store.codes.revoked(e.id) for e in store.events.all()}
    for a in attendees:
        code_revoked = bool(a.code) and a.code in revoked.get(a.event_id, set())
        if args.json:
            print(json.dumps(dict(a.to_json(), code_revoked=code_revoked), ensure_ascii=False))
        else:
            # A revoked code is refused at the gate: say so instead of showing it as valid.
            code = f"{a.code} (REVOKED)" if code_revoked else (a.code or "")
            print(f"{a.id}\t{a.name}\t{a.ticket_type}\t{a.status}\t{code}")
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        a = store.attendees.cancel(args.attendee)
    print(f"Cancelled {a.name or a.id} ({a.id}); kiosks refuse the ticket after their next sync.")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    fields = {"name": args.name, "email": args.email, "organisation": args.organisation,
              "ticket_type": args.ticket_type, "code": args.code, "status": args.status}
    fields = {k: v for k, v in fields.items() if v is not None}
    if "code" in fields and not fields["code"].strip():
        raise ConfigError("--code is empty. To replace a ticket code, revoke it "
                          "(`kiosk central revoke CODE`) and run `kiosk central codes`.")
    if not fields:
        raise ConfigError("Nothing to change: give --name, --email, --organisation, "
                          "--ticket-type, --code or --status.")
    with _store(args.db) as store:
        a = store.attendees.edit(args.attendee, **fields)
        code_revoked = bool(a.code) and a.code in store.codes.revoked()
    print(f"Updated {a.name or a.id} ({a.id}).")
    if code_revoked:
        # e.g. a signed code names the old ticket type: kiosks refuse it after a sync.
        print("Their ticket code is now revoked; `kiosk central codes` issues them a new one.")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    code = args.code.strip()
    if not code:
        raise ConfigError("Give the ticket code to revoke (it is empty).")
    with _store(args.db) as store:
        holder = store.codes.revoke(code, reason=args.reason, force=args.force,
                                    event_id=args.event)
    whose = f" ({holder.name or holder.id}'s ticket; `kiosk central codes` issues them a " \
            "new one)" if holder else ""
    print(f"Revoked {code}{whose}; kiosks refuse it after their next sync.")
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        # The folder first: a bad --out must fail before any code is issued.
        out = _output_folder(args.out) if args.out else None
        n = store.codes.issue(event_id=args.event, reissue=args.reissue)
        print(f"Issued {n} signed code(s).")
        if out is not None:
            from kiosk.tickets.render import qr_png_bytes, safe_file_name

            revoked = {e.id: store.codes.revoked(e.id) for e in store.events.all()}
            written = 0
            for a in store.attendees.all():
                if a.code and a.code not in revoked.get(a.event_id, set()):
                    # The id may come from a device or a CSV: never a path of its own.
                    target = out / safe_file_name(a.id, ".png")
                    try:
                        target.write_bytes(qr_png_bytes(a.code))
                    except OSError as exc:
                        raise ConfigError(f"Cannot write {target}: {exc.strerror or exc} "
                                          f"({written} image(s) written so far).") from None
                    written += 1
            print(f"Wrote {written} QR image(s) to {out}.")
    return 0


def _pairing_events(store: CentralStore, args: argparse.Namespace) -> list[str] | None:
    """The events a pairing code from the command line is for: the ones named, every
    one with ``--all-events``, else the gate's, else the only event (several: say which)."""
    if args.event and args.all_events:
        raise ConfigError("Give --event or --all-events, not both.")
    if args.all_events:
        return [e.id for e in store.events.all()]
    if args.event or args.gate:
        return args.event  # None with a gate: the gate's event
    events = store.events.all()
    if len(events) > 1:
        raise ConfigError("This central list has several events ("
                          + ", ".join(e.id for e in events[:5])
                          + "): say which the device is for with --event ID (repeat it "
                            "for a set), or --all-events.")
    return [e.id for e in events]


def cmd_pair_code(args: argparse.Namespace) -> int:
    qr_path = None
    if args.qr:
        # Checked before the code exists: a failed write must not leave a live code behind.
        if not args.url:
            raise ConfigError("--qr needs --url so the kiosk knows where to connect "
                              "(e.g. --url http://10.0.0.5:8421).")
        qr_path = _writable_file(args.qr, "the QR image")
    from kiosk.central.tls import fingerprint_pem_file, grouped, published_fingerprint

    url = args.url.strip().rstrip("/") if args.url else None
    given = fingerprint_pem_file(Path(args.cert)) if args.cert else None
    with _store(args.db) as store:
        # The certificate `kiosk serve` presents: the kiosk pins it at pairing.
        fingerprint = given or published_fingerprint(store)
        if url and url.startswith("https://") and fingerprint is None:
            raise ConfigError("The central list has not served https yet, so there is no "
                              "certificate fingerprint to give the kiosk: start `kiosk "
                              "serve` first (or use an http:// URL with --insecure-http).")
        code = store.devices.new_pairing_code(
            device_name=args.name, gate_id=args.gate, ttl_minutes=args.minutes,
            role=args.role, event_ids=_pairing_events(store, args))
    local = code.expires_at.astimezone().strftime("%H:%M")
    print(f"Pairing code for {code.device_name or 'a new ' + str(code.role)}, a {code.role} "
          f"for {', '.join(code.event_ids)}, valid until {local}, once:")
    typed_url = qr_url = url
    if url and url.startswith("https://") and fingerprint:
        typed_url = f"{url}#{grouped(fingerprint)}"
        qr_url = f"{url}#sha256={fingerprint}"
    if fingerprint:
        print(f"Certificate SHA-256 (the kiosk checks it): {fingerprint}")
    if typed_url:
        print(f"On the kiosk: kiosk pair '{typed_url}' {code.code} --db kiosk.db")
    if qr_path is not None:
        from kiosk.core.wire import pairing_text
        from kiosk.tickets.render import qr_png_bytes

        try:
            qr_path.write_bytes(qr_png_bytes(pairing_text(code.code, qr_url)))
        except OSError as exc:
            raise ConfigError(f"Cannot write {qr_path}: {exc.strerror or exc}. The code "
                              f"{code.code} still works: type it on the kiosk.") from None
        print(f"QR image: {qr_path}")
    print(code.code)
    return 0


def cmd_devices(args: argparse.Namespace) -> int:
    if args.revoke is not None and not args.revoke.strip():
        raise ConfigError("--revoke needs a device id (see `kiosk central devices`).")
    with _store(args.db) as store:
        if args.revoke:
            store.devices.revoke(args.revoke)
            print(f"Revoked {args.revoke}: it can no longer sync.")
            return 0
        devices = store.devices.all()
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
        scope = f"{d['role']} for {', '.join(d['event_ids']) or 'no event'}"
        print(f"{d['id']}\t{d['name']}\t{state}\t{scope}\t"
              f"last seen {d['last_seen_at'] or 'never'}\t"
              f"pending {d['pending_uploads'] if d['pending_uploads'] is not None else '?'}\t"
              f"clock skew {skew_text}")
    return 0


def cmd_admin_token(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        token = store.dashboard.new_admin_token()
    print("Organiser token for the web page (the previous one no longer works):")
    if args.url:
        print(f"Sign in at {args.url.rstrip('/')}/console with it (the token never goes "
              "in a URL).")
    print(token)
    return 0


def cmd_checkins(args: argparse.Namespace) -> int:
    with _store(args.db) as store:
        rows = store.ingest.all()
    from kiosk.central.api.organiser import CHECKIN_COLUMNS, checkins_csv, own_clock

    if args.json:
        for r in rows:
            print(json.dumps({c: r[c] for c in CHECKIN_COLUMNS}, ensure_ascii=False))
        return 0
    if args.csv:
        sys.stdout.write(checkins_csv(rows))
        return 0
    for r in rows:
        flag = "  DUPLICATE" if r["duplicate"] else ""
        own = own_clock(r)
        clock = f", kiosk clock {own}" if own else ""
        print(f"{r['scanned_at']}  {r['attendee_name'] or r['attendee_id']}  "
              f"{r['direction']} at {r['gate_id']} by {r['device_name']} "
              f"(received {r['received_at']}{clock}){flag}")
    print(f"{len(rows)} check-in(s), {sum(r['duplicate'] for r in rows)} duplicate(s).")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """An online backup of a SQLite central list (kiosk/backup.py); PostgreSQL has its own
    tool for that."""
    if "://" in args.db:
        raise ConfigError(
            "A PostgreSQL central list is backed up with PostgreSQL's own tool while it "
            "runs: pg_dump -Fc -f central-$(date +%H%M).dump DATABASE_URL (restore with "
            "pg_restore --clean -d DATABASE_URL central.dump; see docs/deploy.md).")
    if not Path(args.db).is_file():
        raise ConfigError(f"No central list at {args.db}.")
    from kiosk.backup import backup_file

    return backup_file(args.db, args.to, keep=args.keep).print()
