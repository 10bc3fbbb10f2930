"""Ctrl+E exports exactly the rows of the current filter and sort, off the UI thread."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from ui_helpers import open_desk

from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.ui import export_controller


def test_ctrl_e_exports_the_filtered_sorted_rows(
        qtbot: QtBot, tmp_data_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database.in_folder(tmp_data_dir)
    now = datetime.now(IST)
    LeadWriter(db).upsert("main", [
        Lead(query_id=str(500000 + n), query_type="BWP"[n % 3],
             received_at=now - timedelta(hours=n), sender_name=f"Buyer {n:02d}",
             city="Pune", state="Maharashtra", mobile=f"+91-98{n:08d}")
        for n in range(30)])
    db.close()
    target = tmp_path / "out.xlsx"
    monkeypatch.setattr(export_controller, "ask_export_path", lambda *a: target)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        desk.window.filter_bar.type_actions["B"].setChecked(True)
        desk.window.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # name, A..Z
        shown = [desk.window.model.lead_at(r).sender_name
                 for r in range(desk.window.model.rowCount())]
        assert len(shown) == 10
        assert desk.window.acts.export_action.shortcut() == QKeySequence("Ctrl+E")
        desk.window.acts.export_action.trigger()
        qtbot.waitUntil(lambda: target.exists() and desk.window.export.runner is None,
                        timeout=20_000)
    finally:
        desk.close()
    workbook = openpyxl.load_workbook(target, read_only=True)
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()  # read-only mode keeps the file open until closed
    header = list(rows[0])
    names = [row[header.index("Buyer name")] for row in rows[1:]]
    assert names == shown
