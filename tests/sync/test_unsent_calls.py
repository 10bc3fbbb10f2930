"""IndiaMART's 5-minute rule counts calls that reached it: a call whose request never left
(refused connection, no such host) does not hold up the seller's Test connection, while
polling still backs off. Real SQLite files and a real client on loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from indiamart_desktop.config import Config
from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.indiamart.outcomes import Answer, Outcome
from indiamart_desktop.indiamart.redact import Secret
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.syncstate import SyncState
from indiamart_desktop.sync import rules
from indiamart_desktop.sync.clock import FakeClock
from indiamart_desktop.sync.engine import Skip, SyncEngine

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=IST)


class Answering:
    def __init__(self, answer: Answer) -> None:
        self.answer = answer

    def fetch(self, start: datetime, end: datetime) -> Answer:
        return self.answer


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_path)
    yield database
    database.close()


def _closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = int(probe.getsockname()[1])
    probe.close()
    return port


def test_a_refused_connection_is_an_unsent_call(db: Database) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    client = IndiaMartClient(url, Credentials("v2", Secret("Unsent+Key/0123456789")))
    try:
        answer = client.fetch(NOW - timedelta(hours=1), NOW)
    finally:
        client.close()
    assert answer.outcome is Outcome.NETWORK_ERROR and not answer.sent


def test_an_unsent_call_leaves_the_last_call_time_and_still_backs_off(db: Database) -> None:
    config = Config().with_value("endpoint", "http://127.0.0.1:9").with_value("interval", "300")
    clock = FakeClock(NOW)
    sent = SyncEngine(db, config, Answering(Answer(Outcome.NO_LEADS)), clock)
    assert sent.step().called
    clock.advance(400)
    unsent = SyncEngine(db, config, Answering(Answer(Outcome.NETWORK_ERROR, sent=False)), clock)
    result = unsent.step()
    assert result.called
    assert result.state.last_call_at == NOW, "IndiaMART cannot have counted it"
    assert result.state.not_before is not None, "polling still backs off"
    assert unsent.step().skip is Skip.NOT_YET, "the poller waits out its back-off"
    allowed = unsent.next_allowed_at(explicit=True)
    assert allowed is not None and allowed <= clock.now(), "a test may call at once"
    again = unsent.step(explicit=True)
    assert again.called
    assert again.state.last_call_at == NOW


def test_a_call_that_may_have_been_sent_counts(db: Database) -> None:
    config = Config().with_value("endpoint", "http://127.0.0.1:9").with_value("interval", "300")
    clock = FakeClock(NOW)
    engine = SyncEngine(db, config, Answering(Answer(Outcome.NETWORK_ERROR)), clock)
    assert engine.step().called
    assert engine.state().last_call_at == NOW
    clock.advance(60)
    assert engine.step(explicit=True).skip is Skip.NOT_YET


@pytest.mark.parametrize("outcome", ["too_soon", "blocked"])
def test_a_test_still_waits_for_what_indiamart_asked(outcome: str) -> None:
    state = SyncState(account="main", last_call_at=NOW - timedelta(hours=1),
                      not_before=NOW + timedelta(minutes=10), last_outcome=outcome)
    assert rules.next_allowed(state, 300, backoff=False) == NOW + timedelta(minutes=10)
    backed_off = state.with_(last_outcome="server_error")
    assert rules.next_allowed(backed_off, 300, backoff=False) == NOW - timedelta(minutes=55)
    assert rules.next_allowed(backed_off, 300) == NOW + timedelta(minutes=10)
