"""The kiosk paired with a REAL pretix on loopback (tests/pretix_fixtures.py): pair by the
device QR, download, decide locally, upload with the scan's truth, errors by kind.

One pretix per module (a fresh copy of the cached, seeded database, ~20 s to start); each
test uses its own tickets and its own kiosk (device), so the order of tests does not
matter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pretix_fixtures import PretixServer, start_pretix

from kiosk.core.models import AttendeeStatus, Direction
from kiosk.core.verdicts import Reason
from kiosk.errors import AuthError, ServerUnavailable
from kiosk.pretix import engine as pretix_engine
from kiosk.pretix.engine import PretixEngine, open_engine
from kiosk.replica.changes import requeue_uploaded
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica

EVENT = "icross2026"


@pytest.fixture(scope="module")
def pretix() -> Iterator[PretixServer]:
    with start_pretix() as server:
        yield server


def paired(pretix: PretixServer, path: Path, **kwargs: Any) -> PretixEngine:
    engine = PretixEngine(path)
    engine.pair(pretix.handshake(), **kwargs)
    result = engine.sync(force=True)
    assert result.ok, result.error
    return engine


def pretix_checkins(pretix: PretixServer, secret: str, list_id: int) -> list[dict[str, Any]]:
    """The check-ins pretix holds for a ticket on a list (the organiser's view)."""
    answer = pretix.api("GET", f"/events/{EVENT}/checkinlists/{list_id}/positions/",
                        params={"secret": secret, "ignore_status": "true"})
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert len(results) == 1, results
    return list(results[0]["checkins"])


def scan(path: Path, code: str, *, clock: datetime | None = None,
         gate: str | None = None, direction: Direction = Direction.ENTRY) -> Any:
    with Replica(path) as replica:
        service = CheckInService(replica, gate_id=gate,
                                 clock=(lambda: clock) if clock else None)
        return service.scan(code, direction=direction)


def test_pair_by_the_device_qr_and_download(pretix: PretixServer, tmp_path: Path,
                                            run_kiosk: Any) -> None:
    db = tmp_path / "kiosk.db"
    proc = run_kiosk("pair", pretix.handshake(), "--db", str(db))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Paired with pretix" in proc.stdout and "gate list-1" in proc.stdout
    with Replica(db) as replica:
        event = replica.get_event(EVENT)
        assert event is not None and event.name == "ICROSS 2026"
        assert event.timezone == "Asia/Jakarta" and len(event.days) >= 3
        gates = {g.id: g for g in replica.gates(EVENT)}
        assert set(gates) == {"list-1", "list-2"}
        assert gates["list-1"].name == "Main entrance" and gates["list-1"].ticket_types == ()
        assert gates["list-2"].ticket_types == ("Workshop",)
        # 24 Seminar + 4 Workshop + canceled + pending + blocked positions
        assert replica.attendee_count(EVENT) == 31
        seminar = replica.attendee_by_code(pretix.ticket(EVENT, "seminar3"))
        assert seminar is not None and seminar.ticket_type == "Seminar"
        assert seminar.name and seminar.email.endswith("@example.com")
        canceled = replica.attendee_by_code(pretix.ticket(EVENT, "canceled"))
        assert canceled is not None and canceled.status == AttendeeStatus.CANCELLED
        assert replica.is_revoked(pretix.ticket(EVENT, "blocked"))
    # The device is pretix's now: a second QR of the same device is refused (single use).
    assert open_engine(db).__class__ is PretixEngine


def test_an_event_not_settled_at_pairing_is_chosen_afterwards(pretix: PretixServer,
                                                              tmp_path: Path,
                                                              run_kiosk: Any) -> None:
    """The device QR is single use: pairing keeps the device even when the event or
    list cannot be settled (here: one that does not exist), names the choices, and
    `kiosk pair --db --event --list` chooses later (no second QR)."""
    db = tmp_path / "kiosk.db"
    proc = run_kiosk("pair", pretix.handshake(), "--db", str(db), "--event", "nosuch")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "choose its event and check-in list" in proc.stdout
    assert "--event icross2026 (ICROSS 2026): --list 1 (Main entrance), 2 (Workshop room)" \
        in proc.stdout
    assert "--event signed2026 (Signed Summit 2026): --list" in proc.stdout
    with Replica(db) as replica:
        assert replica.get_meta("central_kind") == "pretix" and replica.get_meta(
            "device_token")
        assert replica.get_meta("pretix.event") is None
    waiting = PretixEngine(db).sync(force=True)  # a sync meanwhile says what to do
    assert not waiting.ok and "not chosen yet" in str(waiting.error)
    proc = run_kiosk("pair", "--db", str(db), "--event", EVENT, "--list", "7")
    assert proc.returncode != 0 and "Choose the check-in list (--list) of icross2026: " \
        "1 (Main entrance), 2 (Workshop room)" in proc.stderr, proc.stdout + proc.stderr
    proc = run_kiosk("pair", "--db", str(db), "--event", EVENT, "--list", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "gate list-2" in proc.stdout and "the kiosk is ready" in proc.stdout
    with Replica(db) as replica:
        assert replica.attendee_count(EVENT) == 31
    assert scan(db, pretix.ticket(EVENT, "workshop3")).reason is Reason.FIRST_ENTRY


def test_a_used_or_unknown_device_qr_is_refused_in_plain_words(pretix: PretixServer,
                                                               tmp_path: Path) -> None:
    qr = pretix.handshake()
    PretixEngine(tmp_path / "a.db").pair(qr)
    with pytest.raises(AuthError, match="already been used"):
        PretixEngine(tmp_path / "b.db").pair(qr)
    bogus = json.dumps({"handshake_version": 1, "url": pretix.url, "token": "nosuchtoken1234"})
    with pytest.raises(AuthError, match="Unknown initialization token"):
        PretixEngine(tmp_path / "c.db").pair(bogus)


def test_scans_decided_locally_and_uploaded(pretix: PretixServer, tmp_path: Path) -> None:
    db = tmp_path / "kiosk.db"
    engine = paired(pretix, db)
    main = pretix.list_id(EVENT, "main")
    first = scan(db, pretix.ticket(EVENT, "seminar0"))
    assert first.reason is Reason.FIRST_ENTRY and first.pending_upload
    # Shown again at once: the grace (not a refusal, not sent to pretix); later: already in.
    assert scan(db, pretix.ticket(EVENT, "seminar0")).reason is Reason.JUST_CHECKED_IN
    later = datetime.now(UTC) + timedelta(seconds=61)
    assert scan(db, pretix.ticket(EVENT, "seminar0"), clock=later).reason is Reason.ALREADY_IN
    assert scan(db, pretix.ticket(EVENT, "canceled")).reason is Reason.CANCELLED
    assert scan(db, pretix.ticket(EVENT, "blocked")).reason is Reason.REVOKED
    assert scan(db, "nosuchsecretatall0000000000000000").reason is Reason.UNKNOWN
    assert scan(db, pretix.ticket(EVENT, "seminar1"),
                gate="list-2").reason is Reason.WRONG_GATE
    result = engine.sync(force=True)
    assert result.ok and result.uploaded == 1, result.error
    stored = pretix_checkins(pretix, pretix.ticket(EVENT, "seminar0"), main)
    assert len(stored) == 1 and stored[0]["type"] == "entry"
    # pretix itself now says "already redeemed" for that ticket
    answer = pretix.api("POST", "/checkinrpc/redeem/", json={
        "secret": pretix.ticket(EVENT, "seminar0"), "lists": [main], "simulate": True})
    assert answer.json()["reason"] == "already_redeemed"
    # the refused scans reached pretix's failed check-ins, with their reasons
    failed = pretix.api("GET", f"/events/{EVENT}/checkins/",
                        params={"successful": "false", "page_size": 50}).json()["results"]
    reasons = {f["error_reason"] for f in failed}
    assert {"canceled", "invalid", "product", "already_redeemed"} <= reasons, failed


def test_offline_scans_uploaded_later_with_their_own_time(pretix: PretixServer,
                                                          tmp_path: Path) -> None:
    db = tmp_path / "kiosk.db"
    engine = paired(pretix, db)
    with Replica(db) as replica:
        url = replica.get_meta("server_url")
        replica.set_meta("server_url", "http://127.0.0.1:9")  # the venue's network is down
    when = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2, minutes=13)
    code = pretix.ticket(EVENT, "seminar5")
    assert scan(db, code, clock=when).reason is Reason.FIRST_ENTRY
    offline = engine.sync(force=True)
    assert not offline.ok and isinstance(offline.error, ServerUnavailable)
    assert engine.status().pending_uploads == 1 and engine.status().online is False
    with Replica(db) as replica:
        replica.set_meta("server_url", url)
    back = engine.sync(force=True)
    assert back.ok and back.uploaded == 1, back.error
    stored = pretix_checkins(pretix, code, pretix.list_id(EVENT, "main"))
    assert len(stored) == 1
    assert datetime.fromisoformat(stored[0]["datetime"]) == when
    # A retry of the same upload (its answer lost) stores nothing twice: the nonce.
    with Replica(db) as replica:
        assert requeue_uploaded(replica) == 1
    again = engine.sync(force=True)
    assert again.ok and again.uploaded == 1
    assert len(pretix_checkins(pretix, code, pretix.list_id(EVENT, "main"))) == 1


def test_a_checkin_made_in_pretix_reaches_the_kiosk(pretix: PretixServer,
                                                   tmp_path: Path) -> None:
    db = tmp_path / "kiosk.db"
    engine = paired(pretix, db)
    code = pretix.ticket(EVENT, "seminar7")
    answer = pretix.api("POST", "/checkinrpc/redeem/", json={
        "secret": code, "lists": [pretix.list_id(EVENT, "main")]})
    assert answer.status_code == 201, answer.text
    result = engine.sync(force=True)
    assert result.ok and result.downloaded >= 1
    seen = scan(db, code)
    assert seen.reason is Reason.ALREADY_IN
    assert seen.previous is not None and seen.previous.device_name == "pretix"


def test_cancelled_in_pretix_arrives_through_the_orders_feed(pretix: PretixServer,
                                                             tmp_path: Path) -> None:
    db = tmp_path / "kiosk.db"
    engine = paired(pretix, db)
    code = pretix.ticket(EVENT, "seminar9")
    with Replica(db) as replica:
        attendee = replica.attendee_by_code(code)
        assert attendee is not None and attendee.status == AttendeeStatus.VALID
        order = attendee.details["pretix order"]
    answer = pretix.api("POST", f"/events/{EVENT}/orders/{order}/mark_canceled/", json={})
    assert answer.status_code == 200, answer.text
    result = engine.sync(force=True)
    assert result.ok and result.downloaded == 1, (result.error, result.downloaded)
    assert scan(db, code).reason is Reason.CANCELLED


def test_undo_annuls_the_checkin_in_pretix(pretix: PretixServer, tmp_path: Path) -> None:
    db = tmp_path / "kiosk.db"
    engine = paired(pretix, db)
    code = pretix.ticket(EVENT, "seminar11")
    first = scan(db, code)
    assert engine.sync(force=True).ok
    with Replica(db) as replica:
        CheckInService(replica).undo(first.checkin_id)
    assert engine.sync(force=True).ok
    answer = pretix.api("POST", "/checkinrpc/redeem/", json={
        "secret": code, "lists": [pretix.list_id(EVENT, "main")], "simulate": True})
    assert answer.json()["status"] == "ok", answer.text
    assert scan(db, code).reason is Reason.FIRST_ENTRY


def test_a_revoked_device_is_told_to_pair_again(pretix: PretixServer, tmp_path: Path) -> None:
    db = tmp_path / "kiosk.db"
    engine = paired(pretix, db)
    with Replica(db) as replica:
        token = replica.get_meta("device_token")
    import httpx

    httpx.post(f"{pretix.url}/api/v1/device/revoke",
               headers={"Authorization": f"Device {token}"}).raise_for_status()
    result = engine.sync(force=True)
    assert not result.ok and isinstance(result.error, AuthError)
    assert "Pair the kiosk again" in str(result.error)
    # still decides locally
    assert scan(db, pretix.ticket(EVENT, "seminar13")).reason is Reason.FIRST_ENTRY


def test_a_first_download_resumes_where_it_stopped(pretix: PretixServer,
                                                   tmp_path: Path) -> None:
    db = tmp_path / "kiosk.db"
    engine = PretixEngine(db)
    engine.pair(pretix.handshake())
    # Interrupt after the first page: the page size is pretix's 50, so shrink it here.
    calls: list[int] = []
    original = pretix_engine.PretixClient.call

    def flaky(self: Any, method: str, path: str, **kwargs: Any) -> Any:
        if path.endswith("/orders/"):
            calls.append(kwargs["params"]["page"])
            kwargs["params"]["page_size"] = 10
            if len(calls) == 2:
                raise ServerUnavailable("the network went away")
        return original(self, method, path, **kwargs)

    pretix_engine.PretixClient.call = flaky  # type: ignore[method-assign]
    try:
        first = engine.sync(force=True)
        assert not first.ok and first.downloaded == 10
        second = engine.sync(force=True)
    finally:
        pretix_engine.PretixClient.call = original  # type: ignore[method-assign]
    assert second.ok, second.error
    assert calls == [1, 2, 2, 3, 4]  # page 2 again, not page 1
    with Replica(db) as replica:
        assert replica.attendee_count(EVENT) == 31


def test_the_cli_sync_uses_pretix(pretix: PretixServer, tmp_path: Path,
                                  run_kiosk: Any) -> None:
    db = tmp_path / "kiosk.db"
    paired(pretix, db)
    proc = run_kiosk("checkin", pretix.ticket(EVENT, "seminar15"), "--db", str(db))
    assert json.loads(proc.stdout)["verdict"] == "accepted", proc.stdout + proc.stderr
    proc = run_kiosk("sync", "--db", str(db))
    assert proc.returncode == 0 and "1 uploaded" in proc.stdout, proc.stdout + proc.stderr
    assert len(pretix_checkins(pretix, pretix.ticket(EVENT, "seminar15"),
                               pretix.list_id(EVENT, "main"))) == 1



SIGNED = "signed2026"
LATE_ORDER = """
from django_scopes import scopes_disabled
from pretix.base.models import Event, Order, OrderPosition
with scopes_disabled():
    ev = Event.objects.get(slug="signed2026")
    item = ev.items.get(name__icontains="Pass")
    o = Order.objects.create(event=ev, status="p", email="late@example.com",
                             total=item.default_price, locale="en",
                             sales_channel=ev.organizer.sales_channels.get(identifier="web"))
    p = OrderPosition.objects.create(
        order=o, item=item, price=item.default_price, positionid=1,
        attendee_name_parts={"_scheme": "given_family", "given_name": "Lina",
                             "family_name": "Late"})
    print("SECRET", p.secret)
"""


def tampered(secret: str) -> str:
    """One character in the middle changed to another letter (not just its case)."""
    i = len(secret) // 2
    other = "q" if secret[i].lower() != "q" else "x"
    return secret[:i] + other + secret[i + 1:]


def test_signed_tickets_are_verified_offline(pretix: PretixServer, tmp_path: Path) -> None:
    from kiosk.core import pretix_sig1

    db = tmp_path / "kiosk.db"
    engine = paired(pretix, db, event=SIGNED)
    with Replica(db) as replica:
        keys, types = pretix_sig1.event_keys(replica.get_meta(pretix_sig1.META_KEY), SIGNED)
        assert len(keys) == 1 and set(types.values()) == {"Pass"}
        # every secret pretix issued verifies, and names its product
        for label in ("pass0", "pass1", "pass2", "replacement", "revoked"):
            ticket = pretix_sig1.verify(pretix.ticket(SIGNED, label), keys)
            assert types[str(ticket.item)] == "Pass"
    # A ticket sold after the kiosk's download: admitted on its signature alone.
    late = next(line.split()[1] for line in pretix.shell(LATE_ORDER).splitlines()
                if line.startswith("SECRET "))
    with Replica(db) as replica:
        assert replica.attendee_by_code(late) is None
    first = scan(db, late)
    assert first.reason is Reason.FIRST_ENTRY and first.issued_after_sync
    assert first.attendee is not None and first.attendee.ticket_type == "Pass"
    # An altered one is refused as forged; revoked and blocked secrets still verify,
    # and are refused by the revocation lists.
    forged = scan(db, tampered(pretix.ticket(SIGNED, "pass1")))
    assert forged.reason is Reason.FORGED
    assert scan(db, pretix.ticket(SIGNED, "revoked")).reason is Reason.REVOKED
    assert scan(db, pretix.ticket(SIGNED, "blocked")).reason is Reason.REVOKED
    assert scan(db, pretix.ticket(SIGNED, "pass2")).reason is Reason.FIRST_ENTRY
    # Uploaded: pretix stores the late ticket's check-in; the next download brings its
    # position, which takes over the check-in made on the signature.
    result = engine.sync(force=True)
    assert result.ok and result.uploaded == 2, result.error
    hall = pretix.list_id(SIGNED, "hall")
    answer = pretix.api("GET", f"/events/{SIGNED}/checkinlists/{hall}/positions/",
                        params={"secret": late})
    assert len(answer.json()["results"][0]["checkins"]) == 1
    with Replica(db) as replica:
        holder = replica.attendee_by_code(late)
        assert holder is not None and holder.id.startswith("P") and holder.name == "Lina Late"
    again = scan(db, late)
    assert again.reason is Reason.ALREADY_IN and not again.issued_after_sync


def test_unpaid_is_refused_and_says_so(pretix: PretixServer, tmp_path: Path) -> None:
    db = tmp_path / "kiosk.db"
    paired(pretix, db)
    result = scan(db, pretix.ticket(EVENT, "pending"))
    assert result.reason is Reason.UNPAID and result.verdict == "unpaid"
    assert result.attendee is not None and result.attendee.status == AttendeeStatus.UNPAID
    # (include_pending, approval, attention: tests/pretix/test_pretix_unpaid.py)


def test_lost_answers_are_retried_without_duplicates(pretix: PretixServer,
                                                     tmp_path: Path) -> None:
    """Between the kiosk and pretix, a proxy that lets every request through and cuts
    every answer: pretix stores each check-in, the kiosk hears nothing (offline) and
    sends them again later with the same nonces; pretix keeps one of each."""
    from central_fixtures import FaultProxy, Faults

    db = tmp_path / "kiosk.db"
    engine = paired(pretix, db)
    codes = [pretix.ticket(EVENT, f"seminar{n}") for n in (17, 18, 19)]
    for code in codes:
        assert scan(db, code).reason is Reason.FIRST_ENTRY
    proxy = FaultProxy(int(pretix.url.rsplit(":", 1)[1]), Faults(cut_response=1.0)).start()
    try:
        with Replica(db) as replica:
            direct = replica.get_meta("server_url")
            replica.set_meta("server_url", proxy.url)
        cut = engine.sync(force=True)
        assert not cut.ok and isinstance(cut.error, ServerUnavailable), cut.error
        assert proxy.stats["cut"] >= 1
        assert engine.status().pending_uploads == 3
        assert len(pretix_checkins(pretix, codes[0], pretix.list_id(EVENT, "main"))) == 1
        proxy.faults = Faults()  # the network heals
        healed = engine.sync(force=True)
        assert healed.ok and healed.uploaded == 3, healed.error
    finally:
        proxy.stop()
    with Replica(db) as replica:
        replica.set_meta("server_url", direct)
    for code in codes:
        assert len(pretix_checkins(pretix, code, pretix.list_id(EVENT, "main"))) == 1


def test_a_damaged_replica_is_rebuilt_from_pretix_and_its_journal(
        pretix: PretixServer, tmp_path: Path, run_kiosk: Any) -> None:
    """`kiosk doctor` on a pretix kiosk: the file is rebuilt from pretix (all of it, not
    from the old cursor), check-ins already uploaded come back from pretix's orders feed,
    the ones not yet uploaded from the journal, and nothing is uploaded twice."""
    db = tmp_path / "kiosk.db"
    engine = paired(pretix, db)
    done, waiting = pretix.ticket(EVENT, "seminar21"), pretix.ticket(EVENT, "seminar22")
    assert scan(db, done).reason is Reason.FIRST_ENTRY
    assert engine.sync(force=True).ok
    assert scan(db, waiting).reason is Reason.FIRST_ENTRY  # only in the journal
    engine.close()
    with db.open("r+b") as f:  # a third of the file survives
        f.truncate(db.stat().st_size // 3)
    proc = run_kiosk("doctor", "--db", str(db), timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with Replica(db) as replica:
        assert replica.attendee_count(EVENT) == 31
        assert replica.pending_upload_count() == 0  # re-uploaded during the rebuild
    later = datetime.now(UTC) + timedelta(minutes=2)  # past the grace after its entry
    assert scan(db, done, clock=later).reason is Reason.ALREADY_IN
    assert scan(db, waiting, clock=later).reason is Reason.ALREADY_IN
    main = pretix.list_id(EVENT, "main")
    assert len(pretix_checkins(pretix, done, main)) == 1
    assert len(pretix_checkins(pretix, waiting, main)) == 1


def test_a_badge_printed_at_a_pretix_desk_stays_its_own(pretix: PretixServer,
                                                        tmp_path: Path) -> None:
    """pretix keeps no badge prints: a print at a desk paired with pretix is kept on the
    desk (its reprint question still asks) and nothing waits to upload for ever."""
    from kiosk.replica.badges import badge_prints, record_badge_print

    db = tmp_path / "desk.db"
    engine = paired(pretix, db)
    with Replica(db) as replica:
        person = replica.attendee_by_code(pretix.ticket(EVENT, "seminar0"))
        assert person is not None
        record_badge_print(replica, person, printer="pdf", reprint=False)
        assert replica.pending_upload_count() == 1
    assert engine.sync(force=True).ok
    with Replica(db) as replica:
        assert replica.pending_upload_count() == 0 and replica.rejected_upload_count() == 0
        assert len(badge_prints(replica, person.id)) == 1
