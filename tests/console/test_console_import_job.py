"""The console's import job page when the import ends while the page is being made.

Found in CI (the browser test of the import timed out, one run in ten under load): the
job page read the job's summary, then — while it looked up the events for the page's
menu — the writer thread finished; the template then saw a finished job without a
summary and showed neither the progress nor the result. Here the writer is held until
exactly that moment, so the old order fails every time.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest
from console_fixtures import console_login, make_central_db, page_csrf
from fastapi.testclient import TestClient

from kiosk.central.console import queries
from kiosk.central.server import create_app
from kiosk.central.store import CentralStore

CSV = b"id,name,email\nr1,Rina Wijaya,rina@example.org\nr2,Agus Salim,agus@example.org\n"


def _preview(client: TestClient, event_id: str) -> tuple[str, str]:
    csrf = page_csrf(client, f"/console/import?event={event_id}")
    r = client.post("/console/import/preview",
                    data={"csrf": csrf, "event": event_id},
                    files={"file": ("people.csv", CSV, "text/csv")},
                    headers={"Origin": "http://testserver"})
    assert r.status_code == 200 and 'id="preview"' in r.text, r.text
    key = re.search(r'name="preview" value="([^"]+)"', r.text)
    assert key
    return csrf, key.group(1)


@pytest.mark.parametrize("outcome", ["summary", "error"])
def test_a_job_ending_while_its_page_renders_shows_its_outcome(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, outcome: str) -> None:
    token = make_central_db(tmp_path / "c.db")
    release = threading.Event()
    real_import = queries.import_into

    def held_import(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(10), "the page never asked for the events"
        if outcome == "error":
            from kiosk.errors import CentralError
            raise CentralError("The list refused it: the disk is full.")
        return real_import(*args, **kwargs)

    monkeypatch.setattr(queries, "import_into", held_import)
    with CentralStore.open(tmp_path / "c.db") as store:
        event_id = store.events.all()[0].id
        client = TestClient(create_app(store))
        console_login(client, token)
        csrf, key = _preview(client, event_id)
        r = client.post("/console/import/apply",
                        data={"csrf": csrf, "preview": key, "event": event_id},
                        headers={"Origin": "http://testserver"}, follow_redirects=False)
        assert r.status_code == 303
        job_url = r.headers["location"]

        # While the job page is being made — after it has looked up its event, as it
        # asks for the events of the page's menu — the writer ends.
        real_all = store.events.all
        calls: list[int] = []

        def all_events_as_the_writer_ends() -> Any:
            calls.append(1)
            if len(calls) == 2:
                release.set()
                for thread in threading.enumerate():
                    if thread.name.startswith("console-import-"):
                        thread.join(10)
            return real_all()

        monkeypatch.setattr(store.events, "all", all_events_as_the_writer_ends)
        page = client.get(job_url)
        assert release.is_set(), "the job page read the events fewer than twice"
        monkeypatch.setattr(store.events, "all", real_all)
        shown = "summary" if 'id="import-done"' in page.text else \
            "error" if "the disk is full" in page.text else None
        running = 'id="import-running"' in page.text
        # Either still running (its poll then reloads it) or its outcome: never neither.
        assert running != (shown is not None), page.text
        assert shown in (None, outcome)
        again = client.get(job_url).text  # what the reload shows
        assert 'id="import-running"' not in again
        if outcome == "summary":
            assert 'id="import-done"' in again and "<b>2</b> added" in again, again
        else:
            assert "the disk is full" in again, again
        # The poll agrees, and carries no outcome objects (plain JSON).
        state = client.get(job_url + "/state").json()
        assert state == {"written": 2 if outcome == "summary" else 0, "total": 2,
                         "finished": True, "failed": outcome == "error"}
