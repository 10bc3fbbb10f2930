"""The selected lead in full, with one-click contact buttons and the seller's own fields.

Buyer text is shown as plain text only: every label is PlainText and the message sits in
a QPlainTextEdit, so a message holding HTML shows its tags, never renders them. What the
seller acts on (contact buttons, status, follow-up, notes) comes first, so it is in view
at the default window size; labels never widen the pane beyond the window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop.desk.buyers import buyer_history
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadStatus
from indiamart_desktop.store.query import LeadQuery, StoredLead
from indiamart_desktop.ui import texts
from indiamart_desktop.ui.contact_actions import ContactActions, Opener
from indiamart_desktop.ui.field_label import FieldLabel
from indiamart_desktop.ui.icons import icon
from indiamart_desktop.ui.quotation_dialog import open_quotation_dialog
from indiamart_desktop.ui.selection_actions import ask_lost_reason
from indiamart_desktop.ui.store_writer import StoreWriter

log = logging.getLogger(__name__)

NOTES_SAVE_DELAY_MS = 600


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class DetailPane(QScrollArea):
    """Shows one lead; emits ``leadEdited(id)`` after a seller field is saved and
    ``openLead(id)`` when another enquiry of the same buyer is chosen."""

    leadEdited = Signal(int)
    openLead = Signal(int)
    problem = Signal(str)
    shown = Signal(object)  # the StoredLead now shown, or None

    def __init__(self, query: LeadQuery, writer: StoreWriter,
                 parent: QWidget | None = None, *, opener: Opener | None = None,
                 clock: Callable[[], datetime] = _utc_now) -> None:
        """``opener`` opens contact URLs (default: the desktop's handler); ``clock`` gives
        the time whose IST day a new follow-up starts from."""
        super().__init__(parent)
        self.query = query
        self.writer = writer
        self.clock = clock
        #: Asks why a lead was lost (a reason of desk/timeline.py LOST_REASONS, or None).
        self.ask_reason: Callable[[QWidget], str | None] = ask_lost_reason
        #: Shows "Make quotation" for a lead; the saved PDF's path, or None.
        self.make_quote: Callable[[QWidget, Database, StoredLead], Path | None] = (
            open_quotation_dialog)
        self.lead: StoredLead | None = None
        self._loading = False
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(340)
        body = QWidget(self)
        self.setWidget(body)

        self.placeholder = QLabel(self.tr("Select a lead to see everything about it."), body)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        self.title = FieldLabel(body)
        self.title.setObjectName("detailTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.type_line = FieldLabel(body)

        self.star = QToolButton(body)
        self.star.setObjectName("starButton")
        self.star.setCheckable(True)
        self.star.setIcon(icon("star"))
        self.star.setToolTip(self.tr("Star this lead"))
        self.star.toggled.connect(self._star_toggled)

        self.contact = (ContactActions(body, opener) if opener is not None
                        else ContactActions(body))
        self.contact.use_templates(query.db)
        self.quote_button = QPushButton(self.tr("Make quotation"), body)
        self.quote_button.setObjectName("quoteButton")
        self.quote_button.clicked.connect(self.make_quotation)

        self.fields: dict[str, FieldLabel] = {}
        contact = QFormLayout()
        for key, label in (("mobile", self.tr("Mobile")), ("other_phones", self.tr("Other phones")),
                           ("email", self.tr("E-mail")), ("company", self.tr("Company")),
                           ("address", self.tr("Address")), ("place", self.tr("City / State")),
                           ("pincode", self.tr("Pincode"))):
            self.fields[key] = FieldLabel(body)
            contact.addRow(label, self.fields[key])
        enquiry = QFormLayout()
        for key, label in (("product", self.tr("Product")), ("category", self.tr("Category")),
                           ("subject", self.tr("Subject")), ("quantity", self.tr("Quantity")),
                           ("order_value", self.tr("Order value")),
                           ("requirement", self.tr("Requirement")),
                           ("location", self.tr("Preferred suppliers")),
                           ("call", self.tr("Call")), ("query_id", self.tr("Lead ID"))):
            self.fields[key] = FieldLabel(body)
            enquiry.addRow(label, self.fields[key])

        self.message = QPlainTextEdit(body)
        self.message.setObjectName("messageView")
        self.message.setReadOnly(True)
        self.message.setMinimumHeight(110)
        self.message.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.message.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

        self.status = QComboBox(body)
        self.status.setObjectName("statusBox")
        for status in LeadStatus:
            self.status.addItem(texts.status_label(status), status.value)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.follow_up_on = QCheckBox(self.tr("Follow up on"), body)
        self.follow_up = QDateEdit(body)
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDisplayFormat("dd-MM-yyyy")
        self.follow_up_on.toggled.connect(self._follow_up_changed)
        self.follow_up.dateChanged.connect(self._follow_up_changed)
        self.notes = QPlainTextEdit(body)
        self.notes.setObjectName("notesEdit")
        self.notes.setPlaceholderText(self.tr("Your notes about this buyer…"))
        self.notes.setMaximumHeight(80)
        self._notes_timer = QTimer(self)
        self._notes_timer.setObjectName("notesSave")
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(NOTES_SAVE_DELAY_MS)
        self._notes_timer.timeout.connect(self.save_notes)
        self.notes.textChanged.connect(self._notes_timer.start)

        self.same_buyer = QListWidget(body)
        self.same_buyer.setObjectName("sameBuyerList")
        self.same_buyer.setMaximumHeight(120)
        self.same_buyer.itemActivated.connect(self._open_other)
        self.same_buyer.itemClicked.connect(self._open_other)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.star)
        seller = QFormLayout()
        seller.addRow(self.tr("Status"), self.status)
        follow = QHBoxLayout()
        follow.addWidget(self.follow_up_on)
        follow.addWidget(self.follow_up, 1)
        seller.addRow(follow)
        seller.addRow(self.tr("Notes"), self.notes)

        self.content = QWidget(body)
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(header)
        content.addWidget(self.type_line)
        content.addWidget(self.contact)
        content.addWidget(self.quote_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.seller_box = QGroupBox(self.tr("Your follow-up"), body)
        self.seller_box.setLayout(seller)
        content.addWidget(self.seller_box)
        content.addWidget(QLabel(self.tr("Message"), body))
        content.addWidget(self.message)
        for title, layout in ((self.tr("Enquiry"), enquiry), (self.tr("Buyer"), contact)):
            box = QGroupBox(title, body)
            box.setLayout(layout)
            content.addWidget(box)
        self.same_buyer_label = QLabel(body)
        self.same_buyer_label.setObjectName("repeatBuyerLine")
        self.same_buyer_label.setTextFormat(Qt.TextFormat.PlainText)
        self.same_buyer_label.setWordWrap(True)
        content.addWidget(self.same_buyer_label)
        content.addWidget(self.same_buyer)
        content.addStretch(1)

        outer = QVBoxLayout(body)
        outer.addWidget(self.placeholder)
        outer.addWidget(self.content)
        self.show_lead(None)

    # --- showing -----------------------------------------------------------------
    def clear(self) -> None:
        """Show no lead (e.g. the filter hid it); pending notes are saved first."""
        self.show_lead(None)

    def show_lead(self, lead: StoredLead | None) -> None:
        self.save_notes()
        self.lead = lead
        self.placeholder.setVisible(lead is None)
        self.content.setVisible(lead is not None)
        if lead is not None:
            self._loading = True
            try:
                self._fill(lead)
            finally:
                self._loading = False
        self.shown.emit(lead)

    def add_section(self, widget: QWidget) -> None:
        """A section of the desk (the timeline) right below the seller's follow-up box."""
        layout = self.content.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.seller_box) + 1, widget)

    def _fill(self, lead: StoredLead) -> None:
        self.title.setText(lead.sender_name or self.tr("(no name given)"))
        self.type_line.setText(f"{texts.type_label(lead.query_type)} · "
                               f"{texts.full_time(lead.received_at)}")
        self.star.setChecked(bool(lead.starred))
        self.star.setIcon(icon("star-filled" if lead.starred else "star"))
        others = [p for p in (lead.mobile_alt, lead.phone, lead.phone_alt) if p]
        place = ", ".join(p for p in (lead.city, lead.state) if p)
        if lead.country_iso and lead.country_iso.upper() != "IN":
            place = f"{place} ({lead.country_iso})" if place else lead.country_iso
        quantity = ""
        if lead.quantity is not None:
            quantity = f"{lead.quantity:g} {lead.quantity_unit}".strip()
        values = {
            "mobile": lead.mobile or lead.mobile_raw,
            "other_phones": ", ".join(others),
            "email": ", ".join(e for e in (lead.email, lead.email_alt) if e),
            "company": lead.sender_company,
            "address": lead.address,
            "place": place,
            "pincode": lead.pincode,
            "product": lead.product,
            "category": lead.category,
            "subject": lead.subject,
            "quantity": quantity,
            "order_value": texts.rupees(lead.order_value_min, lead.order_value_max)
            or lead.order_value,
            "requirement": lead.requirement_type,
            "location": lead.preferred_location,
            "call": texts.duration_text(lead.call_duration),
            "query_id": lead.query_id,
        }
        for key, value in values.items():
            self.fields[key].setText(value or "—")
        self.message.setPlainText(lead.message)
        self.status.setCurrentIndex(max(0, self.status.findData(lead.status)))
        day = lead.follow_up_date
        self.follow_up_on.setChecked(day is not None)
        self.follow_up.setEnabled(day is not None)
        shown = day or self.clock().astimezone(IST).date()  # the seller's day is IST's
        self.follow_up.setDate(QDate(shown.year, shown.month, shown.day))
        self.notes.setPlainText(lead.notes)
        self._notes_timer.stop()
        self.contact.set_lead(lead)
        self._fill_same_buyer(lead)

    def _fill_same_buyer(self, lead: StoredLead) -> None:
        """"Enquiry 4 from this buyer, first on 12-09-2026" and the earlier enquiries
        (date · product · status), each opening its lead when clicked."""
        self.same_buyer.clear()
        earlier = buyer_history(self.query.db, lead.id)
        self.same_buyer_label.setText(
            self.tr("Enquiry %1 from this buyer, first on %2")
            .replace("%1", str(len(earlier) + 1))
            .replace("%2", earlier[0].received_at.strftime("%d-%m-%Y"))
            if earlier else self.tr("First enquiry from this buyer."))
        self.same_buyer.setVisible(bool(earlier))
        for other in earlier:
            item = QListWidgetItem(f"{other.received_at.strftime('%d-%m-%Y')} · "
                                   f"{other.product or other.query_id} · "
                                   f"{texts.status_label(other.status)}")
            item.setData(Qt.ItemDataRole.UserRole, other.id)
            self.same_buyer.addItem(item)

    # --- seller fields ----------------------------------------------------------------
    def _write(self, **changes: object) -> None:
        """Queue seller fields of the shown lead to the writer thread (the GUI never waits
        on the database); the window hears of a failure, and the change is retried."""
        assert self.lead is not None
        self.lead = self.writer.edit(self.lead, **changes)
        self.leadEdited.emit(self.lead.id)

    def _status_changed(self) -> None:
        if self._loading or self.lead is None:
            return
        status = LeadStatus(self.status.currentData())
        if status is not LeadStatus.LOST:
            self._write(status=status)
            return
        reason = self.ask_reason(self)
        if reason is None:  # cancelled: the status stays as it was
            self._loading = True
            self.status.setCurrentIndex(max(0, self.status.findData(self.lead.status)))
            self._loading = False
            return
        self._write(status=status, lost_reason=reason)

    def _star_toggled(self, on: bool) -> None:
        self.star.setIcon(icon("star-filled" if on else "star"))
        if self._loading or self.lead is None:
            return
        self._write(starred=on)

    def _follow_up_changed(self) -> None:
        self.follow_up.setEnabled(self.follow_up_on.isChecked())
        if self._loading or self.lead is None:
            return
        day: date | None = None
        if self.follow_up_on.isChecked():
            picked = self.follow_up.date()
            day = date(picked.year(), picked.month(), picked.day())
        self._write(follow_up=day)

    def save_notes(self) -> None:
        """Write pending notes now (called on a timer, on lead change and at quit)."""
        self._notes_timer.stop()
        if self._loading or self.lead is None:
            return
        text = self.notes.toPlainText()
        if text != self.lead.notes:
            self._write(notes=text)

    def make_quotation(self) -> None:
        """Opens "Make quotation"; a saved PDF goes on the timeline, so the lead reads
        quoted."""
        if self.lead is None:
            return
        lead_id = self.lead.id
        path = self.make_quote(self, self.query.db, self.lead)
        if path is None:
            return
        self.writer.record(lead_id, "quotation", now=self.clock().timestamp(), text=path.name)
        self.leadEdited.emit(lead_id)

    def _open_other(self, item: QListWidgetItem) -> None:
        self.openLead.emit(int(item.data(Qt.ItemDataRole.UserRole)))
