"""Work queues on 1,000,000 leads: the time to count every queue and to page each one.

Usage: python tests/benchmarks/bench_queues.py [--leads N] [--db-dir DIR]
Goal (issue 10): each count and each page under 100 ms.

The database (schema 3, made-up buyers) is built once and reused from DIR (default
/tmp/indiamart-bench-queues-1m): leads 30 s apart over a year, a third of them never
contacted, missed and answered calls, some follow-ups and stars, and a pool of mobiles
of regular buyers behind a quarter of the leads.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from indiamart_desktop.desk.queues import View, counts
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.query import QUEUE_ORDER, LeadFilter, LeadQuery, Sort

START = datetime(2025, 1, 1, tzinfo=IST).timestamp()
STEP = 30
_COLUMNS = ("account, query_id, query_type, received_ts, api_version, sender_name, mobile, "
            "product, raw_json, first_seen_ts, updated_ts, status, starred, call_duration, "
            "first_contact_ts, follow_up_ts, buyer_key, buyer_leads")


def _rows(count: int) -> Iterator[tuple[object, ...]]:
    rng = random.Random(10)
    regulars = [f"8{rng.randrange(10**8, 10**9)}" for _ in range(count // 20)]
    mobiles = [rng.choice(regulars) if rng.random() < 0.25 else f"9{number:09d}"
               for number in range(count)]
    per_buyer = Counter(mobiles)
    for number, mobile in enumerate(mobiles):
        received = int(START + number * STEP)
        kind = rng.choice("WWWBBP")
        duration = rng.choice((None, 0, 35, 80)) if kind == "P" else None
        contacted = (kind == "P" and bool(duration)) or rng.random() > 1 / 3
        status = rng.choice(("contacted", "quoted", "won", "lost")) if contacted else (
            rng.choice(("new", "new", "new", "spam")))
        follow_up = received + rng.randrange(3600, 20 * 86400) if rng.random() < 0.02 else None
        yield ("main", str(3_000_000_000 + number), kind, received, "v2",
               f"Buyer {number}", f"+91-{mobile}", "Steel Pipes", "{}", received, received,
               status, int(rng.random() < 0.01), duration,
               received + rng.randrange(60, 7200) if contacted else None, follow_up, mobile,
               per_buyer[mobile])


def build(db_dir: Path, count: int) -> Path:
    path = db_dir / "leads.sqlite3"
    if path.exists():
        db = Database(path)
        have = int(db.conn.execute("SELECT COUNT(*) FROM leads").fetchone()[0])
        db.close()
        if have >= count:
            return path
        path.unlink()
    db_dir.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    began = time.perf_counter()
    marks = ", ".join("?" * len(_COLUMNS.split(", ")))
    with db.transaction() as conn:
        conn.executemany(f"INSERT INTO leads ({_COLUMNS}) VALUES ({marks})", _rows(count))
    db.conn.execute("ANALYZE")
    db.close()
    print(f"built {count:,} leads in {time.perf_counter() - began:.0f} s", flush=True)
    return path


def _median_ms(work: Callable[[], object], runs: int = 7) -> tuple[float, object]:
    times = []
    result: object = None
    for _ in range(runs):
        began = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--db-dir", type=Path, default=Path("/tmp/indiamart-bench-queues-1m"))
    args = parser.parse_args()
    db = Database(build(args.db_dir, args.leads))
    try:
        now = START + args.leads * STEP + 3600
        query = LeadQuery(db)
        ms, all_counts = _median_ms(lambda: counts(db.conn, now))
        print(f"all queue counts, one query: {ms:6.1f} ms")
        worst = ms
        for view in View:
            flt = LeadFilter(view=view, now=now)
            sort = Sort(QUEUE_ORDER)
            count_ms, _ = _median_ms(lambda flt=flt: query.count(flt))  # type: ignore[misc]
            first_ms, _ = _median_ms(
                lambda flt=flt, sort=sort: query.page(flt, sort, 0, 100))  # type: ignore[misc]
            deep = max(int(all_counts[view]) // 2, 0)  # type: ignore[index]
            deep_ms, _ = _median_ms(
                lambda flt=flt, sort=sort, deep=deep: query.page(  # type: ignore[misc]
                    flt, sort, deep, 100))
            worst = max(worst, count_ms, first_ms)
            print(f"{view.value:14} {all_counts[view]:>9,} leads: count "  # type: ignore[index]
                  f"{count_ms:6.1f} ms, first page {first_ms:6.1f} ms, page at the middle "
                  f"(offset {deep:,}) {deep_ms:7.1f} ms")
        print(f"worst count or first page: {worst:.1f} ms (goal < 100 ms)")
    finally:
        db.close()


if __name__ == "__main__":
    main()
