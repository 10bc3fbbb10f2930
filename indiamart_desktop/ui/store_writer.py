"""The seller's edits reach the database from a thread of their own, never from the GUI.

A lead marked read, a status, notes, a follow-up date, a star, "mark all as read": each
is a job queued to a worker QObject in its own QThread with its own SQLite connection.
Jobs run in order; one that fails (the database locked by another program, a full disk)
stays at the head of the queue and is tried again a few seconds later, so nothing is lost
and no later edit overtakes it. The window shows edits at once (``overlay``) and hears
``saved`` or ``failed`` back.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from indiamart_desktop.desk.bulk import apply_to_leads
from indiamart_desktop.desk.timeline import TimelineError, record_event
from indiamart_desktop.store.db import Database, StoreError
from indiamart_desktop.store.leads import LeadStatus, LeadWriter
from indiamart_desktop.store.query import LeadFilter, StoredLead

log = logging.getLogger(__name__)

#: The writer waits this long for another program's write lock before saying so (and
#: trying again after RETRY_MS); the GUI never waits. At quit it waits QUIT_BUSY_MS once.
WRITER_BUSY_MS = 5_000
RETRY_MS = 3_000
QUIT_BUSY_MS = 2_000
_job_ids = itertools.count(1)


@dataclass(frozen=True)
class WriteJob:
    """One change: seller fields of a lead, read flags of some leads, or of a whole view."""

    lead_id: int = 0
    changes: dict[str, object] = field(default_factory=dict)
    read_ids: tuple[int, ...] = ()
    read: bool = True
    read_filter: LeadFilter | None = None
    #: A timeline event of ``lead_id`` (desk/timeline.py ``record_event`` arguments).
    event: dict[str, object] | None = None
    #: The leads of a selection: ``changes`` (desk/bulk.py ``apply_to_leads`` arguments)
    #: go to all of them in one transaction.
    bulk_ids: tuple[int, ...] = ()
    id: int = field(default_factory=lambda: next(_job_ids))


def applied(lead: StoredLead, changes: dict[str, object]) -> StoredLead:
    """``lead`` as it will be once ``changes`` (set_seller_fields arguments) are written."""
    values: dict[str, object] = {}
    for name, value in changes.items():
        if name == "status" and isinstance(value, LeadStatus):
            values["status"] = value.value
        elif name == "status" and isinstance(value, str):  # a selection's status
            values["status"] = value
        elif name == "follow_up_ts":
            values["follow_up_ts"] = value
        elif name == "notes":
            values["notes"] = value
        elif name == "follow_up":
            values["follow_up"] = value.isoformat() if isinstance(value, date) else None
        elif name == "starred":
            values["starred"] = int(bool(value))
        elif name == "read":
            values["is_read"] = int(bool(value))
        elif name == "lost_reason":
            values["lost_reason"] = value
    return replace(lead, **values)  # type: ignore[arg-type]


class _Worker(QObject):
    done = Signal(object, object)   # WriteJob, list[int]: the leads written
    failed = Signal(object, str)    # WriteJob, a sentence; the job is kept and retried
    idle = Signal()

    def __init__(self, path: Path, busy_ms: int, retry_ms: int) -> None:
        super().__init__()
        self.path = path
        self.busy_ms = busy_ms
        self.retry_ms = retry_ms
        self.queue: deque[WriteJob] = deque()
        self.db: Database | None = None
        self._retry: QTimer | None = None

    @Slot(object)
    def submit(self, job: WriteJob) -> None:
        self.queue.append(job)
        if self._retry is None or not self._retry.isActive():
            self._drain()

    @Slot()
    def _drain(self) -> None:
        while self.queue:
            job = self.queue[0]
            try:
                written = self._run(job)
            except StoreError as error:
                log.warning("A change could not be saved yet (tried again in %d ms): %s",
                            self.retry_ms, error)
                self.failed.emit(job, str(error))
                if self._retry is None:
                    self._retry = QTimer(self)
                    self._retry.setObjectName("writeRetry")
                    self._retry.setSingleShot(True)
                    self._retry.timeout.connect(self._drain)
                self._retry.start(self.retry_ms)
                return
            self.queue.popleft()
            self.done.emit(job, written)
        self.idle.emit()

    def _run(self, job: WriteJob) -> list[int]:
        if self.db is None:
            self.db = Database(self.path)
            self.db.conn.execute(f"PRAGMA busy_timeout = {int(self.busy_ms)}")
        if job.event is not None:
            try:
                record_event(self.db, job.lead_id, **job.event)  # type: ignore[arg-type]
            except TimelineError as error:  # e.g. the lead is gone: nothing to retry
                log.error("A timeline event was not recorded: %s", error)
                return []
            return [job.lead_id]
        if job.bulk_ids:
            try:
                return apply_to_leads(self.db, job.bulk_ids, now=time.time(),
                                      **job.changes)  # type: ignore[arg-type]
            except TimelineError as error:  # a bad change: nothing to retry
                log.error("A change to the selected leads was refused: %s", error)
                return []
        writer = LeadWriter(self.db)
        if job.read_filter is not None:
            return writer.mark_read(job.read_filter)
        if job.read_ids:
            writer.set_read(job.read_ids, job.read)
            return list(job.read_ids)
        writer.set_seller_fields(job.lead_id, **job.changes)  # type: ignore[arg-type]
        return [job.lead_id]

    @Slot()
    def stop(self) -> None:
        if self._retry is not None:
            self._retry.stop()
        if self.queue and self.db is not None:
            # Changes still waiting for a lock: one last, short try before quitting.
            self.db.conn.execute(f"PRAGMA busy_timeout = {QUIT_BUSY_MS}")
            self._drain()
            if self._retry is not None:
                self._retry.stop()
        if self.queue:
            log.error("%d change(s) could not be saved before quitting", len(self.queue))
        if self.db is not None:
            self.db.close()
            self.db = None
        self.thread().quit()


class StoreWriter(QObject):
    """GUI-side handle of the writer thread; every method returns at once."""

    saved = Signal(object, object)   # WriteJob, list[int]
    failed = Signal(str)             # why the latest change is not saved yet
    _submit = Signal(object)
    _stop = Signal()

    def __init__(self, db_path: Path, busy_ms: int = WRITER_BUSY_MS, retry_ms: int = RETRY_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: dict[int, WriteJob] = {}
        self._closed = False
        self.thread_ = QThread()
        self.thread_.setObjectName("store-writer")
        self.worker = _Worker(Path(db_path), busy_ms, retry_ms)
        self.worker.moveToThread(self.thread_)
        self._submit.connect(self.worker.submit)
        self._stop.connect(self.worker.stop)
        self.worker.done.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        self.thread_.start()

    # --- changes ---------------------------------------------------------------------
    def edit(self, lead: StoredLead, **changes: object) -> StoredLead:
        """Queue seller-field changes of ``lead``; returns the lead as it now reads."""
        self._queue(WriteJob(lead_id=lead.id, changes=dict(changes)))
        return applied(lead, changes)

    def record(self, lead_id: int, kind: str, **event: object) -> None:
        """Queue a timeline event of ``lead_id`` (kind, now, channel, outcome, text,
        due_ts); its derived lead fields change with it, in one transaction."""
        self._queue(WriteJob(lead_id=lead_id, event={"kind": kind, **event}))

    def edit_many(self, lead_ids: list[int], **changes: object) -> None:
        """Queue one change (status, lost_reason, starred, read, follow_up_ts) of every
        lead of a selection, as ONE job and one transaction."""
        if lead_ids and changes:
            self._queue(WriteJob(changes=dict(changes), bulk_ids=tuple(lead_ids)))

    def set_read(self, lead_ids: list[int], read: bool = True) -> None:
        if lead_ids:
            self._queue(WriteJob(read_ids=tuple(lead_ids), read=read))

    def mark_all_read(self, flt: LeadFilter) -> None:
        """Every unread lead of this view; ``saved`` then carries their ids (to undo)."""
        self._queue(WriteJob(read_filter=flt))

    def overlay(self, lead: StoredLead | None) -> StoredLead | None:
        """``lead`` as read from the database, with the changes still queued for it."""
        if lead is None:
            return None
        for job in self._pending.values():
            if job.lead_id == lead.id or lead.id in job.bulk_ids:
                lead = applied(lead, job.changes)
            elif lead.id in job.read_ids:
                lead = replace(lead, is_read=int(job.read))
        return lead

    def pending(self) -> int:
        return len(self._pending)

    def _queue(self, job: WriteJob) -> None:
        if self._closed:
            log.error("A change was made after the writer stopped; it is not saved")
            return
        self._pending[job.id] = job
        self._submit.emit(job)

    # --- answers from the worker ---------------------------------------------------------
    def _on_done(self, job: WriteJob, written: list[int]) -> None:
        self._pending.pop(job.id, None)
        if not self._closed:
            self.saved.emit(job, written)

    def _on_failed(self, _job: WriteJob, message: str) -> None:
        if not self._closed:
            self.failed.emit(message)

    def shutdown(self, timeout_ms: int = WRITER_BUSY_MS + QUIT_BUSY_MS + 1000) -> bool:
        """Let queued changes land (up to ``timeout_ms``), then stop the thread."""
        if self._closed:
            return not self.thread_.isRunning()
        self._closed = True
        self._stop.emit()
        finished = bool(self.thread_.wait(timeout_ms))
        if not finished:
            log.warning("The writer thread did not stop within %d ms", timeout_ms)
        return finished
