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
    python bench/pretix_download.py --positions 100000 --rounds 1   # seeded in bulk
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from benchstats import cpu_model  # noqa: E402
from pretix_fixtures import PretixServer, start_pretix  # noqa: E402

from kiosk.pretix.engine import PretixEngine  # noqa: E402
from kiosk.replica.db import Replica  # noqa: E402

EVENT = "icross2026"


def baseline(pretix: PretixServer, token: str) -> tuple[float, int]:
    """Seconds to page through every order; orders seen."""
    started = time.perf_counter()
    seen = 0
    with httpx.Client(headers={"Authorization": f"Device {token}"}, timeout=60) as client:
        page = 1
        while True:
            answer = client.get(f"{pretix.url}/api/v1/organizers/{pretix.organizer}/events/"
                                f"{EVENT}/orders/", params={
                                    "include_canceled_positions": "true",
                                    "testmode": "false", "ordering": "datetime",
                                    "page_size": 50, "page": page})
            answer.raise_for_status()
            body = answer.json()
            seen += len(body["results"])
            if not body["next"]:
                return time.perf_counter() - started, seen
            page += 1


def kiosk(pretix: PretixServer, folder: Path) -> tuple[float, int, str]:
    """Seconds of a fresh replica's first sync; attendees stored; its API token."""
    db = folder / f"kiosk-{time.monotonic_ns()}.db"
    with PretixEngine(db) as engine:
        engine.pair(pretix.handshake())
        started = time.perf_counter()
        result = engine.sync(force=True)
        elapsed = time.perf_counter() - started
    assert result.ok, result.error
    with Replica(db) as replica:
        return elapsed, replica.attendee_count(EVENT), str(replica.get_meta("device_token"))


def _load() -> str:
    """The 1- and 5-minute load averages (the machine is shared: figures are read beside
    the baseline measured in the same run)."""
    one, five, _ = os.getloadavg()
    return f"{one:.1f} / {five:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--positions", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, {cpu_model() or 'unknown CPU'}, Python "
          f"{platform.python_version()}; load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory() as tmp, start_pretix(args.positions) as pretix:
        with PretixEngine(Path(tmp) / "token.db") as engine:  # a device for the baseline
            engine.pair(pretix.handshake())
        with Replica(Path(tmp) / "token.db") as replica:
            token = str(replica.get_meta("device_token"))
        bases, kiosks = [], []
        for n in range(args.rounds):
            seconds, orders = baseline(pretix, token)
            bases.append(seconds)
            print(f"  round {n + 1}: baseline {seconds:.2f} s (load {_load()})", flush=True)
            seconds, stored, _ = kiosk(pretix, Path(tmp))
            kiosks.append(seconds)
            print(f"  round {n + 1}: kiosk {seconds:.2f} s (load {_load()})", flush=True)
        base, ours = min(bases), min(kiosks)
        print(f"pretix paging alone (baseline): {orders} orders in {base:.2f} s "
              f"({orders / base:.0f}/s; runs {', '.join(f'{b:.2f}' for b in bases)})")
        print(f"kiosk first download:          {stored} tickets in {ours:.2f} s "
              f"({stored / ours:.0f}/s; runs {', '.join(f'{k:.2f}' for k in kiosks)})")
        print(f"ratio kiosk / baseline: {ours / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
