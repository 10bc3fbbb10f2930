"""A new lead from the simulated IndiaMART reaches org.freedesktop.Notifications."""

from __future__ import annotations

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
    return [line.strip()[len('string "'):-1] for line in dump.splitlines()
            if line.strip().startswith('string "')]


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
    assert "New buy-lead: Ramesh Test, Jaipur - Steel Pipes" in strings, strings
    assert "Ramesh Test, Jaipur - Steel Pipes" in strings, strings
    assert lead.query_id


def test_direct_dbus_notification_reaches_the_server(desktop_session: None) -> None:
    from indiamart_desktop.ui import desktop_notify

    monitor = NotificationMonitor()
    try:
        assert desktop_notify.send("New enquiry: <b>Test</b>", "Asha, Pune - Cotton Fabric")
        time.sleep(0.5)
    finally:
        dump = monitor.stop()
    strings = _strings(dump)
    assert any("Asha, Pune - Cotton Fabric" in s for s in strings), strings
    # dunst renders markup, so buyer text must arrive escaped, never as a tag.
    assert "New enquiry: &lt;b&gt;Test&lt;/b&gt;" in strings, strings
