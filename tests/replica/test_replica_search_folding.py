"""Issue 11.4: search finds names typed on any keyboard (letters without a plain
decomposition, German umlauts as ue, spaces/hyphens/apostrophes ignored), in a real
replica file, including a replica created before the folded index existed."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.core.models import Attendee, Event
from kiosk.core.search_fold import name_keys
from kiosk.replica.db import Replica

PEOPLE = {
    "a1": "Søren Kierkegaard",
    "a2": "Łukasz Kowalski",
    "a3": "Elif Yılmaz",
    "a4": "Thomas Müller",
    "a5": "Pieter van der Berg",
    "a6": "Siobhán O'Brien",
    "a7": "Jean-Luc Picard",
    "a8": "Karl Straße",
    "a9": "Ægir Ødegård",
    "b1": "José Ramírez",
}


def _fill(replica: Replica) -> None:
    replica.upsert_event(Event(id="e", name="E"))
    replica.upsert_attendees([Attendee(id=i, event_id="e", name=n, email=f"{i}@x.org")
                              for i, n in PEOPLE.items()])


@pytest.mark.parametrize("typed,expected", [
    ("soren", "a1"), ("søren", "a1"), ("lukasz", "a2"), ("yilmaz", "a3"),
    ("mueller", "a4"), ("muller", "a4"), ("müller", "a4"), ("vanderberg", "a5"),
    ("van der berg", "a5"), ("van der", "a5"), ("obrien", "a6"), ("o'brien", "a6"),
    ("siobhan", "a6"), ("jeanluc", "a7"), ("jean-luc", "a7"), ("jean luc", "a7"),
    ("strasse", "a8"), ("aegir odegard", "a9"), ("jose ram", "b1"), ("a4@x", "a4"),
])
def test_typed_names_find_the_person(tmp_path, typed, expected):
    with Replica(tmp_path / "r.db") as replica:
        _fill(replica)
        found = [a.id for a in replica.search(typed)]
        assert found and found[0] == expected, (typed, found)


def test_renames_and_deletions_keep_the_folded_index_true(tmp_path):
    with Replica(tmp_path / "r.db") as replica:
        _fill(replica)
        a = replica.get_attendee("a2")
        from dataclasses import replace
        replica.upsert_attendees([replace(a, name="Zbigniew Kowalski")])
        assert [x.id for x in replica.search("zbig")] == ["a2"]
        assert replica.search("lukasz") == []
        replica.delete_attendee("a2")
        assert replica.search("zbig") == []


def test_a_replica_from_before_the_folded_index_is_indexed_on_upgrade(tmp_path):
    path = tmp_path / "old.db"
    with Replica(path) as replica:
        _fill(replica)
        with replica.atomic() as conn:  # back to the schema before 0006
            conn.execute("DROP TABLE attendee_names")
            for suffix in ("ai", "ad", "au"):
                conn.execute(f"DROP TRIGGER attendee_names_{suffix}")
            conn.execute("DELETE FROM _migrations WHERE name = '0006_attendee_names'")
    with Replica(path) as replica:
        assert [a.id for a in replica.search("lukasz")] == ["a2"]


def test_the_keys_are_plain_ascii_tokens():
    keys = name_keys("Søren van der Berg-Hansen", "Ørsted A/S")
    assert keys.isascii()
    for token in ("soren", "vanderberghansen", "berghansen", "hansen", "orsted"):
        assert token in keys.split()


def test_a_bare_sqlite_connection_cannot_silently_skip_the_index(tmp_path):
    """Writers must go through Replica (which registers the folding function): a bare
    connection's insert fails loudly instead of leaving a person unfindable."""
    path = tmp_path / "r.db"
    Replica(path).close()
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.OperationalError, match="kiosk_name_keys"):
        conn.execute("INSERT INTO events (id, name) VALUES ('e', 'E')")
        conn.execute("INSERT INTO attendees (id, event_id, name) VALUES ('x', 'e', 'X')")
    conn.close()


def test_a_plain_word_takes_the_shortcut_to_the_same_forms():
    """Plain ASCII words (most words, every number) skip the cached folding: the forms
    are the ones the full rule gives (and the full rule still runs for the rest)."""
    from kiosk.core import search_fold

    full = search_fold._word_forms.__wrapped__
    for word in ("Budi", "SITORUS", "a12345", "007", "x", "Ab9Z"):
        assert search_fold._forms(word) == full(word) == (word.lower(), (word.lower(),))
    for word in ("O'Brien", "Müller", "Łukasz", "Jean-Luc", "a_b", "3½", "陈伟"):
        assert search_fold._forms(word) == full(word)
        assert search_fold._forms(word) != (word.lower(), (word.lower(),))
