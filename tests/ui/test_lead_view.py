"""The lead table as the seller works through it: unread-only, mark all read, empty
states, the sort arrow, every lead type, and a small 1024×600 screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lead_rows import add_leads
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import Desk, open_desk

from indiamart_desktop.store.query import LeadFilter, LeadQuery
from indiamart_desktop.ui.filter_state import FilterState


@pytest.fixture
def desk(qtbot: QtBot, tmp_data_dir: Path) -> Iterator[Desk]:
    desk = open_desk(tmp_data_dir, with_key=False)
    yield desk
    desk.close()


def _unread(desk: Desk) -> int:
    return LeadQuery(desk.db).count(LeadFilter(unread_only=True))


def test_unread_only_keeps_opened_leads_in_place_while_arrowing_down(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    ids = add_leads(tmp_data_dir, 6)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        window, table = desk.window, desk.window.table
        window.filter_bar.unread.setChecked(True)
        qtbot.waitUntil(lambda: window.writer.pending() == 0)
        assert window.model.rowCount() == 6
        table.setFocus()
        table.selectRow(0)
        seen = []
        for step in range(5):
            if step:
                qtbot.keyClick(table.viewport(), Qt.Key.Key_Down)
            qtbot.waitUntil(lambda: window.writer.pending() == 0)
            row = table.currentIndex().row()
            shown = window.model.lead_at(row)
            assert shown is not None and window.detail.lead is not None
            assert row == step, "the highlight moves one lead at a time"
            assert shown.id == window.detail.lead.id, "highlight and pane show the same lead"
            seen.append(shown.id)
            assert window.model.rowCount() == 6, "an opened lead stays in view"
        assert seen == list(reversed(ids))[:5], "newest first, no lead skipped"
        assert _unread(desk) == 1
        window.filter_bar.unread.setChecked(False)
        window.filter_bar.unread.setChecked(True)
        assert window.model.rowCount() == 1, "applying the filter again drops the read ones"
    finally:
        desk.close()


def test_mark_all_as_read_for_the_view_then_undo(qtbot: QtBot, tmp_data_dir: Path) -> None:
    add_leads(tmp_data_dir, 200, query_type="B")
    add_leads(tmp_data_dir, 0)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        window = desk.window
        qtbot.waitUntil(lambda: window.writer.pending() == 0)
        window.filter_bar.type_actions["B"].setChecked(True)
        before = _unread(desk)
        assert before >= 199
        window.acts.mark_read_action.trigger()
        qtbot.waitUntil(window.acts.undo_read_action.isEnabled, timeout=5000)
        assert _unread(desk) == 0
        assert str(before) in window.status_bar.currentMessage()
        window.acts.undo_read_action.trigger()
        qtbot.waitUntil(lambda: _unread(desk) == before, timeout=5000)
        assert not window.acts.undo_read_action.isEnabled()
    finally:
        desk.close()


def test_an_empty_database_is_not_called_a_filter_that_matches_nothing(
        qtbot: QtBot, tmp_data_dir: Path, desk: Desk) -> None:
    label = desk.window.table.empty_label
    assert label.isVisible() and "No leads yet" in label.text()
    assert "match" not in label.text()
    add_leads(tmp_data_dir, 2)
    desk.window.refresh_leads()
    assert not desk.window.table.empty_label.isVisible()
    desk.window.filter_bar.search.setText("nosuchwordanywhere")
    qtbot.waitUntil(lambda: desk.window.model.rowCount() == 0)
    label = desk.window.table.empty_label
    assert label.isVisible() and "No leads match the current filter" in label.text()


def test_an_inverted_custom_range_shows_the_days_between_and_says_so(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    add_leads(tmp_data_dir, 3)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        bar, model = desk.window.filter_bar, desk.window.model
        lead = model.lead_at(0)
        assert lead is not None
        day = lead.received_at.date()
        bar.set_state(FilterState(preset="custom", custom_from=(day.replace(day=1) if day.day > 1
                                  else day).isoformat(), custom_to=day.isoformat()))
        bar.date_from.setDate(bar.date_to.date().addDays(5))  # later than To
        assert bar.swapped_note.isVisible()
        assert model.rowCount() == 3, "the days between are shown, not nothing"
    finally:
        desk.close()


def _arrow_rows(image: QImage, box: QRect) -> list[int]:
    """Per pixel row of ``box``: how many pixels differ from the row's left edge."""
    rows = []
    for y in range(box.top(), box.bottom() + 1):
        edge = image.pixel(box.left() - 2, y)
        rows.append(sum(image.pixel(x, y) != edge for x in range(box.left(), box.right() + 1)))
    return rows


