"""The filter bar over the lead table: search, dates, types, place, status, flags."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop.store.leads import LeadStatus
from indiamart_desktop.ui import texts
from indiamart_desktop.ui.filter_state import FilterState
from indiamart_desktop.ui.icons import icon, type_icon

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 250
FILTER_TYPES = ("W", "B", "P")


class FilterBar(QWidget):
    """Emits ``changed(FilterState)`` whenever the seller changes what to see."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = FilterState()
        self._updating = False

        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(self.tr("Search name, company, product, city, mobile, "
                                               "message…  (\"exact words\", -exclude)"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self._debounce = QTimer(self)
        self._debounce.setObjectName("searchDebounce")
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(self._debounce.start)

        self.preset = QComboBox(self)
        self.preset.setObjectName("datePreset")
        for key, label in (("all", self.tr("Any time")), ("today", self.tr("Today")),
                           ("yesterday", self.tr("Yesterday")),
                           ("last7", self.tr("Last 7 days")),
                           ("this_month", self.tr("This month")),
                           ("custom", self.tr("Custom range…"))):
            self.preset.addItem(label, key)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setDate(QDate.currentDate())
            edit.dateChanged.connect(self._emit)
        self.date_to_label = QLabel(self.tr("to"), self)

        self.type_buttons: dict[str, QToolButton] = {}
        for code in FILTER_TYPES:
            button = QToolButton(self)
            button.setCheckable(True)
            button.setIcon(type_icon(code))
            button.setText(texts.type_label(code))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(self.tr("Show only this lead type (several may be chosen)"))
            button.toggled.connect(self._emit)
            self.type_buttons[code] = button

        self.state_box = QComboBox(self)
        self.state_box.setObjectName("stateFilter")
        self.state_box.setMinimumContentsLength(12)
        self.city_box = QComboBox(self)
        self.city_box.setObjectName("cityFilter")
        self.city_box.setMinimumContentsLength(12)
        self.status_box = QComboBox(self)
        self.status_box.setObjectName("statusFilter")
        self.status_box.addItem(self.tr("Any status"), "")
        for status in LeadStatus:
            self.status_box.addItem(texts.status_label(status), status.value)
        self.starred = QCheckBox(self.tr("Starred"), self)
        self.unread = QCheckBox(self.tr("Unread only"), self)
        self.clear_button = QToolButton(self)
        self.clear_button.setIcon(icon("clear"))
        self.clear_button.setText(self.tr("Clear filters"))
        self.clear_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        self.preset.currentIndexChanged.connect(self._emit)
        self.state_box.currentIndexChanged.connect(self._state_changed)
        self.city_box.currentIndexChanged.connect(self._emit)
        self.status_box.currentIndexChanged.connect(self._emit)
        self.starred.toggled.connect(self._emit)
        self.unread.toggled.connect(self._emit)
        self.clear_button.clicked.connect(self.clear)

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.preset)
        top.addWidget(self.date_from)
        top.addWidget(self.date_to_label)
        top.addWidget(self.date_to)
        bottom = QHBoxLayout()
        for button in self.type_buttons.values():
            bottom.addWidget(button)
        bottom.addSpacing(8)
        bottom.addWidget(self.state_box)
        bottom.addWidget(self.city_box)
        bottom.addWidget(self.status_box)
        bottom.addWidget(self.starred)
        bottom.addWidget(self.unread)
        bottom.addWidget(self.clear_button)
        bottom.addStretch(1)
        bottom.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self.set_places([], [])
        self._sync_date_edits()

    # --- public ------------------------------------------------------------------
    def state(self) -> FilterState:
        return self._state

    def set_state(self, state: FilterState) -> None:
        """Show ``state`` in the widgets (e.g. restored from the last session)."""
        self._updating = True
        try:
            self.search.blockSignals(True)
            self.search.setText(state.search)
            self.search.blockSignals(False)
            self.preset.setCurrentIndex(max(0, self.preset.findData(state.preset)))
            for edit, text in ((self.date_from, state.custom_from),
                               (self.date_to, state.custom_to)):
                if text:
                    day = date.fromisoformat(text)
                    edit.setDate(QDate(day.year, day.month, day.day))
            for code, button in self.type_buttons.items():
                button.setChecked(code in state.types)
            self._select(self.state_box, state.state)
            self._select(self.city_box, state.city)
            self.status_box.setCurrentIndex(max(0, self.status_box.findData(state.status)))
            self.starred.setChecked(state.starred_only)
            self.unread.setChecked(state.unread_only)
        finally:
            self._updating = False
        self._state = self._read()
        self._sync_date_edits()

    def set_places(self, states: list[str], cities: list[str]) -> None:
        """Offer these states and cities, keeping the current choice."""
        self._updating = True
        try:
            for box, values, any_label, current in (
                (self.state_box, states, self.tr("Any state"), self._state.state),
                (self.city_box, cities, self.tr("Any city"), self._state.city),
            ):
                box.clear()
                box.addItem(any_label, "")
                for value in values:
                    box.addItem(value, value)
                self._select(box, current)
        finally:
            self._updating = False

    def set_counts(self, shown: int, total: int) -> None:
        locale = QLocale()
        self.count_label.setText(self.tr("%1 of %2 leads").replace(
            "%1", locale.toString(shown)).replace("%2", locale.toString(total)))

    def clear(self) -> None:
        self.set_state(FilterState())
        self._debounce.stop()
        self.changed.emit(self._state)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- internals ---------------------------------------------------------------
    @staticmethod
    def _select(box: QComboBox, value: str) -> None:
        index = box.findData(value)
        if index < 0 and value:
            box.addItem(value, value)
            index = box.count() - 1
        box.setCurrentIndex(max(index, 0))

    def _read(self) -> FilterState:
        def iso(edit: QDateEdit) -> str:
            return str(edit.date().toString("yyyy-MM-dd"))

        preset = str(self.preset.currentData())
        return FilterState(
            preset=preset,
            custom_from=iso(self.date_from) if preset == "custom" else "",
            custom_to=iso(self.date_to) if preset == "custom" else "",
            types=tuple(c for c, b in self.type_buttons.items() if b.isChecked()),
            state=str(self.state_box.currentData() or ""),
            city=str(self.city_box.currentData() or ""),
            status=str(self.status_box.currentData() or ""),
            starred_only=self.starred.isChecked(),
            unread_only=self.unread.isChecked(),
            search=self.search.text(),
        )

    def _sync_date_edits(self) -> None:
        custom = self.preset.currentData() == "custom"
        for widget in (self.date_from, self.date_to, self.date_to_label):
            widget.setVisible(custom)

    def _state_changed(self) -> None:
        if self._updating:
            return
        self._updating = True
        self.city_box.setCurrentIndex(0)  # a city of another state makes no sense
        self._updating = False
        self._emit()

    def _emit(self) -> None:
        if self._updating:
            return
        self._debounce.stop()
        self._sync_date_edits()
        state = self._read()
        if state != self._state:
            self._state = state
            self.changed.emit(state)
