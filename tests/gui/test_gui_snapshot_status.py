"""While a new kiosk's first download of a large list is under way (a snapshot, staged
beside the replica), the status bar says how far it is; then the usual last sync.
Real central list on loopback, real replica, real widgets offscreen."""

from __future__ import annotations

import httpx
import pytest

import kiosk.sync.snapshot as snapshot_module
from kiosk.central.server import run_in_thread
from kiosk.central.store import CentralStore
from kiosk.core.models import Attendee, Gate
from kiosk.sync.engine import SyncEngine


class _CutAfter(httpx.BaseTransport):
    def __init__(self, n: int) -> None:
        self.inner, self.n = httpx.HTTPTransport(), n

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.n -= 1
        if self.n < 0:
            raise httpx.ConnectError("network gone", request=request)
        return self.inner.handle_request(request)


def test_the_status_bar_shows_a_first_download_under_way(  # type: ignore[no-untyped-def]
        qtbot, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.gui.ui.status_bar import StatusBar, StatusFigures

    monkeypatch.setattr(snapshot_module, "PAGE_ROWS", 100)
    monkeypatch.setattr(snapshot_module, "MIN_LOG_CHANGES", 1)
    # Staged JSON pages (a list that serves no snapshot file): cut after a few of them.
    # (The figure while a snapshot file downloads: tests/sync/test_sync_snapshot.py.)
    monkeypatch.setattr(snapshot_module, "_download_file", lambda *args: None)
    central = tmp_path / "central.db"
    with CentralStore.open(central) as store:
        store.events.create("Big", event_id="big", gates=[Gate("main", "", "Main")])
        store.attendees.upsert([Attendee(id=f"A{i:04d}", event_id="big", name=f"P {i}",
                                         code=f"C-{i}") for i in range(1000)])
        code = store.devices.new_pairing_code(device_name="Door").code
    kiosk = tmp_path / "kiosk.db"
    bar = StatusBar(large=True)
    qtbot.addWidget(bar)
    bar.resize(1024, 48)
    bar.show()
    with run_in_thread(central) as server:
        with SyncEngine(kiosk) as engine:
            engine.pair(server.url, code)
        with SyncEngine(kiosk, transport=_CutAfter(6)) as engine:  # cut midway
            assert not engine.sync(force=True).ok
        # What AppContext.status_figures reads on each refresh.
        progress = snapshot_module.download_progress(kiosk)
        assert progress is not None
        done, total = progress
        assert 0 < done < total == 1002
        bar.show_figures(StatusFigures(connection="offline", downloading=progress))
        assert bar.last_sync.text() == f"Downloading the list: {done:,} of {total:,}"
        # (docs/screenshots/status-first-download.png is this picture)
        shot = tmp_path / "status-first-download.png"
        assert bar.grab().save(str(shot)) and shot.stat().st_size > 1000
        with SyncEngine(kiosk) as engine:  # the network is back: it completes
            result = engine.sync(force=True)
        assert result.ok
        assert snapshot_module.download_progress(kiosk) is None
        bar.show_figures(StatusFigures(connection="online", last_sync=result.finished_at,
                                       downloading=None, attendees=1000))
        assert bar.last_sync.text().startswith("Last sync: ")
