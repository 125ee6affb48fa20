"""The sync engine (contract first; implementation follows in this branch)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx


@dataclass(frozen=True)
class SyncProgress:
    phase: str  # "upload" | "download"
    done: int
    total: int | None


@dataclass(frozen=True)
class SyncResult:
    ok: bool
    uploaded: int
    downloaded: int
    error_kind: str | None  # None | "not_paired" | "offline" | "auth" | "protocol" | "replica"
    error: str | None
    started_at: datetime
    finished_at: datetime


@dataclass(frozen=True)
class SyncStatus:
    paired: bool
    online: bool | None
    pending_uploads: int
    last_success_at: datetime | None
    last_error: str | None
    server_url: str | None


class SyncEngine:
    def __init__(self, db_path: str | Path, *, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout | None = None) -> None:
        raise NotImplementedError

    def sync(self, progress: Callable[[SyncProgress], None] | None = None) -> SyncResult:
        raise NotImplementedError

    def status(self) -> SyncStatus:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError
