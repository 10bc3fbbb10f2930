"""Working the leads by keyboard: next, previous and next unread lead, call, WhatsApp,
e-mail, add note; Help → Keyboard shortcuts, generated from the window's own actions (so
the list can never drift from what the keys do); and the Tab order search → filters →
table → detail pane, with Tab leaving the note fields.

Every shortcut has a modifier and a window context: none is a single letter, so typing in
a text field never triggers one.
"""

from __future__ import annotations

import itertools
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from indiamart_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: How far below the current row "next unread" looks.
UNREAD_SEARCH_ROWS = 2000


def _tr(text: str) -> str:
    return QCoreApplication.translate("Keys", text)


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(action, keys) for every action of ``window`` that has a shortcut, in the order the
    actions were made; the keys in the platform's own words."""
    rows: list[tuple[str, str]] = []
    seen: set[int] = set()
    for action in window.findChildren(QAction):
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                         for s in action.shortcuts() if not s.isEmpty())
        if not keys or id(action) in seen:
            continue
        seen.add(id(action))
        rows.append((action.text().replace("&", "").rstrip("…").strip(), keys))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(_tr("Keyboard shortcuts"))
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([_tr("Action"), _tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        for row, (name, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(480, 520)


class LeadKeys(QObject):
    """The keyboard actions of ``window`` (added to the window, so they work wherever the
    focus is inside it) and its Tab order."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        contact = window.detail.contact
        self.next_action = self._action(_tr("Next lead"), "nextLead", "Alt+Down",
                                        lambda: self.move(1))
        self.previous_action = self._action(_tr("Previous lead"), "previousLead", "Alt+Up",
                                            lambda: self.move(-1))
        self.next_unread_action = self._action(_tr("Next unread lead"), "nextUnread",
                                               "Alt+Shift+Down", self.next_unread)
        self.call_action = self._action(_tr("Call the buyer"), "callLead", "Ctrl+Shift+C",
                                        contact.call_button.click)
        self.whatsapp_action = self._action(_tr("WhatsApp the buyer"), "whatsappLead",
                                            "Ctrl+Shift+W", contact.whatsapp_button.click)
        self.email_action = self._action(_tr("E-mail the buyer"), "emailLead",
                                         "Ctrl+Shift+E", contact.email_button.click)
        self.note_action = self._action(_tr("Add a note"), "addNoteKey", "Ctrl+Shift+N",
                                        self.focus_note)
        self.help_action = window.acts.shortcuts_action
        self.help_action.triggered.connect(self.show_shortcuts)
        self.dialog: ShortcutsDialog | None = None
        self._tab_order()

    def _action(self, text: str, name: str, keys: str, slot: object) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def actions(self) -> list[QAction]:
        return [self.next_action, self.previous_action, self.next_unread_action,
                self.call_action, self.whatsapp_action, self.email_action, self.note_action]

    # --- moving ---------------------------------------------------------------------
    def _go(self, row: int) -> None:
        table = self.window.table
        model = self.window.model
        table.selectionModel().setCurrentIndex(
            model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        table.scrollTo(model.index(row, 0))

    def move(self, step: int) -> None:
        """The next (``step`` 1) or previous (-1) lead of the table becomes the current."""
        rows = self.window.model.rowCount()
        if not rows:
            return
        current = self.window.table.currentIndex()
        row = current.row() + step if current.isValid() else (0 if step > 0 else rows - 1)
        if 0 <= row < rows:
            self._go(row)

    def next_unread(self) -> None:
        """The first unread lead below the current one (as edits still queued show it)."""
        model = self.window.model
        current = self.window.table.currentIndex()
        start = current.row() + 1 if current.isValid() else 0
        for row in range(start, min(model.rowCount(), start + UNREAD_SEARCH_ROWS)):
            lead = self.window.writer.overlay(model.lead_at(row))
            if lead is not None and not lead.is_read:
                self._go(row)
                return
        self.window.status_bar.showMessage(_tr("No unread lead below this one."), 5000)

    def focus_note(self) -> None:
        """The timeline's new-note field when it is shown, else the pane's notes."""
        timeline = self.window.desk.timeline
        field: QWidget = timeline.note if timeline.note.isVisible() else self.window.detail.notes
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- help and Tab -------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = ShortcutsDialog(self.window)
        self.dialog.show()

    def _tab_order(self) -> None:
        bar = self.window.filter_bar
        chain: list[QWidget] = [
            bar.search, bar.preset, bar.date_from, bar.date_to, bar.types_button,
            bar.state_box, bar.city_box, bar.status_button, bar.starred, bar.unread,
            bar.clear_button, self.window.table, self.window.detail.star]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.window.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move
        for editor in self.window.findChildren(QPlainTextEdit):
            editor.setTabChangesFocus(True)  # Tab leaves a note field, never types a tab
        for text_edit in self.window.findChildren(QTextEdit):
            text_edit.setTabChangesFocus(True)
