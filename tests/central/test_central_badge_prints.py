"""Badge prints synced through the central list (issue 11 item 14, issue 15 item 2),
through a real `kiosk serve` on loopback, on SQLite and PostgreSQL: a desk of PyCon
prints a badge offline; the print goes up with the outbox (idempotent on its UUID: sent
twice, stored once); the central list keeps it under PyCon and publishes it, so a second
desk of PyCon knows the badge was printed (and asks before printing it again); Other
Fest's devices never hear of it. A hostile device of Other Fest cannot record a print for
a PyCon attendee: refused in words that name nothing of PyCon, nothing stored, the
refusal kept for PyCon's organisers only if the device is theirs (it is not)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

import kiosk.central.schema as schema
from kiosk.central.db import CentralDB
from kiosk.central.store import CentralStore
from kiosk.replica.badges import badge_prints, record_badge_print
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine
from tests import central_fixtures, console_fixtures
from tests.console_fixtures import Central

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Central]:
    """A real `kiosk serve` on a central list with PyCon and Other Fest."""
    url: Any = tmp_path / "central.db" if request.param == "sqlite" else \
        request.getfixturevalue("pg_url")
    token = console_fixtures.make_central_db(url)
    proc = central_fixtures.start_serve(url)
    try:
        yield Central(proc.url, url, token, proc)
    finally:
        proc.stop()


def _pair(central: Central, path: Path, *, role: str, event: str, gate: str,
          name: str) -> SyncEngine:
    with central.store() as store:
        code = store.devices.new_pairing_code(device_name=name, role=role,
                                              event_ids=[event], gate_id=gate).code
    engine = SyncEngine(path)
    engine.pair(central.url, code)
    assert engine.sync(force=True).ok
    return engine


def _stored(central: Central) -> list[dict[str, Any]]:
    with central.store() as store:
        return store.db.run(lambda tx: tx.execute(
            "SELECT * FROM badge_prints ORDER BY seq"), write=False)


def test_a_print_goes_up_once_and_every_desk_of_the_event_knows(
        served: Central, tmp_path: Path) -> None:
    desk_db, second_db, other_db = (tmp_path / n for n in ("desk.db", "desk2.db", "of.db"))
    desk = _pair(served, desk_db, role="desk", event="pycon", gate="hall", name="Desk 1")
    second = _pair(served, second_db, role="desk", event="pycon", gate="hall", name="Desk 2")
    other = _pair(served, other_db, role="desk", event="other-fest", gate="gate-a",
                  name="Fest desk")
    with Replica(desk_db) as replica:
        siti = replica.get_attendee("p2")
        assert siti is not None
        first = record_badge_print(replica, siti, printer="Zebra ZD421", reprint=False)
        again = record_badge_print(replica, siti, printer="Zebra ZD421", reprint=True)
        assert replica.pending_upload_count() == 2
    assert desk.sync(force=True).ok
    with Replica(desk_db) as replica:
        assert replica.pending_upload_count() == 0 and replica.rejected_upload_count() == 0
    rows = _stored(served)
    assert [(r["id"], r["event_id"], r["attendee_id"], r["device_name"], bool(r["reprint"]),
             r["printer"], r["name_printed"]) for r in rows] == [
        (first.uid, "pycon", "p2", "Desk 1", False, "Zebra ZD421", "Siti Nurhaliza"),
        (again.uid, "pycon", "p2", "Desk 1", True, "Zebra ZD421", "Siti Nurhaliza")]

    # Sent again (a restored list, a retried batch): answered, stored once.
    with Replica(desk_db) as replica:
        replica.conn.execute("UPDATE outbox SET uploaded_at = NULL")
        replica.conn.commit()
    assert desk.sync(force=True).ok
    assert len(_stored(served)) == 2

    # The second desk of PyCon knows: its badge state and its reprint question.
    assert second.sync(force=True).ok
    with Replica(second_db) as replica:
        known = badge_prints(replica, "p2")
        assert [(p.uid, p.device_name, p.reprint) for p in known] == [
            (first.uid, "Desk 1", False), (again.uid, "Desk 1", True)]
        assert replica.pending_upload_count() == 0  # heard, not queued to go back up
    # The first desk keeps each print once (its own come back through the feed).
    assert desk.sync(force=True).ok
    with Replica(desk_db) as replica:
        assert len(badge_prints(replica, "p2")) == 2
    # Other Fest's desk never hears of PyCon's prints.
    assert other.sync(force=True).ok
    with Replica(other_db) as replica:
        assert replica.conn.execute("SELECT count(*) FROM badge_prints").fetchone()[0] == 0
    for engine in (desk, second, other):
        engine.close()


def test_a_device_of_another_event_cannot_record_a_print(served: Central) -> None:
    with served.store() as store:
        fest = store.devices.pair(store.devices.new_pairing_code(
            device_name="Hostile", role="desk", event_ids=["other-fest"]).code).token
        pycon = store.devices.pair(store.devices.new_pairing_code(
            device_name="PyCon kiosk", role="kiosk", event_ids=["pycon"]).code).token

    def send(token: str, attendee: str, print_id: str | None = None) -> httpx.Response:
        return httpx.post(served.url + "/api/v1/badge-prints",
                          headers={"Authorization": f"Bearer {token}"},
                          json={"badge_prints": [{
                              "id": print_id or str(uuid.uuid4()), "attendee_id": attendee,
                              "printed_at": datetime.now(UTC).isoformat(),
                              "printer": "pdf", "reprint": False, "name_printed": "X"}]})

    # A PyCon attendee, and one the list does not have: the same words, nothing named.
    for attendee in ("p3", "nobody-here"):
        r = send(fest, attendee)
        assert r.status_code == 200, r.text
        (result,) = r.json()["results"]
        assert result["status"] == "rejected"
        assert result["reason"] == "this attendee is not part of the event(s) this " \
                                   "device is paired for"
        assert "Budi" not in r.text and "pycon" not in r.text.lower()
    assert _stored(served) == []
    # A PyCon print taken by a PyCon device; the hostile device, sending the same UUID,
    # learns nothing of it.
    taken = str(uuid.uuid4())
    assert send(pycon, "p3", taken).json()["stored"] == 1
    r = send(fest, "o1", taken)
    assert r.json()["results"][0]["status"] == "rejected", r.text
    assert [r["attendee_id"] for r in _stored(served)] == ["p3"]
    # No token, a bad body: the usual answers, nothing stored.
    assert httpx.post(served.url + "/api/v1/badge-prints",
                      json={"badge_prints": []}).status_code == 401
    bad = httpx.post(served.url + "/api/v1/badge-prints",
                     headers={"Authorization": f"Bearer {pycon}"},
                     json={"badge_prints": [{"id": "x"}]})
    assert bad.status_code == 422 and "Traceback" not in bad.text
    # The refusals are kept, with who sent them (the Flags page shows them).
    with served.store() as store:
        refused = store.db.run(lambda tx: tx.execute(
            "SELECT kind, attendee_id, device_name FROM refused_uploads ORDER BY seq"),
            write=False)
    assert [(r["kind"], r["attendee_id"], r["device_name"]) for r in refused] == [
        ("badge_print", "p3", "Hostile"), ("badge_print", "nobody-here", "Hostile"),
        ("badge_print", "o1", "Hostile")]


# -- the migrations, on lists made by the previous schema --------------------------------

def _previous_schema(url: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A central list made by the schema before 0012, with an event, a gate, an attendee
    and a check-in."""
    names = [name for name, _ in schema.MIGRATIONS]
    before = names.index("0012_badge_prints_and_refused_uploads")
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:before])
        db = CentralDB(url)
        try:
            schema.migrate(db)
            db.run(lambda tx: [tx.execute(sql, params) for sql, params in (
                ("INSERT INTO events (id, name, public_key, private_key, created_at) "
                 "VALUES ('ev', 'Ev', 'pk', 'sk', '2026-12-01T00:00:00+00:00')", ()),
                ("INSERT INTO gates (id, event_id, name, updated_at) VALUES "
                 "('g', 'ev', 'G', '2026-12-01T00:00:00+00:00')", ()),
                ("INSERT INTO attendees (id, event_id, name, updated_at) VALUES "
                 "('a1', 'ev', 'Ani', '2026-12-01T00:00:00+00:00')", ()))])
        finally:
            db.close()


