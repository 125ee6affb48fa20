"""What surviving the venue costs: quick_check, backups and the check-in journal.

At 100k and 1M attendees (the replica built by bench/replica.py's ``build``):

- ``PRAGMA quick_check`` (run at start and on a schedule) against a baseline in the same
  run: reading the whole file once from the page cache (its floor: quick_check reads
  every page);
- an online backup (``kiosk backup``: SQLite backup API + quick_check of the copy);
- ``CheckInService.scan`` with the journal (the kiosk as shipped) against the same scan
  with the journal append switched off (baseline): the journal's price per scan.

Usage: python bench/doctor.py [--sizes 100000,1000000] [--scans 300]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchstats import cpu_model, percentile  # noqa: E402
from replica import build  # noqa: E402

from kiosk.backup import backup_file  # noqa: E402
from kiosk.replica.checkin import CheckInService  # noqa: E402
from kiosk.replica.db import Replica  # noqa: E402
from kiosk.replica.doctor import examine  # noqa: E402


def seconds(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def read_all(path: Path) -> None:
    with path.open("rb") as f:
        while f.read(1 << 20):
            pass


def scan_ms(replica: Replica, codes: list[str]) -> list[float]:
    service = CheckInService(replica, gate_id="main")
    out = []
    for code in codes:
        t0 = time.perf_counter()
        service.scan(code)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def run(n: int, scans: int, workdir: Path) -> None:
    path = workdir / f"doctor-{n}.db"
    codes = build(path, n)
    size_mb = path.stat().st_size / 1e6
    print(f"\n{n:,} attendees ({size_mb:.0f} MB)")
    read_all(path)  # warm the page cache for both
    base = min(seconds(lambda: read_all(path)) for _ in range(3))
    checks = [examine(path) for _ in range(3)]
    assert all(c.ok for c in checks)
    quick = min(c.seconds for c in checks)
    print(f"  baseline: read the file once            {base * 1000:8.0f} ms")
    print(f"  PRAGMA quick_check                      {quick * 1000:8.0f} ms "
          f"({quick / base:.1f}x the read)")
    backup = seconds(lambda: backup_file(path, [workdir / "backups"]))
    print(f"  online backup + check of the copy       {backup * 1000:8.0f} ms")

    rng = random.Random(3)
    sample = rng.sample(codes, 2 * scans)
    with Replica(path) as replica:
        scan_ms(replica, sample[:20])  # warm up
        with_journal = scan_ms(replica, sample[20:scans])
        replica._flush_journal = lambda: replica._journal_pending.clear()  # type: ignore[method-assign]
        without = scan_ms(replica, sample[scans:2 * scans - 20])
    for label, values in (("baseline: scan, journal off", without),
                          ("scan with the journal (as shipped)", with_journal)):
        print(f"  {label:<38}  median {statistics.median(values):6.2f} ms   "
              f"p95 {percentile(values, 95):6.2f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--scans", type=int, default=300)
    ap.add_argument("--dir", help="work directory (default: a temp dir on /tmp)")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores {cpu_model()}; sqlite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            run(n, args.scans, Path(tmp))


if __name__ == "__main__":
    main()
