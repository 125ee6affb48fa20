"""The first download into a replica file being rebuilt (``kiosk doctor``, run-time healing).

It lives here, not in ``kiosk.replica.doctor``, because the replica package does not import
sync: the doctor is handed this function by its caller.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from kiosk.sync.engine import SyncEngine, SyncProgress


def first_download(path: Path, say: Callable[[str], None], *,
                   transport: httpx.BaseTransport | None = None,
                   engine_class: type[SyncEngine] = SyncEngine) -> str | None:
    """Full download into ``path`` (from a snapshot when the list is large,
    :mod:`kiosk.sync.snapshot`); None on success, else the reason. ``engine_class``:
    the engine of the list the file is paired with (``kiosk.pretix.engine.first_download``
    passes pretix's; sync does not import pretix)."""

    def show(p: SyncProgress) -> None:
        # A large list comes as a snapshot (rows), then the log after it (changes); a
        # download killed midway continues where it stopped at the next rebuild.
        if p.phase in ("snapshot", "download"):
            say(f"{p.phase} {p.done}" + (f"/{p.total}" if p.total else ""))

    with engine_class(path, transport=transport) as engine:
        result = engine.sync(show, force=True)
    return None if result.ok else str(result.error or "failed")
