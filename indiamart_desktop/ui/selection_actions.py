"""Actions on the leads selected in the table: status (a lost lead with its reason), star,
read or unread, a follow-up quick pick, export of just those leads; the same actions in
the table's right-click menu and a "Selection" menu.

Each action is ONE job of the writer thread for the whole selection (desk/bulk.py), so
statuses and follow-ups land on every lead's timeline as single-lead edits do.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from indiamart_desktop.desk.reminders import Pick, quick_pick
from indiamart_desktop.desk.timeline import LOST_REASONS
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.leads import LeadStatus
from indiamart_desktop.store.query import QUEUE_ORDER, LeadFilter, Sort
from indiamart_desktop.ui import texts
from indiamart_desktop.ui.store_writer import WriteJob
from indiamart_desktop.ui.timeline_view import pick_label

if TYPE_CHECKING:
    from indiamart_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Selection", text)


def ask_lost_reason(parent: QWidget) -> str | None:
    """Why the lead was lost (one of LOST_REASONS), or None when the seller cancels."""
    labels = [texts.lost_reason_label(reason) for reason in LOST_REASONS]
    chosen, ok = QInputDialog.getItem(parent, _tr("Lead lost"), _tr("Why was it lost?"),
                                      labels, 0, False)
    return LOST_REASONS[labels.index(chosen)] if ok and chosen in labels else None


class SelectionActions(QObject):
    """The window's selection actions; ``ask_reason`` asks why a lead was lost."""

    def __init__(self, window: MainWindow,
                 ask_reason: Callable[[QWidget], str | None] = ask_lost_reason,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(window)
        self.window = window
        self.ask_reason = ask_reason
        self.clock = clock
        self.status_actions: dict[str, QAction] = {}
        for number, status in enumerate(LeadStatus, start=1):
            action = QAction(_tr("Status: %1").replace("%1", texts.status_label(status)),
                             window)
            action.setObjectName(f"selectionStatus_{status.value}")
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, s=status.value: self.set_status(s))
            self.status_actions[status.value] = action
        self.star_action = QAction(_tr("Star"), window)
        self.star_action.setObjectName("selectionStar")
        self.star_action.setShortcut(QKeySequence("Ctrl+D"))
        self.star_action.setToolTip(_tr("Star the selected leads, or remove the star when "
                                        "all of them have one (Ctrl+D)"))
        self.star_action.triggered.connect(self.toggle_star)
        self.unstar_action = QAction(_tr("Remove star"), window)
        self.unstar_action.setObjectName("selectionUnstar")
        self.unstar_action.triggered.connect(lambda: self.edit(starred=False))
        self.read_action = QAction(_tr("Mark as read"), window)
        self.read_action.setObjectName("selectionRead")
        self.read_action.triggered.connect(lambda: self.edit(read=True))
        self.unread_action = QAction(_tr("Mark as unread"), window)
        self.unread_action.setObjectName("selectionUnread")
        self.unread_action.triggered.connect(lambda: self.edit(read=False))
        self.pick_actions: dict[Pick, QAction] = {}
        for pick in Pick:
            action = QAction(pick_label(pick), window)
            action.setObjectName(f"selectionPick_{pick.value}")
            action.triggered.connect(lambda _=False, p=pick: self.follow_up(p))
            self.pick_actions[pick] = action
        self.export_action = QAction(_tr("Export selection…"), window)
        self.export_action.setObjectName("exportSelection")
        self.export_action.triggered.connect(self.export)
        for action in self.actions():
            window.addAction(action)
        self.menu = self.fill(QMenu(_tr("&Selection"), window))
        help_menu = window.acts.help_menu
        if help_menu is not None:
            window.menuBar().insertMenu(help_menu.menuAction(), self.menu)
        table = window.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        window.writer.saved.connect(self._saved)

    def actions(self) -> list[QAction]:
        return [*self.status_actions.values(), self.star_action, self.unstar_action,
                self.read_action, self.unread_action, *self.pick_actions.values(),
                self.export_action]

    def fill(self, menu: QMenu) -> QMenu:
        """The selection actions in ``menu`` (the menu bar's and the right-click menu)."""
        status_menu = menu.addMenu(_tr("Set status"))
        for action in self.status_actions.values():
            status_menu.addAction(action)
        menu.addAction(self.star_action)
        menu.addAction(self.unstar_action)
        menu.addSeparator()
        menu.addAction(self.read_action)
        menu.addAction(self.unread_action)
        menu.addAction(self.window.acts.mark_read_action)
        menu.addSeparator()
        follow_menu = menu.addMenu(_tr("Follow up"))
        for action in self.pick_actions.values():
            follow_menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.export_action)
        return menu

    def context_menu(self) -> QMenu:
        return self.fill(QMenu(self.window.table))

    def _context_menu(self, position: QPoint) -> None:
        table = self.window.table
        index = table.indexAt(position)
        if index.isValid() and not table.selectionModel().isRowSelected(index.row()):
            # A right-click outside the selection acts on the row clicked, as elsewhere.
            table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        menu = self.context_menu()
        menu.exec(table.viewport().mapToGlobal(position))
        menu.deleteLater()

    # --- the selection --------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """The selected leads in table order; the current lead when none is selected."""
        table = self.window.table
        model = self.window.model
        rows = sorted(index.row() for index in table.selectionModel().selectedRows())
        if not rows and table.currentIndex().isValid():
            rows = [table.currentIndex().row()]
        leads = (model.lead_at(row) for row in rows)
        return [lead.id for lead in leads if lead is not None]

    def edit(self, **changes: object) -> list[int]:
        ids = self.selected_ids()
        self.window.writer.edit_many(ids, **changes)
        if ids:
            self.window.model.reload_rows()
        return ids

    def set_status(self, status: str) -> None:
        reason = ""
        if status == LeadStatus.LOST.value:
            if not self.selected_ids():
                return
            asked = self.ask_reason(self.window)
            if asked is None:
                return
            reason = asked
        self.edit(status=status, **({"lost_reason": reason} if reason else {}))

    def toggle_star(self) -> None:
        writer = self.window.writer
        leads = [writer.overlay(self.window.query.get(i)) for i in self.selected_ids()]
        everyone = all(lead is not None and lead.starred for lead in leads)
        self.edit(starred=not everyone)

    def follow_up(self, pick: Pick) -> None:
        due = quick_pick(pick, datetime.fromtimestamp(self.clock(), IST))
        self.edit(follow_up_ts=due.timestamp())

    def export(self) -> None:
        ids = self.selected_ids()
        sort = self.window.model.sort_order
        if sort.column == QUEUE_ORDER:
            sort = Sort()
        self.window.export.start(LeadFilter(ids=frozenset(ids)), sort, len(ids))

    def _saved(self, job: WriteJob, _written: list[int]) -> None:
        shown = self.window.detail.lead
        if job.bulk_ids and shown is not None and shown.id in job.bulk_ids:
            lead = self.window.writer.overlay(self.window.query.get(shown.id))
            self.window.detail.show_lead(lead)
