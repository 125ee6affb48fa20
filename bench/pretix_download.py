"""Benchmark: a kiosk's first download of 10,000 tickets from a REAL pretix (issue 16).

The pretix of the tests (tests/pretix_fixtures.py: its own virtualenv, SQLite, runserver on
loopback), seeded once with N Seminar tickets (cached like the tests' copy; seeding 10,000
takes minutes the first time). Printed beside a baseline measured in the same run against
the same server:

- **baseline**: pretix's own paging alone: every page of
  ``orders/?include_canceled_positions=true&testmode=false&ordering=datetime`` (50 per
  page, pretix's cap) fetched with one keep-alive client and parsed as JSON, nothing
  stored (what any pretix client must at least spend);
- **kiosk**: a fresh replica paired by the device QR, then its first ``sync()``: the same
  pages plus event, products and lists, mapped and written to the replica page by page.

Run in alternation (baseline, kiosk, baseline, kiosk; ``--rounds``) and the better of
each is reported, with the ratio kiosk / baseline. The first baseline also warms pretix up.

    python bench/pretix_download.py              # 10,000 positions
    python bench/pretix_download.py --positions 2000
    python bench/pretix_download.py --positions 100000 --pages 40   # seeded in bulk
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from benchstats import cpu_model  # noqa: E402
from pretix_fixtures import PretixServer, start_pretix  # noqa: E402

from kiosk.errors import ServerUnavailable  # noqa: E402
from kiosk.pretix.api import PretixClient  # noqa: E402
from kiosk.pretix.engine import PretixEngine  # noqa: E402
from kiosk.replica.db import Replica  # noqa: E402

EVENT = "icross2026"


ORDERS: dict[str, Any] = {"include_canceled_positions": "true", "testmode": "false",
          "ordering": "datetime", "page_size": 50}


def baseline(pretix: PretixServer, token: str, pages: int | None = None) -> tuple[float, int]:
    """Seconds to page through every order (or the first ``pages`` pages); orders seen."""
    started = time.perf_counter()
    seen = 0
    with httpx.Client(headers={"Authorization": f"Device {token}"}, timeout=300) as client:
        page = 1
        while True:
            answer = client.get(f"{pretix.url}/api/v1/organizers/{pretix.organizer}/events/"
                                f"{EVENT}/orders/", params={**ORDERS, "page": page})
            answer.raise_for_status()
            body = answer.json()
            seen += len(body["results"])
            if not body["next"] or page == pages:
                return time.perf_counter() - started, seen
            page += 1


class _Enough(ServerUnavailable):
    """Stops a sampled kiosk download after its pages (as a lost network would: the
    download resumes there next time)."""


def kiosk(pretix: PretixServer, folder: Path,
          pages: int | None = None) -> tuple[float, int, str]:
    """Seconds of a fresh replica's first sync (or of its first ``pages`` pages of
    orders, the rest left for a resumed download); attendees stored; its API token."""
    db = folder / f"kiosk-{time.monotonic_ns()}.db"
    with PretixEngine(db) as engine:
        engine.pair(pretix.handshake(), event=EVENT, list_id=1)
        original = PretixClient.call

        def call(client: PretixClient, method: str, path: str, **kwargs: Any) -> Any:
            if pages and path.endswith("/orders/") and kwargs["params"]["page"] > pages:
                raise _Enough("sampled pages done")
            return original(client, method, path, **kwargs)

        PretixClient.call = call  # type: ignore[method-assign, assignment]
        try:
            started = time.perf_counter()
            result = engine.sync(force=True)
            elapsed = time.perf_counter() - started
        finally:
            PretixClient.call = original  # type: ignore[method-assign]
    assert result.ok or isinstance(result.error, _Enough), result.error
    with Replica(db) as replica:
        return elapsed, replica.attendee_count(EVENT), str(replica.get_meta("device_token"))


def probe(pretix: PretixServer, token: str, total: int) -> list[tuple[int, float]]:
    """One page of orders at several depths (first, a quarter, half, the last): pretix
    pages by number, so each page sorts and skips what comes before it."""
    last = max(1, -(-total // 50))
    out = []
    with httpx.Client(headers={"Authorization": f"Device {token}"}, timeout=300) as client:
        for page in sorted({1, last // 4 or 1, last // 2 or 1, last}):
            started = time.perf_counter()
            client.get(f"{pretix.url}/api/v1/organizers/{pretix.organizer}/events/{EVENT}/"
                       "orders/", params={**ORDERS, "page": page}).raise_for_status()
            out.append((page, time.perf_counter() - started))
    return out


def _load() -> str:
    """The 1- and 5-minute load averages (the machine is shared: figures are read beside
    the baseline measured in the same run)."""
    one, five, _ = os.getloadavg()
    return f"{one:.1f} / {five:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--positions", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pages", type=int, default=None,
                        help="measure only the first N pages of 50 (both sides), and probe "
                             "single pages at several depths (for 100,000: the whole takes "
                             "hours on a loaded machine)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, {cpu_model() or 'unknown CPU'}, Python "
          f"{platform.python_version()}; load average {_load()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp, start_pretix(args.positions) as pretix:
        with PretixEngine(Path(tmp) / "token.db") as engine:  # a device for the baseline
            engine.pair(pretix.handshake(), event=EVENT, list_id=1)
        with Replica(Path(tmp) / "token.db") as replica:
            token = str(replica.get_meta("device_token"))
        bases, kiosks = [], []
        for n in range(args.rounds):
            seconds, orders = baseline(pretix, token, args.pages)
            bases.append(seconds)
            print(f"  round {n + 1}: baseline {seconds:.2f} s (load {_load()})", flush=True)
            seconds, stored, _ = kiosk(pretix, Path(tmp), args.pages)
            kiosks.append(seconds)
            print(f"  round {n + 1}: kiosk {seconds:.2f} s (load {_load()})", flush=True)
        base, ours = min(bases), min(kiosks)
        what = f"the first {args.pages} pages" if args.pages else "every page"
        print(f"pretix paging alone (baseline), {what}: {orders} orders in {base:.2f} s "
              f"({orders / base:.0f}/s; runs {', '.join(f'{b:.2f}' for b in bases)})")
        print(f"kiosk first download, {what}:     {stored} tickets in {ours:.2f} s "
              f"({stored / ours:.0f}/s; runs {', '.join(f'{k:.2f}' for k in kiosks)})")
        print(f"ratio kiosk / baseline: {ours / base:.2f}")
        if args.pages:
            depths = probe(pretix, token, args.positions + 7)
            print("one page of 50 at depth (pretix's paging): " + ", ".join(
                f"page {page} {sec:.2f} s" for page, sec in depths) + f" (load {_load()})")
            pages = -(-(args.positions + 7) // 50)
            mean = sum(sec for _, sec in depths) / len(depths)
            print(f"estimate for all {pages} pages from the probe's mean: {pages * mean:.0f} s "
                  f"of pretix's paging alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