def _check_migrated(url: Any) -> None:
    with CentralStore.open(url) as store:
        names = {r["name"] for r in store.db.run(
            lambda tx: tx.execute("SELECT name FROM _migrations"), write=False)}
        assert "0012_badge_prints_and_refused_uploads" in names
        assert [a.name for a in store.attendees.all()] == ["Ani"]
        device = store.devices.authenticate(store.devices.pair(store.devices.new_pairing_code(
            device_name="D", role="desk", event_ids=["ev"]).code).token)
        assert device is not None
        from kiosk.core.wire import BadgePrintUpload

        item = BadgePrintUpload(str(uuid.uuid4()), "a1", "2026-12-01T09:00:00.000+00:00")
        (result,) = store.ingest.badge_prints(device, [item])
        assert result.status == "stored"
        (again,) = store.ingest.badge_prints(device, [item])
        assert again.status == "already_stored"
        published = [c for c in store.feed.page(limit=100).changes
                     if c["kind"] == "badge_print"]
        assert [c["data"]["event_id"] for c in published] == ["ev"]


def test_the_migration_on_a_sqlite_list_made_by_the_previous_schema(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "central.db"
    _previous_schema(db, monkeypatch)
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'badge_prints'"
                       ).fetchone()[0] == 0
    con.close()
    _check_migrated(db)


