"""The snapshot over HTTP: ``GET /api/v1/snapshot?cursor=X.Y&check=F&section=S&after=K``.

The first request (no ``cursor``) starts a snapshot; each answer says where the next page
starts. See :mod:`kiosk.central.snapshot` and docs/sync.md, "The snapshot"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from kiosk.central.api.http import API, authed, store_of
from kiosk.central.devices import Device
from kiosk.central.feed import parse_cursor
from kiosk.central.snapshot import DEFAULT_PAGE, MAX_PAGE
from kiosk.core import wire
from kiosk.errors import CentralError

router = APIRouter()

_SECTION = "^(" + "|".join(wire.SNAPSHOT_SECTIONS) + ")$"


@router.get(f"{API}/snapshot", summary="The current state, one page at a time, for a "
                                       "kiosk's first download")
def snapshot(
    request: Request,
    cursor: Annotated[str | None, Query(max_length=48)] = None,
    check: Annotated[str | None, Query(max_length=64)] = None,
    section: Annotated[str | None, Query(pattern=_SECTION)] = None,
    after: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
    dev: Device = authed,
) -> JSONResponse:
    if cursor is not None:
        try:
            parse_cursor(cursor)
        except ValueError:
            raise CentralError(f"Bad cursor {cursor!r}: use the one the snapshot's first "
                               "page returned.") from None
    if section == "checkin" and after is not None and not after.isdigit():
        raise CentralError(f"Bad position {after!r} in the check-ins: use the one the last "
                           "page returned.")
    page = store_of(request).snapshot.page(cursor=cursor, check=check, section=section,
                                           after=after, limit=limit)
    # A JSONResponse directly, as for the feed: the generic encoder is slow on big pages.
    return JSONResponse(wire.encode_snapshot_page(page))
