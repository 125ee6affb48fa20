"""The snapshot file (GET /api/v1/snapshot/file, kiosk/central/snapshot_file.py) is scoped
like the feed: a kiosk of event B gets a file of B's state only, and no device can
download another event set's file, whatever name it sends."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx

from tests.central_fixtures import TwoEvents


def _describe(ev: TwoEvents, headers: dict[str, str]) -> dict[str, object]:
    r = httpx.get(ev.url + "/api/v1/snapshot/file", headers=headers, timeout=60)
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def _everything(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master "
                                             "WHERE type = 'table'")]
        return repr([(t, conn.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables])
    finally:
        conn.close()


def test_a_kiosk_of_b_gets_a_file_of_b_only_and_cannot_fetch_as(two_events: TwoEvents,
                                                                 tmp_path: Path) -> None:
    ev = two_events
    a_file = _describe(ev, ev.a.kiosk.headers)
    b_file = _describe(ev, ev.b.kiosk.headers)
    hostile_file = _describe(ev, ev.hostile.headers)  # a kiosk of A: A's file
    assert a_file["name"] != b_file["name"] and hostile_file["name"] == a_file["name"]
    # B's file holds B's people and nothing of A.
    r = httpx.get(f"{ev.url}/api/v1/snapshot/file/{b_file['name']}", headers=ev.b.kiosk.headers)
    assert r.status_code == 200 and len(r.content) == b_file["size"]
    path = tmp_path / "b.snapshot"
    path.write_bytes(r.content)
    text = _everything(path)
    assert all(code in text for code in ev.b.people.values()), text
    assert ev.a.id not in text and not [c for c in ev.a.people.values() if c in text]
    assert not [g for g in ev.a.gates if g in text]
    # A's file by its name, from B's kiosk: refused; a made-up or escaping name too; and
    # the hostile device of A cannot read B's.
    for name, headers in ((a_file["name"], ev.b.kiosk.headers),
                          (b_file["name"], ev.hostile.headers),
                          ("../central.db", ev.b.kiosk.headers),
                          (f"{str(b_file['name'])[:21]}..%2Fcentral.db", ev.b.kiosk.headers)):
        r = httpx.get(f"{ev.url}/api/v1/snapshot/file/{name}", headers=headers)
        assert r.status_code == 404, (name, r.status_code, r.text[:200])
        assert "SQLite format" not in r.text
    # A cut download resumes: a Range from the middle gives the rest, exactly.
    half = int(str(b_file["size"])) // 2
    r = httpx.get(f"{ev.url}/api/v1/snapshot/file/{b_file['name']}",
                  headers={**ev.b.kiosk.headers, "Range": f"bytes={half}-"})
    assert r.status_code == 206 and r.content == path.read_bytes()[half:]
    # Without a token: nothing.
    r = httpx.get(f"{ev.url}/api/v1/snapshot/file/{b_file['name']}")
    assert r.status_code == 401
