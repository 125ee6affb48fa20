"""Times people read are the event's, whatever zone the machine is in: the status bar's
last sync, the desk's passages and badge prints, the "already printed" message."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.core.models import Attendee, Event
from kiosk.errors import BadgeAlreadyPrinted
from kiosk.gui.badges import pdf_printer, print_badge, record_badge_print
from kiosk.gui.ui.status_bar import StatusBar, StatusFigures
from kiosk.replica.db import Replica

JAKARTA = Event(id="fn", name="FOSS", timezone="Asia/Jakarta")  # UTC+7, no DST


@pytest.fixture
def machine_in_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine zone far from the event's (the bug showed the machine's time)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_status_bar_last_sync_in_event_time(qapp: object, machine_in_new_york: None) -> None:
    bar = StatusBar()
    bar.show_figures(StatusFigures(last_sync=datetime(2026, 8, 1, 2, 12, 5, tzinfo=UTC),
                                   event=JAKARTA))
    assert "09:12:05" in bar.last_sync.text()


def test_badge_already_printed_says_the_event_time(qapp: object, tmp_path: Path,
                                                    machine_in_new_york: None) -> None:
    with Replica(tmp_path / "r.db") as replica:
        ada = Attendee(id="a1", event_id="fn", name="Ada")
        replica.upsert_attendees([ada])
        first = record_badge_print(replica, ada, printer="pdf", reprint=False)
        with pytest.raises(BadgeAlreadyPrinted) as refused:
            print_badge(replica, ada, pdf_printer(tmp_path / "b.pdf"), event_name="FOSS",
                        event=JAKARTA)
    shown = first.printed_at.astimezone(UTC).replace(tzinfo=None)
    jakarta = f"{(shown.hour + 7) % 24:02d}:{shown.minute:02d}"
    assert str(refused.value) == f"A badge was already printed at {jakarta}."
