"""Call, WhatsApp, E-mail, SMS and Copy number for the lead in the detail pane.

Every URL comes from :mod:`indiamart_desktop.desk.contact_links`, which treats buyer text
as data (one recipient, ASCII digits): a button whose URL cannot be built is disabled and
says why. Where the system has no application for a link (no dialler for ``tel:``, no
browser, no mail program), ``openUrl`` returns False: the seller is told so and offered
the number or address on the clipboard instead of a click that silently does nothing.

Once given the database (:meth:`ContactActions.use_templates`), WhatsApp, E-mail and SMS
open a menu: the plain message, the seller's reply templates filled in for the lead, and
"Edit templates…"; where nothing opens a template's link, the message is offered for
copying.

``contactStarted(channel)`` says a contact was actually started: a link opened, or, where
nothing opens it, the seller copied its number, address or message.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QGridLayout, QMessageBox, QPushButton, QWidget

from indiamart_desktop.desk.contact_links import mailto_url, sms_url, tel_url, whatsapp_url
from indiamart_desktop.desk.template_store import load_book
from indiamart_desktop.desk.templates import CHANNELS, BuyerDetails, Channel
from indiamart_desktop.store.db import Database, StoreError
from indiamart_desktop.store.query import StoredLead
from indiamart_desktop.ui.icons import icon
from indiamart_desktop.ui.template_menu import TemplateMenu
from indiamart_desktop.ui.templates_dialog import TemplatesDialog

log = logging.getLogger(__name__)

Opener = Callable[[QUrl], bool]


class ContactActions(QWidget):
    """The contact buttons; ``opener`` opens a URL and says whether anything handled it."""

    contactStarted = Signal(str)

    def __init__(self, parent: QWidget | None = None,
                 opener: Opener = QDesktopServices.openUrl) -> None:
        super().__init__(parent)
        self.opener = opener
        self.lead: StoredLead | None = None
        self.offer: QMessageBox | None = None
        self.db: Database | None = None
        self.templates_dialog: TemplatesDialog | None = None
        self.call_button = QPushButton(icon("call"), self.tr("Call"), self)
        self.whatsapp_button = QPushButton(icon("whatsapp"), self.tr("WhatsApp"), self)
        self.email_button = QPushButton(icon("email"), self.tr("E-mail"), self)
        self.sms_button = QPushButton(icon("sms"), self.tr("SMS"), self)
        self.copy_button = QPushButton(icon("copy"), self.tr("Copy number"), self)
        self.call_button.setObjectName("callButton")
        self.whatsapp_button.setObjectName("whatsappButton")
        self.email_button.setObjectName("emailButton")
        self.sms_button.setObjectName("smsButton")
        self.copy_button.setObjectName("copyButton")
        self.call_button.clicked.connect(self._call)
        self.whatsapp_button.clicked.connect(self._whatsapp)
        self.email_button.clicked.connect(self._email)
        self.sms_button.clicked.connect(self._sms)
        self.copy_button.clicked.connect(lambda: self._copy(self.number()))
        self.menus = {channel: TemplateMenu(channel, self) for channel in CHANNELS}
        for channel, menu in self.menus.items():
            menu.replyChosen.connect(
                lambda url, text, sent=channel: self._send_reply(sent, url, text))
            menu.editRequested.connect(self.edit_templates)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, button in enumerate((self.call_button, self.whatsapp_button,
                                        self.email_button, self.sms_button,
                                        self.copy_button)):
            grid.addWidget(button, index // 2, index % 2)
        self.set_lead(None)

    def use_templates(self, db: Database) -> None:
        """WhatsApp, E-mail and SMS offer the reply templates kept in ``db``."""
        self.db = db

    # --- the lead's links --------------------------------------------------------------
    def number(self) -> str:
        lead = self.lead
        return (lead.mobile or lead.phone) if lead is not None else ""

    def tel(self) -> str | None:
        return tel_url(self.number()) if self.number() else None

    def whatsapp(self) -> str | None:
        return whatsapp_url(self.lead.mobile) if self.lead and self.lead.mobile else None

    def sms(self) -> str | None:
        return sms_url(self.lead.mobile) if self.lead and self.lead.mobile else None

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
                 self.tr("IndiaMART gave no usable e-mail address")),
                (self.sms_button, self.sms(),
                 self.tr("IndiaMART gave no mobile number for an SMS"))):
            button.setEnabled(url is not None)
            button.setToolTip("" if url is not None or lead is None else why)
        self.copy_button.setEnabled(bool(self.number()))

    # --- actions -----------------------------------------------------------------------
    def _open(self, channel: str, url: str | None, failed: str, copy_label: str,
              value: str) -> None:
        if url is None:
            return
        if self.opener(QUrl.fromEncoded(url.encode("ascii"), QUrl.ParsingMode.StrictMode)):
            self.contactStarted.emit(channel)
            return
        log.info("No application handles %s links", url.split(":", 1)[0])
        self._offer_copy(channel, failed, copy_label, value)

    def _call(self) -> None:
        self._open("call", self.tel(),
                   self.tr("This computer has no application for phone calls."),
                   self.tr("Copy number"), self.number())

    def _whatsapp(self) -> None:
        if not self._offer_templates("whatsapp", self.whatsapp_button, self.whatsapp()):
            self._open_plain_whatsapp()

    def _open_plain_whatsapp(self) -> None:
        self._open("whatsapp", self.whatsapp(),
                   self.tr("No web browser could be opened for WhatsApp."),
                   self.tr("Copy number"), self.lead.mobile if self.lead else "")

    def _email(self) -> None:
        if not self._offer_templates("email", self.email_button, self.mailto()):
            self._open_plain_email()

    def _open_plain_email(self) -> None:
        self._open("email", self.mailto(), self.tr("This computer has no e-mail program set up."),
                   self.tr("Copy address"), self.lead.email if self.lead else "")

    def _sms(self) -> None:
        if not self._offer_templates("sms", self.sms_button, self.sms()):
            self._open_plain_sms()

    def _open_plain_sms(self) -> None:
        self._open("sms", self.sms(), self.tr("This computer has no application for SMS."),
                   self.tr("Copy number"), self.lead.mobile if self.lead else "")

    def _offer_templates(self, channel: Channel, button: QPushButton,
                         plain_url: str | None) -> bool:
        """Pops up the channel's menu under ``button``; False (the plain message is for the
        caller to open) without a database or lead, or when the templates cannot be read."""
        if self.db is None or self.lead is None:
            return False
        try:
            book = load_book(self.db)
        except (StoreError, sqlite3.Error) as error:
            log.warning("Reply templates cannot be read (%s); the plain message opens",
                        type(error).__name__)
            return False
        menu = self.menus[channel]
        menu.fill(book, BuyerDetails.from_lead(self.lead), plain_url)
        menu.popup(button.mapToGlobal(button.rect().bottomLeft()))
        return True

    def _send_reply(self, channel: Channel, url: str, text: str) -> None:
        """Opens a menu entry's URL; the plain message fails over like the button did,
        a template to copying its message."""
        plain = {"whatsapp": self._open_plain_whatsapp, "email": self._open_plain_email,
                 "sms": self._open_plain_sms}
        if not text:
            plain[channel]()
            return
        failed = {"whatsapp": self.tr("No web browser could be opened for WhatsApp."),
                  "email": self.tr("This computer has no e-mail program set up."),
                  "sms": self.tr("This computer has no application for SMS.")}
        self._open(channel, url, failed[channel], self.tr("Copy message"), text)

    def edit_templates(self) -> None:
        """Opens the template editor, its preview filled in for the shown lead."""
        if self.db is None:
            return
        buyer = BuyerDetails.from_lead(self.lead) if self.lead is not None else None
        dialog = TemplatesDialog(self.db, buyer, self.window())
        dialog.setObjectName("templatesDialog")
        dialog.finished.connect(self._templates_closed)
        self.templates_dialog = dialog
        dialog.open()

    def _templates_closed(self) -> None:
        if self.templates_dialog is not None:
            self.templates_dialog.deleteLater()
            self.templates_dialog = None

    def _offer_copy(self, channel: str, failed: str, copy_label: str, value: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Nothing opened"),
                          failed, QMessageBox.StandardButton.Close, self)
        box.setObjectName("contactFallback")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(self.tr("Copy it and use your phone or another program: %1")
                               .replace("%1", value))
        copy = box.addButton(copy_label, QMessageBox.ButtonRole.AcceptRole)
        copy.clicked.connect(lambda: self._copy(value))
        copy.clicked.connect(lambda: self.contactStarted.emit(channel))
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
