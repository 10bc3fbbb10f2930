"""An answer of many records over real HTTP: stored a batch at a time, yet all or nothing
(issue 9, item 8). Memory figures: tests/benchmarks/bench_answer_memory.py."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indiamart_desktop.config import Config
from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.indiamart.outcomes import Outcome
from indiamart_desktop.indiamart.redact import Secret
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import BATCH
from indiamart_desktop.store.syncstate import recent_calls
from indiamart_desktop.sync.clock import FakeClock
from indiamart_desktop.sync.engine import SyncEngine

NOW = datetime(2025, 2, 1, 12, 0, tzinfo=IST)
COUNT = 4 * BATCH + 123
POISONED = str(10_000_000 + COUNT - 7)  # in the last batch


def _body() -> bytes:
    records = [{"UNIQUE_QUERY_ID": str(10_000_000 + n), "QUERY_TYPE": "W",
                "QUERY_TIME": f"{NOW - timedelta(minutes=n % 5000):%Y-%m-%d %H:%M:%S}"}
               for n in range(COUNT)]
    records.insert(BATCH + 3, {"QUERY_TIME": "no id: skipped"})
    return json.dumps({"CODE": 200, "STATUS": "SUCCESS", "MESSAGE": "",
                       "TOTAL_RECORDS": COUNT, "RESPONSE": records}).encode()


@contextlib.contextmanager
def serving(body: bytes) -> Iterator[str]:
    """A loopback HTTP server answering every GET with ``body``; its URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture
def endpoint() -> Iterator[str]:
    with serving(_body()) as url:
        yield url


def test_a_failure_in_the_last_batch_leaves_nothing_of_the_answer(tmp_path: Path,
                                                                  endpoint: str) -> None:
    db = Database.in_folder(tmp_path / "data")
    client = IndiaMartClient(endpoint, Credentials("v2", Secret("Big+Answer/Key=0123456789")))
    try:
        db.conn.execute(f"CREATE TRIGGER poison BEFORE INSERT ON leads WHEN new.query_id = "
                        f"'{POISONED}' BEGIN SELECT RAISE(ABORT, 'no room for this one'); END")
        clock = FakeClock(NOW)
        config = Config().with_value("endpoint", endpoint).with_value("interval", "1")
        engine = SyncEngine(db, config, client, clock)
        failed = engine.step()
        assert failed.called and failed.outcome is Outcome.LEADS
        assert "no room for this one" in failed.store_error
        assert db.conn.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 0
        state = engine.state()
        assert state.covered_until is None and state.failures == 1  # asked again later
        assert recent_calls(db)[0].outcome == "leads" and recent_calls(db)[0].new == 0

        db.conn.execute("DROP TRIGGER poison")
        clock.advance(60)
        stored = engine.step()
        assert stored.called and not stored.store_error
        assert (stored.new, stored.skipped) == (COUNT, 1)
        assert db.conn.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == COUNT
        assert engine.state().covered_until == stored.window_end
    finally:
        client.close()
        db.close()


def test_an_answer_of_only_unreadable_records_moves_nothing(tmp_path: Path) -> None:
    """Every record unreadable, found only once the whole answer was read in batches."""
    body = json.dumps({"CODE": 200, "RESPONSE": [{"QUERY_TIME": "x"}] * (2 * BATCH + 1)})
    with serving(body.encode()) as url:
        db = Database.in_folder(tmp_path / "data")
        client = IndiaMartClient(url, Credentials("v2", Secret("Big+Answer/Key=0123456789")))
        try:
            config = Config().with_value("endpoint", url).with_value("interval", "1")
            result = SyncEngine(db, config, client, FakeClock(NOW)).step()
            assert result.outcome is Outcome.MALFORMED and result.skipped == 2 * BATCH + 1
            assert result.state.covered_until is None and result.state.failures == 1
        finally:
            client.close()
            db.close()
