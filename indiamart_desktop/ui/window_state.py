"""The main window's looks across restarts: geometry, splitter, columns and the filter.

Everything read back is checked, piece by piece: a hand-edited or damaged desktop.ini
falls back to the default of the piece it spoils and never stops the window from opening.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from indiamart_desktop.ui.filter_bar import FilterBar
from indiamart_desktop.ui.filter_state import FilterState

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1360, 820)
DEFAULT_SPLIT = (980, 380)


def _bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def restore_layout(settings: QSettings, window: QMainWindow, header: QHeaderView,
                   splitter: QSplitter) -> None:
    geometry = _bytes(settings, "window/geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(*DEFAULT_SIZE)
    state = _bytes(settings, "table/header")
    if state is not None and not header.restoreState(state):
        log.warning("Ignoring saved table columns that cannot be read")
    if all(header.isSectionHidden(c) for c in range(header.count())):
        for column in range(header.count()):
            header.setSectionHidden(column, False)
    if not 0 <= header.sortIndicatorSection() < header.count():
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    split = _bytes(settings, "window/splitter")
    if split is None or not splitter.restoreState(split) or splitter.sizes()[0] == 0:
        splitter.setSizes(list(DEFAULT_SPLIT))


def restore_filter(settings: QSettings, bar: FilterBar) -> FilterState:
    saved = settings.value("filter/state", "")
    state = FilterState.from_json(saved) if isinstance(saved, str) and saved else FilterState()
    bar.set_state(state)
    return bar.state()


def save_layout(settings: QSettings, window: QMainWindow, header: QHeaderView,
                splitter: QSplitter, bar: FilterBar) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/splitter", splitter.saveState())
    settings.setValue("table/header", header.saveState())
    settings.setValue("filter/state", bar.state().to_json())
    settings.sync()
