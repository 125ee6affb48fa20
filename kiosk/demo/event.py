"""The demo conference: a stand-alone replica with a two-day event, gates, a few thousand
attendees with signed codes, and the scripted tickets the demo video shows.

Qt-free and deterministic for a given seed (names, ticket types) except for the signing
key and the dates, which are today and tomorrow so that the demo works on any day.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.core.attendee_csv import slugify
from kiosk.core.models import Attendee, CheckIn, Direction, Event, Gate
from kiosk.core.tickets import TicketPayload, TicketSigner, key_id, public_key_of
from kiosk.core.times import local_day, local_timezone_name
from kiosk.demo.names import make_people
from kiosk.replica.codes import issue_missing_codes
from kiosk.replica.db import Replica, utcnow
from kiosk.replica.importer import import_csv

EVENT_NAME = "Nusantara Tech Conference 2026"
EVENT_ID = slugify(EVENT_NAME)
KIOSK_GATE = "main-hall"


@dataclass(frozen=True)
class DemoTicket:
    """One ticket shown in the demo video, with the verdict it should get at the kiosk."""

    text: str
    expected: str  # a Verdict value
    style: str  # "phone" or "paper"
    caption: str  # printed on the ticket / phone screen
    attendee_id: str | None = None


@dataclass
class DemoSetup:
    replica_path: Path
    csv_path: Path
    event_id: str
    kiosk_gate: str
    tickets: list[DemoTicket] = field(default_factory=list)
    attendees: int = 0


def demo_gates(event_id: str, day1: date, day2: date) -> list[Gate]:
    """Main hall (everyone but workshop-only tickets), workshop rooms, the VIP lounge and
    the day-two community meeting."""
    return [
        Gate(KIOSK_GATE, event_id, "Main Hall",
             ticket_types=("Conference", "Student", "Speaker", "VIP", "Volunteer")),
        Gate("workshops", event_id, "Workshop Rooms",
             ticket_types=("Workshop", "Speaker", "VIP", "Volunteer"), allow_reentry=True),
        Gate("vip-lounge", event_id, "VIP Lounge", ticket_types=("VIP", "Speaker"),
             allow_reentry=True),
        Gate("community", event_id, "Community Meetup", days=(day2,)),
    ]


def write_demo_csv(path: Path, count: int, *, seed: int = 2026) -> Path:
    """The attendee list as a registration form would export it (Indonesian headers)."""
    people = make_people(count, seed=seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Nama", "Surel", "Instansi", "Jenis tiket", "Ukuran kaos", "Catatan"])
        for p in people:
            writer.writerow([p.name, p.email, p.organisation, p.ticket_type, p.tshirt, p.diet])
    return path


def demo_keypair(label: str) -> tuple[str, str]:
    """A key pair derived from ``label``: the demo's codes (and so its video) are the same
    on every run. Demo keys are public knowledge: never use them for a real event."""
    private = base64.b64encode(hashlib.sha256(f"checkin-kiosk demo {label}".encode())
                               .digest()).decode()
    return private, public_key_of(private)


def forged_code(event: Event, attendee_id: str, ticket_type: str) -> str:
    """A code that claims to be from ``event`` (its key id) but is signed with another key:
    what someone who edits a ticket to say "VIP" produces."""
    forger_private, _ = demo_keypair("forger")
    fake = TicketSigner(forger_private).sign(TicketPayload(event.id, attendee_id, ticket_type))
    data = fake[4:]
    raw = bytearray(base64.b32decode(data + "=" * (-len(data) % 8)))
    raw[1:5] = key_id(event.public_key)
    return "CK1-" + base64.b32encode(bytes(raw)).decode().rstrip("=")


def build_demo_replica(
    directory: str | Path, *, attendees: int = 3000, seed: int = 2026,
    today: date | None = None,
) -> DemoSetup:
    """Create ``directory/demo.db`` from scratch: event, gates, attendees, codes, the
    scripted tickets, and one check-in made earlier "at another kiosk"."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    db_path = directory / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    csv_path = write_demo_csv(directory / "demo-attendees.csv", attendees, seed=seed)
    tz = local_timezone_name()
    day1 = today or datetime.now(ZoneInfo(tz)).date()
    day2 = day1 + timedelta(days=1)
    private, public = demo_keypair(f"event {seed}")
    event = Event(EVENT_ID, EVENT_NAME, timezone=tz, days=(day1, day2), public_key=public,
                  private_key=private)
    with Replica(db_path) as replica:
        replica.upsert_event(event)
        for gate in demo_gates(EVENT_ID, day1, day2):
            replica.upsert_gate(gate)
        import_csv(replica, csv_path, event_name=EVENT_NAME)
        issue_missing_codes(replica)
        replica.set_meta("gate_id", KIOSK_GATE)
        replica.set_meta("device_name", "Demo kiosk (Main Hall)")
        tickets = _script(replica, event)
    return DemoSetup(db_path, csv_path, EVENT_ID, KIOSK_GATE, tickets, attendees)


