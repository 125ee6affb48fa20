"""The central list's schema: named migrations, written once for SQLite and PostgreSQL.

``{SERIAL}``, ``{XID}`` and reading a field of a change's JSON payload
(``{PAYLOAD_EVENT}``, ``{PAYLOAD_GATE}``) are the only dialect differences:

- ``changes.xid`` is the writing transaction's id on PostgreSQL
  (``pg_current_xact_id()``), and 0 on SQLite where writers are serialised. The change
  feed orders by ``(xid, seq)`` and serves only rows below the oldest transaction still
  in flight (see ``docs/sync.md``), so a cursor never skips a late commit.

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

from kiosk.central.db import (
    CENTRAL_APPLICATION_ID,
    CentralDB,
    Tx,
    describe_url,
    iso,
    no_central_list,
    utcnow,
)
from kiosk.errors import CentralError

_INITIAL = """
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL DEFAULT 'UTC',
    days TEXT NOT NULL DEFAULT '[]',
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE gates (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    name TEXT NOT NULL,
    ticket_types TEXT NOT NULL DEFAULT '[]',
    days TEXT NOT NULL DEFAULT '[]',
    allow_reentry INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
CREATE TABLE attendees (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    code TEXT,
    name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    ticket_type TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'valid',
    details TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL DEFAULT 'import',
    import_key TEXT,
    created_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX attendees_code ON attendees(code) WHERE code IS NOT NULL;
CREATE INDEX attendees_event ON attendees(event_id);
CREATE TABLE revocations (
    code TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    revoked_at TEXT NOT NULL
);
CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    gate_id TEXT,
    paired_at TEXT NOT NULL,
    revoked_at TEXT,
    last_seen_at TEXT,
    clock_skew_seconds REAL,
    pending_uploads INTEGER
);
CREATE TABLE pairing_codes (
    code TEXT PRIMARY KEY,
    device_name TEXT NOT NULL DEFAULT '',
    gate_id TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    device_id TEXT
);
CREATE TABLE checkins (
    seq {SERIAL},
    id TEXT NOT NULL UNIQUE,
    attendee_id TEXT NOT NULL,
    gate_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    scanned_at TEXT NOT NULL,
    day TEXT NOT NULL,
    verdict TEXT NOT NULL DEFAULT '',
    code TEXT,
    undoes TEXT,
    device_id TEXT NOT NULL,
    device_name TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    clock_skew_seconds REAL,
    duplicate INTEGER NOT NULL DEFAULT 0,
    duplicate_of TEXT
);
CREATE INDEX checkins_passages ON checkins(attendee_id, gate_id, day);
CREATE INDEX checkins_undoes ON checkins(undoes);
CREATE TABLE changes (
    seq {SERIAL},
    xid {XID},
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX changes_feed ON changes(xid, seq);
"""

#: The organisers' console (kiosk/central/console): server-side web sessions (only a
#: hash of the cookie's id is stored) and the "seen" marks on flags to review.
_CONSOLE = """
CREATE TABLE console_sessions (
    id_hash TEXT PRIMARY KEY,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE console_flags_seen (
    flag_id TEXT PRIMARY KEY,
    seen_at TEXT NOT NULL
);
"""

#: The central list's own ruling on each uploaded check-in, beside the kiosk's (issue 10
#: item 3, kiosk/central/rulings.py; NULL on rows stored before), and which revocations
#: each device has synced (from its feed cursor) and when, with the change's position.
_RULINGS = """
ALTER TABLE checkins ADD COLUMN central_reason TEXT;
ALTER TABLE checkins ADD COLUMN flag TEXT;
CREATE INDEX checkins_flag ON checkins(flag) WHERE flag IS NOT NULL;
CREATE TABLE revocation_syncs (
    device_id TEXT NOT NULL,
    code TEXT NOT NULL,
    xid BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    synced_at TEXT NOT NULL,
    PRIMARY KEY (device_id, code)
);
CREATE INDEX changes_revocations ON changes(xid, seq) WHERE kind = 'revocation';
"""

#: The software version each device last reported (its User-Agent), for the console.
_DEVICE_SOFTWARE = """
ALTER TABLE devices ADD COLUMN software_version TEXT;
"""

#: Devices have a role and events (docs/security.md): what a pairing code pairs, what
#: a device may read and write. Every change names its event, so the feed serves a
#: device only its events' changes.
#:
#: Devices paired before roles existed become *desks* (they could do everything; a desk
#: is the role closest to that, so no event in progress breaks) limited to the events
#: they have been used for: their gate's, those of the gates they uploaded check-ins at,
#: and those of the walk-ins they registered. A device with none of these (never used)
#: keeps the events the list had at the migration, never later ones. Re-pairing gives
#: a device the role and events its new code names. Unused pairing codes get the same.
_DEVICE_ROLES = """
ALTER TABLE devices ADD COLUMN role TEXT NOT NULL DEFAULT 'desk';
ALTER TABLE pairing_codes ADD COLUMN role TEXT NOT NULL DEFAULT 'desk';
CREATE TABLE device_events (
    device_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (device_id, event_id)
);
CREATE TABLE pairing_code_events (
    code TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (code, event_id)
);
INSERT INTO device_events (device_id, event_id)
    SELECT d.id, g.event_id FROM devices d JOIN gates g ON g.id = d.gate_id
    UNION SELECT c.device_id, g.event_id FROM checkins c JOIN gates g ON g.id = c.gate_id
        WHERE c.device_id IN (SELECT id FROM devices)
    UNION SELECT a.created_by, a.event_id FROM attendees a
        WHERE a.created_by IN (SELECT id FROM devices);
INSERT INTO device_events (device_id, event_id)
    SELECT d.id, e.id FROM devices d CROSS JOIN events e
    WHERE NOT EXISTS (SELECT 1 FROM device_events x WHERE x.device_id = d.id);
INSERT INTO pairing_code_events (code, event_id)
    SELECT p.code, g.event_id FROM pairing_codes p JOIN gates g ON g.id = p.gate_id;
INSERT INTO pairing_code_events (code, event_id)
    SELECT p.code, e.id FROM pairing_codes p CROSS JOIN events e
    WHERE NOT EXISTS (SELECT 1 FROM pairing_code_events x WHERE x.code = p.code);
ALTER TABLE changes ADD COLUMN event_id TEXT;
UPDATE changes SET event_id = entity_id WHERE kind = 'event';
UPDATE changes SET event_id = (SELECT g.event_id FROM gates g WHERE g.id = {PAYLOAD_GATE})
    WHERE kind = 'checkin';
UPDATE changes SET event_id = {PAYLOAD_EVENT} WHERE event_id IS NULL
"""

#: Events own their codes: a ticket code is unique within its event (two events may both
#: have an imported "1001"), and a revocation names its event (revoking event A's "1001"
#: leaves event B's valid). Existing codes were unique in the whole list, so they stay
#: valid keys; revocations keep the event they were published with.
_CODES_PER_EVENT = """
DROP INDEX attendees_code;
CREATE UNIQUE INDEX attendees_event_code ON attendees(event_id, code) WHERE code IS NOT NULL;
CREATE INDEX attendees_code ON attendees(code);
CREATE TABLE revocations_by_event (
    code TEXT NOT NULL,
    event_id TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    revoked_at TEXT NOT NULL,
    PRIMARY KEY (event_id, code)
);
INSERT INTO revocations_by_event (code, event_id, reason, active, revoked_at)
    SELECT code, event_id, reason, active, revoked_at FROM revocations;
DROP TABLE revocations;
ALTER TABLE revocations_by_event RENAME TO revocations
"""

#: The languages an event runs in (JSON list of codes, the first the kiosks' default).
_EVENT_LANGUAGES = """
ALTER TABLE events ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
"""

#: A check-in's ``scanned_at`` is the time its kiosk decided by (corrected by the
#: measured skew); ``device_time`` is that kiosk's own clock, uploaded beside it.
_CHECKIN_DEVICE_TIME = """
ALTER TABLE checkins ADD COLUMN device_time TEXT;
"""

#: On PostgreSQL the feed is ordered by transaction id, not commit: a change's payload
#: may have to be brought up to date by an older transaction that writes the same entity
#: later (:meth:`kiosk.central.feed.ChangeFeed.log_many`); this finds an entity's changes.
#: SQLite has one writer at a time (ids follow commits) and needs none.
_CHANGES_BY_ENTITY = """
{ENTITY_INDEX}
"""

#: An override check-in (verdict ``override``, from a desk) keeps the reason staff gave.
_CHECKIN_OVERRIDE_REASON = """
ALTER TABLE checkins ADD COLUMN override_reason TEXT;
"""

#: Badges printed at desks and kiosks (kiosk/central/badge_prints.py), idempotent on the
#: device's UUID, kept per event and published so every desk knows a badge was printed;
#: and uploads the list refused (kiosk/central/refusals.py), kept for organisers to
#: review as flags (a kiosk keeps its own copy, marked refused, and does not resend it).
_BADGE_PRINTS_AND_REFUSALS = """
CREATE TABLE badge_prints (
    seq {SERIAL},
    id TEXT NOT NULL UNIQUE,
    event_id TEXT NOT NULL,
    attendee_id TEXT NOT NULL,
    printed_at TEXT NOT NULL,
    printer TEXT NOT NULL DEFAULT '',
    reprint INTEGER NOT NULL DEFAULT 0,
    name_printed TEXT NOT NULL DEFAULT '',
    device_id TEXT NOT NULL,
    device_name TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL
);
CREATE INDEX badge_prints_attendee ON badge_prints(attendee_id);
CREATE TABLE refused_uploads (
    seq {SERIAL},
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    device_name TEXT NOT NULL DEFAULT '',
    attendee_id TEXT,
    gate_id TEXT,
    reason TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (kind, item_id, device_id)
);
CREATE INDEX refused_uploads_device ON refused_uploads(device_id)
"""

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_initial", _INITIAL),
    ("0002_console_sessions", _CONSOLE),
    ("0004_checkin_rulings_and_revocation_syncs", _RULINGS),
    ("0005_device_software_version", _DEVICE_SOFTWARE),
    ("0006_device_roles_and_events", _DEVICE_ROLES),
    ("0007_codes_unique_per_event", _CODES_PER_EVENT),
    ("0008_event_languages", _EVENT_LANGUAGES),
    ("0009_checkin_device_time", _CHECKIN_DEVICE_TIME),
    ("0010_changes_by_entity", _CHANGES_BY_ENTITY),
    ("0011_checkin_override_reason", _CHECKIN_OVERRIDE_REASON),
    ("0012_badge_prints_and_refused_uploads", _BADGE_PRINTS_AND_REFUSALS),
]

_DIALECT = {
    False: {
        "SERIAL": "INTEGER PRIMARY KEY AUTOINCREMENT",
        "XID": "INTEGER NOT NULL DEFAULT 0",
        "PAYLOAD_EVENT": "json_extract(payload, '$.event_id')",
        "PAYLOAD_GATE": "json_extract(changes.payload, '$.gate_id')",
        "ENTITY_INDEX": "",
    },
    True: {
        "SERIAL": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        # The top-level transaction id, assigned at the first write (64-bit: no wraparound).
        "XID": "BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint)",
        "PAYLOAD_EVENT": "(payload::json ->> 'event_id')",
        "PAYLOAD_GATE": "(changes.payload::json ->> 'gate_id')",
        "ENTITY_INDEX": "CREATE INDEX changes_entity ON changes(entity_id, kind, xid);",
    },
}

#: Arbitrary constant for the advisory lock that serialises migrations between processes.
_MIGRATION_LOCK = 730_411_001


def migrate(db: CentralDB, *, create: bool = True) -> list[str]:
    """Apply pending migrations (safe when several server processes start at once).

    ``create=False``: a database without the central schema is refused rather than
    set up (on SQLite :class:`CentralDB` has checked the file already)."""
    applied: list[str] = []

    def work(tx: Tx) -> None:
        if db.postgres:
            if not create and tx.scalar("SELECT to_regclass('_migrations') IS NULL AS new"):
                raise CentralError(no_central_list(describe_url(db.url)))
            tx.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
        else:
            # Mark the file as a central list, so kiosk commands refuse it and central
            # commands can tell it from a kiosk replica (unstamped older lists get it here).
            if tx.scalar("PRAGMA application_id") != CENTRAL_APPLICATION_ID:
                tx.execute(f"PRAGMA application_id = {CENTRAL_APPLICATION_ID}")
        tx.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        tx.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        done = {r["name"] for r in tx.execute("SELECT name FROM _migrations")}
        for name, script in MIGRATIONS:
            if name in done:
                continue
            for token, text in _DIALECT[db.postgres].items():
                script = script.replace("{" + token + "}", text)
            for statement in script.split(";"):
                if statement.strip():
                    tx.execute(statement)
            tx.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (name, _now()),
            )
            applied.append(name)

    db.run(work)
    return applied


def _now() -> str:
    return iso(utcnow())

