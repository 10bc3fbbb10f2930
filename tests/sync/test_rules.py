"""The sync rules and the engine with a scripted fetcher: windows, history, catch-up, waits."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from indiamart_desktop.config import INDIAMART_ENDPOINT, MIN_INTERVAL, Config
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.outcomes import Answer, Outcome
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database, StoreError
from indiamart_desktop.store.syncstate import SyncState, load_state, recent_calls
from indiamart_desktop.sync import rules
from indiamart_desktop.sync.clock import FakeClock
from indiamart_desktop.sync.engine import Skip, SyncEngine

T0 = datetime(2025, 3, 10, 9, 15, tzinfo=IST)
DAY = timedelta(days=1)


@dataclass
class ScriptedFetcher:
    """Answers with the next scripted outcome (default: no leads) and records windows."""

    outcomes: list[Outcome] = field(default_factory=list)
    windows: list[tuple[datetime, datetime]] = field(default_factory=list)
    during: Callable[[], None] | None = None
    leads: list[Lead] = field(default_factory=list)

    def fetch(self, start: datetime, end: datetime) -> Answer:
        self.windows.append((start, end))
        if self.during is not None:
            self.during()
        outcome = self.outcomes.pop(0) if self.outcomes else Outcome.NO_LEADS
        leads = [lead for lead in self.leads if start <= lead.received_at <= end] \
            if outcome is Outcome.LEADS else []
        return Answer(outcome=outcome, leads=leads, message=f"scripted {outcome.value}")


@pytest.fixture
def db(tmp_data_dir: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_data_dir)
    yield database
    database.close()


def loopback(interval: float = 1.0, history_days: int = 30) -> Config:
    return (Config().with_value("endpoint", "http://127.0.0.1:9")
            .with_value("interval", str(interval))
            .with_value("history_days", str(history_days)))


def run_until_quiet(engine: SyncEngine, clock: FakeClock, fetcher: ScriptedFetcher,
                    max_steps: int = 200) -> list[tuple[str, datetime, datetime, datetime]]:
    """Step at every allowed moment; return (kind, start, end, call time) per call."""
    calls = []
    for _ in range(max_steps):
        allowed = engine.next_allowed_at()
        if allowed is not None and allowed > clock.now():
            clock.set(allowed)
        result = engine.step()
        assert result.called
        assert result.window_start is not None and result.window_end is not None
        calls.append((result.kind, result.window_start, result.window_end, clock.now()))
        state = engine.state()
        assert state.backfill_from is not None and state.backfill_target is not None
        if state.backfill_from <= state.backfill_target and result.kind == "forward":
            return calls
    raise AssertionError("never finished")


def test_next_allowed() -> None:
    state = SyncState(account="a")
    assert rules.next_allowed(state, 300) is None
    state = state.with_(last_call_at=T0)
    assert rules.next_allowed(state, 300) == T0 + timedelta(seconds=300)
    assert rules.next_allowed(state.with_(not_before=T0 + timedelta(hours=1)), 300) == \
        T0 + timedelta(hours=1)
    assert rules.next_allowed(state.with_(not_before=T0), 300) == T0 + timedelta(seconds=300)


def test_first_window_is_the_last_seven_days() -> None:
    window = rules.plan_window(SyncState(account="a"), T0, timedelta(hours=24))
    assert (window.kind, window.start, window.end) == ("forward", T0 - 7 * DAY, T0)


def test_first_run_then_history_alternating_with_forward(db: Database) -> None:
    clock = FakeClock(T0)
    fetcher = ScriptedFetcher()
    engine = SyncEngine(db, loopback(history_days=30), fetcher, clock)
    calls = run_until_quiet(engine, clock, fetcher)
    kinds = [c[0] for c in calls]
    # 7 days forward, then 23 days of history in 7-day windows (4), each followed by a
    # forward poll so new leads are never more than one extra interval late.
    assert kinds == ["forward", "history", "forward", "history", "forward", "history",
                     "forward", "history", "forward"]
    assert calls[0][1:3] == (T0 - 7 * DAY, T0)
    history = [c for c in calls if c[0] == "history"]
    assert history[0][2] == T0 - 7 * DAY  # history starts where the first window began
    for previous, current in pairwise(history):
        assert current[2] == previous[1]  # contiguous, no hole, no overlap needed
    assert history[-1][1] == T0 - 30 * DAY  # the target: 30 days before the first answer
    for _kind, start, end, _at in calls:
        assert timedelta(0) < end - start <= 7 * DAY
    for previous, current in pairwise(calls):
        assert current[3] - previous[3] >= timedelta(seconds=1)
    # Forward windows reach back the settling period (24 h) before the frontier.
    forward = [c for c in calls if c[0] == "forward"]
    for previous, current in pairwise(forward):
        assert current[1] == previous[2] - timedelta(hours=24)


def test_catch_up_after_forty_days_asleep(db: Database) -> None:
    clock = FakeClock(T0)
    fetcher = ScriptedFetcher()
    engine = SyncEngine(db, loopback(history_days=7), fetcher, clock)
    run_until_quiet(engine, clock, fetcher)
    covered = engine.state().covered_until
    assert covered is not None
    clock.advance(40 * 86400)
    woke = clock.now()
    calls = []
    while True:
        allowed = engine.next_allowed_at()
        if allowed is not None and allowed > clock.now():
            clock.set(allowed)
        result = engine.step()
        assert result.called and result.kind == "forward"
        assert result.window_start is not None and result.window_end is not None
        calls.append((result.window_start, result.window_end, clock.now()))
        state = engine.state()
        assert state.covered_until == result.window_end  # the status can show progress
        if result.window_end >= clock.now():
            break
    assert calls[0][0] == covered - timedelta(hours=24)
    # 41 days from the settled frontier to now, 7 days a window minus the 24 h overlap.
    assert len(calls) == 7
    for (start, end, _at), (next_start, _next_end, _next_at) in pairwise(calls):
        assert end - start == 7 * DAY
        assert next_start == end - timedelta(hours=24)  # overlaps, never a hole
    for previous, current in pairwise(calls):
        assert current[2] - previous[2] >= timedelta(seconds=1)
    assert calls[-1][1] - calls[-1][0] <= 7 * DAY
    assert calls[-1][1] >= woke


def test_failed_history_window_alternates_and_is_asked_again(db: Database) -> None:
    clock = FakeClock(T0)
    fetcher = ScriptedFetcher([Outcome.NO_LEADS, Outcome.SERVER_ERROR])
    engine = SyncEngine(db, loopback(), fetcher, clock)
    engine.step()
    clock.advance(1)
    failed = engine.step()
    assert failed.kind == "history" and failed.outcome is Outcome.SERVER_ERROR
    clock.advance(3)
    assert engine.step().kind == "forward"
    clock.advance(3)
    again = engine.step()
    assert again.kind == "history"
    assert (again.window_start, again.window_end) == (failed.window_start, failed.window_end)


@pytest.mark.parametrize("outcome", [o for o in Outcome if not o.is_definite])
def test_frontier_moves_only_on_definite_answers(db: Database, outcome: Outcome) -> None:
    clock = FakeClock(T0)
    fetcher = ScriptedFetcher([Outcome.NO_LEADS, Outcome.NO_LEADS, outcome])
    engine = SyncEngine(db, loopback(), fetcher, clock)
    engine.step()
    clock.advance(1)
    engine.step()  # history
    before = engine.state()
    clock.advance(1)
    result = engine.step()
    assert result.outcome is outcome
    after = engine.state()
    assert (after.covered_until, after.backfill_from) == (before.covered_until,
                                                          before.backfill_from)
    assert after.last_outcome == outcome.value


@pytest.mark.parametrize("interval", [1.0, 60.0, 299.0, 300.0, 301.0, 900.0])
def test_waits_against_indiamart_never_under_its_limits(db: Database, interval: float) -> None:
    """Whatever interval is configured, the real host gets >= 5 min, 15 min after a block,
    and back-off of 5, 10, 20, 30 minutes."""
    config = Config(endpoint=INDIAMART_ENDPOINT, interval=interval)  # even unvalidated
    assert config.effective_interval >= MIN_INTERVAL
    script = [Outcome.NO_LEADS, Outcome.TOO_SOON, Outcome.BLOCKED, Outcome.SERVER_ERROR,
              Outcome.NETWORK_ERROR, Outcome.MALFORMED, Outcome.SERVER_ERROR,
              Outcome.AMBIGUOUS_EMPTY, Outcome.NO_LEADS]
    minimum = [5, 5, 15, 5, 10, 20, 30, 30, 5]
    clock = FakeClock(T0)
    engine = SyncEngine(db, config, ScriptedFetcher(list(script)), clock)
    for outcome, minutes in zip(script, minimum, strict=True):
        # Try (and fail) to call every ten seconds until allowed.
        called_at = clock.now()
        result = engine.step()
        assert result.called and result.outcome is outcome
        while True:
            clock.advance(10)
            probe = engine.next_allowed_at()
            assert probe is not None
            if probe <= clock.now():
                break
            skipped = engine.step()
            assert not skipped.called and skipped.skip is Skip.NOT_YET
        assert probe - called_at >= timedelta(minutes=minutes), outcome


def test_key_problem_stops_polling_until_cleared(db: Database) -> None:
    clock = FakeClock(T0)
    fetcher = ScriptedFetcher([Outcome.KEY_REPLACED])
    engine = SyncEngine(db, loopback(), fetcher, clock)
    first = engine.step()
    assert first.outcome is Outcome.KEY_REPLACED and first.next_allowed_at is None
    for _ in range(50):
        clock.advance(3600)
        result = engine.step()
        assert not result.called and result.skip is Skip.KEY_PROBLEM
        assert "scripted" in result.message
    assert len(fetcher.windows) == 1
    # A restart does not forget it.
    again = SyncEngine(Database(db.path), loopback(), fetcher, clock)
    try:
        assert again.step().skip is Skip.KEY_PROBLEM
        again.clear_key_problem()
    finally:
        again.db.close()
    result = engine.step()
    assert result.called and result.outcome is Outcome.NO_LEADS
    assert engine.state().covered_until is not None


def test_clear_key_problem_keeps_the_interval(db: Database) -> None:
    clock = FakeClock(T0)
    engine = SyncEngine(db, loopback(interval=100), ScriptedFetcher([Outcome.WRONG_KEY]),
                        clock)
    engine.step()
    engine.clear_key_problem()
    assert engine.step().skip is Skip.NOT_YET
    clock.advance(100)
    assert engine.step().called


def test_no_key_makes_no_call(db: Database) -> None:
    engine = SyncEngine(db, loopback(), None, FakeClock(T0))
    result = engine.step()
    assert not result.called and result.skip is Skip.NO_KEY
    assert load_state(db.conn, "main").last_call_at is None


def test_call_is_recorded_before_the_request_leaves(db: Database) -> None:
    clock = FakeClock(T0)
    seen: list[tuple[object, str]] = []
    other = Database(db.path)  # another process looking at the file

    def look() -> None:
        state = load_state(other.conn, "main")
        seen.append((state.last_call_at, recent_calls(other, "main")[0].outcome))

    fetcher = ScriptedFetcher(during=look)
    engine = SyncEngine(db, loopback(), fetcher, clock)
    try:
        engine.step()
        assert seen == [(T0, "in_flight")]
        call = recent_calls(other, "main")[0]
        assert call.outcome == "no_leads" and call.message == "scripted no_leads"
    finally:
        other.close()


def test_crash_mid_request_still_counts(db: Database) -> None:
    clock = FakeClock(T0)

    def crash() -> None:
        raise KeyboardInterrupt

    engine = SyncEngine(db, loopback(interval=50), ScriptedFetcher(during=crash), clock)
    with pytest.raises(KeyboardInterrupt):
        engine.step()
    restarted = SyncEngine(Database(db.path), loopback(interval=50), ScriptedFetcher(), clock)
    try:
        result = restarted.step()
        assert result.skip is Skip.NOT_YET
        assert result.next_allowed_at == T0 + timedelta(seconds=50)
    finally:
        restarted.db.close()


def test_two_processes_never_both_call(tmp_data_dir: Path) -> None:
    """Four "processes" open a fresh database file at once and all try to call."""
    clock = FakeClock(T0)
    for _round in range(5):
        barrier = threading.Barrier(4, timeout=30)
        fetchers = [ScriptedFetcher() for _ in range(4)]
        results: list[object] = []
        errors: list[BaseException] = []

        def run(fetcher: ScriptedFetcher, barrier: threading.Barrier,
                results: list[object], errors: list[BaseException]) -> None:
            try:
                database = Database.in_folder(tmp_data_dir)
            except BaseException as error:
                errors.append(error)
                barrier.abort()
                return
            try:
                engine = SyncEngine(database, loopback(interval=10), fetcher, clock)
                barrier.wait()
                results.append(engine.step())
            except BaseException as error:
                errors.append(error)
                barrier.abort()
            finally:
                database.close()

        threads = [threading.Thread(target=run, args=(f, barrier, results, errors))
                   for f in fetchers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors, errors
        assert sum(len(f.windows) for f in fetchers) == 1
        assert sum(r.called for r in results) == 1  # type: ignore[attr-defined]
        clock.advance(10)


def test_store_failure_keeps_the_frontier(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock(T0)
    lead = Lead(query_id="1", query_type="W", received_at=T0 - timedelta(hours=1))
    fetcher = ScriptedFetcher([Outcome.LEADS, Outcome.LEADS], leads=[lead])
    engine = SyncEngine(db, loopback(), fetcher, clock)

    def refuse(*_args: object) -> None:
        raise StoreError("The disk is full.")

    monkeypatch.setattr(engine.writer, "upsert", refuse)
    result = engine.step()
    assert result.called and result.store_error == "The disk is full."
    state = engine.state()
    assert state.covered_until is None and state.not_before is not None
    monkeypatch.undo()
    clock.advance(5)
    result = engine.step()
    assert result.kind == "forward" and result.new == 1
    assert engine.state().covered_until == result.window_end


def test_history_depth_can_grow_later(db: Database) -> None:
    clock = FakeClock(T0)
    fetcher = ScriptedFetcher()
    engine = SyncEngine(db, loopback(history_days=7), fetcher, clock)
    run_until_quiet(engine, clock, fetcher)
    engine.config = loopback(history_days=20)
    calls = run_until_quiet(engine, clock, fetcher)
    history = [c for c in calls if c[0] == "history"]
    assert len(history) == 2
    assert engine.state().backfill_target == clock.now() - timedelta(days=20) or \
        history[-1][1] <= T0 - timedelta(days=13)


def test_history_progress() -> None:
    state = SyncState(account="a", covered_until=T0, backfill_from=T0 - 7 * DAY,
                      backfill_target=T0 - 28 * DAY)
    assert rules.history_progress(state) == pytest.approx(0.25)
    assert rules.history_progress(state.with_(backfill_from=T0 - 28 * DAY)) == 1.0
    assert rules.history_progress(SyncState(account="a")) is None


def test_a_clock_set_back_does_not_stall_polling_nor_break_the_rule() -> None:
    now = datetime(2025, 6, 1, 12, 0, tzinfo=IST)
    ahead = SyncState(account="main", last_call_at=now + timedelta(hours=3),
                      not_before=now + timedelta(days=2))
    fixed = rules.after_clock_went_back(ahead, now, 300.0)
    assert fixed.last_call_at == now
    assert rules.next_allowed(fixed, 300.0) == now + timedelta(seconds=1800)  # longest wait
    normal = SyncState(account="main", last_call_at=now - timedelta(minutes=1),
                       not_before=now + timedelta(minutes=10))
    assert rules.after_clock_went_back(normal, now, 300.0) is normal


def test_an_answer_of_only_unreadable_records_does_not_move_the_frontier(
        tmp_path: Path) -> None:
    db = Database.in_folder(tmp_path)
    clock = FakeClock(datetime(2025, 6, 1, 12, 0, tzinfo=IST))

    class Garbage:
        def fetch(self, start: datetime, end: datetime) -> Answer:
            return Answer(Outcome.LEADS, leads=[], skipped=3)

    config = Config().with_value("endpoint", "http://127.0.0.1:9").with_value("interval", "1")
    result = SyncEngine(db, config, Garbage(), clock).step()
    assert result.called and result.outcome is Outcome.MALFORMED
    assert result.state.covered_until is None and result.state.failures == 1
    db.close()


def test_a_wall_clock_jumping_ahead_never_shortens_the_gap(tmp_path: Path) -> None:
    db = Database.in_folder(tmp_path)
    clock = FakeClock(datetime(2025, 6, 1, 12, 0, tzinfo=IST))
    steady = [1000.0]
    calls: list[datetime] = []

    class Quiet:
        def fetch(self, start: datetime, end: datetime) -> Answer:
            calls.append(clock.now())
            return Answer(Outcome.NO_LEADS)

    config = Config()  # IndiaMART's own host: 300 s + margin
    engine = SyncEngine(db, config, Quiet(), clock, steady=lambda: steady[0])
    assert engine.step().called
    clock.advance(3600)  # the wall clock jumps an hour ahead; only 60 s really pass
    steady[0] += 60
    result = engine.step()
    assert not result.called and result.skip is Skip.NOT_YET
    assert result.next_allowed_at is not None
    assert (result.next_allowed_at - clock.now()).total_seconds() >= config.effective_interval - 61
    steady[0] += config.effective_interval
    assert engine.step().called
    assert len(calls) == 2
    db.close()


# ---- the 365-day history cap (issue 9, item 32) ----------------------------------------

@dataclass
class YearLimitedFetcher:
    """Refuses, as IndiaMART does, a window starting more than 365 days before the call."""

    clock: FakeClock
    refused: list[tuple[datetime, datetime]] = field(default_factory=list)

    def fetch(self, start: datetime, end: datetime) -> Answer:
        if start < self.clock.now() - timedelta(days=365):
            self.refused.append((start, end))
            return Answer(Outcome.BAD_REQUEST, message="Data older than 365 days.")
        return Answer(Outcome.NO_LEADS)


def test_a_full_year_of_history_stops_at_the_cap(db: Database) -> None:
    clock = FakeClock(T0)
    fetcher = ScriptedFetcher()
    engine = SyncEngine(db, loopback(history_days=365), fetcher, clock)
    engine.step()
    # history_days=365 asks for the whole year; the cap (365 days less an hour) wins.
    assert engine.state().backfill_target == T0 - rules.OLDEST_HISTORY
    assert timedelta(days=365) > rules.OLDEST_HISTORY


def test_the_oldest_window_is_inside_365_days_when_it_is_asked(db: Database) -> None:
    """52 history windows alternating with forward polls, 5 minutes apart, take about nine
    hours: IndiaMART's limit has moved on by then, and the last window must follow it."""
    clock = FakeClock(T0)
    fetcher = YearLimitedFetcher(clock)
    engine = SyncEngine(db, loopback(interval=300, history_days=365), fetcher, clock)
    calls = []
    for _ in range(300):
        allowed = engine.next_allowed_at()
        if allowed is not None and allowed > clock.now():
            clock.set(allowed)
        result = engine.step()
        assert result.called and result.window_start is not None
        calls.append((result.kind, result.window_start, clock.now()))
        state = engine.state()
        assert state.backfill_from is not None and state.backfill_target is not None
        if state.backfill_from <= state.backfill_target and result.kind == "forward":
            break
    else:
        raise AssertionError("the history import never finished")
    assert fetcher.refused == []
    history = [c for c in calls if c[0] == "history"]
    assert len(history) >= 52
    assert clock.now() - T0 > timedelta(hours=8)  # the walk really took hours
    for _kind, start, at in history:
        assert start >= at - rules.OLDEST_HISTORY
    # It still went as deep as IndiaMART allows at the time of the last window.
    _kind, oldest_start, oldest_at = history[-1]
    assert oldest_start == oldest_at - rules.OLDEST_HISTORY


