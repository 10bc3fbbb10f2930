"""The template editor's second and third pages: the seller's snippets and own details."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop.desk.templates import SellerDetails, TemplateError

log = logging.getLogger(__name__)


class SnippetsEditor(QWidget):
    """Named pieces of text a template includes with ``{snippet:NAME}``."""

    changed = Signal()

    def __init__(self, snippets: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("snippetTable")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Text")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for name, text in snippets.items():
            self.add(name, text)
        self.table.itemChanged.connect(self.changed)
        add = QPushButton(self.tr("Add snippet"), self)
        add.clicked.connect(lambda: self.add(f"snippet{self.table.rowCount() + 1}", ""))
        remove = QPushButton(self.tr("Remove"), self)
        remove.clicked.connect(self._remove)
        hint = QLabel(self.tr("Use a snippet in a template as {snippet:NAME}. A snippet may "
                              "hold placeholders such as {seller_phone}."), self)
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add(self, name: str, text: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(text))
        self.changed.emit()

    def _remove(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()},
                          reverse=True):
            self.table.removeRow(row)
        self.changed.emit()

    def snippets(self) -> dict[str, str]:
        """The snippets as edited; :class:`TemplateError` for a name given twice."""
        found: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            name_item, text_item = self.table.item(row, 0), self.table.item(row, 1)
            name = name_item.text().strip() if name_item else ""
            if name in found:
                raise TemplateError("bad_name", name, f"Two snippets are named {name!r}")
            found[name] = text_item.text() if text_item else ""
        return found


class SellerForm(QWidget):
    """The seller's name, company and phone (shared with the quotation letterhead) and
    catalogue address."""

    changed = Signal()

    def __init__(self, seller: SellerDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(seller.name, self)
        self.company = QLineEdit(seller.company, self)
        self.phone = QLineEdit(seller.phone, self)
        self.catalogue = QLineEdit(seller.catalogue_url, self)
        self.catalogue.setPlaceholderText("https://")
        form = QFormLayout(self)
        for label, edit in ((self.tr("Your name"), self.name),
                            (self.tr("Company"), self.company),
                            (self.tr("Phone"), self.phone),
                            (self.tr("Catalogue address"), self.catalogue)):
            edit.textChanged.connect(self.changed)
            form.addRow(label, edit)
        note = QLabel(self.tr("Name, company and phone are also printed on your quotations."),
                      self)
        note.setWordWrap(True)
        form.addRow(note)

    def seller(self) -> SellerDetails:
        return SellerDetails(self.name.text().strip(), self.company.text().strip(),
                             self.phone.text().strip(), self.catalogue.text().strip())
