"""Follow-up reminders while the program runs (in the window or in the tray).

One single-shot QTimer is armed to the next follow-up due (:class:`desk.reminders.Reminders`
says when), and armed again after every edit; it never waits longer than
``MAX_WAIT_MS`` at once (QTimer takes at most 2^31 - 1 ms, and a shorter wait also
notices a clock moved by sleep or by hand). When it fires, each reminder that fell due
since the last look is announced once: "Follow up: Vinod Das, Steel Pipes". At start,
those that fell due while the program was closed come as ONE summary, never a burst.
The clock is injected, so tests run the whole schedule without waiting.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from indiamart_desktop.desk.reminders import Reminder, Reminders
from indiamart_desktop.store.db import Database, StoreError

log = logging.getLogger(__name__)
_tr = QCoreApplication.translate

#: The longest single wait: well under QTimer's 2^31 - 1 ms limit.
MAX_WAIT_MS = 15 * 60 * 1000
_QTIMER_LIMIT_MS = 2**31 - 1


def wait_ms(due_ts: float, now: float) -> int:
    """Milliseconds until ``due_ts`` (at least 0), capped at :data:`MAX_WAIT_MS`."""
    return int(min(max((due_ts - now) * 1000.0, 0.0), MAX_WAIT_MS, _QTIMER_LIMIT_MS))


def _who(reminder: Reminder) -> str:
    return reminder.name or reminder.company or reminder.query_id


def reminder_text(reminder: Reminder) -> tuple[str, str]:
    """Title and body of one reminder, plain text."""
    title = _tr("Reminders", "Follow up: %1").replace(
        "%1", ", ".join(p for p in (_who(reminder), reminder.product) if p))
    body = _tr("Reminders", "Due %1").replace(
        "%1", reminder.due_at.strftime("%d-%m-%Y %H:%M IST"))
    return title, body


def summary_text(missed: list[Reminder]) -> tuple[str, str]:
    """One notification for the follow-ups that fell due while the program was closed."""
    if len(missed) == 1:
        return reminder_text(missed[0])
    title = _tr("Reminders", "%1 follow-ups fell due while the program was closed").replace(
        "%1", str(len(missed)))
    lines = [", ".join(p for p in (_who(r), r.product) if p) for r in missed[:3]]
    if len(missed) > 3:
        lines.append(_tr("Reminders", "…and %1 more").replace("%1", str(len(missed) - 3)))
    return title, "\n".join(lines)


class ReminderScheduler(QObject):
    """Emits ``remind(title, body, lead_id)`` for each follow-up falling due."""

    remind = Signal(str, str, int)

    def __init__(self, db: Database, parent: QObject | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self.reminders = Reminders(db, clock)
        self.clock = clock
        self.timer = QTimer(self)
        self.timer.setObjectName("followUpReminder")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.fire)

    def start(self) -> None:
        """At program start: one summary of what fell due while closed, then arm."""
        try:
            missed = self.reminders.start()
        except (StoreError, sqlite3.Error) as error:
            log.warning("Follow-ups missed while closed could not be read: %s", error)
            missed = []
        if missed:
            title, body = summary_text(missed)
            self.remind.emit(title, body, missed[0].lead_id)
        self.arm()

    def arm(self) -> None:
        """Arm the timer to the next follow-up due (after any edit, and after firing)."""
        self.timer.stop()
        try:
            due = self.reminders.next_due_ts()
        except sqlite3.Error as error:
            log.warning("The next follow-up could not be read: %s", error)
            due = self.clock() + MAX_WAIT_MS / 1000  # look again later
        if due is None:
            return
        self.timer.start(wait_ms(due, self.clock()))

    def fire(self) -> None:
        """The timer ran out: announce each follow-up now due, once."""
        try:
            found = self.reminders.due()
        except (StoreError, sqlite3.Error) as error:
            log.warning("Follow-ups due could not be read: %s", error)
            found = []
        for reminder in found:
            title, body = reminder_text(reminder)
            log.info("Follow-up due for lead %d", reminder.lead_id)
            self.remind.emit(title, body, reminder.lead_id)
        self.arm()
