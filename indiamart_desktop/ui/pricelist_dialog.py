"""The seller's price list: edit it by hand or import the xlsx/csv file already kept.

An import keeps the products already listed, replaces those of the same name and adds the
new ones; rows of the file that cannot be read are listed by row number.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop.desk.money import format_quantity
from indiamart_desktop.desk.pricelist import Product, load_pricelist, merge_products, save_pricelist
from indiamart_desktop.desk.pricelist_import import (
    PriceListFileError,
    product_from_values,
    read_price_list,
)
from indiamart_desktop.store.db import Database, StoreError

logger = logging.getLogger(__name__)

NAME, UNIT, PRICE, GST, HSN = range(5)


class PriceListDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("Price list"))
        self.resize(720, 520)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("priceListTable")
        self.table.setHorizontalHeaderLabels([self.tr("Product"), self.tr("Unit"),
                                              self.tr("Price (₹)"), self.tr("GST %"),
                                              self.tr("HSN code")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("priceListReport")
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(110)
        self.report.setPlaceholderText(self.tr(
            "Import reads the columns Product (or Item, Name), Rate (or Price, MRP), GST % "
            "(or Tax), and optionally Unit (UOM) and HSN code."))
        self.problem = QLabel(self)
        self.problem.setObjectName("priceListProblem")
        self.problem.setWordWrap(True)
        import_button = QPushButton(self.tr("Import from file…"), self)
        import_button.clicked.connect(self._choose_file)
        add = QPushButton(self.tr("Add product"), self)
        add.clicked.connect(lambda: self._add_row(None))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self._remove_selected)
        row_buttons = QHBoxLayout()
        for button in (import_button, add, self.remove_button):
            row_buttons.addWidget(button)
        row_buttons.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row_buttons)
        layout.addWidget(self.report)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._show(load_pricelist(db))

    def _add_row(self, product: Product | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = (["", "", "", "18", ""] if product is None else
                  [product.name, product.unit, f"{product.price:.2f}",
                   format_quantity(product.gst_rate), product.hsn])
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def _show(self, products: list[Product]) -> None:
        self.table.setRowCount(0)
        for product in products:
            self._add_row(product)

    def _remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def products(self) -> list[Product] | str:
        """The products shown, or one sentence naming the first row that is not right."""
        products: list[Product] = []
        seen: dict[str, int] = {}
        for row in range(self.table.rowCount()):
            cells = [self._cell(row, c) for c in (NAME, UNIT, PRICE, GST, HSN)]
            if not any(cells):
                continue
            product = product_from_values(*cells)
            if isinstance(product, str):
                return self.tr("Line %1: %2").replace("%1", str(row + 1)).replace("%2", product)
            first = seen.setdefault(product.name.casefold(), row + 1)
            if first != row + 1:
                return (self.tr("Line %1: '%2' is already in line %3").replace("%1", str(row + 1))
                        .replace("%2", product.name).replace("%3", str(first)))
            products.append(product)
        return products

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import price list"), "",
                                              self.tr("Price lists (*.xlsx *.csv)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        shown = self.products()
        if isinstance(shown, str):
            self.problem.setText(shown)
            return
        self.problem.clear()
        try:
            result = read_price_list(path)
        except PriceListFileError as error:
            self.report.setPlainText(str(error))
            return
        self._show(merge_products(shown, result.products))
        lines = [self.tr("%1 products read from %2.").replace("%1", str(len(result.products)))
                 .replace("%2", path.name)]
        if result.errors:
            lines.append(self.tr("%1 rows left out:").replace("%1", str(len(result.errors))))
            lines += result.errors
        self.report.setPlainText("\n".join(lines))

    def save(self) -> None:
        products = self.products()
        if isinstance(products, str):
            self.problem.setText(products)
            return
        try:
            save_pricelist(self.db, products)
        except StoreError as error:
            self.problem.setText(str(error))
            return
        self.accept()
