"""The main window's actions, toolbar and menus (what each does is the window's business)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from indiamart_desktop.ui.icons import icon

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class WindowActions:
    """Every action of the main window, created once and placed in toolbar and menus."""

    def __init__(self, window: QMainWindow) -> None:
        self.check_action = QAction(icon("check-now"), _tr("Check now"), window)
        self.check_action.setObjectName("checkNowAction")
        self.check_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.check_action.setToolTip(_tr("Ask IndiaMART for new leads now (F5); IndiaMART "
                                         "allows one call every 5 minutes"))
        self.pause_action = QAction(icon("pause"), _tr("Pause polling"), window)
        self.pause_action.setCheckable(True)
        self.export_action = QAction(icon("export"), _tr("Export…"), window)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setToolTip(_tr("Export the leads shown to Excel or CSV (Ctrl+E)"))
        self.settings_action = QAction(icon("settings"), _tr("Settings…"), window)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.log_action = QAction(icon("log"), _tr("IndiaMART checks"), window)
        self.log_action.setToolTip(_tr("Every request this program made to IndiaMART: when, "
                                       "for which period, and what came back"))
        self.mark_read_action = QAction(_tr("Mark all as read"), window)
        self.mark_read_action.setObjectName("markAllReadAction")
        self.mark_read_action.setToolTip(_tr("Mark every unread lead of the current view as "
                                             "read"))
        self.undo_read_action = QAction(_tr("Undo mark all as read"), window)
        self.undo_read_action.setObjectName("undoMarkReadAction")
        self.undo_read_action.setEnabled(False)
        self.find_action = QAction(icon("search"), _tr("Find"), window)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.about_action = QAction(icon("about"), _tr("About"), window)
        self.shortcuts_action = QAction(_tr("Keyboard shortcuts"), window)
        self.shortcuts_action.setObjectName("shortcutsAction")
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.quit_action = QAction(_tr("Quit"), window)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.columns_menu: QMenu | None = None
        self.help_menu: QMenu | None = None

    def install(self, window: QMainWindow) -> None:
        """Put the actions in a toolbar and the menu bar of ``window``."""
        toolbar = QToolBar(_tr("Main"), window)
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        for action in (self.check_action, self.pause_action, self.mark_read_action,
                       self.export_action, self.settings_action, self.log_action):
            toolbar.addAction(action)
        window.addToolBar(toolbar)

        menu = window.menuBar()
        file_menu = menu.addMenu(_tr("&File"))
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        leads_menu = menu.addMenu(_tr("&Leads"))
        for action in (self.check_action, self.pause_action, self.find_action,
                       self.mark_read_action, self.undo_read_action, self.log_action):
            leads_menu.addAction(action)
        self.columns_menu = menu.addMenu(_tr("&View")).addMenu(_tr("Columns"))
        tools_menu = menu.addMenu(_tr("&Tools"))
        tools_menu.addAction(self.settings_action)
        help_menu = menu.addMenu(_tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)
        self.help_menu = help_menu
