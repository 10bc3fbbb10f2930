"""The seller's letterhead for quotations: name, company, address, GSTIN, phone, state, logo."""

from __future__ import annotations

import logging
import re

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop.desk.quotation import Letterhead

logger = logging.getLogger(__name__)

_GSTIN = re.compile(r"\d{2}[A-Z0-9]{13}")


class LetterheadDialog(QDialog):
    """Edits a letterhead; :attr:`letterhead` holds the accepted one."""

    def __init__(self, letterhead: Letterhead | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Letterhead for quotations"))
        self.letterhead = letterhead
        self.name = QLineEdit(self)
        self.company = QLineEdit(self)
        self.address = QPlainTextEdit(self)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(70)
        self.gstin = QLineEdit(self)
        self.gstin.setPlaceholderText(self.tr("15 characters, e.g. 27ABCDE1234F1Z5"))
        self.phone = QLineEdit(self)
        self.state = QLineEdit(self)
        self.state.setPlaceholderText(self.tr("e.g. Maharashtra (decides CGST+SGST or IGST)"))
        self.logo = QLineEdit(self)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo)
        logo_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Your name"), self.name)
        form.addRow(self.tr("Company"), self.company)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("GSTIN"), self.gstin)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("State"), self.state)
        form.addRow(self.tr("Logo (optional)"), logo_row)
        self.problem = QLabel(self)
        self.problem.setObjectName("letterheadProblem")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        if letterhead is not None:
            self.name.setText(letterhead.name)
            self.company.setText(letterhead.company)
            self.address.setPlainText(letterhead.address)
            self.gstin.setText(letterhead.gstin)
            self.phone.setText(letterhead.phone)
            self.state.setText(letterhead.state)
            self.logo.setText(letterhead.logo_path)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Logo"), self.logo.text(),
                                              self.tr("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.logo.setText(path)

    def _accept(self) -> None:
        gstin = self.gstin.text().strip().upper()
        if not (self.name.text().strip() or self.company.text().strip()):
            self.problem.setText(self.tr("Enter your name or your company."))
            return
        if gstin and not _GSTIN.fullmatch(gstin):
            self.problem.setText(self.tr("A GSTIN has 15 letters and digits, starting with the "
                                         "2-digit state code."))
            return
        self.letterhead = Letterhead(
            name=self.name.text().strip(), company=self.company.text().strip(),
            address=self.address.toPlainText().strip(), gstin=gstin,
            phone=self.phone.text().strip(), state=self.state.text().strip(),
            logo_path=self.logo.text().strip())
        self.accept()
