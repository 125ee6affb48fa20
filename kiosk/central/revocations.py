"""Every change that takes a ticket code away publishes a revocation (issue 10, item 5).

A kiosk refuses a code offline only if it knows it is revoked: a signed code still
verifies with the event's public key, and a kiosk admits a genuine signed code it has
no attendee for ("issued after the last sync"). So whenever the central list stops
standing behind a code — a new code, a re-issue, a cancellation, a deletion, or a ticket
type change of a signed code (which names the old type) — the old code goes on the
revocation list, and kiosks refuse it after their next sync. Reinstating a cancelled
attendee withdraws the revocation made for the cancellation (never one the organiser made
for another reason).

:func:`codes_taken_away` is the one rule (old row, new row -> what to revoke or
reinstate); the areas call it wherever attendee rows change (``attendees``: edit, delete,
import, walk-ins; ``codes``: revoke, re-issue) and publish with :func:`publish`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kiosk.central.db import Tx, iso, utcnow
from kiosk.central.feed import ChangeFeed
from kiosk.central.payloads import revocation_payload
from kiosk.core.tickets import CodeKind, classify

CANCELLED = "cancelled"
#: (code, reason, active): ``active`` False withdraws an earlier revocation.
Revoking = tuple[str, str, bool]


def codes_taken_away(old: dict[str, Any] | None, new: dict[str, Any]) -> list[Revoking]:
    """The revocations an attendee row change ``old`` -> ``new`` needs (rows as stored)."""
    if old is None or old.get("deleted"):
        return []
    code = old.get("code")
    if not code:
        return []
    if new.get("deleted"):
        return [(code, "attendee deleted", True)]
    if new.get("code") != code:
        return [(code, "replaced by a new code", True)]
    if new.get("status") == CANCELLED and old.get("status") != CANCELLED:
        return [(code, CANCELLED, True)]
    if new.get("ticket_type") != old.get("ticket_type") and classify(code) == CodeKind.SIGNED:
        return [(code, "ticket type changed: issue a new code", True)]
    if old.get("status") == CANCELLED and new.get("status") != CANCELLED:
        return [(code, CANCELLED, False)]
    return []


def publish(tx: Tx, feed: ChangeFeed, event_id: str, items: Iterable[Revoking]) -> None:
    """Write and publish revocations inside ``tx``. A withdrawal only undoes a revocation
    made for the same reason."""
    now = iso(utcnow())
    for code, reason, active in items:
        if active:
            tx.execute("INSERT INTO revocations (code, event_id, reason, active, revoked_at) "
                       "VALUES (?, ?, ?, 1, ?) ON CONFLICT (code) DO UPDATE SET reason = "
                       "excluded.reason, active = 1, revoked_at = excluded.revoked_at",
                       (code, event_id, reason, now))
        elif not tx.execute("UPDATE revocations SET active = 0 WHERE code = ? AND "
                            "reason = ? AND active = 1 RETURNING code", (code, reason)):
            continue
        feed.log(tx, "revocation", code,
                 revocation_payload(code, event_id, reason, active=active))
