"""Leads parsed and stored per second for one 50,000-lead v2 answer.

Run: .venv/bin/python tests/benchmarks/bench_store.py [count]

Builds the JSON body bytes from the demo generator's v2 records, then times
classify_v2 + normalize_records + LeadWriter.upsert into a fresh Database, and, for
scale, the same rows inserted by a bare sqlite3 executemany into an equivalent table.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from indiamart_desktop.demo.generator import LeadGenerator, to_v2_record
from indiamart_desktop.indiamart.classify import classify_v2
from indiamart_desktop.indiamart.normalize import normalize_records
from indiamart_desktop.indiamart.outcomes import Outcome
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LEAD_COLUMNS, LeadWriter, _values


def build_body(count: int) -> bytes:
    end = datetime(2025, 1, 31, 23, 0, tzinfo=IST)
    generator = LeadGenerator(2025)
    leads = []
    start = end - timedelta(days=7)
    while len(leads) < count:
        leads += generator.leads_between(start, end, per_day=count / 7 * 1.2)
        start, end = start - timedelta(days=7), start
    records = [to_v2_record(lead) for lead in leads[:count]]
    envelope = {"CODE": 200, "STATUS": "SUCCESS", "MESSAGE": "", "TOTAL_RECORDS": count,
                "RESPONSE": records}
    return json.dumps(envelope, ensure_ascii=False).encode("utf-8")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    body = build_body(count)
    print(f"answer: {count} leads, {len(body) / 1e6:.1f} MB of JSON")
    with tempfile.TemporaryDirectory() as folder:
        db = Database.in_folder(Path(folder) / "app")
        began = time.perf_counter()
        classified = classify_v2(200, body)
        parsed = time.perf_counter()
        assert classified.outcome is Outcome.LEADS
        leads, skipped = normalize_records(classified.records, "v2")
        normalised = time.perf_counter()
        result = LeadWriter(db).upsert("main", leads)
        stored = time.perf_counter()
        assert result.new == len(leads), (result.new, len(leads))
        db.close()
        total = stored - began
        print(f"classify {parsed - began:.2f}s, normalise {normalised - parsed:.2f}s "
              f"({skipped} skipped), upsert {stored - normalised:.2f}s")
        app_rate = len(leads) / total
        print(f"app path:  {app_rate:,.0f} leads/s parsed + stored ({total:.2f}s)")

        rows = [("main", lead.query_id, *_values(lead), 0, 0) for lead in leads]
        columns = ", ".join(LEAD_COLUMNS)
        marks = ", ".join("?" * (len(LEAD_COLUMNS) + 4))
        insert = (f"INSERT INTO leads (account, query_id, {columns}, first_seen_ts, "
                  f"updated_ts) VALUES ({marks})")

        # 1. The same schema (indexes, FTS triggers), rows already built: SQLite's share.
        same = Database.in_folder(Path(folder) / "same")
        began = time.perf_counter()
        with same.transaction() as conn:
            conn.executemany(insert, rows)
        same_schema = time.perf_counter() - began
        same.close()

        # 2. A plain table with the same columns and the unique key only.
        raw = sqlite3.connect(Path(folder) / "bare.sqlite3", isolation_level=None)
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = NORMAL")
        raw.execute(f"CREATE TABLE leads (id INTEGER PRIMARY KEY, account TEXT, query_id TEXT, "
                    f"{columns}, first_seen_ts INTEGER, updated_ts INTEGER, "
                    "UNIQUE (account, query_id))")
        began = time.perf_counter()
        raw.execute("BEGIN")
        raw.executemany(insert, rows)
        raw.execute("COMMIT")
        bare = time.perf_counter() - began
        raw.close()

        for name, seconds in (("bare executemany, same schema (indexes + FTS)", same_schema),
                              ("bare executemany, plain table", bare)):
            rate = len(rows) / seconds
            print(f"{name}: {rate:,.0f} rows/s ({seconds:.2f}s); app path takes "
                  f"{total / seconds:.1f}x as long")

if __name__ == "__main__":
    main()
