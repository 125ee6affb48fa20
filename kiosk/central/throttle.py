"""Failed-attempt throttling per client address: pairing codes and organiser logins.

A pairing code has 32^8 (2^40) values and lives 15 minutes; an organiser token far more.
Unthrottled, `kiosk serve` answered ~800 guesses a second. Now each client address may
fail :data:`FAILURES` times within :data:`WINDOW_SECONDS`; after that every attempt of
that kind is answered 429 with ``Retry-After`` (checked before the guess is looked at,
so a lucky guess during the wait does not count) until the oldest failure leaves the
window. Successes are not throttled and do not erase failures.

One instance per app (``app.state.throttle``), in memory: a restart forgets it, which
costs an attacker a restart of the server they cannot cause. Behind a proxy every client
has the proxy's address; the limit then holds for all of them together (docs/security.md).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from kiosk.errors import Throttled

FAILURES = 10
WINDOW_SECONDS = 60.0
#: Addresses remembered at most (the oldest forgotten first): bounded memory.
MAX_ADDRESSES = 50_000


class FailureThrottle:
    def __init__(self, *, failures: int = FAILURES, window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.failures, self.window, self.clock = failures, window, clock
        self._lock = threading.Lock()
        self._seen: dict[tuple[str, str], deque[float]] = {}

    def check(self, kind: str, address: str, what: str) -> None:
        """Raise :class:`Throttled` while ``address`` is over its limit for ``kind``."""
        wait = self.retry_after(kind, address)
        if wait is not None:
            raise Throttled(what, wait)

    def retry_after(self, kind: str, address: str) -> int | None:
        now = self.clock()
        with self._lock:
            times = self._seen.get((kind, address))
            if not times:
                return None
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) < self.failures:
                return None
            return max(1, math.ceil(times[0] + self.window - now))

    def failed(self, kind: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            key = (kind, address)
            times = self._seen.pop(key, None) or deque(maxlen=self.failures)
            times.append(now)
            self._seen[key] = times  # re-inserted: the dict's order is recency
            while len(self._seen) > MAX_ADDRESSES:
                del self._seen[next(iter(self._seen))]
