"""The filter bar over the lead table: search, dates, types, place, status, flags."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timezone

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop.store.leads import LeadStatus
from indiamart_desktop.ui import texts
from indiamart_desktop.ui.filter_state import FIRST_DAY, LAST_DAY, FilterState, ist_today
from indiamart_desktop.ui.flow_layout import FlowLayout
from indiamart_desktop.ui.icons import icon, type_icon

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 250


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class FilterBar(QWidget):
    """Emits ``changed(FilterState)`` whenever the seller changes what to see."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        self._now = now or (lambda: datetime.now(timezone.utc))
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
        self.date_from.setObjectName("dateFrom")
        self.date_to = QDateEdit(self)
        self.date_to.setObjectName("dateTo")
        today = _qdate(ist_today(self._now()))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setDateRange(_qdate(FIRST_DAY), _qdate(LAST_DAY))
            edit.setDate(today)
            edit.dateChanged.connect(self._emit)
        self.date_to_label = QLabel(self.tr("to"), self)
        self.swapped_note = QLabel(self.tr("(From is after To: the days between are shown)"),
                                   self)
        self.swapped_note.setObjectName("swappedNote")
        self.swapped_note.setStyleSheet("QLabel { color: #b35c00; }")

        self.types_button = QToolButton(self)
        self.types_button.setObjectName("typesFilter")
        self.types_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.types_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.types_button.setToolTip(self.tr("Show only some lead types (several may be "
                                             "chosen)"))
        types_menu = QMenu(self.types_button)
        self.type_actions: dict[str, QAction] = {}
        for codes in texts.LEAD_TYPES:  # every type IndiaMART sends
            action = types_menu.addAction(type_icon(codes[0]), texts.type_label(codes[0]))
            action.setCheckable(True)
            action.setData(list(codes))
            action.toggled.connect(self._emit)
            self.type_actions[codes[0]] = action
        self.types_button.setMenu(types_menu)

        self.state_box = QComboBox(self)
        self.state_box.setObjectName("stateFilter")
        self.state_box.setMinimumContentsLength(12)
        self.city_box = QComboBox(self)
        self.city_box.setObjectName("cityFilter")
        self.city_box.setMinimumContentsLength(12)
        self.status_button = QToolButton(self)
        self.status_button.setObjectName("statusFilter")
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status_button.setToolTip(self.tr("Show only some statuses (several may be "
                                              "chosen)"))
        status_menu = QMenu(self.status_button)
        self.status_actions: dict[str, QAction] = {}
        for status in LeadStatus:
            action = status_menu.addAction(texts.status_label(status))
            action.setCheckable(True)
            action.toggled.connect(self._emit)
            self.status_actions[status.value] = action
        self.status_button.setMenu(status_menu)
        self.starred = QCheckBox(self.tr("Starred"), self)
        self.unread = QCheckBox(self.tr("Unread only"), self)
        self.clear_button = QToolButton(self)
        self.clear_button.setIcon(icon("clear"))
        self.clear_button.setText(self.tr("Clear filters"))
        self.clear_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.count_label = QLabel(self)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setObjectName("countLabel")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        self.preset.currentIndexChanged.connect(self._emit)
        self.state_box.currentIndexChanged.connect(self._state_changed)
        self.city_box.currentIndexChanged.connect(self._emit)
        self.starred.toggled.connect(self._emit)
        self.unread.toggled.connect(self._emit)
        self.clear_button.clicked.connect(self.clear)

        # Search and count on top; every other control flows onto as many lines as the
        # width needs, so nothing is ever elided, in any language or window size.
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        flow = FlowLayout()
        for widget in (self.preset, self.date_from, self.date_to_label, self.date_to,
                       self.swapped_note, self.types_button, self.state_box, self.city_box,
                       self.status_button, self.starred, self.unread, self.clear_button):
            flow.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(top)
        layout.addLayout(flow)
        self.set_places([], [])
        self._sync_widgets()

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
                    edit.setDate(_qdate(date.fromisoformat(text)))
            for action in self.type_actions.values():
                action.setChecked(any(code in state.types for code in action.data()))
            self._select(self.state_box, state.state)
            self._select(self.city_box, state.city)
            for value, action in self.status_actions.items():
                action.setChecked(value in state.statuses)
            self.starred.setChecked(state.starred_only)
            self.unread.setChecked(state.unread_only)
        finally:
            self._updating = False
        self._state = self._read()
        self._sync_widgets()

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
            types=tuple(code for action in self.type_actions.values() if action.isChecked()
                        for code in action.data()),
            state=str(self.state_box.currentData() or ""),
            city=str(self.city_box.currentData() or ""),
            statuses=tuple(value for value, action in self.status_actions.items()
                           if action.isChecked()),
            starred_only=self.starred.isChecked(),
            unread_only=self.unread.isChecked(),
            search=self.search.text(),
        )

    def _sync_widgets(self) -> None:
        custom = self.preset.currentData() == "custom"
        for widget in (self.date_from, self.date_to, self.date_to_label):
            widget.setVisible(custom)
        self.swapped_note.setVisible(custom and self.date_from.date() > self.date_to.date())
        chosen = [a for a in self.type_actions.values() if a.isChecked()]
        if not chosen or len(chosen) == len(self.type_actions):
            self.types_button.setText(self.tr("All types"))
            self.types_button.setIcon(icon("type-other"))
        elif len(chosen) == 1:
            self.types_button.setText(chosen[0].text())
            self.types_button.setIcon(chosen[0].icon())
        else:
            self.types_button.setText(self.tr("%1 types").replace("%1", str(len(chosen))))
            self.types_button.setIcon(icon("type-other"))
        statuses = [a for a in self.status_actions.values() if a.isChecked()]
        if not statuses or len(statuses) == len(self.status_actions):
            self.status_button.setText(self.tr("Any status"))
        elif len(statuses) == 1:
            self.status_button.setText(statuses[0].text())
        else:
            self.status_button.setText(self.tr("%1 statuses").replace("%1", str(len(statuses))))

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
        self._sync_widgets()
        state = self._read()
        if state != self._state:
            self._state = state
            self.changed.emit(state)
