"""The desk's override check-in with a reason (issue 11 item 10, issue 10 item 2, issue 15
item 5), through a real `kiosk serve` on loopback: a desk replica paired for PyCon makes
the override offline, it goes up with the outbox like any check-in, the central list
keeps it with its reason and flags it "override" for organisers (the Flags page in
English and Indonesian, the CSV export). A kiosk of the same event and a desk of another
event (hostile) have their overrides refused, and nothing of theirs is stored."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.core.config import GATE_MODE, GRACE_SECONDS, DeviceConfig
from kiosk.core.verdicts import Reason
from kiosk.errors import KioskError
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.replica.journal import CheckInJournal
from kiosk.sync.engine import SyncEngine
from tests import console_fixtures
from tests.console_fixtures import Central

central = console_fixtures.central

REASON = "Approved by the organisers — Rina at the info booth"


def _pair(central: Central, path: Path, *, role: str, event: str, gate: str) -> SyncEngine:
    with central.store() as store:
        code = store.devices.new_pairing_code(device_name=f"{role} of {event}", role=role,
                                              event_ids=[event], gate_id=gate).code
    engine = SyncEngine(path)
    engine.pair(central.url, code)
    assert engine.sync(force=True).ok
    return engine


def _token(central: Central, *, role: str, event: str) -> str:
    with central.store() as store:
        code = store.devices.new_pairing_code(device_name=f"hostile {role}", role=role,
                                              event_ids=[event]).code
        return store.devices.pair(code).token


def _override_item(attendee: str, gate: str) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"id": str(uuid.uuid4()), "attendee_id": attendee, "gate_id": gate,
            "direction": "entry", "scanned_at": now.isoformat(),
            "day": now.date().isoformat(), "verdict": "override",
            "override_reason": "my own reason"}


def _logged_in(central: Central) -> httpx.Client:
    client = httpx.Client(base_url=central.url)
    page = client.get("/console/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    r = client.post("/console/login", data={"csrf": csrf.group(1), "token": central.token},
                    headers={"Origin": central.url}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


def test_a_desk_override_is_recorded_uploaded_flagged_and_shown(
        central: Central, tmp_path: Path) -> None:
    desk_db = tmp_path / "desk.db"
    engine = _pair(central, desk_db, role="desk", event="pycon", gate="workshops")
    with Replica(desk_db) as replica:
        service = CheckInService(replica, gate_id="workshops")
        # Siti holds a Regular ticket: the Workshops admit VIPs only.
        refused = service.check_in_attendee("p2")
        assert refused.reason is Reason.WRONG_GATE and refused.checkin_id is None
        with pytest.raises(KioskError, match="reason"):
            service.override("p2", "   ")
        with pytest.raises(KioskError, match="at most"):
            service.override("p2", "x" * 201)
        result = service.override("p2", REASON)
        assert result.reason is Reason.OVERRIDDEN and result.verdict.admits
        assert result.overruled is Reason.WRONG_GATE and result.override_reason == REASON
        stored = replica.get_checkin(result.checkin_id or "")
        assert stored is not None and stored.verdict == "override"
        assert stored.override_reason == REASON
        assert replica.pending_upload_count() == 1
        # Shown again, she is in (the override settled the gate for today): not "wrong
        # gate" and a second override. Within the grace time "you are checked in"; later
        # (no grace) "already in", naming the override.
        assert service.check_in_attendee("p2").reason is Reason.JUST_CHECKED_IN
        DeviceConfig(replica).set(GRACE_SECONDS, 0)
        again = service.check_in_attendee("p2")
        assert again.reason is Reason.ALREADY_IN and again.checkin_id is None
        assert again.previous is not None and again.previous.id == result.checkin_id
    # The journal beside the replica holds it with its reason (a rebuild keeps it).
    journal = CheckInJournal(desk_db).read()
    rows = [r.row for r in journal.records if r.kind == "checkin"]
    assert [r["override_reason"] for r in rows] == [REASON]

    assert engine.sync(force=True).ok
    with Replica(desk_db) as replica:
        assert replica.pending_upload_count() == 0 and replica.rejected_upload_count() == 0
    with central.store() as store:
        row = next(c for c in store.ingest.all() if c["id"] == result.checkin_id)
    assert row["verdict"] == "override" and row["override_reason"] == REASON
    assert row["central_reason"] == "wrong_gate" and row["flag"] == "override"
    assert row["device_name"] == "desk of pycon"

    # Another device of PyCon hears of it, reason and all (the feed).
    other_db = tmp_path / "other-kiosk.db"
    other = _pair(central, other_db, role="kiosk", event="pycon", gate="hall")
    other.close()
    with Replica(other_db) as replica:
        heard = replica.get_checkin(result.checkin_id or "")
        assert heard is not None and heard.origin == "remote"
        assert (heard.verdict, heard.override_reason) == ("override", REASON)

    # An exit kiosk at the Workshops that heard of it lets her out; the central list
    # re-judges that exit with the same rule (the override settles the gate there too):
    # an exit, not "wrong gate".
    exit_db = tmp_path / "exit-kiosk.db"
    exit_kiosk = _pair(central, exit_db, role="kiosk", event="pycon", gate="workshops")
    with Replica(exit_db) as replica:
        DeviceConfig(replica).set(GATE_MODE, "exit")
        code = (replica.get_attendee("p2") or pytest.fail("p2 not synced")).code
        out = CheckInService(replica, gate_id="workshops").scan(code or "")
        assert out.reason is Reason.EXIT_RECORDED and out.checkin_id
    assert exit_kiosk.sync(force=True).ok
    exit_kiosk.close()
    row = next(c for c in store_rows(central) if c["id"] == out.checkin_id)
    assert (row["central_reason"], row["flag"]) == ("exit_recorded", None)

    # Hostile devices: PyCon's kiosk, and a desk of Other Fest; nothing of theirs stored.
    before = len(store_rows(central))
    for role, event, why in (("kiosk", "pycon", "only a desk"),
                             ("desk", "other-fest", "not part of the event")):
        token = _token(central, role=role, event=event)
        r = httpx.post(central.url + "/api/v1/checkins",
                       headers={"Authorization": f"Bearer {token}"},
                       json={"checkins": [_override_item("p3", "workshops")]})
        assert r.status_code == 200, r.text
        assert r.json()["rejected"] == 1 and why in r.json()["results"][0]["reason"], r.text
        assert "Budi" not in r.text and "Workshops" not in r.text
    assert len(store_rows(central)) == before

    # Organisers see it on the Flags page (EN, ID) and in the check-ins CSV.
    client = _logged_in(central)
    page = client.get("/console/flags?event=pycon&lang=en").text
    assert "override by the desk" in page and "Rina at the info booth" in page
    assert "this gate does not admit the ticket" in page and "Siti Nurhaliza" in page
    page = client.get("/console/flags?event=pycon&lang=id").text
    assert "pengecualian oleh petugas meja registrasi" in page
    assert "pintu ini tidak menerima tiketnya" in page and "Rina at the info booth" in page
    assert "Other Person" not in page
    person = client.get("/console/attendees/p2?event=pycon&lang=en").text
    assert "override by the desk" in person and "Rina at the info booth" in person
    exported = client.get("/console/exports/checkins.csv?event=pycon")
    assert exported.status_code == 200, exported.text
    table = list(csv.DictReader(io.StringIO(exported.text)))
    mine = [r for r in table if r["id"] == result.checkin_id]
    assert mine and mine[0]["override_reason"] == REASON and mine[0]["flag"] == "override"
    client.close()
    engine.close()


def store_rows(central: Central) -> list[dict[str, Any]]:
    with central.store() as store:
        return store.ingest.all()


def test_no_override_for_a_refusal_the_desk_may_not_overrule(
        central: Central, tmp_path: Path) -> None:
    desk_db = tmp_path / "desk.db"
    engine = _pair(central, desk_db, role="desk", event="pycon", gate="workshops")
    with central.store() as store:
        store.attendees.cancel("p2")
    assert engine.sync(force=True).ok
    with Replica(desk_db) as replica:
        service = CheckInService(replica, gate_id="workshops")
        # (Cancelling also revokes her code.)
        assert service.check_in_attendee("p2").reason in (Reason.REVOKED, Reason.CANCELLED)
        with pytest.raises(KioskError, match="cannot be overruled"):
            service.override("p2", REASON)
        assert replica.pending_upload_count() == 0
        # Someone the rules admit needs no override: the ordinary check-in is recorded.
        ok = service.override("p1", REASON)
        assert ok.reason is Reason.FIRST_ENTRY
        assert replica.get_checkin(ok.checkin_id or "").override_reason is None  # type: ignore[union-attr]
    engine.close()
