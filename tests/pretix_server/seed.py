"""Seed the test pretix through its own models. Run as ``python -m pretix shell < seed.py``
(in pretix's virtualenv, with the test settings); prints one JSON line ``SEED {...}``
with the ids, tokens and secrets the tests use.

Two events of organiser "icross":
- ``icross2026``: random secrets, lists "Main entrance" (all products) and "Workshop
  room" (Workshop only); paid Seminar and Workshop tickets, one canceled order, one
  pending order, one blocked ticket.
- ``signed2026``: pretix_sig1 signed secrets; list "Hall"; paid tickets, one ticket whose
  secret was replaced (the old one is revoked), one blocked.
And a team token (the organiser's own tools) and unused device initialisation tokens.
"""

import json
import os
from datetime import timedelta
from decimal import Decimal

from django.utils.timezone import now
from django_scopes import scopes_disabled
from pretix.base.models import (
    CheckinList,
    Device,
    Event,
    Item,
    Order,
    OrderPosition,
    Organizer,
    Team,
)
from pretix.base.secrets import assign_ticket_secret

COUNT = int(os.environ.get("KIOSK_SEED_POSITIONS", "24"))
FIRST = ["Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gede", "Hana", "Indra", "Joko",
         "Kartika", "Lestari", "Made", "Nur", "Putu", "Rina", "Sari", "Taufik", "Wayan", "Yusuf"]
LAST = ["Gunawan", "Lubis", "Wibowo", "Santoso", "Siregar", "Hartono", "Nasution", "Saputra"]

with scopes_disabled():
    org = Organizer.objects.create(name="ICROSS", slug="icross")
    channel = org.sales_channels.get(identifier="web")
    team = Team.objects.create(organizer=org, name="Admins", all_events=True,
                               all_event_permissions=True, all_organizer_permissions=True)
    team_token = team.tokens.create(name="tests").token
    start = now() - timedelta(days=1)
    out = {"organizer": "icross", "team_token": team_token, "events": {}}

    def order(event, item, n, status=Order.STATUS_PAID, name=None):
        o = Order.objects.create(event=event, status=status, email=f"buyer{n}@example.com",
                                 datetime=now(), expires=now() + timedelta(days=10),
                                 total=item.default_price, locale="en",
                                 sales_channel=channel)
        given, family = name or (FIRST[n % len(FIRST)], LAST[n % len(LAST)])
        p = OrderPosition.objects.create(
            order=o, item=item, price=item.default_price, positionid=1,
            attendee_name_parts={"_scheme": "given_family", "given_name": given,
                                 "family_name": family},
            attendee_email=f"{given.lower()}.{family.lower()}.{n}@example.com")
        return o, p

    def make_event(slug, name, signed):
        ev = Event.objects.create(organizer=org, name={"en": name}, slug=slug,
                                  currency="IDR", date_from=start,
                                  date_to=start + timedelta(days=3), live=True)
        ev.settings.timezone = "Asia/Jakarta"
        ev.settings.locales = ["en", "id"]
        if signed:
            ev.settings.ticket_secret_generator = "pretix_sig1"
        return ev

    ev = make_event("icross2026", "ICROSS 2026", False)
    seminar = Item.objects.create(event=ev, name={"en": "Seminar"},
                                  default_price=Decimal("150000"), admission=True)
    workshop = Item.objects.create(event=ev, name={"en": "Workshop"},
                                   default_price=Decimal("350000"), admission=True)
    main = CheckinList.objects.create(event=ev, name="Main entrance", all_products=True)
    room = CheckinList.objects.create(event=ev, name="Workshop room", all_products=False)
    room.limit_products.add(workshop)
    tickets = {}
    for n in range(COUNT):
        _, p = order(ev, seminar, n)
        tickets[f"seminar{n}"] = p.secret
    for n in range(4):
        _, p = order(ev, workshop, 100 + n)
        tickets[f"workshop{n}"] = p.secret
    _, p = order(ev, seminar, 200, Order.STATUS_CANCELED, ("Rudi", "Canceled"))
    tickets["canceled"] = p.secret
    _, p = order(ev, seminar, 201, Order.STATUS_PENDING, ("Pandu", "Pending"))
    tickets["pending"] = p.secret
    _, p = order(ev, seminar, 202, name=("Bella", "Blocked"))
    p.blocked = ["admin"]
    p.save()
    p.blocked_secrets.create(event=ev, secret=p.secret, blocked=True)
    tickets["blocked"] = p.secret
    out["events"]["icross2026"] = {
        "lists": {"main": main.pk, "room": room.pk},
        "items": {"seminar": seminar.pk, "workshop": workshop.pk}, "tickets": tickets}

    sev = make_event("signed2026", "Signed Summit 2026", True)
    sev = Event.objects.get(pk=sev.pk)  # the generator setting is read on a fresh object
    pass_ = Item.objects.create(event=sev, name={"en": "Pass"},
                                default_price=Decimal("100000"), admission=True)
    hall = CheckinList.objects.create(event=sev, name="Hall", all_products=True)
    stickets = {}
    for n in range(6):
        _, p = order(sev, pass_, 300 + n)
        stickets[f"pass{n}"] = p.secret
    _, p = order(sev, pass_, 310, name=("Reza", "Replaced"))
    old = p.secret
    assign_ticket_secret(sev, p, force_invalidate=True, save=True)
    stickets["revoked"], stickets["replacement"] = old, p.secret
    _, p = order(sev, pass_, 311, name=("Bayu", "Blocked"))
    p.blocked = ["admin"]
    p.save()
    p.blocked_secrets.create(event=sev, secret=p.secret, blocked=True)
    stickets["blocked"] = p.secret
    out["events"]["signed2026"] = {"lists": {"hall": hall.pk},
                                   "items": {"pass": pass_.pk}, "tickets": stickets}

    devices = []
    for n in range(12):
        d = Device.objects.create(organizer=org, name=f"Kiosk {n + 1}", all_events=True,
                                  security_profile="pretixscan")
        devices.append(d.initialization_token)
    out["device_init_tokens"] = devices
    print("SEED " + json.dumps(out))
