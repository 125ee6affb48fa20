"""The GUI's sync scheduler keeps a check-in's trigger when the sync it lands on fails.

A scan while a sync runs asks for one more sync after it. When that running sync raised
(it should not: the engine answers errors as results; but a damaged or busy replica can
make ``sync_once`` raise), the request was dropped and the check-in waited for the timer.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from kiosk.gui import sync_status
from kiosk.gui.sync_status import SyncScheduler
from kiosk.gui.taskman import TaskManager


def test_a_sync_asked_for_during_a_failing_sync_still_runs(
        tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    running, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def flaky_sync_once(state: dict[str, Any], db_path: Path, *, force: bool = False) -> Any:
        calls.append(1)
        if len(calls) == 1:
            running.set()
            assert release.wait(10)
            raise RuntimeError("database disk image is malformed")
        return {"connection": "online", "uploaded": 1, "pending_uploads": 0}

    monkeypatch.setattr(sync_status, "sync_once", flaky_sync_once)
    taskman = TaskManager()
    scheduler = SyncScheduler(taskman, tmp_path / "k.db", interval=600, live=False)
    figures: list[dict[str, Any]] = []
    scheduler.synced.connect(figures.append)
    try:
        scheduler.sync_now()
        assert running.wait(10)
        scheduler.sync_now()  # a check-in recorded while the first sync runs
        release.set()
        qtbot.waitUntil(lambda: any(f.get("uploaded") for f in figures), timeout=5000)
        assert figures[0]["connection"] == "offline"  # the failure is still shown
        assert len(calls) == 2
    finally:
        scheduler.stop()
        taskman.stop()