def test_newest_first_shows_a_downward_arrow(qtbot: QtBot, desk: Desk) -> None:
    header = desk.window.table.horizontalHeader()

    def grab(order: Qt.SortOrder) -> QImage:
        header.setSortIndicator(0, order)
        QApplication.processEvents()
        return header.grab().toImage()

    up, down = grab(Qt.SortOrder.AscendingOrder), grab(Qt.SortOrder.DescendingOrder)
    changed = [QPoint(x, y) for x in range(header.sectionSize(0)) for y in range(up.height())
               if up.pixel(x, y) != down.pixel(x, y)]
    assert changed, "the arrow changes with the order"
    box = QRect(min(p.x() for p in changed), min(p.y() for p in changed), 1, 1)
    box.setRight(max(p.x() for p in changed))
    box.setBottom(max(p.y() for p in changed))
    descending = _arrow_rows(down, box)
    ascending = _arrow_rows(up, box)
    assert descending[0] > descending[-1], f"newest first must point down: {descending}"
    assert ascending[0] < ascending[-1], f"oldest first must point up: {ascending}"


def test_the_type_filter_offers_every_type_indiamart_sends(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    for code in ("WA", "BIZ", "V"):
        add_leads(tmp_data_dir, 1, query_type=code) if code != "V" else None
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        bar, model = desk.window.filter_bar, desk.window.model
        labels = {a.text() for a in bar.type_actions.values()}
        assert {"Direct enquiry", "Buy-lead", "Phone call", "Catalog view",
                "WhatsApp enquiry"} <= labels
        bar.type_actions["WA"].setChecked(True)
        assert model.rowCount() == 1 and model.lead_at(0).query_type == "WA"
        assert bar.types_button.text() == "WhatsApp enquiry"
        bar.type_actions["WA"].setChecked(False)
        bar.type_actions["BIZ"].setChecked(True)
        assert bar.state().types == ("BIZ", "V"), "a catalogue view is BIZ or V"
    finally:
        desk.close()


def test_at_1024_by_600_no_filter_label_is_cut(qtbot: QtBot, tmp_data_dir: Path) -> None:
    add_leads(tmp_data_dir, 1)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        window, bar = desk.window, desk.window.filter_bar
        bar.set_counts(100_000, 100_000)
        bar.set_state(FilterState(preset="custom", custom_from="2026-01-01",
                                  custom_to="2026-01-31"))
        window.resize(1024, 600)
        qtbot.waitUntil(lambda: window.width() == 1024 and window.height() == 600)
        QApplication.processEvents()
        assert window.table.geometry().top() >= bar.geometry().bottom(), "no overlap"
        checked = 0
        for widget in bar.findChildren(QWidget):
            if not isinstance(widget, (QAbstractButton, QLabel, QComboBox)):
                continue
            if not widget.isVisible() or widget.parent() is not bar:
                continue
            text = widget.currentText() if isinstance(widget, QComboBox) else widget.text()
            if not text:
                continue
            checked += 1
            assert widget.width() >= widget.sizeHint().width(), f"{text!r} is squeezed"
            if isinstance(widget, QLabel):
                assert widget.width() >= QFontMetrics(widget.font()).horizontalAdvance(text)
            assert bar.rect().contains(widget.geometry()), f"{text!r} is outside the bar"
        assert checked >= 10
    finally:
        desk.close()


def test_a_filter_that_hides_the_shown_lead_empties_the_pane(
        qtbot: QtBot, tmp_data_dir: Path) -> None:
    buyer = add_leads(tmp_data_dir, 1, query_type="B")[0]
    add_leads(tmp_data_dir, 3)
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        window, bar = desk.window, desk.window.filter_bar
        window.show_lead(buyer)
        assert window.detail.lead is not None and window.detail.lead.id == buyer
        bar.type_actions["B"].setChecked(True)
        assert window.detail.lead is not None and window.detail.lead.id == buyer, (
            "a filter that keeps the lead keeps it in the pane")
        current = window.model.lead_at(window.table.currentIndex().row())
        assert current is not None and current.id == buyer  # highlight and pane agree
        bar.type_actions["B"].setChecked(False)
        bar.type_actions["W"].setChecked(True)
        assert window.detail.lead is None, "the filter hid the lead: the pane is empty"
        assert window.detail.placeholder.isVisibleTo(window.detail)

        bar.type_actions["W"].setChecked(False)
        window.show_lead(buyer)
        bar.search.setText("Buyer")
        qtbot.waitUntil(lambda: window.model.filter.search == "Buyer")
        assert window.detail.lead is not None and window.detail.lead.id == buyer
        bar.search.setText("Tiles")
        qtbot.waitUntil(lambda: window.detail.lead is None)
    finally:
        desk.close()
