BEGIN TRANSACTION;
CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT);
INSERT INTO "_migrations" VALUES('0001_initial','2026-12-01T13:26:17.011+00:00');
INSERT INTO "_migrations" VALUES('0002_console_sessions','2026-12-01T13:26:17.011+00:00');
INSERT INTO "_migrations" VALUES('0004_checkin_rulings_and_revocation_syncs','2026-12-01T13:26:17.011+00:00');
INSERT INTO "_migrations" VALUES('0005_device_software_version','2026-12-01T13:26:17.012+00:00');
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
INSERT INTO "attendees" VALUES('A1','ev-a','CA1','Ann','','','','valid','{}','import',NULL,NULL,0,'2026-12-01T13:26:17.088+00:00');
INSERT INTO "attendees" VALUES('B1','ev-b','CB1','Bob','','','','valid','{}','import',NULL,NULL,0,'2026-12-01T13:26:17.088+00:00');
INSERT INTO "attendees" VALUES('W1','ev-a',NULL,'Walk','','','','valid','{}','walkin',NULL,'dev-9882f5fa1cd4',0,'2026-12-01T13:26:17.201+00:00');
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    xid INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO "changes" VALUES(1,0,'event','ev-a','{"id": "ev-a", "name": "Event A", "timezone": "UTC", "days": [], "public_key": "VQlKGA75q27Nmh6LymAZ10A5eATHXAN3tQ5DvqH4dQ4="}','2026-12-01T13:26:17.062+00:00');
INSERT INTO "changes" VALUES(2,0,'gate','a-main','{"id": "a-main", "event_id": "ev-a", "name": "A main", "ticket_types": [], "days": [], "allow_reentry": false, "deleted": false}','2026-12-01T13:26:17.062+00:00');
INSERT INTO "changes" VALUES(3,0,'event','ev-b','{"id": "ev-b", "name": "Event B", "timezone": "UTC", "days": [], "public_key": "KRAiyCSWWo6rLGjAj5chQjKl07sxjvTwJm0ziia+YWA="}','2026-12-01T13:26:17.076+00:00');
INSERT INTO "changes" VALUES(4,0,'gate','b-main','{"id": "b-main", "event_id": "ev-b", "name": "B main", "ticket_types": [], "days": [], "allow_reentry": false, "deleted": false}','2026-12-01T13:26:17.076+00:00');
INSERT INTO "changes" VALUES(5,0,'attendee','A1','{"id": "A1", "event_id": "ev-a", "code": "CA1", "name": "Ann", "email": "", "organisation": "", "ticket_type": "", "status": "valid", "details": {}, "source": "import", "deleted": false}','2026-12-01T13:26:17.088+00:00');
INSERT INTO "changes" VALUES(6,0,'attendee','B1','{"id": "B1", "event_id": "ev-b", "code": "CB1", "name": "Bob", "email": "", "organisation": "", "ticket_type": "", "status": "valid", "details": {}, "source": "import", "deleted": false}','2026-12-01T13:26:17.088+00:00');
INSERT INTO "changes" VALUES(7,0,'revocation','CA1','{"code": "CA1", "event_id": "ev-a", "reason": "lost", "active": true}','2026-12-01T13:26:17.101+00:00');
INSERT INTO "changes" VALUES(8,0,'checkin','6f1d0c1e-0000-4000-8000-000000000001','{"id": "6f1d0c1e-0000-4000-8000-000000000001", "attendee_id": "B1", "gate_id": "b-main", "direction": "entry", "scanned_at": "2026-12-01T09:00:00.000Z", "day": "2026-12-01", "verdict": "", "code": null, "undoes": null, "device_id": "dev-1b4413027319", "device_name": "uploader-b", "received_at": "2026-12-01T13:26:17.188+00:00", "duplicate": false, "duplicate_of": null}','2026-12-01T13:26:17.189+00:00');
INSERT INTO "changes" VALUES(9,0,'attendee','W1','{"id": "W1", "event_id": "ev-a", "code": null, "name": "Walk", "email": "", "organisation": "", "ticket_type": "", "status": "valid", "details": {}, "source": "walkin", "deleted": false}','2026-12-01T13:26:17.201+00:00');
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
, central_reason TEXT, flag TEXT);
INSERT INTO "checkins" VALUES(1,'6f1d0c1e-0000-4000-8000-000000000001','B1','b-main','entry','2026-12-01T09:00:00.000Z','2026-12-01','',NULL,NULL,'dev-1b4413027319','uploader-b','2026-12-01T13:26:17.188+00:00',NULL,0,NULL,'first_entry',NULL);
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
, software_version TEXT);
INSERT INTO "devices" VALUES('dev-f44523c23abb','at-gate-a','01d8662f7c53cc1bd205506be641295bb4db54898a1054797179276ab6353452','a-main','2026-12-01T13:26:17.120+00:00',NULL,NULL,NULL,NULL,NULL);
INSERT INTO "devices" VALUES('dev-1b4413027319','uploader-b','643a089961c87d71b46b8553346354a10e2ab7e628baa6ad63990ae5946628c2',NULL,'2026-12-01T13:26:17.141+00:00',NULL,'2026-12-01T13:26:17.188+00:00',NULL,NULL,NULL);
INSERT INTO "devices" VALUES('dev-9882f5fa1cd4','walkins-a','56dcb19554b4f2e516ff7ee7f7425b4953a2f2c473138bda83228c689d480678',NULL,'2026-12-01T13:26:17.154+00:00',NULL,NULL,NULL,NULL,NULL);
INSERT INTO "devices" VALUES('dev-41e8f426acfa','never-used','18234c1d986820e3cddbedbb34be9091da9bdace4632309dbd046e21dde8d566',NULL,'2026-12-01T13:26:17.172+00:00',NULL,NULL,NULL,NULL,NULL);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL DEFAULT 'UTC',
    days TEXT NOT NULL DEFAULT '[]',
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO "events" VALUES('ev-a','Event A','UTC','[]','VQlKGA75q27Nmh6LymAZ10A5eATHXAN3tQ5DvqH4dQ4=','KKJsEESDVjcpidBYfaTZw7UqL2uUU4d5mjB6b8uTY5I=','2026-12-01T13:26:17.052+00:00');
INSERT INTO "events" VALUES('ev-b','Event B','UTC','[]','KRAiyCSWWo6rLGjAj5chQjKl07sxjvTwJm0ziia+YWA=','ZF62kdbjFRQxwFO7kuw3CCdn1xr5mZjCF+wrD5Np47Y=','2026-12-01T13:26:17.075+00:00');
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
INSERT INTO "gates" VALUES('a-main','ev-a','A main','[]','[]',0,0,'2026-12-01T13:26:17.062+00:00');
INSERT INTO "gates" VALUES('b-main','ev-b','B main','[]','[]',0,0,'2026-12-01T13:26:17.076+00:00');
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
INSERT INTO "pairing_codes" VALUES('5US9-MBCV','at-gate-a','a-main','2026-12-01T13:26:17.108+00:00','2026-12-01T13:41:17.108+00:00','2026-12-01T13:26:17.120+00:00','dev-f44523c23abb');
INSERT INTO "pairing_codes" VALUES('X5E5-C3WG','uploader-b',NULL,'2026-12-01T13:26:17.132+00:00','2026-12-01T13:41:17.132+00:00','2026-12-01T13:26:17.141+00:00','dev-1b4413027319');
INSERT INTO "pairing_codes" VALUES('CJVE-YCJC','walkins-a',NULL,'2026-12-01T13:26:17.148+00:00','2026-12-01T13:41:17.148+00:00','2026-12-01T13:26:17.154+00:00','dev-9882f5fa1cd4');
INSERT INTO "pairing_codes" VALUES('8FW7-4NH7','never-used',NULL,'2026-12-01T13:26:17.164+00:00','2026-12-01T13:41:17.164+00:00','2026-12-01T13:26:17.172+00:00','dev-41e8f426acfa');
INSERT INTO "pairing_codes" VALUES('9TE2-NW25','pending-b','b-main','2026-12-01T13:26:17.204+00:00','2026-12-01T13:41:17.204+00:00',NULL,NULL);
INSERT INTO "pairing_codes" VALUES('E4TJ-EXP6','pending-any',NULL,'2026-12-01T13:26:17.217+00:00','2026-12-01T13:41:17.217+00:00',NULL,NULL);
CREATE TABLE revocation_syncs (
    device_id TEXT NOT NULL,
    code TEXT NOT NULL,
    xid BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    synced_at TEXT NOT NULL,
    PRIMARY KEY (device_id, code)
);
CREATE TABLE revocations (
    code TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    revoked_at TEXT NOT NULL
);
INSERT INTO "revocations" VALUES('CA1','ev-a','lost',1,'2026-12-01T13:26:17.100+00:00');
CREATE UNIQUE INDEX attendees_code ON attendees(code) WHERE code IS NOT NULL;
CREATE INDEX attendees_event ON attendees(event_id);
CREATE INDEX checkins_passages ON checkins(attendee_id, gate_id, day);
CREATE INDEX checkins_undoes ON checkins(undoes);
CREATE INDEX changes_feed ON changes(xid, seq);
CREATE INDEX checkins_flag ON checkins(flag) WHERE flag IS NOT NULL;
CREATE INDEX changes_revocations ON changes(xid, seq) WHERE kind = 'revocation';
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('changes',9);
INSERT INTO "sqlite_sequence" VALUES('checkins',1);
COMMIT;
