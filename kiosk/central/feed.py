"""The change feed: every change kiosks must learn, in one log, read by cursor.

Every area writes its changes (events, gates, attendees, revocations, check-ins) with
:meth:`ChangeFeed.log` *in the same transaction* as the change itself, so the feed and the
tables never disagree. See ``docs/sync.md`` for the cursor design.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from kiosk.central.db import MAX_BIGINT, CentralDB, Tx, iso, utcnow
from kiosk.central.live import CHANNEL, FeedSignal, FeedWatcher
from kiosk.central.payloads import checkin_payload
from kiosk.core.passages import passage_matters_at
from kiosk.core.wire import FeedMark, FeedPage, raw_change
from kiosk.errors import CursorUnknown

START_CURSOR = "0.0"
#: On PostgreSQL: the oldest transaction id still running. Rows written by transactions
#: below it are final (committed or rolled back); nothing can ever appear below it again.
_PG_HORIZON = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
#: On PostgreSQL: this transaction's id, as the ``changes.xid`` default writes it.
PG_XID = "pg_current_xact_id()::text::bigint"


def encode_payloads(rows: Sequence[tuple[str, str, dict[str, Any]]]) -> list[str]:
    """Each change's payload as the log stores it (JSON text)."""
    return [json.dumps(p, ensure_ascii=False) for _, _, p in rows]


def parse_cursor(text: str) -> tuple[int, int]:
    """``"xid.seq"`` -> (xid, seq). Raises ValueError on anything else."""
    xid_text, sep, seq_text = text.partition(".")
    if not sep:
        raise ValueError("a cursor looks like '123.456'")
    xid, seq = int(xid_text), int(seq_text)
    if not (0 <= xid <= MAX_BIGINT and 0 <= seq <= MAX_BIGINT):
        raise ValueError("cursor out of range")
    return xid, seq


#: Kinds whose change carries the entity's whole state (the newest wins on a kiosk);
#: check-ins are written once under their own id.
_LATEST_WINS = frozenset({"attendee", "event", "gate", "revocation"})


def _supersede_later_ids(tx: Tx, values: Sequence[tuple[str, str, str, str, str | None]]
                         ) -> None:
    """On PostgreSQL the feed is ordered by transaction id, and an id is taken at a
    transaction's first write: this (older) transaction may write an entity *after* a
    younger one wrote and committed it. Our state is then the newest, yet kiosks would
    apply it first and the younger change's older state last. So the younger changes of
    the same entities take our payload (and event). They were never served: the feed
    serves only below the oldest running transaction — this one. Their rows, positions
    and fingerprints stay (upload marks and cursors may name them)."""
    newest = list({(v[0], v[1]): v for v in values}.values())  # (the last per entity)
    if not newest:
        return
    tx.execute(
        "UPDATE changes SET payload = v.payload, event_id = v.event_id FROM unnest("
        "?::text[], ?::text[], ?::text[], ?::text[]) AS v(kind, entity_id, payload, "
        "event_id) WHERE changes.entity_id = v.entity_id AND changes.kind = v.kind "
        f"AND changes.xid > {PG_XID}",
        ([v[0] for v in newest], [v[1] for v in newest], [v[2] for v in newest],
         [v[4] for v in newest]))


def change_fingerprint(row: Mapping[str, Any]) -> str:
    """A short fingerprint of one change row. After a restore from a backup, the same
    sequence number is reused by a different change (another time, entity or kind)."""
    text = f"{row['xid']}|{row['seq']}|{row['kind']}|{row['entity_id']}|{row['created_at']}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_AT = "SELECT seq, xid, kind, entity_id, created_at FROM changes WHERE seq = ? AND xid = ?"


