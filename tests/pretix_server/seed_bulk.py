"""Add many Seminar tickets to a database seeded by seed.py, fast: ``python -m pretix shell
< seed_bulk.py`` with ``KIOSK_SEED_BULK=N`` (pretix's virtualenv, the test settings).

seed.py makes each order through ``Order.objects.create`` (a dozen queries per ticket:
~25 minutes for 10,000 on this machine); this copies one order and its position made that
way and writes the copies with ``bulk_create``, 2,000 per transaction, each with its own
order code, order secret, ticket secret (pretix's random generator's alphabet and length)
and pseudonymisation id. ``last_modified`` is set by Django (``auto_now``) as on a real
order. Prints ``BULK <count>``.
"""

import copy
import os
import secrets

from django.db import transaction
from django_scopes import scopes_disabled
from pretix.base.models import Event, Order, OrderPosition

COUNT = int(os.environ.get("KIOSK_SEED_BULK", "0"))
CHUNK = 2000
FIRST = ["Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gede", "Hana", "Indra", "Joko",
         "Kartika", "Lestari", "Made", "Nur", "Putu", "Rina", "Sari", "Taufik", "Wayan", "Yusuf"]
LAST = ["Gunawan", "Lubis", "Wibowo", "Santoso", "Siregar", "Hartono", "Nasution", "Saputra"]
SECRET_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ379"


def word(n, chars, length):
    """The n-th word of ``length`` characters of ``chars`` (unique per n)."""
    out = []
    for _ in range(length):
        n, r = divmod(n, len(chars))
        out.append(chars[r])
    return "".join(out)


with scopes_disabled():
    ev = Event.objects.get(slug="icross2026")
    seminar = ev.items.get(name__icontains="Seminar")
    template_pos = OrderPosition.all.filter(order__event=ev, item=seminar,
                                            order__status="p").order_by("id").first()
    template_order = template_pos.order
    made = 0
    while made < COUNT:
        orders, positions = [], []
        for n in range(made, min(COUNT, made + CHUNK)):
            o = copy.copy(template_order)
            o.pk = o.id = None
            o.code = "Z" + word(n, CODE_CHARS, 6)  # seed.py's codes are 5 characters
            o.secret = "".join(secrets.choice(SECRET_CHARS) for _ in range(16))
            o.internal_secret = "".join(secrets.choice(SECRET_CHARS) for _ in range(16))
            o.email = f"bulk{n}@example.com"
            orders.append(o)
        with transaction.atomic():
            Order.objects.bulk_create(orders)
            for n, o in enumerate(orders, start=made):
                given, family = FIRST[n % len(FIRST)], LAST[(n // 20) % len(LAST)]
                p = copy.copy(template_pos)
                p.pk = p.id = None
                p.order = o
                p.secret = "".join(secrets.choice(SECRET_CHARS) for _ in range(32))
                p.web_secret = "".join(secrets.choice(SECRET_CHARS) for _ in range(32))
                p.pseudonymization_id = "Y" + word(n, CODE_CHARS, 9)
                p.attendee_name_parts = {"_scheme": "given_family", "given_name": given,
                                         "family_name": family}
                p.attendee_name_cached = f"{given} {family}"
                p.attendee_email = f"{given.lower()}.{family.lower()}.b{n}@example.com"
                positions.append(p)
            OrderPosition.all.bulk_create(positions)
        made += len(orders)
    print(f"BULK {made}")
