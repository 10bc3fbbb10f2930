"""A saved window state can never stop the program from starting, and dates are IST's."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings
from pytestqt.qtbot import QtBot
from ui_helpers import open_desk

from indiamart_desktop.ui.filter_bar import FilterBar
from indiamart_desktop.ui.filter_state import LAST_DAY, FilterState

HOSTILE_FILTERS = [
    '{"preset": "custom", "custom_from": "2026-01-01", "custom_to": "9999-12-31"}',
    '{"search": 5, "custom_from": "garbage", "preset": "custom", "types": "WBP"}',
    '{"types": [1, null, "B"], "starred_only": "yes", "unread_only": 1, "state": []}',
    '{"preset": ["all"], "city": {"a": 1}, "status": 3.5}',
    "[1, 2, 3]",
    '"just a string"',
    "{not json",
    "[" * 100_000,
]


@pytest.mark.parametrize("saved", HOSTILE_FILTERS)
def test_any_saved_filter_gives_a_usable_state(saved: str) -> None:
    state = FilterState.from_json(saved)
    now = datetime(2026, 5, 1, 12, tzinfo=timezone.utc)
    state.to_filter(now)  # never raises
    for name in ("search", "state", "city", "custom_from", "custom_to"):
        assert isinstance(getattr(state, name), str)
    assert state.statuses == ()
    assert all(isinstance(t, str) for t in state.types)


def test_fields_fall_back_one_by_one() -> None:
    state = FilterState.from_json(json.dumps({
        "search": 5, "custom_from": "garbage", "custom_to": "2026-02-03", "preset": "custom",
        "types": ["B", 7], "city": "Pune", "unread_only": True}))
    assert state == FilterState(preset="custom", custom_to="2026-02-03", types=("B",),
                                city="Pune", unread_only=True)
    far = FilterState(preset="custom", custom_from="2026-01-01", custom_to="9999-12-31")
    flt = far.to_filter(datetime(2026, 5, 1, tzinfo=timezone.utc))
    assert flt.received_from is not None and flt.received_to is None, "out of range: open"
    assert FilterState.from_json(far.to_json()).custom_to == ""


def _write_ini(data_dir: Path, values: dict[str, object]) -> None:
    settings = QSettings(str(data_dir / "desktop.ini"), QSettings.Format.IniFormat)
    for key, value in values.items():
        settings.setValue(key, value)
    settings.sync()


@pytest.mark.parametrize("saved", HOSTILE_FILTERS[:4])
def test_the_window_opens_whatever_desktop_ini_holds(qtbot: QtBot, tmp_data_dir: Path,
                                                    saved: str) -> None:
    _write_ini(tmp_data_dir, {"filter/state": saved, "window/geometry": "hello",
                              "table/header": 12, "window/splitter": [1, 2]})
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        assert desk.window.isVisible()
        assert desk.window.splitter.sizes()[0] > 0
    finally:
        desk.close()
    again = open_desk(tmp_data_dir, with_key=False)  # and what it saved opens again
    again.close()


def test_the_date_boxes_are_bounded(qtbot: QtBot) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.date_to.setDate(QDate(9999, 12, 31))
    assert bar.date_to.date() <= QDate(LAST_DAY.year, LAST_DAY.month, LAST_DAY.day)
    bar.date_from.setDate(QDate(100, 1, 1))
    assert bar.date_from.date().year() >= 2000


@pytest.fixture
def far_zone() -> Iterator[None]:
    """The machine's zone set to UTC+14, where the day starts 8.5 hours before IST's."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Pacific/Kiritimati"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_the_custom_range_starts_on_ist_today_not_the_machines(qtbot: QtBot,
                                                              far_zone: None) -> None:
    # 16:00 UTC on 1 May is 21:30 on 1 May in IST and 06:00 on 2 May in Kiritimati.
    moment = datetime(2026, 5, 1, 16, tzinfo=timezone.utc)
    assert datetime.fromtimestamp(moment.timestamp()).date() == date(2026, 5, 2), \
        "the machine's zone is a day ahead here"
    bar = FilterBar(now=lambda: moment)
    qtbot.addWidget(bar)
    assert bar.date_from.date() == QDate(2026, 5, 1)
    assert bar.date_to.date() == QDate(2026, 5, 1)
