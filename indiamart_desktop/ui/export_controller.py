"""The Export action: choose a file, run the export off the UI thread, report the result."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from indiamart_desktop.export import ExportResult
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort
from indiamart_desktop.ui.export_runner import ExportRunner, ask_export_path, progress_dialog

log = logging.getLogger(__name__)


class ExportController(QObject):
    """One export at a time, started from the window's current filter and sort."""

    def __init__(self, window: QWidget, query: LeadQuery, settings: QSettings,
                 show_message: Callable[[str], None]) -> None:
        super().__init__(window)
        self.window = window
        self.query = query
        self.settings = settings
        self.show_message = show_message
        self.runner: ExportRunner | None = None

    def start(self, flt: LeadFilter, sort: Sort, count: int) -> None:
        if self.runner is not None:
            self.show_message(self.tr("An export is already running."))
            return
        if count == 0:
            QMessageBox.information(self.window, self.tr("Export"),
                                    self.tr("No leads match the current filter: nothing to "
                                            "export.") if self.query.total() else
                                    self.tr("There are no leads yet: nothing to export."))
            return
        name = f"indiamart-leads-{datetime.now(IST):%Y-%m-%d}.xlsx"
        path = ask_export_path(self.window, self.settings, name)
        if path is None:
            return
        runner = ExportRunner(self.query.db.path, path, flt, sort, parent=self)
        self.runner = runner
        dialog = progress_dialog(self.window, runner)
        runner.finished.connect(self._finished)
        runner.failed.connect(self._failed)
        runner.cancelled.connect(lambda: self.show_message(
            self.tr("Export cancelled; no file was written.")))
        runner.done.connect(self._done)
        runner.start()
        dialog.show()

    def _finished(self, result: ExportResult) -> None:
        self.show_message(self.tr("Exported %1 leads to %2").replace(
            "%1", str(result.rows)).replace("%2", str(result.path)))
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export finished"),
                          self.tr("%1 leads were exported to\n%2").replace(
                              "%1", str(result.rows)).replace("%2", str(result.path)),
                          QMessageBox.StandardButton.Close, self.window)
        open_button = box.addButton(self.tr("Open file"), QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))

    def _failed(self, message: str) -> None:
        QMessageBox.warning(self.window, self.tr("Export failed"), message)

    def _done(self) -> None:
        if self.runner is not None:
            self.runner.deleteLater()
        self.runner = None

    def wait(self, msecs: int = 5000) -> bool:
        return self.runner.wait(msecs) if self.runner is not None else True
