"""IndiaMART checks: every request made to IndiaMART, when, which window, what came back."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.syncstate import recent_calls


class CallLogDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("IndiaMART checks"))
        self.resize(980, 480)
        headers = [self.tr("Time (IST)"), self.tr("Kind"), self.tr("Window from"),
                   self.tr("Window to"), self.tr("Outcome"), self.tr("New"), self.tr("Updated"),
                   self.tr("Seconds"), self.tr("Message")]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName("callLogTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        kinds = {"forward": self.tr("new leads"), "history": self.tr("history")}
        outcomes = {
            "leads": self.tr("leads"), "no_leads": self.tr("no leads"),
            "too_soon": self.tr("too soon"), "blocked": self.tr("key blocked 15 min"),
            "wrong_key": self.tr("wrong key"), "key_expired": self.tr("key expired"),
            "key_replaced": self.tr("key replaced"), "key_not_active": self.tr("key not active"),
            "bad_request": self.tr("request refused"), "server_error": self.tr("server error"),
            "ambiguous_empty": self.tr("empty answer"), "malformed": self.tr("unreadable answer"),
            "network_error": self.tr("network error"), "in_flight": self.tr("interrupted"),
        }
        calls = recent_calls(db)
        self.table.setRowCount(len(calls))
        for row, call in enumerate(calls):
            values = [
                call.started_at.astimezone(IST).strftime("%d-%m-%Y %H:%M:%S"),
                kinds.get(call.kind, call.kind),
                call.window_start.astimezone(IST).strftime("%d-%m-%Y %H:%M"),
                call.window_end.astimezone(IST).strftime("%d-%m-%Y %H:%M"),
                outcomes.get(call.outcome, call.outcome),
                str(call.new),
                str(call.updated),
                f"{call.duration:.2f}" if call.duration is not None else "",
                call.message,
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
