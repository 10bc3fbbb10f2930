"""The background poller: a worker QObject in its own QThread running sync steps.

Only signals cross threads. The worker owns its own database connection and one
single-shot timer armed to the next allowed call (re-planned at least every minute, which
also notices a wake from sleep). The GUI never blocks on the network.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from indiamart_desktop.account import Account
from indiamart_desktop.credentials import KeyStore
from indiamart_desktop.store.db import StoreError
from indiamart_desktop.store.syncstate import SyncState
from indiamart_desktop.sync.abortable import AbortableFetcher
from indiamart_desktop.sync.clock import Clock, SystemClock, steady_seconds
from indiamart_desktop.sync.engine import StepResult, SyncEngine

log = logging.getLogger(__name__)

#: Re-plan at least this often, so a clock jump or a wake from sleep is noticed.
REPLAN_MS = 60_000
#: QTimer counts in a signed 32-bit int of milliseconds.
MAX_TIMER_MS = 2**31 - 1


@dataclass(frozen=True)
class PollStatus:
    """What the status bar shows; sent after every step and every re-plan."""

    state: SyncState
    next_allowed_at: datetime | None
    paused: bool
    busy: bool
    missing: str = ""
    last: StepResult | None = None
    store_error: str = ""


class PollWorker(QObject):
    status = Signal(object)          # PollStatus
    newLeads = Signal(list)          # lead ids from a forward poll (these notify)
    leadsStored = Signal()           # any change to the lead table (history included)
    checkRefused = Signal(object)    # datetime: Check now was asked too early
    stopped = Signal()

    def __init__(self, data_dir: Path, keystore: KeyStore, clock: Clock | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.keystore = keystore
        self.clock = clock or SystemClock()
        self.account: Account | None = None
        self.engine: SyncEngine | None = None
        self._fetcher: AbortableFetcher | None = None
        self.paused = False
        self._timer: QTimer | None = None
        self._last: StepResult | None = None
        self._store_error = ""

    # --- lifecycle, all in the worker thread -------------------------------------------
    @Slot()
    def start(self) -> None:
        self._timer = QTimer(self)
        self._timer.setObjectName("pollTimer")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self.reload()

    @Slot()
    def reload(self) -> None:
        """(Re)build the engine from the stored configuration and key."""
        if self.account is not None:
            self.account.close()
        try:
            self.account = Account.open(self.data_dir, self.keystore)
        except StoreError as error:
            log.error("Poller cannot open the database: %s", error)
            self.account = None
            self.engine = None
            self._store_error = str(error)
            self._arm()  # tried again in a minute
            return
        self._store_error = ""
        client = self.account.client()
        self._fetcher = AbortableFetcher(client) if client is not None else None
        steady = steady_seconds if isinstance(self.clock, SystemClock) else None
        self.engine = SyncEngine(self.account.db, self.account.config, self._fetcher, self.clock,
                                 steady=steady,
                                 key=self.account.keystore.get(self.account.config.api))
        self._arm()

    def abort_call(self) -> None:
        """Give up an in-flight call at once (thread-safe: called from the GUI thread)."""
        fetcher = self._fetcher
        if fetcher is not None:
            fetcher.abort()

    @Slot()
    def stop(self) -> None:
        self.abort_call()
        if self._timer is not None:
            self._timer.stop()
        if self.account is not None:
            self.account.close()
            self.account = None
        self.engine = None
        self.stopped.emit()

    # --- commands from the GUI ------------------------------------------------------
    @Slot()
    def check_now(self) -> None:
        if self.engine is None:
            return
        allowed = self.engine.next_allowed_at()
        if allowed is not None and self.clock.now() < allowed:
            self.checkRefused.emit(allowed)
            return
        self._tick(forced=True)

    @Slot(bool)
    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self._arm()

    @Slot()
    def retry_key(self) -> None:
        if self.engine is not None:
            self.engine.clear_key_problem()
        self.reload()

    # --- the loop -------------------------------------------------------------------
    def _tick(self, forced: bool = False) -> None:
        if self.account is None:
            self.reload()  # the database could not be opened last time
            return
        engine = self.engine
        if engine is None or (self.paused and not forced):
            self._arm()
            return
        try:
            had_frontier = engine.state().covered_until is not None
        except Exception:
            log.exception("Cannot read the sync state")
            had_frontier = True
        self._emit_status(busy=True)
        result = engine.step()
        self._last = result
        self._store_error = result.store_error
        if result.called and (result.new or result.updated):
            self.leadsStored.emit()
            if result.new and result.kind == "forward" and had_frontier:
                self.newLeads.emit(list(result.new_ids))
        self._arm()

    def _arm(self) -> None:
        if self._timer is None:
            return
        self._timer.stop()
        missing = self.account.missing() if self.account is not None else ""
        self._emit_status(missing=missing)
        if self.engine is None or self.paused or missing or self._store_error:
            # A full disk or read-only folder: try again in a minute, not in a loop.
            self._timer.start(REPLAN_MS)
            return
        try:
            allowed = self.engine.next_allowed_at()
            key_ok = not self.engine.key_refused()  # another key than the refused one polls
        except Exception:
            log.exception("Cannot read the sync state")
            self._timer.start(REPLAN_MS)
            return
        if allowed is None and not key_ok:
            return  # a key problem: wait for the seller, never retry in a loop
        delay_ms = 0
        if allowed is not None:
            delay_ms = int((allowed - self.clock.now()) / timedelta(milliseconds=1)) + 50
        self._timer.start(max(0, min(delay_ms, REPLAN_MS, MAX_TIMER_MS)))

    def _emit_status(self, *, busy: bool = False, missing: str = "") -> None:
        if self.engine is None:
            self.status.emit(PollStatus(SyncState(account=""), None, self.paused, False,
                                        missing, self._last, self._store_error))
            return
        try:
            state = self.engine.state()
        except Exception:
            log.exception("Cannot read the sync state")
            return
        self.status.emit(PollStatus(state, self.engine.next_allowed_at(state), self.paused,
                                    busy, missing, self._last, self._store_error))


class Poller(QObject):
    """GUI-side handle: owns the thread and relays the worker's signals in the GUI thread."""

    status = Signal(object)
    newLeads = Signal(list)
    leadsStored = Signal()
    checkRefused = Signal(object)
    _start = Signal()
    _check = Signal()
    _pause = Signal(bool)
    _reload = Signal()
    _retry = Signal()
    _stop = Signal()

    def __init__(self, data_dir: Path, keystore: KeyStore, clock: Clock | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread_ = QThread()
        self.thread_.setObjectName("poller")
        self.worker = PollWorker(data_dir, keystore, clock)
        self.worker.moveToThread(self.thread_)
        self.last_status: PollStatus | None = None
        self._start.connect(self.worker.start)
        self._check.connect(self.worker.check_now)
        self._pause.connect(self.worker.set_paused)
        self._reload.connect(self.worker.reload)
        self._retry.connect(self.worker.retry_key)
        self._stop.connect(self.worker.stop)
        self._closed = False
        self.worker.status.connect(self._on_status)
        self.worker.newLeads.connect(self._on_new_leads)
        self.worker.leadsStored.connect(self._on_leads_stored)
        self.worker.checkRefused.connect(self._on_check_refused)
        # Direct: the GUI thread is blocked in wait() during shutdown, so nothing queued to
        # it would run; QThread.quit is thread-safe.
        self.worker.stopped.connect(self.thread_.quit, Qt.ConnectionType.DirectConnection)

    # Relays: signals still queued when the poller shut down are dropped, not delivered
    # to a window whose database is closing.
    def _on_status(self, status: PollStatus) -> None:
        if not self._closed:
            self.last_status = status
            self.status.emit(status)

    def _on_new_leads(self, ids: list[int]) -> None:
        if not self._closed:
            self.newLeads.emit(ids)

    def _on_leads_stored(self) -> None:
        if not self._closed:
            self.leadsStored.emit()

    def _on_check_refused(self, allowed: object) -> None:
        if not self._closed:
            self.checkRefused.emit(allowed)

    def start(self) -> None:
        self.thread_.start()
        self._start.emit()

    def check_now(self) -> None:
        self._check.emit()

    def set_paused(self, paused: bool) -> None:
        self._pause.emit(paused)

    def reload(self) -> None:
        self._reload.emit()

    def retry_key(self) -> None:
        self._retry.emit()

    def shutdown(self, timeout_ms: int = 1000) -> bool:
        """Stop the worker and its thread; True when the thread ended in time."""
        self._closed = True
        if not self.thread_.isRunning():
            return True
        self.worker.abort_call()
        self._stop.emit()
        finished = self.thread_.wait(timeout_ms)
        if not finished:
            log.warning("The poller thread did not stop within %d ms", timeout_ms)
        return bool(finished)
