"""The central list judges every upload with the kiosk's own rule (issue 10 item 3),
replayed against a real `kiosk serve` with two events: a hostile device uploads admitted
check-ins the rules refuse (a code revoked before its last sync, a cancelled attendee, a
gate that does not admit the ticket, a day that is not the event's, a second entry) —
each is stored (never dropped, the kiosk's verdict kept) with the central list's ruling
and a flag for organisers; a real kiosk that admitted a code revoked after its last sync
gets the milder flag. Undos are accepted only for the same attendee within the undo
window."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from kiosk.central.console import queries
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from tests.central_fixtures import start_serve

Run = Callable[..., subprocess.CompletedProcess[str]]
TODAY = datetime.now(UTC).date()


def _central(db: Path) -> str:
    """Two events; event A has a VIP-only gate. Returns a device token (the hostile one)."""
    with CentralStore.open(db) as store:
        store.events.create("Event A", event_id="ev-a", timezone="UTC",
                            days=[TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1)],
                            gates=[Gate("a-main", "", "A main"),
                                   Gate("a-vip", "", "A VIP", ticket_types=("VIP",))])
        store.events.create("Event B", event_id="ev-b", timezone="UTC",
                            gates=[Gate("b-main", "", "B main")])
        people = [("ann", "ANN-1"), ("cat", "CAT-1"), ("rev", "REV-1"), ("dan", "DAN-1"),
                  ("eve", "EVE-1"), ("fay", "FAY-1"), ("late", "LATE-1")]
        store.attendees.upsert(
            [Attendee(id=i, event_id="ev-a", name=i.title(), code=c, ticket_type="Regular")
             for i, c in people]
            + [Attendee(id="zed", event_id="ev-b", name="Zed", code="ZED-1")])
        store.attendees.cancel("cat")
        store.codes.revoke("REV-1", reason="lost ticket")
        return store.devices.pair(store.devices.new_pairing_code(device_name="Hostile").code
                                  ).token


def _entry(attendee: str, gate: str, code: str | None, *, direction: str = "entry",
           at: datetime | None = None, day: date | None = None,
           undoes: str | None = None) -> dict[str, Any]:
    at = at or datetime.now(UTC)
    return {"id": str(uuid.uuid4()), "attendee_id": attendee, "gate_id": gate,
            "direction": direction, "scanned_at": at.isoformat(),
            "day": (day or at.date()).isoformat(),
            "verdict": "undo" if direction == "undo" else "accepted", "code": code,
            "undoes": undoes}


class _Device:
    def __init__(self, url: str, token: str) -> None:
        self.url, self.headers = url, {"Authorization": f"Bearer {token}"}
        self.cursor = "0.0"

    def sync_feed(self) -> None:
        """Read the feed to its end, then poll once more (as a kiosk's next sync does)."""
        for _ in range(50):
            page = httpx.get(self.url + "/api/v1/changes", headers=self.headers,
                             params={"cursor": self.cursor, "limit": 1000}).json()
            done = self.cursor == page["cursor"]
            self.cursor = page["cursor"]
            if done:
                return
        raise AssertionError("the feed never ended")

    def upload(self, *items: dict[str, Any]) -> list[dict[str, Any]]:
        r = httpx.post(self.url + "/api/v1/checkins", headers=self.headers,
                       json={"checkins": list(items)})
        assert r.status_code == 200, r.text
        return list(r.json()["results"])


def _console_page(url: str, token: str, path: str) -> str:
    """``path`` of the console, logged in through its POST form."""
    with httpx.Client(base_url=url) as client:
        form = client.get("/console/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form)
        assert csrf, form
        r = client.post("/console/login", data={"csrf": csrf.group(1), "token": token},
                        headers={"Origin": url})
        assert r.status_code == 303, r.text
        page = client.get(path)
        assert page.status_code == 200, page.text
        return page.text


def _stored(db: Path) -> dict[str, dict[str, Any]]:
    with CentralStore.open(db) as store:
        return {r["id"]: r for r in store.ingest.all()}


def test_every_upload_is_judged_again_flagged_and_kept(tmp_path: Path, run_kiosk: Run) -> None:
    db = tmp_path / "central.db"
    token = _central(db)
    server = start_serve(db)
    kiosk = tmp_path / "kiosk.db"
    try:
        hostile = _Device(server.url, token)
        hostile.sync_feed()  # it has synced REV-1's revocation and CAT's cancellation
        first = _entry("ann", "a-main", "ANN-1")
        items = {
            "revoked": _entry("rev", "a-main", "REV-1"),
            # found by name at a desk (no code): cancelling revoked CAT-1 itself
            "cancelled": _entry("cat", "a-main", None),
            "wrong_gate": _entry("ann", "a-vip", "ANN-1"),
            "wrong_day": _entry("dan", "a-main", "DAN-1", day=TODAY + timedelta(days=5)),
            "fine": first,
            "second": _entry("ann", "a-main", "ANN-1",
                             at=datetime.now(UTC) + timedelta(seconds=2)),
            "event_b": _entry("zed", "b-main", "ZED-1"),
        }
        results = hostile.upload(*items.values())
        assert [r["status"] for r in results] == ["stored"] * len(items), results
        rows = _stored(db)
        flags = {name: rows[item["id"]]["flag"] for name, item in items.items()}
        assert flags == {"revoked": "revoked_before_sync", "cancelled": "cancelled",
                         "wrong_gate": "wrong_gate", "wrong_day": "wrong_day", "fine": None,
                         "second": "second_entry", "event_b": None}, flags
        reasons = {name: rows[item["id"]]["central_reason"] for name, item in items.items()}
        assert reasons["revoked"] == "revoked" and reasons["fine"] == "first_entry"
        assert reasons["wrong_day"] == "event_not_on_today"
        # Kept as the kiosk made it: its verdict, and the duplicate marking as before.
        assert all(rows[i["id"]]["verdict"] == "accepted" for i in items.values())
        assert rows[items["second"]["id"]]["duplicate_of"] == first["id"]

        # A real kiosk, synced before the organiser revokes LATE-1, admits it offline:
        # it could not know, so the flag says "after the kiosk's last sync".
        code = run_kiosk("central", "pair-code", "--db", str(db), "--event", "ev-a",
                         check=True).stdout.strip().splitlines()[-1]
        run_kiosk("pair", server.url, code, "--db", str(kiosk), check=True)
        run_kiosk("sync", "--db", str(kiosk), check=True)
        run_kiosk("central", "revoke", "LATE-1", "--db", str(db), check=True)
        out = run_kiosk("checkin", "LATE-1", "--db", str(kiosk), "--gate", "a-main",
                        check=True).stdout
        assert json.loads(out)["verdict"] == "accepted"
        run_kiosk("sync", "--db", str(kiosk), check=True)
        late = [r for r in _stored(db).values() if r["attendee_id"] == "late"]
        assert [(r["flag"], r["central_reason"]) for r in late] == [
            ("revoked_after_sync", "revoked")]
        # Once synced, the hostile device replaying that code is flagged the hard way.
        hostile.sync_feed()
        again = _entry("late", "a-main", "LATE-1", at=datetime.now(UTC) + timedelta(seconds=5))
        assert hostile.upload(again)[0]["status"] == "stored"
        assert _stored(db)[again["id"]]["flag"] == "revoked_before_sync"

        # Organisers see the flags: the CSV export and the console's list to review.
        with CentralStore.open(db) as store:
            admin = store.dashboard.new_admin_token()
            console = {f["id"]: f["kind"] for f in queries.flags(store, "ev-a")}
        exported = httpx.get(server.url + "/admin/checkins.csv",
                             headers={"Authorization": f"Bearer {admin}"}).text
        by_id = {r["id"]: r for r in csv.DictReader(io.StringIO(exported))}
        assert by_id[items["cancelled"]["id"]]["flag"] == "cancelled"
        assert by_id[items["fine"]["id"]]["flag"] == ""
        assert console[items["revoked"]["id"]] == "revoked_before_sync"
        assert console[items["second"]["id"]] == "duplicate"
        assert items["fine"]["id"] not in console and items["event_b"]["id"] not in console
        page = _console_page(server.url, admin, "/console/flags?event=ev-a")
        assert "admitted although cancelled" in page
        assert "admitted at a gate that does not admit this ticket" in page
        assert "revoked before the kiosk" in page and "revoked after the kiosk" in page
        assert "Zed" not in page  # event B's check-in is not event A's to review
        assert "Traceback" not in server.stop()
    finally:
        server.stop()


def test_undo_only_for_the_same_attendee_within_the_window(tmp_path: Path) -> None:
    db = tmp_path / "central.db"
    token = _central(db)
    server = start_serve(db)
    try:
        device = _Device(server.url, token)
        now = datetime.now(UTC)
        ann = _entry("ann", "a-main", "ANN-1")
        old = _entry("eve", "a-main", "EVE-1", at=now - timedelta(hours=2))
        fay = _entry("fay", "a-main", "FAY-1")
        assert [r["status"] for r in device.upload(ann, old, fay)] == ["stored"] * 3
        other = _entry("dan", "a-main", "DAN-1", direction="undo", undoes=ann["id"])
        late = _entry("eve", "a-main", "EVE-1", direction="undo", undoes=old["id"])
        nothing = _entry("fay", "a-main", "FAY-1", direction="undo", undoes=str(uuid.uuid4()))
        answers = device.upload(other, late, nothing)
        assert [r["status"] for r in answers] == ["rejected"] * 3, answers
        assert "same attendee" in answers[0]["reason"]
        assert "too late" in answers[1]["reason"]
        assert "not on the central list" in answers[2]["reason"]
        rows = _stored(db)
        assert not any(r["direction"] == "undo" for r in rows.values())  # nothing changed
        # Within the window, the same attendee's own check-in: accepted (also in a batch
        # with the check-in itself).
        own = _entry("fay", "a-main", "FAY-1", direction="undo", undoes=fay["id"])
        zed = _entry("zed", "b-main", "ZED-1")
        zed_undo = _entry("zed", "b-main", "ZED-1", direction="undo", undoes=zed["id"],
                          at=datetime.now(UTC) + timedelta(seconds=1))
        assert [r["status"] for r in device.upload(own, zed, zed_undo)] == ["stored"] * 3
        rows = _stored(db)
        assert rows[own["id"]]["undoes"] == fay["id"] and rows[own["id"]]["flag"] is None
        assert "Traceback" not in server.stop()
    finally:
        server.stop()


def test_a_list_made_by_the_previous_schema_gains_the_rulings(tmp_path: Path,
                                                              monkeypatch: Any) -> None:
    """The migration on a database made before it: old check-ins keep no ruling (NULL,
    never guessed), new uploads are judged."""
    from kiosk.central import schema

    db = tmp_path / "central.db"
    previous = [m for m in schema.MIGRATIONS
                if m[0] != "0004_checkin_rulings_and_revocation_syncs"]
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", previous)
        with CentralStore.open(db) as store:
            store.events.create("Event A", event_id="ev-a", gates=[Gate("a-main", "", "A")])
            store.attendees.upsert([Attendee(id="ann", event_id="ev-a", name="Ann")])
            store.db.run(lambda tx: tx.execute(
                "INSERT INTO checkins (id, attendee_id, gate_id, direction, scanned_at, day, "
                "device_id, received_at) VALUES (?, 'ann', 'a-main', 'entry', ?, ?, 'd', ?)",
                (str(uuid.uuid4()), datetime.now(UTC).isoformat(), TODAY.isoformat(),
                 datetime.now(UTC).isoformat())))
    with CentralStore.open(db) as store:
        device = store.devices.authenticate(
            store.devices.pair(store.devices.new_pairing_code().code).token)
        from kiosk.core.wire import decode_checkin_upload

        store.ingest.checkins(device, [decode_checkin_upload(_entry("ann", "a-main", None))])
        rows = store.ingest.all()
    assert [(r["flag"], r["central_reason"]) for r in rows] == [
        (None, None), ("second_entry", "already_in")]


def test_a_signed_code_outside_its_own_validity_is_flagged(tmp_path: Path,
                                                            run_kiosk: Run) -> None:
    """A signed code carries its own window (valid from / until). A real kiosk refuses it
    outside the window, by core's decide(); the central list judges an upload of it with
    the same window, read from the code as the kiosk reads it — also when a hostile device
    leaves the code out or sends another genuine one — and flags it "wrong_day"."""
    from kiosk.core.tickets import TicketPayload, TicketSigner, generate_keypair

    db = tmp_path / "central.db"
    token = _central(db)
    with CentralStore.open(db) as store:
        key = store.db.run(lambda tx: tx.one("SELECT private_key FROM events WHERE id = ?",
                                             ("ev-a",)))["private_key"]
        sign = TicketSigner(key).sign
        day = timedelta(days=1)
        codes = {"old": sign(TicketPayload("ev-a", "old", "Regular", valid_until=TODAY - day)),
                 "soon": sign(TicketPayload("ev-a", "soon", "Regular", valid_from=TODAY + day)),
                 "now": sign(TicketPayload("ev-a", "now", "Regular", TODAY - day,
                                           TODAY + day))}
        store.attendees.upsert([Attendee(id=i, event_id="ev-a", name=i.title(), code=c,
                                         ticket_type="Regular") for i, c in codes.items()])
    # The same person's id signed with no window by another key (event B's or a
    # stranger's): not a genuine code of event A, so it does not widen the window.
    forged = TicketSigner(generate_keypair()[0]).sign(TicketPayload("ev-a", "old", "Regular"))
    server = start_serve(db)
    kiosk = tmp_path / "kiosk.db"
    try:
        code = run_kiosk("central", "pair-code", "--db", str(db), "--event", "ev-a",
                         check=True).stdout.strip().splitlines()[-1]
        run_kiosk("pair", server.url, code, "--db", str(kiosk), check=True)
        run_kiosk("sync", "--db", str(kiosk), check=True)
        for who in ("old", "soon"):
            out = json.loads(run_kiosk("checkin", codes[who], "--db", str(kiosk), "--gate",
                                       "a-main", check=True).stdout)
            assert (out["verdict"], out["reason"]) == ("wrong_day", "ticket_not_valid_today")
        out = json.loads(run_kiosk("checkin", codes["now"], "--db", str(kiosk), "--gate",
                                   "a-main", check=True).stdout)
        assert out["verdict"] == "accepted", out
        run_kiosk("sync", "--db", str(kiosk), check=True)
        mine = [r for r in _stored(db).values() if r["attendee_id"] == "now"]
        assert [(r["flag"], r["central_reason"]) for r in mine] == [(None, "first_entry")]

        hostile = _Device(server.url, token)
        later = datetime.now(UTC) + timedelta(seconds=3)
        items = {
            "expired": _entry("old", "a-main", codes["old"]),
            "not_yet": _entry("soon", "a-main", codes["soon"]),
            "code_left_out": _entry("soon", "a-main", None, at=later),
            "someone_elses_code": _entry("old", "a-main", codes["now"], at=later),
            "forged_open_code": _entry("old", "a-main", forged,
                                       at=later + timedelta(seconds=1)),
            # Inside its window (yesterday, an event day): fine.
            "in_its_window": _entry("old", "a-main", codes["old"],
                                    at=datetime.now(UTC) - day),
            "valid_yesterday": _entry("now", "a-main", codes["now"],
                                  at=later, day=TODAY - day),
        }
        assert [r["status"] for r in hostile.upload(*items.values())] == \
            ["stored"] * len(items)
        rows = _stored(db)
        got = {name: (rows[i["id"]]["flag"], rows[i["id"]]["central_reason"])
               for name, i in items.items()}
        refused = ("wrong_day", "ticket_not_valid_today")
        assert got == {"expired": refused, "not_yet": refused, "code_left_out": refused,
                       "someone_elses_code": refused, "forged_open_code": refused,
                       "in_its_window": (None, "first_entry"),
                       "valid_yesterday": (None, "first_entry")}, got
        with CentralStore.open(db) as store:
            admin = store.dashboard.new_admin_token()
            flagged = {f["id"]: f["kind"] for f in queries.flags(store, "ev-a")}
        assert flagged[items["expired"]["id"]] == "wrong_day"
        assert items["in_its_window"]["id"] not in flagged
        page = _console_page(server.url, admin, "/console/flags?event=ev-a")
        assert "admitted on a day the ticket or gate is not valid" in page
        assert "Traceback" not in server.stop()
    finally:
        server.stop()
