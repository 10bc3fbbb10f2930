"""Call, WhatsApp, E-mail and Copy number for the lead in the detail pane.

Every URL comes from :mod:`indiamart_desktop.desk.contact_links`, which treats buyer text
as data (one recipient, ASCII digits): a button whose URL cannot be built is disabled and
says why. Where the system has no application for a link (no dialler for ``tel:``, no
browser, no mail program), ``openUrl`` returns False: the seller is told so and offered
the number or address on the clipboard instead of a click that silently does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QGridLayout, QMessageBox, QPushButton, QWidget

from indiamart_desktop.desk.contact_links import mailto_url, tel_url, whatsapp_url
from indiamart_desktop.store.query import StoredLead
from indiamart_desktop.ui.icons import icon

log = logging.getLogger(__name__)

Opener = Callable[[QUrl], bool]


class ContactActions(QWidget):
    """The contact buttons; ``opener`` opens a URL and says whether anything handled it."""

    def __init__(self, parent: QWidget | None = None,
                 opener: Opener = QDesktopServices.openUrl) -> None:
        super().__init__(parent)
        self.opener = opener
        self.lead: StoredLead | None = None
        self.offer: QMessageBox | None = None
        self.call_button = QPushButton(icon("call"), self.tr("Call"), self)
        self.whatsapp_button = QPushButton(icon("whatsapp"), self.tr("WhatsApp"), self)
        self.email_button = QPushButton(icon("email"), self.tr("E-mail"), self)
        self.copy_button = QPushButton(icon("copy"), self.tr("Copy number"), self)
        self.call_button.setObjectName("callButton")
        self.whatsapp_button.setObjectName("whatsappButton")
        self.email_button.setObjectName("emailButton")
        self.copy_button.setObjectName("copyButton")
        self.call_button.clicked.connect(self._call)
        self.whatsapp_button.clicked.connect(self._whatsapp)
        self.email_button.clicked.connect(self._email)
        self.copy_button.clicked.connect(lambda: self._copy(self.number()))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, button in enumerate((self.call_button, self.whatsapp_button,
                                        self.email_button, self.copy_button)):
            grid.addWidget(button, index // 2, index % 2)
        self.set_lead(None)

    # --- the lead's links --------------------------------------------------------------
    def number(self) -> str:
        lead = self.lead
        return (lead.mobile or lead.phone) if lead is not None else ""

    def tel(self) -> str | None:
        return tel_url(self.number()) if self.number() else None

    def whatsapp(self) -> str | None:
        return whatsapp_url(self.lead.mobile) if self.lead and self.lead.mobile else None

    def mailto(self) -> str | None:
        lead = self.lead
        if lead is None or not lead.email:
            return None
        subject = self.tr("Your enquiry on IndiaMART: %1").replace(
            "%1", lead.product or lead.subject)
        return mailto_url(lead.email, subject)

    def set_lead(self, lead: StoredLead | None) -> None:
        self.lead = lead
        for button, url, why in (
                (self.call_button, self.tel(),
                 self.tr("IndiaMART gave no number that can be dialled")),
                (self.whatsapp_button, self.whatsapp(),
                 self.tr("WhatsApp needs a mobile number with its country code")),
                (self.email_button, self.mailto(),
                 self.tr("IndiaMART gave no usable e-mail address"))):
            button.setEnabled(url is not None)
            button.setToolTip("" if url is not None or lead is None else why)
        self.copy_button.setEnabled(bool(self.number()))

    # --- actions -----------------------------------------------------------------------
    def _open(self, url: str | None, failed: str, copy_label: str, value: str) -> None:
        if url is None:
            return
        if self.opener(QUrl.fromEncoded(url.encode("ascii"), QUrl.ParsingMode.StrictMode)):
            return
        log.info("No application handles %s links", url.split(":", 1)[0])
        self._offer_copy(failed, copy_label, value)

    def _call(self) -> None:
        self._open(self.tel(), self.tr("This computer has no application for phone calls."),
                   self.tr("Copy number"), self.number())

    def _whatsapp(self) -> None:
        self._open(self.whatsapp(), self.tr("No web browser could be opened for WhatsApp."),
                   self.tr("Copy number"), self.lead.mobile if self.lead else "")

    def _email(self) -> None:
        self._open(self.mailto(), self.tr("This computer has no e-mail program set up."),
                   self.tr("Copy address"), self.lead.email if self.lead else "")

    def _offer_copy(self, failed: str, copy_label: str, value: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Nothing opened"),
                          failed, QMessageBox.StandardButton.Close, self)
        box.setObjectName("contactFallback")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(self.tr("Copy it and use your phone or another program: %1")
                               .replace("%1", value))
        copy = box.addButton(copy_label, QMessageBox.ButtonRole.AcceptRole)
        copy.clicked.connect(lambda: self._copy(value))
        box.finished.connect(self._offer_closed)
        self.offer = box
        box.open()

    def _offer_closed(self) -> None:
        if self.offer is not None:
            self.offer.deleteLater()
            self.offer = None

    def _copy(self, value: str) -> None:
        if value:
            QGuiApplication.clipboard().setText(value)
