"""Templates, snippets and seller details kept in a real SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indiamart_desktop.desk.quotation import Letterhead
from indiamart_desktop.desk.quotation_store import load_letterhead, save_letterhead
from indiamart_desktop.desk.template_defaults import DEFAULT_TEMPLATES
from indiamart_desktop.desk.template_store import (
    TEMPLATES_KEY,
    load_seller,
    load_snippets,
    load_templates,
    save_replies,
    save_seller,
    templates_for,
)
from indiamart_desktop.desk.templates import SellerDetails, Template, TemplateError
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.settings import read_settings, write_settings

MINE = Template("mine-1", "email", "भाव / Price", "hi", "नमस्ते {buyer_name}\n{snippet:bank}",
                subject="{product} {{Q}}")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.in_folder(tmp_path)
    try:
        yield database
    finally:
        database.close()


def _reopen(db: Database) -> Database:
    folder = db.path.parent
    db.close()
    return Database.in_folder(folder)


def test_defaults_until_the_seller_saves(db: Database) -> None:
    assert load_templates(db) == list(DEFAULT_TEMPLATES)
    assert load_snippets(db) == {}
    assert [t.id for t in templates_for(load_templates(db), "sms")] == [
        "sms-thanks-en", "sms-details-en", "sms-catalogue-en",
        "sms-thanks-hi", "sms-details-hi", "sms-catalogue-hi"]


def test_templates_and_snippets_round_trip(tmp_path: Path) -> None:
    db = Database.in_folder(tmp_path)
    snippets = {"bank": "IFSC ABCD0123456, {seller_company}"}
    save_replies(db, [MINE, DEFAULT_TEMPLATES[0]], snippets)
    db = _reopen(db)
    try:
        assert load_templates(db) == [MINE, DEFAULT_TEMPLATES[0]]
        assert load_snippets(db) == snippets
        assert "नमस्ते" in read_settings(db)[TEMPLATES_KEY], "stored as readable UTF-8"
    finally:
        db.close()


def test_an_empty_list_stays_empty(db: Database) -> None:
    save_replies(db, [], {})
    assert load_templates(db) == []


def test_an_invalid_template_is_not_stored(db: Database) -> None:
    bad = Template("bad", "whatsapp", "Bad", "en", "Hi {buyr_name}")
    with pytest.raises(TemplateError, match=r"Unknown placeholder \{buyr_name\}"):
        save_replies(db, [DEFAULT_TEMPLATES[0], bad], {})
    with pytest.raises(TemplateError, match=r"Unknown snippet \{snippet:bank\}"):
        save_replies(db, [MINE], {})
    assert TEMPLATES_KEY not in read_settings(db)


def test_unreadable_stored_entries_are_left_out(db: Database) -> None:
    save_replies(db, [MINE], {"bank": "x"})
    write_settings(db, {TEMPLATES_KEY: '[{"id": "x", "channel": "fax", "language": "en"},'
                                       ' {"id": "y", "channel": "sms", "language": "en",'
                                       '  "name": "Y", "body": "{nope}"}, 5,'
                                       ' {"id": "z", "channel": "sms", "language": "hi",'
                                       '  "name": "Z", "body": "ok"}]'})
    assert load_templates(db) == [Template("z", "sms", "Z", "hi", "ok")]
    write_settings(db, {TEMPLATES_KEY: "not json"})
    assert load_templates(db) == list(DEFAULT_TEMPLATES)


def test_seller_details_share_the_quotation_letterhead(tmp_path: Path) -> None:
    db = Database.in_folder(tmp_path)
    assert load_seller(db) == SellerDetails()
    save_letterhead(db, Letterhead(name="Old", company="Old Co", address="12 MG Road, Pune",
                                   gstin="27AAAAA0000A1Z5", phone="1", state="Maharashtra"))
    save_seller(db, SellerDetails("Vinod Das", "Das Steel", "+91-9123456780",
                                  " https://example.in/c "))
    db = _reopen(db)
    try:
        assert load_seller(db) == SellerDetails("Vinod Das", "Das Steel", "+91-9123456780",
                                                "https://example.in/c")
        letterhead = load_letterhead(db)
        assert letterhead is not None
        assert (letterhead.address, letterhead.gstin, letterhead.state) == (
            "12 MG Road, Pune", "27AAAAA0000A1Z5", "Maharashtra"), "other fields kept"
    finally:
        db.close()


def test_seller_details_without_a_letterhead(db: Database) -> None:
    save_seller(db, SellerDetails("Asha", "", "", ""))
    assert load_seller(db) == SellerDetails("Asha", "", "", "")
