"""The work queues beside the lead table: Needs reply, Missed calls, Follow-ups, Repeat
buyers, Starred and All leads, each with its live count.

Counts come from one SQL query (:func:`indiamart_desktop.desk.queues.counts`, each part
counting one partial index), never from a loop over leads. They are read again when the
controller says leads changed (a poll batch, a saved edit) and once a minute, since
follow-ups fall due and "today" ends with the clock alone. Choosing a queue emits
``viewChanged(View)``; the window combines that view with the filter bar's filters.

:class:`WaitingAge` is how long a lead waiting for its first reply has waited ("12 min",
"3 h"), with its level (amber, red) at the seller's thresholds: the table shows it as
text and a marker, never as colour alone.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from indiamart_desktop.desk.queues import View, age_level, age_text, counts
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.query import StoredLead

log = logging.getLogger(__name__)
_tr = QCoreApplication.translate

#: The counts are read again at least this often (follow-ups fall due with the clock).
COUNT_REFRESH_MS = 60_000
VIEW_ROLE = Qt.ItemDataRole.UserRole + 1
#: A marker for each waiting level, so the level never rests on colour alone.
MARKERS = {"ok": "", "amber": "⚠", "red": "‼"}
COLOURS = {"amber": QColor("#b26a00"), "red": QColor("#c62828")}


def view_label(view: View) -> str:
    labels = {
        View.NEEDS_REPLY: _tr("Queues", "Needs reply"),
        View.MISSED_CALLS: _tr("Queues", "Missed calls"),
        View.FOLLOW_UPS: _tr("Queues", "Follow-ups"),
        View.REPEAT_BUYERS: _tr("Queues", "Repeat buyers"),
        View.STARRED: _tr("Queues", "Starred"),
        View.ALL: _tr("Queues", "All leads"),
    }
    return labels[view]


def tray_summary(found: Mapping[View, int]) -> str:
    """The tray tooltip's line: "3 need a reply, 2 follow-ups due" (empty when neither)."""
    parts: list[str] = []
    if found.get(View.NEEDS_REPLY):
        parts.append(_tr("Queues", "%1 need a reply").replace(
            "%1", str(found[View.NEEDS_REPLY])))
    if found.get(View.MISSED_CALLS):
        parts.append(_tr("Queues", "%1 missed calls").replace(
            "%1", str(found[View.MISSED_CALLS])))
    if found.get(View.FOLLOW_UPS):
        parts.append(_tr("Queues", "%1 follow-ups due").replace(
            "%1", str(found[View.FOLLOW_UPS])))
    return ", ".join(parts)


class WaitingAge:
    """How long a lead has waited for its first contact, at the seller's thresholds."""

    def __init__(self, settings: Mapping[str, str],
                 clock: Callable[[], float] = time.time) -> None:
        self.settings = dict(settings)
        self.clock = clock

    def of(self, lead: StoredLead) -> tuple[str, str] | None:
        """("12 min ⚠", "amber") for a lead still waiting, None for one contacted."""
        if lead.first_contact_ts is not None or lead.status in ("won", "lost", "spam"):
            return None
        waited = self.clock() - lead.received_ts
        level = age_level(waited, self.settings)
        text = age_text(waited)
        return (f"{text} {MARKERS[level]}".strip(), level)

    @staticmethod
    def brush(level: str) -> QBrush | None:
        colour = COLOURS.get(level)
        return QBrush(colour) if colour is not None else None

    @staticmethod
    def level_words(level: str) -> str:
        words = {"amber": _tr("Queues", "waiting long"),
                 "red": _tr("Queues", "waiting too long")}
        return words.get(level, "")


class QueueSidebar(QListWidget):
    """One row per queue with its count; the chosen queue is the table's view."""

    viewChanged = Signal(object)   # View
    countsChanged = Signal(object)  # dict[View, int]

    def __init__(self, db: Database, parent: QWidget | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self.db = db
        self.clock = clock
        self.found: dict[View, int] = {}
        self.setObjectName("queueSidebar")
        self.setAccessibleName(self.tr("Work queues"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMaximumWidth(190)
        self.setMinimumWidth(130)
        for view in View:
            item = QListWidgetItem(view_label(view), self)
            item.setData(VIEW_ROLE, view)
        self.setCurrentRow(len(View) - 1)  # All leads
        self.currentItemChanged.connect(self._changed)
        self.timer = QTimer(self)
        self.timer.setObjectName("queueCounts")
        self.timer.setInterval(COUNT_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    def view(self) -> View:
        item = self.currentItem()
        return item.data(VIEW_ROLE) if item is not None else View.ALL  # type: ignore[no-any-return]

    def select(self, view: View) -> None:
        self.setCurrentRow(list(View).index(view))

    def item_of(self, view: View) -> QListWidgetItem:
        item = self.item(list(View).index(view))
        assert item is not None
        return item

    def refresh(self) -> None:
        """Read every queue's count again (one query) and show it."""
        try:
            self.found = counts(self.db.conn, self.clock())
        except sqlite3.Error as error:  # a locked or damaged file: keep the last counts
            log.warning("Queue counts could not be read: %s", error)
            return
        for view, count in self.found.items():
            item = self.item_of(view)
            label = view_label(view)
            item.setText(f"{label}  ({count})")
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         self.tr("%1: %2 leads").replace("%1", label).replace("%2", str(count)))
        self.countsChanged.emit(dict(self.found))

    def _changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.viewChanged.emit(current.data(VIEW_ROLE))
