"""The detail pane's WhatsApp and E-mail buttons offer the reply templates: the chosen one
opens its exact URL; where nothing opens it, the message is offered for copying. Buyer
data is made up."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from ui_helpers import Desk, open_desk, wait_for

from indiamart_desktop.desk.template_store import save_replies
from indiamart_desktop.desk.templates import Template
from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.ui.templates_dialog import TemplatesDialog

TEMPLATES = [
    Template("wa-1", "whatsapp", "Price", "en", "Hi {buyer_name}, {product} ({quantity})"),
    Template("mail-1", "email", "Price", "en", "Dear {buyer_name}", subject="{product}"),
    Template("sms-1", "sms", "Short", "en", "Hi"),
]


@pytest.fixture
def desk(tmp_data_dir: Path) -> Iterator[Desk]:
    db = Database.in_folder(tmp_data_dir)
    save_replies(db, TEMPLATES, {})
    LeadWriter(db).upsert("main", [Lead(
        query_id="5550001", query_type="W", received_at=datetime.now(IST),
        sender_name="Ram & Sons <b>", product="Pipes?text=hi&x=1", quantity=6,
        quantity_unit="piece", mobile="+91-9876543210", email="ram.sons@example.in")])
    db.close()
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        yield desk
    finally:
        desk.close()


def _lead_id(desk: Desk) -> int:
    row = desk.db.conn.execute("SELECT id FROM leads WHERE query_id = '5550001'").fetchone()
    return int(row[0])


def test_whatsapp_offers_the_templates_and_opens_the_exact_url(qtbot: QtBot,
                                                              desk: Desk) -> None:
    opened: list[str] = []
    contact = desk.window.detail.contact
    contact.opener = lambda url: opened.append(
        url.toString(QUrl.ComponentFormattingOption.FullyEncoded)) or True
    desk.window.show_lead(_lead_id(desk))
    contact.whatsapp_button.click()
    menu = contact.menus["whatsapp"]
    assert menu.isVisible()
    assert [label for label, _ in menu.entries()] == ["Plain message", "Price"]
    assert opened == [], "the menu opens nothing by itself"
    next(a for a in menu.actions() if a.text() == "Price").trigger()
    assert opened == ["https://wa.me/919876543210?text=Hi%20Ram%20%26%20Sons%20%3Cb%3E%2C%20"
                      "Pipes%3Ftext%3Dhi%26x%3D1%20%286%20piece%29"]
    contact.email_button.click()
    next(a for a in contact.menus["email"].actions() if a.text() == "Price").trigger()
    assert opened[1] == ("mailto:ram.sons@example.in?subject=Pipes%3Ftext%3Dhi%26x%3D1"
                         "&body=Dear%20Ram%20%26%20Sons%20%3Cb%3E")


def test_without_a_handler_the_message_is_offered_for_copying(qtbot: QtBot,
                                                             desk: Desk) -> None:
    contact = desk.window.detail.contact
    contact.opener = lambda url: False
    desk.window.show_lead(_lead_id(desk))
    contact.email_button.click()
    next(a for a in contact.menus["email"].actions() if a.text() == "Price").trigger()
    offer = contact.offer
    assert offer is not None and offer.isVisible()
    assert offer.text() == "This computer has no e-mail program set up."
    QGuiApplication.clipboard().setText("")
    copy = next(b for b in offer.buttons()
                if offer.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    assert copy.text() == "Copy message"
    copy.click()
    assert QGuiApplication.clipboard().text() == "Pipes?text=hi&x=1\n\nDear Ram & Sons <b>"


def test_edit_templates_opens_the_editor_for_the_lead(qtbot: QtBot, desk: Desk) -> None:
    contact = desk.window.detail.contact
    desk.window.show_lead(_lead_id(desk))
    contact.whatsapp_button.click()
    edit = next(a for a in contact.menus["whatsapp"].actions()
                if a.objectName() == "editTemplates")
    edit.trigger()
    dialog = contact.templates_dialog
    assert isinstance(dialog, TemplatesDialog) and dialog.isVisible()
    assert [t.id for t in dialog.templates] == ["wa-1", "mail-1", "sms-1"]
    assert dialog.preview.toPlainText() == "Hi Ram & Sons <b>, Pipes?text=hi&x=1 (6 piece)"
    dialog.reject()
    assert contact.templates_dialog is None


def test_unreadable_templates_leave_the_plain_message(qtbot: QtBot, desk: Desk,
                                                     tmp_path: Path) -> None:
    opened: list[str] = []
    contact = desk.window.detail.contact
    contact.opener = lambda url: opened.append(
        url.toString(QUrl.ComponentFormattingOption.FullyEncoded)) or True
    gone = Database.in_folder(tmp_path / "gone")
    gone.close()
    contact.use_templates(gone)
    desk.window.show_lead(_lead_id(desk))
    contact.whatsapp_button.click()
    assert not contact.menus["whatsapp"].isVisible()
    assert opened == ["https://wa.me/919876543210"]


def _contacts(desk: Desk) -> list[tuple[str, str]]:
    rows = desk.db.conn.execute("SELECT channel, outcome FROM events WHERE kind = 'contact' "
                                "ORDER BY ts").fetchall()
    return [(str(channel), str(outcome)) for channel, outcome in rows]


def test_an_attempt_is_recorded_only_when_a_message_is_started(qtbot: QtBot,
                                                              desk: Desk) -> None:
    opened: list[str] = []
    contact = desk.window.detail.contact
    contact.opener = lambda url: opened.append(url.toString()) or True
    desk.window.show_lead(_lead_id(desk))
    contact.whatsapp_button.click()
    menu = contact.menus["whatsapp"]
    assert menu.isVisible()
    menu.close()
    contact.whatsapp_button.click()
    next(a for a in menu.actions() if a.text() == "Plain message").trigger()
    assert opened == ["https://wa.me/919876543210"]
    timeline = desk.window.desk.timeline
    wait_for(qtbot, lambda: timeline.entries.item(0).text().endswith(" · WhatsApp · started"))
    assert _contacts(desk) == [("whatsapp", "attempted")], "closing the menu records nothing"


def test_sms_offers_its_templates_and_records_an_sms_contact(qtbot: QtBot,
                                                            desk: Desk) -> None:
    opened: list[str] = []
    contact = desk.window.detail.contact
    contact.opener = lambda url: opened.append(
        url.toString(QUrl.ComponentFormattingOption.FullyEncoded)) or True
    desk.window.show_lead(_lead_id(desk))
    assert contact.sms_button.isEnabled()
    contact.sms_button.click()
    menu = contact.menus["sms"]
    assert menu.isVisible()
    assert [label for label, _ in menu.entries()] == ["Plain message", "Short"]
    next(a for a in menu.actions() if a.text() == "Short").trigger()
    assert len(opened) == 1 and opened[0].startswith("sms:+91")
    assert opened == ["sms:+919876543210?body=Hi"]
    timeline = desk.window.desk.timeline
    wait_for(qtbot, lambda: timeline.entries.item(0).text().endswith(" · SMS · started"))
    assert _contacts(desk) == [("sms", "attempted")]
    shown = desk.window.detail.lead
    assert shown is not None
    contact.set_lead(replace(shown, mobile=""))
    assert not contact.sms_button.isEnabled(), "no mobile, no SMS"
