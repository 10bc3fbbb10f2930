"""The engine when a call goes wrong: a fetcher that raises, a step interrupted mid-call,
repeated failures under the steady clock, and a database that refuses to record the call.

Real SQLite files throughout; the service is the simulated IndiaMART over real HTTP where
an answer is needed, and a fetcher that raises where the point is the engine's own guard.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from indiamart_desktop.config import Config
from indiamart_desktop.demo.faults import Fault
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.indiamart.outcomes import Answer, Outcome
from indiamart_desktop.indiamart.redact import Secret
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.syncstate import recent_calls
from indiamart_desktop.sync.clock import FakeClock
from indiamart_desktop.sync.engine import Skip, SyncEngine

KEY = "Engine+Failure/Key=0123456789"
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=IST)


class Raising:
    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.calls = 0

    def fetch(self, start: datetime, end: datetime) -> Answer:
        self.calls += 1
        raise self.error


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_path)
    yield database
    database.close()


def _config(url: str = "http://127.0.0.1:9") -> Config:
    return Config().with_value("endpoint", url).with_value("interval", "1")


def test_a_fetcher_that_raises_is_a_backed_off_network_error(db: Database) -> None:
    engine = SyncEngine(db, _config(), Raising(ValueError("Invalid IPv6 URL")), FakeClock(NOW))
    result = engine.step()
    assert result.called and result.outcome is Outcome.NETWORK_ERROR
    assert result.message == "The call failed unexpectedly (ValueError)."
    assert result.state.failures == 1 and result.state.covered_until is None
    assert not engine.step().called  # backed off
    [call] = recent_calls(db)
    assert call.finished_at == NOW and call.outcome == "network_error"


def test_an_interrupted_step_still_closes_its_call_log_row(db: Database) -> None:
    fetcher = Raising(KeyboardInterrupt())
    engine = SyncEngine(db, _config(), fetcher, FakeClock(NOW))
    with pytest.raises(KeyboardInterrupt):
        engine.step()
    [call] = recent_calls(db)
    assert call.finished_at == NOW and call.outcome == "network_error"
    assert call.message == "Interrupted before the call finished."
    # The call counted: the next one still waits out the interval.
    again = engine.step()
    assert not again.called and again.skip is Skip.NOT_YET and fetcher.calls == 1


def test_repeated_failures_count_down_to_the_back_off_not_the_steady_interval(
        db: Database) -> None:
    clock = FakeClock(NOW)
    server = SimulatedIndiaMart(v2_key=KEY, min_gap=0.0, clock=clock.now)
    with server:
        client = IndiaMartClient(server.url, Credentials("v2", Secret(KEY)))
        engine = SyncEngine(db, _config(server.url), client, clock,
                            steady=lambda: clock.now().timestamp())
        interval = timedelta(seconds=engine.interval)
        server.inject(Fault.HTTP_500, times=3)
        for failures, wait in ((1, 1), (2, 2), (3, 4)):
            result = engine.step()
            assert result.called and result.outcome is Outcome.SERVER_ERROR
            assert result.state.failures == failures
            # The back-off (1, 2, 4 intervals), longer than the steady clock's one interval.
            assert result.next_allowed_at == clock.now() + wait * interval
            assert engine.next_allowed_at() == clock.now() + wait * interval
            clock.advance(interval.total_seconds())
            if wait > 1:
                early = engine.step()
                assert not early.called and early.next_allowed_at == result.next_allowed_at
            assert result.next_allowed_at is not None
            clock.set(result.next_allowed_at)
        client.close()
    assert len(server.requests) == 3


def test_a_database_that_cannot_record_the_call_makes_no_call(db: Database) -> None:
    db.conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON call_log "
                    "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    fetcher = Raising(AssertionError("no call may leave unrecorded"))
    result = SyncEngine(db, _config(), fetcher, FakeClock(NOW)).step()
    assert not result.called
    assert result.skip is Skip.STORE_ERROR and result.outcome is None
    assert result.store_error
    assert fetcher.calls == 0
    assert recent_calls(db) == []
    assert result.state.last_call_at is None  # the decision was rolled back with it


def test_a_broken_sync_state_table_is_a_store_error_too(tmp_path: Path) -> None:
    db = Database.in_folder(tmp_path)
    db.close()
    raw = sqlite3.connect(tmp_path / "leads.sqlite3")
    raw.execute("CREATE TRIGGER refuse BEFORE UPDATE ON sync_state "
                "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    raw.execute("CREATE TRIGGER refuse_new BEFORE INSERT ON sync_state "
                "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    raw.commit()
    raw.close()
    db = Database.in_folder(tmp_path)
    try:
        fetcher = Raising(AssertionError("no call may leave unrecorded"))
        result = SyncEngine(db, _config(), fetcher, FakeClock(NOW)).step()
        assert not result.called and result.skip is Skip.STORE_ERROR
        assert fetcher.calls == 0
    finally:
        db.close()
