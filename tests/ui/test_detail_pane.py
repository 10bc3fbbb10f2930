"""The detail pane: contact links that say when nothing opens them, a pane that fits the
window with the seller's controls in view, IST days, and an empty state."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import Desk, open_desk

from indiamart_desktop.indiamart.models import Lead
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.ui.contact_actions import ContactActions
from indiamart_desktop.ui.window_state import DEFAULT_SIZE

LONG_WORD = "Shree" + "Ganesh" * 30 + "EnterprisesPrivateLimited"


def _store(data_dir: Path, **fields: object) -> int:
    db = Database.in_folder(data_dir)
    values: dict[str, object] = {
        "query_id": "5550001", "query_type": "W", "received_at": datetime.now(IST),
        "sender_name": "Asha", "city": "Pune", "product": "Cotton Fabric",
        "mobile": "+91-9876543210", "email": "asha@example.in",
        **fields,
    }
    lead_id = LeadWriter(db).upsert("main", [Lead(**values)]).new_ids[0]  # type: ignore[arg-type]
    db.close()
    return lead_id


@pytest.fixture
def desk(tmp_data_dir: Path) -> Iterator[Desk]:
    desk = open_desk(tmp_data_dir, with_key=False)
    try:
        yield desk
    finally:
        desk.close()


def _press(contact: ContactActions, button: QPushButton) -> None:
    """Clicks a contact button; WhatsApp and E-mail offer a menu: take the plain message."""
    button.click()
    for menu in contact.menus.values():
        if menu.isVisible():
            menu.actions()[0].trigger()
            menu.hide()


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize(("button", "copied"), [("call_button", "+91-9876543210"),
                                                ("whatsapp_button", "+91-9876543210"),
                                                ("email_button", "asha@example.in")])
def test_without_a_handler_the_seller_is_told_and_can_copy(
        qtbot: QtBot, tmp_data_dir: Path, desk: Desk, button: str, copied: str) -> None:
    lead_id = _store(tmp_data_dir)
    opened: list[str] = []

    def no_handler(url: QUrl) -> bool:
        opened.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        return False

    pane = desk.window.detail
    pane.contact.opener = no_handler
    desk.window.show_lead(lead_id)
    QGuiApplication.clipboard().setText("")
    _press(pane.contact, getattr(pane.contact, button))
    assert opened, "the link was offered to the system"
    offer = pane.contact.offer
    assert offer is not None and offer.isVisible(), "a failed open must not be silent"
    assert copied in offer.informativeText()
    copy = next(b for b in offer.buttons()
                if offer.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    copy.click()
    assert QGuiApplication.clipboard().text() == copied


def test_links_come_from_contact_links_and_open_quietly(
        qtbot: QtBot, tmp_data_dir: Path, desk: Desk) -> None:
    lead_id = _store(tmp_data_dir, product="Nuts & Bolts?")
    opened: list[str] = []
    pane = desk.window.detail
    pane.contact.opener = lambda url: opened.append(
        url.toString(QUrl.ComponentFormattingOption.FullyEncoded)) or True
    desk.window.show_lead(lead_id)
    for button in (pane.contact.call_button, pane.contact.whatsapp_button,
                   pane.contact.email_button):
        _press(pane.contact, button)
    assert opened[:2] == ["tel:+919876543210", "https://wa.me/919876543210"]
    assert opened[2].startswith("mailto:asha@example.in?subject=")
    assert "Nuts%20%26%20Bolts%3F" in opened[2]
    assert pane.contact.offer is None


def test_a_link_that_cannot_be_built_disables_its_button(
        qtbot: QtBot, tmp_data_dir: Path, desk: Desk) -> None:
    # As stored by an older version, before e-mails and phones were validated.
    lead_id = _store(tmp_data_dir, email="x@y.in?cc=spy@z.in&attach=/etc/passwd",
                     mobile="", phone="+91-९८७६५४३२१०")
    pane = desk.window.detail
    desk.window.show_lead(lead_id)
    assert not pane.contact.email_button.isEnabled()
    assert pane.contact.email_button.toolTip()
    assert not pane.contact.whatsapp_button.isEnabled()


def test_long_words_never_widen_the_pane_beyond_the_window(
        qtbot: QtBot, tmp_data_dir: Path, desk: Desk) -> None:
    lead_id = _store(tmp_data_dir, sender_company=LONG_WORD, sender_name=LONG_WORD,
                     email=("a" * 60) + "@" + ("b" * 60) + ".example.in",
                     address=LONG_WORD + ", Pune")
    window = desk.window
    window.show_lead(lead_id)
    qtbot.wait(100)
    pane = window.detail
    assert window.width() <= DEFAULT_SIZE[0]
    assert window.rect().contains(_rect_in(pane, window))
    viewport = pane.viewport().rect()
    for widget in (pane.contact.call_button, pane.contact.whatsapp_button,
                   pane.contact.email_button, pane.contact.copy_button, pane.star,
                   pane.title, pane.fields["company"], pane.fields["email"]):
        rect = _rect_in(widget, pane.viewport())  # may be scrolled below, never cut aside
        assert rect.left() >= 0 and rect.right() <= viewport.right(), widget
    assert pane.widget().width() <= viewport.width()
    assert pane.fields["company"].toolTip() == LONG_WORD, "the whole text stays at hand"


def test_the_sellers_controls_are_in_view_at_the_default_size(
        qtbot: QtBot, tmp_data_dir: Path, desk: Desk) -> None:
    lead_id = _store(tmp_data_dir, message="\n".join(f"Line {n} of a long enquiry"
                                                     for n in range(80)),
                     address="12 Long Road, " * 8, sender_company="Asha Textiles")
    window = desk.window
    window.show_lead(lead_id)
    qtbot.wait(100)
    pane = window.detail
    assert pane.verticalScrollBar().value() == 0
    viewport = pane.viewport().rect()
    for widget in (pane.contact.call_button, pane.contact.copy_button, pane.status,
                   pane.follow_up_on, pane.follow_up, pane.notes):
        assert viewport.contains(_rect_in(widget, pane.viewport())), widget.objectName()


@pytest.fixture
def los_angeles() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_a_new_follow_up_starts_on_the_ist_day(
        qtbot: QtBot, tmp_data_dir: Path, desk: Desk, los_angeles: None) -> None:
    lead_id = _store(tmp_data_dir)
    # 20:00 UTC: still the 1st in Los Angeles, already the 2nd in India (01:30 IST).
    moment = datetime(2026, 1, 1, 20, 0, tzinfo=timezone.utc)
    assert moment.astimezone().day == 1
    pane = desk.window.detail
    pane.clock = lambda: moment
    desk.window.show_lead(lead_id)
    shown = pane.follow_up.date()
    assert (shown.year(), shown.month(), shown.day()) == (2026, 1, 2)


def test_clear_shows_the_empty_state(qtbot: QtBot, tmp_data_dir: Path, desk: Desk) -> None:
    lead_id = _store(tmp_data_dir)
    pane = desk.window.detail
    desk.window.show_lead(lead_id)
    assert pane.content.isVisible()
    pane.clear()
    assert pane.lead is None
    assert pane.placeholder.isVisible() and not pane.content.isVisible()
