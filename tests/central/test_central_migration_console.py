"""Migrations 0005_device_software_version and 0008_event_languages on a central list
made by the schema before them (0001 + 0002: an event, a paired device with its history),
on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import central_fixtures
import pytest

from kiosk.central import schema
from kiosk.central.store import CentralStore

pg_cluster = central_fixtures.pg_cluster
pg_url = central_fixtures.pg_url


def _migrates_an_older_list(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = ("0005_device_software_version", "0008_event_languages")
    before = [m for m in schema.MIGRATIONS if m[0] not in mine]
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", before)
        with CentralStore.open(url) as old:
            old.db.run(lambda tx: tx.execute(
                "INSERT INTO events (id, name, timezone, days, public_key, private_key, "
                "created_at) VALUES ('e', 'Conf', 'Asia/Jakarta', '[]', 'pk', 'sk', 'x')"))
            paired = old.devices.pair(old.devices.new_pairing_code(device_name="Hall").code)
            device = old.devices.authenticate(paired.token)
            old.db.run(lambda tx: tx.execute("UPDATE devices SET pending_uploads = 3"))
    with CentralStore.open(url) as store:
        applied = store.db.run(lambda tx: [r["name"] for r in tx.execute(
            "SELECT name FROM _migrations ORDER BY name")], write=False)
        assert set(mine) <= set(applied)
        event = store.events.get("e")
        assert event is not None and event.languages == () and event.public_key == "pk"
        store.events.create("Conf", event_id="e", languages=["id en"])
        store.events.create("Conf renamed", event_id="e")  # languages not given: kept
        assert store.events.get("e").languages == ("id", "en")  # type: ignore[union-attr]
        (row,) = store.devices.all()
        assert row["name"] == "Hall" and row["pending_uploads"] == 3
        assert row["software_version"] is None  # not reported yet
        store.devices.touch(device, software="0.2.0")
        store.devices.touch(device)  # a request without a version keeps the last one
        assert store.devices.all()[0]["software_version"] == "0.2.0"


def test_migration_on_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _migrates_an_older_list(str(tmp_path / "central.db"), monkeypatch)


@pytest.mark.postgres
def test_migration_on_postgresql(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _migrates_an_older_list(pg_url, monkeypatch)