class ChangeFeed:
    """Writes to and pages through the ``changes`` log."""

    def __init__(self, db: CentralDB) -> None:
        self.db = db
        #: Wakes the live feed's waiting requests (kiosk/central/live.py).
        self.signal = FeedSignal()
        self._watcher: FeedWatcher | None = None
        self._watcher_lock = threading.Lock()
        #: Feed pages read once for every device asking the same one (SQLite).
        self._pages = _Pages(PAGE_CACHE_BYTES)

    def log(self, tx: Tx, kind: str, entity_id: str, payload: dict[str, Any]) -> None:
        """Publish one change, inside the transaction that makes it."""
        self.log_many(tx, [(kind, entity_id, payload)])

    def log_many(self, tx: Tx, rows: Sequence[tuple[str, str, dict[str, Any]]], *,
                 encoded: Sequence[str] | None = None) -> None:
        """Publish ``(kind, entity_id, payload)`` changes in one statement, each under
        its event (:func:`_events_of`), so the feed serves it only to that event's
        devices. ``encoded``: the payloads as :func:`encode_payloads` wrote them
        already (worked out before the transaction)."""
        now = iso(utcnow())
        events = _events_of(tx, rows)
        texts = encode_payloads(rows) if encoded is None else encoded
        values = [(k, e, text, now, ev)
                  for (k, e, _), text, ev in zip(rows, texts, events, strict=True)]
        tx.insert_many("changes", ("kind", "entity_id", "payload", "created_at", "event_id"),
                       ("text",) * 5, values)
        if self.db.postgres:
            _supersede_later_ids(tx, [v for v in values if v[0] in _LATEST_WINS])
        if self.signal.bump not in tx.after_commit:
            # This process's waiting requests wake at our COMMIT; other processes' through
            # NOTIFY, which PostgreSQL delivers at the commit too (never for a rollback).
            tx.after_commit.append(self.signal.bump)
            if self.db.postgres:
                tx.execute(f"NOTIFY {CHANNEL}")

    def watch(self) -> FeedWatcher:
        """Start (once) noticing other processes' commits; see kiosk/central/live.py."""
        with self._watcher_lock:
            if self._watcher is None:
                self._watcher = FeedWatcher(self.db, self.signal)
            return self._watcher

    def close(self) -> None:
        """Stop the watcher, if one runs (the store closes it)."""
        with self._watcher_lock:
            watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()

    def held_back(self, cursor: str) -> bool:
        """Are there changes after ``cursor`` that the horizon does not serve yet (an older
        transaction still runs)? Always False on SQLite, where every commit is final."""
        if not self.db.postgres:
            return False
        xid, seq = parse_cursor(cursor)
        return self.db.run(lambda tx: tx.one(
            "SELECT 1 AS x FROM changes WHERE xid > ? OR (xid = ? AND seq > ?) LIMIT 1",
            (xid, xid, seq)) is not None, write=False)

    def own_mark(self, tx: Tx) -> FeedMark | None:
        """Cursor and fingerprint of the last change this transaction wrote, or None."""
        # Ours: on SQLite writers are serialised (xid 0); on PostgreSQL, by our xid.
        own = PG_XID if self.db.postgres else "0"
        last = tx.one("SELECT seq, xid, kind, entity_id, created_at FROM changes "
                      f"WHERE xid = {own} ORDER BY seq DESC LIMIT 1")
        if last is None:
            return None
        return FeedMark(f"{last['xid']}.{last['seq']}", change_fingerprint(last))

    def page(self, cursor: str = START_CURSOR, *, limit: int = 1000,
             with_remaining: bool = False, check: str | None = None,
             mark: str | None = None, mark_check: str | None = None,
             event_ids: Collection[str] | None = None,
             gate_id: str | None = None, raw: bool = False) -> FeedPage:
        """The next page of the change feed after ``cursor`` (see docs/sync.md).

        ``event_ids``: serve only the changes of these events (a device's; None: every
        change, for the organisers' tools). The cursor still moves past the changes
        left out, so a page may hold fewer than ``limit`` changes (even none) with
        ``more`` set, and a device never re-reads the log of events it cannot see.
        ``gate_id`` (a kiosk that asked for its gate's passages only): of the check-ins,
        only those that can change a verdict at that gate (core's
        :func:`~kiosk.core.passages.passage_matters_at`); ``remaining`` still counts
        them all (it is a progress figure). ``raw``: the changes as JSON text
        (``FeedPage.raw_changes``, the server's answer), not decoded.

        :class:`CursorUnknown` when ``cursor`` names no change on this list, or (given
        ``check``, the page's ``cursor_check`` the kiosk kept) a different change: the
        list was restored from an older backup since the kiosk last synced. ``mark`` /
        ``mark_check`` (the ``feed_mark`` of the kiosk's last stored upload, which may lie
        beyond its cursor) are checked the same way."""
        xid, seq = parse_cursor(cursor)
        marked = parse_cursor(mark) if mark else None
        horizon = _PG_HORIZON if self.db.postgres else str(MAX_BIGINT)
        scope = None if event_ids is None else tuple(sorted(event_ids))

        def read(tx: Tx) -> _Body:
            return _body(tx, self.db.postgres, cursor, limit, event_ids, gate_id, raw)

        # Read before the page: a page being read when a commit came is not shared with
        # a request that came after it (see _Pages).
        generation = self.signal.generation

        def work(tx: Tx) -> FeedPage:
            cursor_check = ""
            if (xid, seq) != (0, 0):
                cursor_check = _known(tx, xid, seq, check, (
                    "This kiosk has seen changes the central list does not have (it was "
                    "restored from a backup, or is another list): read the feed from "
                    "the start and upload everything again."))
            if marked is not None and marked != (0, 0):
                _known(tx, marked[0], marked[1], mark_check, (
                    "The central list does not have check-ins this kiosk uploaded (it "
                    "was restored from a backup): upload everything again."))
            if raw and not self.db.postgres:
                # One read for every device asking the same page (_Pages).
                # (With the change at the cursor in the key: a list swapped under a
                # running server shares no page with what it was.)
                got = self._pages.get((scope, gate_id, cursor, cursor_check, limit),
                                      generation, lambda: read(tx))
            else:
                got = read(tx)
            remaining = None
            if with_remaining:
                remaining = _remaining(tx, xid, seq, horizon, event_ids)
            return replace(got.page, cursor=got.cursor or cursor, remaining=remaining,
                           cursor_check=got.check or cursor_check)

        return self.db.run(work, write=False)

    def passages(self, *, event_ids: Collection[str], gate_id: str | None, since: date,
                 after: int = 0, limit: int = 1000) -> tuple[list[dict[str, Any]], int, bool]:
        """The check-ins of ``event_ids`` from day ``since`` on that can change a verdict
        at ``gate_id`` (None: all of them), as feed changes, after check-in ``after``
        (their order of arrival): ``(changes, next_after, more)``.

        What a kiosk that held only another gate's passages fetches when it switches to
        this one (kiosk/sync/engine.py): every check-in it lacks is on the list when it
        asks (it asks after its feed cursor was served, and every change up to that
        cursor was committed), and later ones come through the feed; applying a check-in
        twice is idempotent (by its UUID)."""
        scope, scope_params = in_events("g.event_id", event_ids)
        where, params = "", ()  # type: tuple[str, tuple[str, ...]]
        if gate_id is not None:  # (candidates; the rule below picks)
            # (An undo's own check-in by its primary key, per undo: an ``IN (SELECT ...
            # WHERE gate_id = ?)`` read every check-in of the list for each page.)
            where = (" AND (c.gate_id = ? OR (c.direction = 'undo' AND EXISTS (SELECT 1 "
                     "FROM checkins t WHERE t.id = c.undoes AND t.gate_id = ?)))")
            params = (gate_id, gate_id)

        def work(tx: Tx) -> tuple[list[dict[str, Any]], int, bool]:
            rows = tx.execute(
                "SELECT c.* FROM checkins c JOIN gates g ON g.id = c.gate_id "
                f"WHERE c.seq > ? AND c.day >= ?{scope}{where} ORDER BY c.seq LIMIT ?",
                (after, since.isoformat(), *scope_params, *params, limit + 1))
            more = len(rows) > limit
            rows = rows[:limit]
            last = int(rows[-1]["seq"]) if rows else after
            changes = [{"kind": "checkin", "id": r["id"], "data": checkin_payload(r)}
                       for r in rows]
            if gate_id is not None:  # (as the feed's rows: kind, payload, seq)
                kept = _for_gate(tx, [{"kind": "checkin", "payload": json.dumps(c["data"]),
                                       "seq": r["seq"], "change": c}
                                      for r, c in zip(rows, changes, strict=True)], gate_id)
                changes = [r["change"] for r in kept]
            return changes, last, more

        return self.db.run(work, write=False)

    def horizon_mark(self, tx: Tx) -> tuple[str, str]:
        """``(cursor, cursor_check)`` of the last change below the horizon: every change
        at or before it is final, and every change after it is still to come in the
        feed's order (the snapshot is read from here, ``kiosk/central/snapshot.py``)."""
        horizon = _PG_HORIZON if self.db.postgres else str(MAX_BIGINT)
        last = tx.one("SELECT seq, xid, kind, entity_id, created_at FROM changes "
                      f"WHERE xid < {horizon} ORDER BY xid DESC, seq DESC LIMIT 1")
        if last is None:
            return START_CURSOR, ""
        return f"{last['xid']}.{last['seq']}", change_fingerprint(last)

    def check_position(self, tx: Tx, cursor: str, check: str | None, message: str) -> None:
        """:class:`CursorUnknown` with ``message`` unless the change at ``cursor`` exists
        (and, given ``check``, is the one the kiosk saw there)."""
        xid, seq = parse_cursor(cursor)
        if (xid, seq) != (0, 0):
            _known(tx, xid, seq, check, message)