def test_history_target_follows_the_moving_limit_only_while_walking() -> None:
    walking = SyncState(account="a", covered_until=T0, backfill_from=T0 - 300 * DAY,
                        backfill_target=T0 - rules.OLDEST_HISTORY)
    later = T0 + timedelta(hours=9)
    moved = rules.with_history_target(walking, later, 365)
    assert moved.backfill_target == later - rules.OLDEST_HISTORY
    done = walking.with_(backfill_from=walking.backfill_target)
    assert rules.with_history_target(done, later, 365) is done
    # A shallower history (30 days) done long ago is left alone, even a year on.
    old = SyncState(account="a", covered_until=T0, backfill_from=T0 - 30 * DAY,
                    backfill_target=T0 - 30 * DAY)
    assert rules.with_history_target(old, T0 + 400 * DAY, 30) is old
    # Deepening a finished import later still works, capped at the limit of that moment.
    deeper = rules.with_history_target(old, later, 365)
    assert deeper.backfill_target == later - rules.OLDEST_HISTORY


# ---- a clock far ahead (issue 9, item 6) -----------------------------------------------

def test_nothing_after_indiamart_s_own_time_is_covered() -> None:
    year = timedelta(days=365)
    wrong_now = T0 + year
    window = rules.Window("forward", wrong_now - 7 * DAY, wrong_now)
    first = rules.apply_answer(SyncState(account="a"), window, Outcome.NO_LEADS, "",
                               wrong_now, 300.0, 30, reported=T0)
    assert first.covered_until == T0
    assert first.backfill_from == T0  # the window covered nothing real
    assert first.backfill_target == T0 - 30 * DAY
    # Later answers move the frontier only as far as IndiaMART's time.
    later = rules.Window("forward", T0 - DAY, T0 + 6 * DAY)
    second = rules.apply_answer(first, later, Outcome.LEADS, "", wrong_now + DAY, 300.0, 30,
                                reported=T0 + timedelta(minutes=5))
    assert second.covered_until == T0 + timedelta(minutes=5)
    # A clock a few seconds off (the Date header has whole seconds) changes nothing.
    near = rules.Window("forward", T0 - 7 * DAY, T0 + timedelta(seconds=0.7))
    exact = rules.apply_answer(SyncState(account="a"), near, Outcome.NO_LEADS, "",
                               T0 + timedelta(seconds=0.9), 300.0, 30, reported=T0)
    assert exact.covered_until == near.end and exact.backfill_from == near.start
    # Without a reported time the local clock is all there is.
    blind = rules.apply_answer(SyncState(account="a"), window, Outcome.NO_LEADS, "",
                               wrong_now, 300.0, 30)
    assert blind.covered_until == wrong_now


