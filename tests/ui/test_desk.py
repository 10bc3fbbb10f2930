"""The desktop against the simulated IndiaMART over real HTTP, offscreen."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import configure, fresh_lead, make_server, open_desk, python_threads, wait_for

from indiamart_desktop.demo.faults import Fault
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.ui.filter_state import FilterState
from indiamart_desktop.ui.lead_model import COLUMNS

INTERVAL = 1.0


@pytest.fixture
def server():  # type: ignore[no-untyped-def]
    service = make_server(INTERVAL)
    yield service
    service.stop()


def _shown_names(desk) -> list[str]:  # type: ignore[no-untyped-def]
    model = desk.window.model
    column = [c.key for c in COLUMNS].index("name")
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_first_poll_fills_the_table_and_filters_search_and_sort_change_rows(
        qtbot: QtBot, tmp_data_dir: Path, server) -> None:  # type: ignore[no-untyped-def]
    configure(tmp_data_dir, server, INTERVAL)
    desk = open_desk(tmp_data_dir)
    try:
        model = desk.window.model
        expected = len([lead for lead in server.leads])
        wait_for(qtbot, lambda: model.rowCount() >= min(expected, 1))
        total = model.rowCount()
        assert total > 20
        bar = desk.window.filter_bar

        bar.type_actions["B"].setChecked(True)
        buy_leads = model.rowCount()
        assert 0 < buy_leads < total
        assert all(model.lead_at(r).query_type == "B" for r in range(buy_leads))
        bar.type_actions["B"].setChecked(False)
        assert model.rowCount() == total

        first = next(lead for lead in (model.lead_at(r) for r in range(total))
                     if lead is not None and lead.city)
        bar.search.setText(first.city)
        wait_for(qtbot, lambda: model.rowCount() < total)
        assert all(first.city in (model.lead_at(r).city + model.lead_at(r).address +
                                  model.lead_at(r).message + model.lead_at(r).sender_company)
                   for r in range(model.rowCount()))
        assert "of" in bar.count_label.text()
        bar.clear()
        assert model.rowCount() == total

        name_column = [c.key for c in COLUMNS].index("name")
        desk.window.table.sortByColumn(name_column, Qt.SortOrder.AscendingOrder)
        names = _shown_names(desk)
        given = sorted((n for n in names if n), key=str.casefold)
        blanks = [n for n in names if not n]
        assert names == given + blanks, "A to Z, leads without a name last"
        desk.window.table.sortByColumn(name_column, Qt.SortOrder.DescendingOrder)
        assert _shown_names(desk) == given[::-1] + blanks, "Z to A, still blank last"
    finally:
        desk.close()


def test_html_in_a_message_is_shown_as_literal_text(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    """Whatever reaches the database, the pane shows characters, never formatting."""
    hostile = '<b>Bold</b> <img src="http://x/y.png"> <a href="http://x">link</a>\nline 2'
    db = Database.in_folder(tmp_data_dir)
    lead = Lead(query_id="1234567890", query_type="W", received_at=datetime.now(IST),
                sender_name="<i>Tester</i> Shah", message=hostile, mobile="+91-9000000001")
    lead_id = LeadWriter(db).upsert("main", [lead]).new_ids[0]
    db.close()
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        desk.window.show_lead(lead_id)
        pane = desk.window.detail
        assert pane.title.textFormat() == Qt.TextFormat.PlainText
        assert pane.title.text() == "<i>Tester</i> Shah"
        assert pane.message.toPlainText() == hostile
        html = pane.message.document().toHtml()
        assert "<img" not in html and "<a href" not in html
        assert "&lt;b&gt;Bold&lt;/b&gt;" in html
        for label in pane.fields.values():
            assert label.textFormat() == Qt.TextFormat.PlainText
    finally:
        desk.close()


def test_status_notes_and_star_persist_across_a_restart(
        qtbot: QtBot, tmp_data_dir: Path, server) -> None:  # type: ignore[no-untyped-def]
    configure(tmp_data_dir, server, INTERVAL)
    desk = open_desk(tmp_data_dir)
    try:
        wait_for(qtbot, lambda: desk.window.model.rowCount() > 0)
        desk.window.table.selectRow(0)
        pane = desk.window.detail
        lead_id = pane.lead.id
        pane.status.setCurrentIndex(pane.status.findData("quoted"))
        pane.notes.setPlainText("Sent price list on WhatsApp")
        pane.star.setChecked(True)
        desk.window.filter_bar.type_actions["W"].setChecked(True)
    finally:
        desk.close()

    again = open_desk(tmp_data_dir, with_key=False)
    try:
        assert again.window.filter_bar.state().types == ("W",), "filter not remembered"
        again.window.show_lead(lead_id)
        pane = again.window.detail
        assert pane.status.currentData() == "quoted"
        assert pane.notes.toPlainText() == "Sent price list on WhatsApp"
        assert pane.star.isChecked()
        assert pane.lead is not None and pane.lead.is_read
    finally:
        again.close()


def test_check_now_is_refused_while_the_rule_forbids(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    server = make_server(300.0)
    try:
        configure(tmp_data_dir, server, 300.0)
        desk = open_desk(tmp_data_dir)
        try:
            wait_for(qtbot, lambda: len(server.requests) == 1)
            wait_for(qtbot, lambda: "(" in desk.window.acts.check_action.text())
            assert not desk.window.acts.check_action.isEnabled()
            with qtbot.waitSignal(desk.poller.checkRefused, timeout=5000) as refused:
                desk.poller.check_now()
            assert (refused.args[0] - server.requests[0].at).total_seconds() >= 299
            desk.window.check_now()
            qtbot.wait(500)
            assert len(server.requests) == 1, "an early request left"
        finally:
            desk.close()
    finally:
        server.stop()


KEY_FAULTS = {Fault.WRONG_KEY: "incorrect", Fault.KEY_EXPIRED: "not used for a long time",
              Fault.KEY_REPLACED: "replaced", Fault.KEY_NOT_ACTIVE: "24 hours"}


def test_poller_survives_every_fault_and_delivers_new_leads(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    server = make_server(0.2)
    configure(tmp_data_dir, server, 0.2)
    desk = open_desk(tmp_data_dir)
    try:
        model = desk.window.model
        wait_for(qtbot, lambda: model.rowCount() > 0)
        transient = [f for f in Fault if f not in KEY_FAULTS]
        for fault in transient:
            server.inject(fault)
        served = len(server.requests)
        wait_for(qtbot, lambda: len(server.requests) >= served + len(transient) + 1,
                 timeout=60_000)
        answered = [r.fault or r.outcome for r in server.requests]
        for fault in transient:
            assert any(fault.value in a for a in answered), fault
        wait_for(qtbot, lambda: not desk.window.banner.isVisible(), timeout=30_000)

        for fault, words in KEY_FAULTS.items():
            server.inject(fault)
            wait_for(qtbot, lambda w=words: w in desk.window.banner.text.text()
                     and desk.window.banner.isVisible(), timeout=20_000)
            calls = len(server.requests)
            qtbot.wait(700)
            assert len(server.requests) == calls, "polled on with a refused key"
            desk.poller.retry_key()
            wait_for(qtbot, lambda: not desk.window.banner.isVisible(), timeout=20_000)

        received: list[list[int]] = []
        desk.poller.newLeads.connect(received.append)
        lead = fresh_lead(server, 77, SENDER_NAME="Fault Survivor")
        wait_for(qtbot, lambda: any(model.lead_at(r).query_id == lead.query_id
                                    for r in range(min(model.rowCount(), 50))),
                 timeout=30_000)
        wait_for(qtbot, lambda: any(received), timeout=5000)
        assert desk.db and any(lead.query_id == desk.window.query.get(i).query_id
                               for ids in received for i in ids)
        assert desk.poller.thread_.isRunning()
    finally:
        desk.close()
        server.stop()


def test_quitting_leaves_no_thread_running(qtbot: QtBot, tmp_data_dir: Path) -> None:
    server = make_server(1.0)
    try:
        configure(tmp_data_dir, server, 1.0)
        server.inject(Fault.SLOW)
        before = python_threads()
        desk = open_desk(tmp_data_dir)
        wait_for(qtbot, lambda: len(server.requests) >= 1)
        desk.window.quit()
        assert desk.poller.shutdown(1000), "the poller did not stop within a second"
        assert not desk.poller.thread_.isRunning()
        desk.close()
        qtbot.wait(200)
        lingering = python_threads() - before - {"indiamart-fetch"}
        assert not lingering, lingering
    finally:
        server.stop()


def test_saved_filter_round_trips() -> None:
    state = FilterState(preset="custom", custom_from="2025-01-01", custom_to="2025-01-31",
                        types=("W", "P"), state="Gujarat", search='"steel pipe" -used')
    assert FilterState.from_json(state.to_json()) == state
    assert FilterState.from_json("{not json") == FilterState()


def test_first_run_and_history_import_do_not_notify(qtbot: QtBot,
                                                    tmp_data_dir: Path) -> None:
    server = make_server(0.2, days=20)
    try:
        configure(tmp_data_dir, server, 0.2, history_days=20)
        desk = open_desk(tmp_data_dir)
        received: list[list[int]] = []
        desk.poller.newLeads.connect(received.append)
        try:
            def history_done() -> bool:
                status = desk.poller.last_status
                if status is None or status.state.backfill_from is None:
                    return False
                target = status.state.backfill_target
                return target is not None and status.state.backfill_from <= target
            wait_for(qtbot, history_done, timeout=30_000)
            kinds = [r.window for r in server.requests if r.outcome == "leads"]
            assert len(kinds) >= 3, "first run plus history windows expected"
            settled = datetime.now(IST) - timedelta(seconds=5)
            visible = [lead for lead in server.leads if lead.visible_at <= settled]
            assert len(visible) <= desk.window.model.rowCount() <= len(server.leads)
            assert received == [], "imported history raised notifications"
        finally:
            desk.close()
    finally:
        server.stop()
