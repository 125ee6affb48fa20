"""Issue 16: tickets of orders not paid yet, against a REAL pretix (tests/pretix_fixtures.py).

pretix's rule (``pretix/base/services/checkin.py`` ``perform_checkin``): a pending order
is refused as ``unpaid`` unless it is ``valid_if_pending``, or the list has
``include_pending`` and the app says ``ignore_unpaid``; an order awaiting approval is
refused as ``unapproved`` on every list. pretix's apps ask their operator before they
send ``ignore_unpaid``, and show a ticket marked ``checkin_attention`` to them; a
self-service kiosk has nobody to ask, so it admits an unpaid ticket on an
``include_pending`` list only when it needs neither approval nor attention. Each case is
seeded through pretix's own models and asked of pretix itself too, beside the kiosk.

Its own pretix (this module adds a list and orders the other modules do not expect)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pretix_fixtures import PretixServer, start_pretix

from kiosk.core.models import AttendeeStatus
from kiosk.core.verdicts import Reason, Verdict
from kiosk.pretix.engine import PretixEngine
from kiosk.replica.checkin import CheckInService
from kiosk.replica.db import Replica
from kiosk.verdict_messages import verdict_message

EVENT = "icross2026"

#: A list that admits pending orders, and four pending orders (through pretix's models).
SEED_PENDING = """
import json
from datetime import timedelta
from decimal import Decimal
from django.utils.timezone import now
from django_scopes import scopes_disabled
from pretix.base.models import CheckinList, Event, Item, Order, OrderPosition
with scopes_disabled():
    ev = Event.objects.get(slug="icross2026")
    channel = ev.organizer.sales_channels.get(identifier="web")
    seminar = ev.items.get(name__icontains="Seminar")
    vip = Item.objects.create(event=ev, name={"en": "VIP"}, default_price=Decimal("900000"),
                              admission=True, checkin_attention=True)
    welcome = CheckinList.objects.create(event=ev, name="Pay later welcome",
                                         all_products=True, include_pending=True)
    out = {"welcome": welcome.pk}
    cases = {"plain": {}, "approval": {"require_approval": True},
             "attention": {"checkin_attention": True}, "vip": {},
             "valid_if_pending": {"valid_if_pending": True}}
    for n, (label, extra) in enumerate(cases.items()):
        item = vip if label == "vip" else seminar
        o = Order.objects.create(event=ev, status="n", email=f"{label}@example.com",
                                 datetime=now(), expires=now() + timedelta(days=10),
                                 total=item.default_price, locale="en",
                                 sales_channel=channel, **extra)
        p = OrderPosition.objects.create(
            order=o, item=item, price=item.default_price, positionid=1,
            attendee_name_parts={"_scheme": "given_family", "given_name": "Pending",
                                 "family_name": label.title()})
        out[label] = p.secret
    print("PENDING " + json.dumps(out))
