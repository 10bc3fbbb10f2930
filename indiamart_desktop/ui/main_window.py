"""The main window: filter bar and lead table on the left, the lead's detail on the right,
sync status below, actions in the toolbar and menus."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop import APP_NAME
from indiamart_desktop.config import load_config
from indiamart_desktop.credentials import KeyStore
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.query import LeadQuery, StoredLead
from indiamart_desktop.ui import desktop_notify
from indiamart_desktop.ui.about import show_about
from indiamart_desktop.ui.call_log_dialog import CallLogDialog
from indiamart_desktop.ui.demo_launch import start_demo
from indiamart_desktop.ui.desk_controller import DeskController
from indiamart_desktop.ui.detail_pane import DetailPane
from indiamart_desktop.ui.export_controller import ExportController
from indiamart_desktop.ui.filter_bar import FilterBar
from indiamart_desktop.ui.filter_state import FilterState
from indiamart_desktop.ui.icons import icon
from indiamart_desktop.ui.lead_keys import LeadKeys
from indiamart_desktop.ui.lead_model import LeadTableModel
from indiamart_desktop.ui.lead_table import LeadTable
from indiamart_desktop.ui.poller import Poller, PollStatus
from indiamart_desktop.ui.selection_actions import SelectionActions
from indiamart_desktop.ui.settings_dialog import SettingsDialog
from indiamart_desktop.ui.store_writer import StoreWriter, WriteJob
from indiamart_desktop.ui.sync_status import ProblemBanner, SyncStatusBar, countdown_text
from indiamart_desktop.ui.tray import Tray, notification_for
from indiamart_desktop.ui.window_actions import WindowActions
from indiamart_desktop.ui.window_state import restore_filter, restore_layout, save_layout

log = logging.getLogger(__name__)

#: The GUI thread's SQLite busy timeout: reads only, so a lock is never waited on for long.
GUI_BUSY_MS = 1000


class MainWindow(QMainWindow):
    """The seller's lead desk."""

    quitRequested = Signal()

    def __init__(self, data_dir: Path, db: Database, keystore: KeyStore, poller: Poller,
                 settings: QSettings, tray: Tray | None, demo: bool = False) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.db = db
        self.keystore = keystore
        self.poller = poller
        self.settings = settings
        self.tray = tray
        self.demo = demo
        # The GUI thread only reads (in WAL, readers do not wait for writers): never let it
        # wait long on a lock. Every write goes through the writer thread.
        db.conn.execute(f"PRAGMA busy_timeout = {GUI_BUSY_MS}")
        self.query = LeadQuery(db)
        self.writer = StoreWriter(db.path, parent=self)
        self._marked_read: list[int] = []
        self._key_box: QMessageBox | None = None
        self.demo_pid: int | None = None
        self._write_failing = False
        self._quitting = False
        self._check_blocked = False
        self.setWindowTitle(APP_NAME + (self.tr(" – Demo") if demo else ""))
        self.setWindowIcon(icon("app"))
        self.setObjectName("mainWindow")

        self.model = LeadTableModel(self.query, self)
        self.table = LeadTable(self.model, self)

        self.filter_bar = FilterBar(self)
        self.banner = ProblemBanner(self)
        self.detail = DetailPane(self.query, self.writer, self)
        self.desk = DeskController(self, lambda: self._filter_changed(self.filter_bar.state()))
        self.status_bar = SyncStatusBar(self)
        self.setStatusBar(self.status_bar)
        if demo:
            marker = QLabel(self.tr("DEMO – simulated IndiaMART, made-up leads"), self)
            marker.setObjectName("demoMarker")
            marker.setStyleSheet("QLabel { background: #6a1b9a; color: white; padding: 2px 8px;"
                                 " border-radius: 3px; font-weight: bold; }")
            self.status_bar.addPermanentWidget(marker)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.banner)
        left_layout.addWidget(self.filter_bar)
        left_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.desk.wrap(left))
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

        self.acts = WindowActions(self)
        self.acts.install(self)
        self._connect_actions()
        self.export = ExportController(self, self.query, settings,
                                       lambda text: self.status_bar.showMessage(text, 15_000))
        self.selection = SelectionActions(self)
        self.keys = LeadKeys(self)

        self.filter_bar.changed.connect(self._filter_changed)
        self.model.countChanged.connect(self.filter_bar.set_counts)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.countChanged.connect(self.table.explain_empty)
        self.writer.saved.connect(self._saved)
        self.writer.failed.connect(self._write_failed)
        self.detail.openLead.connect(self.show_lead)
        self.detail.problem.connect(self._store_problem)
        self.banner.openSettings.connect(self.open_settings)
        self.banner.retry.connect(self.poller.retry_key)
        self.banner.tryDemo.connect(self.try_demo)
        self.poller.status.connect(self._poll_status)
        self.poller.leadsStored.connect(self.refresh_leads)
        self.poller.newLeads.connect(self._new_leads)
        self.poller.checkRefused.connect(self._check_refused)
        self.status_bar.secondsToNext.connect(self._countdown)
        if tray is not None:
            tray.openRequested.connect(self.bring_forward)
            tray.openLead.connect(self._open_from_notification)
            tray.checkNow.connect(self.check_now)
            tray.pauseToggled.connect(self.acts.pause_action.setChecked)
            tray.quitRequested.connect(self.quit)
        self.notifier = desktop_notify.DesktopNotifier(self)
        self.notifier.openLead.connect(self._open_from_notification)
        self.desk.start()
        self._restore()

    # --- building -----------------------------------------------------------------------
    def _connect_actions(self) -> None:
        acts = self.acts
        acts.check_action.triggered.connect(self.check_now)
        acts.pause_action.toggled.connect(self._pause_toggled)
        acts.export_action.triggered.connect(lambda: self.export.start(
            self.model.filter, self.model.sort_order, self.model.rowCount()))
        acts.settings_action.triggered.connect(self.open_settings)
        acts.log_action.triggered.connect(self.open_call_log)
        acts.find_action.triggered.connect(self.filter_bar.focus_search)
        acts.about_action.triggered.connect(lambda: show_about(self, str(self.data_dir)))
        acts.quit_action.triggered.connect(self.quit)
        acts.mark_read_action.triggered.connect(self.mark_all_read)
        acts.undo_read_action.triggered.connect(self.undo_mark_all_read)
        columns = acts.columns_menu
        assert columns is not None
        columns.aboutToShow.connect(lambda: self.table.fill_column_menu(columns))

    # --- state across restarts -----------------------------------------------------------
    def _restore(self) -> None:
        header = self.table.horizontalHeader()
        restore_layout(self.settings, self, header, self.splitter)
        state = restore_filter(self.settings, self.filter_bar)
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._apply_filter(state)
        self._refresh_places()

    def save_state(self) -> None:
        self.detail.save_notes()
        save_layout(self.settings, self, self.table.horizontalHeader(), self.splitter,
                    self.filter_bar)

    # --- leads ----------------------------------------------------------------------
    def _apply_filter(self, state: FilterState, keep_shown: bool = False) -> None:
        self.model.set_filter(replace(state.to_filter(datetime.now(timezone.utc)),
                                      view=self.desk.view()), keep_shown)

    def _filter_changed(self, state: FilterState) -> None:
        shown = self.detail.lead
        self._apply_filter(state)
        self.settings.setValue("filter/state", state.to_json())
        self._refresh_places()
        if (shown is not None and not self.table.select_lead(shown.id)
                and not self.query.shows(self.model.filter, shown.id)):
            self.detail.clear()  # the new filter hid it

    def _refresh_places(self) -> None:
        state = self.filter_bar.state()
        self.filter_bar.set_places(self.query.distinct("state"),
                                   self.query.distinct("city", state.state))

    def refresh_leads(self) -> None:
        """New or changed leads in the database: re-query, keep the selected lead."""
        selected = self.detail.lead.id if self.detail.lead else None
        self._apply_filter(self.filter_bar.state(), keep_shown=True)
        self._refresh_places()
        if selected is not None:
            self.table.select_lead(selected)
        self._update_unread()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        lead = self.model.lead_at(current.row()) if current.isValid() else None
        if lead is not None:
            self.model.keep(lead.id)  # it stays where it is, read or not, until a new filter
            lead = self._opened(lead)
        self.detail.show_lead(lead)

    def _opened(self, lead: StoredLead) -> StoredLead:
        """The lead as shown once opened: with queued edits, and marked read."""
        shown = self.writer.overlay(lead)
        assert shown is not None
        if not shown.is_read:
            self.writer.set_read([shown.id])
            shown = replace(shown, is_read=1)
        return shown

    def show_lead(self, lead_id: int) -> None:
        """Show one lead: select it when the filter shows it, else show it in the pane."""
        if self.table.select_lead(lead_id):
            self.model.keep(lead_id)
        else:
            self.table.clearSelection()
        lead = self.query.get(lead_id)
        self.detail.show_lead(self._opened(lead) if lead is not None else None)
        if self.table.currentIndex().isValid():
            self.table.scrollTo(self.table.currentIndex())

    def mark_all_read(self) -> None:
        """Every unread lead of the current view, through the writer thread."""
        self.writer.mark_all_read(self.model.filter)

    def undo_mark_all_read(self) -> None:
        self.writer.set_read(self._marked_read, read=False)
        self._marked_read = []
        self.acts.undo_read_action.setEnabled(False)

    def _saved(self, job: WriteJob, written: list[int]) -> None:
        if self._write_failing:
            self._write_failing = False
            self.status_bar.showMessage(self.tr("Your changes are saved."), 10_000)
        if job.read_filter is not None:
            self._marked_read = written
            self.acts.undo_read_action.setEnabled(bool(written))
            self.status_bar.showMessage(self.tr("%1 leads marked as read.").replace(
                "%1", str(len(written))) if written else
                self.tr("No unread leads in this view."), 10_000)
            self.model.refresh()
        else:
            self.model.reload_rows()
        self._update_unread()

    def _write_failed(self, message: str) -> None:
        self._write_failing = True
        self.status_bar.showMessage(self.tr(
            "Your change is not saved yet: %1 It is kept and saved again in a few "
            "seconds.").replace("%1", message), 15_000)

    def _update_unread(self) -> None:
        if self.tray is not None:
            self.tray.set_unread(self.query.unread_count())

    def _new_leads(self, ids: list[int]) -> None:
        config = load_config(self.db)
        if not config.notify:
            return
        wanted = config.notify_type_set
        leads: list[StoredLead] = [lead for lead in (self.query.get(i) for i in ids)
                                   if lead is not None and lead.query_type in wanted]
        if not leads:
            return
        leads.sort(key=lambda lead: lead.received_ts, reverse=True)
        if self.tray is not None:
            self.tray.notify(leads)
            return
        # No tray: the desktop's notification server, else a note in the window itself.
        title, body = notification_for(leads)
        if not self.notifier.send(title, body, leads[0].id):
            self.status_bar.showMessage(" – ".join([title, *body.splitlines()[:1]]), 60_000)
            QApplication.alert(self)

    def _open_from_notification(self, lead_id: int) -> None:
        self.bring_forward()
        self.show_lead(lead_id)

    def _store_problem(self, message: str) -> None:
        self.status_bar.showMessage(message, 15_000)
        QMessageBox.warning(self, self.tr("Could not save"), message)

    # --- polling ----------------------------------------------------------------------
    def _poll_status(self, status: PollStatus) -> None:
        # A call in flight, no key or no mobile: Check now has nothing to do.
        self._check_blocked = status.busy or bool(status.missing)
        self.status_bar.set_status(status)
        self.banner.set_status(status)

    def _countdown(self, seconds: float) -> None:
        allowed = seconds <= 0 and not self._check_blocked
        text = self.tr("Check now") if allowed or seconds <= 0 else \
            self.tr("Check now (%1)").replace("%1", countdown_text(seconds))
        self.acts.check_action.setEnabled(allowed)
        self.acts.check_action.setText(text)
        if self.tray is not None:
            self.tray.set_check_enabled(allowed, text)

    def check_now(self) -> None:
        status = self.poller.last_status
        if status is not None and status.state.key_state != "ok":
            if not self.isVisible():
                self.bring_forward()  # asked from the tray: the answer shows with the window
            self._key_box = self.banner.explain_key_refused(status.state.key_state)
        elif self.acts.check_action.isEnabled():
            self.poller.check_now()

    def try_demo(self) -> None:
        self.demo_pid = start_demo(None if self.demo else self.data_dir)
        if self.demo_pid is None:
            QMessageBox.warning(self, self.tr("Try the demo"), self.tr(
                "The demo could not be started."))
        else:
            self.status_bar.showMessage(self.tr("The demo opens in a window of its own."),
                                        10_000)

    def _check_refused(self, allowed: datetime) -> None:
        self.status_bar.showMessage(self.tr(
            "IndiaMART allows the next call at %1 IST; no request was sent.").replace(
                "%1", allowed.astimezone(IST).strftime("%H:%M:%S")), 10_000)

    def _pause_toggled(self, paused: bool) -> None:
        self.acts.pause_action.setText(self.tr("Resume polling") if paused else
                                  self.tr("Pause polling"))
        self.acts.pause_action.setIcon(icon("resume" if paused else "pause"))
        self.poller.set_paused(paused)
        if self.tray is not None:
            self.tray.set_paused(paused)

    # --- dialogs ----------------------------------------------------------------------
    def open_settings(self) -> None:
        dialog = SettingsDialog(load_config(self.db), self.db, self.keystore, self.data_dir,
                                self.settings, self)
        if dialog.exec():
            if dialog.key_saved:
                self.poller.retry_key()
            else:
                self.poller.reload()

    def open_call_log(self) -> None:
        CallLogDialog(self.db, self).exec()

    # --- window life ------------------------------------------------------------------
    def bring_forward(self) -> None:
        self.show()
        self.setWindowState((self.windowState() & ~Qt.WindowState.WindowMinimized)
                            | Qt.WindowState.WindowActive)
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self._quitting:
            event.accept()
            return
        if self.tray is not None and self.tray.available():
            event.ignore()
            self.hide()
            if not self.settings.value("tray/told", False, bool):
                self.settings.setValue("tray/told", True)
                self.tray.icon.showMessage(
                    APP_NAME, self.tr("Still running in the tray: new leads will be announced. "
                                      "Use Quit in the tray menu to stop."))
            return
        answer = QMessageBox.question(
            self, self.tr("Quit?"),
            self.tr("There is no system tray here, so closing the window stops checking "
                    "for new leads. Quit IndiaMART Lead Desktop?"))
        if answer == QMessageBox.StandardButton.Yes:
            event.accept()
            self.quit()
        else:
            event.ignore()

    def quit(self) -> None:
        self._quitting = True
        self.save_state()
        self.notifier.close()
        self.writer.shutdown()  # queued edits land first
        if self.export.runner is not None:
            self.export.runner.cancel()  # a cancelled export leaves no half file behind
            self.export.wait(5000)
        self.quitRequested.emit()


