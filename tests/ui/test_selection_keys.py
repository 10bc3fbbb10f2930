"""Many leads at once and by keyboard: selection actions through the writer thread onto
the timeline, the right-click menu, export of a selection, shortcuts, Tab order."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot
from ui_helpers import Desk, open_desk, wait_for

from indiamart_desktop.desk.timeline import events
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadStatus, LeadWriter
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort
from indiamart_desktop.ui import export_controller
from indiamart_desktop.ui.filter_state import FilterState
from indiamart_desktop.ui.lead_keys import shortcut_rows
from indiamart_desktop.ui.timeline_view import entry_text

NOW = datetime.now(IST).replace(microsecond=0)
Flag = QItemSelectionModel.SelectionFlag


def _store(data_dir: Path, count: int = 6) -> None:
    db = Database.in_folder(data_dir)
    LeadWriter(db).upsert("main", [
        Lead(query_id=str(7100000 + n), query_type="W", received_at=NOW - timedelta(hours=n),
             sender_name=f"Buyer {n}", mobile=f"+91-98{n:08d}", product="Steel Pipes")
        for n in range(count)])
    db.close()


def _ids(desk: Desk) -> list[int]:
    model = desk.window.model
    return [model.lead_at(row).id for row in range(model.rowCount())]  # type: ignore[union-attr]


def _select(desk: Desk, rows: list[int]) -> None:
    table, model = desk.window.table, desk.window.model
    table.selectionModel().setCurrentIndex(model.index(rows[0], 0), Flag.ClearAndSelect | Flag.Rows)
    for row in rows[1:]:
        table.selectionModel().select(model.index(row, 0), Flag.Select | Flag.Rows)


def _settled(qtbot: QtBot, desk: Desk) -> None:
    wait_for(qtbot, lambda: desk.window.writer.pending() == 0)


def _all_actions(menu: QMenu) -> list[QAction]:
    found: list[QAction] = []
    for action in menu.actions():
        sub = action.menu()
        found.extend(_all_actions(sub) if isinstance(sub, QMenu) else [action])
    return found


def test_status_star_read_follow_up_and_lost_reason_on_three_selected_rows(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    _store(tmp_data_dir)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        window, selection = desk.window, desk.window.selection
        ids = _ids(desk)
        _select(desk, [0, 2, 3])
        chosen = [ids[0], ids[2], ids[3]]
        assert selection.selected_ids() == chosen
        assert window.detail.lead is not None and window.detail.lead.id == ids[0]

        menu = selection.context_menu()
        in_menu = _all_actions(menu)
        for action in [*selection.actions(), window.acts.mark_read_action]:
            assert action in in_menu, action.text()

        selection.status_actions["quoted"].trigger()
        selection.star_action.trigger()
        selection.unread_action.trigger()
        selection.pick_actions[next(iter(selection.pick_actions))].trigger()
        _settled(qtbot, desk)
        query = LeadQuery(desk.db)
        for lead_id in ids:
            lead = query.get(lead_id)
            assert lead is not None
            picked = lead_id in chosen
            assert lead.status == ("quoted" if picked else "new")
            assert lead.starred == int(picked)
            assert (lead.follow_up_ts is not None) == picked
            kinds = [(e.kind, e.outcome) for e in events(desk.db, lead_id)]
            assert (("status", "quoted") in kinds) == picked
            assert any(kind == "follow_up_set" for kind, _ in kinds) == picked
        assert [query.get(i).is_read for i in chosen] == [0, 0, 0]  # type: ignore[union-attr]
        assert window.detail.star.isChecked()  # the pane still shows the current lead

        selection.star_action.trigger()  # all starred: the star comes off
        selection.read_action.trigger()
        selection.ask_reason = lambda _parent: "price"
        selection.status_actions["lost"].trigger()
        _settled(qtbot, desk)
        for lead_id in chosen:
            lead = query.get(lead_id)
            assert lead is not None
            assert (lead.starred, lead.is_read, lead.status, lead.lost_reason) == (
                0, 1, "lost", "price")
            assert events(desk.db, lead_id)[-1].kind == "status"
            assert events(desk.db, lead_id)[-1].text == "price"
            assert entry_text(events(desk.db, lead_id)[-1]).endswith("Status: Lost (Price)")
        assert window.detail.status.currentData() == "lost"

        selection.ask_reason = lambda _parent: None  # cancelled: nothing changes
        _select(desk, [1])
        selection.status_actions["lost"].trigger()
        _settled(qtbot, desk)
        assert query.get(ids[1]).status == "new"  # type: ignore[union-attr]
    finally:
        desk.close()


def test_export_of_a_selection_writes_exactly_those_leads(
        qtbot: QtBot, tmp_data_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _store(tmp_data_dir)
    target = tmp_path / "selection.xlsx"
    monkeypatch.setattr(export_controller, "ask_export_path", lambda *a: target)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        _select(desk, [1, 4, 5])
        desk.window.selection.export_action.trigger()
        qtbot.waitUntil(lambda: target.exists() and desk.window.export.runner is None,
                        timeout=20_000)
    finally:
        desk.close()
    workbook = openpyxl.load_workbook(target, read_only=True)
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    header = list(rows[0])
    assert [row[header.index("Buyer name")] for row in rows[1:]] == [
        "Buyer 1", "Buyer 4", "Buyer 5"]


def test_shortcuts_move_star_and_are_all_listed_without_conflicts(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    _store(tmp_data_dir)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        window = desk.window
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        ids = _ids(desk)
        _select(desk, [0])
        window.table.setFocus()
        qtbot.keyClick(window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        assert window.table.currentIndex().row() == 1
        assert window.detail.lead is not None and window.detail.lead.id == ids[1]
        qtbot.keyClick(window.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
        assert window.detail.lead.id == ids[0]
        qtbot.keyClick(window.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        _settled(qtbot, desk)
        assert LeadQuery(desk.db).get(ids[0]).starred == 1  # type: ignore[union-attr]
        # Leads 1 and 2 were opened (so read); the next unread below lead 0 is lead 3.
        window.show_lead(ids[1])
        window.show_lead(ids[2])
        window.show_lead(ids[0])
        qtbot.keyClick(window.table, Qt.Key.Key_Down,
                       Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
        assert window.detail.lead.id == ids[3]
        qtbot.keyClick(window.table, Qt.Key.Key_N,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert QApplication.focusWidget() is window.desk.timeline.note

        keyed = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
        for action in window.keys.actions():
            assert action in keyed
        sequences = [a.shortcut().toString() for a in keyed]
        assert len(sequences) == len(set(sequences)), "two actions share a shortcut"
        window.acts.shortcuts_action.trigger()
        dialog = window.keys.dialog
        assert dialog is not None
        listed = {(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
                  for r in range(dialog.table.rowCount())}
        assert listed == set(shortcut_rows(window))
        assert len(listed) == len(keyed)
        names = {name for name, _keys in listed}
        for wanted in ("Next lead", "Previous lead", "Next unread lead", "Call the buyer",
                       "WhatsApp the buyer", "E-mail the buyer", "Add a note", "Star",
                       "Status: Lost"):
            assert wanted in names
        dialog.close()
    finally:
        desk.close()


def test_tab_runs_search_filters_table_detail_and_leaves_the_note_field(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    _store(tmp_data_dir, count=2)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        window = desk.window
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        bar = window.filter_bar
        window.show_lead(_ids(desk)[0])
        bar.search.setFocus()
        qtbot.waitUntil(bar.search.hasFocus, timeout=2000)
        visited = [bar.search]
        while len(visited) < 40 and visited[-1] is not window.detail.star:
            qtbot.keyClick(visited[-1], Qt.Key.Key_Tab)
            focused = QApplication.focusWidget()
            assert focused is not None
            visited.append(focused)
        wanted = [bar.search, bar.preset, bar.types_button, bar.state_box, bar.city_box,
                  bar.status_button, bar.starred, bar.unread, bar.clear_button, window.table,
                  window.detail.star]
        assert [w for w in visited if w in wanted] == wanted
        notes = window.detail.notes
        notes.setFocus()
        qtbot.waitUntil(notes.hasFocus, timeout=2000)
        qtbot.keyClick(notes, Qt.Key.Key_Tab)
        assert not notes.hasFocus()
        assert notes.toPlainText() == ""
    finally:
        desk.close()


def test_several_statuses_at_once_show_exactly_those_and_survive_a_restart(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    _store(tmp_data_dir)
    db = Database.in_folder(tmp_data_dir)
    query = LeadQuery(db)
    ids = sorted(lead.id for lead in query.page(LeadFilter(), Sort(), 0, 10))
    writer = LeadWriter(db)
    for lead_id, status in zip(ids, ("quoted", "won", "lost", "quoted", "new", "spam"),
                               strict=True):
        if status != "new":
            writer.set_seller_fields(lead_id, status=LeadStatus(status))
    db.close()
    wanted = {ids[0], ids[1], ids[3]}
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        bar = desk.window.filter_bar
        bar.status_actions["quoted"].setChecked(True)
        bar.status_actions["won"].setChecked(True)
        assert set(_ids(desk)) == wanted
        assert bar.status_button.text() == "2 statuses"
        assert bar.state().statuses == ("quoted", "won")
    finally:
        desk.close()
    again = open_desk(tmp_data_dir, with_key=False)
    try:
        bar = again.window.filter_bar
        assert [v for v, a in bar.status_actions.items() if a.isChecked()] == ["quoted", "won"]
        assert set(_ids(again)) == wanted
        bar.status_actions["won"].setChecked(False)
        assert set(_ids(again)) == {ids[0], ids[3]}
    finally:
        again.close()


def test_a_saved_status_filter_is_validated() -> None:
    assert FilterState.from_json('{"status": "won"}').statuses == ("won",)  # one, as saved before
    assert FilterState.from_json('{"statuses": ["spam", "bogus", 3, "new"]}').statuses == (
        "new", "spam")
    assert FilterState.from_json('{"statuses": "won"}').statuses == ()
    state = FilterState(statuses=("contacted", "lost"))
    assert FilterState.from_json(state.to_json()) == state


def test_lost_from_the_detail_pane_asks_why_and_records_it(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    _store(tmp_data_dir, count=2)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        window, pane = desk.window, desk.window.detail
        ids = _ids(desk)
        query = LeadQuery(desk.db)
        window.show_lead(ids[0])
        pane.ask_reason = lambda _parent: "not_serious"
        pane.status.setCurrentIndex(pane.status.findData("lost"))
        _settled(qtbot, desk)
        lead = query.get(ids[0])
        assert lead is not None and (lead.status, lead.lost_reason) == ("lost", "not_serious")
        assert [(e.kind, e.outcome, e.text) for e in events(desk.db, ids[0])] == [
            ("status", "lost", "not_serious")]

        window.show_lead(ids[1])
        pane.ask_reason = lambda _parent: None  # cancelled: the status stays as it was
        pane.status.setCurrentIndex(pane.status.findData("lost"))
        _settled(qtbot, desk)
        assert pane.status.currentData() == "new"
        assert query.get(ids[1]).status == "new"  # type: ignore[union-attr]
        assert events(desk.db, ids[1]) == []
    finally:
        desk.close()
