"""The snapshot over HTTP: ``GET /api/v1/snapshot?cursor=X.Y&check=F&section=S&after=K``.

The first request (no ``cursor``) starts a snapshot; each answer says where the next page
starts. See :mod:`kiosk.central.snapshot` and docs/sync.md, "The snapshot"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, JSONResponse

from kiosk.central.api.http import API, authed, store_of
from kiosk.central.devices import Device
from kiosk.central.feed import parse_cursor
from kiosk.central.snapshot import DEFAULT_PAGE, MAX_PAGE
from kiosk.central.snapshot_file import SnapshotFile
from kiosk.core import wire
from kiosk.errors import CentralError, NotFound

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
                                           after=after, limit=limit,
                                           event_ids=dev.event_ids)  # as its feed
    # A JSONResponse directly, as for the feed: the generic encoder is slow on big pages.
    return JSONResponse(wire.encode_snapshot_page(page))


@router.get(f"{API}/snapshot/file", summary="The current state as one SQLite file: built "
                                            "(or a recent one), then described")
def snapshot_file(
    request: Request,
    min_log_changes: Annotated[int, Query(ge=0)] = 0,
    dev: Device = authed,
) -> JSONResponse:
    # (A plain def: FastAPI runs it on a worker thread, off the event loop.)
    built = store_of(request).snapshot_files.prepare(dev.event_ids,
                                                     min_log_changes=min_log_changes)
    if not isinstance(built, SnapshotFile):
        return JSONResponse({"log_changes": built})  # short: the kiosk replays it
    return JSONResponse(built.describe())


@router.get(f"{API}/snapshot/file/{{name}}", summary="Download a snapshot file (HTTP Range "
                                                     "resumes a cut download)")
def snapshot_file_bytes(request: Request, name: str, dev: Device = authed) -> FileResponse:
    path = store_of(request).snapshot_files.path_of(name, dev.event_ids)
    if path is None:
        raise NotFound("No such snapshot file for this kiosk's events (it may have been "
                       "replaced by a newer one): ask for the snapshot again.")
    return FileResponse(path, media_type="application/vnd.sqlite3")
