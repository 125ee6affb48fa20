"""The console's words: every English text the templates and routes show has its
Indonesian, and the live figures count what the page says they count."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from kiosk.central.console.chart import arrivals_svg, live_figures
from kiosk.central.console.i18n import INDONESIAN, choose

CONSOLE = Path(__file__).resolve().parents[2] / "kiosk" / "central" / "console"
_CALL = re.compile(r"""_\(\s*(["'])(.+?)\1\s*\)""")
#: Messages passed by routes to the page as ``message=`` (translated by the template).
_MESSAGE = re.compile(r"""(?:back\([^)]*,\s*|message = )"([^"]+)\"""")


def _texts() -> set[str]:
    found: set[str] = set()
    for path in [*CONSOLE.glob("templates/*.html"), CONSOLE / "routes.py"]:
        text = path.read_text(encoding="utf-8")
        found |= {m.group(2) for m in _CALL.finditer(text)}
        if path.suffix == ".py":
            found |= {m.group(1) for m in _MESSAGE.finditer(text)}
    return found


def test_every_console_text_has_its_indonesian() -> None:
    texts = _texts()
    assert len(texts) > 100
    missing = sorted(t for t in texts if t not in INDONESIAN)
    assert not missing, missing
    same = [t for t in texts if INDONESIAN[t] == t and t not in ("E-mail", "Status", "kiosk")]
    assert not same, same


def test_language_choice() -> None:
    assert choose("id", "en", "en-GB") == "id"
    assert choose(None, "id", "en-GB") == "id"
    assert choose(None, None, "id-ID,id;q=0.9,en;q=0.8") == "id"
    assert choose("xx", None, None) == "en"


def _row(seq: int, attendee: str, gate: str, direction: str, at: str,
         undoes: str | None = None, duplicate: int = 0) -> dict[str, object]:
    return {"id": f"c{seq}", "seq": seq, "attendee_id": attendee, "gate_id": gate,
            "direction": direction, "scanned_at": at, "undoes": undoes,
            "duplicate": duplicate, "attendee_name": attendee.upper(),
            "ticket_type": "VIP" if attendee == "a" else "Regular", "device_name": "K"}


def test_live_figures_count_standing_entries_and_people_inside() -> None:
    rows = [
        _row(1, "a", "hall", "entry", "2026-12-01T09:01:00+00:00"),
        _row(2, "b", "hall", "entry", "2026-12-01T09:04:00+00:00"),
        _row(3, "b", "hall", "exit", "2026-12-01T09:20:00+00:00"),
        _row(4, "c", "hall", "entry", "2026-12-01T09:21:00+00:00"),
        _row(5, "x", "hall", "undo", "2026-12-01T09:22:00+00:00", undoes="c4"),
        _row(6, "a", "hall", "entry", "2026-12-01T09:30:00+00:00", duplicate=1),
        _row(7, "b", "side", "entry", "2026-12-01T10:02:00+00:00"),
    ]
    f = live_figures(rows, [("hall", "Main Hall"), ("side", "Side")], day=date(2026, 12, 1),
                     zone=UTC, bucket_minutes=5)
    assert f.arrived == {"hall": 2, "side": 1} and f.arrived_total == 2
    assert f.inside == {"hall": 1, "side": 1} and f.inside_total == 2
    assert f.by_ticket_type == {"VIP": 1, "Regular": 1}
    assert f.buckets[datetime(2026, 12, 1, 9, 0)] == {"hall": 2}
    assert datetime(2026, 12, 1, 9, 20) not in f.buckets  # the undone entry
    assert f.buckets[datetime(2026, 12, 1, 9, 30)] == {}  # a duplicate is no arrival
    assert f.latest[0]["name"] == "B" and f.last_seq == 7
    svg = arrivals_svg(f, title="Arrivals <today>")
    assert svg.count('data-gate="hall"') == 1 and svg.count('data-gate="side"') == 1
    assert "Arrivals &lt;today&gt;" in svg and "<today>" not in svg
    quarter = live_figures(rows, [("hall", "Main Hall"), ("side", "Side")],
                           day=date(2026, 12, 1), zone=UTC, bucket_minutes=15)
    assert quarter.buckets[datetime(2026, 12, 1, 9, 0)] == {"hall": 2}
