"""The real client (and the real engine) against hostile servers on loopback.

A trickled answer ends at the call's deadline; a redirect is never followed, whatever its
target or however malformed its Location; every such call is a classified failure with
back-off, the frontier kept and the call-log row closed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hostile_servers import HostileServer, redirect, trickle_body, trickle_headers

from indiamart_desktop.config import Config
from indiamart_desktop.demo.generator import LeadGenerator
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.indiamart.outcomes import Answer, Outcome
from indiamart_desktop.indiamart.redact import Secret
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.syncstate import recent_calls
from indiamart_desktop.sync.abortable import AbortableFetcher
from indiamart_desktop.sync.clock import FakeClock
from indiamart_desktop.sync.engine import SyncEngine

KEY = "Hostile+Test/Key=0123456789abcdef"
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=IST)
#: Far beyond any deadline a test uses: a call still running after this never ends.
NEVER = 60.0


@pytest.fixture
def servers() -> Iterator[Callable[..., HostileServer]]:
    started: list[HostileServer] = []

    def start(behaviour: Callable[..., None]) -> HostileServer:
        server = HostileServer(behaviour).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


def _client(url: str, **timeouts: float) -> IndiaMartClient:
    return IndiaMartClient(url, Credentials("v2", Secret(KEY)), **timeouts)


def _fetch_in_thread(fetcher: IndiaMartClient | AbortableFetcher
                     ) -> tuple[threading.Thread, list[Answer]]:
    box: list[Answer] = []
    thread = threading.Thread(target=lambda: box.append(fetcher.fetch(NOW - timedelta(days=1),
                                                                      NOW)))
    thread.start()
    return thread, box


def _wait_for_request(server: HostileServer) -> None:
    give_up = time.monotonic() + NEVER
    while server.requests == 0:
        assert time.monotonic() < give_up, "the call never reached the server"
        time.sleep(0.01)


@pytest.mark.parametrize("behaviour", [trickle_body(0.05), trickle_headers(0.05)],
                         ids=["body", "headers"])
def test_a_trickled_answer_ends_at_the_call_deadline(
        servers: Callable[..., HostileServer], behaviour: Callable[..., None]) -> None:
    server = servers(behaviour)
    # Each byte comes well within the read timeout, so only a total deadline ends the call.
    client = _client(server.url, read_timeout=NEVER, deadline=1.0)
    thread, box = _fetch_in_thread(client)
    thread.join(NEVER)
    assert not thread.is_alive(), "the trickled call never ended"
    answer = box[0]
    assert answer.outcome is Outcome.NETWORK_ERROR
    assert answer.message == "IndiaMART took longer than 1 s to answer; the call was given up."
    assert answer.duration < NEVER
    assert server.requests == 1
    client.close()


def test_an_aborted_call_ends_its_network_thread_at_once(
        servers: Callable[..., HostileServer]) -> None:
    server = servers(trickle_body(0.05))
    client = _client(server.url, read_timeout=NEVER, deadline=NEVER * 10)
    fetcher = AbortableFetcher(client)
    thread, box = _fetch_in_thread(fetcher)
    _wait_for_request(server)
    fetcher.abort()
    thread.join(NEVER)
    assert box[0].outcome is Outcome.NETWORK_ERROR
    # The abandoned HTTP call itself ends too, while the server still trickles: no thread
    # or socket is left behind until the server gives up.
    network = [t for t in threading.enumerate() if t.name == "indiamart-fetch"]
    for worker in network:
        worker.join(NEVER)
        assert not worker.is_alive(), "the aborted call kept running"
    assert server.thread.is_alive() and not server.stopping.is_set()
    client.close()


def test_a_cancelled_call_says_so(servers: Callable[..., HostileServer]) -> None:
    server = servers(trickle_headers(0.05))
    client = _client(server.url, read_timeout=NEVER, deadline=NEVER * 10)
    thread, box = _fetch_in_thread(client)
    _wait_for_request(server)
    client.cancel()
    thread.join(NEVER)
    assert not thread.is_alive()
    assert box[0].outcome is Outcome.NETWORK_ERROR
    assert box[0].message == "Stopped before the call finished."
    client.close()


def test_the_deadline_does_not_cut_a_prompt_answer() -> None:
    server = SimulatedIndiaMart(v2_key=KEY, min_gap=0.0, clock=lambda: NOW)
    server.add_leads(LeadGenerator(3).leads_between(NOW - timedelta(hours=20), NOW, 20))
    with server:
        client = _client(server.url, deadline=NEVER)
        answer = client.fetch(NOW - timedelta(days=1), NOW)
        again = client.fetch(NOW - timedelta(days=1), NOW)  # a second call, a new socket
        client.close()
    assert answer.outcome is Outcome.LEADS and answer.records  # normalised by the engine
    assert again.outcome is Outcome.LEADS and len(again.records) == len(answer.records)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_loop_gets_exactly_one_request(
        servers: Callable[..., HostileServer], status: int) -> None:
    server = servers(redirect(lambda s: f"{s.url}/again{s.paths[-1]}", status))
    client = _client(server.url)
    answer = client.fetch(NOW - timedelta(days=1), NOW)
    client.close()
    assert server.requests == 1
    assert answer.outcome is Outcome.MALFORMED
    assert answer.http_status == status
    assert answer.message == f"IndiaMART answered with a redirect (HTTP {status}); " \
                             "it was not followed."
    assert KEY not in answer.message


@pytest.mark.parametrize("location", ["http://[::1/x", "http://[::1", "ht!tp://\x7f/%zz",
                                      "//[bad/", ""])
def test_a_malformed_redirect_is_classified_not_raised(
        servers: Callable[..., HostileServer], location: str) -> None:
    server = servers(redirect(lambda s: location))
    client = _client(server.url)
    answer = client.fetch(NOW - timedelta(days=1), NOW)
    client.close()
    assert answer.outcome is Outcome.MALFORMED
    assert server.requests == 1


def _engine(folder: Path, url: str) -> tuple[SyncEngine, Database, IndiaMartClient]:
    db = Database.in_folder(folder)
    config = Config().with_value("endpoint", url).with_value("interval", "1")
    client = _client(url, read_timeout=NEVER, deadline=1.0)
    return SyncEngine(db, config, client, FakeClock(NOW)), db, client


def test_a_redirect_to_another_server_hands_it_nothing(
        tmp_path: Path, servers: Callable[..., HostileServer]) -> None:
    elsewhere = SimulatedIndiaMart(v2_key=KEY, min_gap=0.0, clock=lambda: NOW)
    elsewhere.add_leads(LeadGenerator(5).leads_between(NOW - timedelta(hours=20), NOW, 20))
    with elsewhere:
        # The hostile server passes the whole request on, key included.
        server = servers(redirect(lambda s: elsewhere.url + s.paths[-1]))
        engine, db, client = _engine(tmp_path, server.url)
        result = engine.step()
        client.close()
        assert elsewhere.requests == []
    try:
        assert server.requests == 1
        assert result.called and result.outcome is Outcome.MALFORMED
        assert db.conn.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 0
        assert result.state.covered_until is None  # the frontier stays
        assert result.state.failures == 1 and result.state.not_before is not None
        [call] = recent_calls(db)
        assert call.finished_at is not None and call.outcome == "malformed"
    finally:
        db.close()


@pytest.mark.parametrize("behaviour", [trickle_body(0.05), redirect(lambda s: "http://[::1/x")],
                         ids=["trickle", "malformed-redirect"])
def test_the_engine_backs_off_and_closes_the_call_log(
        tmp_path: Path, servers: Callable[..., HostileServer],
        behaviour: Callable[..., None]) -> None:
    server = servers(behaviour)
    engine, db, client = _engine(tmp_path, server.url)
    try:
        result = engine.step()
        again = engine.step()  # at once: the back-off holds the next call
        assert result.called and result.outcome in (Outcome.NETWORK_ERROR, Outcome.MALFORMED)
        assert result.state.covered_until is None
        assert result.state.failures == 1
        assert result.next_allowed_at == NOW + timedelta(seconds=engine.interval)
        assert not again.called
        [call] = recent_calls(db)
        assert call.finished_at is not None and call.outcome == result.outcome.value
        assert KEY not in call.message
    finally:
        client.close()
        db.close()
