"""The central list's CSV import runs core's import planner in one transaction, like the
replica's: a refused file leaves no event or gate behind (kiosks would learn them), and
both importers pick the same event and default gate for the same file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Event, Gate
from kiosk.core.tickets import generate_keypair
from kiosk.errors import ImportFailed
from kiosk.replica.db import Replica
from kiosk.replica.importer import import_csv

GOOD = "name,email\nAni,ani@example.org\nBudi,budi@example.org\n"
REFUSED = "name,email\nAni,ani@example.org\n,nobody@example.org\n"


def _csv(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("event_name", [None, "Brand new conf"])
def test_a_refused_file_publishes_no_event_and_no_gate(tmp_path: Path,
                                                      event_name: str | None) -> None:
    with CentralStore.open(tmp_path / "central.db") as store:
        with pytest.raises(ImportFailed, match="Nothing was imported"):
            store.attendees.import_csv(_csv(tmp_path, REFUSED), event_name=event_name)
        assert store.events.all() == [] and store.events.gates() == []
        assert store.attendees.all() == []
        assert store.feed.page().changes == []  # no kiosk learns anything


def _replica_like(path: Path, events: list[tuple[str, list[str]]]) -> Replica:
    replica = Replica(path)
    for event_id, gates in events:
        replica.upsert_event(Event(event_id, event_id.title(), public_key=generate_keypair()[1]))
        for gate_id in gates:
            replica.upsert_gate(Gate(gate_id, event_id, gate_id.title()))
    return replica


def _central_like(path: Path, events: list[tuple[str, list[str]]]) -> CentralStore:
    store = CentralStore.open(path)
    for event_id, gates in events:
        store.events.create(event_id.title(), event_id=event_id, timezone="UTC",
                            gates=[Gate(g, "", g.title()) for g in gates])
    return store


@pytest.mark.parametrize(("before", "event_name"), [
    ([], None),                                    # an empty list: "event" with "main"
    ([("conf", ["main"])], "Second conf"),         # "main" is taken: "second-conf-main"
    ([("conf", ["hall"])], "Second conf"),         # "main" is free
    ([("conf", [])], None),                        # the default event has no gate yet
    ([("conf", ["main"])], None),                  # into the default event, no new gate
])
def test_both_importers_choose_the_same_event_and_default_gate(
        tmp_path: Path, before: list[tuple[str, list[str]]], event_name: str | None) -> None:
    csv_path = _csv(tmp_path, GOOD)
    with _replica_like(tmp_path / "kiosk.db", before) as replica:
        on_kiosk = import_csv(replica, csv_path, event_name=event_name)
        kiosk_gates = {(g.id, g.event_id, g.name) for g in replica.gates()}
        kiosk_people = {(a.id, a.event_id, a.name) for a in replica.attendees()}
    with _central_like(tmp_path / "central.db", before) as store:
        on_central = store.attendees.import_csv(csv_path, event_name=event_name)
        central_gates = {(g["id"], g["event_id"], g["name"]) for g in store.events.gates()}
        central_people = {(a.id, a.event_id, a.name) for a in store.attendees.all()}
    assert on_central.event_id == on_kiosk.event_id
    assert central_gates == kiosk_gates
    assert central_people == kiosk_people and len(central_people) == 2
    assert (on_central.added, on_central.rows) == (on_kiosk.added, on_kiosk.rows) == (2, 2)


def test_import_into_an_event_by_its_id(tmp_path: Path) -> None:
    """The console imports into the event its page is about, whatever its name."""
    from kiosk.core.attendee_csv import parse_csv_file

    with _central_like(tmp_path / "central.db", [("conf", ["main"])]) as store:
        store.events.create("Jazz Night", event_id="jazz-2026", timezone="UTC",
                            gates=[Gate("stage", "", "Stage")])
        summary = store.attendees.import_parsed(parse_csv_file(_csv(tmp_path, GOOD)),
                                                event_id="jazz-2026")
        assert summary.event_id == "jazz-2026" and summary.added == 2
        assert {a.event_id for a in store.attendees.all()} == {"jazz-2026"}
        assert [g["id"] for g in store.events.gates()] == ["main", "stage"]  # no new gate
        with pytest.raises(ImportFailed, match="no event 'gone'"):
            store.attendees.import_parsed(parse_csv_file(_csv(tmp_path, GOOD)),
                                          event_id="gone")


def test_a_large_import_reports_its_progress_after_each_chunk(tmp_path: Path) -> None:
    """The console's progress bar: (written, total) once checked, then after each
    committed chunk; a small file reports once, when it is written."""
    from kiosk.central.attendees import IMPORT_CHUNK
    from kiosk.core.attendee_csv import parse_csv_file

    rows = IMPORT_CHUNK * 2 + 500
    big = _csv(tmp_path, "name,email\n" + "".join(
        f"Person {i},p{i}@example.org\n" for i in range(rows)), "big.csv")
    seen: list[tuple[int, int]] = []
    with _central_like(tmp_path / "central.db", [("conf", ["main"])]) as store:

        def progress(written: int, total: int) -> None:
            # Each report comes after its chunk is committed: a reader sees those rows.
            seen.append((written, total))
            assert len(store.attendees.all()) == written

        summary = store.attendees.import_parsed(parse_csv_file(big), event_id="conf",
                                                progress=progress)
        assert summary.added == rows
        assert seen == [(0, rows), (IMPORT_CHUNK, rows), (2 * IMPORT_CHUNK, rows),
                        (rows, rows)]
        small: list[tuple[int, int]] = []
        store.attendees.import_parsed(parse_csv_file(_csv(tmp_path, GOOD)), event_id="conf",
                                      progress=lambda w, t: small.append((w, t)))
        assert small == [(2, 2)]


def test_a_chunk_worked_out_before_the_write_lock_is_worked_out_again_if_its_rows_changed(
        tmp_path: Path) -> None:
    """A bulk import works each chunk out before taking the write lock
    (``Attendees.prepare``) and writes it as it is — unless another writer changed
    those rows in between: then it is worked out again from the rows stored."""
    with CentralStore.open(tmp_path / "c.db") as store:
        store.events.create("E", event_id="e", gates=[Gate("g", "", "G")])
        part = [Attendee(id="p1", event_id="e", name="From the file"),
                Attendee(id="p2", event_id="e", name="Also new")]
        prepared = store.attendees.prepare(part)  # both new when worked out
        store.attendees.upsert([Attendee(id="p1", event_id="e", name="Walk-in meanwhile")])
        counts = store.db.run(lambda tx: store.attendees.upsert_in(tx, part,
                                                                   prepared=prepared))
        assert counts == (1, 1, 0)  # p2 added, p1 updated (not inserted twice)
        assert store.attendees.get("p1").name == "From the file"
        unchanged = store.attendees.prepare(part)
        assert store.db.run(lambda tx: store.attendees.upsert_in(
            tx, part, prepared=unchanged)) == (0, 0, 2)
