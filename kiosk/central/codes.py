"""Organiser operations on ticket codes: issuing signed codes, revoking codes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from kiosk.central.db import CentralDB, Tx, iso, utcnow
from kiosk.central.events import Events
from kiosk.central.feed import ChangeFeed
from kiosk.central.payloads import attendee_payload, revocation_payload
from kiosk.core.models import Attendee
from kiosk.core.tickets import TicketPayload, TicketSigner
from kiosk.errors import CentralError, NotFound

#: How many alternative encodings :func:`fresh_code` tries before giving up.
_MAX_CODE_GENERATIONS = 1000
_CODE_EPOCH = date(2000, 1, 1)


class Codes:
    """Signed codes and the revocation list."""

    def __init__(self, db: CentralDB, feed: ChangeFeed, events: Events) -> None:
        self.db = db
        self.feed = feed
        self.events = events

    def revoked(self, event_id: str | None = None) -> set[str]:
        """Every ticket code currently revoked (in ``event_id``: a code is its event's,
        the same code in another event may be valid)."""
        sql = "SELECT code FROM revocations WHERE active = 1"
        args: tuple[str, ...] = ()
        if event_id is not None:
            sql, args = sql + " AND event_id = ?", (event_id,)
        rows = self.db.run(lambda tx: tx.execute(sql, args), write=False)
        return {r["code"] for r in rows}

    def revoke(self, code: str, *, reason: str = "", event_id: str | None = None,
               force: bool = False) -> Attendee | None:
        """Publish a revoked ticket code; kiosks refuse it after their next sync.

        Returns the attendee holding it (None for a code nobody holds). A code that no
        attendee holds and that was never revoked is refused unless ``force`` (a typo
        would otherwise be published and the real ticket stay valid)."""
        if not code.strip():
            raise CentralError("Give the ticket code to revoke (it is empty).")

        def work(tx: Tx) -> Attendee | None:
            # A code is unique within its event: with several holders, say which event.
            owners = tx.execute("SELECT * FROM attendees WHERE code = ?" + (
                " AND event_id = ?" if event_id else "") + " ORDER BY event_id LIMIT 2",
                (code, event_id) if event_id else (code,))
            if len(owners) > 1:
                raise CentralError(f"The code {code!r} is held in several events ("
                                   f"{owners[0]['event_id']}, {owners[1]['event_id']}, "
                                   "...): say which with --event.")
            owner = owners[0] if owners else None
            event = owner["event_id"] if owner else self.events.row_or_default(
                tx, event_id)["id"]
            if owner is None and not force and not tx.one(
                    "SELECT code FROM revocations WHERE code = ? AND event_id = ?",
                    (code, event)):
                raise NotFound(f"No attendee holds the code {code!r}: check it (codes are "
                               "case-sensitive), or add --force to revoke a code from "
                               "another system.")
            tx.execute(
                "INSERT INTO revocations (code, event_id, reason, active, revoked_at) "
                "VALUES (?, ?, ?, 1, ?) ON CONFLICT (event_id, code) DO UPDATE SET reason = "
                "excluded.reason, active = 1, revoked_at = excluded.revoked_at",
                (code, event, reason, iso(utcnow())))
            self.feed.log(tx, "revocation", code, revocation_payload(code, event, reason))
            return Attendee.from_row(owner) if owner else None

        return self.db.run(work)

    def issue(self, *, event_id: str | None = None, reissue: bool = False) -> int:
        """Give every attendee without a usable code (none, or a revoked one; all of them
        with ``reissue``) a signed code.

        Reissued codes replace the old ones, which are revoked. A new code is never a
        revoked one: see :func:`fresh_code`."""

        def work(tx: Tx) -> int:
            event = self.events.row_or_default(tx, event_id)
            signer = TicketSigner(event["private_key"])
            # Codes are unique within the event: only its revocations and holders count.
            revoked = {r["code"] for r in tx.execute(
                "SELECT code FROM revocations WHERE event_id = ?", (event["id"],))}
            owners = {r["code"]: r["id"] for r in tx.execute(
                "SELECT id, code FROM attendees WHERE code IS NOT NULL AND event_id = ?",
                (event["id"],))}
            sql = "SELECT * FROM attendees WHERE event_id = ? AND deleted = 0"
            if not reissue:
                sql += (" AND (code IS NULL OR code IN (SELECT r.code FROM revocations r "
                        "WHERE r.active = 1 AND r.event_id = attendees.event_id))")
            changed = []
            for row in tx.execute(sql, (event["id"],)):
                old, aid = row["code"], str(row["id"])

                # Signed codes carry the attendee id, so two new codes never collide; only
                # revoked codes, the old one and imported codes held by others are refused.
                def refused(code: str, aid: str = aid, old: str | None = old) -> bool:
                    return code == old or code in revoked or owners.get(code, aid) != aid

                row = dict(row, code=fresh_code(signer, TicketPayload(
                    event["id"], aid, row["ticket_type"]), refused=refused))
                if old:
                    self._revoke_replaced(tx, old, event["id"])
                changed.append(row)
            tx.executemany("UPDATE attendees SET code = ?, updated_at = ? WHERE id = ?",
                           [(r["code"], iso(utcnow()), r["id"]) for r in changed])
            self.feed.log_many(tx, [("attendee", r["id"], attendee_payload(r))
                                    for r in changed])
            return len(changed)

        return self.db.run(work)

    def walkin_code_in(self, tx: Tx, event_id: str, attendee_id: str,
                       ticket_type: str) -> str:
        """The signed code the central list issues a desk's walk-in, inside ``tx``: never
        a code of the event held by someone else or revoked (see :func:`fresh_code`)."""
        event = self.events.row_or_default(tx, event_id)

        def refused(code: str) -> bool:
            return bool(tx.one("SELECT code FROM attendees WHERE code = ? AND event_id = ? "
                               "UNION ALL SELECT code FROM revocations WHERE code = ? AND "
                               "event_id = ?", (code, event_id, code, event_id)))

        return fresh_code(TicketSigner(event["private_key"]),
                          TicketPayload(event_id, attendee_id, ticket_type), refused=refused)

    def _revoke_replaced(self, tx: Tx, old: str, event_id: str) -> None:
        tx.execute("INSERT INTO revocations (code, event_id, reason, active, revoked_at) "
                   "VALUES (?, ?, 'reissued', 1, ?) ON CONFLICT (event_id, code) DO NOTHING",
                   (old, event_id, iso(utcnow())))
        self.feed.log(tx, "revocation", old, revocation_payload(old, event_id, "reissued"))


def fresh_code(signer: TicketSigner, payload: TicketPayload, *,
               refused: Callable[[str], bool]) -> str:
    """A signed code for ``payload`` that ``refused`` accepts (not revoked, not the code
    being replaced, not held by someone else).

    Ed25519 signatures are deterministic, so the same payload always gives the same
    code, and reissuing would hand back the revoked one. The code format has no nonce,
    so the generation is carried in ``valid_from``: generation *n* is valid from
    2000-01-01 + *n* days, a date long before any event, so it never restricts entry
    (the kiosk only refuses days before ``valid_from``) but changes the signed bytes.
    A payload that already has a ``valid_from`` keeps it (generation 0 only)."""
    for generation in range(_MAX_CODE_GENERATIONS):
        if generation and payload.valid_from is not None:
            break
        candidate = payload if generation == 0 else TicketPayload(
            payload.event_id, payload.attendee_id, payload.ticket_type,
            _CODE_EPOCH + timedelta(days=generation), payload.valid_until)
        code = signer.sign(candidate)
        if not refused(code):
            return code
    raise CentralError(f"Cannot issue a new code for {payload.attendee_id}: every variant "
                       "is revoked or taken. Give them an imported code with "
                       "`kiosk central edit ID --code CODE`.")
