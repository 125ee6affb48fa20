"""Events own their attendees (issue 10 item 1): the same CSV id in two events is two
people. Replayed as reported: event B's CSV reuses an id of event A's file; it used to
move A's attendee into B (A's ticket then said "for another event" at A's gate and was
admitted at B's under B's name). Through the real CLI, a real `kiosk serve` and kiosks of
each event; and the same rule on a stand-alone replica (`kiosk import`)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from kiosk.central.store import CentralStore
from kiosk.core.verdicts import Reason, Verdict
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine
from tests.central_fixtures import start_serve

Run = Callable[..., subprocess.CompletedProcess[str]]


def _csv(path: Path, rows: str) -> Path:
    path.write_text("ID,Name,Code\n" + rows, encoding="utf-8")
    return path


def test_the_same_csv_id_in_two_events_is_two_people_on_the_central_list(
        tmp_path: Path, run_kiosk: Run) -> None:
    db = tmp_path / "central.db"
    a_csv = _csv(tmp_path / "a.csv", "42,Ann Alpha,A-TICKET-42\n7,Seven Alpha,A-TICKET-7\n")
    b_csv = _csv(tmp_path / "b.csv", "42,Bob Beta,B-TICKET-42\n")
    run_kiosk("central", "import", str(a_csv), "--db", str(db), "--event", "Alpha",
              check=True)
    run_kiosk("central", "import", str(b_csv), "--db", str(db), "--event", "Beta",
              check=True)
    # Importing each file again changes nothing and still addresses the same people.
    again = run_kiosk("central", "import", str(b_csv), "--db", str(db), "--event", "Beta",
                      check=True).stdout
    assert "0 added" in again and "0 updated" in again, again
    with CentralStore.open(db) as store:
        people = {(a.event_id, a.name): a for a in store.attendees.all()}
        assert set(people) == {("alpha", "Ann Alpha"), ("alpha", "Seven Alpha"),
                               ("beta", "Bob Beta")}
        assert people["alpha", "Ann Alpha"].id == "42"  # the first keeps the file's id
        assert people["beta", "Bob Beta"].id != "42"
        assert people["alpha", "Ann Alpha"].code == "A-TICKET-42"
        gates = {g["event_id"]: g["id"] for g in store.events.gates()}
        codes = {}
        for event in ("alpha", "beta"):
            codes[event] = store.devices.new_pairing_code(gate_id=gates[event]).code
    server = start_serve(db)
    try:
        for event, mine, other in (("alpha", "A-TICKET-42", "B-TICKET-42"),
                                   ("beta", "B-TICKET-42", "A-TICKET-42")):
            path = tmp_path / f"{event}.db"
            with SyncEngine(path) as engine:
                engine.pair(server.url, codes[event])
                assert engine.sync(force=True).ok
            with Replica(path) as replica:
                service = CheckInService(replica)
                admitted = service.scan(mine)
                assert admitted.verdict is Verdict.ACCEPTED, admitted.reason
                assert admitted.attendee is not None
                assert admitted.attendee.name == {"alpha": "Ann Alpha",
                                                  "beta": "Bob Beta"}[event]
                assert service.scan(other).verdict is not Verdict.ACCEPTED
    finally:
        server.stop()


def test_the_same_csv_id_in_two_events_is_two_people_on_a_replica(
        tmp_path: Path, run_kiosk: Run) -> None:
    db = tmp_path / "kiosk.db"
    run_kiosk("import", str(_csv(tmp_path / "a.csv", "42,Ann Alpha,A-TICKET-42\n")),
              "--db", str(db), "--event", "Alpha", check=True)
    run_kiosk("import", str(_csv(tmp_path / "b.csv", "42,Bob Beta,B-TICKET-42\n")),
              "--db", str(db), "--event", "Beta", check=True)
    with Replica(db) as replica:
        people = {(a.event_id, a.name) for a in replica.attendees()}
        assert people == {("alpha", "Ann Alpha"), ("beta", "Bob Beta")}
        ann = replica.attendee_by_code("A-TICKET-42")
        assert ann is not None and ann.event_id == "alpha" and ann.id == "42"


def test_a_code_is_unique_within_its_event_not_the_whole_list(
        tmp_path: Path, run_kiosk: Run) -> None:
    db = tmp_path / "central.db"
    run_kiosk("central", "import", str(_csv(tmp_path / "a.csv", "1,Ann Alpha,1001\n")),
              "--db", str(db), "--event", "Alpha", check=True)
    # The other system numbered its tickets the same way: not a clash any more.
    run_kiosk("central", "import", str(_csv(tmp_path / "b.csv", "1,Bob Beta,1001\n")),
              "--db", str(db), "--event", "Beta", check=True)
    # Within one event a code is still one person's.
    clash = run_kiosk("central", "import", str(_csv(tmp_path / "c.csv", "2,Cat Beta,1001\n")),
                      "--db", str(db), "--event", "Beta")
    assert clash.returncode != 0 and "1001" in clash.stderr + clash.stdout
    # Revoking a code two events hold needs the event, and touches only that one.
    vague = run_kiosk("central", "revoke", "1001", "--db", str(db))
    assert vague.returncode != 0 and "--event" in vague.stderr and "Traceback" not in vague.stderr
    run_kiosk("central", "revoke", "1001", "--db", str(db), "--event", "alpha", check=True)
    with CentralStore.open(db) as store:
        assert store.codes.revoked("alpha") == {"1001"} and store.codes.revoked("beta") == set()
        gates = {g["event_id"]: g["id"] for g in store.events.gates()}
        # A desk of both events holds both people with the same code.
        desk = store.devices.new_pairing_code(role="desk", event_ids=["alpha", "beta"]).code
    server = start_serve(db)
    try:
        path = tmp_path / "desk.db"
        with SyncEngine(path) as engine:
            engine.pair(server.url, desk)
            assert engine.sync(force=True).ok
        with Replica(path) as replica:
            service = CheckInService(replica)
            at_a = service.scan("1001", gate_id=gates["alpha"])
            assert at_a.reason is Reason.REVOKED and at_a.attendee is not None
            assert at_a.attendee.name == "Ann Alpha"
            at_b = service.scan("1001", gate_id=gates["beta"])
            assert at_b.verdict is Verdict.ACCEPTED and at_b.attendee is not None
            assert at_b.attendee.name == "Bob Beta"
    finally:
        server.stop()
