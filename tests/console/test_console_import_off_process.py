"""The console's own CSV import parses and writes a large file off the server's process,
as /admin/import does (one helper, kiosk.central.bulk_import.off_process): the preview
and the import of a 2.4 MB file never parse in the server's process — parsing there is
made to fail here — yet the preview counts it, the job reports the child's progress,
and every row is stored. (Before, the console parsed every file in the server's
process, holding up the kiosks' requests behind the GIL: bench/import_load.py
--console.)"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from console_fixtures import console_login, make_central_db, page_csrf
from fastapi.testclient import TestClient

import kiosk.central.bulk_import as bulk_import
import kiosk.core.attendee_csv as attendee_csv
from kiosk.central.server import MAX_BODY_BYTES, create_app
from kiosk.central.store import CentralStore

#: A file above the server's 2 MB body limit for other requests (the console's form
#: was held to it: a 413).
ROWS = 45_000


def test_a_large_console_import_is_parsed_and_written_off_the_server_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.db"
    token = make_central_db(db)
    raw = ("id,name,email\n" + "".join(f"big-{i},Big Person {i},big{i}@example.org\n"
                                        for i in range(ROWS))).encode()
    assert len(raw) > max(bulk_import.IN_PROCESS_BYTES, MAX_BODY_BYTES)
    real_parse = attendee_csv.parse_csv_bytes

    def parse_here(data: bytes, *args: Any, **kwargs: Any) -> Any:
        assert len(data) <= bulk_import.IN_PROCESS_BYTES, "a large file parsed in the server"
        return real_parse(data, *args, **kwargs)

    monkeypatch.setattr(attendee_csv, "parse_csv_bytes", parse_here)
    monkeypatch.setattr(bulk_import, "parse_csv_bytes", parse_here)
    with CentralStore.open(db) as store:
        event_id = "pycon"
        client = TestClient(create_app(store))
        console_login(client, token)
        csrf = page_csrf(client, f"/console/import?event={event_id}")
        preview = client.post("/console/import/preview",
                              data={"csrf": csrf, "event": event_id},
                              files={"file": ("big.csv", raw, "text/csv")},
                              headers={"Origin": "http://testserver"})
        assert preview.status_code == 200, preview.text
        assert f'<b id="n-add">{ROWS}</b>' in preview.text
        key = re.search(r'name="preview" value="([^"]+)"', preview.text)
        assert key
        started = client.post("/console/import/apply",
                              data={"csrf": csrf, "preview": key.group(1),
                                    "event": event_id},
                              headers={"Origin": "http://testserver"},
                              follow_redirects=False)
        assert started.status_code == 303
        job = started.headers["location"]
        seen: set[int] = set()
        deadline = time.monotonic() + 120
        while not (state := client.get(job + "/state").json())["finished"]:
            assert time.monotonic() < deadline
            seen.add(state["written"])
            time.sleep(0.05)
        assert not state["failed"], client.get(job).text
        assert state == {"written": ROWS, "total": ROWS, "finished": True, "failed": False}
        assert len(seen - {0, ROWS}) >= 1, seen  # the child's chunks, as they committed
        assert f"<b>{ROWS}</b> added" in client.get(job).text
        stored = store.db.run(lambda tx: tx.scalar(
            "SELECT count(*) AS n FROM attendees WHERE id LIKE 'big-%' AND event_id = ?",
            (event_id,)))
        assert stored == ROWS
