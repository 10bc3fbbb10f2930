"""A follow-up falling due reaches org.freedesktop.Notifications with a default action,
and clicking it opens the lead."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from indiamart_desktop.desk.timeline import record_event
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ui"))
from test_notifications import NotificationMonitor, _notify_calls, _strings
from ui_helpers import open_desk, wait_for

pytestmark = pytest.mark.desktop


def test_a_follow_up_falling_due_notifies_and_opens_its_lead(
        qtbot: QtBot, tmp_data_dir: Path, desktop_session: None) -> None:
    db = Database.in_folder(tmp_data_dir)
    lead = Lead(query_id="6000000001", query_type="W",
                received_at=datetime.now(IST) - timedelta(hours=5), sender_name="Vinod Das",
                product="Steel Pipes", mobile="+91-9800000011")
    lead_id = LeadWriter(db).upsert("main", [lead]).new_ids[0]
    record_event(db, lead_id, "follow_up_set", now=time.time(), due_ts=time.time() + 2)
    db.close()
    subprocess.run(["dunstctl", "close-all"], check=True, timeout=10)  # ours comes first
    monitor = NotificationMonitor()
    desk = open_desk(tmp_data_dir, with_key=False)  # no tray: the direct D-Bus path
    try:
        scheduler = desk.window.desk.scheduler
        assert scheduler.timer.isActive()
        with qtbot.waitSignal(scheduler.remind, timeout=10_000) as reminded:
            pass
        assert reminded.args[0] == "Follow up: Vinod Das, Steel Pipes"
        time.sleep(0.5)
        subprocess.run(["dunstctl", "action", "0"], check=True, timeout=10)
        wait_for(qtbot, lambda: desk.window.detail.lead is not None
                 and desk.window.detail.lead.id == lead_id, timeout=5000)
    finally:
        desk.close()
        dump = monitor.stop()
    calls = _notify_calls(dump)
    assert len(calls) == 1, dump
    strings = _strings(calls[0])
    assert "Follow up: Vinod Das, Steel Pipes" in strings, strings
    assert "default" in strings, "no default action: a click could not open the lead"
