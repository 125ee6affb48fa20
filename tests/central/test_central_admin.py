"""The organisers' script endpoints through a real `kiosk serve`: organiser token only
(as a Bearer header; the old login by URL is gone and `/admin` sends people to the
console), figures, CSV export with the duplicate column, CSV import that kiosks learn,
revoking a device."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine
from tests.central_fixtures import start_serve

A1, A2 = "0b6f6c1e-0000-4000-8000-00000000a001", "0b6f6c1e-0000-4000-8000-00000000a002"


def _last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


def test_organiser_page(tmp_path: Path, run_kiosk: Any, sample_csv: Path) -> None:
    central = tmp_path / "central.db"
    with CentralStore.open(central) as store:
        store.events.create("Admin <b>Conf</b>", event_id="conf",
                           gates=[Gate("main", "", "Main hall"), Gate("ws", "", "Workshop")])
        store.attendees.upsert([Attendee(id="P1", event_id="conf", name="Ada <script>",
                                         code="P-1")])
        devices = [store.devices.pair(store.devices.new_pairing_code(device_name=n).code)
                   for n in ("East", "West")]
    token = _last_line(run_kiosk("central", "admin-token", "--db", str(central),
                                 check=True).stdout)
    server = start_serve(central)
    try:
        base = server.url
        # Device tokens and no token do not open the organisers' endpoints.
        assert httpx.get(base + "/admin/summary").status_code == 401
        r = httpx.get(base + "/admin/summary",
                      headers={"Authorization": f"Bearer {devices[0].token}"})
        assert r.status_code == 401 and "admin-token" in r.json()["message"]
        # People are sent to the console; the token in a URL or a cookie opens nothing.
        r = httpx.get(base + "/admin", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/console/"
        assert httpx.get(base + "/admin/login", params={"token": token}).status_code == 404
        assert httpx.get(base + "/admin/summary", params={"token": token}).status_code == 401
        assert httpx.get(base + "/admin/summary",
                         cookies={"kiosk_admin": token}).status_code == 401
        # ... and the organiser token does not work on the kiosk API.
        api = httpx.get(base + "/api/v1/changes", headers={"Authorization": f"Bearer {token}"})
        assert api.status_code == 401

        now = datetime.now(UTC)
        item = {"attendee_id": "P1", "gate_id": "main", "direction": "entry",
                "scanned_at": now.isoformat(), "day": now.date().isoformat()}
        for k, cid in ((0, A1), (1, A2)):  # both admit Ada: one duplicate
            r = httpx.post(base + "/api/v1/checkins", json={"checkins": [dict(item, id=cid)]},
                           headers={"Authorization": f"Bearer {devices[k].token}"})
            assert r.status_code == 200

        with httpx.Client(base_url=base,
                          headers={"Authorization": f"Bearer {token}"}) as browser:
            summary = browser.get("/admin/summary").json()
            assert [e["name"] for e in summary["events"]] == ["Admin <b>Conf</b>"]
            assert {d["name"] for d in summary["devices"]} == {"East", "West"}
            assert summary["arrived"] == 1 and summary["duplicates"] == 1
            assert {g["id"]: g["arrived"] for g in summary["gates"]} == {"main": 1, "ws": 0}

            export = browser.get("/admin/checkins.csv")
            rows = list(csv.DictReader(io.StringIO(export.text)))
            assert [r["duplicate"] for r in rows] == ["false", "true"]
            assert rows[1]["duplicate_of"] == A1 and rows[1]["device_name"] == "West"

            # Import through the page; a kiosk learns the new attendees at its next sync.
            r = browser.post("/admin/import", content=sample_csv.read_bytes(),
                             headers={"content-type": "text/csv"})
            assert r.status_code == 200 and r.json()["added"] == 4, r.text
            bad = browser.post("/admin/import", content=b"Name,Email\n,nobody\n")
            assert bad.status_code == 422 and bad.json()["problems"][0]["line"] == 2

            kiosk = tmp_path / "k.db"
            with CentralStore.open(central) as store:
                code = store.devices.new_pairing_code(device_name="Door").code
            engine = SyncEngine(kiosk)
            engine.pair(base, code)
            assert engine.sync().ok
            with Replica(kiosk) as replica:
                assert replica.attendee_count() == 5
            engine.close()

            # Revoke by script: that kiosk is refused from then on.
            r = browser.post(f"/admin/devices/{devices[1].device_id}/revoke")
            assert r.status_code == 200 and r.json()["revoked"] == devices[1].device_id
        r = httpx.get(base + "/api/v1/whoami",
                      headers={"Authorization": f"Bearer {devices[1].token}"})
        assert r.status_code == 403
        assert server.alive()
    finally:
        server.stop()
