"""A clock far ahead, and a new key after a refused one, against the simulated IndiaMART
over real sockets (issue 9, items 6 and 7)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from sim_helpers import V2_KEY, Sim

from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.indiamart.outcomes import Outcome
from indiamart_desktop.indiamart.redact import Secret
from indiamart_desktop.store.syncstate import save_state
from indiamart_desktop.sync.clock import FakeClock
from indiamart_desktop.sync.engine import Skip, SyncEngine

YEAR = timedelta(days=365)
DAY = timedelta(days=1)
NEW_KEY = "Fresh+Key/After=Replacement0123456789"


class KeySim(Sim):
    """The sim, plus engines made with any key (each as a restart would make it)."""

    clients: list[IndiaMartClient]

    def engine_with(self, clock: FakeClock, key: str = V2_KEY) -> SyncEngine:
        assert self.db is not None
        client = IndiaMartClient(self.server.url, Credentials("v2", Secret(key)))
        self.clients.append(client)
        return SyncEngine(self.db, self.config(), client, clock, key=Secret(key))

    def close(self) -> None:
        for client in self.clients:
            client.close()
        super().close()


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[KeySim]:
    made = KeySim(tmp_path / "data", lead_days=30, per_day=20.0)
    made.clients = []
    yield made
    made.close()


def history_done(engine: SyncEngine) -> bool:
    state = engine.state()
    return (state.backfill_from is not None and state.backfill_target is not None
            and state.backfill_from <= state.backfill_target)


def calls_until_everything_is_in(sim: Sim, engine: SyncEngine, clocks: list[FakeClock],
                                 limit: int) -> int:
    """Step once an interval has passed until history is done and every lead is stored."""
    expected = {lead.query_id for lead in sim.server.leads}
    calls = 0
    for _ in range(2 * limit):
        for clock in clocks:
            clock.advance(sim.interval)
        result = engine.step()
        if not result.called:  # right after the correction: one interval from now
            assert result.skip is Skip.NOT_YET, result
            continue
        calls += 1
        assert result.outcome in (Outcome.LEADS, Outcome.NO_LEADS), result
        if history_done(engine) and sim.stored_among(expected) == expected:
            return calls
        if calls == limit:
            break
    missing = len(expected - sim.stored_among(expected))
    raise AssertionError(f"after {limit} calls: history done {history_done(engine)}, "
                         f"{missing} leads missing")


def test_a_clock_a_year_ahead_at_the_first_start_covers_nothing_in_the_future(
        sim: KeySim) -> None:
    true = sim.clock  # IndiaMART's clock, and the right time
    machine = FakeClock(true.now() + YEAR)
    engine = sim.engine_with(machine)
    first = engine.step()
    assert first.called and first.outcome is Outcome.NO_LEADS  # a window a year ahead
    state = engine.state()
    assert state.covered_until is not None and state.backfill_from is not None
    assert state.covered_until <= true.now() + timedelta(seconds=1), "the future was covered"
    assert state.backfill_from <= true.now()
    # While the clock is still wrong, new leads keep arriving (and the last day's with them).
    live = sim.add_live_lead()
    for clock in (true, machine):
        clock.advance(sim.interval)
    assert engine.step().new > 1
    assert sim.stored_among({live.query_id}) == {live.query_id}
    assert engine.state().covered_until <= true.now() + timedelta(seconds=1)  # type: ignore[operator]
    # The clock is corrected: recent leads and 30 days of history in a few calls.
    machine.set(true.now())
    calls = calls_until_everything_is_in(sim, engine, [true, machine], limit=14)
    assert calls <= 12


def test_a_frontier_already_in_the_future_recovers_in_a_few_calls(sim: KeySim) -> None:
    """A database whose frontier an earlier version (or an answer without a Date header)
    put a year ahead, opened once the clock is right."""
    assert sim.db is not None
    engine = sim.engine_with(sim.clock)
    now = sim.clock.now()
    state = engine.state().with_(
        last_call_at=now + YEAR, covered_until=now + YEAR, backfill_from=now + YEAR - 7 * DAY,
        backfill_target=now + YEAR - 30 * DAY, last_kind="forward", last_outcome="no_leads")
    with sim.db.transaction() as conn:
        save_state(conn, state)
    calls = calls_until_everything_is_in(sim, engine, [sim.clock], limit=14)
    assert calls <= 12
    after = engine.state()
    assert after.covered_until is not None and after.covered_until <= sim.clock.now()


def _db_bytes(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.glob("leads.sqlite3*")))


def test_a_new_key_after_a_refused_one_resumes_polling(sim: KeySim) -> None:
    sim.server.set_key_state("replaced")
    engine = sim.engine_with(sim.clock)
    refused = engine.step()
    assert refused.outcome is Outcome.KEY_REPLACED and refused.next_allowed_at is None
    asked = len(sim.server.requests)
    # The same key, however it comes back (a restart, the keyring, the environment): no call.
    for _ in range(3):
        sim.clock.advance(10 * sim.interval)
        again = sim.engine_with(sim.clock)
        assert again.key_refused()
        assert again.next_allowed_at() is None
        result = again.step()
        assert not result.called and result.skip is Skip.KEY_PROBLEM
    assert len(sim.server.requests) == asked
    # The seller generated a new key at IndiaMART: the old one is dead, the new one works.
    sim.server.v2_key = NEW_KEY
    sim.server.set_key_state("ok")
    fresh = sim.engine_with(sim.clock, NEW_KEY)
    assert not fresh.key_refused()
    result = fresh.step()
    assert result.called and result.outcome is Outcome.LEADS and result.new > 0
    assert fresh.state().key_state == "ok"
    # Refused in its turn, the new key stops polling again; the old key is still refused.
    sim.server.set_key_state("wrong")
    sim.clock.advance(sim.interval)
    assert fresh.step().outcome is Outcome.WRONG_KEY
    sim.clock.advance(sim.interval)
    assert sim.engine_with(sim.clock, NEW_KEY).step().skip is Skip.KEY_PROBLEM
    assert sim.engine_with(sim.clock, V2_KEY).step().called  # not the one refused last
    assert sim.db is not None
    sim.db.conn.execute("PRAGMA wal_checkpoint(FULL)")
    stored = _db_bytes(sim.folder)
    for key in (V2_KEY, NEW_KEY):
        for form in {key, quote(key, safe=""), quote_plus(key)}:
            assert form.encode() not in stored


def test_a_database_without_a_refused_key_note_tries_the_key_once(sim: KeySim) -> None:
    """A key problem recorded by an earlier version (no note of which key): one call
    with the key now in use tells; if IndiaMART refuses it, polling stops again."""
    assert sim.db is not None
    engine = sim.engine_with(sim.clock)
    with sim.db.transaction() as conn:
        save_state(conn, engine.state().with_(key_state="key_expired", key_message="old"))
    sim.server.set_key_state("expired")
    assert engine.step().outcome is Outcome.KEY_EXPIRED
    sim.clock.advance(sim.interval)
    assert engine.step().skip is Skip.KEY_PROBLEM
