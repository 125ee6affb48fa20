"""Every change that takes a code away publishes a revocation, replayed with a real
`kiosk serve`, a real paired kiosk and its `kiosk checkin`: after a new code, a deletion,
a cancellation, a ticket-type change of a signed code or a re-issue, the old code is
refused offline once the kiosk has synced; reinstating a cancelled attendee withdraws
the cancellation's revocation. Two events: event B's codes are untouched throughout."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.replica.db import Replica
from tests.central_fixtures import start_serve

Run = Callable[..., subprocess.CompletedProcess[str]]


def _checkin(run: Run, code: str, db: Path, gate: str) -> dict[str, Any]:
    out = run("checkin", code, "--db", str(db), "--gate", gate, check=True).stdout
    return dict(json.loads(out))


def test_changes_that_take_a_code_away_revoke_it(tmp_path: Path, run_kiosk: Run) -> None:
    db = tmp_path / "central.db"
    with CentralStore.open(db) as store:
        store.events.create("Event A", event_id="ev-a", gates=[Gate("a-main", "", "A main")])
        store.events.create("Event B", event_id="ev-b", gates=[Gate("b-main", "", "B main")])
        store.attendees.upsert(
            [Attendee(id=i, event_id="ev-a", name=i, ticket_type="Regular")
             for i in ("ann", "bob", "cat", "dan", "eve")]
            + [Attendee(id="zed", event_id="ev-b", name="Zed", ticket_type="Regular")])
        store.codes.issue(event_id="ev-a")
        store.codes.issue(event_id="ev-b")
        first = {a.id: str(a.code) for a in store.attendees.all()}
        store.codes.issue(event_id="ev-a", reissue=True)  # every code of A re-issued
        old = {a.id: str(a.code) for a in store.attendees.all()}
        revoked = store.codes.revoked()
        assert {first[i] for i in ("ann", "bob", "cat", "dan", "eve")} <= revoked
        assert first["zed"] == old["zed"] and old["zed"] not in revoked
    server = start_serve(db)
    kiosk_b = tmp_path / "kiosk-b.db"
    kiosk = tmp_path / "kiosk.db"
    try:
        for replica in (kiosk, kiosk_b):
            code = run_kiosk("central", "pair-code", "--db", str(db), check=True) \
                .stdout.strip().splitlines()[-1]
            run_kiosk("pair", server.url, code, "--db", str(replica), check=True)
        # The organiser's changes, by the CLI where it has one.
        run_kiosk("central", "edit", "ann", "--code", "ANN-NEW-1", "--db", str(db), check=True)
        run_kiosk("central", "cancel", "cat", "--db", str(db), check=True)
        run_kiosk("central", "edit", "dan", "--ticket-type", "VIP", "--db", str(db),
                  check=True)
        with CentralStore.open(db) as store:
            store.attendees.delete("bob")
            revoked = store.codes.revoked()
        assert {old[i] for i in ("ann", "bob", "cat", "dan")} <= revoked
        assert old["eve"] not in revoked and old["zed"] not in revoked
        run_kiosk("sync", "--db", str(kiosk), check=True)
        # Offline from here on: the kiosk decides alone.
    finally:
        server.stop()
    for who in ("ann", "bob", "cat", "dan", "eve"):
        result = _checkin(run_kiosk, first[who], kiosk, "a-main")
        assert result["verdict"] != "accepted", ("re-issued", who, result)
    for who in ("ann", "bob", "cat", "dan"):
        result = _checkin(run_kiosk, old[who], kiosk, "a-main")
        assert result["verdict"] != "accepted", (who, result)
    assert _checkin(run_kiosk, old["eve"], kiosk, "a-main")["verdict"] == "accepted"
    with Replica(kiosk) as replica:
        reasons = {r["code"]: r["reason"] for r in replica.conn.execute(
            "SELECT code, reason FROM revocations")}
    assert reasons[old["bob"]] == "attendee deleted"
    assert reasons[old["dan"]].startswith("ticket type changed")
    # The new codes admit; event B's untouched code still admits at B's kiosk.
    with CentralStore.open(db) as store:
        ann_now = store.attendees.get("ann").code
    assert ann_now == "ANN-NEW-1"
    assert _checkin(run_kiosk, "ANN-NEW-1", kiosk, "a-main")["verdict"] == "accepted"
    run_kiosk("sync", "--db", str(kiosk_b))  # offline: nothing to learn, still refuses none
    assert _checkin(run_kiosk, old["zed"], kiosk_b, "b-main")["verdict"] == "accepted"


def test_reinstating_a_cancelled_attendee_withdraws_only_that_revocation(
        tmp_path: Path, run_kiosk: Run) -> None:
    db = tmp_path / "central.db"
    with CentralStore.open(db) as store:
        store.events.create("Event A", event_id="ev-a", gates=[Gate("a-main", "", "A main")])
        store.events.create("Event B", event_id="ev-b", gates=[Gate("b-main", "", "B main")])
        store.attendees.upsert([Attendee(id="cat", event_id="ev-a", name="Cat", code="CAT-1"),
                                Attendee(id="kim", event_id="ev-a", name="Kim", code="KIM-1")])
        store.attendees.cancel("cat")
        store.attendees.cancel("kim")
        store.codes.revoke("KIM-1", reason="lost ticket")  # revoked for another reason
        assert {"CAT-1", "KIM-1"} <= store.codes.revoked()
        store.attendees.edit("cat", status="valid")
        store.attendees.edit("kim", status="valid")
        revoked = store.codes.revoked()
    assert "CAT-1" not in revoked
    assert "KIM-1" in revoked  # the organiser's own revocation stays
    server = start_serve(db)
    try:
        code = run_kiosk("central", "pair-code", "--db", str(db), check=True) \
            .stdout.strip().splitlines()[-1]
        kiosk = tmp_path / "kiosk.db"
        run_kiosk("pair", server.url, code, "--db", str(kiosk), check=True)
    finally:
        server.stop()
    assert _checkin(run_kiosk, "CAT-1", kiosk, "a-main")["verdict"] == "accepted"
    assert _checkin(run_kiosk, "KIM-1", kiosk, "a-main")["verdict"] != "accepted"
