"""A new lead from the simulated IndiaMART reaches org.freedesktop.Notifications."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from indiamart_desktop.ui.tray import Tray

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ui"))
from ui_helpers import configure, fresh_lead, make_server, open_desk, wait_for

pytestmark = pytest.mark.desktop


class NotificationMonitor:
    """dbus-monitor on the session bus, collecting Notify calls."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            ["dbus-monitor", "--session", "interface='org.freedesktop.Notifications',"
             "member='Notify'"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(0.5)

    def stop(self) -> str:
        self.process.terminate()
        out, _ = self.process.communicate(timeout=10)
        return out


def _strings(dump: str) -> list[str]:
    """Every string argument dbus-monitor printed (it prints them raw, newlines and all)."""
    return re.findall(r'^\s*string "(.*?)"$', dump, re.MULTILINE | re.DOTALL)


def _notify_calls(dump: str) -> list[str]:
    return [part for part in dump.split("method call")[1:] if "member=Notify" in part]


def test_a_new_lead_raises_a_desktop_notification(qtbot: QtBot, tmp_data_dir: Path,
                                                  desktop_session: None) -> None:
    assert Tray.available(), "no StatusNotifier host: the session script should provide one"
    server = make_server(0.5)
    monitor = NotificationMonitor()
    try:
        configure(tmp_data_dir, server, 0.5)
        tray = Tray()
        tray.show()
        desk = open_desk(tmp_data_dir, tray=tray)
        try:
            wait_for(qtbot, lambda: desk.window.model.rowCount() > 0, timeout=20_000)
            lead = fresh_lead(server, 91, SENDER_NAME="Ramesh Test", SENDER_CITY="Jaipur",
                              QUERY_PRODUCT_NAME="Steel Pipes", QUERY_TYPE="B")
            notified: list[tuple[str, str]] = []
            original = tray.notify

            def spy(leads):  # type: ignore[no-untyped-def]
                sent = original(leads)
                if sent:
                    notified.append(sent)
                return sent

            tray.notify = spy  # type: ignore[method-assign]
            wait_for(qtbot, lambda: bool(notified), timeout=20_000)
            qtbot.wait(1500)
        finally:
            desk.close()
            tray.hide()
    finally:
        dump = monitor.stop()
        server.stop()
    strings = _strings(dump)
    assert "Notify" in dump, "no Notify call reached the session bus"
    assert "Ramesh Test" in strings, strings
    assert "New buy-lead · Jaipur\nSteel Pipes" in strings, strings
    assert lead.query_id


def test_direct_dbus_notification_opens_its_lead_when_clicked(
        qtbot: QtBot, desktop_session: None) -> None:
    from indiamart_desktop.ui.desktop_notify import DesktopNotifier

    subprocess.run(["dunstctl", "close-all"], check=True, timeout=10)  # ours comes first
    notifier = DesktopNotifier()
    monitor = NotificationMonitor()
    try:
        assert notifier.send("A&B <Traders>", "New enquiry · Pune\n<b>Cotton</b> & silk", 7)
        time.sleep(0.5)
        with qtbot.waitSignal(notifier.openLead, timeout=5000) as opened:
            # What a click does: dunst invokes the notification's default action.
            subprocess.run(["dunstctl", "action", "0"], check=True, timeout=10)
        assert opened.args == [7]
    finally:
        dump = monitor.stop()
        notifier.close()
    calls = _notify_calls(dump)
    assert len(calls) == 1, dump
    strings = _strings(calls[0])
    # The title is plain text by the specification: the raw name, never escaped.
    assert "A&B <Traders>" in strings, strings
    # dunst renders body markup, so the body arrives escaped, never as a tag.
    assert "New enquiry · Pune\n&lt;b&gt;Cotton&lt;/b&gt; &amp; silk" in strings, strings
    assert "default" in strings, "no default action: a click could not open the lead"
