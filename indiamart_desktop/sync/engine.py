"""One sync step: decide, record the call, call, store, move the frontier, schedule.

The decision and the call time are committed in one exclusive transaction before the
request leaves, so a crash mid-request still counts as a call and two processes on one
database can never both decide to call.
"""

from __future__ import annotations

import enum
import itertools
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from indiamart_desktop.config import ACCOUNT, Config
from indiamart_desktop.indiamart.normalize import RecordStream
from indiamart_desktop.indiamart.outcomes import Answer, Outcome
from indiamart_desktop.indiamart.redact import Secret
from indiamart_desktop.store.db import Database, StoreError
from indiamart_desktop.store.leads import LeadWriter, UpsertResult
from indiamart_desktop.store.syncstate import (
    SyncState,
    end_open_call,
    is_refused_key,
    load_state,
    log_call_end,
    log_call_start,
    remember_refused_key,
    save_state,
)
from indiamart_desktop.sync import rules
from indiamart_desktop.sync.clock import Clock

log = logging.getLogger(__name__)


class Fetcher(Protocol):
    def fetch(self, start: datetime, end: datetime) -> Answer: ...


class Skip(enum.Enum):
    """Why a step made no call."""

    NOT_YET = "not_yet"
    KEY_PROBLEM = "key_problem"
    NO_KEY = "no_key"
    STORE_ERROR = "store_error"


@dataclass(frozen=True)
class StepResult:
    called: bool
    state: SyncState
    next_allowed_at: datetime | None
    skip: Skip | None = None
    outcome: Outcome | None = None
    kind: str = ""
    window_start: datetime | None = None
    window_end: datetime | None = None
    new_ids: list[int] = field(default_factory=list)
    updated: int = 0
    skipped: int = 0
    message: str = ""
    store_error: str = ""

    @property
    def new(self) -> int:
        return len(self.new_ids)


