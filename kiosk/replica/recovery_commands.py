"""`kiosk doctor` and `kiosk backup`: check, rebuild and back up a kiosk's replica."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "doctor", help="check a replica; rebuild it if it is damaged, truncated or missing",
        description="Runs SQLite's quick_check on the replica. A damaged or missing replica "
                    "is moved aside and rebuilt: from the central list when paired, else "
                    "from the newest good backup, and the check-in journal's entries are "
                    "put back. Prints what it found and did.")
    p.add_argument("--db", required=True, help="the replica file")
    p.add_argument("--check-only", action="store_true", help="report, change nothing")
    p.add_argument("--backups", action="append", default=[], metavar="DIR",
                   help="where backups are (default: backups/ beside the replica; "
                        "may be given twice)")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(handler=cmd_doctor)

    p = sub.add_parser("backup", help="back up a replica now (online, rotating copies)")
    p.add_argument("--db", required=True, help="the replica file")
    p.add_argument("--to", action="append", default=[], metavar="DIR",
                   help="folder for the copies (default: backups/ beside the replica; "
                        "give twice for a second copy, e.g. on a USB stick)")
    p.add_argument("--keep", type=int, default=5, help="copies kept per folder (default 5)")
    p.set_defaults(handler=cmd_backup)


def cmd_doctor(args: argparse.Namespace) -> int:
    from kiosk.replica.doctor import describe_finding, examine, heal
    from kiosk.replica.journal import CheckInJournal

    if args.check_only:
        finding = examine(args.db)
        skipped = CheckInJournal(args.db).read().skipped
        if args.json:
            print(json.dumps({**describe_finding(finding),
                              "journal_skipped": [list(s) for s in skipped]}))
        else:
            print(f"{args.db}: {finding.state}" + (f" ({finding.detail})"
                                                   if finding.detail else "")
                  + f"; quick_check took {finding.seconds:.2f} s")
            for line, why in skipped:
                print(f"Journal line {line} skipped: {why}.")
        return 0 if finding.ok else 1
    from kiosk.pretix.engine import first_download  # ours, or pretix's

    report = heal(args.db, backup_dirs=args.backups, download=first_download,
                  progress=None if args.json else (lambda text: print(text, flush=True)))
    if args.json:
        out: dict[str, Any] = dict(describe_finding(report.found))
        print(json.dumps({
            **out,
            "moved_to": str(report.moved_to) if report.moved_to else None,
            "source": report.source, "complete": report.complete,
            "attendees": report.attendees,
            "journal_checkins": report.journal_checkins,
            "journal_walkins": report.journal_walkins,
            "journal_skipped": [list(s) for s in report.journal_skipped],
            "problems": report.problems}))
    else:
        for text in report.lines():
            print(text)
        if report.found.ok and report.complete:
            print("The replica is healthy: nothing to do.")
    return 0 if report.complete else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from kiosk.backup import backup_file

    return backup_file(args.db, args.to, keep=args.keep).print()