def _pick(replica: Replica, ticket_type: str, skip: set[str]) -> Attendee:
    for a in replica.attendees(event_id=EVENT_ID):
        if a.ticket_type == ticket_type and a.id not in skip and a.code and " " in a.name:
            skip.add(a.id)
            return a
    raise LookupError(f"no demo attendee with a {ticket_type} ticket")


def script_attendees(replica: Replica) -> dict[str, Attendee]:
    """The attendees the video shows: first (valid), already (used earlier today at this
    gate by another kiosk), workshop (wrong gate here), vip (valid)."""
    used: set[str] = set()
    return {
        "first": _pick(replica, "Conference", used),
        "already": _pick(replica, "Student", used),
        "workshop": _pick(replica, "Workshop", used),
        "vip": _pick(replica, "VIP", used),
    }


def earlier_today(event: Event) -> datetime:
    """A time 35 minutes ago, or 30 s ago when that would fall on yesterday."""
    now = utcnow()
    earlier = now - timedelta(minutes=35)
    if local_day(earlier, event) != local_day(now, event):
        earlier = now - timedelta(seconds=30)
    return earlier


def script_tickets(event: Event, people: dict[str, Attendee]) -> list[DemoTicket]:
    first, already, workshop, vip = (people[k] for k in ("first", "already", "workshop",
                                                          "vip"))
    assert first.code and already.code and workshop.code and vip.code
    return [
        DemoTicket(first.code, "accepted", "phone", first.name, first.id),
        DemoTicket(already.code, "already_checked_in", "paper", already.name, already.id),
        DemoTicket(workshop.code, "wrong_gate", "paper", workshop.name, workshop.id),
        DemoTicket(forged_code(event, "A-FORGED-0001", "VIP"), "forged", "phone",
                   "VIP (edited)"),
        DemoTicket("WIFI:S:NusantaraTech;T:WPA;P:selamat-datang;;", "not_a_ticket", "paper",
                   "Wi-Fi"),
        DemoTicket(vip.code, "accepted", "phone", vip.name, vip.id),
    ]


def _script(replica: Replica, event: Event) -> list[DemoTicket]:
    people = script_attendees(replica)
    already = people["already"]
    # "Already checked in": seen by another kiosk at this gate earlier today (learnt by sync).
    earlier = earlier_today(event)
    replica.record_checkin(CheckIn(
        id=str(uuid.uuid4()), attendee_id=already.id, gate_id=KIOSK_GATE,
        direction=Direction.ENTRY, scanned_at=earlier, day=local_day(earlier, event),
        verdict="accepted", device_id="kiosk-hall-b", device_name="Kiosk 2 (Hall B)",
        code=already.code, origin="remote",
    ), upload=False)
    return script_tickets(event, people)
