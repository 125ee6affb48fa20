"""Issue 14 item 4: the feed carries a kiosk only the check-ins its gate's rules read
(core's ``passage_matters_at``), when it asks (``feed_gate_only``); after a gate switch
it first fetches the new gate's check-ins. Real `kiosk serve` on loopback (the two-event
fixture), real replicas and engines."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import httpx

from kiosk.core.config import FEED_GATE_ONLY, GATE, MODE, DeviceConfig
from kiosk.core.models import Gate
from kiosk.core.passages import passage_matters_at
from kiosk.replica.changes import MetaKey
from kiosk.replica.db import Replica
from kiosk.sync.engine import SyncEngine, feed_gate, pair
from tests.central_fixtures import TwoEvents, checkin_item, kiosk_env, one_day_now, scan_at


def _kiosk(ev: TwoEvents, tmp_path: Path, name: str, *, gate: str, by_gate: bool) -> Path:
    db = tmp_path / f"{name}.db"
    result = pair(db, ev.url, ev.pairing_code(), device_name=name)
    assert result.ok, result.error
    with Replica(db) as replica:
        DeviceConfig(replica).update({GATE: gate, FEED_GATE_ONLY: by_gate})
    return db


def _sync(db: Path) -> None:
    with SyncEngine(db) as engine:
        result = engine.sync(force=True)
    assert result.ok, result.error


def _remote(db: Path) -> dict[str, tuple[str, str, str]]:
    """The check-ins ``db`` learnt from the list: id -> (attendee, gate, direction)."""
    with Replica(db) as replica:
        rows = replica.conn.execute("SELECT id, attendee_id, gate_id, direction FROM "
                                    "checkins WHERE origin = 'remote'").fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def _counted_at(ev: TwoEvents) -> dict[str, str]:
    """Every check-in on the list -> the gate it counts at (an undo: its check-in's)."""
    stored = ev.stored()
    return {i: stored[r["undoes"]]["gate_id"] if r["direction"] == "undo" else r["gate_id"]
            for i, r in stored.items()}


def _side_gate(ev: TwoEvents) -> None:
    with ev.store() as store:
        store.events.put_gate(Gate("a-side", "ev-a", "A side", allow_reentry=True))


def test_a_kiosk_gets_only_its_gates_check_ins_and_decides_the_same(
        two_events: TwoEvents, tmp_path: Path) -> None:
    ev = two_events
    _side_gate(ev)
    only = _kiosk(ev, tmp_path, "Only main", gate="a-main", by_gate=True)
    every = _kiosk(ev, tmp_path, "Every gate", gate="a-main", by_gate=False)
    device, codes = ev.a.kiosk, ev.a.people
    now = one_day_now(ev.a.zone)
    ann = checkin_item("ann", "a-main", codes["ann"], at=now - timedelta(minutes=9))
    dan = checkin_item("dan", "a-side", codes["dan"], at=now - timedelta(minutes=8))
    eve = checkin_item("eve", "a-main", codes["eve"], at=now - timedelta(minutes=7))
    fay = checkin_item("fay", "a-side", codes["fay"], at=now - timedelta(minutes=6))
    fay_out = checkin_item("fay", "a-side", codes["fay"], direction="exit",
                           at=now - timedelta(minutes=5))
    device.upload(ann, dan, eve, fay, fay_out)
    device.upload(checkin_item("eve", "a-main", codes["eve"], direction="undo",
                               undoes=eve["id"], at=now - timedelta(minutes=6)))
    # A hostile undo that names another gate than its check-in's still counts there.
    device.upload(checkin_item("dan", "a-main", codes["dan"], direction="undo",
                               undoes=dan["id"], at=now - timedelta(minutes=7)))
    for db in (only, every):
        _sync(db)

    counted = _counted_at(ev)
    got = _remote(only)
    assert got, "the filtered kiosk got nothing"
    assert set(got) == {i for i, g in counted.items() if passage_matters_at("a-main", g)}
    assert all(counted[i] == "a-main" for i in got)
    assert set(_remote(every)) == set(counted)  # unfiltered: every check-in of A
    with Replica(only) as replica:
        assert replica.get_meta(MetaKey.FEED_GATE) == "a-main"

    # The same scans at the same gate: the same verdicts with or without the filter.
    people = ["ann", "dan", "eve", "fay", "vic"]
    verdicts = {name: [scan_at(db, codes[p], "a-main", at=now) for p in people]
                for name, db in (("only", only), ("every", every))}
    assert verdicts["only"] == verdicts["every"] == [
        "already_checked_in", "accepted", "accepted", "accepted", "accepted"]


def test_a_gate_switch_fetches_the_new_gates_check_ins_before_deciding(
        two_events: TwoEvents, tmp_path: Path) -> None:
    ev = two_events
    _side_gate(ev)
    db = _kiosk(ev, tmp_path, "Mover", gate="a-main", by_gate=True)
    device, codes = ev.a.kiosk, ev.a.people
    now = one_day_now(ev.a.zone)
    dan = checkin_item("dan", "a-side", codes["dan"], at=now - timedelta(minutes=8))
    fay = checkin_item("fay", "a-side", codes["fay"], at=now - timedelta(minutes=7))
    fay_out = checkin_item("fay", "a-side", codes["fay"], direction="exit",
                           at=now - timedelta(minutes=6))
    ann = checkin_item("ann", "a-main", codes["ann"], at=now - timedelta(minutes=5))
    device.upload(dan, fay, fay_out, ann)
    _sync(db)
    assert {a for a, _, _ in _remote(db).values()} == {"ann"}  # a-side's passed it by

    # Staff move the kiosk to the side gate (the command; the settings do the same).
    moved = subprocess.run([sys.executable, "-m", "kiosk", "gates", "--db", str(db),
                            "--use", "a-side", "--feed", "gate"], env=kiosk_env(),
                           capture_output=True, text=True, timeout=60)
    assert moved.returncode == 0, moved.stderr
    assert "a-side\tA side" in moved.stdout and "(this kiosk)" in moved.stdout
    with Replica(db) as replica:
        assert feed_gate(replica) == "a-side"
    _sync(db)  # fetches a-side's check-ins, then reads the feed by it
    assert {(a, g, d) for a, g, d in _remote(db).values() if g == "a-side"} == {
        ("dan", "a-side", "entry"), ("fay", "a-side", "entry"), ("fay", "a-side", "exit")}
    with Replica(db) as replica:
        assert replica.get_meta(MetaKey.FEED_GATE) == "a-side"
        assert replica.get_meta(MetaKey.FEED_GATE_FILL) is None
    assert scan_at(db, codes["dan"], "a-side", at=now) == "already_checked_in"
    # Out, and re-entry is allowed there.
    assert scan_at(db, codes["fay"], "a-side", at=now) == "reentry"

    # From now on a-side's check-ins come by the feed, a-main's no more.
    eve_main = checkin_item("eve", "a-main", codes["eve"], at=now)
    late_side = checkin_item("late", "a-side", codes["late"], at=now)
    device.upload(eve_main, late_side)
    _sync(db)
    got = _remote(db)
    assert late_side["id"] in got and eve_main["id"] not in got
    assert scan_at(db, codes["late"], "a-side", at=now) == "already_checked_in"

    # Back to every check-in (the setting off): the ones it lacks are fetched.
    subprocess.run([sys.executable, "-m", "kiosk", "gates", "--db", str(db), "--feed", "all"],
                   env=kiosk_env(), check=True, capture_output=True, timeout=60)
    with Replica(db) as replica:
        assert DeviceConfig(replica).get(FEED_GATE_ONLY) is False
    _sync(db)
    assert eve_main["id"] in _remote(db)
    with Replica(db) as replica:
        assert replica.get_meta(MetaKey.FEED_GATE) is None
        mine = replica.device_id
    assert set(_remote(db)) == {i for i, r in ev.stored().items() if r["device_id"] != mine}


def test_a_desk_gets_every_check_in_whatever_its_setting(
        two_events: TwoEvents, tmp_path: Path) -> None:
    ev = two_events
    db = _kiosk(ev, tmp_path, "Desk", gate="a-main", by_gate=True)
    with Replica(db) as replica:
        assert feed_gate(replica) == "a-main"
        DeviceConfig(replica).set(MODE, "desk")
        assert feed_gate(replica) is None  # a desk shows passages at every gate
    vic = checkin_item("vic", "a-vip", ev.a.people["vic"])
    ev.a.kiosk.upload(vic)
    _sync(db)
    assert vic["id"] in _remote(db)


def test_a_device_names_only_its_own_events_gates(two_events: TwoEvents) -> None:
    ev = two_events
    ev.a.kiosk.upload(checkin_item("ann", "a-main", ev.a.people["ann"]))
    ev.b.kiosk.upload(checkin_item("zed", "b-main", ev.b.people["zed"]))
    for who, gate in ((ev.hostile, "b-main"), (ev.b.kiosk, "a-main"),
                      (ev.b.kiosk, "a-vip"), (ev.hostile, "no-such-gate"),
                      (ev.hostile, "")):
        for path in ("/api/v1/changes", "/api/v1/passages"):
            r = httpx.get(ev.url + path, headers=who.headers, params={"gate": gate})
            assert r.status_code == 403, (path, gate, r.text)
            assert r.json()["error"] == "not_your_gate"
            assert gate in r.json()["message"]
    # Its own gate: served, and only its event's check-ins at that gate.
    r = httpx.get(ev.url + "/api/v1/passages", headers=ev.b.kiosk.headers,
                  params={"gate": "b-main"})
    assert r.status_code == 200, r.text
    assert [c["data"]["attendee_id"] for c in r.json()["changes"]] == ["zed"]
    r = httpx.get(ev.url + "/api/v1/passages", headers=ev.b.kiosk.headers)
    assert [c["data"]["attendee_id"] for c in r.json()["changes"]] == ["zed"]
    r = httpx.get(ev.url + "/api/v1/changes", headers=ev.b.kiosk.headers,
                  params={"gate": "b-main", "limit": 1000})
    kinds = {(c["kind"], c["data"].get("gate_id")) for c in r.json()["changes"]}
    assert ("checkin", "b-main") in kinds
    assert all(g != "a-main" for _, g in kinds)
