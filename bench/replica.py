"""Replica lookup and search latency at 100k and 1M attendees.

Baseline (same file, same run): a bare ``sqlite3`` primary-key lookup
(``SELECT * FROM attendees WHERE rowid = ?``), and the same lookup by the code's index on
the bare connection (what the storage costs before any Python object is built); each timed
call by call in turn with the replica's, so a loaded machine's drift hits all alike. Measured:

- lookup by ticket code through ``Replica.attendee_by_code`` (the hot path of every scan);
- as-you-type name search through ``Replica.search`` (1-, 3- and 6-letter prefixes, two words;
  names typed without their letters: "lukasz", "mueller", "vanderberg", at the desk's 51);
- a whole scan through ``CheckInService.scan`` (decide + record + fsync'd commit).

Usage: python bench/replica.py [--sizes 100000,1000000] [--queries 2000]
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

from benchstats import percentile  # noqa: E402

from kiosk.core.models import Event, Gate  # noqa: E402
from kiosk.replica.checkin import CheckInService  # noqa: E402
from kiosk.replica.db import Replica  # noqa: E402

FIRST = ("Budi Siti Agus Dewi Made Putu Wayan Nyoman Rina Ayu Andi Joko Sri Eko Fitri Hendra "
         "Indah Yusuf Nur Ahmad Kartika Bambang Ratna Taufik Lestari José María Chen Wei "
         "Aisha Olga Liam Emma Noah Mia Lukas Sofia Kenji Yuki Priya Arjun Fatima Omar "
         "Zhang Anna Pieter Ingrid Mateus Chiara Tomasz Søren Łukasz Elif").split()
LAST = ("Sitorus Santoso Wijaya Saputra Hidayat Nasution Siregar Harahap Simanjuntak Lubis "
        "Pratama Kusuma Setiawan Gunawan Halim Tanoto Wirawan Suryadi Rahman Hakim Utomo "
        "Ramírez García Müller Schmidt Rossi Novak Kowalski Nguyen Tanaka Suzuki Kumar "
        "Singh Haddad Okafor Johansson Dubois Silva Costa Jansen Yılmaz").split() + [
            "van der Berg", "O'Brien"]
ORGS = ("Universitas Indonesia", "ITB", "UGM", "Komunitas Python Jogja", "Linux Foundation",
        "Gojek", "Tokopedia", "BPS", "Kominfo", "Freelance", "PT Telkom", "Debian")


def build(path: Path, n: int, seed: int = 1) -> list[str]:
    """Fill a replica with ``n`` attendees (bulk insert; FTS triggers run)."""
    rng = random.Random(seed)
    r = Replica(path)
    r.upsert_event(Event(id="e", name="Bench"))
    r.upsert_gate(Gate(id="main", event_id="e", name="Main"))
    codes = []
    batch = []
    with r.atomic() as conn:
        for i in range(n):
            code = f"T{rng.getrandbits(48):012X}{i:07d}"
            codes.append(code)
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            batch.append((f"a{i}", "e", code, name,
                          f"{name.split()[0].lower()}.{i}@example.org", rng.choice(ORGS),
                          rng.choice(("Regular", "Workshop", "VIP")), "valid", "{}", "import"))
            if len(batch) == 20000:
                conn.executemany("INSERT INTO attendees (id, event_id, code, name, email, "
                                 "organisation, ticket_type, status, details, source) VALUES "
                                 "(?,?,?,?,?,?,?,?,?,?)", batch)
                batch.clear()
        if batch:
            conn.executemany("INSERT INTO attendees (id, event_id, code, name, email, "
                             "organisation, ticket_type, status, details, source) VALUES "
                             "(?,?,?,?,?,?,?,?,?,?)", batch)
    r.conn.execute("ANALYZE")
    r.close()
    return codes


def timed(fn, args_list) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for args in args_list:
        t0 = time.perf_counter_ns()
        fn(*args)
        out.append((time.perf_counter_ns() - t0) / 1000.0)  # µs
    return out


def interleaved(calls, warm: int = 200) -> list[list[float]]:  # type: ignore[no-untyped-def]
    """Time each ``(fn, args_list)`` call by call in turn (after ``warm`` untimed rounds)."""
    out: list[list[float]] = [[] for _ in calls]
    for i in range(len(calls[0][1])):
        for samples, (fn, args_list) in zip(out, calls, strict=True):
            t0 = time.perf_counter_ns()
            fn(*args_list[i])
            if i >= warm:
                samples.append((time.perf_counter_ns() - t0) / 1000.0)  # µs
    return out


def summary(label: str, samples: list[float]) -> str:
    p99 = percentile(samples, 99)
    return f"  {label:<44} median {statistics.median(samples):9.1f} µs   p99 {p99:9.1f} µs"


def run(n: int, queries: int, workdir: Path) -> None:
    path = workdir / f"bench-{n}.db"
    t0 = time.perf_counter()
    codes = build(path, n)
    build_s = time.perf_counter() - t0
    size_mb = sum(p.stat().st_size for p in workdir.glob(f"bench-{n}.db*")) / 1e6
    print(f"\n{n:,} attendees (built in {build_s:.1f} s, {size_mb:.0f} MB)")
    rng = random.Random(7)
    sample_codes = [(rng.choice(codes),) for _ in range(queries)]
    rowids = [(rng.randint(1, n),) for _ in range(queries)]

    bare = sqlite3.connect(str(path))
    bare_cur = bare.cursor()

    def pk(rowid: int) -> None:
        bare_cur.execute("SELECT * FROM attendees WHERE rowid = ?", (rowid,)).fetchone()

    def by_code(code: str) -> None:
        bare_cur.execute("SELECT * FROM attendees WHERE code = ? LIMIT 1", (code,)).fetchone()

    replica = Replica(path)
    # Interleaved, one call of each in turn: a loaded machine's drift hits all alike.
    base, bare_code, lookup = interleaved(
        [(pk, rowids), (by_code, sample_codes), (replica.attendee_by_code, sample_codes)])
    print(summary("baseline: bare sqlite3 primary-key lookup", base))
    print(summary("bare sqlite3 lookup by the code index", bare_code))
    print(summary("Replica.attendee_by_code", lookup))
    mid = statistics.median(lookup)
    print(f"  {'':<44} ratio of medians {mid / statistics.median(base):.2f}x"
          f" (to the code-index lookup {mid / statistics.median(bare_code):.2f}x)")

    prefixes = {
        "search, 1 letter ('s')": [("s",)] * 200,
        "search, 3 letters": [(rng.choice(LAST)[:3],) for _ in range(300)],
        "search, 6 letters": [(rng.choice(LAST)[:6],) for _ in range(300)],
        "search, two words ('budi sit')": [(f"{rng.choice(FIRST)} {rng.choice(LAST)[:3]}",)
                                            for _ in range(300)],
    }
    for label, qs in prefixes.items():
        print(summary(label, timed(lambda q: replica.search(q, limit=20), qs)))
    folded = [(q,) for q in ("lukasz", "mueller", "vanderberg", "soren", "yilmaz", "obrien",
                             "soren yil", "s")] * 40
    print(summary("search, folded names, desk limit 51", timed(
        lambda q: replica.search(q, limit=51), folded)))

    service = CheckInService(replica, gate_id="main")
    scans = [(c,) for c in rng.sample(codes, 300)]
    print(summary("CheckInService.scan (decide+record+fsync)", timed(service.scan, scans)))
    replica.close()
    bare.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--dir", help="work directory (default: a temp dir on /tmp)")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores; sqlite {sqlite3.sqlite_version}; python "
          f"{sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            run(n, args.queries, Path(tmp))


if __name__ == "__main__":
    main()
