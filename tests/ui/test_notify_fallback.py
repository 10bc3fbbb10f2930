"""Without a tray, new leads still reach the seller: the desktop's notification server,
else a note in the window."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from ui_helpers import open_desk

from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.ui import desktop_notify


def _one_lead(data_dir: Path) -> int:
    db = Database.in_folder(data_dir)
    lead = Lead(query_id="7000001", query_type="B", received_at=datetime.now(IST),
                sender_name="Ramesh", city="Jaipur", product="Steel Pipes",
                mobile="+91-9000000002")
    lead_id = LeadWriter(db).upsert("main", [lead]).new_ids[0]
    db.close()
    return lead_id


def test_without_a_tray_the_notification_server_is_used(
        qtbot: QtBot, tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lead_id = _one_lead(tmp_data_dir)
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(desktop_notify, "send", lambda t, b: sent.append((t, b)) or True)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        desk.window._new_leads([lead_id])
        assert sent == [("New buy-lead: Ramesh, Jaipur - Steel Pipes",
                         "Ramesh, Jaipur - Steel Pipes")]
    finally:
        desk.close()


def test_without_tray_or_server_the_window_says_it(
        qtbot: QtBot, tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lead_id = _one_lead(tmp_data_dir)
    monkeypatch.setattr(desktop_notify, "send", lambda t, b: False)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        desk.window._new_leads([lead_id])
        assert desk.window.status_bar.currentMessage().startswith("New buy-lead: Ramesh")
    finally:
        desk.close()


def test_send_reports_false_without_a_session_bus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    assert desktop_notify.send("title", "body") is False
