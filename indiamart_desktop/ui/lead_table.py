"""The lead table view: fixed-height rows, movable columns, a column menu on its header."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QMenu,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QTableView,
    QWidget,
)

from indiamart_desktop.ui.lead_model import COLUMNS, LeadTableModel

log = logging.getLogger(__name__)

ROW_HEIGHT = 24
COLUMN_WIDTHS = (135, 135, 150, 170, 125, 100, 115, 175, 145, 85)
#: How far down the table a lead is looked for when it is to be selected by id.
SELECT_SEARCH_ROWS = 400


class SortArrowStyle(QProxyStyle):
    """Qt hands a descending sort to the style as "SortUp", which Fusion draws pointing up;
    a seller reads the arrow as the order's direction: newest first points down."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        if (element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow
                and isinstance(option, QStyleOptionHeader)):
            indicator = QStyleOptionHeader.SortIndicator
            flipped = QStyleOptionHeader(option)
            if option.sortIndicator == indicator.SortUp:
                flipped.sortIndicator = indicator.SortDown
            elif option.sortIndicator == indicator.SortDown:
                flipped.sortIndicator = indicator.SortUp
            option = flipped
        super().drawPrimitive(element, option, painter, widget)


class LeadTable(QTableView):
    """Shows a :class:`LeadTableModel`; sorting is the model's (and so SQL's) job."""

    def __init__(self, model: LeadTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leadTable")
        self.lead_model = model
        self.setModel(model)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows at once: the selection actions work on all of them.
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.hide()
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.setColumnWidth(column, width)
        self.arrow_style = SortArrowStyle(QApplication.style().name())
        header.setStyle(self.arrow_style)

        # Said over the empty table: why there is nothing to see.
        self.empty_label = QLabel(self.viewport())
        self.empty_label.setObjectName("emptyTableText")
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("QLabel { color: palette(mid); padding: 24px; }")
        self.empty_label.hide()
        self.viewport().installEventFilter(self)

    def explain_empty(self, shown: int, total: int) -> None:
        """Over an empty table, say why: no lead at all yet, or a filter matching none."""
        if shown:
            text = ""
        elif total:
            text = self.tr("No leads match the current filter. Clear filters to see all %1 "
                           "leads.").replace("%1", str(total))
        else:
            text = self.tr("No leads yet. They appear here after the first check of "
                           "IndiaMART: the status bar below says when that is. No key yet? "
                           "Paste it in Settings, or try the demo.")
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))
        self.empty_label.setGeometry(self.viewport().rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_label.setGeometry(self.viewport().rect())
        return super().eventFilter(watched, event)

    def fill_column_menu(self, menu: QMenu) -> None:
        menu.clear()
        header = self.horizontalHeader()
        for column, spec in enumerate(COLUMNS):
            action = menu.addAction(spec.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))

    def _column_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        self.fill_column_menu(menu)
        menu.exec(self.horizontalHeader().mapToGlobal(position))

    def select_lead(self, lead_id: int) -> bool:
        """Make the row of ``lead_id`` current without emitting row changes; False when the
        lead is not among the first rows of the view."""
        model = self.lead_model
        for row in range(min(model.rowCount(), SELECT_SEARCH_ROWS)):
            lead = model.lead_at(row)
            if lead is not None and lead.id == lead_id:
                selection = self.selectionModel()
                selection.blockSignals(True)
                selection.setCurrentIndex(
                    model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                selection.blockSignals(False)
                return True
        return False