class SyncEngine:
    """Makes at most one IndiaMART call per :meth:`step`, obeying DESIGN.md's rules."""

    def __init__(
        self,
        db: Database,
        config: Config,
        fetcher: Fetcher | None,
        clock: Clock,
        account: str = ACCOUNT,
        steady: Callable[[], float] | None = None,
        key: Secret | None = None,
    ) -> None:
        """``steady`` is a clock that does not jump with the wall clock (see
        :func:`~indiamart_desktop.sync.clock.steady_seconds`): with it, this process never
        calls twice within the interval even when the wall clock jumps forward.

        ``key`` is the CRM key ``fetcher`` calls with: after IndiaMART refused a key,
        polling resumes by itself once the key in use is a different one."""
        self.db = db
        self.key = key
        self.config = config
        self.fetcher = fetcher
        self.clock = clock
        self.account = account
        self.writer = LeadWriter(db)
        self.steady = steady
        self._last_call_steady: float | None = None
        #: (last_call_at before, last_call_at written) by the call in flight
        self._recorded_call: tuple[datetime | None, datetime | None] = (None, None)

    @property
    def interval(self) -> float:
        return self.config.effective_interval

    def state(self) -> SyncState:
        return load_state(self.db.conn, self.account)

    def next_allowed_at(self, state: SyncState | None = None, *,
                        explicit: bool = False) -> datetime | None:
        """When the next call may leave (``None``: now, or never while the key is refused);
        ``explicit`` as for :meth:`step`."""
        state = state or self.state()
        if self.key_refused(state):
            return None
        allowed = rules.next_allowed(state, self.interval, backoff=not explicit)
        wait = self._steady_wait()
        if wait > 0:
            soonest = self.clock.now() + timedelta(seconds=wait)
            allowed = soonest if allowed is None else max(allowed, soonest)
        return allowed

    def key_refused(self, state: SyncState | None = None) -> bool:
        """Whether polling waits for the seller: IndiaMART refused the key in use (or, with
        no ``key`` given, some key)."""
        state = state or self.state()
        return state.key_state != "ok" and not self._other_key(self.db.conn)

    def _other_key(self, conn: sqlite3.Connection) -> bool:
        """The key in use is known and is not the one IndiaMART refused."""
        return self.key is not None and not is_refused_key(conn, self.account, self.key.reveal())

    def clear_key_problem(self) -> None:
        """The seller saved a key or asked to retry: allow polling again (rule still holds)."""
        with self.db.transaction() as conn:
            state = load_state(conn, self.account)
            save_state(conn, state.with_(key_state="ok", key_message=""))

    def step(self, *, explicit: bool = False) -> StepResult:
        """One step. ``explicit``: the seller's own Test connection, which waits for
        IndiaMART's rules only (see :func:`rules.next_allowed`), not for the back-off."""
        now = self.clock.now()
        try:
            decided = self._decide(now, explicit)
        except StoreError as error:
            # The result carries the error to the CLI's line and the window's status bar.
            log.info("Cannot record the call: %s", error)
            state = self._safe_state()
            return StepResult(False, state, self.next_allowed_at(state), skip=Skip.STORE_ERROR,
                              store_error=str(error))
        if isinstance(decided, StepResult):
            return decided
        window, call_id = decided
        try:
            return self._finish(window, call_id, self._call(window))
        except BaseException:  # interrupted (Ctrl+C, exit) or a bug: the call still ends
            self._end_unfinished(call_id)
            raise

    def _call(self, window: rules.Window) -> Answer:
        """The fetcher's answer; a fetcher that raises gives a network error (backed off)."""
        assert self.fetcher is not None
        try:
            return self.fetcher.fetch(window.start, window.end)
        except Exception as error:
            log.exception("The call failed unexpectedly")
            return Answer(Outcome.NETWORK_ERROR,
                          message=f"The call failed unexpectedly ({type(error).__name__}).")

    def _end_unfinished(self, call_id: int) -> None:
        """Close the call-log row of a step that did not finish (best effort)."""
        try:
            with self.db.transaction() as conn:
                end_open_call(conn, call_id, self.clock.now(), Outcome.NETWORK_ERROR.value,
                              "Interrupted before the call finished.")
        except Exception:
            log.exception("Cannot close the call-log row of an interrupted call")

    def _steady_wait(self) -> float:
        """Seconds this process must still wait by the steady clock (0 when none)."""
        if self.steady is None or self._last_call_steady is None:
            return 0.0
        return self.interval - (self.steady() - self._last_call_steady)

    def _safe_state(self) -> SyncState:
        try:
            return self.state()
        except Exception:  # the database itself is unusable; report what we can
            log.exception("Cannot read the sync state")
            return SyncState(account=self.account)

    def _decide(self, now: datetime,
                explicit: bool = False) -> StepResult | tuple[rules.Window, int]:
        with self.db.transaction("EXCLUSIVE") as conn:
            state = load_state(conn, self.account)
            if state.key_state != "ok":
                if not self._other_key(conn):
                    return StepResult(False, state, None, skip=Skip.KEY_PROBLEM,
                                      message=state.key_message)
                log.info("The CRM key is not the one IndiaMART refused: polling again")
                state = state.with_(key_state="ok", key_message="")
                save_state(conn, state)
            if self.fetcher is None:
                return StepResult(False, state, rules.next_allowed(state, self.interval),
                                  skip=Skip.NO_KEY)
            corrected = rules.after_clock_went_back(state, now, self.interval)
            if corrected != state:
                log.warning("The clock is behind the last call: waiting from now instead")
                state = corrected
                save_state(conn, state)
            allowed = rules.next_allowed(state, self.interval, backoff=not explicit)
            if allowed is not None and now < allowed:
                return StepResult(False, state, allowed, skip=Skip.NOT_YET)
            steady_wait = self._steady_wait()
            if steady_wait > 0:
                log.warning("The wall clock jumped ahead since the last call: waiting %.0f s",
                            steady_wait)
                return StepResult(False, state, now + timedelta(seconds=steady_wait),
                                  skip=Skip.NOT_YET)
            state = rules.with_history_target(state, now, self.config.history_days)
            window = rules.plan_window(state, now, timedelta(hours=self.config.settle_hours))
            save_state(conn, state.with_(last_call_at=now, last_kind=window.kind))
            self._recorded_call = (state.last_call_at, now)
            call_id = log_call_start(conn, self.account, now, window.kind, window.start,
                                     window.end)
        if self.steady is not None:
            self._last_call_steady = self.steady()
        log.info("Calling IndiaMART (%s window %s .. %s)", window.kind,
                 window.start.isoformat(timespec="seconds"),
                 window.end.isoformat(timespec="seconds"))
        return window, call_id

    def _finish(self, window: rules.Window, call_id: int, answer: Answer) -> StepResult:
        outcome = answer.outcome
        stored = UpsertResult()
        store_error = ""
        skipped = answer.skipped
        began = time.monotonic()
        if outcome is Outcome.LEADS:
            # Normalised and stored a batch at a time, in one transaction (bounded memory).
            stream = RecordStream(answer.records, answer.version)
            try:
                stored = self.writer.upsert(self.account, itertools.chain(answer.leads, stream))
            except StoreError as error:
                store_error = str(error)
            skipped += stream.skipped
            if not (stored.new or stored.updated or stored.unchanged or store_error) and skipped:
                # Every record was unreadable: not a definite answer, ask the window again.
                outcome = Outcome.MALFORMED
        then = self.clock.now()
        # Leads that could not be stored are not safe yet: keep the frontier, back off.
        effective, message = ((Outcome.SERVER_ERROR, store_error) if store_error
                              else (outcome, answer.message))
        try:
            with self.db.transaction() as conn:
                state = load_state(conn, self.account)
                previous, recorded = self._recorded_call
                if not answer.sent and state.last_call_at == recorded:
                    # The request never left: IndiaMART cannot have counted this call.
                    state = state.with_(last_call_at=previous)
                state = rules.apply_answer(state, window, effective, message, then,
                                           self.interval, self.config.history_days,
                                           answer.server_time)
                save_state(conn, state)
                if effective.is_key_problem and self.key is not None:
                    remember_refused_key(conn, self.account, self.key.reveal())
                log_call_end(conn, call_id, then, outcome.value, stored.new, stored.updated,
                             skipped, answer.duration, store_error or answer.message)
        except StoreError as error:
            store_error = store_error or str(error)
            state = self._safe_state()
        log.info("IndiaMART answered %s: %d new, %d updated, %d skipped%s%s "
                 "(%.2fs call + %.2fs storing)",
                 outcome.value, stored.new, stored.updated, skipped,
                 f"; {answer.message}" if answer.message and not outcome.is_definite else "",
                 f"; storing failed: {store_error}" if store_error else "",
                 answer.duration, time.monotonic() - began)
        return StepResult(
            called=True,
            state=state,
            next_allowed_at=self.next_allowed_at(state),
            outcome=outcome,
            kind=window.kind,
            window_start=window.start,
            window_end=window.end,
            new_ids=stored.new_ids,
            updated=stored.updated,
            skipped=skipped,
            message=answer.message,
            store_error=store_error,
        )
