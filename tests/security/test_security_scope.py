"""Devices have a role and events (issue 10 item 2, issue 14 item 4), replayed against a
real `kiosk serve`: two events on one list, a hostile kiosk and a hostile desk paired for
event B. They must not read anything of event A (feed, counts, upload answers) nor change
anything of it (check-ins, undos, walk-ins); a kiosk may not do a desk's work; whatever
a device uploads is attributed to the device its token names, never to payload fields.
The replica side: a real kiosk engine paired for B syncs and holds nothing of A."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

import kiosk.sync.snapshot as snapshot_module
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.core.tickets import TicketVerifier
from kiosk.core.verdicts import Verdict
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine, SyncProgress
from tests.central_fixtures import ServeProcess, start_serve

Run = Callable[..., subprocess.CompletedProcess[str]]

#: Everything of event A a device of event B must never see.
A_SECRETS = ("ev-alpha", "Event A", "alpha-door", "ALPHA-1", "Ann Alpha", "ann@a.example",
             "CODE-ALPHA-1")


@dataclass
class TwoEvents:
    db: Path
    server: ServeProcess
    tokens: dict[str, str]
    device_ids: dict[str, str]
    a_checkin: str

    def post(self, who: str, path: str, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(self.server.url + path, json=body,
                          headers={"Authorization": f"Bearer {self.tokens[who]}"})

    def feed(self, who: str, **params: Any) -> list[dict[str, Any]]:
        """Every change the device ``who`` may read, from the start, page by page."""
        out: list[dict[str, Any]] = []
        cursor = "0.0"
        while True:
            r = httpx.get(self.server.url + "/api/v1/changes",
                          params={"cursor": cursor, "limit": 2, **params},
                          headers={"Authorization": f"Bearer {self.tokens[who]}"})
            assert r.status_code == 200, r.text
            body = r.json()
            out += body["changes"]
            cursor = body["cursor"]
            if not body["more"]:
                return out


def _item(attendee: str, gate: str, direction: str = "entry", **extra: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"id": str(uuid.uuid4()), "attendee_id": attendee, "gate_id": gate,
            "direction": direction, "scanned_at": now.isoformat(),
            "day": now.date().isoformat(), **extra}


def _a_state(db: Path) -> dict[str, Any]:
    """Everything the central list holds of event A."""
    with CentralStore.open(db) as store:
        return store.db.run(lambda tx: {
            "attendees": tx.execute("SELECT * FROM attendees WHERE event_id = 'ev-alpha' "
                                    "ORDER BY id"),
            "checkins": tx.execute("SELECT c.* FROM checkins c JOIN gates g ON g.id = "
                                   "c.gate_id WHERE g.event_id = 'ev-alpha' ORDER BY c.seq"),
            "gates": tx.execute("SELECT * FROM gates WHERE event_id = 'ev-alpha'"),
            "revocations": tx.execute("SELECT * FROM revocations WHERE event_id = 'ev-alpha'"),
        }, write=False)


@pytest.fixture
def two_events(tmp_path: Path, run_kiosk: Run) -> Iterator[TwoEvents]:
    db = tmp_path / "central.db"
    with CentralStore.open(db) as store:
        store.events.create("Event A", event_id="ev-alpha",
                            gates=[Gate("alpha-door", "", "Alpha door")])
        store.events.create("Event B", event_id="ev-beta",
                            gates=[Gate("beta-door", "", "Beta door")])
        store.attendees.upsert([
            Attendee(id="ALPHA-1", event_id="ev-alpha", name="Ann Alpha", code="CODE-ALPHA-1",
                     email="ann@a.example"),
            Attendee(id="BETA-1", event_id="ev-beta", name="Bob Beta", code="CODE-BETA-1"),
            Attendee(id="BETA-2", event_id="ev-beta", name="Bea Beta", code="CODE-BETA-2")])
    # The organiser's way: `kiosk central pair-code --role ... --event ...`.
    codes = {}
    for who, role, event in (("a-kiosk", "kiosk", "ev-alpha"), ("b-kiosk", "kiosk", "ev-beta"),
                             ("b-desk", "desk", "ev-beta")):
        out = run_kiosk("central", "pair-code", "--db", str(db), "--name", who, "--role",
                        role, "--event", event, check=True).stdout
        assert f"a {role} for {event}" in out, out
        codes[who] = out.strip().splitlines()[-1].split()[-1]
    server = start_serve(db)
    try:
        tokens, ids = {}, {}
        for who, code in codes.items():
            r = httpx.post(server.url + "/api/v1/pair", json={"code": code,
                                                              "device_name": who})
            assert r.status_code == 200, r.text
            tokens[who], ids[who] = r.json()["token"], r.json()["device_id"]
            assert r.json()["role"] == who.split("-")[1]
            assert r.json()["event_ids"] == [{"a": "ev-alpha", "b": "ev-beta"}[who[0]]]
        setup = TwoEvents(db, server, tokens, ids, "")
        entry = _item("ALPHA-1", "alpha-door")
        r = setup.post("a-kiosk", "/api/v1/checkins", {"checkins": [entry]})
        assert r.json()["stored"] == 1, r.text
        setup.a_checkin = entry["id"]
        yield setup
    finally:
        server.stop()


def test_a_device_of_event_b_reads_nothing_of_event_a(two_events: TwoEvents) -> None:
    for who in ("b-kiosk", "b-desk"):
        changes = two_events.feed(who)
        text = json.dumps(changes)
        assert not [s for s in A_SECRETS if s in text], text
        assert two_events.a_checkin not in text
        kinds = {(c["kind"], c["id"]) for c in changes}
        assert {("event", "ev-beta"), ("gate", "beta-door"), ("attendee", "BETA-1"),
                ("attendee", "BETA-2")} <= kinds
        # The counts the first download shows as progress count only its events too.
        r = httpx.get(two_events.server.url + "/api/v1/changes",
                      params={"count": 1, "limit": 5000},
                      headers={"Authorization": f"Bearer {two_events.tokens[who]}"})
        assert r.json()["remaining"] == len(r.json()["changes"]) == len(changes)
        whoami = httpx.get(two_events.server.url + "/api/v1/whoami",
                           headers={"Authorization": f"Bearer {two_events.tokens[who]}"})
        assert whoami.json()["event_ids"] == ["ev-beta"]
    # Event A's own kiosk sees A, and B's check-ins not at all.
    a_text = json.dumps(two_events.feed("a-kiosk"))
    assert "Ann Alpha" in a_text and two_events.a_checkin in a_text
    assert "Bob Beta" not in a_text and "ev-beta" not in a_text


def test_a_device_of_event_b_changes_nothing_of_event_a(two_events: TwoEvents) -> None:
    before = _a_state(two_events.db)
    for who in ("b-kiosk", "b-desk"):
        attempts = [
            _item("ALPHA-1", "alpha-door"),                         # A's attendee at A's gate
            _item("ALPHA-1", "alpha-door", "exit"),
            _item("ALPHA-1", "beta-door"),                         # A's attendee at B's gate
            _item("BETA-1", "alpha-door"),                         # at A's gate
            _item("ALPHA-1", "alpha-door", "undo", undoes=two_events.a_checkin),
            _item("BETA-1", "beta-door", "undo", undoes=two_events.a_checkin),
            _item("ALPHA-1", "alpha-door", verdict="override"),
        ]
        # Re-sending A's stored check-in under its id learns nothing about it.
        replay = dict(_item("BETA-1", "beta-door"), id=two_events.a_checkin)
        r = two_events.post(who, "/api/v1/checkins", {"checkins": [*attempts, replay]})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["stored"] == 0 and body["rejected"] == len(attempts) + 1, body
        assert all(res["status"] == "rejected" and res["reason"] for res in body["results"])
        assert not [s for s in A_SECRETS if s in json.dumps(body["results"][-1])]
        assert "Alpha door" not in r.text and "a-kiosk" not in r.text
        # Walk-ins for event A: refused, nothing stored.
        # Nor one of B under the id of A's attendee (it used to move Ann into B).
        r = two_events.post(who, "/api/v1/attendees", {"attendees": [
            {"id": "W-A", "event_id": "ev-alpha", "name": "Mallory", "code": "CODE-ALPHA-1"},
            {"id": "ALPHA-1", "event_id": "ev-beta", "name": "Mallory"}]})
        assert [x["status"] for x in r.json()["results"]] == ["rejected"] * 2, r.text
    assert _a_state(two_events.db) == before


def test_roles_kiosk_records_desk_also_registers_undoes_and_overrides(
        two_events: TwoEvents) -> None:
    kiosk, desk = "b-kiosk", "b-desk"
    # A kiosk may not register walk-ins, nor override.
    r = two_events.post(kiosk, "/api/v1/attendees", {"attendees": [
        {"id": "W-K", "event_id": "ev-beta", "name": "Walk In"}]})
    result = r.json()["results"][0]
    assert result["status"] == "rejected" and "desk" in result["reason"]
    r = two_events.post(kiosk, "/api/v1/checkins",
                        {"checkins": [_item("BETA-1", "beta-door", verdict="override")]})
    assert r.json()["rejected"] == 1 and "desk" in r.json()["results"][0]["reason"]
    # A desk may; the walk-in is the desk's, whatever the payload claims.
    r = two_events.post(desk, "/api/v1/attendees", {"attendees": [
        {"id": "W-D", "event_id": "ev-beta", "name": "Walk In", "created_by": "a-kiosk",
         "source": "import"}]})
    assert r.json()["results"][0]["status"] == "stored", r.text
    with CentralStore.open(two_events.db) as store:
        walkin = store.db.run(lambda tx: tx.one(
            "SELECT created_by, source FROM attendees WHERE id = 'W-D'"), write=False)
    assert walkin == {"created_by": two_events.device_ids[desk], "source": "walkin"}
    # Check-ins are the sending device's, whatever device fields the payload carries.
    by_kiosk = _item("BETA-1", "beta-door", device_id=two_events.device_ids["a-kiosk"],
                     device_name="a-kiosk")
    by_desk = _item("BETA-2", "beta-door")
    override = _item("W-D", "beta-door", verdict="override",
                     override_reason="Speaker without a badge")
    assert two_events.post(kiosk, "/api/v1/checkins", {"checkins": [by_kiosk]}).json()[
        "stored"] == 1
    # Even a desk's override needs its reason.
    r = two_events.post(desk, "/api/v1/checkins", {"checkins": [
        _item("W-D", "beta-door", verdict="override")]})
    assert r.json()["rejected"] == 1 and "reason" in r.json()["results"][0]["reason"]
    assert two_events.post(desk, "/api/v1/checkins", {"checkins": [by_desk, override]}
                           ).json()["stored"] == 2
    # A kiosk may undo its own check-in (even in the same batch), not the desk's.
    own = _item("BETA-1", "beta-door", "exit")
    undo_own = _item("BETA-1", "beta-door", "undo", undoes=own["id"])
    undo_desks = _item("BETA-2", "beta-door", "undo", undoes=by_desk["id"])
    r = two_events.post(kiosk, "/api/v1/checkins", {"checkins": [own, undo_own, undo_desks]})
    statuses = [x["status"] for x in r.json()["results"]]
    assert statuses == ["stored", "stored", "rejected"], r.text
    assert "own" in r.json()["results"][2]["reason"]
    # A desk may undo the kiosk's.
    r = two_events.post(desk, "/api/v1/checkins", {"checkins": [
        _item("BETA-1", "beta-door", "undo", undoes=by_kiosk["id"])]})
    assert r.json()["stored"] == 1, r.text
    with CentralStore.open(two_events.db) as store:
        rows = {c["id"]: c for c in store.ingest.all()}
    assert rows[by_kiosk["id"]]["device_id"] == two_events.device_ids[kiosk]
    assert rows[by_kiosk["id"]]["device_name"] == kiosk
    assert rows[override["id"]]["device_id"] == two_events.device_ids[desk]
    assert rows[override["id"]]["verdict"] == "override"
    assert rows[override["id"]]["override_reason"] == "Speaker without a badge"


def test_a_kiosk_paired_for_event_b_syncs_only_event_b(two_events: TwoEvents,
                                                       tmp_path: Path, run_kiosk: Run) -> None:
    out = run_kiosk("central", "pair-code", "--db", str(two_events.db), "--name", "Door B",
                    "--gate", "beta-door", check=True).stdout
    code = out.strip().splitlines()[-1].split()[-1]
    path = tmp_path / "b-kiosk.db"
    with SyncEngine(path) as engine:
        engine.pair(two_events.server.url, code)
        assert engine.sync(force=True).ok
        _holds_nothing_of_a(path)
        assert engine.sync(force=True).ok  # B's own check-in goes up and is accepted
    with CentralStore.open(two_events.db) as store:
        ups = [c for c in store.ingest.all() if c["attendee_id"] == "BETA-1"]
    assert len(ups) == 1 and ups[0]["device_name"] == "Door B"


def _holds_nothing_of_a(path: Path) -> None:
    """The replica at ``path`` (a kiosk of event B, synced) holds nothing of event A:
    not a byte in its files (the database and its WAL), nothing to look up; B's own
    attendee is there and checks in."""
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*") if p.is_file())
    assert raw and not [s for s in A_SECRETS if s.encode() in raw]
    with Replica(path) as replica:
        assert [e.id for e in replica.events()] == ["ev-beta"]
        assert {g.id for g in replica.gates()} == {"beta-door"}
        assert replica.attendee_count() == 2 and replica.get_attendee("ALPHA-1") is None
        assert replica.attendee_by_code("CODE-ALPHA-1") is None
        assert replica.checkins() == []  # A's check-in is not B's business
        # A's ticket scanned at B's door: unknown here (nothing of A to look up).
        scan = CheckInService(replica).scan("CODE-ALPHA-1")
        assert scan.attendee is None
        assert CheckInService(replica).scan("CODE-BETA-1").attendee is not None


def test_a_kiosk_of_event_b_first_downloaded_by_snapshot_holds_nothing_of_a(
        two_events: TwoEvents, tmp_path: Path, run_kiosk: Run,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshot (GET /api/v1/snapshot) is scoped exactly like the feed: a kiosk of B
    whose first download is a snapshot gets B's state only (A has a revocation and a
    check-in of today, which the snapshot's sections carry)."""
    with CentralStore.open(two_events.db) as store:
        store.codes.revoke("CODE-ALPHA-1", reason="Alpha lost", event_id="ev-alpha")
    monkeypatch.setattr(snapshot_module, "MIN_LOG_CHANGES", 1)  # a snapshot, not the log
    monkeypatch.setattr(snapshot_module, "PAGE_ROWS", 1)  # and many pages of it
    # The raw answer first: no section's rows name A, the totals count B's only.
    url, auth = two_events.server.url, {"Authorization": f"Bearer {two_events.tokens['b-kiosk']}"}
    pages, params = [], {"limit": 1}
    while True:
        r = httpx.get(url + "/api/v1/snapshot", params=params, headers=auth)
        assert r.status_code == 200, r.text
        pages.append(r.json())
        if pages[-1]["next_section"] is None:
            break
        params = {"limit": 1, "cursor": pages[0]["cursor"], "check": pages[0]["cursor_check"],
                  "section": pages[-1]["next_section"]}
        if pages[-1]["next_after"] is not None:
            params["after"] = pages[-1]["next_after"]
    text = json.dumps(pages)
    assert not [s for s in A_SECRETS if s in text] and "Alpha lost" not in text, text
    assert two_events.a_checkin not in text
    assert pages[0]["totals"] == {"event": 1, "gate": 1, "revocation": 0, "attendee": 2,
                                  "checkin": 0, "badge_print": 0}, pages[0]["totals"]
    # Then a real first download by snapshot, into a replica checked byte by byte.
    out = run_kiosk("central", "pair-code", "--db", str(two_events.db), "--name", "Door B",
                    "--gate", "beta-door", check=True).stdout
    code = out.strip().splitlines()[-1].split()[-1]
    path = tmp_path / "b-snap.db"
    seen: list[SyncProgress] = []
    with SyncEngine(path) as engine:
        engine.pair(two_events.server.url, code)
        assert engine.sync(seen.append, force=True).ok
    assert [p for p in seen if p.phase == "snapshot"], seen  # it was a snapshot
    _holds_nothing_of_a(path)


