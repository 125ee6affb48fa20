"""Issue 10's leftovers, replayed against a real `kiosk serve` with two events (the
suite's ``two_events`` fixture):

- a signed-looking code whose signature does not verify, uploaded as admitted by a
  hostile device, is stored and flagged ``forged`` — by the kiosk's own check (core's
  ``classify()`` and ``TicketVerifier.verify`` over the device's events' keys): a real
  kiosk of the same event refuses the very same texts as forged;
- the central list gives every check-in its own day — the kept scan time in the event's
  zone (core's ``local_day``), never the ``day`` the device sends — so a device lying
  about the day gets no ticket in on a day it is not valid, and no second entry past
  the duplicate check; a scan time later than its upload is not believed either.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from kiosk.central.console import queries
from kiosk.core.models import Attendee
from kiosk.core.tickets import TicketPayload, TicketSigner, generate_keypair
from tests.central_fixtures import TwoEvents, checkin_item

Run = Callable[..., subprocess.CompletedProcess[str]]
DAY = timedelta(days=1)


def _altered(code: str) -> str:
    """``code`` with one character of its signature changed (still base32)."""
    last = code[-3]
    return code[:-3] + ("A" if last != "A" else "B") + code[-2:]


def test_a_signed_looking_code_that_does_not_verify_is_flagged_forged(
        two_events: TwoEvents, tmp_path: Path, run_kiosk: Run) -> None:
    ev = two_events
    genuine = ev.sign("ev-a", "ann")
    forged = {
        # ann's id, signed by a key no event of the list has
        "stranger_key": TicketSigner(generate_keypair()[0]).sign(
            TicketPayload("ev-a", "ann", "Regular")),
        # a genuine code of event A with its signature altered
        "altered": _altered(genuine),
        # a genuine code of event B: the hostile device (and its kiosk) is paired for A
        # only and holds no key of B's, so to it this is no code it can trust
        "other_events_key": ev.sign("ev-b", "ann"),
        "not_base32": "CK1-THIS0IS1NOT8BASE32",
        "version_2": "CK2-" + genuine[4:],
    }
    fine = {
        "held_opaque": "ANN-1",  # the code the list holds for ann
        "genuine_signed": genuine,
        "opaque_unknown": "XYZ-987",  # not signed-looking: nothing to verify
    }
    start = datetime.now(UTC) - timedelta(minutes=30)
    items = {name: checkin_item("ann", "a-main", code, at=start + timedelta(minutes=n))
             for n, (name, code) in enumerate({**forged, **fine}.items())}
    results = ev.hostile.upload(*items.values())
    assert [r["status"] for r in results] == ["stored"] * len(items), results  # kept
    rows = ev.stored()
    got = {name: (rows[i["id"]]["flag"], rows[i["id"]]["central_reason"])
           for name, i in items.items()}
    assert got == {**dict.fromkeys(forged, ("forged", "forged")),
                   # the first genuine passage of the day, then second entries
                   "held_opaque": ("second_entry", "already_in"),
                   "genuine_signed": ("second_entry", "already_in"),
                   "opaque_unknown": ("second_entry", "already_in")}, got
    assert all(rows[i["id"]]["verdict"] == "accepted" for i in items.values())

    # A desk's override with a forged code: no desk may overrule a forgery.
    desk = ev.new_device("Desk A", role="desk", events=("ev-a",))
    override = dict(checkin_item("dan", "a-main", forged["altered"], verdict="override"),
                    override_reason="guest list says so")
    assert desk.upload(override)[0]["status"] == "stored"
    assert ev.stored()[override["id"]]["flag"] == "forged"

    # The very same texts, scanned at a real kiosk of event A: refused as forged — the
    # one rule on both sides (the stranger's, the altered and the version-2 code; B's
    # code is a stranger's to A's kiosk too).
    kiosk = tmp_path / "kiosk.db"
    run_kiosk("pair", ev.url, ev.pairing_code(event="ev-a"), "--db", str(kiosk), check=True)
    run_kiosk("sync", "--db", str(kiosk), check=True)
    for name, code in forged.items():
        out = json.loads(run_kiosk("checkin", code, "--db", str(kiosk), "--gate", "a-main",
                                   check=True).stdout)
        assert out["verdict"] == "forged", (name, out)

    # Organisers see it: the Flags page (English and Indonesian) and the CSV export.
    with ev.store() as store:
        flagged = {f["id"]: f["kind"] for f in queries.flags(store, "ev-a")}
    assert all(flagged[items[name]["id"]] == "forged" for name in forged)
    page = ev.console_page("/console/flags?event=ev-a")
    assert "admitted on a forged or altered code (its signature does not verify)" in page
    page_id = ev.console_page("/console/flags?event=ev-a&lang=id")
    assert "diizinkan masuk dengan kode palsu atau yang sudah diubah" in page_id
    exported = httpx.get(ev.url + "/admin/checkins.csv",
                         headers={"Authorization": f"Bearer {ev.admin}"}).text
    by_id = {r["id"]: r for r in csv.DictReader(io.StringIO(exported))}
    assert by_id[items["altered"]["id"]]["flag"] == "forged"
    assert by_id[items["altered"]["id"]]["central_reason"] == "forged"
    assert by_id[items["genuine_signed"]["id"]]["flag"] == "second_entry"


def test_the_list_gives_each_check_in_its_own_day_not_the_devices(
        two_events: TwoEvents) -> None:
    ev = two_events
    today, zone = ev.a.today, ZoneInfo(ev.a.zone)
    # A ticket valid only tomorrow (an event day), held by "tom".
    tomorrow_only = ev.sign("ev-a", "tom", valid_from=today + DAY, valid_until=today + DAY)
    with ev.store() as store:
        store.attendees.upsert([Attendee(id="tom", event_id="ev-a", name="Tom",
                                         code=tomorrow_only, ticket_type="Regular")])
    now = datetime.now(UTC)
    # Just after midnight yesterday in Jakarta: the day before in UTC (not an event day).
    early = datetime.combine(today - DAY, time(0, 30), zone).astimezone(UTC)
    items = {
        # scanned today, the device says tomorrow: judged by today
        "lies_tomorrow": checkin_item("tom", "a-main", tomorrow_only, at=now,
                                      day=today + DAY),
        # a scan "tomorrow" uploaded now: not believed (a scan never follows its upload)
        "future_time": checkin_item("tom", "a-main", tomorrow_only, at=now + DAY,
                                    day=today + DAY),
        # the event's zone, not UTC: kept on yesterday (an event day), unflagged
        "zone": checkin_item("eve", "a-main", "EVE-1", at=early, day=early.date()),
    }
    results = ev.hostile.upload(*items.values(), sent_at=now.isoformat())
    assert [r["status"] for r in results] == ["stored"] * len(items), results
    rows = ev.stored()
    got = {name: (rows[i["id"]]["day"], rows[i["id"]]["flag"], rows[i["id"]]["central_reason"])
           for name, i in items.items()}
    wrong_day = ("wrong_day", "ticket_not_valid_today")
    assert got == {"lies_tomorrow": (today.isoformat(), *wrong_day),
                   "future_time": (today.isoformat(), *wrong_day),
                   "zone": ((today - DAY).isoformat(), None, "first_entry")}, got
    # The claimed time is kept as the device's own clock; the list keeps its receive time.
    future = rows[items["future_time"]["id"]]
    assert datetime.fromisoformat(future["scanned_at"]) <= \
        datetime.fromisoformat(future["received_at"])
    assert future["device_time"].startswith((now + DAY).date().isoformat())

    # A second entry cannot hide behind another day: the honest kiosk lets ann in, the
    # hostile device uploads her again claiming tomorrow.
    # Five minutes ago, but never before today's midnight there: at 00:02 in Jakarta
    # "five minutes ago" is yesterday, and a second entry today is no duplicate of it.
    midnight = datetime.combine(today, time(0, 0), zone).astimezone(UTC)
    first = checkin_item("ann", "a-main", "ANN-1",
                         at=max(now - timedelta(minutes=5), midnight))
    assert ev.a.kiosk.upload(first)[0]["status"] == "stored"
    again = checkin_item("ann", "a-main", "ANN-1", day=today + DAY)
    (answer,) = ev.hostile.upload(again)
    assert answer["status"] == "stored" and answer["duplicate"] is True, answer
    row = ev.stored()[again["id"]]
    assert (row["day"], row["flag"], row["duplicate_of"]) == (
        today.isoformat(), "second_entry", first["id"])

    # Event B keeps its own zone (UTC): B's kiosk's check-in at the same instant as
    # "zone" is on B's day of it.
    zed = checkin_item("zed", "b-main", "ZED-1", at=early, day=today + 5 * DAY)
    assert ev.b.kiosk.upload(zed)[0]["status"] == "stored"
    assert ev.stored()[zed["id"]]["day"] == early.date().isoformat()
