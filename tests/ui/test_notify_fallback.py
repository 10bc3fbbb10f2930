"""Without a tray, new leads still reach the seller: the desktop's notification server
(whose notifications open their lead when clicked), else a note in the window."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from jeepney import DBusAddress, new_signal
from pytestqt.qtbot import QtBot
from ui_helpers import open_desk

from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.store.query import LeadQuery
from indiamart_desktop.ui import desktop_notify
from indiamart_desktop.ui.desktop_notify import DesktopNotifier
from indiamart_desktop.ui.tray import Tray, notification_for


def _one_lead(data_dir: Path, **fields: str) -> int:
    db = Database.in_folder(data_dir)
    values = {"sender_name": "Ramesh", "city": "Jaipur", "product": "Steel Pipes", **fields}
    lead = Lead(query_id="7000001", query_type="B", received_at=datetime.now(IST),
                mobile="+91-9000000002", **values)
    lead_id = LeadWriter(db).upsert("main", [lead]).new_ids[0]
    db.close()
    return lead_id


def test_the_title_is_the_buyer_and_the_body_does_not_repeat_it(tmp_data_dir: Path) -> None:
    lead_id = _one_lead(tmp_data_dir, sender_name="Ramesh & Sons <Pvt>")
    db = Database.in_folder(tmp_data_dir)
    lead = LeadQuery(db).get(lead_id)
    db.close()
    assert lead is not None
    title, body = notification_for([lead])
    assert title == "Ramesh & Sons <Pvt>"
    assert body == "New buy-lead · Jaipur\nSteel Pipes"
    assert title not in body


def test_only_the_body_is_escaped_for_a_markup_server(
        qtbot: QtBot, tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lead_id = _one_lead(tmp_data_dir, sender_name="A&B <Traders>", product="Nuts & <Bolts>")
    db = Database.in_folder(tmp_data_dir)
    lead = LeadQuery(db).get(lead_id)
    db.close()
    assert lead is not None
    tray = Tray()
    tray._markup = True
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(tray.icon, "showMessage", lambda t, b, *a: sent.append((t, b)))
    tray.notify([lead])
    assert sent == [("A&B <Traders>", "New buy-lead · Jaipur\nNuts &amp; &lt;Bolts&gt;")]
    tray._markup = False
    tray.notify([lead])
    assert sent[-1] == ("A&B <Traders>", "New buy-lead · Jaipur\nNuts & <Bolts>")


def test_without_a_tray_the_notification_server_is_used(
        qtbot: QtBot, tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lead_id = _one_lead(tmp_data_dir)
    sent: list[tuple[str, str, int | None]] = []
    monkeypatch.setattr(DesktopNotifier, "send",
                        lambda self, t, b, lead=None: sent.append((t, b, lead)) or True)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        desk.window._new_leads([lead_id])
        assert sent == [("Ramesh", "New buy-lead · Jaipur\nSteel Pipes", lead_id)]
    finally:
        desk.close()


def test_without_tray_or_server_the_window_says_it(
        qtbot: QtBot, tmp_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lead_id = _one_lead(tmp_data_dir)
    monkeypatch.setattr(DesktopNotifier, "send", lambda self, t, b, lead=None: False)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        desk.window._new_leads([lead_id])
        assert desk.window.status_bar.currentMessage() == "Ramesh – New buy-lead · Jaipur"
    finally:
        desk.close()


def test_clicking_a_notification_opens_its_lead(qtbot: QtBot, tmp_data_dir: Path) -> None:
    lead_id = _one_lead(tmp_data_dir)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        notifier = desk.window.notifier
        notifier._leads[41] = lead_id  # as after Notify answered id 41 for this lead
        address = DBusAddress("/org/freedesktop/Notifications",
                              interface="org.freedesktop.Notifications")
        relay = desktop_notify._Relay(notifier)
        with qtbot.waitSignal(notifier.openLead, timeout=2000) as opened:
            relay.put_nowait(new_signal(address, "ActionInvoked", "us", (41, "default")))
        assert opened.args == [lead_id]
        qtbot.waitUntil(lambda: desk.window.detail.lead is not None)
        assert desk.window.detail.lead is not None and desk.window.detail.lead.id == lead_id
        relay.put_nowait(new_signal(address, "NotificationClosed", "uu", (41, 2)))
        qtbot.wait(50)
        assert 41 not in notifier._leads
    finally:
        desk.close()


def test_send_reports_false_without_a_session_bus(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    notifier = DesktopNotifier()
    assert notifier.send("title", "body", 1) is False
    notifier.close()