def test_live_waiters_at_one_cursor_share_a_read_only_within_their_scope(
        two_events: TwoEvents) -> None:
    """The live feed shares one page read between requests waiting at the same place:
    a kiosk of B waiting at the same cursor as a kiosk of A is woken by A's change but
    gets nothing of it (the shared read's key holds the device's scope)."""
    url = two_events.server.url
    ends = {}
    for who in ("a-kiosk", "b-kiosk"):
        cursor, check = "0.0", ""
        while True:
            body = httpx.get(url + "/api/v1/changes", params={"cursor": cursor, "limit": 50},
                             headers={"Authorization": f"Bearer {two_events.tokens[who]}"}
                             ).json()
            cursor, check = body["cursor"], body["cursor_check"]
            if not body["more"]:
                break
        ends[who] = (cursor, check)
    assert ends["a-kiosk"] == ends["b-kiosk"]  # the same place in the log
    cursor, check = ends["a-kiosk"]
    answers: dict[str, httpx.Response] = {}
    answered: dict[str, float] = {}

    def hold(who: str, wait: float, n: int) -> None:
        answers[f"{who}{n}"] = httpx.get(
            url + "/api/v1/changes",
            params={"cursor": cursor, "check": check, "limit": 50, "wait": wait},
            headers={"Authorization": f"Bearer {two_events.tokens[who]}"}, timeout=60)
        answered[f"{who}{n}"] = time.monotonic()

    # Three of each waiting: when the key lacks the scope, whichever wakes first reads
    # for all (B's read shared with A leaves A waiting to its 40 s; A's shared with B
    # gives B A's change).
    waiters = [threading.Thread(target=hold, args=(who, wait, n)) for n in range(3)
               for who, wait in (("a-kiosk", 40), ("b-kiosk", 6))]
    for t in waiters:
        t.start()
    time.sleep(1.5)  # all held (the server answers nothing before a change or 6 s)
    assert not answers
    entry = _item("ALPHA-1", "alpha-door", "exit")
    assert two_events.post("a-kiosk", "/api/v1/checkins",
                           {"checkins": [entry]}).json()["stored"] == 1
    uploaded = time.monotonic()
    for t in waiters:
        t.join(60)
    assert len(answers) == 6
    for n in range(3):
        a, b = answers[f"a-kiosk{n}"], answers[f"b-kiosk{n}"]
        assert a.status_code == b.status_code == 200, (a.text, b.text)
        # A's kiosk gets it live (woken by its change, not at the end of its wait) ...
        assert answered[f"a-kiosk{n}"] - uploaded < 20
        assert a.json()["live"] is True and entry["id"] in a.text
        # ... B's kiosk nothing of it.
        assert b.json()["live"] is True and b.json()["changes"] == [], b.text
        assert entry["id"] not in b.text and not [s for s in A_SECRETS if s in b.text], b.text


