"""The work queues beside the lead table, on a real database with the real writer thread."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot
from ui_helpers import open_desk, wait_for

from indiamart_desktop.desk.queues import View
from indiamart_desktop.desk.reminders import LAST_RUN_SETTING
from indiamart_desktop.desk.timeline import record_event
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.store.settings import write_settings
from indiamart_desktop.ui.lead_model import COLUMNS
from indiamart_desktop.ui.tray import Tray

NOW = datetime.now(IST).replace(microsecond=0)


def _store(data_dir: Path) -> dict[str, int]:
    """An enquiry and a buy-lead waiting, a missed and an answered call, a starred lead
    already contacted; returns their ids by a short name."""
    leads = {
        "enquiry": Lead(query_id="9000000001", query_type="W", received_at=NOW - timedelta(hours=3),
                        sender_name="Vinod Das", mobile="+91-9800000001", product="Steel Pipes"),
        "buylead": Lead(query_id="9000000002", query_type="B", received_at=NOW - timedelta(hours=1),
                        sender_name="Asha Rao", mobile="+91-9800000002", product="Valves"),
        "missed": Lead(query_id="9000000003", query_type="P", received_at=NOW - timedelta(hours=2),
                       sender_name="Missed Caller", mobile="+91-9800000003", call_duration=0),
        "answered": Lead(query_id="9000000004", query_type="P",
                         received_at=NOW - timedelta(hours=4), sender_name="Answered Caller",
                         mobile="+91-9800000004", call_duration=45),
        "starred": Lead(query_id="9000000005", query_type="W",
                        received_at=NOW - timedelta(days=2), sender_name="Starred Buyer",
                        mobile="+91-9800000005"),
    }
    db = Database.in_folder(data_dir)
    writer = LeadWriter(db)
    ids = {name: writer.upsert("main", [lead]).new_ids[0] for name, lead in leads.items()}
    writer.set_seller_fields(ids["starred"], starred=True)
    db.close()
    return ids


def _shown_ids(desk) -> list[int]:  # type: ignore[no-untyped-def]
    model = desk.window.model
    return [model.lead_at(row).id for row in range(model.rowCount())]


def test_counts_follow_a_contact_and_each_queue_shows_exactly_its_leads(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    ids = _store(tmp_data_dir)
    tray = Tray()
    desk = open_desk(tmp_data_dir, with_key=False, tray=tray)
    try:
        controller = desk.window.desk
        sidebar = controller.sidebar
        assert sidebar.found[View.NEEDS_REPLY] == 3  # the starred lead was never contacted
        assert sidebar.found[View.MISSED_CALLS] == 1
        assert sidebar.found[View.STARRED] == 1
        assert sidebar.found[View.ALL] == 5
        assert sidebar.item_of(View.NEEDS_REPLY).text().endswith("(3)")
        assert "3 need a reply" in tray.icon.toolTip()
        assert "1 missed calls" in tray.icon.toolTip()
        for row in range(sidebar.count()):
            assert sidebar.item(row).data(Qt.ItemDataRole.AccessibleTextRole)

        sidebar.select(View.NEEDS_REPLY)
        assert _shown_ids(desk) == [ids["starred"], ids["enquiry"], ids["buylead"]], \
            "oldest waiting first"
        sidebar.select(View.MISSED_CALLS)
        assert _shown_ids(desk) == [ids["missed"]]
        sidebar.select(View.STARRED)
        assert _shown_ids(desk) == [ids["starred"]]

        # Contact the enquiry from its timeline: the count drops once the writer saved it.
        sidebar.select(View.NEEDS_REPLY)
        desk.window.show_lead(ids["enquiry"])
        timeline = controller.timeline
        assert timeline.lead is not None and timeline.lead.id == ids["enquiry"]
        timeline.channel.setCurrentIndex(timeline.channel.findData("whatsapp"))
        timeline.outcome_buttons["replied"].click()
        pane = desk.window.detail
        wait_for(qtbot, lambda: pane.lead is not None and pane.lead.first_contact_ts is not None)
        assert sidebar.found[View.NEEDS_REPLY] == 2
        assert "2 need a reply" in tray.icon.toolTip()
        assert pane.status.currentData() == "contacted", "the pane shows the derived status"
        assert timeline.entries.item(0).text().endswith(" · WhatsApp · replied")

        # Chosen again, the queue no longer holds it; the filter bar still combines.
        sidebar.select(View.ALL)
        sidebar.select(View.NEEDS_REPLY)
        assert _shown_ids(desk) == [ids["starred"], ids["buylead"]]
        desk.window.filter_bar.type_actions["B"].setChecked(True)
        assert _shown_ids(desk) == [ids["buylead"]]
        desk.window.filter_bar.type_actions["B"].setChecked(False)
        sidebar.select(View.ALL)
        assert sorted(_shown_ids(desk)) == sorted(ids.values())
    finally:
        desk.close()
        tray.hide()
        tray.deleteLater()


def test_waiting_leads_show_their_age_in_words_and_a_marker(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    ids = _store(tmp_data_dir)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        model = desk.window.model
        enquiry_received = NOW.timestamp() - 3 * 3600
        model.ages.clock = lambda: enquiry_received + 12 * 60  # 12 minutes after it came
        desk.window.desk.sidebar.select(View.NEEDS_REPLY)
        column = [c.key for c in COLUMNS].index("received")
        row = _shown_ids(desk).index(ids["enquiry"])
        index = model.index(row, column)
        assert index.data().endswith(" · 12 min")
        assert index.data(Qt.ItemDataRole.ForegroundRole) is None

        model.ages.clock = lambda: enquiry_received + 45 * 60
        model.reload_rows()
        assert model.index(row, column).data().endswith(" · 45 min ⚠"), "amber at 30 min"
        model.ages.clock = lambda: enquiry_received + 3 * 3600
        model.reload_rows()
        assert model.index(row, column).data().endswith(" · 3 h ‼"), "red at 2 h"
        assert model.index(row, column).data(Qt.ItemDataRole.ForegroundRole) is not None

        desk.window.desk.sidebar.select(View.ALL)
        assert " · " not in model.index(0, column).data(), "ages only in waiting queues"
    finally:
        desk.close()


class RecordingTray(Tray):
    """The real tray icon, remembering what it was asked to announce."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str, int | None]] = []

    def message(self, title: str, body: str, lead_id: int | None) -> str:
        self.sent.append((title, body, lead_id))
        return super().message(title, body, lead_id)