_PAGE = "SELECT seq, xid, kind, entity_id, payload, created_at, event_id FROM changes"
#: Payload bytes of finished feed pages kept in memory to serve again (:class:`_Pages`).
PAGE_CACHE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class _Body:
    """What a page read gives, the same for every device of one scope asking it:
    ``page`` (its changes and ``more``; its cursor and check are the next two),
    ``cursor``/``check`` of the last change read (None: none read), ``size`` (payload
    bytes, for :class:`_Pages`)."""

    page: FeedPage
    cursor: str | None
    check: str | None
    size: int


def _body(tx: Tx, postgres: bool, cursor: str, limit: int,
          event_ids: Collection[str] | None, gate_id: str | None, raw: bool) -> _Body:
    """The page after ``cursor``'s own part (the same for every device of one scope):
    on PostgreSQL the next ``limit`` changes, on SQLite the rest of the cursor's block
    (:func:`_aligned`); of them, the reader's events' and (``gate_id``) those that
    matter at its gate."""
    xid, seq = parse_cursor(cursor)
    if postgres:
        rows = _after(tx, xid, seq, _PG_HORIZON, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
    else:
        rows, more = _aligned(tx, xid, seq, limit)
    # (The rows are read unscoped, so the cursor moves past other events' changes;
    # in_events' rule, applied to the rows read.)
    kept = [r for r in rows if event_ids is None or r["event_id"] in event_ids]
    if gate_id is not None:
        kept = _for_gate(tx, kept, gate_id)
    return _Body(_page_of(kept, raw, cursor, more, None, ""),
                 f"{rows[-1]['xid']}.{rows[-1]['seq']}" if rows else None,
                 change_fingerprint(rows[-1]) if rows else None,
                 sum(len(r["payload"]) for r in kept))


class _Reading:
    """A page read under way that other requests wait for."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.body: _Body | None = None


class _Pages:
    """Feed pages read once and served to every device that asks for the same one
    (issue 10 item 8: during a 600,000-row import, 20 kiosks each read every new
    change; the server's one interpreter lock served them one after another).

    A page is the same for every device of one scope (events, gate) from one cursor
    with one limit. On SQLite pages end on aligned blocks of positions
    (:func:`_aligned`), so kiosks reading behind the end of the feed line up on the same
    cursors; and a block with a change after it is final: every committed change is,
    and a later one is always written after every committed one. Final pages are kept
    (the most recently served, up to ``limit_bytes`` of payloads) for every later
    asker. A page at the end of the feed, still open, is only shared by requests asking
    at once, and only with a read that started at their feed generation or later (a
    commit that woke a kiosk is never answered by a read begun before it)."""

    def __init__(self, limit_bytes: int) -> None:
        self._limit = limit_bytes
        self._lock = threading.Lock()
        self._done: OrderedDict[tuple[Any, ...], _Body] = OrderedDict()
        self._size = 0
        self._reading: dict[tuple[Any, ...], _Reading] = {}

    def get(self, key: tuple[Any, ...], generation: int,
            read: Callable[[], _Body]) -> _Body:
        """The page ``key``: kept, being read (waited for), or read now by ``read``."""
        with self._lock:
            kept = self._done.get(key)
            if kept is not None:
                self._done.move_to_end(key)
                return kept
            entry = (*key, generation)
            reading = self._reading.get(entry)
            mine = reading is None
            if reading is None:
                reading = self._reading[entry] = _Reading()
        if not mine:
            reading.done.wait()
            return reading.body if reading.body is not None else read()
        try:
            reading.body = read()
            return reading.body
        finally:
            with self._lock:
                self._reading.pop(entry, None)
                if reading.body is not None and reading.body.page.more:
                    self._keep(key, reading.body)
            reading.done.set()

    def _keep(self, key: tuple[Any, ...], body: _Body) -> None:
        if key in self._done or body.size > self._limit:
            return
        self._done[key] = body
        self._size += body.size
        while self._size > self._limit:
            _, dropped = self._done.popitem(last=False)
            self._size -= dropped.size


def _aligned(tx: Tx, xid: int, seq: int, limit: int
             ) -> tuple[list[Mapping[str, Any]], bool]:
    """On SQLite: the changes after the cursor ``(xid, seq)`` up to the end of its block
    of ``limit`` positions (seq 1-2,000, 2,001-4,000, ... for 2,000), and whether any
    change lies after them. At most ``limit`` changes; fewer when the cursor is inside a
    block (a kiosk's first page: then every page starts on a block) or the feed ends
    inside it. A block without a change after the cursor (positions left by rolled-back
    writes) gives way to the block of the next change, in the feed's order (xid, seq:
    on SQLite every change has xid 0)."""
    end = (seq // limit + 1) * limit
    rows = tx.records(f"{_PAGE} WHERE xid = ? AND seq > ? AND seq <= ? ORDER BY seq",
                      (xid, seq, end))
    if not rows:
        first = tx.one("SELECT xid, seq FROM changes WHERE xid = ? AND seq > ? "
                       "ORDER BY seq LIMIT 1", (xid, seq)) or tx.one(
            "SELECT xid, seq FROM changes WHERE xid > ? ORDER BY xid, seq LIMIT 1", (xid,))
        if first is None:
            return [], False
        if int(first["xid"]) != xid:
            xid, seq = int(first["xid"]), -1
        end = ((int(first["seq"]) - 1) // limit + 1) * limit
        rows = tx.records(f"{_PAGE} WHERE xid = ? AND seq > ? AND seq <= ? ORDER BY seq",
                          (xid, seq, end))
    more = (tx.one("SELECT 1 AS x FROM changes WHERE xid = ? AND seq > ? LIMIT 1",
                   (xid, end)) or tx.one("SELECT 1 AS x FROM changes WHERE xid > ? LIMIT 1",
                                         (xid,))) is not None
    return rows, more


def _after(tx: Tx, xid: int, seq: int, horizon: str, limit: int) -> list[Mapping[str, Any]]:
    """The first ``limit`` changes after ``(xid, seq)`` below ``horizon``, in the feed's
    order. Two range reads of the ``changes_feed`` index, so a page costs its own rows
    only: written as one ``xid > ? OR (xid = ? AND seq > ?)``, SQLite read (and sorted)
    every change after the cursor for each page — 150 ms a page for a kiosk 200,000
    changes behind, as during a large import — and PostgreSQL cannot bound an index
    scan by it either."""
    rows = tx.records(f"{_PAGE} WHERE xid = ? AND seq > ? AND xid < {horizon} "
                      "ORDER BY seq LIMIT ?", (xid, seq, limit))
    if len(rows) < limit:  # then the transactions after the cursor's
        rows += tx.records(f"{_PAGE} WHERE xid > ? AND xid < {horizon} "
                           "ORDER BY xid, seq LIMIT ?", (xid, limit - len(rows)))
    return rows


def _page_of(rows: Sequence[Mapping[str, Any]], raw: bool, cursor: str, more: bool,
             remaining: int | None, cursor_check: str) -> FeedPage:
    """The page of these ``changes`` rows: decoded, or (``raw``) their stored payloads,
    JSON already, as they are (``FeedPage.raw_changes``: the server's answer)."""
    if raw:
        return FeedPage([], cursor, more, remaining, cursor_check, raw_changes=tuple(
            raw_change(r["kind"], r["entity_id"], r["payload"]) for r in rows))
    out = [{"kind": r["kind"], "id": r["entity_id"], "data": json.loads(r["payload"])}
           for r in rows]
    return FeedPage(out, cursor, more, remaining, cursor_check)


def _for_gate(tx: Tx, rows: Sequence[Mapping[str, Any]], gate_id: str
              ) -> list[Mapping[str, Any]]:
    """``rows`` (of ``changes``) without the check-ins that cannot change a verdict at
    ``gate_id`` (core's rule). A check-in counts at its gate; an undo at the gate of
    the check-in it undoes (one read for the page's undos; the list's own record, not
    the payload's word for it). Only check-in payloads are decoded."""
    data = {r["seq"]: json.loads(r["payload"]) for r in rows if r["kind"] == "checkin"}
    undone = sorted({d["undoes"] for d in data.values()
                     if d.get("direction") == "undo" and d.get("undoes")})
    target_gate = {r["id"]: r["gate_id"] for r in tx.select_in(
        "SELECT id, gate_id FROM checkins WHERE id IN ({})", undone)} if undone else {}

    def counted_at(d: dict[str, Any]) -> str:
        if d.get("direction") == "undo":
            return str(target_gate.get(d.get("undoes") or "", d.get("gate_id")))
        return str(d.get("gate_id"))

    return [r for r in rows if r["kind"] != "checkin"
            or passage_matters_at(gate_id, counted_at(data[r["seq"]]))]


def gate_of_events(tx: Tx, gate_id: str, event_ids: Collection[str]) -> bool:
    """Whether ``gate_id`` is a gate (not deleted) of one of ``event_ids``: the only
    gates a device may name for its feed."""
    row = tx.one("SELECT event_id FROM gates WHERE id = ? AND deleted = 0", (gate_id,))
    return row is not None and row["event_id"] in event_ids


def in_events(column: str, event_ids: Collection[str] | None) -> tuple[str, tuple[str, ...]]:
    """The one scoping rule of what a device reads, as SQL: ``(" AND <column> IN (...)",
    params)`` for rows whose event (``column``) is one of ``event_ids`` (a device's);
    ``("", ())`` for None (every event: the organisers' tools); a clause matching nothing
    for no events. The feed (:meth:`ChangeFeed.page`, by ``changes.event_id``) and the
    snapshot (``kiosk/central/snapshot.py``, by each table's event) both scope with it."""
    if event_ids is None:
        return "", ()
    if not event_ids:
        return " AND 1 = 0", ()
    marks = ", ".join("?" * len(event_ids))
    return f" AND {column} IN ({marks})", tuple(sorted(event_ids))


def _remaining(tx: Tx, xid: int, seq: int, horizon: str,
               event_ids: Collection[str] | None) -> int:
    """How many changes after the cursor ``(xid, seq)`` the reader may see (two index
    ranges, as :func:`_after`)."""
    scope, scope_params = in_events("event_id", event_ids)
    return sum(int(tx.scalar(f"SELECT count(*) AS n FROM changes WHERE {where} "
                             f"AND xid < {horizon}{scope}", (*params, *scope_params)))
               for where, params in (("xid = ? AND seq > ?", (xid, seq)),
                                     ("xid > ?", (xid,))))


def _events_of(tx: Tx, rows: Sequence[tuple[str, str, dict[str, Any]]]) -> list[str | None]:
    """The event of each change: an event's own id; a check-in's gate's event (one read
    for the batch); every other kind names its event in its payload."""
    gates = sorted({p["gate_id"] for k, _, p in rows if k == "checkin"})
    gate_events = {r["id"]: r["event_id"] for r in tx.select_in(
        "SELECT id, event_id FROM gates WHERE id IN ({})", gates)}

    def event_of(kind: str, entity: str, payload: dict[str, Any]) -> str | None:
        if kind == "event":
            return entity
        if kind == "checkin":
            return gate_events.get(payload["gate_id"])
        event: str | None = payload.get("event_id")
        return event

    return [event_of(*row) for row in rows]


def _known(tx: Tx, xid: int, seq: int, check: str | None, message: str) -> str:
    """The fingerprint of the change at (xid, seq); :class:`CursorUnknown` with
    ``message`` when there is none, or (given ``check``) a different one."""
    at = tx.one(_AT, (seq, xid))
    if at is None or (check and change_fingerprint(at) != check):
        raise CursorUnknown(message)
    return change_fingerprint(at)
