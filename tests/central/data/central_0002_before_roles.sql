BEGIN TRANSACTION;
CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT);
INSERT INTO "_migrations" VALUES('0001_initial','2026-12-01T12:16:22.922+00:00');
INSERT INTO "_migrations" VALUES('0002_console_sessions','2026-12-01T12:16:22.922+00:00');
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
INSERT INTO "attendees" VALUES('A1','ev-a','CA1','Ann','','','','valid','{}','import',NULL,NULL,0,'2026-12-01T12:16:22.971+00:00');
INSERT INTO "attendees" VALUES('B1','ev-b','CB1','Bob','','','','valid','{}','import',NULL,NULL,0,'2026-12-01T12:16:22.971+00:00');
INSERT INTO "attendees" VALUES('W1','ev-a',NULL,'Walk','','','','valid','{}','walkin',NULL,'dev-e39d2ea1a141',0,'2026-12-01T12:16:23.044+00:00');
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    xid INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO "changes" VALUES(1,0,'event','ev-a','{"id": "ev-a", "name": "Event A", "timezone": "UTC", "days": [], "public_key": "wX2mjsBS/SjMogfjKMHRoEDb8TvNdmezw9tY8e/yf6M="}','2026-12-01T12:16:22.942+00:00');
INSERT INTO "changes" VALUES(2,0,'gate','a-main','{"id": "a-main", "event_id": "ev-a", "name": "A main", "ticket_types": [], "days": [], "allow_reentry": false, "deleted": false}','2026-12-01T12:16:22.942+00:00');
INSERT INTO "changes" VALUES(3,0,'event','ev-b','{"id": "ev-b", "name": "Event B", "timezone": "UTC", "days": [], "public_key": "RWL0Q4mXpV3mopdFrgSrVVyit2vEg2H1g3JcApH6/y4="}','2026-12-01T12:16:22.968+00:00');
INSERT INTO "changes" VALUES(4,0,'gate','b-main','{"id": "b-main", "event_id": "ev-b", "name": "B main", "ticket_types": [], "days": [], "allow_reentry": false, "deleted": false}','2026-12-01T12:16:22.969+00:00');
INSERT INTO "changes" VALUES(5,0,'attendee','A1','{"id": "A1", "event_id": "ev-a", "code": "CA1", "name": "Ann", "email": "", "organisation": "", "ticket_type": "", "status": "valid", "details": {}, "source": "import", "deleted": false}','2026-12-01T12:16:22.972+00:00');
INSERT INTO "changes" VALUES(6,0,'attendee','B1','{"id": "B1", "event_id": "ev-b", "code": "CB1", "name": "Bob", "email": "", "organisation": "", "ticket_type": "", "status": "valid", "details": {}, "source": "import", "deleted": false}','2026-12-01T12:16:22.972+00:00');
INSERT INTO "changes" VALUES(7,0,'revocation','CA1','{"code": "CA1", "event_id": "ev-a", "reason": "lost", "active": true}','2026-12-01T12:16:22.981+00:00');
INSERT INTO "changes" VALUES(8,0,'checkin','6f1d0c1e-0000-4000-8000-000000000001','{"id": "6f1d0c1e-0000-4000-8000-000000000001", "attendee_id": "B1", "gate_id": "b-main", "direction": "entry", "scanned_at": "2026-12-01T09:00:00.000Z", "day": "2026-12-01", "verdict": "", "code": null, "undoes": null, "device_id": "dev-affc9f542150", "device_name": "uploader-b", "received_at": "2026-12-01T12:16:23.040+00:00", "duplicate": false, "duplicate_of": null}','2026-12-01T12:16:23.041+00:00');
INSERT INTO "changes" VALUES(9,0,'attendee','W1','{"id": "W1", "event_id": "ev-a", "code": null, "name": "Walk", "email": "", "organisation": "", "ticket_type": "", "status": "valid", "details": {}, "source": "walkin", "deleted": false}','2026-12-01T12:16:23.044+00:00');
CREATE TABLE checkins (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO "checkins" VALUES(1,'6f1d0c1e-0000-4000-8000-000000000001','B1','b-main','entry','2026-12-01T09:00:00.000Z','2026-12-01','',NULL,NULL,'dev-affc9f542150','uploader-b','2026-12-01T12:16:23.040+00:00',NULL,0,NULL);
CREATE TABLE console_flags_seen (
    flag_id TEXT PRIMARY KEY,
    seen_at TEXT NOT NULL
);
CREATE TABLE console_sessions (
    id_hash TEXT PRIMARY KEY,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
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
INSERT INTO "devices" VALUES('dev-4acd05bafc9c','at-gate-a','5ea2718f914f32cb1a54102a82d273abc81c85c23e806f701228e7b2b9042a57','a-main','2026-12-01T12:16:23.012+00:00',NULL,NULL,NULL,NULL);
INSERT INTO "devices" VALUES('dev-affc9f542150','uploader-b','18d882589171f6519a19aaac3c95b496f4debbb88553c0ee9fbceb7b1290ab79',NULL,'2026-12-01T12:16:23.020+00:00',NULL,'2026-12-01T12:16:23.040+00:00',NULL,NULL);
INSERT INTO "devices" VALUES('dev-e39d2ea1a141','walkins-a','afde76dea004ae4d1a1aa5c74ff6d703a80e0ee2224c0e113bd5deaa8c519ab4',NULL,'2026-12-01T12:16:23.028+00:00',NULL,NULL,NULL,NULL);
INSERT INTO "devices" VALUES('dev-027137086f64','never-used','28c2b64968731219e42c319c7584209aa17648bd1330d7a2f9ea8b48d4ef3a8a',NULL,'2026-12-01T12:16:23.036+00:00',NULL,NULL,NULL,NULL);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL DEFAULT 'UTC',
    days TEXT NOT NULL DEFAULT '[]',
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO "events" VALUES('ev-a','Event A','UTC','[]','wX2mjsBS/SjMogfjKMHRoEDb8TvNdmezw9tY8e/yf6M=','VghiDY7RGU2BPpot+qN4rSSZGFZYNS13XYxlergwPks=','2026-12-01T12:16:22.942+00:00');
INSERT INTO "events" VALUES('ev-b','Event B','UTC','[]','RWL0Q4mXpV3mopdFrgSrVVyit2vEg2H1g3JcApH6/y4=','J0t4lnngM6q01hVacMEm4Z0BC3EibowMHOfjfKBkw+8=','2026-12-01T12:16:22.968+00:00');
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
INSERT INTO "gates" VALUES('a-main','ev-a','A main','[]','[]',0,0,'2026-12-01T12:16:22.942+00:00');
INSERT INTO "gates" VALUES('b-main','ev-b','B main','[]','[]',0,0,'2026-12-01T12:16:22.968+00:00');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE pairing_codes (
    code TEXT PRIMARY KEY,
    device_name TEXT NOT NULL DEFAULT '',
    gate_id TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    device_id TEXT
);
INSERT INTO "pairing_codes" VALUES('7P2S-8YTP','at-gate-a','a-main','2026-12-01T12:16:22.998+00:00','2026-12-01T12:31:22.998+00:00','2026-12-01T12:16:23.012+00:00','dev-4acd05bafc9c');
INSERT INTO "pairing_codes" VALUES('83X5-6CUZ','uploader-b',NULL,'2026-12-01T12:16:23.016+00:00','2026-12-01T12:31:23.016+00:00','2026-12-01T12:16:23.020+00:00','dev-affc9f542150');
INSERT INTO "pairing_codes" VALUES('D57K-SZSZ','walkins-a',NULL,'2026-12-01T12:16:23.024+00:00','2026-12-01T12:31:23.024+00:00','2026-12-01T12:16:23.028+00:00','dev-e39d2ea1a141');
INSERT INTO "pairing_codes" VALUES('PE38-F5DV','never-used',NULL,'2026-12-01T12:16:23.032+00:00','2026-12-01T12:31:23.032+00:00','2026-12-01T12:16:23.036+00:00','dev-027137086f64');
INSERT INTO "pairing_codes" VALUES('BK29-CW89','pending-b','b-main','2026-12-01T12:16:23.046+00:00','2026-12-01T12:31:23.045+00:00',NULL,NULL);
INSERT INTO "pairing_codes" VALUES('BGQ5-8E46','pending-any',NULL,'2026-12-01T12:16:23.080+00:00','2026-12-01T12:31:23.080+00:00',NULL,NULL);
CREATE TABLE revocations (
    code TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    revoked_at TEXT NOT NULL
);
INSERT INTO "revocations" VALUES('CA1','ev-a','lost',1,'2026-12-01T12:16:22.980+00:00');
CREATE UNIQUE INDEX attendees_code ON attendees(code) WHERE code IS NOT NULL;
CREATE INDEX attendees_event ON attendees(event_id);
CREATE INDEX checkins_passages ON checkins(attendee_id, gate_id, day);
CREATE INDEX checkins_undoes ON checkins(undoes);
CREATE INDEX changes_feed ON changes(xid, seq);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('changes',9);
INSERT INTO "sqlite_sequence" VALUES('checkins',1);
COMMIT;
