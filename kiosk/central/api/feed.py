"""The change feed over HTTP: ``GET /api/v1/changes?cursor=X.Y&check=F&limit=N&count=1``,
and its live form ``&wait=S``: when nothing is past the cursor, the answer is held until
a change past it is committed and served below the horizon, or ``S`` seconds pass (a
long poll; kiosk/central/live.py wakes it). The page is read exactly as without ``wait``,
so the live path serves the same changes in the same order: none skipped, none twice.

Waiting costs no thread and no database connection: the request is a coroutine parked on
an asyncio future; the page is read in the thread pool only when it starts and after
each wake-up. At most :data:`MAX_LIVE_WAITERS` requests wait at once per process; past
that, ``wait`` is ignored (the answer says ``"live": false``) and the kiosk polls on its
timer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from kiosk.central.api.http import API, authed, error, store_of
from kiosk.central.db import MAX_BIGINT, iso, utcnow
from kiosk.central.devices import Device
from kiosk.central.feed import START_CURSOR, ChangeFeed, gate_of_events, in_events, parse_cursor
from kiosk.central.live import FALLBACK_POLL, HELD_POLL
from kiosk.central.snapshot import checkin_days
from kiosk.core import wire
from kiosk.core.wire import FeedPage
from kiosk.errors import CentralError

#: Most changes in one page of the feed.
MAX_PAGE = 5000
#: Longest a live request is held (seconds); kiosks ask for less (kiosk/sync/live.py).
MAX_WAIT = 60.0
#: Most live requests held at once by one server process (see docs/deploy.md, capacity).
MAX_LIVE_WAITERS = 2000

router = APIRouter()


@router.get(f"{API}/changes", summary="The change feed, one page after a cursor")
async def changes(
    request: Request,
    cursor: Annotated[str, Query(max_length=48)] = START_CURSOR,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000,
    count: Annotated[bool, Query()] = False,
    check: Annotated[str | None, Query(max_length=64)] = None,
    mark: Annotated[str | None, Query(max_length=48)] = None,
    mark_check: Annotated[str | None, Query(max_length=64)] = None,
    wait: Annotated[float, Query(ge=0, le=MAX_WAIT)] = 0,
    gate: Annotated[str | None, Query(max_length=200)] = None,
    dev: Device = authed,
) -> Response:
    if (refused := await _gate_refused(request, dev, gate)) is not None:
        return refused
    _check_cursors(cursor, mark)
    store = store_of(request)
    feed = store.feed

    def noted() -> None:
        # The device has applied everything up to its cursor: the revocations in it are
        # synced (the central list's ruling on its uploads asks, kiosk/central/rulings.py).
        store.codes.note_synced(dev.id, cursor, dev.event_ids)

    def read() -> FeedPage:  # only the device's events
        return feed.page(cursor, limit=limit, with_remaining=count, check=check, mark=mark,
                         mark_check=mark_check, event_ids=dev.event_ids, gate_id=gate,
                         raw=True)

    if wait <= 0:
        # An ordinary page: noted, read and written in one trip to the thread pool (each
        # trip is a wake-up of a thread and of the event loop, under one interpreter lock).
        def answer() -> bytes:
            noted()
            return wire.feed_page_bytes(replace(read(), server_time=iso(utcnow())))

        return Response(await run_in_threadpool(answer), media_type="application/json")

    def read_held() -> tuple[FeedPage, bool]:
        """The page, and whether changes after the cursor are held back by an older
        transaction still running (then the waiter re-reads every HELD_POLL seconds:
        no commit may signal that transaction's end)."""
        page = read()
        return page, not page.has_changes and feed.held_back(cursor)

    def first_read() -> tuple[FeedPage, bool]:
        noted()
        return read_held()

    # Requests that wait from the same place, with the same scope (the page holds only
    # the device's events' changes; its role is in the key too, so a page is only ever
    # shared between devices that may read all of it), read it once per wake-up.
    key = (cursor, check, limit, count, mark, mark_check, dev.scope, gate)
    return await _live_answer(request, feed, wait, first_read,
                              _shared(request, key, read_held))


async def _live_answer(request: Request, feed: ChangeFeed, wait: float,
                       first_read: Read,
                       read: Callable[[int], Awaitable[tuple[FeedPage, bool]]]
                       ) -> Response:
    """A live request's answer: the page at once when it has changes, else held until
    it has (:func:`_hold`); 204 when the kiosk went away meanwhile."""
    generation = feed.signal.generation  # before the read: a commit after it wakes us
    page, held_back = await run_in_threadpool(first_read)
    live = feed.signal.waiting < MAX_LIVE_WAITERS
    # Hold only when nothing is left to read (a page of another event's changes
    # alone is empty for this device, but the next one may not be).
    if live and not page.has_changes and not page.more:
        held = await _hold(request, feed, generation, held_back, wait, read)
        if held is None:
            return Response(status_code=204)  # the kiosk went away: nobody reads it
        page = held
    # The bytes directly: FastAPI's generic encoder walks every nested value of a
    # 2,000-change page, and decoding each stored payload to encode it again cost
    # more than the query; the stored JSON goes out as it is. Off the event loop.
    final = replace(page, server_time=iso(utcnow()), live=live)
    return Response(await run_in_threadpool(wire.feed_page_bytes, final),
                    media_type="application/json")


@router.get(f"{API}/passages", summary="Check-ins a kiosk that switched gates lacks")
async def passages(
    request: Request,
    gate: Annotated[str | None, Query(max_length=200)] = None,
    after: Annotated[int, Query(ge=0, le=MAX_BIGINT)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000,
    dev: Device = authed,
) -> Response:
    """The check-ins of the device's events from the snapshot's first day
    (``checkin_days``) on that can change a verdict at ``gate`` (core's
    ``passage_matters_at``; no gate: all of them), after check-in ``after``: what a
    kiosk fetches when it starts deciding at a gate whose passages the feed did not
    bring it (docs/sync.md, "Only what a device needs")."""
    if (refused := await _gate_refused(request, dev, gate)) is not None:
        return refused
    store = store_of(request)
    scope, params = in_events("id", dev.event_ids)

    def read() -> dict[str, object]:
        since = store.db.run(lambda tx: checkin_days(tx.execute(
            f"SELECT * FROM events WHERE 1 = 1{scope}", params), utcnow()), write=False)
        changes, last, more = store.feed.passages(
            event_ids=dev.event_ids, gate_id=gate, since=since, after=after, limit=limit)
        return wire.encode_passages_page(wire.PassagesPage(changes, last, more))

    return await run_in_threadpool(lambda: JSONResponse(read()))


def _check_cursors(*given: str | None) -> None:
    for text in given:
        try:
            if text is not None:
                parse_cursor(text)
        except ValueError:
            raise CentralError(f"Bad cursor {text!r}: use the one the last page "
                               "returned.") from None


async def _gate_refused(request: Request, dev: Device, gate: str | None) -> Response | None:
    """403 unless ``gate`` (when named) is a gate of the device's events: a device reads
    by its own gate only."""
    if gate is None:
        return None
    store = store_of(request)
    if await run_in_threadpool(lambda: store.db.run(
            lambda tx: gate_of_events(tx, gate, dev.event_ids), write=False)):
        return None
    return error(403, "not_your_gate", f"Gate {gate!r} is not a gate of the event(s) this "
                 "device is paired for.")


Read = Callable[[], tuple[FeedPage, bool]]


def _shared(request: Request, key: tuple[Any, ...],
            read: Read) -> Callable[[int], Awaitable[tuple[FeedPage, bool]]]:
    """``read`` for a waiting request, shared with every other request that waits with
    the same ``key`` (the feed query's parameters and the device's scope): after a
    wake-up, 500 kiosks at the end of the feed cost one query, not 500. A request joins
    only a read that started at its generation or later (``generation`` is read before
    the read starts), so a read begun before a commit it was woken for never answers
    it."""
    reads: dict[tuple[Any, ...], asyncio.Future[tuple[FeedPage, bool]]] = \
        request.app.state.feed_reads

    async def shared(generation: int) -> tuple[FeedPage, bool]:
        entry = (*key, generation)
        future = reads.get(entry)
        if future is None:
            future = asyncio.ensure_future(run_in_threadpool(read))
            reads[entry] = future
            future.add_done_callback(lambda _: reads.pop(entry, None))
        return await asyncio.shield(future)

    return shared


async def _hold(request: Request, feed: ChangeFeed, generation: int, held_back: bool,
                wait: float, read: Callable[[int], Awaitable[tuple[FeedPage, bool]]],
                ) -> FeedPage | None:
    """Wait until ``read()`` returns changes or ``wait`` seconds pass (then its empty
    page); None when the client disconnected first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    watcher = feed.watch()
    gone = asyncio.ensure_future(_disconnect(request))
    try:
        page: FeedPage | None = None
        while (left := deadline - loop.time()) > 0:
            step = left
            if not watcher.healthy:
                step = min(step, FALLBACK_POLL)
            if held_back:
                step = min(step, HELD_POLL)
            woke = asyncio.ensure_future(feed.signal.wait(generation, step))
            await asyncio.wait({woke, gone}, return_when=asyncio.FIRST_COMPLETED)
            if gone.done():
                woke.cancel()
                return None
            generation = feed.signal.generation
            page, held_back = await read(generation)
            if page.has_changes or page.more or feed.signal.closing:
                return page
        return page if page is not None else (await read(feed.signal.generation))[0]
    finally:
        gone.cancel()


async def _disconnect(request: Request) -> None:
    """Returns when the client closes the connection (ASGI ``http.disconnect``)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass
