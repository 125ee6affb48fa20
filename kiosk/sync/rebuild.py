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
                   transport: httpx.BaseTransport | None = None) -> str | None:
    """Full download into ``path`` (from a snapshot when the list is large,
    :mod:`kiosk.sync.snapshot`); None on success, else the reason."""

    def show(p: SyncProgress) -> None:
        # A large list comes as a snapshot (rows), then the log after it (changes); a
        # download killed midway continues where it stopped at the next rebuild.
        if p.phase in ("snapshot", "download"):
            say(f"{p.phase} {p.done}" + (f"/{p.total}" if p.total else ""))

    with SyncEngine(path, transport=transport) as engine:
        result = engine.sync(show, force=True)
    return None if result.ok else str(result.error or "failed")