@pytest.mark.postgres
def test_the_migration_on_a_postgres_list_made_by_the_previous_schema(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _previous_schema(pg_url, monkeypatch)
    _check_migrated(pg_url)


def test_a_desk_joining_by_snapshot_knows_the_prints_made_before(
        served: Central, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A desk paired mid-event downloads the list as a snapshot (not the log): the badge
    prints come in it, its event's only."""
    import kiosk.sync.snapshot as snapshot_module

    desk = _pair(served, tmp_path / "desk.db", role="desk", event="pycon", gate="hall",
                 name="Desk 1")
    with Replica(tmp_path / "desk.db") as replica:
        for attendee in ("p1", "p2"):
            person = replica.get_attendee(attendee)
            assert person is not None
            record_badge_print(replica, person, printer="pdf", reprint=False)
    assert desk.sync(force=True).ok
    desk.close()
    with served.store() as store:  # and one of Other Fest's
        fest = store.devices.authenticate(store.devices.pair(store.devices.new_pairing_code(
            device_name="Fest desk", role="desk", event_ids=["other-fest"]).code).token)
        from kiosk.core.wire import BadgePrintUpload

        store.ingest.badge_prints(fest, [BadgePrintUpload(
            str(uuid.uuid4()), "o1", "2026-12-01T09:00:00.000+00:00")])
    monkeypatch.setattr(snapshot_module, "MIN_LOG_CHANGES", 1)  # a large list's way in
    late = _pair(served, tmp_path / "late.db", role="desk", event="pycon", gate="hall",
                 name="Desk 2")
    late.close()
    with Replica(tmp_path / "late.db") as replica:
        rows = replica.conn.execute("SELECT attendee_id, device_name, origin FROM "
                                    "badge_prints ORDER BY attendee_id").fetchall()
        assert [tuple(r) for r in rows] == [("p1", "Desk 1", "remote"),
                                            ("p2", "Desk 1", "remote")]
    with served.store() as store:
        page = store.snapshot.page(section="badge_print", event_ids={"other-fest"})
        assert [dict(zip(page.columns, r, strict=True))["attendee_id"] for r in page.rows] \
            == ["o1"]
