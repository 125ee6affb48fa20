"""Named schema migrations for the replica, applied in order and recorded in ``_migrations``.

Append new migrations at the end with a new name; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

Migration = tuple[str, Callable[["sqlite3.Connection"], None]]


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Execute statements one by one inside the caller's transaction.

    (``executescript`` would COMMIT first, breaking the migration's atomicity.)
    """
    import sqlite3 as _sqlite3

    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if _sqlite3.complete_statement(buffer):
            conn.execute(buffer)
            buffer = ""
    if buffer.strip():
        conn.execute(buffer)


def _initial(conn: sqlite3.Connection) -> None:
    run_script(conn, 
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            timezone TEXT NOT NULL DEFAULT 'UTC',
            days TEXT NOT NULL DEFAULT '[]',
            public_key TEXT NOT NULL DEFAULT '',
            private_key TEXT,
            updated_at TEXT
        );
        CREATE TABLE gates (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL,
            name TEXT NOT NULL,
            ticket_types TEXT NOT NULL DEFAULT '[]',
            days TEXT NOT NULL DEFAULT '[]',
            allow_reentry INTEGER NOT NULL DEFAULT 0,
            deleted INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT
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
            updated_at TEXT
        );
        -- Lookup by code is the hot path of every scan: a unique index keeps it O(log n).
        CREATE UNIQUE INDEX attendees_code ON attendees(code) WHERE code IS NOT NULL;
        CREATE INDEX attendees_import_key ON attendees(event_id, import_key);
        CREATE TABLE checkins (
            id TEXT PRIMARY KEY,
            attendee_id TEXT NOT NULL,
            gate_id TEXT NOT NULL,
            direction TEXT NOT NULL,
            scanned_at TEXT NOT NULL,
            day TEXT NOT NULL,
            verdict TEXT NOT NULL,
            device_id TEXT NOT NULL DEFAULT '',
            device_name TEXT NOT NULL DEFAULT '',
            code TEXT,
            undoes TEXT,
            origin TEXT NOT NULL DEFAULT 'local',
            received_at TEXT,
            duplicate INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX checkins_attendee ON checkins(attendee_id, gate_id, day);
        CREATE INDEX checkins_undoes ON checkins(undoes) WHERE undoes IS NOT NULL;
        -- What must still go up to the central list, in the order it happened.
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            ref_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            uploaded_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            UNIQUE (kind, ref_id)
        );
        CREATE INDEX outbox_pending ON outbox(seq) WHERE uploaded_at IS NULL;
        CREATE TABLE revocations (
            code TEXT PRIMARY KEY,
            event_id TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            revoked_at TEXT
        );
        -- Scans that admitted nobody (forged, unknown, wrong gate...): kept locally for audit.
        CREATE TABLE scan_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            scanned_at TEXT NOT NULL,
            gate_id TEXT,
            text TEXT NOT NULL,
            verdict TEXT NOT NULL,
            attendee_id TEXT
        );
        """
    )


def _search(conn: sqlite3.Connection) -> None:
    # remove_diacritics 2: "jose" finds "José"; prefix indexes make as-you-type prefix
    # queries cheap. External-content table kept in step by triggers.
    run_script(conn, 
        """
        CREATE VIRTUAL TABLE attendees_fts USING fts5(
            name, email, organisation, code,
            content='attendees', content_rowid='rowid',
            tokenize="unicode61 remove_diacritics 2 tokenchars '-_'",
            prefix='1 2 3'
        );
        CREATE TRIGGER attendees_fts_ai AFTER INSERT ON attendees BEGIN
            INSERT INTO attendees_fts(rowid, name, email, organisation, code)
            VALUES (new.rowid, new.name, new.email, new.organisation, coalesce(new.code, ''));
        END;
        CREATE TRIGGER attendees_fts_ad AFTER DELETE ON attendees BEGIN
            INSERT INTO attendees_fts(attendees_fts, rowid, name, email, organisation, code)
            VALUES ('delete', old.rowid, old.name, old.email, old.organisation,
                    coalesce(old.code, ''));
        END;
        CREATE TRIGGER attendees_fts_au AFTER UPDATE OF name, email, organisation, code
        ON attendees BEGIN
            INSERT INTO attendees_fts(attendees_fts, rowid, name, email, organisation, code)
            VALUES ('delete', old.rowid, old.name, old.email, old.organisation,
                    coalesce(old.code, ''));
            INSERT INTO attendees_fts(rowid, name, email, organisation, code)
            VALUES (new.rowid, new.name, new.email, new.organisation, coalesce(new.code, ''));
        END;
        """
    )


def _badge_prints(conn: sqlite3.Connection) -> None:
    # Every badge printed at a desk, so that a second print is a deliberate reprint.
    run_script(conn,
        """
        CREATE TABLE badge_prints (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            attendee_id TEXT NOT NULL,
            printed_at TEXT NOT NULL,
            device_id TEXT NOT NULL DEFAULT '',
            printer TEXT NOT NULL DEFAULT '',
            name_printed TEXT NOT NULL DEFAULT '',
            reprint INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX badge_prints_attendee ON badge_prints(attendee_id);
        """
    )


def _code_nocase(conn: sqlite3.Connection) -> None:
    # Barcode scanners with caps lock on type "tix-3" for "TIX-3": a second, case-blind
    # index lets the scan fall back to a case-insensitive match when the exact one fails.
    run_script(conn, "CREATE INDEX attendees_code_nocase ON attendees(code COLLATE NOCASE);")


def _outbox_rejected(conn: sqlite3.Connection) -> None:
    # An upload the central list refused (unknown attendee or gate, not a UUID...): kept,
    # with the reason in last_error, but no longer sent again and again.
    run_script(conn, "ALTER TABLE outbox ADD COLUMN rejected_at TEXT;")


def _attendee_names(conn: sqlite3.Connection) -> None:
    # Names folded to ASCII for search (kiosk/replica/search.py: "soren" finds Søren,
    # "vanderberg" van der Berg). Contentless: only the index is stored; the triggers
    # compute the keys with kiosk_name_keys(), registered on every replica connection,
    # and delete with the same (deterministic) keys.
    run_script(conn,
        """
        CREATE VIRTUAL TABLE attendee_names USING fts5(
            keys, content='', tokenize="unicode61 remove_diacritics 2", prefix='1 2 3'
        );
        INSERT INTO attendee_names(rowid, keys)
            SELECT rowid, kiosk_name_keys(name, organisation) FROM attendees;
        CREATE TRIGGER attendee_names_ai AFTER INSERT ON attendees BEGIN
            INSERT INTO attendee_names(rowid, keys)
            VALUES (new.rowid, kiosk_name_keys(new.name, new.organisation));
        END;
        CREATE TRIGGER attendee_names_ad AFTER DELETE ON attendees BEGIN
            INSERT INTO attendee_names(attendee_names, rowid, keys)
            VALUES ('delete', old.rowid, kiosk_name_keys(old.name, old.organisation));
        END;
        CREATE TRIGGER attendee_names_au AFTER UPDATE OF name, organisation ON attendees
        BEGIN
            INSERT INTO attendee_names(attendee_names, rowid, keys)
            VALUES ('delete', old.rowid, kiosk_name_keys(old.name, old.organisation));
            INSERT INTO attendee_names(rowid, keys)
            VALUES (new.rowid, kiosk_name_keys(new.name, new.organisation));
        END;
        """
    )


def _checkin_device_time(conn: sqlite3.Connection) -> None:
    # A check-in's scanned_at is the time it was decided by (the kiosk's clock corrected
    # by the central list's, kiosk/replica/clock.py); device_time is the kiosk's own.
    run_script(conn, "ALTER TABLE checkins ADD COLUMN device_time TEXT;")


def _one_device_config(conn: sqlite3.Connection) -> None:
    # The settings dialog kept the gate and the central list's address under keys of its
    # own ("setting.gate_id", "setting.server_url") beside the ones pairing, sync and
    # `kiosk checkin` use ("gate_id", "server_url"), and the GUI read its own first. Now
    # each lives under one key (kiosk/core/config.py). The dialog always wrote both gate
    # keys, pairing and `kiosk gates --use` only "gate_id", so "gate_id" is the newer
    # whenever it exists; an address typed in the dialog alone is kept where sync reads it.
    for old, new in (("setting.gate_id", "gate_id"), ("setting.server_url", "server_url")):
        conn.execute(
            "INSERT INTO meta (key, value) SELECT ?, value FROM meta WHERE key = ? "
            "AND value != '' AND NOT EXISTS (SELECT 1 FROM meta WHERE key = ?)",
            (new, old, new))
        conn.execute("DELETE FROM meta WHERE key = ?", (old,))


def _codes_unique_per_event(conn: sqlite3.Connection) -> None:
    # Events own their codes (issue 10): a ticket code is unique within its event, so a
    # desk of two events may hold the same imported "1001" for two people; a revocation
    # names its event. Existing codes were unique in the whole file: they stay valid keys.
    run_script(conn,
        """
        DROP INDEX attendees_code;
        CREATE UNIQUE INDEX attendees_event_code ON attendees(event_id, code)
            WHERE code IS NOT NULL;
        CREATE INDEX attendees_code ON attendees(code);
        CREATE TABLE revocations_by_event (
            code TEXT NOT NULL,
            event_id TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            revoked_at TEXT,
            PRIMARY KEY (event_id, code)
        );
        INSERT INTO revocations_by_event (code, event_id, reason, revoked_at)
            SELECT code, event_id, reason, revoked_at FROM revocations;
        DROP TABLE revocations;
        ALTER TABLE revocations_by_event RENAME TO revocations;
        """
    )


#: A standing entry of the attendee ``{who}`` on the day ``{day}``, other than ``{skip}``.
_STANDING_ENTRY = (
    "SELECT 1 FROM checkins c WHERE c.attendee_id = {who} AND c.day = {day} "
    "AND c.direction = 'entry' AND c.id IS NOT {skip} "
    "AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id)")


#: Count the day ``{day}`` again from the check-ins (the slow way; not on a scan's path).
_RECOUNT = (
    "INSERT INTO checkin_day_people (day, people) SELECT {day}, "
    "(SELECT count(DISTINCT attendee_id) FROM checkins c WHERE c.day = {day} "
    "AND c.direction = 'entry' "
    "AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id)) WHERE true "
    "ON CONFLICT(day) DO UPDATE SET people = excluded.people;")


def _lone_standing_entry(row: str, *, skip: str) -> str:
    """``row`` ("new" or "old") is a standing entry and its person has no other standing
    entry that day (``skip``: the row itself while it is in the table)."""
    other = _STANDING_ENTRY.format(who=f"{row}.attendee_id", day=f"{row}.day", skip=skip)
    return (f"{row}.direction = 'entry' "
            f"AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = {row}.id) "
            f"AND NOT EXISTS ({other})")


def _checkin_day_people(conn: sqlite3.Connection) -> None:
    # The status bar shows how many people are checked in today, after every scan: a
    # count(DISTINCT) over all of today's check-ins grew with the day (60 ms at 11,000,
    # bench/soak.py). The figure is kept per day instead, by triggers on `checkins`, so
    # every way a row arrives (a scan, an undo, another kiosk's check-in from the feed,
    # the journal re-applied by the doctor) keeps it true. A person counts once per day
    # while they have a standing (not undone) entry that day.
    target = "(SELECT t.{col} FROM checkins t WHERE t.id = {ref} AND t.direction = 'entry')"
    run_script(conn, f"""
        CREATE TABLE checkin_day_people (
            day TEXT PRIMARY KEY,
            people INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO checkin_day_people (day, people)
            SELECT day, count(DISTINCT attendee_id) FROM checkins c
            WHERE direction = 'entry'
            AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = c.id) GROUP BY day;
        -- An entry nobody undid: its person's first standing entry that day counts.
        CREATE TRIGGER checkin_day_people_entry AFTER INSERT ON checkins
        WHEN {_lone_standing_entry("new", skip="new.id")}
        BEGIN
            INSERT INTO checkin_day_people (day, people) VALUES (new.day, 1)
            ON CONFLICT(day) DO UPDATE SET people = people + 1;
        END;
        -- The first undo of an entry: its person stops counting when no standing entry
        -- is left that day.
        CREATE TRIGGER checkin_day_people_undo AFTER INSERT ON checkins
        WHEN new.undoes IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = new.undoes
                            AND u.id != new.id)
            AND NOT EXISTS ({_STANDING_ENTRY.format(
                who=target.format(col="attendee_id", ref="new.undoes"),
                day=target.format(col="day", ref="new.undoes"), skip="NULL")})
        BEGIN
            UPDATE checkin_day_people SET people = people - 1
            WHERE day = {target.format(col="day", ref="new.undoes")};
        END;
        -- Check-ins are never deleted today; should some be, the figure follows: a
        -- standing entry gone, or an undo gone (its entry stands again).
        CREATE TRIGGER checkin_day_people_entry_gone AFTER DELETE ON checkins
        WHEN {_lone_standing_entry("old", skip="NULL")}
        BEGIN
            UPDATE checkin_day_people SET people = people - 1 WHERE day = old.day;
        END;
        CREATE TRIGGER checkin_day_people_undo_gone AFTER DELETE ON checkins
        WHEN old.undoes IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM checkins u WHERE u.undoes = old.undoes)
            AND NOT EXISTS ({_STANDING_ENTRY.format(
                who=target.format(col="attendee_id", ref="old.undoes"),
                day=target.format(col="day", ref="old.undoes"), skip="old.undoes")})
        BEGIN
            INSERT INTO checkin_day_people (day, people)
                SELECT t.day, 1 FROM checkins t
                WHERE t.id = old.undoes AND t.direction = 'entry'
            ON CONFLICT(day) DO UPDATE SET people = people + 1;
        END;
        -- The newest time any check-in here was made at, in one index step: a clock
        -- behind it has gone back (kiosk/replica/clock.py, core's judge_clock).
        CREATE INDEX checkins_scanned_at ON checkins(scanned_at);
        -- A check-in's person, day, direction or target is never rewritten; should one
        -- be, both days are counted again (the slow way) rather than left wrong.
        CREATE TRIGGER checkin_day_people_update
        AFTER UPDATE OF attendee_id, day, direction, undoes ON checkins BEGIN
            {_RECOUNT.format(day="old.day")}
            {_RECOUNT.format(day="new.day")}
        END;
        """)


#: An outbox row ``{row}`` is waiting to go up (1) or not (0); refused (1) or not (0).
_PENDING = "({row}.uploaded_at IS NULL AND {row}.rejected_at IS NULL)"
_REFUSED = "({row}.rejected_at IS NOT NULL)"


def _outbox_figures(conn: sqlite3.Connection) -> None:
    # The status bar's "waiting to upload" and "refused" after every scan: counting the
    # outbox grew with the day (refused: a scan of every row; waiting: of the backlog, all
    # day on a kiosk that stays offline). One row kept by triggers on every way an entry
    # changes (queued, uploaded, refused, queued again after a restore, deleted).
    pending = {r: _PENDING.format(row=r) for r in ("new", "old")}
    refused = {r: _REFUSED.format(row=r) for r in ("new", "old")}
    run_script(conn, f"""
        CREATE TABLE outbox_figures (
            one INTEGER PRIMARY KEY CHECK (one = 1),
            pending INTEGER NOT NULL,
            refused INTEGER NOT NULL
        );
        INSERT INTO outbox_figures (one, pending, refused)
            SELECT 1, coalesce(sum({_PENDING.format(row="outbox")}), 0),
                   coalesce(sum({_REFUSED.format(row="outbox")}), 0) FROM outbox;
        CREATE TRIGGER outbox_figures_insert AFTER INSERT ON outbox BEGIN
            UPDATE outbox_figures SET pending = pending + {pending["new"]},
                                      refused = refused + {refused["new"]};
        END;
        CREATE TRIGGER outbox_figures_update AFTER UPDATE OF uploaded_at, rejected_at
        ON outbox BEGIN
            UPDATE outbox_figures SET pending = pending + {pending["new"]} - {pending["old"]},
                                      refused = refused + {refused["new"]} - {refused["old"]};
        END;
        CREATE TRIGGER outbox_figures_delete AFTER DELETE ON outbox BEGIN
            UPDATE outbox_figures SET pending = pending - {pending["old"]},
                                      refused = refused - {refused["old"]};
        END;
        """)


def _event_languages(conn: sqlite3.Connection) -> None:
    # The languages an event runs in, from the central list's feed (JSON list of codes,
    # the first the screen's language when the device's setting is "system").
    run_script(conn, "ALTER TABLE events ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';")


def _checkin_override_reason(conn: sqlite3.Connection) -> None:
    # An override check-in (verdict "override", made at a desk against a refusal staff
    # may overrule, kiosk/core/roles.py) keeps the reason staff gave; uploaded with it.
    run_script(conn, "ALTER TABLE checkins ADD COLUMN override_reason TEXT;")


def _gate_admits_unpaid(conn: sqlite3.Connection) -> None:
    # A gate that admits tickets whose order is not paid yet (a pretix check-in list with
    # include_pending; kiosk/core/verdicts.py decides): every existing gate does not.
    run_script(conn, "ALTER TABLE gates ADD COLUMN admits_unpaid INTEGER NOT NULL DEFAULT 0;")


def _badge_print_uploads(conn: sqlite3.Connection) -> None:
    # (0015: pretix16b's 0014_gate_admits_unpaid was written in the same session.)
    # Badge prints go up to the central list like check-ins (outbox kind "badge_print",
    # idempotent on uid) and come down from other desks (origin "remote"), so a second
    # desk asks before printing a badge again. Prints made before are queued too.
    import uuid

    run_script(conn, """
        ALTER TABLE badge_prints ADD COLUMN uid TEXT;
        ALTER TABLE badge_prints ADD COLUMN device_name TEXT NOT NULL DEFAULT '';
        ALTER TABLE badge_prints ADD COLUMN origin TEXT NOT NULL DEFAULT 'local';
        """)
    ids = [r[0] for r in conn.execute("SELECT id FROM badge_prints")]
    conn.executemany("UPDATE badge_prints SET uid = ? WHERE id = ?",
                     [(str(uuid.uuid4()), i) for i in ids])
    run_script(conn, """
        CREATE UNIQUE INDEX badge_prints_uid ON badge_prints(uid);
        INSERT INTO outbox (kind, ref_id, created_at)
            SELECT 'badge_print', uid, printed_at FROM badge_prints ORDER BY id
            ON CONFLICT(kind, ref_id) DO NOTHING;
        """)


MIGRATIONS: list[Migration] = [
    ("0001_initial", _initial),
    ("0002_attendee_search", _search),
    ("0003_badge_prints", _badge_prints),
    ("0004_code_nocase", _code_nocase),
    ("0005_outbox_rejected", _outbox_rejected),
    ("0006_attendee_names", _attendee_names),
    ("0007_checkin_device_time", _checkin_device_time),


    ("0008_one_device_config", _one_device_config),
    ("0009_codes_unique_per_event", _codes_unique_per_event),
    ("0010_event_languages", _event_languages),
    ("0011_checkin_day_people", _checkin_day_people),
    ("0012_outbox_figures", _outbox_figures),
    ("0013_checkin_override_reason", _checkin_override_reason),
    ("0014_gate_admits_unpaid", _gate_admits_unpaid),
    ("0015_badge_print_uploads", _badge_print_uploads),
]
