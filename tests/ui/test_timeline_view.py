"""The timeline in the detail pane: recorded events listed, outcome buttons record them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from indiamart_desktop.desk.timeline import events, record_event
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.store.query import LeadQuery
from indiamart_desktop.ui.store_writer import StoreWriter
from indiamart_desktop.ui.timeline_view import TimelineView

#: 04-12-2026 14:05:00 IST
T = datetime(2026, 12, 4, 14, 5, tzinfo=IST).timestamp()


@pytest.fixture
def setup(qtbot: QtBot, tmp_data_dir: Path) -> Iterator[tuple[TimelineView, Database, int,
                                                                  list[object]]]:
    db = Database.in_folder(tmp_data_dir)
    lead = Lead(query_id="8000000001", query_type="W", received_at=datetime.fromtimestamp(
        T - 3600, IST), sender_name="Vinod Das", product="Steel Pipes")
    lead_id = LeadWriter(db).upsert("main", [lead]).new_ids[0]
    writer = StoreWriter(db.path)
    saved: list[object] = []
    writer.saved.connect(lambda job, _ids: saved.append(job))
    view = TimelineView(db, writer, clock=lambda: T)
    qtbot.addWidget(view)
    view.show_lead(LeadQuery(db).get(lead_id))
    try:
        yield view, db, lead_id, saved
    finally:
        assert writer.shutdown()
        db.close()


def test_outcomes_and_notes_are_recorded_and_listed_in_ist(
        qtbot: QtBot, setup: tuple[TimelineView, Database, int, list[object]]) -> None:
    view, db, lead_id, saved = setup
    assert [view.entries.item(0).text()] == ["Nothing recorded yet."]
    view.attempted("call")
    view.outcome_buttons["no_answer"].click()
    view.note.setText("<b>Wants</b> price & delivery")
    view.note_button.click()
    qtbot.waitUntil(lambda: len(saved) == 3, timeout=5000)
    recorded = events(db, lead_id)
    assert [(e.kind, e.channel, e.outcome) for e in recorded] == [
        ("contact", "call", "attempted"), ("contact", "call", "no_answer"),
        ("note", "", "added")]
    assert recorded[2].text == "<b>Wants</b> price & delivery"
    assert view.note.text() == ""
    view.refresh()
    assert [view.entries.item(i).text() for i in range(view.entries.count())] == [
        "04-12-2026 14:05 IST · Note: <b>Wants</b> price & delivery",
        "04-12-2026 14:05 IST · Call · no answer",
        "04-12-2026 14:05 IST · Call · started",
    ]
    lead = LeadQuery(db).get(lead_id)
    assert lead is not None and lead.first_contact_ts == T and lead.status == "contacted"


def test_snooze_and_done_change_the_open_follow_up(
        qtbot: QtBot, setup: tuple[TimelineView, Database, int, list[object]]) -> None:
    view, db, lead_id, saved = setup
    assert view.done_button.isHidden() and view.follow_label.text() == "No follow-up set"
    view.pick_menu.findChild(QAction, "pick_this_evening").trigger()
    qtbot.waitUntil(lambda: len(saved) == 1, timeout=5000)
    view.show_lead(LeadQuery(db).get(lead_id))
    assert view.follow_label.text() == "Follow up 04-12-2026 18:00 IST"
    record_event(db, lead_id, "follow_up_set", now=T, due_ts=T + 600)
    view.show_lead(LeadQuery(db).get(lead_id))
    assert not view.done_button.isHidden()
    assert view.follow_label.text() == "Follow up 04-12-2026 14:15 IST"
    for name in ("15_min", "1_hour", "tomorrow"):
        assert view.snooze_buttons[next(s for s in view.snooze_buttons if s.value == name)] \
            .accessibleName()
    view.snooze_buttons[next(s for s in view.snooze_buttons if s.value == "1_hour")].click()
    qtbot.waitUntil(lambda: len(saved) == 2, timeout=5000)
    lead = LeadQuery(db).get(lead_id)
    assert lead is not None and lead.follow_up_ts == T + 3600
    view.show_lead(lead)
    assert view.entries.item(0).text() == \
        "04-12-2026 14:05 IST · Follow-up snoozed to 04-12-2026 15:05 IST"
    view.done_button.click()
    qtbot.waitUntil(lambda: len(saved) == 3, timeout=5000)
    lead = LeadQuery(db).get(lead_id)
    assert lead is not None and lead.follow_up_ts is None
    view.show_lead(lead)
    assert view.done_button.isHidden()
    assert view.entries.item(0).text() == "04-12-2026 14:05 IST · Follow-up done"
