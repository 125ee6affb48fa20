"""The change feed over HTTP: ``GET /api/v1/changes?cursor=X.Y&check=F&limit=N&count=1``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from kiosk.central.api.http import API, authed, store_of
from kiosk.central.db import iso, utcnow
from kiosk.central.devices import Device
from kiosk.central.feed import START_CURSOR, parse_cursor
from kiosk.errors import CentralError

#: Most changes in one page of the feed.
MAX_PAGE = 5000

router = APIRouter()


@router.get(f"{API}/changes", summary="The change feed, one page after a cursor")
def changes(
    request: Request,
    cursor: Annotated[str, Query(max_length=48)] = START_CURSOR,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000,
    count: Annotated[bool, Query()] = False,
    check: Annotated[str | None, Query(max_length=64)] = None,
    mark: Annotated[str | None, Query(max_length=48)] = None,
    mark_check: Annotated[str | None, Query(max_length=64)] = None,
    dev: Device = authed,
) -> JSONResponse:
    for given in (cursor, mark):
        try:
            if given is not None:
                parse_cursor(given)
        except ValueError:
            raise CentralError(f"Bad cursor {given!r}: use the one the last page "
                               "returned.") from None
    store = store_of(request)
    page = store.feed.page(
        cursor, limit=limit, with_remaining=count, check=check, mark=mark,
        mark_check=mark_check)
    # The device has applied everything up to its cursor: the revocations in it are
    # synced (the central list's ruling on its uploads asks, kiosk/central/rulings.py).
    store.codes.note_synced(dev.id, cursor)
    # A JSONResponse directly: FastAPI's generic encoder walks every nested value of
    # a 2,000-change page, which costs more than the query.
    return JSONResponse({"changes": page.changes, "cursor": page.cursor,
                         "more": page.more, "remaining": page.remaining,
                         "cursor_check": page.cursor_check,
                         "server_time": iso(utcnow())})