def test_a_frontier_in_the_future_comes_back_when_the_clock_is_corrected() -> None:
    year = timedelta(days=365)
    future = SyncState(account="a", last_call_at=T0 + year, covered_until=T0 + year,
                       backfill_from=T0 + year - 7 * DAY, backfill_target=T0 + year - 30 * DAY)
    fixed = rules.after_clock_went_back(future, T0, 300.0)
    assert (fixed.last_call_at, fixed.covered_until, fixed.backfill_from) == (T0, T0, T0)
    deepened = rules.with_history_target(fixed, T0, 30)
    assert deepened.backfill_target == T0 - 30 * DAY
    window = rules.plan_window(deepened.with_(last_kind="forward"), T0, timedelta(hours=24))
    assert (window.kind, window.start, window.end) == ("history", T0 - 7 * DAY, T0)
    # Part of the covered range real, part in the future: history is kept as it was.
    partly = SyncState(account="a", covered_until=T0 + DAY, backfill_from=T0 - 3 * DAY)
    fixed = rules.after_clock_went_back(partly, T0, 300.0)
    assert (fixed.covered_until, fixed.backfill_from) == (T0, T0 - 3 * DAY)
    # Seconds ahead are no correction at all.
    close = SyncState(account="a", covered_until=T0 + timedelta(seconds=30))
    assert rules.after_clock_went_back(close, T0, 300.0) is close
