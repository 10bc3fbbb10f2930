"""The lead table's model: rows come from SQL one page at a time, never all at once.

Filtering, sorting and counting are the store's job; this model only remembers the
count and a few recently used pages, so a million leads cost a few hundred rows of memory.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from indiamart_desktop.desk.queues import View
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort, StoredLead
from indiamart_desktop.ui import texts
from indiamart_desktop.ui.icons import type_icon

log = logging.getLogger(__name__)

PAGE_SIZE = 200
MAX_PAGES = 8
LEAD_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    sort_key: str

    @property
    def title(self) -> str:
        titles = {
            "received": QCoreApplication.translate("LeadTable", "Received (IST)"),
            "type": QCoreApplication.translate("LeadTable", "Type"),
            "name": QCoreApplication.translate("LeadTable", "Name"),
            "company": QCoreApplication.translate("LeadTable", "Company"),
            "mobile": QCoreApplication.translate("LeadTable", "Mobile"),
            "city": QCoreApplication.translate("LeadTable", "City"),
            "state": QCoreApplication.translate("LeadTable", "State"),
            "product": QCoreApplication.translate("LeadTable", "Product"),
            "order_value": QCoreApplication.translate("LeadTable", "Order value"),
            "status": QCoreApplication.translate("LeadTable", "Status"),
        }
        return titles[self.key]


COLUMNS: tuple[Column, ...] = (
    Column("received", "received"),
    Column("type", "type"),
    Column("name", "name"),
    Column("company", "company"),
    Column("mobile", "mobile"),
    Column("city", "city"),
    Column("state", "state"),
    Column("product", "product"),
    Column("order_value", "order_value"),
    Column("status", "status"),
)


def _display(lead: StoredLead, key: str) -> str:
    if key == "received":
        return texts.received_text(lead.received_at)
    if key == "type":
        return texts.type_label(lead.query_type)
    if key == "name":
        return lead.sender_name
    if key == "company":
        return lead.sender_company
    if key == "mobile":
        return lead.mobile or lead.mobile_raw
    if key == "city":
        return lead.city
    if key == "state":
        return lead.state
    if key == "product":
        return lead.product or lead.subject
    if key == "order_value":
        return texts.rupees(lead.order_value_min, lead.order_value_max) or lead.order_value
    if key == "status":
        return texts.status_label(lead.status)
    raise KeyError(key)


class LeadTableModel(QAbstractTableModel):
    """Rows of ``LeadQuery`` for the current filter and sort, fetched page by page."""

    countChanged = Signal(int, int)  # shown, total

    def __init__(self, query: LeadQuery, parent: Any = None) -> None:
        super().__init__(parent)
        self.query = query
        self.filter = LeadFilter()
        self.sort_order = Sort()
        self._count = 0
        self._pages: OrderedDict[int, list[StoredLead]] = OrderedDict()
        self._bold = QFont()
        self._bold.setBold(True)
        #: Set by the desk: how long a lead has waited, shown in the waiting queues.
        self.ages: Any = None

    # --- what to show -------------------------------------------------------------
    def set_filter(self, flt: LeadFilter, keep_shown: bool = False) -> None:
        """Show ``flt``; with ``keep_shown`` the leads kept by :meth:`keep` stay (new leads
        arrived), without it they go (the seller applied a filter)."""
        self.filter = replace(flt, keep_ids=self.filter.keep_ids if keep_shown else frozenset())
        self.refresh()

    def keep(self, lead_id: int) -> None:
        """Keep this shown lead in view even once it no longer matches (read in an "unread
        only" view, its status changed): rows do not shift under the seller's cursor."""
        if lead_id not in self.filter.keep_ids:
            self.filter = replace(self.filter, keep_ids=self.filter.keep_ids | {lead_id})

    def refresh(self) -> None:
        """Re-read the count and drop cached pages (new leads, changed filter or sort)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self.query.count(self.filter)
        self.endResetModel()
        self.countChanged.emit(self._count, self.query.total())

    def reload_rows(self) -> None:
        """Cheap repaint after the seller edited a lead: same rows, fresh values."""
        self._pages.clear()
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1,
                                                               len(COLUMNS) - 1))

    def lead_at(self, row: int) -> StoredLead | None:
        if not 0 <= row < self._count:
            return None
        page_number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            page = self.query.page(self.filter, self.sort_order, page_number * PAGE_SIZE,
                                   PAGE_SIZE, matching=self._count)
            self._pages[page_number] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        return page[offset] if offset < len(page) else None

    # --- Qt model interface ----------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        lead = self.lead_at(index.row())
        if lead is None:
            return None
        key = COLUMNS[index.column()].key
        waiting = self._waiting(lead) if key == "received" else None
        if waiting is not None and role in (Qt.ItemDataRole.DisplayRole,
                                            Qt.ItemDataRole.ForegroundRole):
            text, level = waiting
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{_display(lead, key)} · {text}"
            return self.ages.brush(level)
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(lead, key)
        if role == Qt.ItemDataRole.DecorationRole and key == "type":
            return type_icon(lead.query_type)
        if role == Qt.ItemDataRole.FontRole and not lead.is_read:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and key == "received":
            return texts.full_time(lead.received_at)
        if role == LEAD_ID_ROLE:
            return lead.id
        return None

    def _waiting(self, lead: StoredLead) -> tuple[str, str] | None:
        """The waiting age and level, in the queues of leads waiting for a reply."""
        if self.ages is None or self.filter.view not in (View.NEEDS_REPLY,
                                                          View.MISSED_CALLS):
            return None
        return self.ages.of(lead)  # type: ignore[no-any-return]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_order = Sort(COLUMNS[column].sort_key,
                               descending=order == Qt.SortOrder.DescendingOrder)
        self.refresh()
