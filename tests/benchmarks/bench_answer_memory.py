"""Peak memory and time of one sync step whose answer holds a great many tiny records.

Run: .venv/bin/python tests/benchmarks/bench_answer_memory.py [count] [--tracemalloc]

Writes a v2 answer of ``count`` (default 1,000,000) minimal records to a file (a
stream, so this script never holds the body itself), serves it from a loopback HTTP
server thread, and runs one real ``SyncEngine.step`` (HTTP, classify, normalise,
upsert) into a fresh database. It prints the process's peak resident memory before and
after the step (``ru_maxrss``) and, with ``--tracemalloc``, the peak of Python
allocations during the step (slower). A benchmark that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from indiamart_desktop.config import Config
from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.indiamart.redact import Secret
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.sync.clock import FakeClock
from indiamart_desktop.sync.engine import SyncEngine

NOW = datetime(2025, 1, 31, 12, 0, tzinfo=IST)
KEY = "Bench+Key/Memory=0123456789"


def write_body(path: Path, count: int) -> int:
    """A v2 answer of ``count`` records with only an id and a time; returns its size."""
    with path.open("w", encoding="ascii") as out:
        out.write('{"CODE":200,"STATUS":"SUCCESS","MESSAGE":"",'
                  f'"TOTAL_RECORDS":{count},"RESPONSE":[')
        for number in range(count):
            moment = NOW - timedelta(days=6, seconds=-(number % 500_000))
            out.write(("," if number else "")
                      + f'{{"UNIQUE_QUERY_ID":"{10_000_000 + number}",'
                      f'"QUERY_TIME":"{moment:%Y-%m-%d %H:%M:%S}"}}')
        out.write("]}")
    return path.stat().st_size


def serve(body: Path) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(body.stat().st_size))
            self.end_headers()
            with body.open("rb") as source:
                shutil.copyfileobj(source, self.wfile, 1 << 20)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def peak_rss_mb() -> float:
    unit = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        body = Path(folder) / "answer.json"
        size = write_body(body, args.count)
        print(f"answer: {args.count:,} records, {size / 1e6:.1f} MB of JSON")
        server = serve(body)
        endpoint = f"http://127.0.0.1:{server.server_address[1]}"
        db = Database.in_folder(Path(folder) / "data")
        config = Config().with_value("endpoint", endpoint).with_value("interval", "1")
        client = IndiaMartClient(endpoint, Credentials("v2", Secret(KEY)))
        engine = SyncEngine(db, config, client, FakeClock(NOW))
        try:
            before = peak_rss_mb()
            if args.tracemalloc:
                tracemalloc.start()
            began = time.perf_counter()
            result = engine.step()
            seconds = time.perf_counter() - began
            traced = tracemalloc.get_traced_memory()[1] if args.tracemalloc else 0
            tracemalloc.stop()
            after = peak_rss_mb()
        finally:
            client.close()
            db.close()
            server.shutdown()
            server.server_close()
        assert result.outcome is not None
        print(f"step: {result.outcome.value}, {result.new:,} new, {result.skipped:,} skipped, "
              f"{seconds:.1f} s")
        print(f"peak RSS: {before:,.0f} MB before the step, {after:,.0f} MB after "
              f"(+{after - before:,.0f} MB)")
        if args.tracemalloc:
            print(f"tracemalloc peak during the step: {traced / 1e6:,.0f} MB")


if __name__ == "__main__":
    main()
