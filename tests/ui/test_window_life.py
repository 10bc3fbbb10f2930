"""Closing, the tray, notifications' content and the single running instance."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from ui_helpers import open_desk

from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.store.query import LeadQuery
from indiamart_desktop.ui import tray as tray_module
from indiamart_desktop.ui.single_instance import InstanceServer, ask_running_instance
from indiamart_desktop.ui.tray import Tray, notification_for


def _leads(data_dir: Path, *specs: tuple[str, str, str, str]) -> list[int]:
    db = Database.in_folder(data_dir)
    leads = [Lead(query_id=str(1000000 + n), query_type=kind, received_at=datetime.now(IST),
                  sender_name=name, city=city, product=product, mobile="+91-9000000000")
             for n, (kind, name, city, product) in enumerate(specs)]
    ids = LeadWriter(db).upsert("main", leads).new_ids
    db.close()
    return ids


def test_notification_text_for_one_and_for_several(tmp_data_dir: Path) -> None:
    ids = _leads(tmp_data_dir, ("B", "Ramesh", "Jaipur", "Steel Pipes"),
                 ("W", "Sunita", "Pune", "Cotton Fabric"), ("P", "Arif", "Agra", ""),
                 ("W", "Meena", "Surat", "Sarees"), ("B", "Joseph", "Kochi", "Spices"))
    db = Database.in_folder(tmp_data_dir)
    query = LeadQuery(db)
    leads = [query.get(i) for i in ids]
    db.close()
    assert notification_for([leads[0]]) == ("Ramesh", "New buy-lead · Jaipur\nSteel Pipes")
    title, body = notification_for(leads)  # type: ignore[arg-type]
    assert title == "5 new leads"
    assert body.splitlines()[0] == "Ramesh, Jaipur - Steel Pipes"
    assert body.splitlines()[-1] == "…and 2 more"


def test_markup_capable_servers_get_escaped_buyer_text(
        qtbot: QtBot, tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _leads(tmp_data_dir, ("W", "<b>Big</b> & Co", "Delhi & <i>NCR</i>",
                                "<a href='x'>Pipes</a>"))
    db = Database.in_folder(tmp_data_dir)
    lead = LeadQuery(db).get(ids[0])
    db.close()
    monkeypatch.setattr(tray_module, "_server_renders_markup", lambda: True)
    tray = Tray()
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(tray.icon, "showMessage", lambda t, b, *a: sent.append((t, b)))
    tray.notify([lead])  # type: ignore[list-item]
    assert sent and sent[0][0] == "<b>Big</b> & Co", "a title is plain text: never escaped"
    assert "<i>" not in sent[0][1] and "Delhi &amp; &lt;i&gt;NCR&lt;/i&gt;" in sent[0][1]
    assert "&lt;a href='x'&gt;Pipes&lt;/a&gt;" in sent[0][1]
    clicked: list[int] = []
    tray.openLead.connect(clicked.append)
    tray.icon.messageClicked.emit()
    assert clicked == ids


def test_closing_without_a_tray_asks_before_quitting(
        qtbot: QtBot, tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
        quit_asked: list[bool] = []
        desk.window.quitRequested.connect(lambda: quit_asked.append(True))
        desk.window.close()
        assert desk.window.isVisible() and not quit_asked
        desk.window.close()
        assert quit_asked == [True]
    finally:
        desk.close()


def test_closing_with_a_tray_hides_and_tells_once(
        qtbot: QtBot, tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tray = Tray()
    monkeypatch.setattr(Tray, "available", staticmethod(lambda: True))
    told: list[str] = []
    monkeypatch.setattr(tray.icon, "showMessage", lambda t, b, *a: told.append(b))
    desk = open_desk(tmp_data_dir, with_key=False, tray=tray)
    try:
        quit_asked: list[bool] = []
        desk.window.quitRequested.connect(lambda: quit_asked.append(True))
        desk.window.close()
        assert not desk.window.isVisible() and not quit_asked
        desk.window.bring_forward()
        desk.window.close()
        assert len(told) == 1 and "tray" in told[0]
        tray.quitRequested.emit()
        assert quit_asked == [True]
    finally:
        desk.close()


def test_a_second_launch_brings_the_first_forward(qtbot: QtBot, tmp_data_dir: Path) -> None:
    assert not ask_running_instance(tmp_data_dir)
    server = InstanceServer(tmp_data_dir)
    with qtbot.waitSignal(server.showRequested, timeout=3000):
        assert ask_running_instance(tmp_data_dir)
    other = tmp_data_dir.parent / "other"
    assert not ask_running_instance(other), "another data folder is another instance"
    server.server.close()
    server.deleteLater()
    qtbot.wait(100)


def test_column_order_width_and_hidden_columns_are_remembered(qtbot: QtBot,
                                                              tmp_data_dir: Path) -> None:
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        header = desk.window.table.horizontalHeader()
        header.setSectionHidden(3, True)  # company
        header.moveSection(header.visualIndex(5), 0)  # city first
        header.resizeSection(2, 321)
    finally:
        desk.close()
    again = open_desk(tmp_data_dir, with_key=False)
    try:
        header = again.window.table.horizontalHeader()
        assert header.isSectionHidden(3)
        assert header.logicalIndex(0) == 5
        assert header.sectionSize(2) == 321
    finally:
        again.close()


def test_call_log_lists_every_call_in_plain_words(qtbot: QtBot, tmp_data_dir: Path) -> None:
    from datetime import timedelta

    from indiamart_desktop.store.syncstate import log_call_end, log_call_start
    from indiamart_desktop.ui.call_log_dialog import CallLogDialog

    db = Database.in_folder(tmp_data_dir)
    now = datetime.now(IST)
    with db.transaction() as conn:
        first = log_call_start(conn, "main", now - timedelta(minutes=5), "forward",
                               now - timedelta(days=7), now - timedelta(minutes=5))
        log_call_end(conn, first, now, "leads", 12, 1, 0, 0.42, "")
        second = log_call_start(conn, "main", now, "history", now - timedelta(days=14),
                                now - timedelta(days=7))
        log_call_end(conn, second, now, "too_soon", 0, 0, 0, 0.05,
                     "It is advised to hit this API once in every 5 minutes")
    dialog = CallLogDialog(db)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.rowCount() == 2
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(2)]
    assert rows[0][1:2] + rows[0][4:6] == ["history", "too soon", "0"]
    assert "5 minutes" in rows[0][8]
    assert rows[1][1:2] + rows[1][4:8] == ["new leads", "leads", "12", "1", "0.42"]
    db.close()
