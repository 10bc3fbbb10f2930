"""What quotations keep in the settings table: the seller's letterhead, default terms, and
the running quotation number (Q-2026-0001, counting up within each IST year)."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path

from indiamart_desktop.desk.quotation import Letterhead
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.settings import read_settings, write_settings

logger = logging.getLogger(__name__)

LETTERHEAD_KEY = "desk/letterhead"
TERMS_KEY = "desk/quotation_terms"
NUMBER_KEY = "desk/quotation_number"
QUOTATIONS_FOLDER = "quotations"


def load_letterhead(db: Database) -> Letterhead | None:
    """The saved letterhead, or ``None`` when none is saved (or it cannot be read)."""
    text = read_settings(db).get(LETTERHEAD_KEY, "")
    if not text:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        logger.warning("The stored letterhead is not valid JSON; it is ignored")
        return None
    if not isinstance(data, dict):
        return None
    return Letterhead(**{f.name: str(data.get(f.name, "")) for f in fields(Letterhead)})


def save_letterhead(db: Database, letterhead: Letterhead) -> None:
    write_settings(db, {LETTERHEAD_KEY: json.dumps(asdict(letterhead), ensure_ascii=False)})


def load_terms(db: Database, default: str) -> str:
    return read_settings(db).get(TERMS_KEY, default)


def save_terms(db: Database, terms: str) -> None:
    write_settings(db, {TERMS_KEY: terms})


def _format(year: int, serial: int) -> str:
    return f"Q-{year}-{serial:04d}"


def _last(value: str | None, year: int) -> int:
    if not value:
        return 0
    try:
        stored = json.loads(value)
        return int(stored["last"]) if int(stored["year"]) == year else 0
    except (json.JSONDecodeError, KeyError, TypeError, ValueError):
        logger.warning("The stored quotation counter cannot be read; numbering restarts")
        return 0


def peek_quotation_number(db: Database, today: date) -> str:
    """The number the next saved quotation will get (nothing is reserved)."""
    return _format(today.year, _last(read_settings(db).get(NUMBER_KEY), today.year) + 1)


def next_quotation_number(db: Database, today: date) -> str:
    """Reserves and returns the next number; two programs on one database never get the
    same one (read and write in one IMMEDIATE transaction)."""
    with db.transaction() as conn:
        row = conn.execute("SELECT value FROM settings WHERE name = ?", (NUMBER_KEY,)).fetchone()
        serial = _last(str(row[0]) if row else None, today.year) + 1
        conn.execute("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) "
                     "DO UPDATE SET value = excluded.value",
                     (NUMBER_KEY, json.dumps({"year": today.year, "last": serial})))
    return _format(today.year, serial)


def quotations_folder(db: Database) -> Path:
    """``quotations`` beside the database file."""
    return db.path.parent / QUOTATIONS_FOLDER
