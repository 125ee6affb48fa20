"""Organiser operations on ticket codes: issuing signed codes, revoking codes."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta
from typing import Any

from kiosk.central import revocations
from kiosk.central.db import CentralDB, Tx, iso, utcnow
from kiosk.central.events import Events
from kiosk.central.feed import ChangeFeed, parse_cursor
from kiosk.central.payloads import attendee_payload
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
        #: device id -> the feed cursor up to which its revocations are noted (this
        #: process; a cursor not here is looked at from the start, which is idempotent).
        self._noted: dict[str, tuple[int, int]] = {}

    def note_synced(self, device_id: str, cursor: str,
                    event_ids: Collection[str] | None = None) -> None:
        """A device asked for the feed after ``cursor``: it has applied every change up
        to it, so note each revocation up to there as synced by it, now (what
        :mod:`kiosk.central.rulings` asks: did the kiosk know?). A write only when the
        cursor passed revocations it had not synced. ``event_ids``: the device's events
        (the feed serves it no other revocation)."""
        to = parse_cursor(cursor)
        since = self._noted.get(device_id, (0, 0))
        if to <= since:
            return
        found = [r for r in self.db.run(lambda tx: _revocations_between(tx, since, to),
                                        write=False)
                 if event_ids is None or r["event_id"] in event_ids]
        if found:
            now = iso(utcnow())
            self.db.run(lambda tx: tx.executemany(
                "INSERT INTO revocation_syncs (device_id, code, xid, seq, synced_at) VALUES "
                "(?, ?, ?, ?, ?) ON CONFLICT (device_id, code) DO UPDATE SET xid = excluded.xid,"
                " seq = excluded.seq, synced_at = excluded.synced_at WHERE "
                "revocation_syncs.xid < excluded.xid OR (revocation_syncs.xid = excluded.xid "
                "AND revocation_syncs.seq < excluded.seq)",
                [(device_id, r["entity_id"], r["xid"], r["seq"], now) for r in found]))
        self._noted[device_id] = to

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
            revocations.publish(tx, self.feed, event, [(code, reason, True)])
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
            listed = tx.execute("SELECT code, active FROM revocations WHERE event_id = ?",
                                (event["id"],))
            revoked = {r["code"] for r in listed}
            active = {r["code"] for r in listed if r["active"]}
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
                if old and old not in active:  # a code revoked already keeps its reason
                    revocations.publish(tx, self.feed, event["id"], [(old, "reissued", True)])
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


def _revocations_between(tx: Tx, since: tuple[int, int], to: tuple[int, int]
                         ) -> list[dict[str, Any]]:
    """The revocations in the feed after position ``since`` up to ``to`` (included), in
    the feed's order: index ranges of ``changes_revocations`` (by xid, then seq within
    the first and last xid). Written as one ``(xid > ? OR (xid = ? AND seq > ?))``,
    SQLite sorted every revocation after ``since`` for each feed request."""
    columns = "SELECT entity_id, xid, seq, event_id FROM changes WHERE kind = 'revocation'"
    if since[0] == to[0]:
        return tx.execute(f"{columns} AND xid = ? AND seq > ? AND seq <= ? ORDER BY seq",
                          (since[0], since[1], to[1]))
    return (tx.execute(f"{columns} AND xid = ? AND seq > ? ORDER BY seq", since)
            + tx.execute(f"{columns} AND xid > ? AND xid < ? ORDER BY xid, seq",
                         (since[0], to[0]))
            + tx.execute(f"{columns} AND xid = ? AND seq <= ? ORDER BY seq", to))


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
