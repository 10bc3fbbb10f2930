"""The lead table view: fixed-height rows, movable columns, a column menu on its header."""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from indiamart_desktop.ui.lead_model import COLUMNS, LeadTableModel

log = logging.getLogger(__name__)

ROW_HEIGHT = 24
COLUMN_WIDTHS = (135, 135, 150, 170, 125, 100, 115, 175, 145, 85)
#: How far down the table a lead is looked for when it is to be selected by id.
SELECT_SEARCH_ROWS = 400


class LeadTable(QTableView):
    """Shows a :class:`LeadTableModel`; sorting is the model's (and so SQL's) job."""

    def __init__(self, model: LeadTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leadTable")
        self.lead_model = model
        self.setModel(model)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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
