"""The seller's desk in the main window: work queues beside the table, the lead's
timeline, follow-up reminders, and the queue counts in the tray tooltip.

The window owns one :class:`DeskController`; it reads the queue counts again after each
poll batch and each saved edit (and the sidebar once a minute), re-arms the reminder timer
after edits, and routes reminders through the same notification path as new leads: the
tray icon, else the desktop's notification server (with a default action opening the
lead), else the status bar.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from indiamart_desktop.desk.queues import View
from indiamart_desktop.store.query import QUEUE_ORDER, Sort
from indiamart_desktop.store.settings import read_settings
from indiamart_desktop.ui.queue_sidebar import QueueSidebar, WaitingAge, tray_summary
from indiamart_desktop.ui.reminder_scheduler import ReminderScheduler
from indiamart_desktop.ui.store_writer import WriteJob
from indiamart_desktop.ui.timeline_view import TimelineView

if TYPE_CHECKING:
    from indiamart_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class DeskController(QObject):
    def __init__(self, window: MainWindow, apply: Callable[[], None],
                 clock: Callable[[], float] = time.time) -> None:
        """``apply`` applies the filter bar's filters again (with the chosen queue)."""
        super().__init__(window)
        self.window = window
        self.apply = apply
        self.clock = clock
        self.sidebar = QueueSidebar(window.db, window, clock)
        window.model.ages = self.ages = WaitingAge(self._settings(), clock)
        self.timeline = TimelineView(window.db, window.writer, window, clock)
        self.scheduler = ReminderScheduler(window.db, self, clock)

        self.sidebar.viewChanged.connect(self._view_changed)
        self.sidebar.countsChanged.connect(self._counts_changed)
        self.sidebar.timer.timeout.connect(self._minute)
        window.poller.leadsStored.connect(self.sidebar.refresh)
        window.writer.saved.connect(self._saved)
        window.table.horizontalHeader().sortIndicatorChanged.connect(
            lambda *_: window.table.horizontalHeader().setSortIndicatorShown(True))
        self.scheduler.remind.connect(self.notify)
        window.detail.add_section(self.timeline)
        window.detail.shown.connect(self.timeline.show_lead)
        window.detail.contact.contactStarted.connect(self.timeline.attempted)

    def start(self) -> None:
        """Once the window is built: the counts, and the reminders (with the summary of
        those missed while the program was closed)."""
        self.sidebar.refresh()
        self.scheduler.start()

    def wrap(self, left: QWidget) -> QWidget:
        """The sidebar and ``left`` (filter bar over the table) side by side."""
        box = QWidget(self.window)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sidebar)
        row.addWidget(left, 1)
        return box

    def view(self) -> View:
        return self.sidebar.view()

    # --- queues ---------------------------------------------------------------------
    def _view_changed(self, view: View) -> None:
        model = self.window.model
        header = self.window.table.horizontalHeader()
        if view is View.ALL:
            header.setSortIndicatorShown(True)
            model.sort_order = Sort()
            model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        else:
            # The queue's own order (oldest waiting first, overdue first) until the
            # seller clicks a column.
            header.setSortIndicatorShown(False)
            model.sort_order = Sort(QUEUE_ORDER)
        self.apply()

    def _counts_changed(self, found: dict[View, int]) -> None:
        if self.window.tray is not None:
            self.window.tray.set_desk(tray_summary(found))

    def _settings(self) -> dict[str, str]:
        try:
            return read_settings(self.window.db)
        except sqlite3.Error as error:
            log.warning("Desk settings could not be read: %s", error)
            return {}

    def _minute(self) -> None:
        self.ages.settings = self._settings()  # the seller may have changed the thresholds
        if self.view() in (View.NEEDS_REPLY, View.MISSED_CALLS):
            self.window.model.reload_rows()  # the ages move on

    def _saved(self, job: WriteJob, _written: list[int]) -> None:
        self.sidebar.refresh()
        self.scheduler.arm()
        shown = self.window.detail.lead
        if job.event is not None and shown is not None and shown.id == job.lead_id:
            # The event changed derived fields (status, first contact, follow-up).
            lead = self.window.writer.overlay(self.window.query.get(shown.id))
            self.window.detail.show_lead(lead)  # the timeline follows the pane

    # --- reminders --------------------------------------------------------------------
    def notify(self, title: str, body: str, lead_id: int) -> None:
        """A reminder, through the tray, else the desktop, else the status bar."""
        window = self.window
        if window.tray is not None:
            window.tray.message(title, body, lead_id)
            return
        if not window.notifier.send(title, body, lead_id):
            window.status_bar.showMessage(" – ".join([title, *body.splitlines()[:1]]), 60_000)
            QApplication.alert(window)
