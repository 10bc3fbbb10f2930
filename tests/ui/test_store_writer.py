"""Writes leave the GUI thread: a database locked by another program never freezes the
window, and a change that cannot be saved yet is kept and saved later."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lead_rows import add_leads
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot
from ui_helpers import Desk, open_desk

from indiamart_desktop.store.db import DB_FILENAME, Database
from indiamart_desktop.store.leads import LeadStatus
from indiamart_desktop.store.query import LeadQuery
from indiamart_desktop.ui.store_writer import StoreWriter


class WriteLock:
    """Another connection (as another program would) holding the database's write lock."""

    def __init__(self, data_dir: Path) -> None:
        self.conn = sqlite3.connect(data_dir / DB_FILENAME, isolation_level=None,
                                    check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
        self.conn.close()


@pytest.fixture
def desk(qtbot: QtBot, tmp_data_dir: Path) -> Iterator[Desk]:
    add_leads(tmp_data_dir, 3)
    desk = open_desk(tmp_data_dir, with_key=False)
    yield desk
    desk.close()


def _read_flags(data_dir: Path) -> dict[int, int]:
    db = Database.in_folder(data_dir)
    try:
        return {int(r[0]): int(r[1]) for r in db.conn.execute("SELECT id, is_read FROM leads")}
    finally:
        db.close()


#: A 20 ms timer may come this late on a loaded 2-core machine; a write on the GUI thread
#: would hold it for the whole busy timeout (seconds).
LATE_MS = 500


def _event_loop_gap_ms(qtbot: QtBot, action: object) -> float:
    """Run ``action`` from the event loop; how late a 20 ms timer armed beside it fires."""
    fired: list[float] = []
    started = time.monotonic()
    QTimer.singleShot(0, action)  # type: ignore[call-overload]
    QTimer.singleShot(20, lambda: fired.append(time.monotonic()))
    qtbot.waitUntil(lambda: bool(fired), timeout=5000)
    return (fired[0] - started) * 1000


def test_opening_a_lead_while_another_program_holds_the_lock_does_not_freeze(
        qtbot: QtBot, tmp_data_dir: Path, desk: Desk) -> None:
    window = desk.window
    lock = WriteLock(tmp_data_dir)
    try:
        gap = _event_loop_gap_ms(qtbot, lambda: window.table.selectRow(1))
        assert gap < LATE_MS, f"the window froze for {gap:.0f} ms on the locked database"
        opened = window.detail.lead
        assert opened is not None and opened.is_read, "the pane shows the lead as read at once"
        assert _read_flags(tmp_data_dir)[opened.id] == 0, "the lock holds: not written yet"
        # Edits in the pane while still locked: queued in order, none waits on the lock.
        gap = _event_loop_gap_ms(qtbot, lambda: window.detail.star.setChecked(True))
        assert gap < LATE_MS
        window.detail.status.setCurrentIndex(window.detail.status.findData("quoted"))
        window.detail.notes.setPlainText("call after Diwali")
        window.detail.save_notes()
        assert window.writer.pending() == 4
    finally:
        lock.release()
    qtbot.waitUntil(lambda: window.writer.pending() == 0, timeout=10_000)
    stored = LeadQuery(desk.db).get(opened.id)
    assert stored is not None
    assert (stored.is_read, stored.starred, stored.status, stored.notes) == (
        1, 1, LeadStatus.QUOTED.value, "call after Diwali")
    assert window.model.index(1, 0).data(Qt.ItemDataRole.FontRole) is None, "shown as read"


def test_a_write_that_cannot_wait_longer_is_reported_kept_and_retried(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    ids = add_leads(tmp_data_dir, 2)
    writer = StoreWriter(tmp_data_dir / DB_FILENAME, busy_ms=100, retry_ms=200)
    failures: list[str] = []
    saved: list[list[int]] = []
    writer.failed.connect(failures.append)
    writer.saved.connect(lambda _job, written: saved.append(written))
    lock = WriteLock(tmp_data_dir)
    try:
        writer.set_read([ids[0]])
        writer.set_read([ids[1]])
        qtbot.waitUntil(lambda: len(failures) >= 2, timeout=5000)
        assert "busy" in failures[0] and not saved
        assert writer.pending() == 2, "nothing is dropped while the lock holds"
    finally:
        lock.release()
        qtbot.waitUntil(lambda: writer.pending() == 0, timeout=5000)
        assert writer.shutdown()
    assert saved == [[ids[0]], [ids[1]]], "the kept changes land in order"
    assert _read_flags(tmp_data_dir) == {ids[0]: 1, ids[1]: 1}


def test_the_window_says_when_a_change_is_not_saved_yet_and_when_it_is(
        qtbot: QtBot, tmp_data_dir: Path, desk: Desk) -> None:
    window = desk.window
    lock = WriteLock(tmp_data_dir)
    try:
        window.table.selectRow(1)
        qtbot.waitUntil(lambda: "not saved yet" in window.status_bar.currentMessage(),
                        timeout=15_000)
        assert "saved again" in window.status_bar.currentMessage()
    finally:
        lock.release()
    qtbot.waitUntil(lambda: window.status_bar.currentMessage() == "Your changes are saved.",
                    timeout=15_000)
    assert window.writer.pending() == 0


def test_the_gui_thread_never_waits_long_for_a_lock(qtbot: QtBot, desk: Desk) -> None:
    """Its connection only reads; should a read ever meet a lock, it gives up within 1 s."""
    timeout = int(desk.window.db.conn.execute("PRAGMA busy_timeout").fetchone()[0])
    assert 0 < timeout <= 1000