"""


@pytest.fixture(scope="module")
def pretix() -> Iterator[tuple[PretixServer, dict[str, Any]]]:
    with start_pretix() as server:
        out = server.shell(SEED_PENDING)
        seeded = json.loads(next(line[8:] for line in out.splitlines()
                                 if line.startswith("PENDING ")))
        yield server, seeded


def pretix_says(server: PretixServer, secret: str, list_id: int, **extra: Any) -> str:
    """What pretix itself answers to this ticket on this list (nothing stored)."""
    answer = server.api("POST", "/checkinrpc/redeem/", json={
        "secret": secret, "lists": [list_id], "simulate": True, **extra})
    body = answer.json()
    return "ok" if body["status"] == "ok" else str(body["reason"])


def scan(path: Path, code: str, gate: str) -> Any:
    with Replica(path) as replica:
        return CheckInService(replica, gate_id=gate).scan(code)


def test_unpaid_tickets_as_pretix_judges_them(
        pretix: tuple[PretixServer, dict[str, Any]], tmp_path: Path) -> None:
    server, seeded = pretix
    main, welcome = server.list_id(EVENT, "main"), int(seeded["welcome"])
    db = tmp_path / "kiosk.db"
    engine = PretixEngine(db)
    engine.pair(server.handshake(), event=EVENT, list_id=welcome)
    result = engine.sync(force=True)
    assert result.ok, result.error
    with Replica(db) as replica:
        gates = {g.id: g for g in replica.gates(EVENT)}
        assert gates[f"list-{welcome}"].admits_unpaid
        assert not gates[f"list-{main}"].admits_unpaid
        status = {label: replica.attendee_by_code(seeded[label]).status  # type: ignore
                  for label in ("plain", "approval", "attention", "vip", "valid_if_pending")}
    assert status == {"plain": AttendeeStatus.UNPAID, "approval": AttendeeStatus.UNPAID_HELD,
                      "attention": AttendeeStatus.UNPAID_HELD,
                      "vip": AttendeeStatus.UNPAID_HELD,
                      "valid_if_pending": AttendeeStatus.VALID}
    seeded_pending = server.ticket(EVENT, "pending")  # seed.py's own pending order

    # A list that admits only paid orders: every unpaid ticket is refused as not paid,
    # as pretix refuses it; valid_if_pending is admitted by both.
    for code in (seeded_pending, seeded["plain"], seeded["attention"], seeded["vip"]):
        assert pretix_says(server, code, main) == "unpaid"
        refused = scan(db, code, f"list-{main}")
        assert (refused.reason, refused.verdict) == (Reason.UNPAID, Verdict.UNPAID)
        assert refused.checkin_id is None
        assert verdict_message(refused).startswith("The order for this ticket has not been "
                                                   "paid")
    assert pretix_says(server, seeded["approval"], main) == "unapproved"
    assert scan(db, seeded["approval"], f"list-{main}").reason is Reason.UNPAID
    assert pretix_says(server, seeded["valid_if_pending"], main) == "ok"
    assert scan(db, seeded["valid_if_pending"], f"list-{main}").reason is Reason.FIRST_ENTRY

    # The include_pending list: pretix admits a pending order there when the app says
    # ignore_unpaid, refuses one awaiting approval, and flags attention for its operator.
    assert pretix_says(server, seeded["plain"], welcome) == "unpaid"  # without the word
    assert pretix_says(server, seeded["plain"], welcome, ignore_unpaid=True) == "ok"
    assert pretix_says(server, seeded["approval"], welcome, ignore_unpaid=True) == \
        "unapproved"
    flagged = server.api("POST", "/checkinrpc/redeem/", json={
        "secret": seeded["vip"], "lists": [welcome], "simulate": True,
        "ignore_unpaid": True}).json()
    assert flagged["status"] == "ok" and flagged["require_attention"] is True
    admitted = scan(db, seeded["plain"], f"list-{welcome}")
    assert admitted.reason is Reason.FIRST_ENTRY and admitted.checkin_id
    for label in ("approval", "attention", "vip"):  # held for a person: see the desk
        assert scan(db, seeded[label], f"list-{welcome}").reason is Reason.UNPAID

    # Uploaded: pretix keeps the admitted pending ticket's check-in; the refusals are
    # in its failed check-ins as "unpaid".
    up = engine.sync(force=True)
    assert up.ok and up.uploaded == 2, up.error  # plain (welcome) + valid_if_pending
    answer = server.api("GET", f"/events/{EVENT}/checkinlists/{welcome}/positions/",
                        params={"secret": seeded["plain"]})
    assert len(answer.json()["results"][0]["checkins"]) == 1
    for list_id, refusals in ((main, 5), (welcome, 3)):
        failed = server.api("GET", f"/events/{EVENT}/checkins/", params={
            "successful": "false", "error_reason": "unpaid", "list": list_id,
            "page_size": 50}).json()["results"]
        assert len(failed) == refusals, failed
    engine.close()


def test_an_order_paid_in_pretix_is_admitted_after_the_next_sync(
        pretix: tuple[PretixServer, dict[str, Any]], tmp_path: Path) -> None:
    """Paid at the desk in pretix (a pending order marked paid): the orders feed brings
    the change down and the next scan is let in."""
    server, _ = pretix
    db = tmp_path / "kiosk.db"
    engine = PretixEngine(db)
    engine.pair(server.handshake(), event=EVENT, list_id=server.list_id(EVENT, "main"))
    assert engine.sync(force=True).ok
    code = server.ticket(EVENT, "pending")
    assert scan(db, code, "list-1").reason is Reason.UNPAID
    with Replica(db) as replica:
        attendee = replica.attendee_by_code(code)
        assert attendee is not None
        order = attendee.details["pretix order"]
    answer = server.api("POST", f"/events/{EVENT}/orders/{order}/mark_paid/", json={})
    assert answer.status_code == 200, answer.text
    result = engine.sync(force=True)
    assert result.ok and result.downloaded >= 1, result.error
    assert scan(db, code, "list-1").reason is Reason.FIRST_ENTRY
    engine.close()