def test_pair_code_says_which_events_when_there_are_several(two_events: TwoEvents,
                                                            run_kiosk: Run) -> None:
    proc = run_kiosk("central", "pair-code", "--db", str(two_events.db))
    assert proc.returncode != 0 and "--event" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_kiosk("central", "pair-code", "--db", str(two_events.db), "--event", "ev-gamma")
    assert proc.returncode != 0 and "ev-gamma" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_kiosk("central", "pair-code", "--db", str(two_events.db), "--event", "ev-alpha",
                     "--gate", "beta-door")
    assert proc.returncode != 0 and "beta-door" in proc.stderr, proc.stderr
    proc = run_kiosk("central", "pair-code", "--db", str(two_events.db), "--role", "boss")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    out = run_kiosk("central", "pair-code", "--db", str(two_events.db), "--role", "desk",
                    "--event", "ev-alpha", "--event", "ev-beta", check=True).stdout
    assert "a desk for ev-alpha, ev-beta" in out


def test_walkin_codes_are_issued_by_the_central_list(two_events: TwoEvents,
                                                     tmp_path: Path, run_kiosk: Run) -> None:
    """Item 4: a desk's walk-in is a new attendee of the desk's event with a signed code
    the central list issues; a code the device chose is not used (and the answer says
    so), so an organiser's import bringing that code later is not refused."""
    r = two_events.post("b-desk", "/api/v1/attendees", {"attendees": [
        {"id": "W-1", "event_id": "ev-beta", "name": "Wati", "code": "IMPORT-77"},
        {"id": "W-2", "event_id": "ev-beta", "name": "Wayan", "ticket_type": "day"}]})
    first, second = r.json()["results"]
    assert first["status"] == second["status"] == "stored", r.text
    assert "IMPORT-77" in first["conflict"] and "conflict" not in second
    with CentralStore.open(two_events.db) as store:
        key = store.events.get("ev-beta")
        assert key is not None
        verifier = TicketVerifier({"ev-beta": key.public_key})
        for result, aid, ticket_type in ((first, "W-1", ""), (second, "W-2", "day")):
            payload = verifier.verify(result["code"])
            assert (payload.event_id, payload.attendee_id, payload.ticket_type) == (
                "ev-beta", aid, ticket_type)
            assert store.attendees.get(aid).code == result["code"]
    # A retried upload is answered with the same code; nothing changes.
    again = two_events.post("b-desk", "/api/v1/attendees", {"attendees": [
        {"id": "W-1", "event_id": "ev-beta", "name": "Wati", "code": "OTHER"}]})
    answer = again.json()["results"][0]
    assert (answer["status"], answer["code"]) == ("already_stored", first["code"])
    assert "conflict" not in answer
    # The organisers' file brings the code the desk had chosen: imported, not refused.
    csv_file = tmp_path / "late.csv"
    csv_file.write_text("ID,Name,Code\nL1,Late Comer,IMPORT-77\n", encoding="utf-8")
    run_kiosk("central", "import", str(csv_file), "--db", str(two_events.db), "--event",
              "Event B", check=True)
    with CentralStore.open(two_events.db) as store:
        assert store.attendees.get("L1").code == "IMPORT-77"
    # The desk registers one offline; after a sync it holds the issued code to show.
    code = run_kiosk("central", "pair-code", "--db", str(two_events.db), "--role", "desk",
                     "--gate", "beta-door", check=True).stdout.strip().splitlines()[-1]
    path = tmp_path / "desk.db"
    with SyncEngine(path) as engine:
        engine.pair(two_events.server.url, code.split()[-1])
        assert engine.sync(force=True).ok
        with Replica(path) as replica:
            walkin = CheckInService(replica).register_walkin(name="Dewi")
            assert replica.get_attendee(walkin.id).code is None  # type: ignore[union-attr]
        assert engine.sync(force=True).ok
        with Replica(path) as replica:
            shown = replica.get_attendee(walkin.id)
            assert shown is not None and shown.code and shown.code.startswith("CK1-")
            assert verifier.verify(shown.code).attendee_id == walkin.id
            assert CheckInService(replica).scan(shown.code).verdict is Verdict.ACCEPTED
