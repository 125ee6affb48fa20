"""The replica file: migrations, durability settings, indexes, full-text search."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.models import Attendee, Event
from kiosk.replica.db import Replica, fts_query
from kiosk.replica.migrations import MIGRATIONS


def _people(r: Replica) -> None:
    r.upsert_event(Event(id="e", name="E"))
    r.upsert_attendees([
        Attendee(id="1", event_id="e", name="Budi Sitorus", email="budi@example.com",
                 organisation="Universitas Indonesia", code="TIX-0001"),
        Attendee(id="2", event_id="e", name="José Ramírez", email="jose@linux.example",
                 organisation="Fundación Ñandú", code="TIX-0002"),
        Attendee(id="3", event_id="e", name="Siti Nurhaliza", email="siti@example.id",
                 organisation="Komunitas Python Jogja", code="TIX-0003"),
    ])


def test_migrations_are_named_applied_once(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    with Replica(path) as r:
        assert r.applied_migrations() == [name for name, _ in MIGRATIONS]
    with Replica(path) as r:  # reopening applies nothing twice
        assert r.applied_migrations() == [name for name, _ in MIGRATIONS]


def test_wal_and_full_sync(fresh_replica: Replica) -> None:
    conn = fresh_replica.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_only_refetchable_writes_skip_the_fsync(fresh_replica: Replica) -> None:
    """A feed page and the sync's bookkeeping commit without an fsync (NORMAL); the
    connection is FULL again after, and a refetchable block inside a transaction (a
    kiosk's own write) stays FULL. The sync engine applies pages that way."""
    conn = fresh_replica.conn

    def level() -> int:
        return int(conn.execute("PRAGMA synchronous").fetchone()[0])

    with fresh_replica.refetchable():
        assert level() == 1  # NORMAL
        with fresh_replica.atomic():
            fresh_replica.set_meta("probe", "1")
    assert level() == 2  # FULL again
    with fresh_replica.atomic(), fresh_replica.refetchable():
        assert level() == 2
    with pytest.raises(RuntimeError), fresh_replica.refetchable():
        raise RuntimeError("boom")
    assert level() == 2


def test_code_lookup_uses_the_unique_index(fresh_replica: Replica) -> None:
    plan = fresh_replica.conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM attendees WHERE code = ?", ("x",)
    ).fetchall()
    assert any("attendees_code" in row[-1] for row in plan), plan


def test_search_prefix_case_and_accents(fresh_replica: Replica) -> None:
    _people(fresh_replica)
    names = lambda q: [a.name for a in fresh_replica.search(q)]  # noqa: E731
    assert names("sitorus") == ["Budi Sitorus"]
    assert names("SIT") == ["Budi Sitorus", "Siti Nurhaliza"] or set(names("SIT")) == {
        "Budi Sitorus", "Siti Nurhaliza"}
    assert names("jose") == ["José Ramírez"]
    assert names("ramirez") == ["José Ramírez"]
    assert names("nandu") == ["José Ramírez"]  # organisation, accent-insensitive
    assert names("budi@exa") == ["Budi Sitorus"]  # e-mail prefix
    assert names("TIX-0003") == ["Siti Nurhaliza"]  # exact code first
    assert names("komunitas jog") == ["Siti Nurhaliza"]
    assert names("") == [] and names('"*()') == []


def test_search_follows_edits_and_deletes(fresh_replica: Replica) -> None:
    _people(fresh_replica)
    a = fresh_replica.get_attendee("1")
    assert a is not None
    from dataclasses import replace

    fresh_replica.upsert_attendees([replace(a, name="Budi Santoso")])
    assert [x.id for x in fresh_replica.search("santoso")] == ["1"]
    assert fresh_replica.search("sitorus") == []
    fresh_replica.delete_attendee("1")
    assert fresh_replica.search("santoso") == []


def test_fts_query_quotes_everything() -> None:
    assert fts_query('a" OR b*') == '"a"* "OR"* "b"*'


def test_nested_atomic_rolls_back_inner_only(fresh_replica: Replica) -> None:
    r = fresh_replica
    with r.atomic():
        r.set_meta("outer", "1")
        try:
            with r.atomic():
                r.set_meta("inner", "1")
                raise RuntimeError("boom")
        except RuntimeError:
            pass
    assert r.get_meta("outer") == "1"
    assert r.get_meta("inner") is None


def test_a_non_replica_database_is_refused_clearly(tmp_path: Path, run_kiosk) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    import pytest

    from kiosk.errors import ReplicaError

    other = tmp_path / "central.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE devices (id TEXT)")
    conn.execute("CREATE TABLE _migrations (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(ReplicaError, match="not a kiosk replica"):
        Replica(other)
    proc = run_kiosk("checkins", "--db", other)
    assert proc.returncode == 1 and "not a kiosk replica" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_replica_files_are_stamped(tmp_path: Path) -> None:
    import sqlite3

    from kiosk.replica.db import REPLICA_APPLICATION_ID

    Replica(tmp_path / "r.db").close()
    conn = sqlite3.connect(tmp_path / "r.db")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == REPLICA_APPLICATION_ID
    conn.close()
    Replica(tmp_path / "r.db").close()  # and reopens fine


def test_event_languages_migration_on_a_replica_made_before_it(tmp_path: Path,
                                                               monkeypatch) -> None:
    """0010_event_languages on a file made by the schema before it: its events keep
    everything and have no languages; the feed's languages are then stored."""
    from kiosk.replica import db as replica_db

    path = tmp_path / "old.db"
    before = [m for m in MIGRATIONS if m[0] != "0010_event_languages"]
    with monkeypatch.context() as patch:
        patch.setattr(replica_db, "MIGRATIONS", before)
        with Replica(path) as old:
            old.conn.execute("INSERT INTO events (id, name, timezone, days, public_key, "
                             "updated_at) VALUES ('e', 'E', 'Asia/Jakarta', '[]', 'pk', 'x')")
            assert "0010_event_languages" not in old.applied_migrations()
    with Replica(path) as r:
        assert "0010_event_languages" in r.applied_migrations()
        event = r.get_event("e")
        assert event == Event("e", "E", "Asia/Jakarta", (), "pk")
        assert event is not None and event.languages == ()
        r.upsert_event(Event("e", "E", "Asia/Jakarta", (), "pk", languages=("id", "en")))
        assert r.get_event("e").languages == ("id", "en")  # type: ignore[union-attr]