def test_follow_ups_missed_while_closed_are_one_notification_that_opens_the_lead(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    ids = _store(tmp_data_dir)
    now = time.time()
    db = Database.in_folder(tmp_data_dir)
    write_settings(db, {LAST_RUN_SETTING: repr(now - 7200)})  # the program ran 2 h ago
    record_event(db, ids["enquiry"], "follow_up_set", now=now - 7200, due_ts=now - 3600)
    record_event(db, ids["buylead"], "follow_up_set", now=now - 7200, due_ts=now - 1800)
    db.close()
    tray = RecordingTray()
    desk = open_desk(tmp_data_dir, with_key=False, tray=tray)
    try:
        assert tray.sent == [("2 follow-ups fell due while the program was closed",
                              "Vinod Das, Steel Pipes\nAsha Rao, Valves", ids["enquiry"])]
        assert "2 follow-ups due" in tray.icon.toolTip()
        desk.window.desk.sidebar.select(View.FOLLOW_UPS)
        assert _shown_ids(desk) == [ids["enquiry"], ids["buylead"]], "overdue first"
        tray.icon.messageClicked.emit()
        assert desk.window.detail.lead is not None
        assert desk.window.detail.lead.id == ids["enquiry"]
    finally:
        desk.close()
        tray.hide()
        tray.deleteLater()


class TelHandler(QObject):
    """Takes tel: links the way a dialler would (Qt's URL handler registry)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def dial(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_pressing_call_records_the_attempt_and_the_outcome_follows(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    ids = _store(tmp_data_dir)
    handler = TelHandler()
    QDesktopServices.setUrlHandler("tel", handler, "dial")
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        desk.window.show_lead(ids["missed"])
        pane = desk.window.detail
        pane.contact.call_button.click()
        assert handler.urls == ["tel:+919800000003"]
        timeline = desk.window.desk.timeline
        wait_for(qtbot, lambda: timeline.entries.item(0).text().endswith(" · Call · started"))
        assert desk.window.desk.sidebar.found[View.MISSED_CALLS] == 0, "a call-back is a contact"
        timeline.outcome_buttons["no_answer"].click()
        wait_for(qtbot, lambda: timeline.entries.item(0).text().endswith(" · Call · no answer"))
        assert timeline.entries.count() == 2
    finally:
        desk.close()
        QDesktopServices.unsetUrlHandler("tel")
