""""Make quotation" for one lead: lines pre-filled from the price list and the buyer's
quantity; the seller adjusts them, the validity and the terms, and saves a PDF.

Wiring: ``open_quotation_dialog(parent, db, lead)`` shows the dialog modally and returns
the saved PDF's path, or ``None`` when nothing was saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop.desk.money import format_inr
from indiamart_desktop.desk.pricelist import Product, load_pricelist, match_product
from indiamart_desktop.desk.quotation import (
    Quotation,
    TaxSplit,
    buyer_of,
    lead_quantity,
    quote_sums,
    tax_split,
    today_ist,
)
from indiamart_desktop.desk.quotation_store import (
    load_letterhead,
    load_terms,
    next_quotation_number,
    peek_quotation_number,
    quotations_folder,
    save_letterhead,
    save_terms,
)
from indiamart_desktop.export.atomic import ExportError
from indiamart_desktop.store.db import Database, StoreError
from indiamart_desktop.store.query import StoredLead
from indiamart_desktop.ui.letterhead_dialog import LetterheadDialog
from indiamart_desktop.ui.pricelist_dialog import PriceListDialog
from indiamart_desktop.ui.quotation_lines import QuoteLinesTable
from indiamart_desktop.ui.quotation_pdf import save_quotation_pdf

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Opener = Callable[[QUrl], bool]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _plain_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # buyer text is never rich text
    label.setWordWrap(True)
    return label


class QuotationDialog(QDialog):
    def __init__(self, db: Database, lead: StoredLead, parent: QWidget | None = None,
                 clock: Clock = _utc_now, opener: Opener = QDesktopServices.openUrl) -> None:
        super().__init__(parent)
        self.db, self.lead, self.clock, self.opener = db, lead, clock, opener
        self.number = ""
        self.saved_path: Path | None = None
        self.products = load_pricelist(db)
        self.setWindowTitle(self.tr("Make quotation"))
        self.resize(820, 560)
        buyer = buyer_of(lead)
        who = ", ".join(t for t in (buyer.name, buyer.company, buyer.city, buyer.state) if t)
        self.buyer_label = _plain_label(self.tr("For: %1").replace("%1", who), self)
        self.number_label = _plain_label("", self)
        self.lines = QuoteLinesTable(self)
        self.hint = _plain_label("", self)
        self.hint.setObjectName("quotationHint")
        self.picker = QComboBox(self)
        self._fill_picker()
        self.add_button = QPushButton(self.tr("Add line"), self)
        self.add_button.clicked.connect(self._add_picked)
        self.remove_button = QPushButton(self.tr("Remove line"), self)
        self.remove_button.clicked.connect(self.lines.remove_selected)
        self.validity = QSpinBox(self)
        self.validity.setRange(1, 365)
        self.validity.setValue(15)
        self.validity.setSuffix(self.tr(" days"))
        self.validity.setMaximumWidth(140)
        self.terms = QPlainTextEdit(self)
        self.terms.setTabChangesFocus(True)
        self.terms.setMaximumHeight(110)
        self.terms.setPlainText(load_terms(db, self.tr(
            "Prices are ex-works. Freight and insurance extra.\n"
            "Payment: 50% advance, balance before dispatch.\n"
            "Delivery: within 7 days of the confirmed order.")))
        self.hindi = QCheckBox(self.tr("Amount in words also in Hindi"), self)
        self.totals = _plain_label("", self)
        self.totals.setObjectName("quotationTotals")
        self.outcome = _plain_label("", self)
        self.outcome.setObjectName("quotationResult")
        self.pricelist_button = QPushButton(self.tr("Price list…"), self)
        self.pricelist_button.clicked.connect(self.edit_pricelist)
        self.letterhead_button = QPushButton(self.tr("Letterhead…"), self)
        self.letterhead_button.clicked.connect(self.edit_letterhead)
        self.save_button = QPushButton(self.tr("Save PDF"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_pdf)
        self.show_button = QPushButton(self.tr("Show in folder"), self)
        self.show_button.setVisible(False)
        self.show_button.clicked.connect(self._show_in_folder)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        self._lay_out(close)
        self._prefill()
        self.lines.itemChanged.connect(self._update_totals)
        self.lines.model().rowsRemoved.connect(self._update_totals)
        self._update_totals()

    def _lay_out(self, close: QPushButton) -> None:
        line_buttons = QHBoxLayout()
        for widget in (self.picker, self.add_button, self.remove_button):
            line_buttons.addWidget(widget)
        line_buttons.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Valid for"), self.validity)
        form.addRow(self.tr("Terms"), self.terms)
        form.addRow("", self.hindi)
        buttons = QHBoxLayout()
        buttons.addWidget(self.letterhead_button)
        buttons.addWidget(self.pricelist_button)
        buttons.addStretch(1)
        for button in (self.show_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        for part in (self.buyer_label, self.number_label, self.lines, self.hint):
            layout.addWidget(part)
        layout.addLayout(line_buttons)
        layout.addWidget(self.totals)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)

    def _prefill(self) -> None:
        lead = self.lead
        quantity, unit = lead_quantity(lead)
        product = match_product(self.products, lead.product or lead.subject)
        self.number_label.setText(self.tr("Quotation number: %1 (given when saved)").replace(
            "%1", peek_quotation_number(self.db, today_ist(self.clock()))))
        if product is None:
            self.lines.add_line(lead.product, quantity=quantity, unit=unit)
            if self.products:
                self.hint.setText(self.tr("No product in your price list matches this "
                                          "enquiry: enter the rate, or add a line from the "
                                          "list."))
            return
        self.lines.add_line(product.name, product.hsn, quantity, unit or product.unit,
                            product.price, product.gst_rate)
        if unit and product.unit and unit.casefold() != product.unit.casefold():
            self.hint.setText(self.tr("The buyer asked in %1; your rate is per %2: check the "
                                      "quantity.").replace("%1", unit).replace("%2",
                                                                              product.unit))

    def _fill_picker(self) -> None:
        self.picker.clear()
        self.picker.addItem(self.tr("Empty line"))
        for product in self.products:
            self.picker.addItem(product.name)

    def edit_pricelist(self) -> None:
        """Shows the price list; the "Add line" choices follow what was saved."""
        if PriceListDialog(self.db, self).exec() == QDialog.DialogCode.Accepted:
            self.products = load_pricelist(self.db)
            self._fill_picker()

    def _add_picked(self) -> None:
        index = self.picker.currentIndex() - 1
        if index < 0:
            self.lines.add_line()
            return
        product: Product = self.products[index]
        self.lines.add_line(product.name, product.hsn, None, product.unit, product.price,
                            product.gst_rate)

    def _update_totals(self) -> None:
        lines = self.lines.quote_lines()
        self.save_button.setEnabled(not isinstance(lines, str))
        if isinstance(lines, str):
            self.totals.setText(lines)
            return
        letterhead = load_letterhead(self.db)
        split = tax_split(letterhead.state if letterhead else "", self.lead.state)
        sums = quote_sums(lines, split)
        tax = {TaxSplit.INTRA_STATE: self.tr("CGST %1 + SGST %2")
               .replace("%1", format_inr(sums.cgst)).replace("%2", format_inr(sums.sgst)),
               TaxSplit.INTER_STATE: self.tr("IGST %1").replace("%1", format_inr(sums.igst)),
               TaxSplit.ASSUMED_INTER_STATE: self.tr("IGST %1 (a state is not known)")
               .replace("%1", format_inr(sums.igst))}[split]
        self.totals.setText(self.tr("Taxable %1 · %2 · Total %3").replace(
            "%1", format_inr(sums.taxable)).replace("%2", tax).replace(
            "%3", format_inr(sums.total)))

    def edit_letterhead(self) -> bool:
        """Shows the letterhead dialog; True when a letterhead was saved."""
        dialog = LetterheadDialog(load_letterhead(self.db), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.letterhead is None:
            return False
        try:
            save_letterhead(self.db, dialog.letterhead)
        except StoreError as error:
            self.outcome.setText(self.tr("The letterhead was not saved: %1").replace(
                "%1", str(error)))
            return False
        self._update_totals()
        return True

    def save_pdf(self) -> Path | None:
        lines = self.lines.quote_lines()
        if isinstance(lines, str):
            self.outcome.setText(lines)
            return None
        letterhead = load_letterhead(self.db)
        if letterhead is None:
            self.outcome.setText(self.tr("Set your letterhead first (Letterhead…)."))
            if not self.edit_letterhead():
                return None
            letterhead = load_letterhead(self.db)
            if letterhead is None:
                return None
        today = today_ist(self.clock())
        try:
            if not self.number:
                self.number = next_quotation_number(self.db, today)
            quote = Quotation(number=self.number, issued=today, seller=letterhead,
                              buyer=buyer_of(self.lead), lines=tuple(lines),
                              validity_days=self.validity.value(),
                              terms=self.terms.toPlainText().strip(),
                              lead_query_id=self.lead.query_id)
            path = save_quotation_pdf(quote, quotations_folder(self.db), self.hindi.isChecked())
            save_terms(self.db, self.terms.toPlainText().strip())
        except (ExportError, StoreError) as error:
            self.outcome.setText(self.tr("The quotation was not saved: %1").replace(
                "%1", str(error)))
            return None
        self.saved_path = path
        self.number_label.setText(self.tr("Quotation number: %1").replace("%1", self.number))
        self.outcome.setText(self.tr("Saved: %1").replace("%1", str(path)))
        self.show_button.setVisible(True)
        return path

    def _show_in_folder(self) -> None:
        if self.saved_path is not None and not self.opener(
                QUrl.fromLocalFile(str(self.saved_path.parent))):
            self.outcome.setText(self.tr("No file manager opened; the file is at %1").replace(
                "%1", str(self.saved_path)))


def open_quotation_dialog(parent: QWidget | None, db: Database, lead: StoredLead) -> Path | None:
    """Shows "Make quotation" for ``lead``; the saved PDF's path, or None if none was saved."""
    dialog = QuotationDialog(db, lead, parent)
    dialog.exec()
    dialog.deleteLater()  # not kept as a child of ``parent`` after it closes
    return dialog.saved_path
