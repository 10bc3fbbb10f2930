"""The template editor and the template menu, on a real database. Buyer data is made up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from indiamart_desktop.desk.contact_links import whatsapp_url
from indiamart_desktop.desk.template_defaults import DEFAULT_TEMPLATES
from indiamart_desktop.desk.template_store import (
    TEMPLATES_KEY,
    ReplyBook,
    load_book,
    load_seller,
    load_snippets,
    load_templates,
    save_replies,
)
from indiamart_desktop.desk.templates import BuyerDetails, SellerDetails, Template
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.settings import read_settings
from indiamart_desktop.ui.template_menu import TemplateMenu
from indiamart_desktop.ui.templates_dialog import TemplatesDialog

BUYER = BuyerDetails(name="Ram & Sons <b>", product="Pipes?text=hi&x=1", quantity=6,
                     unit="piece", city="Pune", mobile="+91 98765-43210 (WhatsApp)",
                     email="ram.sons@example.in")
SELLER = SellerDetails("Vinod Das", "Das Steel", "+91-9123456780", "https://example.in/c")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_path)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def dialog(qtbot: QtBot, db: Database) -> TemplatesDialog:
    editor = TemplatesDialog(db, BUYER)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def _select(dialog: TemplatesDialog, template_id: str) -> None:
    index = next(i for i, t in enumerate(dialog.templates) if t.id == template_id)
    dialog._fill_tree(index)
    assert dialog.current == index


def test_save_refuses_an_unknown_placeholder_and_stores_nothing(
        dialog: TemplatesDialog, db: Database) -> None:
    _select(dialog, "whatsapp-thanks-en")
    dialog.body_edit.setPlainText("Hi {buyr_name}")
    assert dialog.problem.text().startswith("Unknown placeholder {buyr_name}: use one of "
                                            "{buyer_name}, {buyer_company},")
    assert dialog.preview.toPlainText() == ""
    _select(dialog, "sms-thanks-hi")  # the refusal brings the bad one back into view
    dialog.save()
    refusal = dialog.refusal
    assert refusal is not None and refusal.isVisible()
    assert refusal.text().startswith(
        "Template “Thank you, price follows”: Unknown placeholder {buyr_name}: use one of")
    assert dialog.templates[dialog.current or 0].id == "whatsapp-thanks-en"
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert TEMPLATES_KEY not in read_settings(db)


def test_save_refuses_an_unbalanced_brace_in_a_subject(dialog: TemplatesDialog,
                                                       db: Database) -> None:
    _select(dialog, "email-thanks-hi")
    assert dialog.subject_edit.isVisible()
    dialog.subject_edit.setText("भाव {product")
    dialog.save()
    assert dialog.refusal is not None
    assert dialog.refusal.text() == ("Template “धन्यवाद, भाव जल्द”: Unbalanced brace {: "
                                     "write {{ for a literal {")
    assert TEMPLATES_KEY not in read_settings(db)


def test_edits_snippets_and_details_are_saved(qtbot: QtBot, dialog: TemplatesDialog,
                                              db: Database) -> None:
    dialog.seller.name.setText("Vinod Das")
    dialog.seller.phone.setText("+91-9123456780")
    dialog.snippets.add("bank", "IFSC ABCD0123456 ({seller_phone})")
    _select(dialog, "whatsapp-details-en")
    dialog.name_edit.setText("Details & sizes")
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("hi"))
    dialog.body_edit.setPlainText("नमस्ते {buyer_name}, ")
    dialog.body_edit.moveCursor(dialog.body_edit.textCursor().MoveOperation.End)
    dialog.insert("{snippet:bank}")
    assert dialog.preview.toPlainText() == "नमस्ते Ram & Sons <b>, IFSC ABCD0123456 (+91-9123456780)"
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.save()
    saved = next(t for t in load_templates(db) if t.id == "whatsapp-details-en")
    assert (saved.name, saved.language, saved.body) == (
        "Details & sizes", "hi", "नमस्ते {buyer_name}, {snippet:bank}")
    assert load_snippets(db) == {"bank": "IFSC ABCD0123456 ({seller_phone})"}
    assert load_seller(db) == SellerDetails("Vinod Das", "", "+91-9123456780", "")


def test_a_bad_snippet_is_refused(dialog: TemplatesDialog, db: Database) -> None:
    dialog.snippets.add("bank details", "x")
    dialog.save()
    assert dialog.refusal is not None
    assert dialog.refusal.text() == ("Snippet name “bank details”: use 1 to 40 letters, "
                                     "digits, _ or -")
    assert dialog.tabs.currentWidget() is dialog.snippets
    assert TEMPLATES_KEY not in read_settings(db)


def test_new_delete_and_restore(dialog: TemplatesDialog, db: Database) -> None:
    _select(dialog, "sms-catalogue-en")
    dialog._new()
    new = dialog.templates[-1]
    assert (new.channel, dialog.current) == ("sms", len(dialog.templates) - 1)
    dialog.body_edit.setPlainText("Call {seller_phone}")
    _select(dialog, "email-details-hi")
    dialog._delete()
    assert "email-details-hi" not in {t.id for t in dialog.templates}
    dialog._restore()
    assert {t.id for t in DEFAULT_TEMPLATES} <= {t.id for t in dialog.templates}
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = load_templates(db)
    assert [t.body for t in stored if t.id == new.id] == ["Call {seller_phone}"]


def test_the_menu_lists_the_channels_templates_and_yields_their_url(qtbot: QtBot,
                                                                    db: Database) -> None:
    mine = Template("mine-1", "whatsapp", "Price & stock", "en",
                    "Hi {buyer_name}, {product} ({quantity})")
    save_replies(db, [mine, DEFAULT_TEMPLATES[3], DEFAULT_TEMPLATES[6]], {})
    book = load_book(db)
    menu = TemplateMenu("whatsapp")
    qtbot.addWidget(menu)
    plain = whatsapp_url(BUYER.mobile)
    menu.fill(book, BUYER, plain)
    entries = menu.entries()
    assert [label for label, _ in entries] == [
        "Plain message", "Price && stock · English", "धन्यवाद, भाव जल्द · हिन्दी"]
    assert entries[0][1] == "https://wa.me/919876543210"
    assert entries[1][1] == ("https://wa.me/919876543210?text=Hi%20Ram%20%26%20Sons%20"
                             "%3Cb%3E%2C%20Pipes%3Ftext%3Dhi%26x%3D1%20%286%20piece%29")
    action = next(a for a in menu.actions() if a.text().startswith("Price"))
    with qtbot.waitSignal(menu.replyChosen, timeout=1000) as chosen:
        action.trigger()
    assert chosen.args == [entries[1][1], "Hi Ram & Sons <b>, Pipes?text=hi&x=1 (6 piece)"]
    edit = next(a for a in menu.actions() if a.objectName() == "editTemplates")
    with qtbot.waitSignal(menu.editRequested, timeout=1000):
        edit.trigger()


def test_the_menu_disables_what_cannot_be_sent(qtbot: QtBot) -> None:
    book = ReplyBook(DEFAULT_TEMPLATES, {}, SELLER)
    menu = TemplateMenu("email")
    qtbot.addWidget(menu)
    menu.fill(book, BuyerDetails(name="Asha", email="no address"), None)
    entries = menu.entries()
    assert len(entries) == 7
    assert all(url is None for _, url in entries)
    assert not any(a.isEnabled() for a in menu.actions()
                   if not a.isSeparator() and a.objectName() != "editTemplates")
