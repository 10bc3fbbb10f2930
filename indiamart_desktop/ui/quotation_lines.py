"""The editable table of quotation lines: product, HSN, quantity, unit, rate, GST %."""

from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from indiamart_desktop.desk.money import format_quantity, parse_amount
from indiamart_desktop.desk.quotation import QuoteLine

logger = logging.getLogger(__name__)

PRODUCT, HSN, QTY, UNIT, RATE, GST = range(6)


class QuoteLinesTable(QTableWidget):
    """Lines as the seller types them; :meth:`quote_lines` reads them back or says which
    cell is wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setObjectName("quotationLines")
        self.setHorizontalHeaderLabels([self.tr("Product"), self.tr("HSN"), self.tr("Qty"),
                                        self.tr("Unit"), self.tr("Rate (₹)"), self.tr("GST %")])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.horizontalHeader().setSectionResizeMode(PRODUCT, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setDefaultSectionSize(26)

    def add_line(self, product: str = "", hsn: str = "", quantity: Decimal | None = None,
                 unit: str = "", rate: Decimal | None = None,
                 gst_rate: Decimal | None = None) -> int:
        row = self.rowCount()
        self.insertRow(row)
        values = [product, hsn, format_quantity(quantity) if quantity is not None else "1", unit,
                  f"{rate:.2f}" if rate is not None else "",
                  format_quantity(gst_rate) if gst_rate is not None else "18"]
        for column, value in enumerate(values):
            self.setItem(row, column, QTableWidgetItem(value))
        return row

    def remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.selectedIndexes()}, reverse=True):
            self.removeRow(row)

    def _cell(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def _number(self, row: int, column: int, what: str) -> Decimal | str:
        text = self._cell(row, column)
        value = parse_amount(text.removesuffix("%").strip() if column == GST else text)
        if not text:
            return self.tr("Line %1: enter the %2.").replace("%1", str(row + 1)).replace("%2", what)
        if value is None or value < 0 or (column == GST and value > 100):
            return (self.tr("Line %1: %2 '%3' is not a number from 0 up.")
                    .replace("%1", str(row + 1)).replace("%2", what).replace("%3", text))
        return value

    def quote_lines(self) -> list[QuoteLine] | str:
        """The lines, or one sentence naming the first cell that is not right."""
        lines: list[QuoteLine] = []
        if self.rowCount() == 0:
            return self.tr("Add at least one line.")
        for row in range(self.rowCount()):
            product = self._cell(row, PRODUCT)
            if not product:
                return self.tr("Line %1: enter the product.").replace("%1", str(row + 1))
            numbers = [self._number(row, QTY, self.tr("quantity")),
                       self._number(row, RATE, self.tr("rate")),
                       self._number(row, GST, self.tr("GST rate"))]
            problems = [n for n in numbers if isinstance(n, str)]
            if problems:
                return problems[0]
            quantity, rate, gst = (n for n in numbers if isinstance(n, Decimal))
            lines.append(QuoteLine(product=product, quantity=quantity,
                                   unit=self._cell(row, UNIT), rate=rate, gst_rate=gst,
                                   hsn=self._cell(row, HSN)))
        return lines
